//! The in-browser engine against recorded-shape Genesys responses, through a scripted HTTP client that checks
//! every request (method, URL with the proxy applied, bearer token, no token in the URL) and answers from
//! `tests/fixtures/recorded/`. The engine runs the whole flow with the interpreter, from the start node to an outcome.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use flowsim_core::base::tz::FixedZones;
use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::{ErrorKind, UserError};
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use flowsim_core::net::proxy::ProxySetting;
use flowsim_core::sim::engine::{self, simulate, FlowSource, Host};
use flowsim_core::sim::remote::Simulated;
use flowsim_core::sim::run::Silent;
use flowsim_core::wire::contract::{
    CoverageCounts, OutcomeKind, SimulationContext, SimulationRequest, SimulationResponse, TraceStep, Verdict,
};
use futures_executor::block_on;

const FLOW: &str = "7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CACHE_FLOW: &str = "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
const GET: &str = "38071e45-c2f5-41a3-84a8-d5e6f718293a";
const VIP: &str = "5a293067-e417-43c5-a6ca-f7081a3a4b5c";
const SEARCH: &str = "9e6d74ab-285b-4709-8a0e-3b4c5e7e8f90";
const COMPANY: &str = "c190a7de-5b8e-4a3c-9d31-6e7f81ab1223";
const PLAY_WELCOME: &str = "7c4b5289-0639-45e7-88ec-192a3c5c6d7e";
const TASK_IDENTIFY: &str = "16e5fc23-a0d3-4f81-8276-b3c4d5f60718";
const ADA: &str = "6f1c2a3b-9d4e-4f5a-8b6c-7d8e9f0a1b2c";
const VIP_CONTACT: &str = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const TRANSFER_GOLD: &str = "49182f56-d306-42b4-95b9-e6f708293a4b";
const GREET_BY_NAME: &str = "af7e85bc-396c-481a-9b1f-4c5d6f8f9001";

const PROXY: &str = "http://127.0.0.1:8081/";
const API_BASE: &str = "https://api.mypurecloud.com";
const TOKEN: &str = "tok-Z9y8X7";
/// 2026-03-02T15:00:00Z, a Monday afternoon.
const NOW_MS: i64 = 1_772_463_600_000;

fn fixture(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let path = if name.ends_with(".json") && name.starts_with("flowconfigs/") {
        dir.join(name)
    } else {
        dir.join("recorded").join(name)
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One expected request and its recorded answer.
struct Exchange {
    path: String,
    answer: Result<HttpResponse, TransportError>,
}

fn ok(path: &str, body_file: &str, correlation: &str) -> Exchange {
    answer(path, 200, &fixture(body_file), correlation, &[])
}

fn answer(path: &str, status: u16, body: &str, correlation: &str, extra: &[(&str, &str)]) -> Exchange {
    let mut headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("inin-correlation-id".to_string(), correlation.to_string()),
    ];
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Exchange { path: path.to_string(), answer: Ok(HttpResponse { status, headers, body: body.to_string() }) }
}

fn flow_path(id: &str) -> String {
    format!("/api/v2/flows/{id}")
}
fn config_path(id: &str) -> String {
    format!("/api/v2/flows/{id}/latestconfiguration")
}
fn whitepages(e164: &str) -> String {
    format!("/api/v2/externalcontacts/reversewhitepageslookup?lookupVal={}", e164.replace('+', "%2B"))
}
fn contact_path(id: &str) -> String {
    format!("/api/v2/externalcontacts/contacts/{id}")
}

/// Answers in order and checks each request against its exchange.
struct Recorded {
    script: RefCell<VecDeque<Exchange>>,
    sent: RefCell<Vec<HttpRequest>>,
    slept: RefCell<Vec<u32>>,
    clock: Cell<f64>,
}

impl HttpClient for Recorded {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.clock.set(self.clock.get() + 12.5);
        let ex = self.script.borrow_mut().pop_front().unwrap_or_else(|| panic!("unexpected request {}", req.url));
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.url, format!("{PROXY}{API_BASE}{}", ex.path), "request #{}", self.sent.borrow().len() + 1);
        assert!(req.headers.contains(&("Authorization".to_string(), format!("Bearer {TOKEN}"))), "{:?}", req.headers);
        assert!(req.body.is_none());
        assert!(!req.url.contains(TOKEN));
        self.sent.borrow_mut().push(req);
        ex.answer
    }
    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.slept.borrow_mut().push(ms);
        Ok(())
    }
    fn now_ms(&self) -> f64 {
        self.clock.get()
    }
}

