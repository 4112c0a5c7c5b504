//! The org data flows read (see [`crate::orgdata`]): data tables and rows, schedules, schedule groups,
//! emergency groups, user and system prompts, grammars, queues, users (by id, listing, search), skills, language
//! skills, groups, wrap-up codes, utilization labels, external organizations, integrations actions and their
//! `/test`. The collections that are only listed (by name)
//! and read by id are served by [`collection`].

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use bytes::Bytes;
use flowsim_core::wire::architect::{EmergencyGroup, Grammar, Prompt, Schedule, ScheduleGroup};
use flowsim_core::wire::genesys::ExternalOrganization;
use flowsim_core::wire::org::{
    DataTableRow, Group, Language, Queue, RoutingSkill, SearchCriteria, SearchResponse, User, UserSearchRequest,
    UtilizationLabel, WrapupCode, DATA_TABLE_KEY,
};
use serde::Serialize;
use serde_json::Value;

use super::json;
use crate::auth::Principal;
use crate::error::FakeError;
use crate::orgdata::*;
use crate::query::{listing_page, wildcard_contains, Page, Params};
use crate::state::AppState;

pub const DATATABLES_PATH: &str = "/api/v2/flows/datatables";
pub const SCHEDULES_PATH: &str = "/api/v2/architect/schedules";
pub const SCHEDULE_GROUPS_PATH: &str = "/api/v2/architect/schedulegroups";
pub const EMERGENCY_GROUPS_PATH: &str = "/api/v2/architect/emergencygroups";
pub const PROMPTS_PATH: &str = "/api/v2/architect/prompts";
pub const SYSTEM_PROMPTS_PATH: &str = "/api/v2/architect/systemprompts";
pub const GRAMMARS_PATH: &str = "/api/v2/architect/grammars";
pub const UTILIZATION_LABELS_PATH: &str = "/api/v2/routing/utilization/labels";
pub const ORGANIZATIONS_PATH: &str = "/api/v2/externalcontacts/organizations";
pub const QUEUES_PATH: &str = "/api/v2/routing/queues";
pub const USERS_PATH: &str = "/api/v2/users";
pub const USERS_SEARCH_PATH: &str = "/api/v2/users/search";
pub const SKILLS_PATH: &str = "/api/v2/routing/skills";
pub const LANGUAGES_PATH: &str = "/api/v2/routing/languages";
pub const GROUPS_PATH: &str = "/api/v2/groups";
pub const GROUPS_SEARCH_PATH: &str = "/api/v2/groups/search";
pub const WRAPUP_CODES_PATH: &str = "/api/v2/routing/wrapupcodes";
pub const ACTIONS_PATH: &str = "/api/v2/integrations/actions";

const MAX_PAGE_SIZE: u64 = 500;

fn id_of(path: Result<Path<String>, PathRejection>, what: &str) -> Result<String, FakeError> {
    path.map(|Path(id)| id).map_err(|_| FakeError::not_found(format!("{what} not found")))
}

fn found<T: Serialize>(item: Option<&T>, what: &str, id: &str) -> Result<Response, FakeError> {
    item.map(json).ok_or_else(|| FakeError::not_found(format!("{what} {id} not found")))
}

/// `name` as the routing listings read it: with `*`, a wildcard; without, the whole name (case-insensitive).
fn name_matches(pattern: &str, name: &str) -> bool {
    if pattern.contains('*') {
        wildcard_contains(pattern, name)
    } else {
        pattern.trim().eq_ignore_ascii_case(name)
    }
}

/// A paged listing of `items`, filtered by the `name` parameter when given.
fn listing<T: Clone + Serialize>(
    items: &[T],
    name_of: impl Fn(&T) -> &str,
    query: Option<&str>,
    path: &str,
    default_size: u64,
) -> Result<Response, FakeError> {
    let params = Params::parse(query);
    let page = Page::read(&params, default_size, MAX_PAGE_SIZE)?;
    let name = params.get("name").filter(|n| !n.trim().is_empty());
    let kept: Vec<T> = items.iter().filter(|x| name.is_none_or(|n| name_matches(n, name_of(x)))).cloned().collect();
    Ok(json(&listing_page(&kept, page, path, &params)))
}

