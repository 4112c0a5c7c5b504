//! A failure as a sentence, what to do, and the identifiers support will ask for.

use flowsim_core::error::UserError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub error: UserError,
}

#[component]
pub fn ErrorView(props: &Props) -> Html {
    let e = &props.error;
    let facts: Vec<(&str, String)> = [
        ("HTTP", e.status.map(|s| s.to_string())),
        ("Code", e.code.clone()),
        ("Request", e.request.clone()),
        ("Correlation ID", e.correlation_id.clone()),
        ("Context ID", e.context_id.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    html! {
        <div class="error" role="alert" data-testid="error" data-kind={format!("{:?}", e.kind)}>
            <p class="error-summary">{ &e.summary }</p>
            <p class="error-action">{ &e.action }</p>
            if !facts.is_empty() {
                <dl class="facts">
                    for (k, v) in facts {
                        <div><dt>{ k }</dt><dd>{ if k == "HTTP" { format!("HTTP {v}") } else { format!("{k}: {v}") } }</dd></div>
                    }
                </dl>
            }
        </div>
    }
}
