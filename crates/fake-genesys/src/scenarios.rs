//! The demo cases `GET /_fake/scenarios` lists (core's [`Scenario`]): each names a token, flow, node and phone,
//! and the outcome the simulation endpoint gives for it; the flow scenarios add the interpreter's inputs and how
//! its run must end.

pub use flowsim_core::wire::demo::{outcome, Expected, PathTaken, RunEnd, Scenario};

use crate::demo::*;

#[allow(clippy::too_many_arguments)]
fn case(
    name: &str,
    description: &str,
    token: &str,
    flow_id: &str,
    node_id: &str,
    phone: &str,
    outcome: &str,
    contact_name: Option<String>,
) -> Scenario {
    Scenario {
        name: name.into(),
        description: description.into(),
        token: token.into(),
        flow_id: flow_id.into(),
        node_id: node_id.into(),
        phone: phone.into(),
        outcome: outcome.into(),
        contact_name,
        ..Scenario::default()
    }
}

/// All demo cases; the first is the happy path.
pub fn scenarios() -> Vec<Scenario> {
    use outcome::*;
    vec![
        case(
            "Ada Lovelace found",
            "The caller's number belongs to one external contact; the flow transfers her to the Gold queue.",
            TOKEN_DEMO,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            ADA_PHONE_DISPLAY,
            FOUND,
            Some("Ada Lovelace".into()),
        ),
        case(
            "Unknown caller",
            "No external contact has this number; the flow takes the Not Found path.",
            TOKEN_DEMO,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            "+1 555 999 9999",
            NOT_FOUND,
            None,
        ),
        case(
            "Contact with HTML and script in its fields",
            "Found, but the contact's names, email, URL and custom fields hold markup and script: it must show as text.",
            TOKEN_DEMO,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            HOSTILE_PHONE_E164,
            FOUND,
            Some(hostile_full_name()),
        ),
        case(
            "Several contacts share the number",
            "Sam Smith and Samantha Smith share a home phone; Search External Contacts takes Multiple Matches.",
            TOKEN_DEMO,
            FLOW_MESSAGING_SEARCH,
            F2_SEARCH,
            SHARED_HOME_PHONE_E164,
            MULTIPLE_MATCHES,
            None,
        ),
        case(
            "Grace Hopper found by search (UK number)",
            "Search External Contacts finds exactly one contact for a UK number.",
            TOKEN_DEMO,
            FLOW_MESSAGING_SEARCH,
            F2_SEARCH,
            GRACE_PHONE_DISPLAY,
            FOUND,
            Some("Grace Hopper".into()),
        ),
        case(
            "Unknown node",
            "The node id exists nowhere in the flow: 400.",
            TOKEN_DEMO,
            FLOW_CALLER_LOOKUP,
            UNKNOWN_NODE,
            ADA_PHONE_DISPLAY,
            BAD_REQUEST,
            None,
        ),
        case(
            "Container node",
            "The node id is the Task that holds the lookup, not the action: 400.",
            TOKEN_DEMO,
            FLOW_CALLER_LOOKUP,
            F1_TASK,
            ADA_PHONE_DISPLAY,
            BAD_REQUEST,
            None,
        ),
        case(
            "Expired token",
            "The access token is no longer valid: 401.",
            TOKEN_EXPIRED,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            ADA_PHONE_DISPLAY,
            UNAUTHORIZED,
            None,
        ),
        case(
            "Token without permissions",
            "The token is valid but its user lacks architect:flow:view and externalContacts:contact:view: 403.",
            TOKEN_NO_PERMISSION,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            ADA_PHONE_DISPLAY,
            FORBIDDEN,
            None,
        ),
        case(
            "Unknown flow",
            "No flow has this id: 404.",
            TOKEN_DEMO,
            UNKNOWN_FLOW,
            F1_GET_CONTACT,
            ADA_PHONE_DISPLAY,
            NOT_FOUND_FLOW,
            None,
        ),
        case(
            "Always rate limited",
            "Every request gets 429 with Retry-After: 1; retries do not help.",
            TOKEN_ALWAYS_THROTTLED,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            ADA_PHONE_DISPLAY,
            RATE_LIMITED,
            None,
        ),
        case(
            "Rate limited, then found",
            "The first two tries get 429 with Retry-After: 1; a client that retries succeeds on its third.",
            TOKEN_THROTTLED,
            FLOW_CALLER_LOOKUP,
            F1_GET_CONTACT,
            ADA_PHONE_DISPLAY,
            FOUND,
            Some("Ada Lovelace".into()),
        ),
        Scenario {
            timeout_ms: Some(1_000),
            ..case(
                "Slow flow times out",
                "The flow takes 8 seconds; with a 1-second timeout the server answers 504.",
                TOKEN_DEMO,
                FLOW_SLOW_LOOKUP,
                F4_GET_CONTACT,
                ADA_PHONE_DISPLAY,
                TIMEOUT,
                None,
            )
        },
        case(
            "Flow without a lookup",
            "The node is an action of a flow with no external contact action: the trace has no lookup step.",
            TOKEN_DEMO,
            FLOW_AFTER_HOURS,
            F3_PLAY_AFTER_HOURS,
            ADA_PHONE_DISPLAY,
            NO_LOOKUP,
            None,
        ),
    ]
    .into_iter()
    .chain(flow_scenarios())
    .collect()
}

