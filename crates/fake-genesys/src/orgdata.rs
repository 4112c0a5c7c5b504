//! The demo org's routing and Architect data, besides contacts and flows: a data table with its rows,
//! schedules, a schedule group (time zone, open, closed and holiday schedules), an emergency group, prompts,
//! grammars, queues, users, skills, language skills, groups, wrap-up codes, utilization labels, the contacts'
//! external organizations and a data action with its `/test` answer. Fixed ids,
//! so flows, scenarios and tests can name them.

use std::collections::BTreeMap;

use flowsim_core::wire::architect::{
    EmergencyCallFlow, EmergencyGroup, EntityRef as ArchRef, Grammar, GrammarLanguage, Prompt, PromptAsset, Schedule,
    ScheduleGroup, SystemPrompt,
};
use flowsim_core::wire::genesys::{EntityRef, ErrorBody, ExternalOrganization};
use flowsim_core::wire::org::{
    Action, ActionContract, ActionInput, ActionOutput, AcwSettings, Contact, DataTable, DataTableRow, Group,
    JsonSchemaDocument, Language, Queue, RoutingSkill, TestExecutionOperationResult, TestExecutionResult, User,
    UtilizationLabel, WrapupCode, DATA_TABLE_KEY,
};
use serde_json::{json, Value};

use crate::demo::{
    ADA_PHONE_E164, CONTACT_ADA, CONTACT_GRACE, DIVISION_HOME, FLOW_AFTER_HOURS, GRACE_PHONE_E164, HOSTILE_PHONE_E164,
    QUEUE_GOLD, QUEUE_SUPPORT,
};

// ---- permissions (the Python SDK's "Requires ANY permissions") ----------------------------------------------

pub const PERM_DATATABLE_VIEW: &str = "architect:datatable:view";
pub const PERM_SCHEDULE_VIEW: &str = "routing:schedule:view";
pub const PERM_SCHEDULE_GROUP_VIEW: &str = "routing:scheduleGroup:view";
pub const PERM_EMERGENCY_GROUP_VIEW: &str = "routing:emergencyGroup:view";
pub const PERM_USER_PROMPT_VIEW: &str = "architect:userPrompt:view";
pub const PERM_SYSTEM_PROMPT_VIEW: &str = "architect:systemPrompt:view";
pub const PERM_GRAMMAR_VIEW: &str = "architect:grammar:view";
pub const PERM_UTILIZATION_VIEW: &str = "routing:utilization:view";
pub const PERM_EXTERNAL_ORGANIZATION_VIEW: &str = "externalContacts:externalOrganization:view";
pub const PERM_QUEUE_VIEW: &str = "routing:queue:view";
pub const PERM_SKILL_VIEW: &str = "routing:skill:view";
pub const PERM_WRAPUP_VIEW: &str = "routing:wrapupCode:view";
pub const PERM_USER_VIEW: &str = "directory:user:view";
pub const PERM_GROUP_VIEW: &str = "directory:group:view";
pub const PERM_ACTION_VIEW: &str = "integrations:action:view";
pub const PERM_ACTION_EXECUTE: &str = "integrations:action:execute";

// ---- ids ------------------------------------------------------------------------------------------------------

/// Data table "VIP Callers": key = the caller's number in E.164.
pub const TABLE_VIP: &str = "25771150-452d-423a-8cff-8017aa354da3";
/// A VIP row whose contact no longer exists (Get External Contact takes Not Found).
pub const VIP_DELETED_PHONE_E164: &str = "+15550004444";
pub const VIP_DELETED_CONTACT: &str = "3b1f2f4e-0d7e-4c36-9a39-7f0e8e1c0a55";

