//! The demo org: fixed GUIDs, tokens, external contacts and flows (with their configurations).
//! Everything here is deterministic, so tests, the app's demo and the scenarios can name it.

use std::collections::BTreeMap;

use flowsim_core::wire::genesys::{
    ContactAddress, EntityRef, ExternalContact, ExternalOrganization, Flow, FlowVersion, PhoneNumber,
};
use serde_json::{json, Value};

use crate::flowconfig::{self as fc, Tracker};

// ---- tokens -------------------------------------------------------------------------------------------------

/// Every permission.
pub const TOKEN_DEMO: &str = "demo-token";
/// Valid, but with no permission: 403 on every API call.
pub const TOKEN_NO_PERMISSION: &str = "no-permission-token";
/// 401 `bad.credentials`.
pub const TOKEN_EXPIRED: &str = "expired-token";
/// Every permission, but requests 1 and 2 of every 3 get 429 with `Retry-After: 1`.
pub const TOKEN_THROTTLED: &str = "throttled-token";
/// Always 429 with `Retry-After: 1`.
pub const TOKEN_ALWAYS_THROTTLED: &str = "always-throttled-token";

// ---- permissions --------------------------------------------------------------------------------------------

pub const PERM_FLOW_VIEW: &str = "architect:flow:view";
pub const PERM_CONTACT_VIEW: &str = "externalContacts:contact:view";

// ---- org-wide -----------------------------------------------------------------------------------------------

pub const DIVISION_HOME: &str = "1f6b301d-28ef-45bc-8dd8-a278ada756fa";
pub const QUEUE_GOLD: &str = "a35a554c-d4a4-4d5b-94d5-7c3f57b5977e";
pub const QUEUE_SUPPORT: &str = "42acc80a-0769-4a58-aa7d-06374edcf02d";

// ---- external contacts --------------------------------------------------------------------------------------

pub const CONTACT_ADA: &str = "c4ff0e91-aaf0-4716-961b-d8626ab04b1a";
/// The contact whose fields hold HTML and script text.
pub const CONTACT_HOSTILE: &str = "7a49c378-6f7c-416c-a91a-b1dc7ebd6f37";
pub const CONTACT_SAM: &str = "992acfeb-bd60-495f-b743-dcb77102ba11";
pub const CONTACT_SAMANTHA: &str = "568bd187-46c4-42a5-8774-d5422ce48030";
pub const CONTACT_GRACE: &str = "be2c46db-af0c-4b9a-ac67-c807a0654529";

pub const ORG_ANALYTICAL_ENGINES: &str = "6e0a22c9-a9b8-49f6-bf01-a838a83566ea";
pub const ORG_HOSTILE: &str = "82f9380b-0035-4d02-a84f-3d30af098d30";
pub const ORG_SMITH_SONS: &str = "76a81304-7918-43ea-ab00-e2b2a88c4d6a";
pub const ORG_HARVARD_LAB: &str = "c5f82916-f602-4591-a68d-ceca5545438c";

pub const ADA_PHONE_E164: &str = "+15551234567";
pub const ADA_PHONE_DISPLAY: &str = "(555) 123-4567";
pub const ADA_EMAIL: &str = "ada.lovelace@example.com";
pub const HOSTILE_PHONE_E164: &str = "+15557654321";
pub const HOSTILE_FIRST_NAME: &str = r#"<img src=x onerror="window.__xss=1">"#;
pub const HOSTILE_LAST_NAME: &str = "<script>window.__xss=2</script>Mallory";
pub const HOSTILE_EMAIL: &str = "javascript:alert(1)//@example.com";
pub const HOSTILE_SYSTEM_URL: &str = "javascript:window.__xss=3";
pub const HOSTILE_NOTE: &str = "<b>bold</b><script>window.__xss=4</script>";
pub const HOSTILE_WEBSITE: &str = "javascript:window.__xss=5";
pub const HOSTILE_ORG_NAME: &str = r#"Evil "Corp" <svg onload="window.__xss=6">"#;
/// Home phone of both Sam Smith and Samantha Smith.
pub const SHARED_HOME_PHONE_E164: &str = "+15550001111";
pub const GRACE_PHONE_E164: &str = "+442079460958";
pub const GRACE_PHONE_DISPLAY: &str = "+44 20 7946 0958";
pub const GRACE_EMAIL: &str = "grace.hopper@example.org";
/// No contact has this number.
pub const NOT_FOUND_PHONE_E164: &str = "+15559999999";

/// The hostile contact's "First Last" name.
pub fn hostile_full_name() -> String {
    format!("{HOSTILE_FIRST_NAME} {HOSTILE_LAST_NAME}")
}

// ---- flows --------------------------------------------------------------------------------------------------

