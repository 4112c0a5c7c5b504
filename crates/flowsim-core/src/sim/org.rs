//! The org reads of a simulation: each [`OrgQuery`] of the interpreter becomes the Platform API call Architect
//! itself would make, through the same [`Api`] (proxy, bearer, 429 retries, call log) as every other request.
//! The answer is an [`OrgAnswer`]: the resource's JSON, Not Found (404 or no exact match), or a failure sentence.
//! Nothing here writes to the org.

use serde_json::{json, Value};

use crate::base::encode::component as enc;
use crate::base::phone::{is_e164, normalize_e164};
use crate::expr::{OrgAnswer, OrgQuery};
use crate::net::api::Api;
use crate::net::error::{Call, ErrorKind, UserError};
use crate::net::http::{HttpClient, Method};
use crate::sim::validate::is_guid;

pub const QUEUES_PATH: &str = "/api/v2/routing/queues";
pub const SKILLS_PATH: &str = "/api/v2/routing/skills";
pub const LANGUAGES_PATH: &str = "/api/v2/routing/languages";
pub const WRAPUP_CODES_PATH: &str = "/api/v2/routing/wrapupcodes";
pub const USERS_PATH: &str = "/api/v2/users";
pub const USERS_SEARCH_PATH: &str = "/api/v2/users/search";
pub const GROUPS_SEARCH_PATH: &str = "/api/v2/groups/search";
pub const SCHEDULES_PATH: &str = "/api/v2/architect/schedules";
pub const SCHEDULE_GROUPS_PATH: &str = "/api/v2/architect/schedulegroups";
pub const EMERGENCY_GROUPS_PATH: &str = "/api/v2/architect/emergencygroups";
pub const PROMPTS_PATH: &str = "/api/v2/architect/prompts";
pub const SYSTEM_PROMPTS_PATH: &str = "/api/v2/architect/systemprompts";
pub const GRAMMARS_PATH: &str = "/api/v2/architect/grammars";
pub const UTILIZATION_LABELS_PATH: &str = "/api/v2/routing/utilization/labels";
pub const ORGANIZATIONS_PATH: &str = "/api/v2/externalcontacts/organizations";
pub const DATATABLES_PATH: &str = "/api/v2/flows/datatables";
pub const CONTACTS_PATH: &str = "/api/v2/externalcontacts/contacts";
pub const REVERSE_WHITEPAGES_PATH: &str = "/api/v2/externalcontacts/reversewhitepageslookup";

/// How a query is asked of the API.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// GET one resource; 404 means Not Found.
    Get(String),
    /// GET a listing filtered by name (`?name=`); the entity whose name matches exactly (ignoring case) is the
    /// answer, as Architect's Find functions match.
    Listing { path: String, name: String },
    /// POST a search body (`/users/search`, `/groups/search`); the first result is the answer.
    Search { path: String, body: Value },
    /// GET a listing of contacts; all of them are the answer (a JSON array), none is Not Found.
    Contacts(String),
    /// Get External Contact given a phone number or an email instead of a contact id: the reverse whitepages
    /// lookup, and the first contact is the answer. Genesys would need the id; flowsim resolves the key so that
    /// a flow passing `Call.Ani` can be simulated (a documented choice; the trace says so).
    ContactByKey(String),
}

fn exact_search(field: &str, value: &str) -> Value {
    json!({ "pageSize": 2, "query": [{ "type": "EXACT", "fields": [field], "value": value }] })
}