pub const SCHEDULE_WEEKDAYS: &str = "c37ba502-0c95-40a0-adb9-9eed21b7dca4";
pub const SCHEDULE_LUNCH: &str = "9883768e-9705-4f5a-8423-1ae9fff0081a";
pub const SCHEDULE_CHRISTMAS: &str = "f079fb39-63af-4d06-9371-6e7872b258c7";
pub const SCHEDULE_GROUP_SERVICE: &str = "0ce4a4b4-b221-457c-af23-61b24096a077";
pub const EMERGENCY_GROUP_WEATHER: &str = "6c40caee-57ba-4d07-a3ac-3090731f2349";
/// The schedule group's time zone.
pub const SERVICE_TIME_ZONE: &str = "America/New_York";
/// User prompt "WelcomeGreeting" (text to speech in en-us).
pub const PROMPT_WELCOME: &str = "3b7f46a5-2f52-4d0c-9d1c-6a7f0f1e8a42";
pub const WELCOME_TTS: &str = "Thank you for calling Analytical Engines.";
/// DTMF grammar "AccountNumber" (en-us).
pub const GRAMMAR_ACCOUNT: &str = "c15e3a01-eb6b-4cde-a383-11dcd866e863";
/// Utilization labels "VIP" and "Escalation".
pub const LABEL_VIP: &str = "a950993b-ab05-45dc-ae5f-eb26f04e383e";
pub const LABEL_ESCALATION: &str = "d63ec6a7-ce0b-449d-af92-5534a2ae7eb8";

pub const QUEUE_GENERAL: &str = "bf46dea8-6fe5-42c3-bce6-21382796cd02";
pub const USER_ALEX: &str = "9931b046-b23c-44f5-a7a5-c74622db99ee";
pub const USER_BLAIR: &str = "8792e917-879a-42af-a921-b4a3483bed36";
pub const SKILL_BILLING: &str = "417adcf8-1f62-473b-b12c-6bc4c497b452";
pub const SKILL_TECH: &str = "651b48e5-9388-451f-a9e0-116c676c28a5";
pub const LANGUAGE_ENGLISH: &str = "d06442fb-7d1c-40bf-9ee2-0cfedfdcdf07";
pub const LANGUAGE_SPANISH: &str = "456d801d-4e75-4d9a-a1ef-80c3aa9aeb09";
pub const GROUP_TIER2: &str = "a7d948a9-3b88-4db7-b1e1-3ddbfde61209";
pub const WRAPUP_RESOLVED: &str = "68306eda-e2c0-417a-abd6-d0e86ce22f7a";
pub const WRAPUP_CALLBACK: &str = "2b30ae2b-39d1-4014-9e12-ce3110f3a56c";
pub const INTEGRATION_WEB: &str = "c4742e1b-e1af-4d3e-b31a-4733b5948887";
/// Data action "Get Account Balance" (custom actions' ids are `custom_-_<uuid>`, as flows store them).
pub const ACTION_BALANCE: &str = "custom_-_7da9c246-07b4-458e-a6be-56ce189e463e";
/// The account number the balance action knows.
pub const BALANCE_ACCOUNT: &str = "AE-1815";

const CREATED: &str = "2024-03-01T09:15:00.000Z";
const MODIFIED: &str = "2025-01-20T14:30:00.000Z";

fn home() -> Option<EntityRef> {
    Some(EntityRef {
        id: Some(DIVISION_HOME.into()),
        name: Some("Home".into()),
        self_uri: Some(format!("/api/v2/authorization/divisions/{DIVISION_HOME}")),
    })
}

/// All of it.
#[derive(Debug, Clone)]
pub struct OrgData {
    pub data_tables: Vec<DataTable>,
    /// Rows by table id, each keyed by its `key`.
    pub rows: BTreeMap<String, BTreeMap<String, DataTableRow>>,
    pub schedules: Vec<Schedule>,
    pub schedule_groups: Vec<ScheduleGroup>,
    pub emergency_groups: Vec<EmergencyGroup>,
    pub prompts: Vec<Prompt>,
    pub system_prompts: Vec<SystemPrompt>,
    pub grammars: Vec<Grammar>,
    pub queues: Vec<Queue>,
    pub users: Vec<User>,
    pub skills: Vec<RoutingSkill>,
    pub languages: Vec<Language>,
    pub groups: Vec<Group>,
    pub wrapup_codes: Vec<WrapupCode>,
    pub utilization_labels: Vec<UtilizationLabel>,
    /// The contacts' organizations.
    pub external_organizations: Vec<ExternalOrganization>,
    pub actions: Vec<Action>,
}