/// F1 "Caller Lookup" (INBOUNDCALL): Menu → Task with Get External Contact.
pub const FLOW_CALLER_LOOKUP: &str = "c0daeb2f-5bf5-4d25-980c-e516d5ad6764";
/// F2 "Messaging Contact Search" (INBOUNDSHORTMESSAGE): State with Search External Contacts.
pub const FLOW_MESSAGING_SEARCH: &str = "ec216dcc-c483-4409-8f43-4c668b1e4d1f";
/// F3 "After Hours" (INBOUNDCALL): no external contact action.
pub const FLOW_AFTER_HOURS: &str = "eeb4a45a-7ae8-4b8d-9621-eb709ec7d0cb";
/// F4 "Slow Lookup" (INBOUNDCALL): F1's shape; its simulation takes [`SLOW_FLOW_MS`].
pub const FLOW_SLOW_LOOKUP: &str = "48763591-981d-4a74-9dbc-d1ff62240463";
/// How long a simulation of F4 takes.
pub const SLOW_FLOW_MS: u32 = 8_000;
/// A flow id that does not exist.
pub const UNKNOWN_FLOW: &str = "00000000-0000-4000-8000-00000000dead";
/// A node id that exists in no flow.
pub const UNKNOWN_NODE: &str = "00000000-0000-4000-8000-00000000beef";

/// The ids of a "Caller Lookup"-shaped flow (F1 and F4).
#[derive(Debug, Clone, Copy)]
pub struct CallerLookupIds {
    pub menu: &'static str,
    pub menu_choice_identify: &'static str,
    pub menu_task_action: &'static str,
    pub menu_choice_disconnect: &'static str,
    pub menu_disconnect: &'static str,
    pub task: &'static str,
    pub decision: &'static str,
    pub withheld_disconnect: &'static str,
    pub get_contact: &'static str,
    pub transfer_gold: &'static str,
    pub play_unknown: &'static str,
    pub disconnect: &'static str,
    pub contact_variable: &'static str,
}

pub const F1: CallerLookupIds = CallerLookupIds {
    menu: "e8982a16-4c80-4dd3-aa7c-e1185766a907",
    menu_choice_identify: "8553b4a8-8de9-43ca-8280-2cd1faa42b25",
    menu_task_action: "e1232bd5-875d-4ce9-99a0-3d32bb4d60b8",
    menu_choice_disconnect: "1c16f787-b3c0-4ccc-a19a-5bf29b04a526",
    menu_disconnect: "ea384eef-dd1a-455a-8a96-61efd9a29a49",
    task: "b72c292f-c6cd-4e79-90a1-f26d6626a90c",
    decision: "503e9bd6-ba71-4048-bb7b-d09ac00ef605",
    withheld_disconnect: "e2192d30-902c-4e80-9045-151b1bf156d4",
    get_contact: "a1f2ed62-d7fa-4034-8e8d-06fa37840d1f",
    transfer_gold: "00d0dde5-136c-46fa-8a80-8ad8f0ab10dc",
    play_unknown: "b02fb030-8215-4d47-872a-35ccf4d96656",
    disconnect: "9a8c92cc-f739-4181-8510-6594d7d1bd86",
    contact_variable: "545d8526-5d4c-450e-979c-dfe6b82e2afa",
};

pub const F4: CallerLookupIds = CallerLookupIds {
    menu: "a18ff3f1-2ccf-46d1-828c-8a04a7621e24",
    menu_choice_identify: "436a8f89-a9d3-435e-8977-2026697ae3f3",
    menu_task_action: "b3be7967-2441-4dc0-85b2-bef31d631282",
    menu_choice_disconnect: "230c6833-084d-4056-b27e-bce879123341",
    menu_disconnect: "7289e121-bf1f-4c5f-bbb7-4ccd5621384d",
    task: "a864e1f7-59e3-418b-ad2e-673ffc95c14d",
    decision: "80e13e32-0b56-4699-bd72-4aa697deb768",
    withheld_disconnect: "8b64b097-411e-449e-aefa-fdfe3a509863",
    get_contact: "79d99a0d-7684-410c-b6f9-17256898cc25",
    transfer_gold: "e539a472-836b-4080-9cef-0724e1d7aebf",
    play_unknown: "c3758635-e952-4b55-956b-1e74efc73aa6",
    disconnect: "4e10390c-a83a-4200-9ba3-1656db6c3358",
    contact_variable: "10cb7164-b897-4f52-b7b9-fbbffebe056d",
};

/// F1: the Get External Contact action (the happy-path node).
pub const F1_GET_CONTACT: &str = F1.get_contact;
/// F1: the Task that holds it (a container: 400 when used as node).
pub const F1_TASK: &str = F1.task;
/// F4: its Get External Contact action.
pub const F4_GET_CONTACT: &str = F4.get_contact;

