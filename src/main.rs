//! flowsim: simulate a Genesys Cloud Architect external contact lookup, in the browser.
mod app;
mod components;
mod hooks;
mod services;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