/// Finds by id, case-insensitively (the API's ids are GUIDs).
pub fn by_id<'a, T>(items: &'a [T], id: &str, id_of: impl Fn(&T) -> Option<&str>) -> Option<&'a T> {
    items.iter().find(|x| id_of(x).is_some_and(|i| i.eq_ignore_ascii_case(id)))
}

impl OrgData {
    pub fn seed() -> Self {
        OrgData {
            data_tables: vec![vip_table()],
            rows: BTreeMap::from([(TABLE_VIP.to_string(), vip_rows())]),
            schedules: schedules(),
            schedule_groups: vec![schedule_group()],
            emergency_groups: vec![emergency_group()],
            prompts: vec![prompt(
                PROMPT_WELCOME,
                "WelcomeGreeting",
                "The greeting at the start of every call.",
                WELCOME_TTS,
            )],
            system_prompts: vec![
                system_prompt("on_hold_music", "The default hold music."),
                system_prompt("please_try_again", "Please try again."),
            ],
            grammars: vec![Grammar {
                id: GRAMMAR_ACCOUNT.into(),
                name: "AccountNumber".into(),
                description: Some("An account number: two letters, a dash and four digits, keyed in.".into()),
                languages: vec![GrammarLanguage {
                    grammar_id: Some(GRAMMAR_ACCOUNT.into()),
                    language: Some("en-us".into()),
                }],
                self_uri: Some(format!("/api/v2/architect/grammars/{GRAMMAR_ACCOUNT}")),
            }],
            queues: queues(),
            users: users(),
            skills: vec![skill(SKILL_BILLING, "Billing"), skill(SKILL_TECH, "Technical Support")],
            languages: vec![language(LANGUAGE_ENGLISH, "English"), language(LANGUAGE_SPANISH, "Spanish")],
            groups: vec![Group {
                id: Some(GROUP_TIER2.into()),
                name: Some("Tier 2 Agents".into()),
                description: Some("Agents who take escalations.".into()),
                date_modified: Some(MODIFIED.into()),
                member_count: Some(2),
                state: Some("active".into()),
                version: Some(3),
                group_type: Some("official".into()),
                rules_visible: Some(true),
                visibility: Some("public".into()),
                self_uri: Some(format!("/api/v2/groups/{GROUP_TIER2}")),
            }],
            wrapup_codes: vec![
                wrapup(WRAPUP_RESOLVED, "Resolved", "The customer's issue was resolved."),
                wrapup(WRAPUP_CALLBACK, "Callback Requested", "The customer asked to be called back."),
            ],
            utilization_labels: vec![label(LABEL_VIP, "VIP"), label(LABEL_ESCALATION, "Escalation")],
            external_organizations: crate::demo::organizations(),
            actions: vec![balance_action()],
        }
    }

    /// `GET /api/v2/flows/datatables/{id}/rows/{key}`: keys match exactly (Architect's lookup is exact).
    pub fn row(&self, table_id: &str, key: &str) -> Option<&DataTableRow> {
        self.rows.iter().find(|(t, _)| t.eq_ignore_ascii_case(table_id)).and_then(|(_, rows)| rows.get(key))
    }

    pub fn data_table(&self, id: &str) -> Option<&DataTable> {
        by_id(&self.data_tables, id, |t| t.id.as_deref())
    }
    pub fn action(&self, id: &str) -> Option<&Action> {
        by_id(&self.actions, id, |s| s.id.as_deref())
    }