// F2 "Messaging Contact Search"
pub const F2_STATE: &str = "04be7007-f2b2-4e92-9b03-7fc7a9ead396";
pub const F2_SEARCH: &str = "77dab554-9ff2-4198-9798-35510da8393b";
pub const F2_SEND_PERSONAL: &str = "7ee4fb78-39b0-4850-8d2f-107d0a7f9208";
pub const F2_SEND_CONFIRM: &str = "e16a76f6-d79d-4f7c-95e9-998d0a2da3a4";
pub const F2_SEND_GENERIC: &str = "6756a71a-10a8-41f5-bada-158ff9eff462";
pub const F2_TRANSFER: &str = "ea148736-a58d-46de-b27d-0e58755aae27";
pub const F2_CONTACTS_VARIABLE: &str = "6fa22820-7133-47ad-9a70-0b4576dc2b3a";

// F3 "After Hours"
pub const F3_TASK: &str = "4e0af533-0434-49bf-a2ec-ae729bf65061";
pub const F3_DECISION: &str = "cd69397e-a28d-4bca-a7b1-d4d8a4e0b2c7";
pub const F3_PLAY_OPEN: &str = "e807ecfb-47d3-4e4e-b3a8-20e76f984fc8";
pub const F3_PLAY_AFTER_HOURS: &str = "bf880e6e-68b8-4956-b90c-02cd6c85871f";
pub const F3_DISCONNECT: &str = "01cc6e51-509e-4b74-98c3-f85c85bc4972";
pub const F3_OPEN_VARIABLE: &str = "78b1e714-7b78-4a2e-8867-f4142514349d";

/// Output ids of the lookup actions' paths, as Architect's model classes name them (flowconfig-format.md §6).
pub const OUT_FOUND: &str = "__FOUND__";
pub const OUT_NOT_FOUND: &str = "__NOT_FOUND__";
pub const OUT_EXACT_MATCH: &str = "__MATCH_EXACT__";
pub const OUT_MULTIPLE_MATCHES: &str = "__MATCH_MULTIPLE__";

/// How many filler flows the org has besides F1–F4.
pub const FILLER_FLOWS: usize = 40;
/// All flows: F1–F4, the filler, and the demo flows of [`crate::demo_flows`].
pub const TOTAL_FLOWS: usize = FILLER_FLOWS + 4 + crate::demo_flows::DEMO_FLOWS;

const CREATED: &str = "2024-03-01T09:15:00.000Z";
const MODIFIED: &str = "2025-01-20T14:30:00.000Z";
const PUBLISHED: &str = "2025-01-20T14:35:12.000Z";

// ---- the org ------------------------------------------------------------------------------------------------

/// A flow of the org: its `Flow` entity, its configuration and how long its simulation takes.
#[derive(Debug, Clone)]
pub struct DemoFlow {
    pub flow: Flow,
    pub configuration: Value,
    pub simulation_ms: u32,
}

impl DemoFlow {
    pub fn id(&self) -> &str {
        self.flow.id.as_deref().unwrap_or_default()
    }
    pub fn name(&self) -> &str {
        self.flow.name.as_deref().unwrap_or_default()
    }
    pub fn flow_type(&self) -> &str {
        self.flow.flow_type.as_deref().unwrap_or_default()
    }
}

/// The whole demo org.
#[derive(Debug, Clone)]
pub struct DemoOrg {
    pub contacts: Vec<ExternalContact>,
    pub flows: Vec<DemoFlow>,
    /// Data tables, schedules, routing, users, data actions.
    pub data: crate::orgdata::OrgData,
}

impl Default for DemoOrg {
    fn default() -> Self {
        Self::seed()
    }
}

impl DemoOrg {
    pub fn seed() -> Self {
        let mut flows = vec![
            caller_lookup_flow(
                FLOW_CALLER_LOOKUP,
                "Caller Lookup",
                "Identifies the caller by phone number and routes gold customers to their queue.",
                &F1,
                0,
            ),
            messaging_search_flow(),
            after_hours_flow(),
            caller_lookup_flow(
                FLOW_SLOW_LOOKUP,
                "Slow Lookup",
                "Caller Lookup behind a slow back end: a simulation takes 8 seconds.",
                &F4,
                SLOW_FLOW_MS,
            ),
        ];
        flows.extend((0..FILLER_FLOWS).map(filler_flow));
        flows.extend(crate::demo_flows::demo_flows());
        DemoOrg { contacts: contacts(), flows, data: crate::orgdata::OrgData::seed() }
    }

    pub fn flow(&self, id: &str) -> Option<&DemoFlow> {
        self.flows.iter().find(|f| f.id().eq_ignore_ascii_case(id))
    }