fn name(n: &Option<String>) -> &str {
    n.as_deref().unwrap_or_default()
}

// ---- collections listed by name and read by id ----------------------------------------------------------------

/// What the org's collections hold: entities with an id and a name.
pub trait Entity: Clone + Serialize + Send + Sync + 'static {
    fn id(&self) -> Option<&str>;
    fn name(&self) -> &str;
}

/// Architect's entities, whose `id` and `name` are always there.
macro_rules! architect_entity {
    ($($t:ty),*) => {$(
        impl Entity for $t {
            fn id(&self) -> Option<&str> { Some(&self.id) }
            fn name(&self) -> &str { &self.name }
        }
    )*};
}
/// The SDK models with optional `id` and `name`.
macro_rules! entity {
    ($($t:ty),*) => {$(
        impl Entity for $t {
            fn id(&self) -> Option<&str> { self.id.as_deref() }
            fn name(&self) -> &str { name(&self.name) }
        }
    )*};
}
architect_entity!(Schedule, ScheduleGroup, EmergencyGroup, Grammar);
entity!(Prompt, Queue, RoutingSkill, Language, WrapupCode, User, Group, UtilizationLabel, ExternalOrganization);

/// `GET {path}/{id}`: the entity of `items` with that id (404 names `what`), for callers holding `permission`.
pub fn route_by_id<T: Entity>(
    router: Router<Arc<AppState>>,
    path: &str,
    what: &'static str,
    permission: &'static str,
    items: fn(&OrgData) -> &[T],
) -> Router<Arc<AppState>> {
    let one = move |State(state): State<Arc<AppState>>,
                    Extension(who): Extension<Principal>,
                    id: Result<Path<String>, PathRejection>| async move {
        who.require(&[permission])?;
        let id = id_of(id, what)?;
        found(by_id(items(&state.org.data), &id, T::id), what, &id)
    };
    router.route(&format!("{path}/{{id}}"), get(one))
}

/// [`route_by_id`], and the listing `GET {path}` (paged, filtered by `name`).
pub fn collection<T: Entity>(
    router: Router<Arc<AppState>>,
    path: &'static str,
    what: &'static str,
    permission: &'static str,
    items: fn(&OrgData) -> &[T],
) -> Router<Arc<AppState>> {
    let all = move |State(state): State<Arc<AppState>>,
                    Extension(who): Extension<Principal>,
                    RawQuery(query): RawQuery| async move {
        who.require(&[permission])?;
        listing(items(&state.org.data), T::name, query.as_deref(), path, 25)
    };
    route_by_id(router, path, what, permission, items).route(path, get(all))
}

// ---- data tables ----------------------------------------------------------------------------------------------

pub async fn datatables(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_DATATABLE_VIEW])?;
    let expand = Params::parse(query.as_deref()).list("expand").iter().any(|e| e == "schema");
    let tables: Vec<_> = state
        .org
        .data
        .data_tables
        .iter()
        .cloned()
        .map(|mut t| {
            if !expand {
                t.schema = None;
            }
            t
        })
        .collect();
    listing(&tables, |t| name(&t.name), query.as_deref(), DATATABLES_PATH, 25)
}

/// `GET /api/v2/flows/datatables/{id}`: the `schema` only with `expand=schema`, as the API does.
pub async fn datatable(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_DATATABLE_VIEW])?;
    let id = id_of(path, "Datatable")?;
    let mut table = state.org.data.data_table(&id).cloned().ok_or_else(|| table_not_found(&id))?;
    if !Params::parse(query.as_deref()).list("expand").iter().any(|e| e == "schema") {
        table.schema = None;
    }
    Ok(json(&table))
}

fn table_not_found(id: &str) -> FakeError {
    FakeError::not_found(format!("Datatable {id} not found"))
}