    /// `POST /api/v2/integrations/actions/{id}/test` for the balance action: its steps, and the balance of a
    /// known account; an unknown account fails at the request step with the remote's 404.
    pub fn test_action(&self, body: &Value) -> TestExecutionResult {
        let account = body.get("accountNumber").and_then(Value::as_str).unwrap_or_default();
        let step = |n: i64, name: &str, result: Value| TestExecutionOperationResult {
            step: Some(n),
            name: Some(name.into()),
            success: Some(true),
            result: Some(result),
            error: None,
        };
        let request = json!({
            "requestUrlTemplate": "https://billing.example.com/accounts/${input.accountNumber}/balance",
            "requestType": "GET",
            "headers": { "Accept": "application/json" },
        });
        let mut operations = vec![
            step(1, "Resolve request configuration", request),
            step(2, "Resolve request URL", json!(format!("https://billing.example.com/accounts/{account}/balance"))),
        ];
        if account != BALANCE_ACCOUNT {
            let error = ErrorBody {
                message: Some(format!("REST call for action execute failed. Message: Request to backend service failed. Response from web service: {{\"error\":\"account {account} not found\"}} [404]")),
                code: Some("bad.request".into()),
                status: Some(400),
                ..Default::default()
            };
            operations.push(TestExecutionOperationResult {
                step: Some(3),
                name: Some("Execute request".into()),
                success: Some(false),
                result: None,
                error: Some(error.clone()),
            });
            return TestExecutionResult { operations, error: Some(error), final_result: None, success: Some(false) };
        }
        let raw = json!({ "account": account, "balance": { "amount": 1815.5, "currency": "GBP" } });
        let translated = json!({ "balance": 1815.5, "currency": "GBP" });
        operations.push(step(3, "Execute request", raw));
        operations.push(step(4, "Resolve translation map", translated.clone()));
        operations.push(step(5, "Validate output against schema", translated.clone()));
        TestExecutionResult { operations, error: None, final_result: Some(translated), success: Some(true) }
    }
}

fn label(id: &str, name: &str) -> UtilizationLabel {
    UtilizationLabel {
        id: Some(id.into()),
        name: Some(name.into()),
        self_uri: Some(format!("/api/v2/routing/utilization/labels/{id}")),
    }
}

// ---- data table ---------------------------------------------------------------------------------------------

fn column(title: &str, ty: &str, order: u32) -> Value {
    json!({ "title": title, "type": ty, "$id": format!("/properties/{title}"), "displayOrder": order })
}

fn vip_table() -> DataTable {
    DataTable {
        id: Some(TABLE_VIP.into()),
        name: Some("VIP Callers".into()),
        division: home(),
        description: Some("Callers who skip the queue, by phone number (E.164).".into()),
        schema: Some(JsonSchemaDocument {
            schema: Some("http://json-schema.org/draft-04/schema#".into()),
            title: Some("VIP Callers".into()),
            schema_type: Some("object".into()),
            required: vec![DATA_TABLE_KEY.into()],
            properties: BTreeMap::from([
                (DATA_TABLE_KEY.into(), column(DATA_TABLE_KEY, "string", 0)),
                ("contactId".into(), column("contactId", "string", 1)),
                ("tier".into(), column("tier", "string", 2)),
                ("priority".into(), column("priority", "integer", 3)),
                ("active".into(), column("active", "boolean", 4)),
            ]),
            additional_properties: Some(json!(false)),
            ..Default::default()
        }),
        self_uri: Some(format!("/api/v2/flows/datatables/{TABLE_VIP}")),
    }
}

fn vip_row(key: &str, contact_id: &str, tier: &str, priority: i64) -> (String, DataTableRow) {
    let row = BTreeMap::from([
        (DATA_TABLE_KEY.to_string(), json!(key)),
        ("contactId".to_string(), json!(contact_id)),
        ("tier".to_string(), json!(tier)),
        ("priority".to_string(), json!(priority)),
        ("active".to_string(), json!(true)),
    ]);
    (key.to_string(), row)
}

fn vip_rows() -> BTreeMap<String, DataTableRow> {
    BTreeMap::from([
        vip_row(ADA_PHONE_E164, CONTACT_ADA, "gold", 10),
        vip_row(GRACE_PHONE_E164, CONTACT_GRACE, "silver", 5),
        vip_row(VIP_DELETED_PHONE_E164, VIP_DELETED_CONTACT, "gold", 10),
        vip_row(HOSTILE_PHONE_E164, crate::demo::CONTACT_HOSTILE, "bronze", 1),
    ])
}