    pub fn contact(&self, id: &str) -> Option<&ExternalContact> {
        self.contacts.iter().find(|c| c.id.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(id)))
    }

    /// `GET /api/v2/externalcontacts/reversewhitepageslookup` semantics: any phone's `e164` exactly, or an
    /// email case-insensitively. At most 25 contacts, in org order.
    pub fn reverse_whitepages(&self, lookup_val: &str) -> Vec<&ExternalContact> {
        let val = lookup_val.trim();
        if val.is_empty() {
            return Vec::new();
        }
        self.contacts
            .iter()
            .filter(|c| {
                c.phones().iter().any(|(_, p)| p.e164.as_deref() == Some(val))
                    || [&c.work_email, &c.personal_email, &c.other_email]
                        .iter()
                        .any(|e| e.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(val)))
            })
            .take(25)
            .collect()
    }
}

// ---- contacts -----------------------------------------------------------------------------------------------

fn phone(display: &str, e164: &str, country: &str) -> PhoneNumber {
    // `accepts_sms` stays unset: core's `PhoneNumber` would write it as `acceptsSms`, but the wire name is
    // `acceptsSMS` (the Python SDK's attribute_map), and the SDK conformance test rejects unknown fields.
    PhoneNumber {
        display: Some(display.to_string()),
        user_input: Some(display.to_string()),
        e164: Some(e164.to_string()),
        country_code: Some(country.to_string()),
        ..Default::default()
    }
}

fn organization(id: &str, name: &str) -> ExternalOrganization {
    ExternalOrganization {
        id: Some(id.to_string()),
        name: Some(name.to_string()),
        self_uri: Some(format!("/api/v2/externalcontacts/organizations/{id}")),
        ..Default::default()
    }
}

/// The contacts' organizations as `GET /api/v2/externalcontacts/organizations/{id}` returns them (Get External
/// Organization).
pub fn organizations() -> Vec<ExternalOrganization> {
    let full = |id: &str, name: &str, company_type: &str, industry: &str| ExternalOrganization {
        company_type: Some(company_type.into()),
        industry: Some(industry.into()),
        ..organization(id, name)
    };
    vec![
        full(ORG_ANALYTICAL_ENGINES, "Analytical Engines Ltd", "Customer", "Computing"),
        full(ORG_HOSTILE, HOSTILE_ORG_NAME, "Prospect", "Unknown"),
        full(ORG_SMITH_SONS, "Smith & Sons", "Customer", "Retail"),
        full(ORG_HARVARD_LAB, "Harvard Computation Laboratory", "Partner", "Research"),
    ]
}

