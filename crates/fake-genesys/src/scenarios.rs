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
}