fn request(flow: &str, node: &str, from: &str) -> SimulationRequest {
    SimulationRequest {
        flow_id: flow.into(),
        node_id: node.into(),
        timeout: 5000,
        context: SimulationContext {
            from: from.into(),
            to: "+15550000000".into(),
            channel: "voice".into(),
            conversation_id: "simulated-conv-123".into(),
            media_type: "voice".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

struct Outcome {
    result: Result<Simulated, UserError>,
    requests: usize,
    slept: Vec<u32>,
}

fn run_with(script: Vec<Exchange>, req: &SimulationRequest, set_ids: bool) -> Outcome {
    let n = script.len();
    let client = Recorded {
        script: RefCell::new(script.into()),
        sent: Default::default(),
        slept: Default::default(),
        clock: Cell::new(0.0),
    };
    let conn = Connection { api_base: API_BASE.into(), proxy: ProxySetting::prefix(PROXY), token: TOKEN.into() };
    let mut api = Api::new(&client, &conn, 7000);
    if set_ids {
        api.flow_id = Some(req.flow_id.clone());
        api.node_id = Some(req.node_id.clone());
    }
    let result = block_on(simulate(Some(&api), FlowSource::Org, req, host()));
    let left = client.script.borrow().len();
    assert_eq!(left, 0, "{left} of {n} scripted requests were not made");
    let requests = client.sent.borrow().len();
    let slept = client.slept.borrow().clone();
    Outcome { result, requests, slept }
}

/// The host of every run: a fixed clock, UTC and listed zones, a caller who says nothing, no pause.
fn host() -> Host<Silent> {
    Host {
        now_ms: NOW_MS,
        time_zones: Box::new(FixedZones::default()),
        caller: Silent,
        pause_for_input: false,
        breakpoints: vec![],
    }
}

fn run(script: Vec<Exchange>, req: &SimulationRequest) -> Outcome {
    run_with(script, req, true)
}

fn with(mut script: Vec<Exchange>, more: impl IntoIterator<Item = Exchange>) -> Vec<Exchange> {
    script.extend(more);
    script
}

/// Search by company's keyword search, which every run through the Search caller task reaches.
fn acme() -> Exchange {
    ok("/api/v2/externalcontacts/contacts?q=Acme%20Corp", "contacts-search-acme.json", "corr-q")
}

fn flow_and_config() -> Vec<Exchange> {
    vec![
        ok(&flow_path(FLOW), "flow.json", "corr-flow"),
        ok(&config_path(FLOW), "config-customer-lookup.json", "corr-config"),
    ]
}

fn types(r: &SimulationResponse) -> Vec<&str> {
    r.trace.iter().map(|s| s.node_type.as_str()).collect()
}

fn step<'a>(r: &'a SimulationResponse, node_type: &str) -> &'a TraceStep {
    r.trace.iter().find(|s| s.node_type == node_type).unwrap_or_else(|| panic!("no {node_type} step in {:?}", types(r)))
}

/// (method, path, status, correlation id) of a step's calls.
fn calls(s: &TraceStep) -> Vec<(String, String, u16, Option<String>)> {
    s.calls.iter().map(|c| (c.method.clone(), c.path.clone(), c.status, c.correlation_id.clone())).collect()
}

/// The values of a step's details with this label, in order.
fn all<'a>(s: &'a TraceStep, label: &str) -> Vec<&'a str> {
    s.details.iter().filter(|d| d.label == label).map(|d| d.value.as_str()).collect()
}

/// The variables a step changed, as `name: before → after`.
fn changes(s: &TraceStep) -> Vec<String> {
    s.variables.iter().map(|v| format!("{}: {} → {}", v.name, v.before, v.after)).collect()
}

/// The executed actions' names, in order (the steps between the Interaction and the Outcome).
fn actions(r: &SimulationResponse) -> Vec<&str> {
    r.trace.iter().filter(|s| !s.node_type.starts_with("flowsim.")).map(|s| s.node_name.as_str()).collect()
}

fn action<'a>(r: &'a SimulationResponse, name: &str) -> &'a TraceStep {
    r.trace.iter().find(|s| s.node_name == name).unwrap_or_else(|| panic!("no step '{name}' in {:?}", actions(r)))
}

fn call(path: &str, status: u16, corr: &str) -> (String, String, u16, Option<String>) {
    ("GET".to_string(), path.to_string(), status, Some(corr.to_string()))
}

fn err(o: Outcome) -> UserError {
    match o.result {
        Err(e) => e,
        Ok(s) => panic!("expected an error, got {}", s.raw),
    }
}

fn outcome_of(r: &SimulationResponse) -> (OutcomeKind, Option<&str>, &str) {
    let o = r.outcome.as_ref().expect("a run has an outcome");
    (o.kind, o.target.as_deref(), o.description.as_str())
}