// ---- schedules ----------------------------------------------------------------------------------------------

fn schedule(id: &str, name: &str, start: &str, end: &str, rrule: &str) -> Schedule {
    Schedule { id: id.into(), name: name.into(), start: start.into(), end: end.into(), rrule: Some(rrule.into()) }
}

/// Local times in [`SERVICE_TIME_ZONE`], as Architect stores them (no offset).
fn schedules() -> Vec<Schedule> {
    vec![
        schedule(
            SCHEDULE_WEEKDAYS,
            "Weekdays 9 to 5",
            "2024-01-01T09:00:00.000",
            "2024-01-01T17:00:00.000",
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR",
        ),
        schedule(
            SCHEDULE_LUNCH,
            "Weekday lunch",
            "2024-01-01T12:00:00.000",
            "2024-01-01T13:00:00.000",
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR",
        ),
        schedule(
            SCHEDULE_CHRISTMAS,
            "Christmas Day",
            "2024-12-25T00:00:00.000",
            "2024-12-26T00:00:00.000",
            "FREQ=YEARLY;INTERVAL=1;BYMONTH=12;BYMONTHDAY=25",
        ),
    ]
}

fn schedule_group() -> ScheduleGroup {
    let s = |id: &str, name: &str| ArchRef { id: id.into(), name: name.into() };
    ScheduleGroup {
        id: SCHEDULE_GROUP_SERVICE.into(),
        name: "Customer Service Hours".into(),
        time_zone: SERVICE_TIME_ZONE.into(),
        open_schedules: vec![s(SCHEDULE_WEEKDAYS, "Weekdays 9 to 5")],
        closed_schedules: vec![s(SCHEDULE_LUNCH, "Weekday lunch")],
        holiday_schedules: vec![s(SCHEDULE_CHRISTMAS, "Christmas Day")],
    }
}

fn emergency_group() -> EmergencyGroup {
    EmergencyGroup {
        id: EMERGENCY_GROUP_WEATHER.into(),
        name: "Severe Weather".into(),
        enabled: false,
        emergency_call_flows: vec![EmergencyCallFlow {
            emergency_flow: Some(ArchRef { id: FLOW_AFTER_HOURS.into(), name: "After Hours".into() }),
            ivrs: vec![],
        }],
    }
}

// ---- prompts ------------------------------------------------------------------------------------------------

fn asset(id: &str, prompt_id: &str, tts: &str, self_uri: String) -> PromptAsset {
    PromptAsset {
        id: Some(id.into()),
        prompt_id: Some(prompt_id.into()),
        language: Some("en-us".into()),
        tts_string: Some(tts.into()),
        text: Some(tts.into()),
        upload_status: Some("transcoded".into()),
        language_default: Some(true),
        duration_seconds: Some(2.5),
        self_uri: Some(self_uri),
        ..Default::default()
    }
}

fn prompt(id: &str, name: &str, description: &str, tts: &str) -> Prompt {
    Prompt {
        id: Some(id.into()),
        name: Some(name.into()),
        description: Some(description.into()),
        resources: vec![asset("en-us", id, tts, format!("/api/v2/architect/prompts/{id}/resources/en-us"))],
        current_operation: None,
        self_uri: Some(format!("/api/v2/architect/prompts/{id}")),
    }
}

/// A system prompt: its id is its name.
fn system_prompt(name: &str, description: &str) -> SystemPrompt {
    let mut a = asset("en-us", name, description, format!("/api/v2/architect/systemprompts/{name}/resources/en-us"));
    a.has_default = Some(true);
    SystemPrompt {
        id: Some(name.into()),
        name: Some(name.into()),
        description: Some(description.into()),
        resources: vec![a],
        current_operation: None,
        self_uri: Some(format!("/api/v2/architect/systemprompts/{name}")),
    }
}

// ---- routing ------------------------------------------------------------------------------------------------