fn fields(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, Value>> {
    Some(pairs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect())
}

fn contact(id: &str, first: &str, last: &str) -> ExternalContact {
    ExternalContact {
        id: Some(id.to_string()),
        first_name: Some(first.to_string()),
        last_name: Some(last.to_string()),
        contact_type: Some("Curated".to_string()),
        survey_opt_out: Some(false),
        create_date: Some(CREATED.to_string()),
        modify_date: Some(MODIFIED.to_string()),
        self_uri: Some(format!("/api/v2/externalcontacts/contacts/{id}")),
        ..Default::default()
    }
}

fn contacts() -> Vec<ExternalContact> {
    let ada = ExternalContact {
        title: Some("Analyst".into()),
        cell_phone: Some(phone(ADA_PHONE_DISPLAY, ADA_PHONE_E164, "US")),
        work_email: Some(ADA_EMAIL.into()),
        address: Some(ContactAddress {
            address1: Some("12 St James's Square".into()),
            city: Some("London".into()),
            postal_code: Some("SW1Y 4JH".into()),
            country_code: Some("GB".into()),
            ..Default::default()
        }),
        external_organization: Some(organization(ORG_ANALYTICAL_ENGINES, "Analytical Engines Ltd")),
        external_system_url: Some("https://crm.example.com/contacts/AE-1815".into()),
        custom_fields: fields(&[("tier", "gold"), ("accountNumber", "AE-1815")]),
        ..contact(CONTACT_ADA, "Ada", "Lovelace")
    };
    let hostile = ExternalContact {
        work_phone: Some(phone("(555) 765-4321", HOSTILE_PHONE_E164, "US")),
        work_email: Some(HOSTILE_EMAIL.into()),
        external_organization: Some(organization(ORG_HOSTILE, HOSTILE_ORG_NAME)),
        external_system_url: Some(HOSTILE_SYSTEM_URL.into()),
        custom_fields: fields(&[("note", HOSTILE_NOTE), ("website", HOSTILE_WEBSITE)]),
        ..contact(CONTACT_HOSTILE, HOSTILE_FIRST_NAME, HOSTILE_LAST_NAME)
    };
    let sam = ExternalContact {
        home_phone: Some(phone("(555) 000-1111", SHARED_HOME_PHONE_E164, "US")),
        work_email: Some("sam.smith@example.com".into()),
        external_organization: Some(organization(ORG_SMITH_SONS, "Smith & Sons")),
        custom_fields: fields(&[("tier", "silver")]),
        ..contact(CONTACT_SAM, "Sam", "Smith")
    };
    let samantha = ExternalContact {
        home_phone: Some(phone("(555) 000-1111", SHARED_HOME_PHONE_E164, "US")),
        cell_phone: Some(phone("(555) 000-2222", "+15550002222", "US")),
        work_email: Some("samantha.smith@example.com".into()),
        external_organization: Some(organization(ORG_SMITH_SONS, "Smith & Sons")),
        custom_fields: fields(&[("tier", "bronze")]),
        ..contact(CONTACT_SAMANTHA, "Samantha", "Smith")
    };
    let grace = ExternalContact {
        title: Some("Rear Admiral".into()),
        work_phone: Some(phone(GRACE_PHONE_DISPLAY, GRACE_PHONE_E164, "GB")),
        personal_email: Some(GRACE_EMAIL.into()),
        address: Some(ContactAddress {
            address1: Some("1 Oxford Street".into()),
            city: Some("Cambridge".into()),
            state: Some("MA".into()),
            postal_code: Some("02138".into()),
            country_code: Some("US".into()),
            ..Default::default()
        }),
        external_organization: Some(organization(ORG_HARVARD_LAB, "Harvard Computation Laboratory")),
        custom_fields: fields(&[("tier", "platinum"), ("accountNumber", "HCL-1906")]),
        ..contact(CONTACT_GRACE, "Grace", "Hopper")
    };
    vec![ada, hostile, sam, samantha, grace]
}

// ---- flows --------------------------------------------------------------------------------------------------

fn version(flow_id: &str, v: &str, kind: &str) -> FlowVersion {
    FlowVersion {
        id: Some(v.to_string()),
        name: Some(v.to_string()),
        commit_version: Some(v.to_string()),
        configuration_version: Some(v.to_string()),
        version_type: Some(kind.to_string()),
        date_published: Some(json!(PUBLISHED)),
        self_uri: Some(format!("/api/v2/flows/{flow_id}/versions/{v}")),
    }
}

pub(crate) fn flow_entity(id: &str, name: &str, description: &str, flow_type: &str) -> Flow {
    Flow {
        id: Some(id.to_string()),
        name: Some(name.to_string()),
        description: Some(description.to_string()),
        flow_type: Some(flow_type.to_string()),
        division: Some(EntityRef {
            id: Some(DIVISION_HOME.to_string()),
            name: Some("Home".to_string()),
            self_uri: Some(format!("/api/v2/authorization/divisions/{DIVISION_HOME}")),
        }),
        active: Some(true),
        deleted: Some(false),
        published_version: Some(version(id, "3.0", "PUBLISH")),
        saved_version: Some(version(id, "3.0", "PUBLISH")),
        checked_in_version: Some(version(id, "3.0", "PUBLISH")),
        self_uri: Some(format!("/api/v2/flows/{id}")),
    }
}

fn caller_lookup_flow(id: &str, name: &str, description: &str, ids: &CallerLookupIds, simulation_ms: u32) -> DemoFlow {
    let t = &mut Tracker::default();
    let contact_var =
        fc::variable(ids.contact_variable, "Task.Contact", "ComplexVariable", "cpx_external_contact", false);

    let mut decision = fc::action(t, "DecisionAction", ids.decision, "Caller ID withheld?");
    decision["expression"] = fc::call_on_sysref("IsNotSetOrEmpty", "bln", "Call.Ani", "str", "__CALL_ANI__");
    decision["paths"] =
        json!([fc::path("Yes", "__YES__", Some(ids.withheld_disconnect)), fc::path("No", "__NO__", None)]);
    decision["nextAction"] = json!(ids.get_contact);
    let withheld = fc::disconnect(t, ids.withheld_disconnect, "Disconnect withheld caller");

    let mut get = fc::action(t, "GetExternalContactAction", ids.get_contact, "Get caller contact");
    get["externalId"] = fc::sysref("Call.Ani", "str", "__CALL_ANI__");
    get["externalResult"] =
        fc::var_ref("Task.Contact", "cpx_external_contact", ids.contact_variable, fc::MODE_VARIABLE_TARGET);
    get["paths"] = json!([
        fc::path("Found", OUT_FOUND, Some(ids.transfer_gold)),
        fc::path("Not Found", OUT_NOT_FOUND, Some(ids.play_unknown)),
    ]);
    let transfer = fc::transfer_to_queue(t, ids.transfer_gold, "Transfer to Gold queue", "Gold", QUEUE_GOLD);
    let play = fc::play_audio(
        t,
        ids.play_unknown,
        "Play unknown caller greeting",
        "Welcome to Analytical Engines. We could not find your account; please call again from your registered number.",
        Some(ids.disconnect),
    );
    let disconnect = fc::disconnect(t, ids.disconnect, "Disconnect");
    // `actionList` is flat and unordered in real flows: the terminal action first, as Architect often writes it.
    let task = fc::task(
        t,
        ids.task,
        "Identify caller",
        ids.decision,
        vec![disconnect, get, play, decision, transfer, withheld],
        vec![contact_var],
    );

    let task_action = fc::task_action(t, ids.menu_task_action, "Identify caller", ids.task);
    let menu_disconnect = fc::disconnect(t, ids.menu_disconnect, "Disconnect");
    let menu = fc::menu(
        t,
        ids.menu,
        "Main Menu",
        "Welcome to Analytical Engines. Press 1 to be connected, or 9 to hang up.",
        vec![
            fc::menu_choice(ids.menu_choice_identify, "Identify caller", 1, task_action),
            fc::menu_choice(ids.menu_choice_disconnect, "Disconnect", 9, menu_disconnect),
        ],
        ids.menu_choice_identify,
    );
    let manifest = json!({
        "queue": [fc::manifest_entry(QUEUE_GOLD, "Gold", ids.transfer_gold, "Transfer to ACD", "Transfer to Gold queue")],
        "language": [{ "id": "en-US" }],
        "userPrompt": [],
        "systemPrompt": [],
    });
    let configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "inboundcall",
            initial_sequence: ids.menu,
            manifest,
            variables: vec![],
            sequences: vec![menu, task],
        },
    );
    DemoFlow { flow: flow_entity(id, name, description, "INBOUNDCALL"), configuration, simulation_ms }
}

