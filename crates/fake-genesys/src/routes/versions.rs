//! `GET /api/v2/flows/{flowId}/versions` and `/api/v2/flows/{flowId}/versions/{versionId}/configuration`.
//!
//! Every flow has its current configuration as version "2.0". The Customer Service IVR also has "1.0", from
//! before the Gold queue: there a key-account VIP (the decision's Yes path) went to the Support queue. A suite
//! run against "1.0" and the saved configuration shows the change for those callers only.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};

use super::json;
use crate::auth::Principal;
use crate::demo::PERM_FLOW_VIEW;
use crate::demo_flows::{ivr, OUT_YES};
use crate::error::FakeError;
use crate::state::AppState;

pub const CURRENT_VERSION: &str = "2.0";
pub const IVR_OLD_VERSION: &str = "1.0";

/// The versions of a flow, newest first: `(id, configuration)`.
pub fn versions(flow_id: &str, configuration: &Value) -> Vec<(&'static str, Value)> {
    let mut v = vec![(CURRENT_VERSION, configuration.clone())];
    if flow_id.eq_ignore_ascii_case(ivr::FLOW) {
        let mut old = configuration.clone();
        retarget(&mut old, ivr::KEY_ACCOUNT, OUT_YES, ivr::TRANSFER_SUPPORT, 0);
        v.push((IVR_OLD_VERSION, old));
    }
    v
}

/// Points the `output_id` path of the action `action_id` at `next`, wherever the action is in the configuration.
fn retarget(v: &mut Value, action_id: &str, output_id: &str, next: &str, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(o) => {
            if o.get("id").and_then(Value::as_str) == Some(action_id) {
                if let Some(Value::Array(paths)) = o.get_mut("paths") {
                    for p in paths.iter_mut() {
                        if p.get("outputId").and_then(Value::as_str) == Some(output_id) {
                            p["nextActionId"] = json!(next);
                        }
                    }
                }
            }
            for child in o.values_mut() {
                retarget(child, action_id, output_id, next, depth + 1);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| retarget(c, action_id, output_id, next, depth + 1)),
        _ => {}
    }
}

fn ids(path: Result<Path<(String, String)>, PathRejection>) -> Result<(String, String), FakeError> {
    path.map(|Path(p)| p).map_err(|_| FakeError::not_found("Flow version not found"))
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_FLOW_VIEW])?;
    let id = path.map(|Path(id)| id).map_err(|_| FakeError::not_found("Flow not found"))?;
    let flow = state.org.flow(&id).ok_or_else(|| FakeError::not_found(format!("Flow {id} not found")))?;
    let entities: Vec<Value> = versions(flow.id(), &flow.configuration)
        .iter()
        .map(|(v, _)| {
            json!({
                "id": v,
                "name": flow.name(),
                "commitVersion": v,
                "configurationVersion": v,
                "type": "PUBLISH",
                "selfUri": format!("/api/v2/flows/{}/versions/{v}", flow.id()),
            })
        })
        .collect();
    let total = entities.len();
    Ok(json(&json!({ "entities": entities, "pageSize": 100, "pageNumber": 1, "total": total, "pageCount": 1 })))
}

pub async fn configuration(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_FLOW_VIEW])?;
    let (id, version) = ids(path)?;
    let flow = state.org.flow(&id).ok_or_else(|| FakeError::not_found(format!("Flow {id} not found")))?;
    let found = versions(flow.id(), &flow.configuration).into_iter().find(|(v, _)| *v == version);
    match found {
        Some((_, config)) => Ok(json(&config)),
        None => Err(FakeError::not_found(format!("Flow version {version} of flow {id} not found"))),
    }
}