/// `showbrief` (default `true`) answers only the `key` of a row.
fn brief(row: &DataTableRow, query: Option<&str>) -> DataTableRow {
    let full = Params::parse(query).get("showbrief").is_some_and(|v| v.eq_ignore_ascii_case("false"));
    if full {
        row.clone()
    } else {
        row.iter().filter(|(k, _)| k.as_str() == DATA_TABLE_KEY).map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}

pub async fn datatable_rows(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_DATATABLE_VIEW])?;
    let id = id_of(path, "Datatable")?;
    state.org.data.data_table(&id).ok_or_else(|| table_not_found(&id))?;
    let rows: Vec<DataTableRow> = state
        .org
        .data
        .rows
        .iter()
        .filter(|(t, _)| t.eq_ignore_ascii_case(&id))
        .flat_map(|(_, rows)| rows.values())
        .map(|r| brief(r, query.as_deref()))
        .collect();
    let params = Params::parse(query.as_deref());
    let page = Page::read(&params, 25, MAX_PAGE_SIZE)?;
    Ok(json(&listing_page(&rows, page, &format!("{DATATABLES_PATH}/{id}/rows"), &params)))
}

pub async fn datatable_row(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_DATATABLE_VIEW])?;
    let (id, key) = path.map(|Path(p)| p).map_err(|_| FakeError::not_found("Datatable row not found"))?;
    state.org.data.data_table(&id).ok_or_else(|| table_not_found(&id))?;
    let row = state
        .org
        .data
        .row(&id, &key)
        .ok_or_else(|| FakeError::not_found(format!("Row with key {key} not found in datatable {id}")))?;
    Ok(json(&brief(row, query.as_deref())))
}

// ---- directory ------------------------------------------------------------------------------------------------

pub async fn users(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_USER_VIEW])?;
    let params = Params::parse(query.as_deref());
    let ids = params.list("id");
    let kept: Vec<User> = state
        .org
        .data
        .users
        .iter()
        .filter(|u| ids.is_empty() || ids.iter().any(|i| u.id.as_deref().is_some_and(|id| id.eq_ignore_ascii_case(i))))
        .cloned()
        .collect();
    let page = Page::read(&params, 25, MAX_PAGE_SIZE)?;
    Ok(json(&listing_page(&kept, page, USERS_PATH, &params)))
}

/// The fields a user search criterion can name, as the user's text.
pub fn user_field<'a>(u: &'a User, field: &str) -> Option<&'a str> {
    match field {
        "id" => u.id.as_deref(),
        "name" => u.name.as_deref(),
        "email" => u.email.as_deref(),
        "username" => u.username.as_deref(),
        "title" => u.title.as_deref(),
        "department" => u.department.as_deref(),
        "state" => u.state.as_deref(),
        _ => None,
    }
}

/// The fields a group search criterion can name.
pub fn group_field<'a>(g: &'a Group, field: &str) -> Option<&'a str> {
    match field {
        "id" => g.id.as_deref(),
        "name" => g.name.as_deref(),
        "description" => g.description.as_deref(),
        "state" => g.state.as_deref(),
        "type" => g.group_type.as_deref(),
        _ => None,
    }
}

