//! `GET /api/v2/flows`, `/api/v2/flows/{flowId}`, `/api/v2/flows/{flowId}/latestconfiguration`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::Extension;
use flowsim_core::wire::genesys::Flow;

use super::json;
use crate::auth::Principal;
use crate::demo::{DemoFlow, PERM_FLOW_VIEW};
use crate::error::FakeError;
use crate::query::{listing_page, wildcard_contains, Page, Params};
use crate::state::AppState;

/// Flow types the API knows (`Flow.type`).
pub const FLOW_TYPES: [&str; 21] = [
    "BOT",
    "BUSINESSPROCESS",
    "COMMONMODULE",
    "DIGITALBOT",
    "EMAILSEND",
    "INBOUNDCALL",
    "INBOUNDCHAT",
    "INBOUNDEMAIL",
    "INBOUNDSHORTMESSAGE",
    "INQUEUECALL",
    "INQUEUEEMAIL",
    "INQUEUESHORTMESSAGE",
    "OUTBOUNDCALL",
    "SECURECALL",
    "SPEECH",
    "SURVEYINVITE",
    "VOICE",
    "VOICEMAIL",
    "VOICESURVEY",
    "WORKFLOW",
    "WORKITEM",
];

pub const FLOWS_PATH: &str = "/api/v2/flows";
const MAX_PAGE_SIZE: u64 = 500;

/// The `{flowId}` of a path, or 404 when it cannot be read.
fn flow_id(path: Result<Path<String>, PathRejection>) -> Result<String, FakeError> {
    path.map(|Path(id)| id).map_err(|_| FakeError::not_found("Flow not found"))
}

fn find<'a>(state: &'a AppState, id: &str) -> Result<&'a DemoFlow, FakeError> {
    state.org.flow(id).ok_or_else(|| FakeError::not_found(format!("Flow {id} not found")))
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_FLOW_VIEW])?;
    let params = Params::parse(query.as_deref());
    let page = Page::read(&params, 25, MAX_PAGE_SIZE)?;
    let mut types = Vec::new();
    for t in params.list("type") {
        let upper = t.to_ascii_uppercase();
        if !FLOW_TYPES.contains(&upper.as_str()) {
            return Err(FakeError::bad_request(format!(
                "Invalid value [{t}] for parameter [type]; expected one of {}.",
                FLOW_TYPES.join(", ").to_ascii_lowercase()
            )));
        }
        types.push(upper);
    }
    let ids = params.list("id");
    let name = params.get("name").filter(|n| !n.is_empty());
    let description = params.get("description").filter(|n| !n.is_empty());
    let name_or_description = params.get("nameOrDescription").filter(|n| !n.is_empty());
    let sort_by = params.get("sortBy").unwrap_or("id");
    let descending = match params.get("sortOrder").unwrap_or("asc").to_ascii_lowercase().as_str() {
        "asc" | "ascending" => false,
        "desc" | "descending" => true,
        other => return Err(FakeError::bad_request(format!("Invalid value [{other}] for parameter [sortOrder]."))),
    };
    let mut flows: Vec<&DemoFlow> = state
        .org
        .flows
        .iter()
        .filter(|f| types.is_empty() || types.iter().any(|t| t == f.flow_type()))
        .filter(|f| ids.is_empty() || ids.iter().any(|i| i.eq_ignore_ascii_case(f.id())))
        .filter(|f| name.is_none_or(|n| wildcard_contains(n, f.name())))
        .filter(|f| description.is_none_or(|d| wildcard_contains(d, f.flow.description.as_deref().unwrap_or(""))))
        .filter(|f| {
            name_or_description.is_none_or(|q| {
                wildcard_contains(q, f.name()) || wildcard_contains(q, f.flow.description.as_deref().unwrap_or(""))
            })
        })
        .collect();
    match sort_by.to_ascii_lowercase().as_str() {
        "id" => flows.sort_by(|a, b| a.id().cmp(b.id())),
        "name" => flows.sort_by_key(|f| (f.name().to_lowercase(), f.id().to_string())),
        "type" => flows.sort_by_key(|f| (f.flow_type().to_string(), f.name().to_lowercase())),
        "description" => flows.sort_by_key(|f| f.flow.description.clone().unwrap_or_default().to_lowercase()),
        other => return Err(FakeError::bad_request(format!("Invalid value [{other}] for parameter [sortBy]."))),
    }
    if descending {
        flows.reverse();
    }
    let entities: Vec<Flow> = flows.into_iter().map(|f| f.flow.clone()).collect();
    Ok(json(&listing_page(&entities, page, FLOWS_PATH, &params)))
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_FLOW_VIEW])?;
    let id = flow_id(path)?;
    Ok(json(&find(&state, &id)?.flow))
}

pub async fn latest_configuration(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_FLOW_VIEW])?;
    let id = flow_id(path)?;
    Ok(json(&find(&state, &id)?.configuration))
}
