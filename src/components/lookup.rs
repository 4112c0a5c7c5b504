//! What to simulate: flow, node, caller's number, and the advanced context fields.

use flowsim_core::base::phone::{country_or_default, COUNTRIES};
use flowsim_core::sim::validate::{is_guid, lookup_key_in, FieldIssue, FormField};
use yew::prelude::*;

use super::field::on_input;
use crate::state::{Field, Form, FormAction};

fn issue_for(issues: &[FieldIssue], field: FormField) -> Html {
    html! {
        for i in issues.iter().filter(|i| i.field == field) {
            <p class="field-error" data-testid="field-error">{ &i.message }</p>
        }
    }
}

/// The lookup fieldset: `issues` are the problems found when Simulate was last pressed; the pickers are rendered
/// beside the Flow ID and Node ID fields. A plain function, not a component: it has no state, and each component
/// costs its own lifecycle code in the wasm bundle.
pub fn lookup_fields(
    form: &UseReducerHandle<Form>,
    issues: &[FieldIssue],
    flow_picker: Html,
    node_picker: Html,
) -> Html {
    let country = country_or_default(&form.default_country);
    let phone_preview = (!form.phone.trim().is_empty()).then(|| lookup_key_in(&form.phone, country));
    let id_hint = |v: &str| {
        (!v.trim().is_empty() && !is_guid(v.trim()))
            .then_some("Not a GUID; Genesys ids look like 9a8b7c6d-1234-4abc-9def-0123456789ab.")
    };
    let on_channel = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            form.dispatch(FormAction::Edit(Field::Channel, v));
        })
    };
    let on_country = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            form.dispatch(FormAction::Edit(Field::DefaultCountry, v));
        })
    };
    html! {
        <fieldset class="lookup">
            <legend>{ "Lookup" }</legend>
            <div class="field">
                <label for="flow-id">{ "Flow ID" }</label>
                <input id="flow-id" type="text" spellcheck="false" value={form.flow_id.clone()} oninput={on_input(form, Field::FlowId)} />
                if let Some(h) = id_hint(&form.flow_id) { <p class="field-warning">{ h }</p> }
                { issue_for(issues, FormField::FlowId) }
                { flow_picker }
            </div>
            <div class="field">
                <label for="node-id">{ "Node ID" }</label>
                <input id="node-id" type="text" spellcheck="false" value={form.node_id.clone()} oninput={on_input(form, Field::NodeId)} />
                if let Some(h) = id_hint(&form.node_id) { <p class="field-warning">{ h }</p> }
                { issue_for(issues, FormField::NodeId) }
                { node_picker }
            </div>
            <div class="field">
                <label for="phone">{ "Phone number" }</label>
                <input id="phone" type="tel" value={form.phone.clone()} placeholder="+1 555 123 4567" oninput={on_input(form, Field::Phone)} />
                { match phone_preview {
                    Some(Ok((key, note))) => html! {
                        <p class="hint" data-testid="e164-preview">{ format!("Looked up as {key}") }{ note.map(|n| format!(". {n}")).unwrap_or_default() }</p>
                    },
                    // After Simulate the same sentence shows as the field's error below; say it once.
                    Some(Err(e)) if !issues.iter().any(|i| i.field == FormField::Phone) => html! { <p class="field-warning">{ e }</p> },
                    Some(Err(_)) => html! {},
                    None => html! {},
                } }
                { issue_for(issues, FormField::Phone) }
            </div>
            <div class="field">
                <label for="default-country">{ "Default country" }</label>
                <select id="default-country" onchange={on_country}>
                    for c in COUNTRIES {
                        <option value={c.iso} selected={c.iso == country.iso}>{ format!("{} (+{})", c.name, c.code) }</option>
                    }
                </select>
                <p class="hint">{ "Reads numbers written without a country code." }</p>
            </div>
            <details class="advanced">
                <summary>{ "Advanced options" }</summary>
                <div class="field">
                    <label for="to">{ "To" }</label>
                    <input id="to" type="tel" value={form.to.clone()} oninput={on_input(form, Field::To)} />
                    { issue_for(issues, FormField::To) }
                </div>
                <div class="field">
                    <label for="channel">{ "Channel" }</label>
                    <select id="channel" onchange={on_channel}>
                        for c in ["voice", "message", "chat", "email", "callback"] {
                            <option value={c} selected={form.channel == c}>{ c }</option>
                        }
                    </select>
                </div>
                <div class="field">
                    <label for="conversation-id">{ "Conversation ID" }</label>
                    <input id="conversation-id" type="text" value={form.conversation_id.clone()} placeholder="generated for each run"
                        oninput={on_input(form, Field::ConversationId)} />
                </div>
                <div class="field">
                    <label for="timeout">{ "Timeout (ms)" }</label>
                    <input id="timeout" type="number" min="1000" max="30000" step="500" value={form.timeout_ms.clone()}
                        oninput={on_input(form, Field::TimeoutMs)} />
                    { issue_for(issues, FormField::Timeout) }
                </div>
            </details>
        </fieldset>
    }
}