/// One page of a search (`POST …/search`, the body a `UserSearchRequest`/`GroupSearchRequest` named `what`): the
/// matches of `items` for criteria of type `EXACT`, `CONTAINS` and `STARTS_WITH` (case-insensitive; every
/// criterion must hold, on any of its fields), with the total; `types` names the entity type searched.
fn search_page<T: Clone + Serialize>(
    body: &[u8],
    what: &str,
    items: &[T],
    types: &str,
    field: impl for<'a> Fn(&'a T, &str) -> Option<&'a str>,
) -> Result<Response, FakeError> {
    let req: UserSearchRequest = serde_json::from_slice(body)
        .map_err(|e| FakeError::bad_request(format!("The request body is not a {what}: {e}")))?;
    let page_size = req.page_size.unwrap_or(25);
    let page_number = req.page_number.unwrap_or(1);
    if !(1..=100).contains(&page_size) || page_number < 1 {
        return Err(FakeError::bad_request("pageSize must be 1 to 100 and pageNumber 1 or more."));
    }
    let query = &req.query;
    for c in query {
        let kind = c.criteria_type.as_deref().unwrap_or("");
        if !["EXACT", "CONTAINS", "STARTS_WITH"].contains(&kind) {
            return Err(FakeError::bad_request(format!(
                "Invalid value [{kind}] for criteria type; this org supports EXACT, CONTAINS and STARTS_WITH."
            )));
        }
    }
    let holds = |x: &T| {
        query.iter().all(|c: &SearchCriteria| {
            let mut wanted: Vec<String> = c.values.iter().map(|v| v.to_lowercase()).collect();
            wanted.extend(c.value.iter().map(|v| v.to_lowercase()));
            c.fields.iter().filter_map(|f| field(x, f)).any(|have| {
                let have = have.to_lowercase();
                wanted.iter().any(|w| match c.criteria_type.as_deref() {
                    Some("EXACT") => have == *w,
                    Some("CONTAINS") => have.contains(w.as_str()),
                    _ => have.starts_with(w.as_str()),
                })
            })
        })
    };
    let all: Vec<T> = items.iter().filter(|x| holds(x)).cloned().collect();
    let total = all.len() as i64;
    let start = usize::try_from((page_number - 1).saturating_mul(page_size)).unwrap_or(usize::MAX);
    let results: Vec<T> = all.into_iter().skip(start).take(page_size as usize).collect();
    Ok(json(&SearchResponse {
        total: Some(total),
        page_count: Some((total + page_size - 1) / page_size),
        page_size: Some(page_size),
        page_number: Some(page_number),
        types: vec![types.into()],
        results,
        previous_page: None,
        current_page: None,
        next_page: None,
    }))
}

/// `POST {path}` (`/api/v2/users/search`, `/api/v2/groups/search`): a search of `items` whose body is a `what`
/// (`UserSearchRequest`), answering `types`, on the fields `field` names.
pub fn route_search<T: Entity>(
    router: Router<Arc<AppState>>,
    path: &str,
    what: &'static str,
    permission: &'static str,
    items: fn(&OrgData) -> &[T],
    types: &'static str,
    field: for<'a> fn(&'a T, &str) -> Option<&'a str>,
) -> Router<Arc<AppState>> {
    let search = move |State(state): State<Arc<AppState>>, Extension(who): Extension<Principal>, body: Bytes| async move {
        who.require(&[permission])?;
        search_page(&body, what, items(&state.org.data), types, field)
    };
    router.route(path, post(search))
}

pub async fn groups(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_GROUP_VIEW])?;
    // `GET /api/v2/groups` has no name filter (Find Group uses `POST /api/v2/groups/search`).
    let params = Params::parse(query.as_deref());
    let page = Page::read(&params, 25, MAX_PAGE_SIZE)?;
    Ok(json(&listing_page(&state.org.data.groups, page, GROUPS_PATH, &params)))
}

// ---- integrations ---------------------------------------------------------------------------------------------

/// `GET /api/v2/integrations/actions/{id}`: the `contract` only with `expand=contract`.
pub async fn action(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_ACTION_VIEW])?;
    let id = id_of(path, "Action")?;
    let mut action =
        state.org.data.action(&id).cloned().ok_or_else(|| FakeError::not_found(format!("Action {id} not found")))?;
    if !Params::parse(query.as_deref()).list("expand").iter().any(|e| e == "contract") {
        action.contract = None;
    }
    Ok(json(&action))
}

/// `POST /api/v2/integrations/actions/{id}/test`: the body is the action's input object.
pub async fn test_action(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, FakeError> {
    who.require(&[PERM_ACTION_EXECUTE])?;
    let id = id_of(path, "Action")?;
    state.org.data.action(&id).ok_or_else(|| FakeError::not_found(format!("Action {id} not found")))?;
    let input: Value = serde_json::from_slice(&body)
        .map_err(|e| FakeError::bad_request(format!("The request body must be the action's input as JSON: {e}")))?;
    if !input.is_object() {
        return Err(FakeError::bad_request("The request body must be a JSON object (the action's input)."));
    }
    // Genesys leaves unset fields out; core's `ErrorBody` writes them as `null`.
    let mut answer = serde_json::to_value(state.org.data.test_action(&input)).unwrap_or_default();
    drop_nulls(&mut answer);
    Ok(json(&answer))
}

/// Removes `null` members of every object in `v`.
fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, x| !x.is_null());
            o.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}
