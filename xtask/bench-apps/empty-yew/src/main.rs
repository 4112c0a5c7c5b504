//! The load bench's baseline: the least a Yew app can be. Its one button exists only once Yew has rendered (so its
//! click handler is attached), which is the same "interactive" the bench reads from flowsim's Simulate button; a
//! click shows a line the bench waits for, proving the handler runs.
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let clicks = use_state(|| 0u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_| clicks.set(*clicks + 1))
    };
    html! {
        <main>
            <button type="button" {onclick}>{ "Simulate" }</button>
            if *clicks > 0 {
                <p data-testid="clicked">{ format!("clicked {}", *clicks) }</p>
            }
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
