//! Every case of `GET /_fake/scenarios` produces its declared outcome through
//! `POST /api/v2/architect/simulations`, with a client that retries 429 as the app does.

mod support;

use std::time::Duration;

use fake_genesys::demo::*;
use fake_genesys::scenarios::outcome;
use flowsim_core::wire::contract::{SimulationResponse, Verdict, DEFAULT_TIMEOUT_MS};
use serde_json::Value;
use support::*;

/// Retries after a 429, as the app's HTTP layer does.
const MAX_RETRIES: u32 = 3;

/// The request body with the scenario's interaction, when it has one: the simulated instant (`at`), the
/// caller's inputs and the flow inputs, as flowsim's extensions of the request carry them.
fn with_interaction(case: &Value, body: &str) -> String {
    let mut body: Value = serde_json::from_str(body).unwrap();
    if let Some(at) = case.get("at") {
        body["context"]["time"] = at.clone();
    }
    if let Some(inputs) = case.get("inputs") {
        body["context"]["inputs"] = inputs.clone();
    }
    if let Some(Value::Object(inputs)) = case.get("flowInputs") {
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        body["flowInputs"] =
            inputs.iter().map(|(k, v)| serde_json::json!({ "name": k, "value": text(v) })).collect::<Value>();
    }
    body.to_string()
}

async fn run(s: &Server, case: &Value) -> (String, Option<String>, u32) {
    let str_of = |k: &str| case[k].as_str().unwrap_or_else(|| panic!("scenario lacks {k}: {case}")).to_string();
    let timeout = case.get("timeoutMs").and_then(Value::as_u64).map_or(DEFAULT_TIMEOUT_MS, |t| t as u32);
    let mut retries = 0;
    loop {
        let body =
            with_interaction(case, &simulation_body(&str_of("flowId"), &str_of("nodeId"), &str_of("phone"), timeout));
        let got = s.post("/api/v2/architect/simulations", &str_of("token"), &body).await;
        got.assert_correlation();
        if got.status == 429 && retries < MAX_RETRIES {
            let wait: u64 = got.header("retry-after").expect("Retry-After on 429").parse().unwrap();
            retries += 1;
            tokio::time::sleep(Duration::from_secs(wait)).await;
            continue;
        }
        let kind = match got.status {
            200 => {
                let r = SimulationResponse::parse(&got.body).unwrap();
                assert!(r.warnings.is_empty(), "{:?}", r.warnings);
                assert_eq!(r.status, "COMPLETED");
                return match r.verdict() {
                    Verdict::Found { name } => (outcome::FOUND.into(), Some(name), retries),
                    Verdict::NotFound => (outcome::NOT_FOUND.into(), None, retries),
                    Verdict::MultipleMatches { .. } => (outcome::MULTIPLE_MATCHES.into(), None, retries),
                    Verdict::NoLookup => (outcome::NO_LOOKUP.into(), None, retries),
                    Verdict::StepError { message } => (format!("step error: {message}"), None, retries),
                };
            }
            400 => (outcome::BAD_REQUEST, "bad.request"),
            401 => (outcome::UNAUTHORIZED, "bad.credentials"),
            403 => (outcome::FORBIDDEN, "missing.any.permissions"),
            404 => (outcome::NOT_FOUND_FLOW, "not.found"),
            429 => (outcome::RATE_LIMITED, "too.many.requests"),
            504 => (outcome::TIMEOUT, "request.timeout"),
            other => panic!("unexpected status {other}: {}", got.body),
        };
        got.assert_error(got.status, kind.1);
        return (kind.0.to_string(), None, retries);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_scenario_produces_its_declared_outcome() {
    let s = start_default().await;
    let got = s.get("/_fake/scenarios", "").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("access-control-allow-origin"), Some("*"));
    got.assert_correlation();
    let list = got.json();
    let cases = list.as_array().unwrap();
    let first = &cases[0];
    assert_eq!(first["name"], "Ada Lovelace found");
    assert_eq!(first["token"], TOKEN_DEMO);
    assert_eq!(first["flowId"], FLOW_CALLER_LOOKUP);
    assert_eq!(first["nodeId"], F1_GET_CONTACT);
    assert_eq!(first["phone"], "(555) 123-4567");
    assert_eq!(first["outcome"], "found");
    assert_eq!(first["contactName"], "Ada Lovelace");

    let mut outcomes: Vec<String> = Vec::new();
    for case in cases {
        for key in ["name", "description", "token", "flowId", "nodeId", "phone", "outcome"] {
            assert!(case[key].as_str().is_some_and(|v| !v.is_empty()), "{key} in {case}");
        }
        assert!(case.as_object().unwrap().contains_key("contactName"));
        let (kind, name, retries) = run(&s, case).await;
        assert_eq!(kind, case["outcome"].as_str().unwrap(), "{}", case["name"]);
        if kind == outcome::FOUND {
            assert_eq!(name.as_deref(), case["contactName"].as_str(), "{}", case["name"]);
        }
        if case["token"] == TOKEN_THROTTLED {
            assert_eq!(retries, 2, "throttled-token succeeds on its third try");
        }
        outcomes.push(kind);
    }
    for wanted in [
        outcome::FOUND,
        outcome::NOT_FOUND,
        outcome::MULTIPLE_MATCHES,
        outcome::BAD_REQUEST,
        outcome::UNAUTHORIZED,
        outcome::FORBIDDEN,
        outcome::NOT_FOUND_FLOW,
        outcome::RATE_LIMITED,
        outcome::TIMEOUT,
        outcome::NO_LOOKUP,
    ] {
        assert!(outcomes.iter().any(|o| o == wanted), "no scenario with outcome {wanted}");
    }
    let hostile = cases.iter().find(|c| c["phone"] == HOSTILE_PHONE_E164).expect("hostile scenario");
    assert_eq!(hostile["contactName"].as_str().unwrap(), hostile_full_name());
    let slow = cases.iter().find(|c| c["flowId"] == FLOW_SLOW_LOOKUP).expect("slow scenario");
    assert_eq!(slow["timeoutMs"], 1000);
    assert_eq!(slow["outcome"], "timeout");
    // The library's list is the served list.
    assert_eq!(serde_json::to_value(fake_genesys::scenarios::scenarios()).unwrap(), list);
}
