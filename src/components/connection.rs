//! Where to send requests and as whom: API base (region picker), CORS proxy, token, backend.

use flowsim_core::base::regions::{region_for_api_base, REGIONS};
use flowsim_core::net::proxy::{validate_api_base, ProxySetting, ProxyStyle, PRESETS};
use yew::prelude::*;

use super::field::{on_input, on_select};
use crate::state::{Backend, Field, Form, FormAction};

/// The connection fieldset; `next_url` is the final URL of the next request, shown live. A plain function, not a
/// component: it has no state, and each component costs its own lifecycle code in the wasm bundle.
pub fn connection_fields(form: &UseReducerHandle<Form>, next_url: &str) -> Html {
    let region = region_for_api_base(&form.api_base).map(|r| r.name).unwrap_or("custom");
    let on_region = {
        let form = form.clone();
        on_select(move |v: String| {
            if let Some(r) = REGIONS.iter().find(|r| r.name == v) {
                form.dispatch(FormAction::Edit(Field::ApiBase, r.api_base()));
            }
        })
    };
    let preset_index = PRESETS.iter().position(|p| p.style == form.proxy.style && p.value == form.proxy.value.trim());
    let on_preset = {
        let form = form.clone();
        on_select(move |v: String| {
            if let Some(p) = v.parse::<usize>().ok().and_then(|i| PRESETS.get(i)) {
                form.dispatch(FormAction::SetProxy(ProxySetting { style: p.style, value: p.value.to_string() }));
            }
        })
    };
    let on_style = {
        let form = form.clone();
        on_select(move |v: String| form.dispatch(FormAction::SetProxyStyle(ProxyStyle::from_key(&v))))
    };
    let on_backend = {
        let form = form.clone();
        on_select(move |v: String| form.dispatch(FormAction::SetBackend(Backend::from_key(&v))))
    };
    let on_remember = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            form.dispatch(FormAction::SetRememberToken(checked));
        })
    };
    let api_error = validate_api_base(&form.api_base).err();
    let proxy_check = form.proxy.validate();
    let preset_note = preset_index.map(|i| PRESETS[i].note);
    let placeholder = match form.proxy.style {
        ProxyStyle::None => "no proxy: requests go straight to the API",
        ProxyStyle::Prefix => "http://127.0.0.1:8081/",
        ProxyStyle::Template => "https://corsproxy.io/?url={url}",
        ProxyStyle::Base => "http://localhost:8010/proxy",
    };
    let backend = form.backend();
    html! {
        <fieldset class="connection">
            <legend>{ "Connection" }</legend>
            <div class="row">
                <div class="field">
                    <label for="region">{ "Region" }</label>
                    <select id="region" onchange={on_region}>
                        for r in REGIONS.iter() {
                            <option value={r.name} selected={region == r.name}>{ format!("{} — {}", r.label, r.domain) }</option>
                        }
                        <option value="custom" selected={region == "custom"}>{ "Custom" }</option>
                    </select>
                </div>
                <div class="field grow">
                    <label for="api-base">{ "API base URL" }</label>
                    <input id="api-base" type="url" spellcheck="false" value={form.api_base.clone()}
                        aria-invalid={api_error.is_some().to_string()}
                        oninput={on_input(form, Field::ApiBase)} />
                    if let Some(e) = &api_error { <p class="field-error">{ e.to_string() }</p> }
                </div>
            </div>
            <div class="row">
                <div class="field">
                    <label for="proxy-preset">{ "Proxy preset" }</label>
                    <select id="proxy-preset" onchange={on_preset}>
                        for (i, p) in PRESETS.iter().enumerate() {
                            <option value={i.to_string()} selected={preset_index == Some(i)}>{ p.label }</option>
                        }
                        <option value="custom" selected={preset_index.is_none()}>{ "Custom" }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="proxy-style">{ "Proxy style" }</label>
                    <select id="proxy-style" onchange={on_style}>
                        for s in ProxyStyle::ALL {
                            <option value={s.key()} selected={form.proxy.style == s}>{ s.label() }</option>
                        }
                    </select>
                </div>
                <div class="field grow">
                    <label for="proxy">{ "CORS proxy" }</label>
                    <input id="proxy" type="text" spellcheck="false" value={form.proxy.value.clone()} placeholder={placeholder}
                        disabled={form.proxy.style == ProxyStyle::None}
                        aria-invalid={proxy_check.is_err().to_string()}
                        oninput={on_input(form, Field::ProxyValue)} />
                    if let Err(e) = &proxy_check { <p class="field-error">{ e.to_string() }</p> }
                    if let Ok(advice) = &proxy_check { for a in advice.iter() { <p class="field-warning">{ a }</p> } }
                    if let Some(n) = preset_note { <p class="hint">{ n }</p> }
                </div>
            </div>
            <p class="next-url">{ "Next request: " }<code data-testid="next-url">{ next_url }</code></p>
            <div class="row">
                <div class="field grow">
                    <label for="token">{ "Access token" }</label>
                    <input id="token" type="password" autocomplete="off" spellcheck="false" value={form.token.clone()}
                        placeholder="paste a Genesys Cloud access token"
                        oninput={on_input(form, Field::Token)} />
                    <label class="checkbox">
                        <input type="checkbox" checked={form.remember_token} onchange={on_remember} />
                        { "Remember token on this device" }
                    </label>
                    <p class="hint">{ "The token stays in this page's memory; it is sent only in the Authorization header, through the proxy above." }</p>
                </div>
                <div class="field">
                    <label for="backend">{ "Simulation" }</label>
                    <select id="backend" onchange={on_backend}>
                        <option value="browser" selected={backend == Backend::Browser}>{ "In the browser (Genesys Cloud APIs)" }</option>
                        <option value="remote" selected={backend == Backend::Remote}>{ "Remote endpoint (POST /api/v2/architect/simulations)" }</option>
                    </select>
                </div>
            </div>
        </fieldset>
    }
}
