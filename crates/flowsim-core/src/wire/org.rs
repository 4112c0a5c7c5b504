//! Org data that flows read: data tables and their rows, routing entities (queues, users, skills, language
//! skills, groups, wrap-up codes, utilization labels) and integrations (data) actions with their `/test` result.
//! Real wire names: the Python SDK's attribute maps (`DataTable`, `Queue`, `User`, `RoutingSkill`, `Language`,
//! `Group`, `WrapupCode`, `UtilizationLabel`, `Action`, `TestExecutionResult`, …). Fields are optional; unknown fields are ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::genesys::EntityRef;

/// The listings below (`QueueEntityListing`, `SkillEntityListing`, …) have the one listing shape.
pub use crate::wire::genesys::EntityListing;

// ---- data tables -------------------------------------------------------------------------------------------

/// `GET /api/v2/flows/datatables/{datatableId}` → `DataTable`. `schema` is a JSON schema whose `properties` are
/// the columns; the key column is `key`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DataTable {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<JsonSchemaDocument>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `JsonSchemaDocument`: the data table's columns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct JsonSchemaDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<String>,
    pub required: Vec<String>,
    /// Column name → `{title, type ("string", "integer", "number", "boolean"), $id, displayOrder, …}`.
    pub properties: BTreeMap<String, Value>,
    #[serde(rename = "additionalProperties", skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Value>,
}

/// `GET /api/v2/flows/datatables/{datatableId}/rows/{rowId}?showbrief=false`: the row as a map, `key` and
/// every column by its name (the SDK's `dict(str, object)`).
pub type DataTableRow = BTreeMap<String, Value>;

/// The column that holds a row's key.
pub const DATA_TABLE_KEY: &str = "key";

// ---- routing -----------------------------------------------------------------------------------------------

/// `GET /api/v2/routing/queues/{queueId}` → `Queue` (the fields flows read; the real model has more).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Queue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_member_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_member_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acw_settings: Option<AcwSettings>,
    /// `NONE`, `BEST` or `ALL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_evaluation_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling_party_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling_party_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `AcwSettings {wrapupPrompt, timeoutMs}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AcwSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrapup_prompt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<i64>,
}

/// `GET /api/v2/routing/queues?name=` → `QueueEntityListing`.
pub type QueueEntityListing = EntityListing<Queue>;

/// `GET /api/v2/users/{userId}` → `User` (the fields flows read).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub primary_contact_info: Vec<Contact>,
    pub addresses: Vec<Contact>,
    /// `active`, `inactive` or `deleted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acd_auto_answer: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// The SDK's `Contact`: one of a user's addresses (`primaryContactInfo`, `addresses`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// `PRIMARY`, `WORK`, `HOME`, … (`mediaType` is `EMAIL`, `PHONE`, `SMS`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub contact_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// `GET /api/v2/users` → `UserEntityListing`.
pub type UserEntityListing = EntityListing<User>;

/// `POST /api/v2/users/search` (and `GET` with `q64`) → `UsersSearchResponse`.
pub type UsersSearchResponse = SearchResponse<User>;

/// A page of a search (`UsersSearchResponse`, `GroupsSearchResponse`: the same shape for every entity type).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchResponse<T> {
    pub total: Option<i64>,
    pub page_count: Option<i64>,
    pub page_size: Option<i64>,
    pub page_number: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_page: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_page: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
    pub types: Vec<String>,
    pub results: Vec<T>,
}

/// `POST /api/v2/users/search` body: `UserSearchRequest {query: [UserSearchCriteria], pageSize, pageNumber, …}`.
pub type UserSearchRequest = SearchRequest;

/// A search body (`UserSearchRequest`, `GroupSearchRequest`: the same fields).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<i64>,
    pub query: Vec<SearchCriteria>,
}

/// `UserSearchCriteria`.
pub type UserSearchCriteria = SearchCriteria;

/// A search criterion (`UserSearchCriteria`, `GroupSearchCriteria`): `{type (EXACT, CONTAINS, …), fields[], value,
/// values[]}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchCriteria {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub criteria_type: Option<String>,
    pub fields: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub values: Vec<String>,
}

/// `GET /api/v2/routing/skills/{skillId}` → `RoutingSkill`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoutingSkill {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/routing/skills?name=` → `SkillEntityListing`.
pub type SkillEntityListing = EntityListing<RoutingSkill>;

/// A language skill: `GET /api/v2/routing/languages/{languageId}` → `Language`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Language {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/routing/languages?name=` → `LanguageEntityListing`.
pub type LanguageEntityListing = EntityListing<Language>;

/// `GET /api/v2/groups/{groupId}` → `Group`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Group {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// `official` or `social`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_visible: Option<bool>,
    /// `public`, `owners` or `members`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/groups` → `GroupEntityListing`.
pub type GroupEntityListing = EntityListing<Group>;

/// `POST /api/v2/groups/search` body: `GroupSearchRequest {sortOrder, sortBy, pageSize, pageNumber, query}`.
pub type GroupSearchRequest = SearchRequest;

/// `GroupSearchCriteria`.
pub type GroupSearchCriteria = SearchCriteria;

/// `POST /api/v2/groups/search` → `GroupsSearchResponse`.
pub type GroupsSearchResponse = SearchResponse<Group>;

/// `GET /api/v2/routing/wrapupcodes/{codeId}` → `WrapupCode`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WrapupCode {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/routing/wrapupcodes` → `WrapupCodeEntityListing`.
pub type WrapupCodeEntityListing = EntityListing<WrapupCode>;

/// `GET /api/v2/routing/utilization/labels/{labelId}` → `UtilizationLabel` (listed by `?name=`,
/// `UtilizationLabelEntityListing`): what Find Utilization Label reads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UtilizationLabel {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

// ---- integrations actions ----------------------------------------------------------------------------------

/// `GET /api/v2/integrations/actions/{actionId}` → `Action` (a data action). `id` is `custom_-_<uuid>` for
/// custom actions, the form flows store in `DataAction.actionId`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Action {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<ActionContract>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `ActionContract {input: {inputSchema}, output: {successSchema}}` (`expand=contract`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionContract {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<ActionInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<ActionOutput>,
}

/// `ActionInput {inputSchema}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_schema: Option<JsonSchemaDocument>,
}

/// `ActionOutput {successSchema}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_schema: Option<JsonSchemaDocument>,
}

/// `POST /api/v2/integrations/actions/{actionId}/test` → `TestExecutionResult`: each step's intermediate
/// result, and the final result (the action's output) when it succeeded.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TestExecutionResult {
    pub operations: Vec<TestExecutionOperationResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::wire::genesys::ErrorBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
}

/// `TestExecutionOperationResult {step, name, success, result, error}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TestExecutionOperationResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::wire::genesys::ErrorBody>,
}