/// The API request that answers `q`.
pub fn request_for(q: &OrgQuery) -> Request {
    let listing = |path: &str, name: &str| Request::Listing {
        path: format!("{path}?name={}&pageSize=100", enc(name)),
        name: name.to_string(),
    };
    match q {
        OrgQuery::QueueByName(n) => listing(QUEUES_PATH, n),
        OrgQuery::QueueById(id) => Request::Get(format!("{QUEUES_PATH}/{}", enc(id))),
        OrgQuery::UserById(id) => Request::Get(format!("{USERS_PATH}/{}", enc(id))),
        OrgQuery::UserByName(n) => {
            Request::Search { path: USERS_SEARCH_PATH.to_string(), body: exact_search("name", n) }
        }
        OrgQuery::UserByEmail(e) => {
            Request::Search { path: USERS_SEARCH_PATH.to_string(), body: exact_search("email", e) }
        }
        OrgQuery::SkillByName(n) => listing(SKILLS_PATH, n),
        OrgQuery::LanguageSkillByName(n) => listing(LANGUAGES_PATH, n),
        OrgQuery::GroupByName(n) => {
            Request::Search { path: GROUPS_SEARCH_PATH.to_string(), body: exact_search("name", n) }
        }
        OrgQuery::WrapupCodeByName(n) => listing(WRAPUP_CODES_PATH, n),
        OrgQuery::ScheduleById(id) => Request::Get(format!("{SCHEDULES_PATH}/{}", enc(id))),
        OrgQuery::ScheduleGroupById(id) => Request::Get(format!("{SCHEDULE_GROUPS_PATH}/{}", enc(id))),
        OrgQuery::EmergencyGroupById(id) => Request::Get(format!("{EMERGENCY_GROUPS_PATH}/{}", enc(id))),
        OrgQuery::ScheduleByName(n) => listing(SCHEDULES_PATH, n),
        OrgQuery::ScheduleGroupByName(n) => listing(SCHEDULE_GROUPS_PATH, n),
        OrgQuery::EmergencyGroupByName(n) => listing(EMERGENCY_GROUPS_PATH, n),
        OrgQuery::UserPromptByName(n) => listing(PROMPTS_PATH, n),
        OrgQuery::SystemPromptByName(n) => listing(SYSTEM_PROMPTS_PATH, n),
        OrgQuery::GrammarByName(n) => listing(GRAMMARS_PATH, n),
        OrgQuery::GrammarById(id) => Request::Get(format!("{GRAMMARS_PATH}/{}", enc(id))),
        OrgQuery::UtilizationLabelByName(n) => listing(UTILIZATION_LABELS_PATH, n),
        OrgQuery::ExternalOrganizationById(id) => Request::Get(format!("{ORGANIZATIONS_PATH}/{}", enc(id.trim()))),
        OrgQuery::DataTableRow { table_id, key } => {
            Request::Get(format!("{DATATABLES_PATH}/{}/rows/{}?showbrief=false", enc(table_id), enc(key)))
        }
        OrgQuery::ExternalContactById(id) => match contact_key(id) {
            Some(key) => Request::ContactByKey(format!("{REVERSE_WHITEPAGES_PATH}?lookupVal={}", enc(&key))),
            None => Request::Get(format!("{CONTACTS_PATH}/{}", enc(id.trim()))),
        },
        OrgQuery::ExternalContactSearch(term) => {
            // Architect searches a phone number (E.164) or an email with the reverse whitepages lookup, anything
            // else with the contacts search. `Call.Ani` is a `tel:` URI: its number is what is looked up.
            let t = term.trim();
            let number = t.strip_prefix("tel:").unwrap_or(t);
            if is_e164(number) {
                Request::Contacts(format!("{REVERSE_WHITEPAGES_PATH}?lookupVal={}", enc(number)))
            } else if t.contains('@') {
                Request::Contacts(format!("{REVERSE_WHITEPAGES_PATH}?lookupVal={}", enc(t)))
            } else {
                Request::Contacts(format!("{CONTACTS_PATH}?q={}", enc(term)))
            }
        }
    }
}

/// The phone number (E.164, from `tel:` URIs and usual forms) or email a contact "id" really is, or `None` for
/// anything else (an id, used as given).
pub fn contact_key(id: &str) -> Option<String> {
    let t = id.trim();
    if t.is_empty() || is_guid(t) {
        return None;
    }
    if t.contains('@') && !t.contains(char::is_whitespace) {
        return Some(t.trim_start_matches("mailto:").to_string());
    }
    let number = t.strip_prefix("tel:").unwrap_or(t);
    normalize_e164(number).ok().map(|n| n.e164)
}

