//! `POST /api/v2/architect/simulations`: the tutorial's contract (which Genesys Cloud does not have).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use bytes::Bytes;

use super::json;
use crate::auth::Principal;
use crate::demo::{PERM_CONTACT_VIEW, PERM_FLOW_VIEW};
use crate::error::FakeError;
use crate::simulate::{parse_request, response_json, simulate, validate};
use crate::state::AppState;

pub const SIMULATIONS_PATH: &str = flowsim_core::sim::remote::SIMULATIONS_PATH;

pub async fn post(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    body: Bytes,
) -> Result<Response, FakeError> {
    who.require(&[PERM_FLOW_VIEW, PERM_CONTACT_VIEW])?;
    let req = parse_request(&body)?;
    let simulation_ms = validate(&state.org, &req)?.simulation_ms;
    let resp = simulate(&state, &who.token, &req).await?;
    if simulation_ms > req.timeout {
        tokio::time::sleep(Duration::from_millis(req.timeout.into())).await;
        return Err(FakeError::request_timeout(format!("The simulation did not complete within {} ms", req.timeout)));
    }
    if simulation_ms > 0 {
        tokio::time::sleep(Duration::from_millis(simulation_ms.into())).await;
    }
    Ok(json(&response_json(&resp)))
}
