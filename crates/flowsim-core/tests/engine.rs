//! The in-browser engine against recorded-shape Genesys responses, through a scripted HTTP client that checks
//! every request (method, URL with the proxy applied, bearer token) and answers from `tests/fixtures/recorded/`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::path::PathBuf;

use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::{ErrorKind, UserError};
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError};
use flowsim_core::net::proxy::ProxySetting;
use flowsim_core::sim::engine::{self, simulate};
use flowsim_core::sim::remote::Simulated;
use flowsim_core::wire::contract::{SimulationContext, SimulationRequest, SimulationResponse, TraceStep, Verdict};
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

const PROXY: &str = "http://127.0.0.1:8081/";
const API_BASE: &str = "https://api.mypurecloud.com";
const TOKEN: &str = "tok-Z9y8X7";

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
        },
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
    let result = block_on(simulate(&api, req));
    let left = client.script.borrow().len();
    assert_eq!(left, 0, "{left} of {n} scripted requests were not made");
    let requests = client.sent.borrow().len();
    let slept = client.slept.borrow().clone();
    Outcome { result, requests, slept }
}

fn run(script: Vec<Exchange>, req: &SimulationRequest) -> Outcome {
    run_with(script, req, true)
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

fn call(path: &str, status: u16, corr: &str) -> (String, String, u16, Option<String>) {
    ("GET".to_string(), path.to_string(), status, Some(corr.to_string()))
}

fn err(o: Outcome) -> UserError {
    match o.result {
        Err(e) => e,
        Ok(s) => panic!("expected an error, got {}", s.raw),
    }
}

#[test]
fn get_external_contact_resolves_the_phone_number_then_finds_the_contact() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp"));
    script.push(ok(&contact_path(ADA), "contact-ada.json", "corr-contact"));
    let o = run(script, &request(FLOW, GET, "(555) 123-4567"));
    assert_eq!(o.requests, 4);
    let s = o.result.unwrap();
    let r = &s.response;
    assert_eq!(r.status, "COMPLETED");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(
        types(r),
        [
            "flowsim.ReadFlow",
            "flowsim.ReadConfiguration",
            "flowsim.LookupKey",
            "flowsim.ResolveContactId",
            "GetExternalContactAction",
            "TransferPureMatchAction"
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
    assert!(cfg
        .detail("External contact actions")
        .unwrap()
        .contains("'Search by company' (SearchExternalContactsAction"));
    assert_eq!(calls(cfg), [call(&config_path(FLOW), 200, "corr-config")]);

    let key = step(r, engine::STEP_LOOKUP_KEY);
    assert_eq!(key.detail("Input (externalId)"), Some("Call.Ani"));
    assert_eq!(key.detail("Caller"), Some("(555) 123-4567"));
    assert_eq!(key.detail("E.164"), Some("+15551234567"));
    assert!(key.detail("Note").unwrap().contains("assumed +1"));
    assert!(key.calls.is_empty());

    let resolve = step(r, engine::STEP_RESOLVE_CONTACT_ID);
    assert_eq!(
        resolve.detail("How"),
        Some(
            "The action takes an External Contact ID; flowsim resolved the phone number +15551234567 to a contact id \
             with GET /api/v2/externalcontacts/reversewhitepageslookup."
        )
    );
    assert_eq!(resolve.detail("Contact id"), Some(ADA));
    assert_eq!(calls(resolve), [call(&whitepages("+15551234567"), 200, "corr-wp")]);

    let lookup = r.lookup_step().unwrap();
    assert_eq!((lookup.node_id.as_str(), lookup.node_name.as_str()), (GET, "Get caller contact"));
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
    let outcome = lookup.outcome.as_ref().unwrap();
    assert_eq!(outcome.path, "Found");
    assert_eq!(outcome.next_action_name.as_deref(), Some("Transfer to Gold"));
    assert_eq!(outcome.next_action_id.as_deref(), Some("49182f56-d306-42b4-95b9-e6f708293a4b"));
    assert_eq!(lookup.detail("Next action"), Some("Transfer to Gold (TransferPureMatchAction)"));
    assert_eq!(calls(lookup), [call(&contact_path(ADA), 200, "corr-contact")]);
    assert!(lookup.calls[0].duration_ms > 0.0);

    let last = r.trace.last().unwrap();
    assert_eq!(last.node_name, "Transfer to Gold");
    assert_eq!(last.detail("Container"), Some("Task 'Identify caller'"));

    // The raw JSON is the response, and reads back the same.
    let again = SimulationResponse::parse(&s.raw).unwrap();
    assert_eq!(&again, r);
    assert!(!s.raw.contains(TOKEN));
}

#[test]
fn get_external_contact_by_literal_contact_id() {
    let mut script = flow_and_config();
    script.push(ok(&contact_path(VIP_CONTACT), "contact-vip.json", "corr-vip"));
    let o = run(script, &request(FLOW, VIP, "not used"));
    let r = o.result.unwrap().response;
    assert_eq!(types(&r)[2..], ["flowsim.LookupKey", "GetExternalContactAction", "PlayAudioAction"]);
    let key = step(&r, engine::STEP_LOOKUP_KEY);
    assert_eq!(key.detail("Input (externalId)"), Some(&*format!("\"{VIP_CONTACT}\"")));
    assert_eq!(key.detail("Value from"), Some("the literal configured in the action (the caller is not used)"));
    assert_eq!(key.detail("Contact id"), Some(VIP_CONTACT));
    assert_eq!(r.verdict(), Verdict::Found { name: "Charles Babbage".into() });
    assert_eq!(r.trace.last().unwrap().node_name, "Play VIP greeting");
}

#[test]
fn contact_id_404_is_the_not_found_path() {
    let mut script = flow_and_config();
    script.push(answer(&contact_path(VIP_CONTACT), 404, &fixture("error-404-contact.json"), "corr-404", &[]));
    let r = run(script, &request(FLOW, VIP, "")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NotFound);
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Not Found");
    assert_eq!(calls(lookup), [call(&contact_path(VIP_CONTACT), 404, "corr-404")]);
    // Not Found is an empty branch: the flow continues with the action after the lookup.
    assert_eq!(lookup.detail("Next action"), Some("Play welcome (PlayAudioAction)"));
    assert_eq!(r.trace.last().unwrap().node_id, PLAY_WELCOME);
}

#[test]
fn unknown_number_takes_not_found_and_continues_after_the_action() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+442079460958"), "whitepages-none.json", "corr-wp"));
    let r = run(script, &request(FLOW, GET, "+44 20 7946 0958")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NotFound);
    assert_eq!(step(&r, engine::STEP_LOOKUP_KEY).detail("E.164"), Some("+442079460958"));
    assert_eq!(
        step(&r, engine::STEP_RESOLVE_CONTACT_ID).detail("Result"),
        Some("No external contact has the phone number +442079460958.")
    );
    let lookup = r.lookup_step().unwrap();
    assert!(lookup.calls.is_empty());
    let outcome = lookup.outcome.as_ref().unwrap();
    assert_eq!((outcome.path.as_str(), outcome.next_action_name.as_deref()), ("Not Found", Some("Get VIP by id")));
    assert!(lookup.detail("Why").unwrap().contains("The 'Not Found' path is empty"), "{:?}", lookup.detail("Why"));
}

#[test]
fn several_contacts_with_the_number_pick_the_first_for_get() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-two.json", "corr-wp"));
    script.push(ok(&contact_path(ADA), "contact-ada.json", "corr-contact"));
    let r = run(script, &request(FLOW, GET, "+1 555 123 4567")).result.unwrap().response;
    let resolve = step(&r, engine::STEP_RESOLVE_CONTACT_ID);
    assert_eq!(resolve.detail("Result"), Some("2 contacts have the phone number +15551234567."));
    assert!(resolve.detail("Picked").unwrap().starts_with("Ada Lovelace"));
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    assert_eq!(r.lookup_step().unwrap().outcome.as_ref().unwrap().path, "Found");
}