fn queue(id: &str, name: &str, description: &str, members: i64) -> Queue {
    Queue {
        id: Some(id.into()),
        name: Some(name.into()),
        division: home(),
        description: Some(description.into()),
        date_created: Some(CREATED.into()),
        date_modified: Some(MODIFIED.into()),
        member_count: Some(members),
        user_member_count: Some(members),
        joined_member_count: Some(members.min(1)),
        acw_settings: Some(AcwSettings { wrapup_prompt: Some("MANDATORY_TIMEOUT".into()), timeout_ms: Some(30_000) }),
        skill_evaluation_method: Some("BEST".into()),
        calling_party_name: None,
        calling_party_number: None,
        self_uri: Some(format!("/api/v2/routing/queues/{id}")),
    }
}

fn queues() -> Vec<Queue> {
    vec![
        queue(QUEUE_GOLD, "Gold", "VIP customers.", 2),
        queue(QUEUE_SUPPORT, "Support", "Everyone else.", 2),
        queue(QUEUE_GENERAL, "General", "Overflow and messages.", 1),
    ]
}

fn user(id: &str, name: &str, email: &str, title: &str) -> User {
    User {
        id: Some(id.into()),
        name: Some(name.into()),
        division: home(),
        department: Some("Customer Service".into()),
        email: Some(email.into()),
        primary_contact_info: vec![Contact {
            address: Some(email.into()),
            media_type: Some("EMAIL".into()),
            contact_type: Some("PRIMARY".into()),
            display: None,
        }],
        addresses: vec![],
        state: Some("active".into()),
        title: Some(title.into()),
        username: Some(email.into()),
        version: Some(7),
        acd_auto_answer: Some(false),
        self_uri: Some(format!("/api/v2/users/{id}")),
    }
}

fn users() -> Vec<User> {
    vec![
        user(USER_ALEX, "Alex Agent", "alex.agent@example.com", "Customer Service Agent"),
        user(USER_BLAIR, "Blair Supervisor", "blair.supervisor@example.com", "Team Lead"),
    ]
}

fn skill(id: &str, name: &str) -> RoutingSkill {
    RoutingSkill {
        id: Some(id.into()),
        name: Some(name.into()),
        division: home(),
        date_modified: Some(MODIFIED.into()),
        state: Some("active".into()),
        version: Some("1".into()),
        self_uri: Some(format!("/api/v2/routing/skills/{id}")),
    }
}

fn language(id: &str, name: &str) -> Language {
    Language {
        id: Some(id.into()),
        name: Some(name.into()),
        date_modified: Some(MODIFIED.into()),
        state: Some("active".into()),
        version: Some("1".into()),
        self_uri: Some(format!("/api/v2/routing/languages/{id}")),
    }
}

fn wrapup(id: &str, name: &str, description: &str) -> WrapupCode {
    WrapupCode {
        id: Some(id.into()),
        name: Some(name.into()),
        division: home(),
        description: Some(description.into()),
        date_created: Some(CREATED.into()),
        date_modified: Some(MODIFIED.into()),
        self_uri: Some(format!("/api/v2/routing/wrapupcodes/{id}")),
    }
}

fn balance_action() -> Action {
    let schema = |title: &str, props: Value| JsonSchemaDocument {
        schema: Some("http://json-schema.org/draft-04/schema#".into()),
        title: Some(title.into()),
        schema_type: Some("object".into()),
        properties: serde_json::from_value(props).unwrap_or_default(),
        additional_properties: Some(json!(true)),
        ..Default::default()
    };
    Action {
        id: Some(ACTION_BALANCE.into()),
        name: Some("Get Account Balance".into()),
        integration_id: Some(INTEGRATION_WEB.into()),
        category: Some("Billing".into()),
        contract: Some(ActionContract {
            input: Some(ActionInput {
                input_schema: Some(schema("Request", json!({ "accountNumber": { "type": "string" } }))),
            }),
            output: Some(ActionOutput {
                success_schema: Some(schema(
                    "Response",
                    json!({ "balance": { "type": "number" }, "currency": { "type": "string" } }),
                )),
            }),
        }),
        version: Some(2),
        secure: Some(false),
        self_uri: Some(format!("/api/v2/integrations/actions/{ACTION_BALANCE}")),
    }
}
