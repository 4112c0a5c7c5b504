//! fake-genesys: an axum server that plays a demo Genesys Cloud org for flowsim's demo and tests.
//!
//! It serves the real Platform API endpoints flowsim reads (flows, flow configurations, external contacts),
//! the tutorial's `POST /api/v2/architect/simulations` (which Genesys Cloud does not have), and its own
//! `/_fake/scenarios` and `/_fake/health`. Errors have Genesys' body and codes; every response carries an
//! `ININ-Correlation-Id`. `--cors`, `--latency-ms` and `--rate-limit` ([`Config`]) switch on what tests need.
//!
//! Layout: [`demo`] (the org: tokens, GUIDs, contacts, flows), [`orgdata`] (data tables, schedules, routing,
//! users, data actions) with [`routes::org`], [`demo_flows`] (the IVR, SMS, module and workflow demo flows),
//! [`flowconfig`] (configuration JSON builders),
//! [`simulate`] (the simulation endpoint, computed by flowsim's engine through [`inprocess`]), [`scenarios`] (demo cases), [`auth`], [`state`], [`layers`], [`query`],
//! [`error`] and [`routes`].

pub mod auth;
pub mod demo;
pub mod demo_flows;
pub mod error;
pub mod flowconfig;
pub mod inprocess;
pub mod layers;
pub mod login;
pub mod orgdata;
pub mod query;
pub mod routes;
pub mod scenarios;
pub mod simulate;
pub mod state;

use std::sync::Arc;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;

pub use error::FakeError;
pub use state::{AppState, Config};

/// The line the binary prints once listening (followed by the URL).
pub const LISTENING_PREFIX: &str = "fake-genesys listening on ";

/// The whole server as a router.
pub fn app(config: Config) -> Router {
    router(AppState::new(config))
}

/// The router over `state` (the simulation endpoint builds one per run for its in-process client).
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/api/v2/flows", get(routes::flows::list))
        .route("/api/v2/flows/{flowId}", get(routes::flows::get))
        .route("/api/v2/flows/{flowId}/latestconfiguration", get(routes::flows::latest_configuration))
        .route("/api/v2/flows/{flowId}/versions", get(routes::versions::list))
        .route("/api/v2/flows/{flowId}/versions/{versionId}/configuration", get(routes::versions::configuration))
        .route("/api/v2/externalcontacts/reversewhitepageslookup", get(routes::contacts::reverse_whitepages))
        .route("/api/v2/externalcontacts/contacts", get(routes::contacts::search))
        .route("/api/v2/externalcontacts/contacts/{contactId}", get(routes::contacts::get))
        .route(routes::simulations::SIMULATIONS_PATH, post(routes::simulations::post))
        .merge(org_routes())
        .route_layer(from_fn_with_state(state.clone(), auth::guard))
        .layer(from_fn_with_state(state.clone(), layers::latency));
    // Identity: authenticated, not rate-limited (see routes::me).
    let me = Router::new()
        .route("/api/v2/tokens/me", get(routes::me::token_info).delete(routes::me::revoke))
        .route("/api/v2/users/me", get(routes::me::user_me))
        .route("/api/v2/organizations/me", get(routes::me::organization_me))
        .route_layer(from_fn_with_state(state.clone(), routes::me::identify))
        .layer(from_fn_with_state(state.clone(), layers::latency));
    // The login host (the demo org's login.<domain>).
    let login = Router::new()
        .route("/oauth/authorize", get(routes::oauth::authorize).post(routes::oauth::choose))
        .route("/oauth/token", post(routes::oauth::token));
    let fake = Router::new()
        .route("/_fake/scenarios", get(routes::fake::list_scenarios))
        .route("/_fake/health", get(routes::fake::health))
        .route("/_fake/expire-sessions", post(routes::oauth::expire_sessions))
        .layer(from_fn(layers::open_to_any_origin));
    let inner = api.merge(me).merge(login).merge(fake).fallback(routes::not_found).with_state(state.clone());
    // Wrapped as a whole (not route by route), so CORS and the correlation id come before routing.
    let mut outer = Router::new().fallback_service(inner);
    if state.config.cors {
        outer = outer.layer(from_fn(layers::cors));
    }
    outer.layer(from_fn(layers::correlation_id))
}

/// The org data flows read ([`orgdata`], [`routes::org`]).
fn org_routes() -> Router<Arc<AppState>> {
    use orgdata::*;
    use routes::org::*;
    let router = Router::new()
        .route(DATATABLES_PATH, get(datatables))
        .route("/api/v2/flows/datatables/{datatableId}", get(datatable))
        .route("/api/v2/flows/datatables/{datatableId}/rows", get(datatable_rows))
        .route("/api/v2/flows/datatables/{datatableId}/rows/{rowId}", get(datatable_row))
        .route(USERS_PATH, get(users))
        .route(GROUPS_PATH, get(groups))
        .route("/api/v2/integrations/actions/{actionId}", get(action))
        .route("/api/v2/integrations/actions/{actionId}/test", post(test_action));
    let r = collection(router, SCHEDULES_PATH, "Schedule", PERM_SCHEDULE_VIEW, |d| &d.schedules);
    let r = collection(r, SCHEDULE_GROUPS_PATH, "Schedule group", PERM_SCHEDULE_GROUP_VIEW, |d| &d.schedule_groups);
    let r = collection(r, EMERGENCY_GROUPS_PATH, "Emergency group", PERM_EMERGENCY_GROUP_VIEW, |d| &d.emergency_groups);
    let r = collection(r, PROMPTS_PATH, "Prompt", PERM_USER_PROMPT_VIEW, |d| &d.prompts);
    let r = collection(r, SYSTEM_PROMPTS_PATH, "System prompt", PERM_SYSTEM_PROMPT_VIEW, |d| &d.system_prompts);
    let r = collection(r, QUEUES_PATH, "Queue", PERM_QUEUE_VIEW, |d| &d.queues);
    let r = collection(r, SKILLS_PATH, "Skill", PERM_SKILL_VIEW, |d| &d.skills);
    let r = collection(r, LANGUAGES_PATH, "Language", PERM_SKILL_VIEW, |d| &d.languages);
    let r = collection(r, WRAPUP_CODES_PATH, "Wrap-up code", PERM_WRAPUP_VIEW, |d| &d.wrapup_codes);
    let r = collection(r, GRAMMARS_PATH, "Grammar", PERM_GRAMMAR_VIEW, |d| &d.grammars);
    let r =
        collection(r, UTILIZATION_LABELS_PATH, "Utilization label", PERM_UTILIZATION_VIEW, |d| &d.utilization_labels);
    let r = route_by_id(r, ORGANIZATIONS_PATH, "External organization", PERM_EXTERNAL_ORGANIZATION_VIEW, |d| {
        &d.external_organizations
    });
    // Users and groups are listed by handlers of their own, and searched.
    let r = route_by_id(r, USERS_PATH, "User", PERM_USER_VIEW, |d| &d.users);
    let r = route_by_id(r, GROUPS_PATH, "Group", PERM_GROUP_VIEW, |d| &d.groups);
    let r = route_search(r, USERS_SEARCH_PATH, "UserSearchRequest", PERM_USER_VIEW, |d| &d.users, "users", user_field);
    route_search(r, GROUPS_SEARCH_PATH, "GroupSearchRequest", PERM_GROUP_VIEW, |d| &d.groups, "groups", group_field)
}

/// Serves [`app`] on `listener` until the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    axum::serve(listener, app(config)).await
}