#[test]
fn search_exact_match() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp"));
    let r = run(script, &request(FLOW, SEARCH, "555.123.4567")).result.unwrap().response;
    assert_eq!(
        types(&r),
        [
            "flowsim.ReadFlow",
            "flowsim.ReadConfiguration",
            "flowsim.LookupKey",
            "SearchExternalContactsAction",
            "PlayAudioAction"
        ]
    );
    assert_eq!(step(&r, engine::STEP_LOOKUP_KEY).detail("Input (searchTerm)"), Some("Call.Ani"));
    let lookup = r.lookup_step().unwrap();
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Exact Match");
    assert_eq!(lookup.outcome.as_ref().unwrap().next_action_name.as_deref(), Some("Greet by name"));
    assert_eq!(calls(lookup), [call(&whitepages("+15551234567"), 200, "corr-wp")]);
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
}

#[test]
fn search_multiple_matches() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-two.json", "corr-wp"));
    let r = run(script, &request(FLOW, SEARCH, "15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::MultipleMatches { count: 2 });
    let lookup = r.lookup_step().unwrap();
    let names: Vec<String> = lookup.result.matches.iter().map(|c| c.display_name()).collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Multiple Matches");
    assert_eq!(r.trace.last().unwrap().node_name, "Ask for account number");
}

#[test]
fn search_not_found_continues_with_the_next_action() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-none.json", "corr-wp"));
    let r = run(script, &request(FLOW, SEARCH, "+15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NotFound);
    assert_eq!(r.trace.last().unwrap().node_name, "Search by company");
}

#[test]
fn search_for_a_literal_that_is_not_a_phone_uses_the_keyword_search() {
    let mut script = flow_and_config();
    script.push(ok(
        "/api/v2/externalcontacts/contacts?q=Acme%20Corp&pageSize=25",
        "contacts-search-acme.json",
        "corr-q",
    ));
    let r = run(script, &request(FLOW, COMPANY, "+15551234567")).result.unwrap().response;
    assert_eq!(step(&r, engine::STEP_LOOKUP_KEY).detail("Search term"), Some("Acme Corp"));
    let lookup = r.lookup_step().unwrap();
    assert!(lookup.detail("How").unwrap().contains("GET /api/v2/externalcontacts/contacts?q="));
    assert_eq!(lookup.outcome.as_ref().unwrap().path, "Exact Match");
    // Every path of Search by company is empty and End Task follows it.
    assert_eq!(r.trace.last().unwrap().node_type, "EndTaskAction");
}

#[test]
fn tracking_id_is_accepted_as_node_id() {
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp"));
    let r = run(script, &request(FLOW, "#19", "+15551234567")).result.unwrap().response;
    assert_eq!(r.lookup_step().unwrap().node_id, SEARCH);
}

#[test]
fn an_action_that_does_not_look_up_contacts() {
    let script = flow_and_config();
    let r = run(script, &request(FLOW, PLAY_WELCOME, "+15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::NoLookup);
    let last = r.trace.last().unwrap();
    assert_eq!((last.node_type.as_str(), last.node_name.as_str()), ("PlayAudioAction", "Play welcome"));
    assert!(last.detail("Does not look up contacts").unwrap().contains("'Play welcome' (PlayAudioAction)"));
    let listed = last.detail("External contact actions in this flow").unwrap();
    for id in [GET, VIP, SEARCH, COMPANY] {
        assert!(listed.contains(id), "{listed}");
    }
}

#[test]
fn a_flow_without_external_contact_actions() {
    let script = vec![
        ok(&flow_path(CACHE_FLOW), "flow-cache-example.json", "c1"),
        ok(&config_path(CACHE_FLOW), "flowconfigs/cache-example-inboundcall.json", "c2"),
    ];
    // The cache example's first action, a Data Table Lookup.
    let r = run(script, &request(CACHE_FLOW, "9debd0e6-c214-4f31-962a-9ce1bf1981fc", "+15551234567")).result.unwrap();
    let r = r.response;
    assert_eq!(r.verdict(), Verdict::NoLookup);
    assert_eq!(step(&r, engine::STEP_READ_CONFIGURATION).detail("External contact actions"), Some("none"));
    assert_eq!(r.trace.last().unwrap().detail("External contact actions in this flow"), Some("none"));

    // An id that is not in it says so, and that the flow has no lookup at all.
    let script = vec![
        ok(&flow_path(CACHE_FLOW), "flow-cache-example.json", "c1"),
        ok(&config_path(CACHE_FLOW), "flowconfigs/cache-example-inboundcall.json", "c2"),
    ];
    let e = err(run(script, &request(CACHE_FLOW, "11111111-2222-4333-8444-555555555555", "+15551234567")));
    assert!(e.action.contains("This flow has no external contact action"), "{}", e.action);
}

#[test]
fn unknown_node_is_a_bad_request_sentence() {
    let e = err(run(flow_and_config(), &request(FLOW, "nope-123", "+15551234567")));
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert_eq!(e.summary, "Node nope-123 is not in flow 'Customer Lookup'.");
    assert!(e.action.starts_with("Pick the node from the list, or copy the action's id from Architect."));
    assert!(e.action.contains(GET));
}

#[test]
fn container_node_names_the_container_and_its_lookups() {
    let e = err(run(flow_and_config(), &request(FLOW, TASK_IDENTIFY, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert!(e.summary.contains("is the Task 'Identify caller' (a container), not an action"), "{}", e.summary);
    assert!(e.action.starts_with("Pick the action inside it: 'Get caller contact' (GetExternalContactAction"));
    assert!(e.action.contains(VIP) && !e.action.contains(SEARCH), "{}", e.action);
}

#[test]
fn a_node_of_an_embedded_common_module_points_to_the_module() {
    let script = vec![
        ok(&flow_path(FLOW), "flow.json", "c1"),
        ok(&config_path(FLOW), "flowconfigs/merge-external-contact-inboundmessage.json", "c2"),
    ];
    // The module's first action ("Fetch External Contact by Identifier" data action).
    let module =
        flowsim_core::flow::config::FlowConfig::parse(&fixture("flowconfigs/resolve-contact-commonmodule.json"));
    let node = module.containers[0].start_action.clone().unwrap();
    let e = err(run(script, &request(FLOW, &node, "+15551234567")));
    assert!(e.summary.contains("common module 'Resolve Contact'"), "{}", e.summary);
    assert!(e.action.contains("38caf8a4-076b-4a3d-a302-eec7955465fc"), "{}", e.action);
}

#[test]
fn invalid_caller_number_is_an_input_error() {
    let e = err(run(flow_and_config(), &request(FLOW, GET, "555-CALL-NOW")));
    assert_eq!(e.kind, ErrorKind::Input);
    assert!(e.summary.contains("\"C\""), "{}", e.summary);
}

#[test]
fn damaged_configuration_is_read_around_its_problems() {
    let script = vec![
        ok(&flow_path(FLOW), "flow.json", "c1"),
        ok(&config_path(FLOW), "config-damaged.json", "c2"),
        ok(&whitepages("+15551234567"), "whitepages-ada.json", "c3"),
        ok(&contact_path(ADA), "contact-ada.json", "c4"),
    ];
    let r = run(script, &request(FLOW, GET, "+15551234567")).result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    let cfg = step(&r, engine::STEP_READ_CONFIGURATION);
    let problems: Vec<&str> = cfg.details.iter().filter(|d| d.label == "Problem").map(|d| d.value.as_str()).collect();
    assert_eq!(
        problems,
        [
            "Action #5 in Task 'Identify caller' ('Play welcome' (PlayAudioAction)) has a nextAction that is a number; it was ignored.",
            "Action #7 in Task 'Identify caller' ('Lost action') has no id; it was skipped.",
            "Action #8 in Task 'Identify caller' is a number instead of an object; it was skipped.",
            "Item #2 of flowSequenceItemList is a string instead of an object; it was skipped.",
            "Menu choice 'Disconnect' in Menu 'Main Menu' has no action.",
            "The 'Multiple Matches' path of action 'Search caller' (SearchExternalContactsAction) in Task 'Search caller' leads to action 00000000-0000-4000-8000-000000000000, which is not in the flow.",
        ]
    );
    assert_eq!(r.warnings.len(), problems.len());
    assert!(r.warnings[0].starts_with("Flow configuration: "));
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

    // 403 on the reverse whitepages lookup names externalContacts:contact:view.
    let mut script = flow_and_config();
    script.push(answer(&whitepages("+15551234567"), 403, &fixture("error-403-contacts.json"), "corr-403", &[]));
    let e = err(run(script, &request(FLOW, GET, "+15551234567")));
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(e.summary.contains("lacks the permission externalContacts:contact:view"), "{}", e.summary);
    assert!(e.action.contains("externalContacts:contact:view"));
    assert_eq!(e.correlation_id.as_deref(), Some("corr-403"));
    assert_eq!(e.code.as_deref(), Some("missing.any.permissions"));

    // 403 on the contact by id too.
    let mut script = flow_and_config();
    script.push(answer(&contact_path(VIP_CONTACT), 403, &fixture("error-403-contacts.json"), "corr-403b", &[]));
    let e = err(run(script, &request(FLOW, VIP, "")));
    assert!(
        e.summary.contains("externalContacts:contact:view")
            && e.summary.contains("GET /api/v2/externalcontacts/contacts/")
    );

    // 401 on the search.
    let mut script = flow_and_config();
    script.push(answer(&whitepages("+15551234567"), 401, &fixture("error-401.json"), "corr-401b", &[]));
    assert_eq!(err(run(script, &request(FLOW, SEARCH, "+15551234567"))).kind, ErrorKind::Unauthorized);
}

#[test]
fn rate_limit_then_success_is_retried_and_shown() {
    let busy = |c: &str| answer(&contact_path(ADA), 429, &fixture("error-429.json"), c, &[("retry-after", "2")]);
    let mut script = flow_and_config();
    script.push(ok(&whitepages("+15551234567"), "whitepages-ada.json", "corr-wp"));
    script.push(busy("corr-429a"));
    script.push(busy("corr-429b"));
    script.push(ok(&contact_path(ADA), "contact-ada.json", "corr-contact"));
    let o = run(script, &request(FLOW, GET, "+15551234567"));
    assert_eq!(o.slept, [2000, 2000]);
    let r = o.result.unwrap().response;
    assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    assert_eq!(
        calls(r.lookup_step().unwrap()),
        [
            call(&contact_path(ADA), 429, "corr-429a"),
            call(&contact_path(ADA), 429, "corr-429b"),
            call(&contact_path(ADA), 200, "corr-contact")
        ]
    );

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
            prop::sample::select(vec![ADA, GET, "+15551234567", "GetExternalContactAction", "Found", "__FOUND__"])
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
            node in prop::sample::select(vec![GET, VIP, SEARCH, COMPANY, PLAY_WELCOME, TASK_IDENTIFY, "#12", "", "x"]),
            from in prop::sample::select(vec!["+15551234567", "(555) 123-4567", "ada@example.com", ADA, "abc", ""]),
        ) {
            let mut script = vec![response(200, flow), response(200, config)];
            script.extend(lookups.into_iter().map(|(s, b)| response(s, b)));
            let client = AnyAnswer { script: RefCell::new(script.into()) };
            let conn = Connection { api_base: API_BASE.into(), proxy: ProxySetting::direct(), token: TOKEN.into() };
            let api = Api::new(&client, &conn, 5000);
            match block_on(simulate(&api, &request(FLOW, node, from))) {
                Ok(s) => {
                    prop_assert_eq!(s.response.status.as_str(), "COMPLETED");
                    prop_assert!(SimulationResponse::parse(&s.raw).is_ok());
                    let _ = s.response.verdict();
                }
                Err(e) => prop_assert!(!e.summary.is_empty() && !e.action.is_empty()),
            }
        }
    }
}