/// Instants for the schedule group (America/New_York): a Monday morning, the Monday lunch hour, a Saturday, and
/// Christmas Day (a Friday in 2026) at 10 AM.
pub const AT_OPEN: &str = "2026-01-05T15:00:00Z";
pub const AT_LUNCH: &str = "2026-01-05T17:30:00Z";
pub const AT_WEEKEND: &str = "2026-01-03T15:00:00Z";
pub const AT_CHRISTMAS: &str = "2026-12-25T15:00:00Z";

fn expect(end: RunEnd, action_id: &str, paths: &[(&str, &str)]) -> Option<Expected> {
    Some(Expected {
        end,
        action_id: action_id.to_string(),
        paths: paths.iter().map(|(a, o)| PathTaken::new(a, o)).collect(),
    })
}

/// A flow scenario: the interpreter runs `flow_id` from its start (`node_id`, the first action of the flow's
/// start, is the same place) at `at` with the caller's `inputs`; the simulation endpoint, given the same
/// interaction, answers `outcome` (its verdict on the first external contact action the run reaches).
#[allow(clippy::too_many_arguments)]
fn flow_case(
    name: &str,
    description: &str,
    flow_id: &str,
    node_id: &str,
    phone: &str,
    at: &str,
    inputs: &[&str],
    outcome: &str,
    contact_name: Option<&str>,
    expected: Option<Expected>,
) -> Scenario {
    Scenario {
        at: Some(at.to_string()),
        inputs: inputs.iter().map(|i| i.to_string()).collect(),
        expect: expected,
        ..case(name, description, TOKEN_DEMO, flow_id, node_id, phone, outcome, contact_name.map(String::from))
    }
}