/// The entities of a listing or search body (`{entities: [...]}` or `{results: [...]}`).
fn entities(v: &Value) -> &[Value] {
    v.get("entities").or_else(|| v.get("results")).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// The contacts of a reverse whitepages lookup (`{contacts: [...]}`) or a contacts listing (`{entities: [...]}`).
fn contacts(v: &Value) -> Vec<Value> {
    let list = v.get("contacts").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_else(|| entities(v));
    list.to_vec()
}

fn name_of(v: &Value) -> &str {
    v.get("name").and_then(Value::as_str).unwrap_or_default()
}

/// Asks the org. A 404 is Not Found; a server's failure (5xx, a 400) is `Failed` with its sentence, which the
/// flow handles as Architect would (failure path or error handling). A failure of the connection itself (bad or
/// expired token, missing permission, rate limit, network, proxy) is not the flow's business: it ends the run with
/// the error. The calls made are in `api`'s call log for the trace.
pub async fn answer<C: HttpClient>(api: &Api<'_, C>, q: &OrgQuery) -> Result<OrgAnswer, UserError> {
    let result = match request_for(q) {
        Request::Get(path) => api.get_value(Call::Org, &path).await.map(OrgAnswer::Found),
        Request::Listing { path, name } => api.get_value(Call::Org, &path).await.map(|v| {
            entities(&v)
                .iter()
                .find(|e| name_of(e).eq_ignore_ascii_case(name.trim()))
                .cloned()
                .map_or(OrgAnswer::NotFound, OrgAnswer::Found)
        }),
        Request::Search { path, body } => {
            let sent = api.send(Call::Org, Method::Post, &path, Some(body.to_string())).await;
            sent.and_then(|resp| crate::net::api::parse_value(&resp, &api.context(Call::Org, Method::Post, &path)))
                .map(|v| entities(&v).first().cloned().map_or(OrgAnswer::NotFound, OrgAnswer::Found))
        }
        Request::Contacts(path) => api.get_value(Call::Org, &path).await.map(|v| {
            let found = contacts(&v);
            if found.is_empty() {
                OrgAnswer::NotFound
            } else {
                OrgAnswer::Found(Value::Array(found))
            }
        }),
        Request::ContactByKey(path) => api
            .get_value(Call::Contacts, &path)
            .await
            .map(|v| contacts(&v).into_iter().next().map_or(OrgAnswer::NotFound, OrgAnswer::Found)),
    };
    match result {
        Ok(a) => Ok(a),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(OrgAnswer::NotFound),
        Err(e) if ends_the_run(e.kind) => Err(with_permission(e, q)),
        Err(e) => Ok(OrgAnswer::Failed(failure_sentence(&e))),
    }
}

/// Failures of the connection (token, permission, rate limit, network, proxy, cancel) rather than of the org's
/// answer (a server error, a timeout on the server, a refused or unreadable answer), which a flow handles.
fn ends_the_run(kind: ErrorKind) -> bool {
    !matches!(
        kind,
        ErrorKind::ServerError
            | ErrorKind::ServerTimeout
            | ErrorKind::BadRequest
            | ErrorKind::NotFound
            | ErrorKind::Http
            | ErrorKind::NotJson
            | ErrorKind::MalformedJson
    )
}

/// The permission a query needs (Genesys' names, as the Python SDK's documentation lists them).
pub fn permission_for(q: &OrgQuery) -> &'static str {
    match q {
        OrgQuery::QueueByName(_) | OrgQuery::QueueById(_) => "routing:queue:view",
        OrgQuery::UserById(_) | OrgQuery::UserByName(_) | OrgQuery::UserByEmail(_) => "directory:user:view",
        OrgQuery::SkillByName(_) | OrgQuery::LanguageSkillByName(_) => "routing:skill:view",
        OrgQuery::GroupByName(_) => "directory:group:view",
        OrgQuery::WrapupCodeByName(_) => "routing:wrapupCode:view",
        OrgQuery::ScheduleById(_) | OrgQuery::ScheduleByName(_) => "routing:schedule:view",
        OrgQuery::ScheduleGroupById(_) | OrgQuery::ScheduleGroupByName(_) => "routing:scheduleGroup:view",
        OrgQuery::EmergencyGroupById(_) | OrgQuery::EmergencyGroupByName(_) => "routing:emergencyGroup:view",
        OrgQuery::UserPromptByName(_) => "architect:userPrompt:view",
        OrgQuery::SystemPromptByName(_) => "architect:systemPrompt:view",
        OrgQuery::GrammarByName(_) | OrgQuery::GrammarById(_) => "architect:grammar:view",
        OrgQuery::UtilizationLabelByName(_) => "routing:utilization:view",
        OrgQuery::ExternalOrganizationById(_) => "externalContacts:externalOrganization:view",
        OrgQuery::DataTableRow { .. } => "architect:datatable:view",
        OrgQuery::ExternalContactById(_) | OrgQuery::ExternalContactSearch(_) => "externalContacts:contact:view",
    }
}

/// A 403 names the permission the read needs.
fn with_permission(mut e: UserError, q: &OrgQuery) -> UserError {
    if e.kind == ErrorKind::Forbidden {
        let p = permission_for(q);
        let request = e.request.clone().unwrap_or_else(|| "this request".to_string());
        e.summary = format!("The token is valid but lacks the permission {p}, which {request} needs (403).");
        e.action = format!("Use a token whose user or OAuth client has a role with {p}, then run again.");
    }
    e
}

