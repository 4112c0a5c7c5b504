//! The lookup step's contact: the real ExternalContact when the engine found one, else the tutorial's
//! `{id, name, email, attributes}`. Every value is rendered as text; only safe http(s)/mailto become links.

use flowsim_core::base::safe_link::{mailto_href, safe_href};
use flowsim_core::base::text::text_of;
use flowsim_core::wire::contract::{Contact, StepResult};
use flowsim_core::wire::genesys::ExternalContact;
use yew::prelude::*;

fn link_or_text(value: &str, href: Option<String>) -> Html {
    match href {
        Some(h) => html! { <a href={h} rel="noopener noreferrer" target="_blank">{ value }</a> },
        None => html! { <span>{ value }</span> },
    }
}

fn row(label: &str, value: Html) -> Html {
    html! { <tr><th scope="row">{ label.to_string() }</th><td>{ value }</td></tr> }
}

/// The card for a lookup step's `result`; `searched` is the E.164 key, to explain a not-found. A plain function,
/// not a component: it has no state, and each component costs its own lifecycle code in the wasm bundle.
pub fn contact_card(r: &StepResult, searched: &str) -> Html {
    if let Some(err) = &r.error {
        return html! {
            <div class="contact-card error-card" data-testid="contact-card" data-found="error">
                <p><strong>{ "The lookup failed: " }</strong>{ err }</p>
            </div>
        };
    }
    if r.matches.len() > 1 {
        return html! {
            <div class="contact-card" data-testid="contact-card" data-found="multiple">
                <p>{ format!("{} contacts match {}:", r.matches.len(), searched) }</p>
                <ul class="matches">
                    for c in r.matches.iter() {
                        <li data-testid="contact-match">{ c.display_name() }{ " " }<code>{ c.id.clone().unwrap_or_default() }</code></li>
                    }
                </ul>
            </div>
        };
    }
    match &r.contact {
        None => html! {
            <div class="contact-card" data-testid="contact-card" data-found="false">
                <p>{ "No external contact matched " }<code>{ searched }</code>{ "." }</p>
                <p class="hint">{ "External Contacts are searched by the E.164 form shown. Check that the contact's phone is stored with the same country code, in Directory › External Contacts." }</p>
            </div>
        },
        Some(c) => match &c.external_contact {
            Some(ext) => real_card(ext),
            None => tutorial_card(c),
        },
    }
}

fn tutorial_card(c: &Contact) -> Html {
    html! {
        <div class="contact-card" data-testid="contact-card" data-found="true">
            <h4 class="contact-name">{ c.display_name() }</h4>
            <table class="kv">
                { row("ID", html! { <code>{ c.id.clone().unwrap_or_default() }</code> }) }
                { row("Name", html! { { c.name.clone().unwrap_or_default() } }) }
                { row("Email", c.email.as_deref().map(|e| link_or_text(e, mailto_href(e))).unwrap_or_default()) }
            </table>
            { attributes_table(c.attributes.iter().map(|(k, v)| (k.clone(), v.clone())).collect()) }
        </div>
    }
}

fn attributes_table(attrs: Vec<(String, String)>) -> Html {
    if attrs.is_empty() {
        return html! { <p class="muted">{ "No attributes." }</p> };
    }
    html! {
        <table class="attributes">
            <caption>{ "Attributes" }</caption>
            <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Value" }</th></tr></thead>
            <tbody>
                for (k, v) in attrs {
                    <tr data-testid="contact-attribute"><th scope="row">{ k }</th><td>{ link_or_text(&v, safe_href(&v)) }</td></tr>
                }
            </tbody>
        </table>
    }
}

fn real_card(c: &ExternalContact) -> Html {
    let name = match c.full_name() {
        n if n.is_empty() => c.id.clone().unwrap_or_else(|| "(unnamed contact)".to_string()),
        n => n,
    };
    let address = c.address.as_ref().map(|a| {
        [&a.address1, &a.address2, &a.city, &a.state, &a.postal_code, &a.country_code]
            .iter()
            .filter_map(|p| p.as_deref())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let custom: Vec<(String, String)> =
        c.custom_fields.iter().flatten().map(|(k, v)| (k.clone(), text_of(v))).collect();
    html! {
        <div class="contact-card" data-testid="contact-card" data-found="true">
            <h4 class="contact-name">{ name }</h4>
            <table class="kv">
                { row("ID", html! { <code>{ c.id.clone().unwrap_or_default() }</code> }) }
                if let Some(t) = &c.title { { row("Title", html! { { t } }) } }
                for (label, p) in c.phones() {
                    { row(&format!("{label} phone"), html! {
                        <span>
                            <code>{ p.e164.clone().unwrap_or_else(|| "(no E.164)".to_string()) }</code>
                            if let Some(d) = &p.display { <span class="muted">{ format!(" shown as {d}") }</span> }
                        </span>
                    }) }
                }
                for (label, e) in c.emails() {
                    { row(&format!("{label} email"), link_or_text(e, mailto_href(e))) }
                }
                if let Some(a) = address.filter(|a| !a.is_empty()) { { row("Address", html! { { a } }) } }
                if let Some(o) = c.external_organization.as_ref().and_then(|o| o.name.clone()) {
                    { row("Organization", html! { { o } }) }
                }
                if let Some(u) = &c.external_system_url { { row("External system", link_or_text(u, safe_href(u))) } }
                if let Some(t) = &c.contact_type { { row("Type", html! { { t } }) } }
            </table>
            { attributes_table(custom) }
        </div>
    }
}