/// The interpreter's scenarios over the demo flows of [`crate::demo_flows`], one per outcome.
pub fn flow_scenarios() -> Vec<Scenario> {
    use crate::demo_flows::{ivr, module, sms, workflow, *};
    use crate::orgdata::VIP_DELETED_PHONE_E164;
    use outcome::*;
    use RunEnd::*;
    let open = (ivr::EVALUATE, OUT_OPEN);
    let mut list = vec![
        flow_case(
            "IVR: VIP key account to the Gold queue",
            "Open on a Monday morning; the caller presses 1 (Billing); the VIP table has Ada's number, her contact is \
             found, and her organisation is the key account: Transfer to ACD, Gold.",
            ivr::FLOW,
            ivr::EVALUATE,
            ADA_PHONE_E164,
            AT_OPEN,
            &["1"],
            FOUND,
            Some("Ada Lovelace"),
            expect(
                TransferToAcd,
                ivr::TRANSFER_GOLD,
                &[open, (ivr::VIP_LOOKUP, OUT_FOUND), (ivr::GET_CONTACT, OUT_FOUND), (ivr::KEY_ACCOUNT, OUT_YES)],
            ),
        ),
        flow_case(
            "IVR: VIP of another organisation",
            "Grace is in the VIP table and found, but her organisation is not the key account: the Support queue.",
            ivr::FLOW,
            ivr::EVALUATE,
            GRACE_PHONE_E164,
            AT_OPEN,
            &["1"],
            FOUND,
            Some("Grace Hopper"),
            expect(
                TransferToAcd,
                ivr::TRANSFER_SUPPORT,
                &[open, (ivr::VIP_LOOKUP, OUT_FOUND), (ivr::GET_CONTACT, OUT_FOUND), (ivr::KEY_ACCOUNT, OUT_NO)],
            ),
        ),
        flow_case(
            "IVR: VIP row whose contact is gone",
            "The VIP table has the number, but Get External Contact finds no contact with its id: the Support queue.",
            ivr::FLOW,
            ivr::EVALUATE,
            VIP_DELETED_PHONE_E164,
            AT_OPEN,
            &["1"],
            NOT_FOUND,
            None,
            expect(
                TransferToAcd,
                ivr::TRANSFER_SUPPORT,
                &[open, (ivr::VIP_LOOKUP, OUT_FOUND), (ivr::GET_CONTACT, OUT_NOT_FOUND)],
            ),
        ),
        flow_case(
            "IVR: caller not in the VIP table",
            "The Data Table Lookup takes Not Found: the Support queue.",
            ivr::FLOW,
            ivr::EVALUATE,
            NOT_FOUND_PHONE_E164,
            AT_OPEN,
            &["1"],
            NO_LOOKUP,
            None,
            expect(TransferToAcd, ivr::TRANSFER_SUPPORT, &[open, (ivr::VIP_LOOKUP, OUT_NOT_FOUND)]),
        ),
        flow_case(
            "IVR: technical support",
            "The caller presses 2: the Support queue with the Technical Support skill.",
            ivr::FLOW,
            ivr::EVALUATE,
            ADA_PHONE_E164,
            AT_OPEN,
            &["2"],
            NO_LOOKUP,
            None,
            expect(TransferToAcd, ivr::TRANSFER_TECH, &[open]),
        ),
        flow_case(
            "IVR: caller hangs up from the menu",
            "The caller presses 9: Disconnect.",
            ivr::FLOW,
            ivr::EVALUATE,
            ADA_PHONE_E164,
            AT_OPEN,
            &["9"],
            NO_LOOKUP,
            None,
            expect(Disconnect, ivr::CHOICE_HANGUP_DISCONNECT, &[open]),
        ),
        flow_case(
            "IVR: closed on a holiday",
            "Christmas Day, 10 AM in New York: the holiday schedule wins over the weekday hours; the holiday message, \
             then Disconnect.",
            ivr::FLOW,
            ivr::EVALUATE,
            ADA_PHONE_E164,
            AT_CHRISTMAS,
            &[],
            NO_LOOKUP,
            None,
            expect(Disconnect, ivr::HOURS_DISCONNECT, &[(ivr::EVALUATE, OUT_HOLIDAY)]),
        ),
        flow_case(
            "IVR: closed at the weekend",
            "Saturday morning: no schedule is open, so the group is Closed; the closed message, then Disconnect.",
            ivr::FLOW,
            ivr::EVALUATE,
            ADA_PHONE_E164,
            AT_WEEKEND,
            &[],
            NO_LOOKUP,
            None,
            expect(Disconnect, ivr::HOURS_DISCONNECT, &[(ivr::EVALUATE, OUT_CLOSED)]),
        ),
        flow_case(
            "IVR: closed for lunch",
            "Monday 12:30 in New York: the closed schedule wins over the open one.",
            ivr::FLOW,
            ivr::EVALUATE,
            ADA_PHONE_E164,
            AT_LUNCH,
            &[],
            NO_LOOKUP,
            None,
            expect(Disconnect, ivr::HOURS_DISCONNECT, &[(ivr::EVALUATE, OUT_CLOSED)]),
        ),
        Scenario {
            start: Some(ivr::VIP_LOOKUP.to_string()),
            ..flow_case(
                "IVR from the VIP lookup (a start node)",
                "The run starts at the Data Table Lookup instead of the flow's start, so no hours check and no menu: \
                 Ada is a VIP of the key account, Transfer to ACD, Gold.",
                ivr::FLOW,
                ivr::VIP_LOOKUP,
                ADA_PHONE_E164,
                AT_WEEKEND,
                &[],
                FOUND,
                Some("Ada Lovelace"),
                expect(
                    TransferToAcd,
                    ivr::TRANSFER_GOLD,
                    &[(ivr::VIP_LOOKUP, OUT_FOUND), (ivr::GET_CONTACT, OUT_FOUND), (ivr::KEY_ACCOUNT, OUT_YES)],
                ),
            )
        },
        flow_case(
            "SMS: one contact has the number",
            "The common module finds Ada's VIP tier; Search External Contacts takes Exact Match; the General queue.",
            sms::FLOW,
            sms::CALL_MODULE,
            ADA_PHONE_E164,
            AT_OPEN,
            &[],
            FOUND,
            Some("Ada Lovelace"),
            expect(TransferToAcd, sms::TRANSFER, &[(sms::SEARCH, OUT_MATCH_EXACT)]),
        ),
        flow_case(
            "SMS: several contacts share the number",
            "Sam and Samantha Smith share a home phone: Multiple Matches, then the General queue.",
            sms::FLOW,
            sms::CALL_MODULE,
            SHARED_HOME_PHONE_E164,
            AT_OPEN,
            &[],
            MULTIPLE_MATCHES,
            None,
            expect(TransferToAcd, sms::TRANSFER, &[(sms::SEARCH, OUT_MATCH_MULTIPLE)]),
        ),
        flow_case(
            "SMS: unknown sender",
            "No contact has the number: Not Found, then the General queue.",
            sms::FLOW,
            sms::CALL_MODULE,
            NOT_FOUND_PHONE_E164,
            AT_OPEN,
            &[],
            NOT_FOUND,
            None,
            expect(TransferToAcd, sms::TRANSFER, &[(sms::SEARCH, OUT_NOT_FOUND)]),
        ),
        flow_case(
            "Common module: VIP tier of a number",
            "The module on its own, with Common.phoneNumber set to Ada's number: the VIP table has her tier.",
            module::FLOW,
            module::LOOKUP,
            ADA_PHONE_E164,
            AT_OPEN,
            &[],
            NO_LOOKUP,
            None,
            expect(EndModule, module::END, &[(module::LOOKUP, OUT_FOUND)]),
        ),
        flow_case(
            "Workflow: callback scheduled",
            "With both inputs set, the workflow works out the callback time, loops until the second attempt books \
             it, and ends.",
            workflow::FLOW,
            workflow::SET_DUE,
            ADA_PHONE_E164,
            AT_OPEN,
            &[],
            NO_LOOKUP,
            None,
            expect(EndWorkflow, workflow::END, &[(workflow::DECISION, OUT_NO), (workflow::DECISION, OUT_YES)]),
        ),
        flow_case(
            "Workflow: error handling from a NOT_SET argument",
            "Flow.delayMinutes is not given, so AddMinutes gets NOT_SET: a runtime error, and the workflow's error \
             handling ends it.",
            workflow::FLOW,
            workflow::SET_DUE,
            ADA_PHONE_E164,
            AT_OPEN,
            &[],
            NO_LOOKUP,
            None,
            expect(ErrorHandling, workflow::SET_DUE, &[]),
        ),
    ];
    let with_inputs = |s: &mut Scenario, inputs: &[(&str, serde_json::Value)]| {
        s.flow_inputs = inputs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    };
    for s in &mut list {
        if s.flow_id == module::FLOW {
            with_inputs(s, &[(module::INPUT_PHONE, ADA_PHONE_E164.into())]);
        } else if s.name == "Workflow: callback scheduled" {
            with_inputs(s, &[(workflow::INPUT_PHONE, ADA_PHONE_E164.into()), (workflow::INPUT_DELAY, 30.into())]);
        } else if s.flow_id == workflow::FLOW {
            with_inputs(s, &[(workflow::INPUT_PHONE, ADA_PHONE_E164.into())]);
        }
    }
    list
}