fn failure_sentence(e: &UserError) -> String {
    match e.status {
        Some(s) => format!("{} (HTTP {s})", e.summary),
        None => e.summary.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_are_encoded_as_components() {
        assert_eq!(
            request_for(&OrgQuery::QueueByName("Gold & Silver/VIP".into())),
            Request::Listing {
                path: "/api/v2/routing/queues?name=Gold%20%26%20Silver%2FVIP&pageSize=100".into(),
                name: "Gold & Silver/VIP".into()
            }
        );
        assert_eq!(
            request_for(&OrgQuery::DataTableRow { table_id: "t 1".into(), key: "+1 555".into() }),
            Request::Get("/api/v2/flows/datatables/t%201/rows/%2B1%20555?showbrief=false".into())
        );
    }

    #[test]
    fn finds_by_name_read_the_architect_listings_filtered_by_name() {
        let listing = |q: OrgQuery| match request_for(&q) {
            Request::Listing { path, name } => (path, name),
            other => panic!("{q:?}: {other:?}"),
        };
        assert_eq!(
            listing(OrgQuery::ScheduleGroupByName("Customer Service Hours".into())),
            (
                "/api/v2/architect/schedulegroups?name=Customer%20Service%20Hours&pageSize=100".into(),
                "Customer Service Hours".into()
            )
        );
        assert!(listing(OrgQuery::ScheduleByName("Xmas".into()))
            .0
            .starts_with("/api/v2/architect/schedules?name=Xmas"));
        assert!(listing(OrgQuery::EmergencyGroupByName("Storm".into())).0.starts_with(EMERGENCY_GROUPS_PATH));
        assert!(listing(OrgQuery::UserPromptByName("Welcome".into())).0.starts_with("/api/v2/architect/prompts?name="));
        assert!(listing(OrgQuery::SystemPromptByName("on_hold_music".into())).0.starts_with(SYSTEM_PROMPTS_PATH));
        assert_eq!(permission_for(&OrgQuery::ScheduleGroupByName(String::new())), "routing:scheduleGroup:view");
        assert_eq!(permission_for(&OrgQuery::UserPromptByName(String::new())), "architect:userPrompt:view");
        assert_eq!(
            listing(OrgQuery::GrammarByName("Account number".into())).0,
            "/api/v2/architect/grammars?name=Account%20number&pageSize=100"
        );
        assert!(listing(OrgQuery::UtilizationLabelByName("VIP".into()))
            .0
            .starts_with("/api/v2/routing/utilization/labels?name=VIP"));
        assert_eq!(permission_for(&OrgQuery::GrammarById(String::new())), "architect:grammar:view");
        assert_eq!(permission_for(&OrgQuery::UtilizationLabelByName(String::new())), "routing:utilization:view");
    }

    #[test]
    fn reads_by_id_get_the_resource() {
        assert_eq!(
            request_for(&OrgQuery::GrammarById("g 1".into())),
            Request::Get("/api/v2/architect/grammars/g%201".into())
        );
        assert_eq!(
            request_for(&OrgQuery::ExternalOrganizationById(" o-1 ".into())),
            Request::Get("/api/v2/externalcontacts/organizations/o-1".into())
        );
        assert_eq!(
            permission_for(&OrgQuery::ExternalOrganizationById(String::new())),
            "externalContacts:externalOrganization:view"
        );
    }

    #[test]
    fn a_phone_or_email_search_uses_the_reverse_lookup_and_other_terms_the_contacts_search() {
        assert!(matches!(request_for(&OrgQuery::ExternalContactSearch("+15551234567".into())),
            Request::Contacts(p) if p.starts_with(REVERSE_WHITEPAGES_PATH)));
        assert!(matches!(request_for(&OrgQuery::ExternalContactSearch("tel:+15551234567".into())),
            Request::Contacts(p) if p == "/api/v2/externalcontacts/reversewhitepageslookup?lookupVal=%2B15551234567"));
        assert!(matches!(request_for(&OrgQuery::ExternalContactSearch("ada@example.com".into())),
            Request::Contacts(p) if p.starts_with(REVERSE_WHITEPAGES_PATH)));
        assert!(matches!(request_for(&OrgQuery::ExternalContactSearch("Lovelace".into())),
            Request::Contacts(p) if p == "/api/v2/externalcontacts/contacts?q=Lovelace"));
    }

    #[test]
    fn listings_match_names_exactly_ignoring_case() {
        let body = json!({"entities": [{"id": "1", "name": "Gold VIP"}, {"id": "2", "name": "gold"}]});
        let found = entities(&body).iter().find(|e| name_of(e).eq_ignore_ascii_case("GOLD")).cloned();
        assert_eq!(found, Some(json!({"id": "2", "name": "gold"})));
        assert!(entities(&json!({"entities": null})).is_empty());
        assert_eq!(contacts(&json!({"contacts": [{"id": "c"}]})), vec![json!({"id": "c"})]);
    }
}