/// `Message.Message.senderAddress`: who sent the message.
pub(crate) fn sender_address() -> Value {
    fc::sysref_property("Message.Message", "cpx_short_message", "__MESSAGE_MESSAGE__", "senderAddress", "str")
}

/// The ids of what both messaging demo flows do with a message's sender (F2 and F6).
pub(crate) struct SenderSearch<'a> {
    pub search: &'a str,
    /// The `State.Contacts` variable the search fills.
    pub contacts: &'a str,
    pub personal: &'a str,
    pub confirm: &'a str,
    pub generic: &'a str,
    /// After the reply.
    pub next: &'a str,
}

/// Search External Contacts on the sender into `State.Contacts`, then one reply per outcome (exact match: the
/// reply `personal` builds; several: ask to confirm; none: a generic greeting), then `next`. Returns the search,
/// the three replies, and the `State.Contacts` variable (tracking ids in that order).
pub(crate) fn sender_search(
    t: &mut Tracker,
    ids: &SenderSearch,
    personal: impl FnOnce(&mut Tracker) -> Value,
) -> [Value; 5] {
    let contacts = fc::variable(ids.contacts, "State.Contacts", "ComplexVariable", "cpx_external_contact_coll", true);
    let mut search = fc::action(t, "SearchExternalContactsAction", ids.search, "Search sender");
    search["searchTerm"] = sender_address();
    search["externalResults"] =
        fc::var_ref("State.Contacts", "cpx_external_contact_coll", ids.contacts, fc::MODE_VARIABLE_TARGET);
    search["paths"] = json!([
        fc::path("Exact Match", OUT_EXACT_MATCH, Some(ids.personal)),
        fc::path("Multiple Matches", OUT_MULTIPLE_MATCHES, Some(ids.confirm)),
        fc::path("Not Found", OUT_NOT_FOUND, Some(ids.generic)),
    ]);
    search["nextAction"] = json!(ids.next);
    let personal = personal(t);
    let confirm = fc::send_response(
        t,
        ids.confirm,
        "Ask sender to confirm identity",
        "Several accounts use this number; please reply with your account number.",
        None,
    );
    let generic = fc::send_response(
        t,
        ids.generic,
        "Send generic greeting",
        "Thanks for your message! An agent will reply soon.",
        None,
    );
    [search, personal, confirm, generic, contacts]
}