#[test]
fn get_external_contact_resolves_the_phone_number_and_the_run_goes_on_to_the_transfer() {
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp")]);
    let o = run(script, &request(FLOW, GET, "(555) 123-4567"));
    // The phone number is resolved by the reverse whitepages lookup, whose first contact is the answer: one call.
    assert_eq!(o.requests, 3);
    let s = o.result.unwrap();
    let r = &s.response;
    assert_eq!(r.status, "COMPLETED");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(
        types(r),
        [
            engine::STEP_READ_FLOW,
            engine::STEP_READ_CONFIGURATION,
            engine::STEP_INTERACTION,
            "GetExternalContactAction",
            "TransferPureMatchAction",
            engine::STEP_OUTCOME,
        ]
    );
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });

    let read = step(r, engine::STEP_READ_FLOW);
    assert_eq!(read.detail("Flow"), Some("Customer Lookup"));
    assert_eq!(read.detail("Type"), Some("INBOUNDCALL"));
    assert_eq!(read.detail("Published version"), Some("4.0 (published 2025-01-20T14:35:12.000Z)"));
    assert_eq!(read.detail("Saved version"), Some("5.0"));
    assert_eq!(calls(read), [call(&flow_path(FLOW), 200, "corr-flow")]);

    let cfg = step(r, engine::STEP_READ_CONFIGURATION);
    assert_eq!(cfg.detail("Configuration"), Some("3 containers, 13 actions"));
    assert!(all(cfg, "Problem").is_empty());
    assert_eq!(calls(cfg), [call(&config_path(FLOW), 200, "corr-config")]);

    // The caller's number, typed in a local form, reaches the flow as Call.Ani: a tel: URI in E.164.
    let interaction = step(r, engine::STEP_INTERACTION);
    assert_eq!(interaction.detail("Caller"), Some("tel:+15551234567"));
    assert_eq!(interaction.detail("Start"), Some(GET));
    assert_eq!(interaction.detail("Time"), Some("2026-03-02T15:00:00.000Z"));
    assert!(interaction.calls.is_empty());

    let lookup = r.lookup_step().unwrap();
    assert_eq!((lookup.node_id.as_str(), lookup.node_name.as_str()), (GET, "Get caller contact"));
    assert_eq!(lookup.detail("Container"), Some("Identify caller"));
    let read = lookup.detail("Read").unwrap();
    assert!(read.contains("resolved by +15551234567") && read.ends_with("→ found"), "{read}");
    let contact = lookup.result.contact.as_ref().unwrap();
    assert_eq!(contact.id.as_deref(), Some(ADA));
    assert_eq!(contact.email.as_deref(), Some("ada@example.com"));
    assert!(contact.attributes.contains(&("tier_text".into(), "Gold".into())));
    assert!(contact.attributes.contains(&("lifetimevalue_decimal".into(), "12500.5".into())));
    assert!(contact.attributes.contains(&("organization".into(), "Analytical Engines Ltd".into())));
    assert_eq!(
        contact.external_contact.as_ref().unwrap().work_phone.as_ref().unwrap().e164.as_deref(),
        Some("+15551234567")
    );
    // The variable the action wrote, before and after.
    let changed = changes(lookup);
    assert!(all(lookup, "Variable").is_empty(), "the changes are structured, not details");
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("Task.Contact: NOT_SET → {") && changed[0].contains(ADA), "{}", changed[0]);
    let outcome = lookup.outcome.as_ref().unwrap();
    assert_eq!(outcome.path, "Found");
    assert_eq!(lookup.detail("Path"), Some("Found"));
    assert_eq!(outcome.next_action_name.as_deref(), Some("Transfer to Gold"));
    assert_eq!(outcome.next_action_id.as_deref(), Some(TRANSFER_GOLD));
    assert_eq!(calls(lookup), [call(&whitepages("+15551234567"), 200, "corr-wp")]);
    assert!(lookup.calls[0].duration_ms > 0.0);

    let transfer = action(r, "Transfer to Gold");
    assert_eq!(transfer.node_id, TRANSFER_GOLD);
    assert_eq!(transfer.detail("Container"), Some("Identify caller"));
    assert_eq!(all(transfer, "Caller hears"), ["Please hold."]);

    // The run ends in the Gold queue; the last step says so, with the coverage.
    assert_eq!(outcome_of(r), (OutcomeKind::Transfer, Some("Gold"), "transferred to queue 'Gold'"));
    let last = r.trace.last().unwrap();
    assert_eq!(last.node_type, engine::STEP_OUTCOME);
    assert_eq!(last.detail("Outcome"), Some("transferred to queue 'Gold'"));
    assert_eq!(last.detail("Coverage"), Some("2 of 13 actions (15 %), 1 of 12 paths (8 %)"));
    assert_eq!(
        r.coverage,
        Some(CoverageCounts { actions_visited: 2, actions_total: 13, paths_visited: 1, paths_total: 12 })
    );

    // The raw JSON is the response, and reads back the same; the token is not in it.
    let again = SimulationResponse::parse(&s.raw).unwrap();
    assert_eq!(&again, r);
    assert!(!s.raw.contains(TOKEN));
}

