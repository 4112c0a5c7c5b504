//! The fake's own endpoints: `GET /_fake/scenarios` and `GET /_fake/health` (no authentication).

use axum::response::Response;

use super::json;
use crate::scenarios::scenarios;

pub async fn list_scenarios() -> Response {
    json(&scenarios())
}

pub async fn health() -> &'static str {
    "ok"
}
