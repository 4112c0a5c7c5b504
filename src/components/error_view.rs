//! A failure as a sentence, what to do, the identifiers support will ask for, and the raw response on demand.

use flowsim_core::net::error::UserError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub error: UserError,
}

#[component]
pub fn ErrorView(props: &Props) -> Html {
    let show_raw = use_state(|| false);
    let e = &props.error;
    let facts: Vec<String> = [
        e.status.map(|s| format!("HTTP {s}")),
        e.code.as_ref().map(|c| format!("Code: {c}")),
        e.request.as_ref().map(|r| format!("Request: {r}")),
        e.correlation_id.as_ref().map(|c| format!("Correlation ID: {c}")),
        e.context_id.as_ref().map(|c| format!("Context ID: {c}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let toggle = {
        let show_raw = show_raw.clone();
        Callback::from(move |_: MouseEvent| show_raw.set(!*show_raw))
    };
    html! {
        <div class="error" role="alert" data-testid="error" data-kind={e.kind.as_str()}>
            <p class="error-summary">{ &e.summary }</p>
            <p class="error-action">{ &e.action }</p>
            if !facts.is_empty() {
                <ul class="facts">
                    for f in facts { <li>{ f }</li> }
                </ul>
            }
            if let Some(raw) = &e.raw_body {
                <button type="button" class="link" onclick={toggle}>
                    { if *show_raw { "Hide raw response" } else { "Show raw response" } }
                </button>
                if *show_raw { <pre class="raw" data-testid="raw-response">{ raw }</pre> }
            }
        </div>
    }
}