#[test]
fn get_external_contact_by_literal_contact_id_then_the_branch_rejoins() {
    let script = with(flow_and_config(), [ok(&contact_path(VIP_CONTACT), "contact-vip.json", "corr-vip")]);
    let o = run(script, &request(FLOW, VIP, "not used"));
    assert_eq!(o.requests, 3);
    let r = o.result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::Found { name: "Charles Babbage".into() });
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.detail("Read"), Some(&*format!("external contact {VIP_CONTACT} → found")));
    assert_eq!(calls(lookup), [call(&contact_path(VIP_CONTACT), 200, "corr-vip")]);
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_name.as_deref(), Some("Play VIP greeting"));
    // The Found branch ends; the flow goes on with the action after the lookup.
    assert_eq!(actions(&r), ["Get VIP by id", "Play VIP greeting", "Play welcome", "Transfer to General"]);
    assert_eq!(all(action(&r, "Play VIP greeting"), "Caller hears"), ["Welcome back, valued customer."]);
    assert_eq!(all(action(&r, "Play welcome"), "Caller hears"), ["Welcome to Acme."]);
    assert_eq!(outcome_of(&r), (OutcomeKind::Transfer, Some("General"), "transferred to queue 'General'"));
}

#[test]
fn contact_id_404_is_the_not_found_path() {
    let script = with(
        flow_and_config(),
        [answer(&contact_path(VIP_CONTACT), 404, &fixture("error-404-contact.json"), "corr-404", &[])],
    );
    let r = run(script, &request(FLOW, VIP, "")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NotFound);
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Not Found");
    assert_eq!(calls(lookup), [call(&contact_path(VIP_CONTACT), 404, "corr-404")]);
    assert!(lookup.detail("Read").unwrap().ends_with("→ not found"));
    assert!(lookup.variables.is_empty());
    // Not Found is an empty branch: the flow continues with the action after the lookup.
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_id.as_deref(), Some(PLAY_WELCOME));
    assert_eq!(actions(&r), ["Get VIP by id", "Play welcome", "Transfer to General"]);
    assert_eq!(outcome_of(&r).1, Some("General"));
}

#[test]
fn unknown_number_takes_not_found_and_continues_after_the_action() {
    let script = with(
        flow_and_config(),
        [
            ok(&whitepages("+442079460958"), "whitepages-none.json", "corr-wp"),
            answer(&contact_path(VIP_CONTACT), 404, &fixture("error-404-contact.json"), "corr-404", &[]),
        ],
    );
    let r = run(script, &request(FLOW, GET, "+44 20 7946 0958")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NotFound);
    assert_eq!(step(&r, engine::STEP_INTERACTION).detail("Caller"), Some("tel:+442079460958"));
    let lookup = r.lookup_step().unwrap();
    assert_eq!(calls(lookup), [call(&whitepages("+442079460958"), 200, "corr-wp")]);
    let read = lookup.detail("Read").unwrap();
    assert!(read.contains("resolved by +442079460958") && read.ends_with("→ not found"), "{read}");
    let outcome = lookup.outcome.as_ref().unwrap();
    assert_eq!((outcome.path.as_str(), outcome.next_action_name.as_deref()), ("Not Found", Some("Get VIP by id")));
    assert_eq!(actions(&r), ["Get caller contact", "Get VIP by id", "Play welcome", "Transfer to General"]);
    assert_eq!(outcome_of(&r).1, Some("General"));
}

#[test]
fn several_contacts_with_the_number_pick_the_first_for_get() {
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-two.json", "corr-wp")]);
    let r = run(script, &request(FLOW, GET, "+1 555 123 4567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Found");
    assert!(lookup.result.matches.is_empty());
    assert_eq!(outcome_of(&r).1, Some("Gold"));
}

#[test]
fn search_exact_match() {
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp"), acme()]);
    let o = run(script, &request(FLOW, SEARCH, "555.123.4567"));
    assert_eq!(o.requests, 4);
    let r = o.result.unwrap().response;
    assert_eq!(
        types(&r),
        [
            engine::STEP_READ_FLOW,
            engine::STEP_READ_CONFIGURATION,
            engine::STEP_INTERACTION,
            "SearchExternalContactsAction",
            "PlayAudioAction",
            "SearchExternalContactsAction",
            "EndTaskAction",
            engine::STEP_OUTCOME,
        ]
    );
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.node_id, SEARCH);
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Exact Match");
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_name.as_deref(), Some("Greet by name"));
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_id.as_deref(), Some(GREET_BY_NAME));
    // Call.Ani is a tel: URI; the search looks its number up in the reverse whitepages.
    assert_eq!(lookup.detail("Read"), Some("external contacts matching 'tel:+15551234567' → 1 result found"));
    assert_eq!(calls(lookup), [call(&whitepages("+15551234567"), 200, "corr-wp")]);
    assert!(changes(lookup)[0].starts_with("Task.Contacts: "), "{:?}", changes(lookup));
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    assert_eq!(all(action(&r, "Greet by name"), "Caller hears"), ["Hello again."]);
    // End Task with no task to return to ends the call.
    assert_eq!(outcome_of(&r), (OutcomeKind::Disconnect, None, "disconnected"));
}

