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
    let on_ask = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            form.dispatch(FormAction::SetAskAtPrompts(checked));
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
                <label for="node-id">{ "Start at" }</label>
                <input id="node-id" type="text" spellcheck="false" value={form.node_id.clone()} placeholder="the flow's start"
                    oninput={on_input(form, Field::NodeId)} />
                <p class="hint">{ "An action or container id (or tracking id); empty runs the flow from its start." }</p>
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
            <div class="field">
                <label for="inputs">{ "Inputs" }</label>
                <input id="inputs" type="text" spellcheck="false" value={form.inputs.clone()} placeholder="2, 1#, yes"
                    oninput={on_input(form, Field::Inputs)} />
                <p class="hint">{ "What the caller presses or says at each prompt, in order; when they run out, the caller is silent." }</p>
                <label class="check">
                    <input id="ask-at-prompts" type="checkbox" checked={form.ask_at_prompts} onchange={on_ask} />
                    { " Ask me when the flow waits for the caller" }
                </label>
                { issue_for(issues, FormField::Inputs) }
            </div>
            <div class="field">
                <label for="time">{ "Time" }</label>
                <input id="time" type="datetime-local" step="1" value={form.time.clone()} oninput={on_input(form, Field::Time)} />
                <label for="time-zone">{ "Time zone" }</label>
                <input id="time-zone" type="text" spellcheck="false" value={form.time_zone.clone()} oninput={on_input(form, Field::TimeZone)} />
                <p class="hint">{ "The simulated date and time (empty: now), in this time zone; schedules are evaluated at it." }</p>
                { issue_for(issues, FormField::Time) }
            </div>
            <div class="field">
                <label for="language">{ "Language" }</label>
                <input id="language" type="text" spellcheck="false" value={form.language.clone()} oninput={on_input(form, Field::Language)} />
            </div>
            <details class="advanced">
                <summary>{ "Advanced options" }</summary>
                <div class="field">
                    <label for="flow-inputs">{ "Flow inputs" }</label>
                    <textarea id="flow-inputs" rows="2" spellcheck="false" placeholder="Flow.customerId = 42"
                        value={form.flow_inputs.clone()} oninput={on_input(form, Field::FlowInputs)} />
                    { issue_for(issues, FormField::FlowInputs) }
                </div>
                <div class="field">
                    <label for="overrides">{ "Overrides" }</label>
                    <textarea id="overrides" rows="3" spellcheck="false" placeholder={"Get balance: Failure\nGet balance.balance = 12.5"}
                        value={form.overrides.clone()} oninput={on_input(form, Field::Overrides)} />
                    <p class="hint">{ "For what the org cannot tell: a data action's path and outputs, by action name or id. Without one, a data action takes Success with its outputs NOT_SET." }</p>
                    { issue_for(issues, FormField::Overrides) }
                </div>
                <div class="field">
                    <label for="run-data-actions">{ "Run data actions" }</label>
                    <input id="run-data-actions" type="text" spellcheck="false" value={form.run_data_actions.clone()}
                        placeholder="none" oninput={on_input(form, Field::RunDataActions)} />
                    <p class="hint">{ "Data actions can change other systems: only those named here (by name or id) really run, through their /test endpoint." }</p>
                </div>
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