fn messaging_search_flow() -> DemoFlow {
    let name = "Messaging Contact Search";
    let description = "Finds the sender of an SMS among external contacts and greets them.";
    let t = &mut Tracker::default();
    let ids = SenderSearch {
        search: F2_SEARCH,
        contacts: F2_CONTACTS_VARIABLE,
        personal: F2_SEND_PERSONAL,
        confirm: F2_SEND_CONFIRM,
        generic: F2_SEND_GENERIC,
        next: F2_TRANSFER,
    };
    let [search, personal, confirm, generic, results_var] = sender_search(t, &ids, |t| {
        fc::send_response(
            t,
            F2_SEND_PERSONAL,
            "Send personal greeting",
            "Welcome back! An agent will be with you shortly.",
            None,
        )
    });
    let transfer = fc::transfer_to_queue(t, F2_TRANSFER, "Transfer to Support queue", "Support", QUEUE_SUPPORT);
    let state = fc::state(
        t,
        F2_STATE,
        "Find sender",
        F2_SEARCH,
        vec![transfer, generic, search, confirm, personal],
        vec![results_var],
    );
    let manifest = json!({
        "queue": [fc::manifest_entry(QUEUE_SUPPORT, "Support", F2_TRANSFER, "Transfer to ACD", "Transfer to Support queue")],
        "language": [{ "id": "en-US" }],
    });
    let configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "inboundshortmessage",
            initial_sequence: F2_STATE,
            manifest,
            variables: vec![],
            sequences: vec![state],
        },
    );
    DemoFlow {
        flow: flow_entity(FLOW_MESSAGING_SEARCH, name, description, "INBOUNDSHORTMESSAGE"),
        configuration,
        simulation_ms: 0,
    }
}

fn after_hours_flow() -> DemoFlow {
    let name = "After Hours";
    let description = "Tells callers outside business hours when to call back.";
    let t = &mut Tracker::default();
    let open_var = fc::variable(F3_OPEN_VARIABLE, "Flow.IsOpen", "BoolVariable", "bln", false);
    let mut decision = fc::action(t, "DecisionAction", F3_DECISION, "Within business hours?");
    decision["expression"] = fc::var_ref("Flow.IsOpen", "bln", F3_OPEN_VARIABLE, fc::MODE_EXPRESSION);
    decision["paths"] =
        json!([fc::path("Yes", "__YES__", Some(F3_PLAY_OPEN)), fc::path("No", "__NO__", Some(F3_PLAY_AFTER_HOURS)),]);
    decision["nextAction"] = json!(F3_DISCONNECT);
    let open =
        fc::play_audio(t, F3_PLAY_OPEN, "Play we are open message", "We are open; please call our main number.", None);
    let closed = fc::play_audio(
        t,
        F3_PLAY_AFTER_HOURS,
        "Play after hours message",
        "Our offices are closed. Please call again between 9 AM and 5 PM, Monday to Friday.",
        None,
    );
    let disconnect = fc::disconnect(t, F3_DISCONNECT, "Disconnect");
    let task =
        fc::task(t, F3_TASK, "After hours handling", F3_DECISION, vec![closed, disconnect, decision, open], vec![]);
    let configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "inboundcall",
            initial_sequence: F3_TASK,
            manifest: json!({ "language": [{ "id": "en-US" }] }),
            variables: vec![open_var],
            sequences: vec![task],
        },
    );
    DemoFlow { flow: flow_entity(FLOW_AFTER_HOURS, name, description, "INBOUNDCALL"), configuration, simulation_ms: 0 }
}

const FILLER_TYPES: [&str; 12] = [
    "INBOUNDCALL",
    "INBOUNDCHAT",
    "INBOUNDEMAIL",
    "INBOUNDSHORTMESSAGE",
    "INQUEUECALL",
    "OUTBOUNDCALL",
    "COMMONMODULE",
    "WORKFLOW",
    "BOT",
    "DIGITALBOT",
    "SURVEYINVITE",
    "WORKITEM",
];
const FILLER_TEAMS: [&str; 10] =
    ["Billing", "Claims", "Collections", "Onboarding", "Payments", "Renewals", "Retail", "Sales", "Support", "Travel"];
const FILLER_PURPOSES: [&str; 4] = ["Main", "Overflow", "Priority", "Holiday"];