#[test]
fn search_multiple_matches() {
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-two.json", "corr-wp"), acme()]);
    let r = run(script, &request(FLOW, SEARCH, "15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::MultipleMatches { count: 2 });
    let lookup = r.lookup_step().unwrap();
    let names: Vec<String> = lookup.result.matches.iter().map(|c| c.display_name()).collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Multiple Matches");
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_name.as_deref(), Some("Ask for account number"));
    assert_eq!(all(action(&r, "Ask for account number"), "Caller hears"), ["Please enter your account number."]);
}

#[test]
fn search_not_found_continues_with_the_next_action() {
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-none.json", "corr-wp"), acme()]);
    let r = run(script, &request(FLOW, SEARCH, "+15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NotFound);
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Not Found");
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_name.as_deref(), Some("Search by company"));
    assert_eq!(actions(&r), ["Search caller", "Search by company", "End Task"]);
}

#[test]
fn search_for_a_literal_that_is_not_a_phone_uses_the_keyword_search() {
    let r = run(with(flow_and_config(), [acme()]), &request(FLOW, COMPANY, "+15551234567")).result.unwrap().response;
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.node_id, COMPANY);
    assert_eq!(lookup.detail("Read"), Some("external contacts matching 'Acme Corp' → 1 result found"));
    assert_eq!(calls(lookup), [call("/api/v2/externalcontacts/contacts?q=Acme%20Corp", 200, "corr-q")]);
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Exact Match");
    assert_eq!(r.verdict(), Verdict::Found { name: "Grace Hopper".into() });
    // Every path of Search by company is empty and End Task follows it.
    assert_eq!(actions(&r), ["Search by company", "End Task"]);
    assert_eq!(outcome_of(&r).0, OutcomeKind::Disconnect);
}

#[test]
fn the_start_node_is_an_action_id_a_tracking_id_or_the_flows_start() {
    // A tracking id, as Architect shows it or bare, starts at its action.
    for node in ["#19", "19"] {
        let script =
            with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp"), acme()]);
        let r = run(script, &request(FLOW, node, "+15551234567")).result.unwrap().response;
        assert_eq!(step(&r, engine::STEP_INTERACTION).detail("Start"), Some(SEARCH), "{node}");
        assert_eq!(r.lookup_step().unwrap().node_id, SEARCH, "{node}");
    }

    // An action that reads nothing from the org: no request after the configuration.
    let o = run(flow_and_config(), &request(FLOW, PLAY_WELCOME, "+15551234567"));
    assert_eq!(o.requests, 2);
    let r = o.result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NoLookup);
    assert_eq!(actions(&r), ["Play welcome", "Transfer to General"]);
    assert_eq!(all(action(&r, "Play welcome"), "Caller hears"), ["Welcome to Acme."]);
    assert_eq!(outcome_of(&r), (OutcomeKind::Transfer, Some("General"), "transferred to queue 'General'"));

    // A container starts at its start action.
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp")]);
    let r = run(script, &request(FLOW, TASK_IDENTIFY, "+15551234567")).result.unwrap().response;
    assert_eq!(actions(&r), ["Get caller contact", "Transfer to Gold"]);

    // Empty: the flow's start, the Main Menu; a silent caller hears it three times and is disconnected.
    let o = run(flow_and_config(), &request(FLOW, "", "+15551234567"));
    assert_eq!(o.requests, 2);
    let r = o.result.unwrap().response;
    assert_eq!(step(&r, engine::STEP_INTERACTION).detail("Start"), Some("the flow's start"));
    assert_eq!(step(&r, engine::STEP_INTERACTION).detail("Inputs"), Some("(none: silence)"));
    let menu = action(&r, "Main Menu");
    assert_eq!(all(menu, "Caller hears"), ["Press 1 to be identified, 9 to hang up."; 3]);
    assert_eq!(all(menu, "Caller answers"), ["(silence)"; 3]);
    assert_eq!(outcome_of(&r), (OutcomeKind::Disconnect, None, "disconnected"));

    // The caller pressing 1 is identified.
    let mut req = request(FLOW, "", "+15551234567");
    req.context.inputs = vec!["1".into()];
    let script = with(flow_and_config(), [ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp")]);
    let r = run(script, &req).result.unwrap().response;
    assert_eq!(all(action(&r, "Main Menu"), "Caller answers"), ["1"]);
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    assert_eq!(outcome_of(&r).1, Some("Gold"));
}

#[test]
fn unknown_start_node_is_a_sentence() {
    let e = err(run(flow_and_config(), &request(FLOW, "nope-123", "+15551234567")));
    assert_eq!(e.kind, ErrorKind::Input);
    assert!(
        e.summary.starts_with("The start node nope-123 is not an action or container of the flow 'Customer Lookup'."),
        "{}",
        e.summary
    );
}

#[test]
fn a_step_names_its_flow_only_when_it_is_not_the_flow_the_run_started_in() {
    // The message flow calls its embedded common module: the module's steps say so, the flow's own do not.
    let flow = Flow::parse(&fixture("flowconfigs/merge-external-contact-inboundmessage.json")).unwrap();
    let module = flow.common_modules[0].flow.as_ref().expect("embedded module").name.clone();
    let ids = |f: &Flow| f.actions.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    let own = ids(&flow);
    let source = FlowSource::File { flow: Arc::new(flow), file_name: "merge.json".into() };
    let r = block_on(simulate::<Recorded, Silent>(None, source, &request("", "", "+15551234567"), host()))
        .unwrap()
        .response;
    let in_module: Vec<&TraceStep> = r.trace.iter().filter(|s| s.detail("Flow") == Some(module.as_str())).collect();
    assert!(!in_module.is_empty(), "the module's steps name it: {:?}", types(&r));
    let own_steps: Vec<&TraceStep> = r.trace.iter().filter(|s| own.contains(&s.node_id)).collect();
    assert!(!own_steps.is_empty());
    for s in own_steps {
        assert_eq!(s.detail("Flow"), None, "{} is the run's own flow's action", s.node_name);
    }
}

#[test]
fn a_flow_file_without_an_org_takes_not_found_for_org_reads_and_says_so() {
    let flow = Flow::parse(&fixture("config-customer-lookup.json")).unwrap();
    let source = FlowSource::File { flow: Arc::new(flow), file_name: "customer-lookup.json".into() };
    let r = block_on(simulate::<Recorded, Silent>(None, source, &request("", GET, "+15551234567"), host()))
        .unwrap()
        .response;
    assert_eq!(r.trace[0].node_type, engine::STEP_READ_FILE);
    assert_eq!(r.trace[0].detail("File"), Some("customer-lookup.json"));
    assert_eq!(r.trace[0].detail("Flow"), Some("Customer Lookup"));
    assert_eq!(
        step(&r, engine::STEP_INTERACTION).detail("Org"),
        Some("none: reads of org data take their Not Found path")
    );
    assert_eq!(r.verdict(), Verdict::NotFound);
    let lookup = r.lookup_step().unwrap();
    assert!(lookup.calls.is_empty());
    assert_eq!(
        lookup.detail("Read"),
        Some(
            "external contact tel:+15551234567 (resolved by +15551234567: Genesys takes a contact id) → no org \
             connected (flow file): taken as not found"
        )
    );
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Not Found");
    assert_eq!(actions(&r), ["Get caller contact", "Get VIP by id", "Play welcome", "Transfer to General"]);
    assert_eq!(outcome_of(&r).1, Some("General"));
    assert!(r.trace.iter().all(|s| s.calls.is_empty()));

    // Without a file, no org is a sentence.
    let e = block_on(simulate::<Recorded, Silent>(None, FlowSource::Org, &request(FLOW, GET, ""), host()));
    assert_eq!(e.unwrap_err().summary, "Choose a flow file, or connect to an org.");
}

#[test]
fn damaged_configuration_is_read_around_its_problems() {
    let script = vec![
        ok(&flow_path(FLOW), "flow.json", "c1"),
        ok(&config_path(FLOW), "config-damaged.json", "c2"),
        ok(&whitepages("+15551234567"), "whitepages-ada.json", "c3"),
    ];
    let r = run(script, &request(FLOW, GET, "+15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    let cfg = step(&r, engine::STEP_READ_CONFIGURATION);
    let problems = all(cfg, "Problem");
    assert_eq!(
        problems,
        [
            // The streaming reader (a93bdff) names the container by its position, not 'Identify caller'.
            "An action of '#1' is a number; it was skipped.",
            "flowSequenceItemList #2 is a string; it was skipped.",
            "'Play welcome' leads to 17, which is not in the flow.",
            "'Search caller' leads to 00000000-0000-4000-8000-000000000000, which is not in the flow.",
        ]
    );
    let warned: Vec<String> = problems.iter().map(|p| format!("Flow configuration: {p}")).collect();
    assert_eq!(r.warnings, warned);
    assert_eq!(outcome_of(&r).1, Some("Gold"));
}

#[test]
fn status_errors_on_each_call() {
    // 401 on the flow.
    let e = err(run(
        vec![answer(&flow_path(FLOW), 401, &fixture("error-401.json"), "corr-401", &[])],
        &request(FLOW, GET, "+15551234567"),
    ));
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert_eq!(e.correlation_id.as_deref(), Some("corr-401"));
    assert_eq!(e.code.as_deref(), Some("authentication.required"));

    // 404 on the flow, with and without the caller naming the flow id on the Api.
    for set_ids in [true, false] {
        let e = err(run_with(
            vec![answer(&flow_path(FLOW), 404, &fixture("error-404-flow.json"), "corr-404", &[])],
            &request(FLOW, GET, "+15551234567"),
            set_ids,
        ));
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(e.summary.starts_with(&format!("No flow with ID {FLOW} was found in this org (404)")), "{}", e.summary);
    }

    // 403 on the configuration names architect:flow:view.
    let e = err(run(
        vec![
            ok(&flow_path(FLOW), "flow.json", "c1"),
            answer(&config_path(FLOW), 403, &fixture("error-403-flows.json"), "corr-403", &[]),
        ],
        &request(FLOW, GET, "+15551234567"),
    ));
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(e.summary.contains("lacks the permission architect:flow:view"), "{}", e.summary);
    assert!(e.action.contains("architect:flow:view"), "{}", e.action);

    // 403 on the reverse whitepages lookup names externalContacts:contact:view.
    let script = with(
        flow_and_config(),
        [answer(&whitepages("+15551234567"), 403, &fixture("error-403-contacts.json"), "corr-403", &[])],
    );
    let e = err(run(script, &request(FLOW, GET, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(e.summary.contains("lacks the permission externalContacts:contact:view"), "{}", e.summary);
    assert!(e.action.contains("externalContacts:contact:view"));
    assert_eq!(e.correlation_id.as_deref(), Some("corr-403"));
    assert_eq!(e.code.as_deref(), Some("missing.any.permissions"));

    // 403 on the contact by id too, naming the request.
    let script = with(
        flow_and_config(),
        [answer(&contact_path(VIP_CONTACT), 403, &fixture("error-403-contacts.json"), "corr-403b", &[])],
    );
    let e = err(run(script, &request(FLOW, VIP, "")));
    assert!(
        e.summary.contains("externalContacts:contact:view")
            && e.summary.contains("GET /api/v2/externalcontacts/contacts/"),
        "{}",
        e.summary
    );

    // 401 on the search.
    let script = with(
        flow_and_config(),
        [answer(&whitepages("+15551234567"), 401, &fixture("error-401.json"), "corr-401b", &[])],
    );
    assert_eq!(err(run(script, &request(FLOW, SEARCH, "+15551234567"))).kind, ErrorKind::Unauthorized);
}

#[test]
fn rate_limit_then_success_is_retried_and_shown() {
    let busy =
        |c: &str| answer(&whitepages("+15551234567"), 429, &fixture("error-429.json"), c, &[("retry-after", "2")]);
    let script = with(
        flow_and_config(),
        [busy("corr-429a"), busy("corr-429b"), ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp")],
    );
    let o = run(script, &request(FLOW, GET, "+15551234567"));
    assert_eq!(o.slept, [2000, 2000]);
    let r = o.result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    assert_eq!(
        calls(r.lookup_step().unwrap()),
        [
            call(&whitepages("+15551234567"), 429, "corr-429a"),
            call(&whitepages("+15551234567"), 429, "corr-429b"),
            call(&whitepages("+15551234567"), 200, "corr-wp")
        ]
    );
    assert_eq!(outcome_of(&r).1, Some("Gold"));

    // Four 429s in a row give up with the rate-limit sentence.
    let mut script = vec![ok(&flow_path(FLOW), "flow.json", "c1")];
    for i in 0..4 {
        script.push(answer(
            &config_path(FLOW),
            429,
            &fixture("error-429.json"),
            &format!("r{i}"),
            &[("retry-after", "1")],
        ));
    }
    let e = err(run(script, &request(FLOW, GET, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.correlation_id.as_deref(), Some("r3"));
}

#[test]
fn html_instead_of_json_is_an_error() {
    let script = vec![
        ok(&flow_path(FLOW), "flow.json", "c1"),
        Exchange {
            path: config_path(FLOW),
            answer: Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "text/html".into())],
                body: fixture("login-page.html"),
            }),
        },
    ];
    let e = err(run(script, &request(FLOW, GET, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::HtmlPage);
    assert!(e.summary.contains("HTML page"), "{}", e.summary);
}

#[test]
fn network_failure_is_the_proxy_sentence() {
    let script =
        vec![Exchange { path: flow_path(FLOW), answer: Err(TransportError::Network("Failed to fetch".into())) }];
    let e = err(run(script, &request(FLOW, GET, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::Network);
    assert!(e.summary.contains("http://127.0.0.1:8081"), "{}", e.summary);
}

#[test]
fn ids_are_encoded_into_the_path() {
    let script = vec![answer("/api/v2/flows/a%2F..%2Fb%3Fx", 404, &fixture("error-404-flow.json"), "c", &[])];
    let e = err(run(script, &request("a/../b?x", GET, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::NotFound);
}

/// The cache example's Data Table Lookup: the row keyed by the Gold queue's id.
const ROW: &str =
    "/api/v2/flows/datatables/c602af71-de81-434d-b30c-d40ff8d73966/rows/51baef60-019b-4d2c-9fdd-9a6a70c26caf?showbrief=false";

#[test]
fn a_flow_without_external_contact_actions() {
    let script = vec![
        ok(&flow_path(CACHE_FLOW), "flow-cache-example.json", "c1"),
        ok(&config_path(CACHE_FLOW), "flowconfigs/cache-example-inboundcall.json", "c2"),
        answer(ROW, 404, &fixture("error-404-contact.json"), "c3", &[]),
    ];
    // Every request is scripted and a GET: the flow's data actions are not run, as the user did not ask.
    let r = run(script, &request(CACHE_FLOW, "", "+15551234567")).result.unwrap().response;
    let lookup = action(&r, "Data Table Lookup");
    assert_eq!(calls(lookup), [call(ROW, 404, "c3")]);
    assert_eq!(
        lookup.detail("Read"),
        Some("data table c602af71-de81-434d-b30c-d40ff8d73966, row '51baef60-019b-4d2c-9fdd-9a6a70c26caf' → not found")
    );
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Not Found");
    assert_eq!(changes(action(&r, "Update Data")), ["Task.LookupResult: \"failure\" → \"insert\""]);
    let data_action = action(&r, "Call Data Action");
    assert!(data_action.detail("Not simulated").unwrap().contains("assumed the path Success"));
    assert!(data_action.calls.is_empty());
    assert_eq!(
        all(action(&r, "Play Audio"), "Caller hears"),
        ["Sorry, there are no representatives available to handle your call. Please call back at a later time."]
    );
    assert_eq!(outcome_of(&r), (OutcomeKind::Disconnect, None, "disconnected"));
    assert_eq!(
        r.coverage,
        Some(CoverageCounts { actions_visited: 12, actions_total: 18, paths_visited: 7, paths_total: 23 })
    );
    assert_eq!(r.verdict(), Verdict::NoLookup);
}

mod never_panics {
    //! Whatever the network answers, the engine returns a result or a sentence; it never panics.
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Answers in order whatever is asked; then fails like a dropped connection.
    struct AnyAnswer {
        script: RefCell<VecDeque<HttpResponse>>,
    }

    impl HttpClient for AnyAnswer {
        async fn send(&self, _req: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.script.borrow_mut().pop_front().ok_or(TransportError::Network("Failed to fetch".into()))
        }
        async fn sleep(&self, _ms: u32) -> Result<(), TransportError> {
            Ok(())
        }
        fn now_ms(&self) -> f64 {
            0.0
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            ".{0,10}".prop_map(Value::String),
            prop::sample::select(vec![
                ADA,
                GET,
                "+15551234567",
                "GetExternalContactAction",
                "Found",
                "__FOUND__",
                "__MATCH_EXACT__"
            ])
            .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let key = prop::sample::select(vec![
                "id",
                "name",
                "type",
                "contacts",
                "entities",
                "firstName",
                "customFields",
                "workPhone",
                "e164",
                "publishedVersion",
                "flowSequenceItemList",
                "actionList",
                "__type",
                "paths",
                "nextActionId",
                "nextAction",
                "startAction",
                "externalId",
                "searchTerm",
                "message",
                "code",
                "status",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key, inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
            ]
        })
    }

    fn body(fixture_name: &'static str) -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just(fixture(fixture_name)),
            1 => arb_json().prop_map(|v| v.to_string()),
            1 => ".{0,40}",
        ]
    }

    fn status() -> impl Strategy<Value = u16> {
        prop_oneof![6 => Just(200u16), 1 => Just(404u16), 1 => Just(403u16), 1 => Just(429u16), 1 => Just(500u16)]
    }

    fn response(status: u16, body: String) -> HttpResponse {
        HttpResponse { status, headers: vec![("inin-correlation-id".into(), "c".into())], body }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_answers_never_panic(
            flow in body("flow.json"),
            config in body("config-customer-lookup.json"),
            lookups in prop::collection::vec(
                (status(), prop_oneof![
                    body("whitepages-ada.json"), body("whitepages-two.json"), body("contact-ada.json"),
                    body("contacts-search-acme.json"),
                ]),
                0..4,
            ),
            node in prop::sample::select(vec![GET, VIP, SEARCH, COMPANY, PLAY_WELCOME, TASK_IDENTIFY, "#12", "19", "", "x"]),
            from in prop::sample::select(vec!["+15551234567", "(555) 123-4567", "ada@example.com", ADA, "abc", ""]),
        ) {
            let mut script = vec![response(200, flow), response(200, config)];
            script.extend(lookups.into_iter().map(|(s, b)| response(s, b)));
            let client = AnyAnswer { script: RefCell::new(script.into()) };
            let conn = Connection { api_base: API_BASE.into(), proxy: ProxySetting::direct(), token: TOKEN.into() };
            let api = Api::new(&client, &conn, 5000);
            match block_on(simulate(Some(&api), FlowSource::Org, &request(FLOW, node, from), host())) {
                Ok(s) => {
                    prop_assert_eq!(s.response.status.as_str(), "COMPLETED");
                    prop_assert!(s.response.outcome.is_some());
                    prop_assert_eq!(
                        s.response.trace.last().map(|t| t.node_type.as_str()),
                        Some(engine::STEP_OUTCOME)
                    );
                    prop_assert!(SimulationResponse::parse(&s.raw).is_ok());
                    let _ = s.response.verdict();
                }
                Err(e) => prop_assert!(!e.summary.is_empty() && !e.action.is_empty()),
            }
        }
    }
}
