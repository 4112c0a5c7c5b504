//! `GET /api/v2/externalcontacts/reversewhitepageslookup`, `/contacts` (search) and `/contacts/{contactId}`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::Extension;
use flowsim_core::wire::genesys::{ExternalContact, ReverseWhitepagesLookupResult};

use super::json;
use crate::auth::Principal;
use crate::demo::PERM_CONTACT_VIEW;
use crate::error::FakeError;
use crate::query::{listing_page, Page, Params};
use crate::state::AppState;

pub const CONTACTS_PATH: &str = "/api/v2/externalcontacts/contacts";
/// `pageNumber × pageSize` may not exceed this.
const MAX_RECORDS: u64 = 1_000;

pub async fn reverse_whitepages(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_CONTACT_VIEW])?;
    let params = Params::parse(query.as_deref());
    let lookup_val = params
        .get("lookupVal")
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| FakeError::bad_request("The lookupVal query parameter is required."))?;
    let contacts = state.org.reverse_whitepages(lookup_val).into_iter().cloned().collect();
    Ok(json(&ReverseWhitepagesLookupResult { contacts }))
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Whether `q` finds `c`: names and emails contain it (case-insensitive), or, for a phone-like `q` with at
/// least 3 digits, a phone's digits contain its digits.
pub fn matches_query(c: &ExternalContact, q: &str) -> bool {
    let q = q.trim();
    if q.is_empty() {
        return true;
    }
    let needle = q.to_lowercase();
    let texts = [
        c.first_name.clone(),
        c.middle_name.clone(),
        c.last_name.clone(),
        Some(c.full_name()),
        c.work_email.clone(),
        c.personal_email.clone(),
        c.other_email.clone(),
    ];
    if texts.iter().flatten().any(|t| t.to_lowercase().contains(&needle)) {
        return true;
    }
    let phone_like = q.chars().all(|ch| ch.is_ascii_digit() || " +-.()".contains(ch));
    let q_digits = digits(q);
    phone_like
        && q_digits.len() >= 3
        && c.phones()
            .iter()
            .any(|(_, p)| digits(p.e164.as_deref().or(p.display.as_deref()).unwrap_or("")).contains(&q_digits))
}

pub async fn search(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, FakeError> {
    who.require(&[PERM_CONTACT_VIEW])?;
    let params = Params::parse(query.as_deref());
    let page = Page::read(&params, 20, 100)?;
    if page.size.saturating_mul(page.number) > MAX_RECORDS {
        return Err(FakeError::bad_request(format!(
            "pageNumber × pageSize must be at most {MAX_RECORDS}; got {} × {}.",
            page.number, page.size
        )));
    }
    let q = params.get("q").unwrap_or("");
    let mut found: Vec<ExternalContact> = state.org.contacts.iter().filter(|c| matches_query(c, q)).cloned().collect();
    if let Some(order) = params.get("sortOrder").filter(|s| !s.is_empty()) {
        let (field, dir) = order.split_once(':').unwrap_or((order, "asc"));
        let key = |c: &ExternalContact| -> String {
            match field {
                "firstName" => c.first_name.clone(),
                "lastName" => c.last_name.clone(),
                "middleName" => c.middle_name.clone(),
                _ => c.title.clone(),
            }
            .unwrap_or_default()
            .to_lowercase()
        };
        if !["firstName", "lastName", "middleName", "title"].contains(&field) || !["asc", "desc"].contains(&dir) {
            return Err(FakeError::bad_request(format!(
                "Invalid value [{order}] for parameter [sortOrder]; use firstName, lastName, middleName or title, with :asc or :desc."
            )));
        }
        found.sort_by_key(key);
        if dir == "desc" {
            found.reverse();
        }
    }
    Ok(json(&listing_page(&found, page, CONTACTS_PATH, &params)))
}

pub async fn get(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Principal>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, FakeError> {
    who.require(&[PERM_CONTACT_VIEW])?;
    let id = path.map(|Path(id)| id).map_err(|_| FakeError::not_found("External contact not found"))?;
    let c = state.org.contact(&id).ok_or_else(|| FakeError::not_found(format!("External contact {id} not found")))?;
    Ok(json(c))
}
