//! The org data flows read (see [`crate::orgdata`]): data tables and rows, schedules, schedule groups,
//! emergency groups, queues, users (by id, listing, search), skills, language skills, groups, wrap-up codes,
//! integrations actions and their `/test`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::Extension;
use bytes::Bytes;
use flowsim_core::wire::org::{
    DataTableRow, Group, GroupSearchRequest, GroupsSearchResponse, User, UserSearchCriteria, UserSearchRequest,
    UsersSearchResponse, DATA_TABLE_KEY,
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

fn name<'a>(n: &'a Option<String>) -> &'a str {
    n.as_deref().unwrap_or_default()
}

// ---- data tables ----------------------------------------------------------------------------------------------

pub async fn datatables(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_DATATABLE_VIEW])?;
    listing(&state.org.data.data_tables, |t| name(&t.name), query.as_deref(), DATATABLES_PATH, 25)
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

// ---- architect ------------------------------------------------------------------------------------------------

pub async fn schedules(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SCHEDULE_VIEW])?;
    listing(&state.org.data.schedules, |s| s.name.as_str(), query.as_deref(), SCHEDULES_PATH, 25)
}

pub async fn schedule(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SCHEDULE_VIEW])?;
    let id = id_of(path, "Schedule")?;
    found(state.org.data.schedule(&id), "Schedule", &id)
}

pub async fn schedule_groups(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SCHEDULE_VIEW])?;
    listing(&state.org.data.schedule_groups, |s| s.name.as_str(), query.as_deref(), SCHEDULE_GROUPS_PATH, 25)
}

pub async fn schedule_group(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SCHEDULE_VIEW])?;
    let id = id_of(path, "Schedule group")?;
    found(state.org.data.schedule_group(&id), "Schedule group", &id)
}

pub async fn emergency_groups(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_EMERGENCY_GROUP_VIEW])?;
    listing(&state.org.data.emergency_groups, |s| s.name.as_str(), query.as_deref(), EMERGENCY_GROUPS_PATH, 25)
}

pub async fn emergency_group(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_EMERGENCY_GROUP_VIEW])?;
    let id = id_of(path, "Emergency group")?;
    found(state.org.data.emergency_group(&id), "Emergency group", &id)
}

// ---- routing --------------------------------------------------------------------------------------------------

pub async fn queues(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_QUEUE_VIEW])?;
    listing(&state.org.data.queues, |q| name(&q.name), query.as_deref(), QUEUES_PATH, 25)
}

pub async fn queue(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_QUEUE_VIEW])?;
    let id = id_of(path, "Queue")?;
    found(state.org.data.queue(&id), "Queue", &id)
}

pub async fn skills(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SKILL_VIEW])?;
    listing(&state.org.data.skills, |s| name(&s.name), query.as_deref(), SKILLS_PATH, 25)
}

pub async fn skill(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SKILL_VIEW])?;
    let id = id_of(path, "Skill")?;
    found(state.org.data.skill(&id), "Skill", &id)
}

pub async fn languages(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SKILL_VIEW])?;
    listing(&state.org.data.languages, |s| name(&s.name), query.as_deref(), LANGUAGES_PATH, 25)
}

pub async fn language(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_SKILL_VIEW])?;
    let id = id_of(path, "Language")?;
    found(state.org.data.language(&id), "Language", &id)
}

pub async fn wrapup_codes(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_WRAPUP_VIEW])?;
    listing(&state.org.data.wrapup_codes, |s| name(&s.name), query.as_deref(), WRAPUP_CODES_PATH, 25)
}

pub async fn wrapup_code(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_WRAPUP_VIEW])?;
    let id = id_of(path, "Wrap-up code")?;
    found(state.org.data.wrapup_code(&id), "Wrap-up code", &id)
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

pub async fn user(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_USER_VIEW])?;
    let id = id_of(path, "User")?;
    found(state.org.data.user(&id), "User", &id)
}

/// The fields a user search criterion can name, as the user's text.
fn user_field<'a>(u: &'a User, field: &str) -> Option<&'a str> {
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
fn group_field<'a>(g: &'a Group, field: &str) -> Option<&'a str> {
    match field {
        "id" => g.id.as_deref(),
        "name" => g.name.as_deref(),
        "description" => g.description.as_deref(),
        "state" => g.state.as_deref(),
        "type" => g.group_type.as_deref(),
        _ => None,
    }
}

/// One page of a search: the matches of `items` for criteria of type `EXACT`, `CONTAINS` and `STARTS_WITH`
/// (case-insensitive; every criterion must hold, on any of its fields), with the total.
fn search_page<T: Clone>(
    items: &[T],
    query: &[UserSearchCriteria],
    page_size: Option<i64>,
    page_number: Option<i64>,
    field: impl Fn(&T, &str) -> Option<String>,
) -> Result<(i64, i64, i64, Vec<T>), FakeError> {
    let page_size = page_size.unwrap_or(25);
    let page_number = page_number.unwrap_or(1);
    if !(1..=100).contains(&page_size) || page_number < 1 {
        return Err(FakeError::bad_request("pageSize must be 1 to 100 and pageNumber 1 or more."));
    }
    for c in query {
        let kind = c.criteria_type.as_deref().unwrap_or("");
        if !["EXACT", "CONTAINS", "STARTS_WITH"].contains(&kind) {
            return Err(FakeError::bad_request(format!(
                "Invalid value [{kind}] for criteria type; this org supports EXACT, CONTAINS and STARTS_WITH."
            )));
        }
    }
    let holds = |x: &T| {
        query.iter().all(|c| {
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
    let page: Vec<T> = all.into_iter().skip(start).take(page_size as usize).collect();
    Ok((total, page_size, page_number, page))
}

/// `POST /api/v2/users/search`.
pub async fn search_users(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    body: Bytes,
) -> Result<Response, FakeError> {
    who.require(&[PERM_USER_VIEW])?;
    let req: UserSearchRequest = serde_json::from_slice(&body)
        .map_err(|e| FakeError::bad_request(format!("The request body is not a UserSearchRequest: {e}")))?;
    let (total, size, number, results) =
        search_page(&state.org.data.users, &req.query, req.page_size, req.page_number, |u, f| {
            user_field(u, f).map(str::to_string)
        })?;
    Ok(json(&UsersSearchResponse {
        total: Some(total),
        page_count: Some((total + size - 1) / size),
        page_size: Some(size),
        page_number: Some(number),
        types: vec!["users".into()],
        results,
        ..Default::default()
    }))
}

/// `POST /api/v2/groups/search`.
pub async fn search_groups(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    body: Bytes,
) -> Result<Response, FakeError> {
    who.require(&[PERM_GROUP_VIEW])?;
    let req: GroupSearchRequest = serde_json::from_slice(&body)
        .map_err(|e| FakeError::bad_request(format!("The request body is not a GroupSearchRequest: {e}")))?;
    let (total, size, number, results) =
        search_page(&state.org.data.groups, &req.query, req.page_size, req.page_number, |g, f| {
            group_field(g, f).map(str::to_string)
        })?;
    Ok(json(&GroupsSearchResponse {
        total: Some(total),
        page_count: Some((total + size - 1) / size),
        page_size: Some(size),
        page_number: Some(number),
        types: vec!["groups".into()],
        results,
        ..Default::default()
    }))
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

pub async fn group(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_GROUP_VIEW])?;
    let id = id_of(path, "Group")?;
    found(state.org.data.group(&id), "Group", &id)
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