/// A deterministic UUID v4 from a seed (FNV-1a), for the filler flows' ids.
pub fn stable_uuid(seed: &str) -> String {
    fn fnv(seed: &str, salt: u64) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
        for b in seed.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&fnv(seed, 0x5bd1_e995).to_be_bytes());
    bytes[8..].copy_from_slice(&fnv(seed, 0x27d4_eb2f_1656_67c5).to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

fn filler_flow(i: usize) -> DemoFlow {
    let flow_type = FILLER_TYPES[i % FILLER_TYPES.len()];
    let team = FILLER_TEAMS[i % FILLER_TEAMS.len()];
    let purpose = FILLER_PURPOSES[(i / FILLER_TEAMS.len()) % FILLER_PURPOSES.len()];
    let kind = match flow_type {
        "INBOUNDCALL" => "IVR",
        "INBOUNDCHAT" => "Chat",
        "INBOUNDEMAIL" => "Email",
        "INBOUNDSHORTMESSAGE" => "Messaging",
        "INQUEUECALL" => "In-Queue",
        "OUTBOUNDCALL" => "Outbound",
        "COMMONMODULE" => "Module",
        "WORKFLOW" => "Workflow",
        "BOT" => "Voice Bot",
        "DIGITALBOT" => "Digital Bot",
        "SURVEYINVITE" => "Survey Invite",
        _ => "Workitem",
    };
    let name = format!("{team} {purpose} {kind}");
    let description = format!("{purpose} {kind} flow of the {team} team.");
    let id = stable_uuid(&format!("fake-genesys/filler-flow/{i}"));
    let config_type = flow_type.to_ascii_lowercase();
    let t = &mut Tracker::default();
    let seq_id = stable_uuid(&format!("{id}/sequence"));
    let end_id = stable_uuid(&format!("{id}/end"));
    let (sequence, initial) = match flow_type {
        "INBOUNDCALL" | "INQUEUECALL" | "OUTBOUNDCALL" => {
            let play_id = stable_uuid(&format!("{id}/play"));
            let play =
                fc::play_audio(t, &play_id, "Play greeting", &format!("Thank you for calling {team}."), Some(&end_id));
            let end = fc::disconnect(t, &end_id, "Disconnect");
            (fc::task(t, &seq_id, "Greeting", &play_id, vec![end, play], vec![]), seq_id.clone())
        }
        "WORKFLOW" => {
            let end = fc::action(t, "EndWorkflowAction", &end_id, "End Workflow");
            (fc::state(t, &seq_id, "Initial State", &end_id, vec![end], vec![]), seq_id.clone())
        }
        _ => {
            let end = fc::disconnect(t, &end_id, "Disconnect");
            (fc::state(t, &seq_id, "Initial State", &end_id, vec![end], vec![]), seq_id.clone())
        }
    };
    let configuration = fc::document(
        t,
        fc::Document {
            name: &name,
            description: &description,
            flow_type: &config_type,
            initial_sequence: &initial,
            manifest: json!({ "language": [{ "id": "en-US" }] }),
            variables: vec![],
            sequences: vec![sequence],
        },
    );
    DemoFlow { flow: flow_entity(&id, &name, &description, flow_type), configuration, simulation_ms: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_names_and_ids_are_unique() {
        let org = DemoOrg::seed();
        assert_eq!(org.flows.len(), TOTAL_FLOWS);
        let mut ids: Vec<_> = org.flows.iter().map(|f| f.id().to_string()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), TOTAL_FLOWS);
        let mut names: Vec<_> = org.flows.iter().map(|f| f.name().to_string()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TOTAL_FLOWS);
        assert_eq!(stable_uuid("x"), stable_uuid("x"));
        assert!(uuid::Uuid::parse_str(&stable_uuid("x")).is_ok());
    }

    #[test]
    fn every_action_is_referenced_once_and_tracking_ids_are_unique() {
        for f in DemoOrg::seed().flows {
            let cfg = &f.configuration;
            let mut tracking = Vec::new();
            let mut referenced = Vec::new();
            let mut action_ids = Vec::new();
            for item in cfg["flowSequenceItemList"].as_array().unwrap() {
                tracking.push(item["trackingId"].as_u64().unwrap());
                if let Some(s) = item["startAction"].as_str() {
                    referenced.push(s.to_string());
                }
                let mut actions: Vec<&Value> =
                    item["actionList"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
                if let Some(choices) = item["menuChoiceList"].as_array() {
                    actions.extend(choices.iter().map(|c| &c["action"]));
                    referenced.extend(choices.iter().filter_map(|c| c["action"]["id"].as_str()).map(String::from));
                }
                for a in actions {
                    action_ids.push(a["id"].as_str().unwrap().to_string());
                    tracking.push(a["trackingId"].as_u64().unwrap());
                    if let Some(n) = a["nextAction"].as_str() {
                        referenced.push(n.to_string());
                    }
                    // A LoopAction's single `path` object.
                    if let Some(n) = a["path"]["nextActionId"].as_str() {
                        referenced.push(n.to_string());
                    }
                    for p in a["paths"].as_array().into_iter().flatten() {
                        if let Some(n) = p["nextActionId"].as_str() {
                            referenced.push(n.to_string());
                        }
                    }
                }
            }
            action_ids.sort();
            referenced.sort();
            assert_eq!(action_ids, referenced, "{}", f.name());
            let n = tracking.len();
            tracking.sort();
            tracking.dedup();
            assert_eq!(tracking.len(), n, "{}", f.name());
            assert!(cfg["nextTrackingNumber"].as_u64().unwrap() > *tracking.last().unwrap());
        }
    }
}
