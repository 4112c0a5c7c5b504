//! "Test connection": `GET /api/v2/tokens/me` directly and through the configured proxy, and which way works.

use flowsim_core::net::api::Connection;
use flowsim_core::net::check::{has_proxy, probe_request, Probe, Report, CHECK_TIMEOUT_MS};
use flowsim_core::net::http::HttpClient;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::fetch::{BrowserClient, CancelHandle};
use crate::services::oauth::answers_without_cors;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub conn: Connection,
}

#[derive(Clone, PartialEq)]
enum Check {
    Idle,
    Running,
    Done(Report),
}

/// Tries one path; a `fetch` failure is told apart (CORS or nothing answering) by a `no-cors` request.
async fn probe(conn: &Connection, via_proxy: bool) -> Probe {
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let req = probe_request(&conn.api_base, via_proxy.then_some(&conn.proxy), &conn.token);
    let url = req.url.clone();
    let result = client.send(req).await;
    let reached = match &result {
        Err(flowsim_core::net::http::TransportError::Network(_)) => {
            Some(answers_without_cors(&url, CHECK_TIMEOUT_MS).await)
        }
        _ => None,
    };
    Probe::classify(&result, reached)
}

#[component]
pub fn ConnectionCheck(props: &Props) -> Html {
    let check = use_state(|| Check::Idle);
    let onclick = {
        let (check, conn) = (check.clone(), props.conn.clone());
        Callback::from(move |_: MouseEvent| {
            if *check == Check::Running {
                return;
            }
            check.set(Check::Running);
            let (check, conn) = (check.clone(), conn.clone());
            spawn_local(async move {
                let direct = probe(&conn, false).await;
                let via = if has_proxy(&conn.proxy) { probe(&conn, true).await } else { Probe::NotTried };
                let had_token = !conn.token.trim().is_empty();
                check.set(Check::Done(Report::new(&conn.api_base, &conn.proxy, had_token, direct, via)));
            });
        })
    };
    let running = *check == Check::Running;
    html! {
        <div class="connection-check">
            <button type="button" {onclick} disabled={running}>{ if running { "Testing…" } else { "Test connection" } }</button>
            if let Check::Done(r) = &*check {
                <div class="check-verdict" role="status" data-testid="connection-verdict" data-verdict={r.verdict.key()}
                    data-cause={r.verdict.cause_key()} data-direct={r.direct.key()} data-proxy={r.proxy.key()}>
                    <p>{ r.sentence().0 }</p>
                    <p class="hint">{ r.sentence().1 }</p>
                </div>
            }
        </div>
    }
}
