//! The demo flows a contact-centre developer would recognise, in the real configuration format
//! (`flowconfig-format.md`, the twelve real configurations):
//!
//! - F5 "Customer Service IVR" (inbound call): Evaluate Schedule Group (open, closed, holiday, emergency), then the
//!   Main Menu; "Billing" looks the caller up in the "VIP Callers" data table by number, gets the row's External
//!   Contact and decides on the contact's organisation before Transfer to ACD.
//! - F6 "SMS Triage" (inbound message): calls the common module, then Search External Contacts on the sender.
//! - F7 "Find VIP Tier" (common module): the VIP tier of a number, "standard" when it has none.
//! - F8 "Callback Scheduler" (workflow with inputs): works out when to call back, then a loop with Exit Loop.
//!
//! Shapes not in the real corpus, and what is assumed (see `wire::architect`):
//! - `EvaluateScheduleGroupAction`: the type name is real (Genesys' analytics `actionType` enum); its keys are
//!   not in any export we have. Assumed, after Architect's action panel ("Schedule Group", "Emergency Group") and
//!   the other actions' habits: `scheduleGroup` (an entity literal, type `scg`, `val` = the group's id) and
//!   `emergencyGroup` (type `emg`), with paths `__OPEN__` "Open", `__CLOSED__` "Closed", `__HOLIDAY__` "Holiday",
//!   `__EMERGENCY__` "Emergency".
//! - `TransferMenuAction` (Jump to Menu): `menuReference`/`menuName`, as the census lists them.
//! - The module's container is a `CommonModuleTask` with `paths: []` and an `EndTaskAction` without a path, as in
//!   the real Resolve Contact module; `CallCommonModuleAction` copies the real one's keys.
//! - Search External Contacts uses `searchTerm`/`externalResults` and the output ids `__MATCH_EXACT__`,
//!   `__MATCH_MULTIPLE__`, `__NOT_FOUND__` (architect-expressions.md §5).

use serde_json::{json, Value};

use crate::demo::{flow_entity, sender_address, sender_search, DemoFlow, SenderSearch, QUEUE_GOLD, QUEUE_SUPPORT};
use crate::flowconfig::{self as fc, Tracker};
use crate::orgdata::{EMERGENCY_GROUP_WEATHER, QUEUE_GENERAL, SCHEDULE_GROUP_SERVICE, SKILL_TECH, TABLE_VIP};

/// Output ids of Evaluate Schedule Group.
pub const OUT_OPEN: &str = "__OPEN__";
pub const OUT_CLOSED: &str = "__CLOSED__";
pub const OUT_HOLIDAY: &str = "__HOLIDAY__";
pub const OUT_EMERGENCY: &str = "__EMERGENCY__";
/// Output ids of Search External Contacts (architect-expressions.md §5) and the lookups.
pub use crate::demo::{
    OUT_EXACT_MATCH as OUT_MATCH_EXACT, OUT_FOUND, OUT_MULTIPLE_MATCHES as OUT_MATCH_MULTIPLE, OUT_NOT_FOUND,
};
pub const OUT_FAILURE: &str = "__FAILURE__";
pub const OUT_YES: &str = "__YES__";
pub const OUT_NO: &str = "__NO__";

/// F5 "Customer Service IVR".
pub mod ivr {
    pub const FLOW: &str = "6712b20c-7d19-4717-bfdf-17c10c8968ae";
    pub const HOURS_TASK: &str = "b7cb59e0-e72d-4139-ab72-d737b0313802";
    pub const EVALUATE: &str = "9b81f60e-6ccf-4bdb-8d62-621ebcd57123";
    pub const PLAY_CLOSED: &str = "7ba0747b-b265-4300-93ac-320e13c67348";
    pub const PLAY_HOLIDAY: &str = "f86684b9-6cd0-4a1c-886c-a44866c27d67";
    pub const PLAY_EMERGENCY: &str = "06be1472-260d-4e2c-bdb6-228251f7cd3d";
    pub const HOURS_DISCONNECT: &str = "0564abeb-ddad-45c5-b4c4-0a59340d976f";
    pub const JUMP_MENU: &str = "9e8e6b98-f5d9-4337-8dad-a7829dcbf4db";
    pub const MENU: &str = "436bdb09-1712-445b-a1db-cf5c107588d8";
    pub const CHOICE_BILLING: &str = "3ee79610-d627-440d-8207-65be5bff365b";
    pub const CHOICE_BILLING_TASK: &str = "e7729874-29db-4407-8b81-16fb39356268";
    pub const CHOICE_TECH: &str = "40c5dc63-da54-4593-86e1-071bdded5d78";
    pub const CHOICE_TECH_TASK: &str = "6bba7a65-2540-4c04-8b2e-397445cac5b8";
    pub const CHOICE_HANGUP: &str = "90154a9d-1b79-4f7c-b8ba-10ed3b37d9af";
    pub const CHOICE_HANGUP_DISCONNECT: &str = "1c057772-893b-41df-8f47-01739b886474";
    pub const IDENTIFY_TASK: &str = "5ae0cb4b-9cc0-4c64-889c-463c7f83fa2f";
    pub const VIP_LOOKUP: &str = "b1daf267-db53-440f-a710-712328728b08";
    pub const GET_CONTACT: &str = "b612de1e-115d-45e4-af7a-cfa26012e88b";
    pub const KEY_ACCOUNT: &str = "20c82709-7137-4332-866f-57ee09f0bc74";
    pub const TRANSFER_GOLD: &str = "d7bb5720-4a0c-4dfa-b4ad-bad7c566bebd";
    pub const TRANSFER_SUPPORT: &str = "dfbe24e2-b590-4c43-81cd-ab236eecbdec";
    pub const TECH_TASK: &str = "c46c53f7-0a2f-4a28-baf5-99a7ffb72dcc";
    pub const TRANSFER_TECH: &str = "2a0ea329-00b0-43ed-ae27-de54e452352d";
    pub const VAR_CONTACT_ID: &str = "5f0b161a-fdc1-4ffc-9152-16cbf108e3bf";
    pub const VAR_TIER: &str = "98f8f22e-8dcc-4996-a035-9480b400d418";
    pub const VAR_CONTACT: &str = "436d904b-52bc-43ae-b612-6261e81479c2";
    /// The organisation the Key account? decision looks for.
    pub const KEY_ACCOUNT_ORG: &str = "Analytical Engines Ltd";
}

/// F6 "SMS Triage".
pub mod sms {
    pub const FLOW: &str = "d64236b5-a862-4410-b45a-3853813b0316";
    pub const STATE: &str = "38da2348-4c5f-4f20-b57e-16504ad145db";
    pub const CALL_MODULE: &str = "4d960269-d425-4aa7-8988-cd08f6d82c54";
    pub const SEARCH: &str = "1d1dfb42-af07-45bb-b28f-f134a657aa48";
    pub const SEND_PERSONAL: &str = "4c6e2198-1468-405e-baf2-b68bfaab707b";
    pub const SEND_CONFIRM: &str = "5c3338ec-b6da-4ef9-866e-3163a5b21540";
    pub const SEND_GENERIC: &str = "a2074398-f35f-4968-8f4d-71f25aa3740e";
    pub const TRANSFER: &str = "2e80a809-089b-4b7a-900a-39db027edc71";
    pub const VAR_CONTACTS: &str = "5345fe43-6641-4c4f-9dae-397be31cfb34";
    pub const VAR_TIER: &str = "04c4bdd5-bdd5-4485-934f-ad86eb4d955f";
}

/// F7 "Find VIP Tier" (common module).
pub mod module {
    pub const FLOW: &str = "e3133cbd-6262-473e-b798-26880ae69d60";
    pub const TASK: &str = "14826fe4-f5d4-4958-927c-31794758b44f";
    pub const LOOKUP: &str = "4bcf98c5-772f-4e45-b449-7e395be32c27";
    pub const SET_TIER: &str = "815bcb3c-8ce6-4cc5-ac6b-17960111cce3";
    pub const END: &str = "76786ded-dff2-46c0-a6ee-de0e5f83023d";
    pub const VAR_PHONE: &str = "7b93b690-a5df-4f19-a99f-974fcf1cc0bd";
    pub const VAR_TIER: &str = "984deb43-bbda-4fa9-9f91-efabd60e1dc8";
    /// Input and output variable names.
    pub const INPUT_PHONE: &str = "Common.phoneNumber";
    pub const OUTPUT_TIER: &str = "Common.tier";
}

/// F8 "Callback Scheduler" (workflow).
pub mod workflow {
    pub const FLOW: &str = "7a8a6d81-d245-4de7-b463-f58e87325abc";
    pub const STATE: &str = "435cf087-f6e0-4b2a-aa2f-cf57bb393f82";
    pub const SET_DUE: &str = "25e39509-a11e-4292-91ee-64e7c4437c25";
    pub const LOOP: &str = "0a2db4ec-31a8-4ed3-acf6-4999d29d3ca4";
    pub const ADD_ATTEMPT: &str = "bbe5b4d1-f93b-4a5a-acc7-68a99063adc8";
    pub const DECISION: &str = "cebda30a-c200-4b1e-ae60-1f2835e4f15e";
    pub const EXIT_LOOP: &str = "022faa39-bb65-4120-a42b-5d557f62df0d";
    pub const END: &str = "7f35dc10-2a05-48bf-a04c-e1f0530e7250";
    pub const VAR_PHONE: &str = "1820a2f6-7a07-4ed3-9672-4bafe957d97c";
    pub const VAR_DELAY: &str = "7508738d-e2ec-4b35-8886-794d6ee8c33c";
    pub const VAR_DUE: &str = "f48460d9-1ade-4f28-a0f5-caa15bb87134";
    pub const VAR_ATTEMPTS: &str = "0cbf7e9f-c860-479d-b2f1-7e65769028e2";
    pub const VAR_INDEX: &str = "1e7267f3-fc98-425f-b2a5-24f388e8bec9";
    /// Input variable names.
    pub const INPUT_PHONE: &str = "Flow.customerPhone";
    pub const INPUT_DELAY: &str = "Flow.delayMinutes";
    /// What End Workflow's exit reason starts with.
    pub const EXIT_REASON: &str = "Callback scheduled for ";
}

/// How many demo flows this module adds to the org.
pub const DEMO_FLOWS: usize = 4;

/// All of them, in the org's order.
pub fn demo_flows() -> Vec<DemoFlow> {
    vec![ivr_flow(), sms_flow(), module_flow(), workflow_flow()]
}

const CALL_ANI: &str = "Call.Ani";
const CALL_ANI_VAL: &str = "__CALL_ANI__";

/// `ToPhoneNumber(Call.Ani).e164`: the caller's number in E.164 (Call.Ani is a string such as `tel:+1…`), the
/// data table's key.
fn caller_e164() -> Value {
    let call = "ToPhoneNumber(Call.Ani)";
    let text = format!("{call}.e164");
    let to_phone = fc::n_op("ToPhoneNumber", call, "phn", vec![fc::n_sysref(CALL_ANI, "str", CALL_ANI_VAL)]);
    let node = fc::n_prop(to_phone, call, "e164", "str");
    fc::expr(node, &text, "str", vec![fc::sys_reference(CALL_ANI, "str", CALL_ANI_VAL)])
}

fn binding(name: &str, value: Value) -> Value {
    json!({ "name": name, "value": value })
}

fn error_bindings() -> Value {
    json!([binding("errorType", fc::emp("str")), binding("errorMessage", fc::emp("str"))])
}

/// A Data Table Lookup on the VIP table, with its three paths.
fn vip_lookup(
    t: &mut Tracker,
    id: &str,
    name: &str,
    key: Value,
    outputs: Vec<Value>,
    paths: [Option<&str>; 3],
) -> Value {
    let mut a = fc::action(t, "DataTableLookupAction", id, name);
    let mut key = key;
    key["name"] = json!("lookupKeyValue");
    a["datatableId"] = json!(TABLE_VIP);
    a["datatableName"] = json!("VIP Callers");
    a["lookupKeyValue"] = key;
    a["outputs"] = json!(outputs);
    a["errorBindings"] = error_bindings();
    a["paths"] = json!([
        fc::path("Found", OUT_FOUND, paths[0]),
        fc::path("Not Found", OUT_NOT_FOUND, paths[1]),
        fc::path("Failure", OUT_FAILURE, paths[2]),
    ]);
    a
}

fn ivr_flow() -> DemoFlow {
    use ivr::*;
    let name = "Customer Service IVR";
    let description = "Opening hours, the main menu, and VIP callers (by number) to their queue.";
    let t = &mut Tracker::default();

    // Task "Check opening hours": the flow's start.
    let mut evaluate = fc::action(t, "EvaluateScheduleGroupAction", EVALUATE, "Check opening hours");
    evaluate["scheduleGroup"] = fc::lit_entity("Customer Service Hours", "scg", SCHEDULE_GROUP_SERVICE);
    evaluate["emergencyGroup"] = fc::lit_entity("Severe Weather", "emg", EMERGENCY_GROUP_WEATHER);
    evaluate["paths"] = json!([
        fc::path("Open", OUT_OPEN, Some(JUMP_MENU)),
        fc::path("Closed", OUT_CLOSED, Some(PLAY_CLOSED)),
        fc::path("Holiday", OUT_HOLIDAY, Some(PLAY_HOLIDAY)),
        fc::path("Emergency", OUT_EMERGENCY, Some(PLAY_EMERGENCY)),
    ]);
    evaluate["nextAction"] = json!(HOURS_DISCONNECT);
    let mut jump = fc::action(t, "TransferMenuAction", JUMP_MENU, "Go to the main menu");
    jump["menuReference"] = json!(MENU);
    jump["menuName"] = json!("Main Menu");
    let closed = fc::play_audio(
        t,
        PLAY_CLOSED,
        "Play closed message",
        "Our lines are open 9 AM to 5 PM Eastern, Monday to Friday. Please call again then.",
        None,
    );
    let holiday = fc::play_audio(
        t,
        PLAY_HOLIDAY,
        "Play holiday message",
        "We are closed today for the holiday. Please call again on the next working day.",
        None,
    );
    let emergency = fc::play_audio(
        t,
        PLAY_EMERGENCY,
        "Play emergency message",
        "Our offices are closed because of severe weather. Please try again later.",
        None,
    );
    let hours_disconnect = fc::disconnect(t, HOURS_DISCONNECT, "Disconnect");
    let hours_task = fc::task(
        t,
        HOURS_TASK,
        "Check opening hours",
        EVALUATE,
        vec![hours_disconnect, holiday, evaluate, emergency, jump, closed],
        vec![],
    );

    // Task "Identify caller" (menu choice 1).
    let vip = vip_lookup(
        t,
        VIP_LOOKUP,
        "Look up VIP caller",
        caller_e164(),
        vec![
            binding("contactId", fc::var_ref("Flow.VipContactId", "str", VAR_CONTACT_ID, fc::MODE_VARIABLE_TARGET)),
            binding("tier", fc::var_ref("Flow.VipTier", "str", VAR_TIER, fc::MODE_VARIABLE_TARGET)),
        ],
        [Some(GET_CONTACT), None, None],
    );
    let mut vip = vip;
    vip["nextAction"] = json!(TRANSFER_SUPPORT);
    let mut get = fc::action(t, "GetExternalContactAction", GET_CONTACT, "Get VIP contact");
    get["externalId"] = fc::var_ref("Flow.VipContactId", "str", VAR_CONTACT_ID, fc::MODE_EXPRESSION);
    get["externalResult"] = fc::var_ref("Flow.Contact", "cpx_external_contact", VAR_CONTACT, fc::MODE_VARIABLE_TARGET);
    get["paths"] = json!([fc::path("Found", OUT_FOUND, Some(KEY_ACCOUNT)), fc::path("Not Found", OUT_NOT_FOUND, None)]);
    let mut decision = fc::action(t, "DecisionAction", KEY_ACCOUNT, "Key account?");
    let org_text = "Flow.Contact.externalOrganization";
    let text = format!("{org_text}.name == \"{KEY_ACCOUNT_ORG}\"");
    let contact = fc::n_ref("Flow.Contact", "cpx_external_contact", VAR_CONTACT);
    let org = fc::n_prop(contact, "Flow.Contact", "externalOrganization", "cpx_external_organization");
    let node =
        fc::n_op("==", &text, "bln", vec![fc::n_prop(org, org_text, "name", "str"), fc::n_lit(KEY_ACCOUNT_ORG, "str")]);
    decision["expression"] =
        fc::expr(node, &text, "bln", vec![fc::var_reference("Flow.Contact", "cpx_external_contact", VAR_CONTACT)]);
    decision["paths"] = json!([fc::path("Yes", OUT_YES, Some(TRANSFER_GOLD)), fc::path("No", OUT_NO, None)]);
    let gold = fc::transfer_to_queue(t, TRANSFER_GOLD, "Transfer to Gold queue", "Gold", QUEUE_GOLD);
    let support = fc::transfer_to_queue(t, TRANSFER_SUPPORT, "Transfer to Support queue", "Support", QUEUE_SUPPORT);
    let identify =
        fc::task(t, IDENTIFY_TASK, "Identify caller", VIP_LOOKUP, vec![support, decision, get, gold, vip], vec![]);

    // Task "Technical support" (menu choice 2): Support queue with the Technical Support skill.
    let mut tech = fc::transfer_to_queue(t, TRANSFER_TECH, "Transfer to technical support", "Support", QUEUE_SUPPORT);
    tech["skills"] = json!([fc::lit_entity("Technical Support", "skl", SKILL_TECH)]);
    let tech_task = fc::task(t, TECH_TASK, "Technical support", TRANSFER_TECH, vec![tech], vec![]);

    let billing_action = fc::task_action(t, CHOICE_BILLING_TASK, "Billing", IDENTIFY_TASK);
    let tech_action = fc::task_action(t, CHOICE_TECH_TASK, "Technical support", TECH_TASK);
    let hangup = fc::disconnect(t, CHOICE_HANGUP_DISCONNECT, "Disconnect");
    let menu = fc::menu(
        t,
        MENU,
        "Main Menu",
        "Welcome to Analytical Engines. For billing, press 1. For technical support, press 2. To end this call, press 9.",
        vec![
            fc::menu_choice(CHOICE_BILLING, "Billing", 1, billing_action),
            fc::menu_choice(CHOICE_TECH, "Technical support", 2, tech_action),
            fc::menu_choice(CHOICE_HANGUP, "Disconnect", 9, hangup),
        ],
        CHOICE_BILLING,
    );
    let manifest = json!({
        "queue": [
            fc::manifest_entry(QUEUE_GOLD, "Gold", TRANSFER_GOLD, "Transfer to ACD", "Transfer to Gold queue"),
            fc::manifest_entry(QUEUE_SUPPORT, "Support", TRANSFER_SUPPORT, "Transfer to ACD", "Transfer to Support queue"),
        ],
        "scheduleGroup": [fc::manifest_entry(SCHEDULE_GROUP_SERVICE, "Customer Service Hours", EVALUATE, "Evaluate Schedule Group", "Check opening hours")],
        "emergencyGroup": [fc::manifest_entry(EMERGENCY_GROUP_WEATHER, "Severe Weather", EVALUATE, "Evaluate Schedule Group", "Check opening hours")],
        "dataTable": [fc::manifest_entry(TABLE_VIP, "VIP Callers", VIP_LOOKUP, "Data Table Lookup", "Look up VIP caller")],
        "skill": [fc::manifest_entry(SKILL_TECH, "Technical Support", TRANSFER_TECH, "Transfer to ACD", "Transfer to technical support")],
        "language": [{ "id": "en-US" }],
        "userPrompt": [],
        "systemPrompt": [],
    });
    let variables = vec![
        fc::variable(VAR_CONTACT_ID, "Flow.VipContactId", "StringVariable", "str", false),
        fc::variable(VAR_TIER, "Flow.VipTier", "StringVariable", "str", false),
        fc::variable(VAR_CONTACT, "Flow.Contact", "ComplexVariable", "cpx_external_contact", false),
    ];
    let configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "inboundcall",
            initial_sequence: HOURS_TASK,
            manifest,
            variables,
            sequences: vec![hours_task, menu, identify, tech_task],
        },
    );
    DemoFlow { flow: flow_entity(FLOW, name, description, "INBOUNDCALL"), configuration, simulation_ms: 0 }
}

fn sms_flow() -> DemoFlow {
    use sms::*;
    let name = "SMS Triage";
    let description = "Finds who sent an SMS (VIP tier from the common module, then the contact) and routes it.";
    let t = &mut Tracker::default();

    let mut call = fc::action(t, "CallCommonModuleAction", CALL_MODULE, "Find VIP tier");
    call["flowId"] = json!(module::FLOW);
    call["flowName"] = json!("Find VIP Tier");
    call["flowVersion"] = json!("1.0");
    call["flowLatestVersion"] = json!(true);
    call["flowDebugPublished"] = json!(false);
    call["flowOutOfService"] = json!(false);
    call["inputs"] = json!([binding(module::INPUT_PHONE, sender_address())]);
    call["outputs"] =
        json!([binding(module::OUTPUT_TIER, fc::var_ref("State.Tier", "str", VAR_TIER, fc::MODE_VARIABLE_TARGET))]);
    call["paths"] = json!([]);
    call["nextAction"] = json!(SEARCH);

    let ids = SenderSearch {
        search: SEARCH,
        contacts: VAR_CONTACTS,
        personal: SEND_PERSONAL,
        confirm: SEND_CONFIRM,
        generic: SEND_GENERIC,
        next: TRANSFER,
    };
    let [search, personal, confirm, generic, contacts] = sender_search(t, &ids, |t| {
        let mut personal = fc::action(t, "SendResponseAction", SEND_PERSONAL, "Send personal greeting");
        let text = r#"Append("Welcome back! Your ", State.Tier, " line will answer shortly.")"#;
        let node = fc::n_op(
            "Append",
            text,
            "str",
            vec![
                fc::n_lit("Welcome back! Your ", "str"),
                fc::n_ref("State.Tier", "str", VAR_TIER),
                fc::n_lit(" line will answer shortly.", "str"),
            ],
        );
        personal["messageBody"] = fc::expr(node, text, "str", vec![fc::var_reference("State.Tier", "str", VAR_TIER)]);
        personal["messageBodyStyle"] = fc::lit("notice", "str");
        personal
    });
    let transfer = fc::transfer_to_queue(t, TRANSFER, "Transfer to General queue", "General", QUEUE_GENERAL);
    let state = fc::state(
        t,
        STATE,
        "Triage",
        CALL_MODULE,
        vec![transfer, generic, search, confirm, call, personal],
        vec![fc::variable(VAR_TIER, "State.Tier", "StringVariable", "str", false), contacts],
    );
    let manifest = json!({
        "queue": [fc::manifest_entry(QUEUE_GENERAL, "General", TRANSFER, "Transfer to ACD", "Transfer to General queue")],
        "commonModuleFlow": [fc::manifest_entry(module::FLOW, "Find VIP Tier", CALL_MODULE, "Call Common Module", "Find VIP tier")],
        "language": [{ "id": "en-US" }],
    });
    let configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "inboundshortmessage",
            initial_sequence: STATE,
            manifest,
            variables: vec![],
            sequences: vec![state],
        },
    );
    DemoFlow { flow: flow_entity(FLOW, name, description, "INBOUNDSHORTMESSAGE"), configuration, simulation_ms: 0 }
}

fn module_flow() -> DemoFlow {
    use module::*;
    let name = "Find VIP Tier";
    let description = "Common module: the VIP tier of a phone number (E.164), or \"standard\".";
    let t = &mut Tracker::default();
    let phone_text = INPUT_PHONE;
    let key = fc::expr(
        fc::n_ref(phone_text, "str", VAR_PHONE),
        phone_text,
        "str",
        vec![fc::var_reference(phone_text, "str", VAR_PHONE)],
    );
    let mut lookup = vip_lookup(
        t,
        LOOKUP,
        "Look up VIP tier",
        key,
        vec![binding("tier", fc::var_ref(OUTPUT_TIER, "str", VAR_TIER, fc::MODE_VARIABLE_TARGET))],
        [None, Some(SET_TIER), None],
    );
    lookup["nextAction"] = json!(END);
    let mut set = fc::action(t, "UpdateVariableAction", SET_TIER, "Standard tier");
    set["variables"] = json!([{
        "expression": fc::lit("standard", "str"),
        "variable": fc::var_ref(OUTPUT_TIER, "str", VAR_TIER, fc::MODE_VARIABLE_TARGET),
    }]);
    let end = fc::action(t, "EndTaskAction", END, "Exit Common Module");
    let mut task = fc::task(t, TASK, "Common Module Task", LOOKUP, vec![end, set, lookup], vec![]);
    task["__type"] = json!("CommonModuleTask");
    task["paths"] = json!([]);
    let variables = vec![
        fc::parameter(VAR_PHONE, INPUT_PHONE, "StringVariable", "str", true, false),
        fc::parameter(VAR_TIER, OUTPUT_TIER, "StringVariable", "str", false, true),
    ];
    let mut configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "commonmodule",
            initial_sequence: TASK,
            manifest: json!({
                "dataTable": [fc::manifest_entry(TABLE_VIP, "VIP Callers", LOOKUP, "Data Table Lookup", "Look up VIP tier")],
                "language": [{ "id": "en-US" }],
            }),
            variables,
            sequences: vec![task],
        },
    );
    // The real module (Resolve Contact) has no flow-level error handling of its own: its caller's applies.
    if let Some(o) = configuration.as_object_mut() {
        o.remove("errorHandling");
    }
    DemoFlow { flow: flow_entity(FLOW, name, description, "COMMONMODULE"), configuration, simulation_ms: 0 }
}

fn workflow_flow() -> DemoFlow {
    use workflow::*;
    let name = "Callback Scheduler";
    let description = "Workflow: when to call a customer back (inputs customerPhone, delayMinutes), with retries.";
    let t = &mut Tracker::default();

    // Flow.callbackDue = AddMinutes(GetCurrentDateTimeUtc(), Flow.delayMinutes): a NOT_SET delayMinutes is a
    // runtime error (AddMinutes refuses NOT_SET), so the workflow's error handling runs.
    let text = format!("AddMinutes(GetCurrentDateTimeUtc(), {INPUT_DELAY})");
    let node = fc::n_op(
        "AddMinutes",
        &text,
        "dtm",
        vec![
            fc::n_op("GetCurrentDateTimeUtc", "GetCurrentDateTimeUtc()", "dtm", vec![]),
            fc::n_ref(INPUT_DELAY, "int", VAR_DELAY),
        ],
    );
    let mut set_due = fc::action(t, "UpdateVariableAction", SET_DUE, "Work out callback time");
    set_due["variables"] = json!([{
        "expression": fc::expr(node, &text, "dtm", vec![fc::var_reference(INPUT_DELAY, "int", VAR_DELAY)]),
        "variable": fc::var_ref("Flow.callbackDue", "dtm", VAR_DUE, fc::MODE_VARIABLE_TARGET),
    }]);
    set_due["nextAction"] = json!(LOOP);

    let mut looped = fc::action(t, "LoopAction", LOOP, "Try to book");
    looped["loopCount"] = fc::lit("3", "int");
    looped["currentIndex"] = fc::var_ref("Flow.loopIndex", "int", VAR_INDEX, fc::MODE_VARIABLE_TARGET);
    looped["path"] = json!({ "nextActionId": ADD_ATTEMPT, "label": "Loop", "outputId": "__LOOP__" });
    looped["nextAction"] = json!(END);

    let add_text = "Flow.attempts + 1";
    let add =
        fc::n_op("+", add_text, "int", vec![fc::n_ref("Flow.attempts", "int", VAR_ATTEMPTS), fc::n_lit("1", "int")]);
    let mut attempt = fc::action(t, "UpdateVariableAction", ADD_ATTEMPT, "Count attempt");
    attempt["variables"] = json!([{
        "expression": fc::expr(add, add_text, "int", vec![fc::var_reference("Flow.attempts", "int", VAR_ATTEMPTS)]),
        "variable": fc::var_ref("Flow.attempts", "int", VAR_ATTEMPTS, fc::MODE_VARIABLE_TARGET),
    }]);
    attempt["nextAction"] = json!(DECISION);

    let dec_text = "Flow.attempts >= 2";
    let ge =
        fc::n_op(">=", dec_text, "bln", vec![fc::n_ref("Flow.attempts", "int", VAR_ATTEMPTS), fc::n_lit("2", "int")]);
    let mut decision = fc::action(t, "DecisionAction", DECISION, "Booked?");
    decision["expression"] =
        fc::expr(ge, dec_text, "bln", vec![fc::var_reference("Flow.attempts", "int", VAR_ATTEMPTS)]);
    decision["paths"] = json!([fc::path("Yes", OUT_YES, Some(EXIT_LOOP)), fc::path("No", OUT_NO, None)]);
    let exit = fc::action(t, "ExitLoopAction", EXIT_LOOP, "Exit Loop");

    let reason_text = format!("Append(\"{EXIT_REASON}\", {INPUT_PHONE})");
    let reason = fc::n_op(
        "Append",
        &reason_text,
        "str",
        vec![fc::n_lit(EXIT_REASON, "str"), fc::n_ref(INPUT_PHONE, "str", VAR_PHONE)],
    );
    let mut end = fc::action(t, "EndWorkflowAction", END, "End Workflow");
    end["exitReason"] = fc::expr(reason, &reason_text, "str", vec![fc::var_reference(INPUT_PHONE, "str", VAR_PHONE)]);

    let state =
        fc::state(t, STATE, "Initial State", SET_DUE, vec![end, exit, decision, attempt, looped, set_due], vec![]);
    let mut attempts = fc::variable(VAR_ATTEMPTS, "Flow.attempts", "IntegerVariable", "int", false);
    attempts["initialValue"] = fc::lit("0", "int");
    let variables = vec![
        fc::parameter(VAR_PHONE, INPUT_PHONE, "StringVariable", "str", true, false),
        fc::parameter(VAR_DELAY, INPUT_DELAY, "IntegerVariable", "int", true, false),
        fc::variable(VAR_DUE, "Flow.callbackDue", "DateTimeVariable", "dtm", false),
        attempts,
        fc::variable(VAR_INDEX, "Flow.loopIndex", "IntegerVariable", "int", false),
    ];
    let mut configuration = fc::document(
        t,
        fc::Document {
            name,
            description,
            flow_type: "workflow",
            initial_sequence: STATE,
            manifest: json!({ "language": [{ "id": "en-US" }] }),
            variables,
            sequences: vec![state],
        },
    );
    // As the real workflow (zoom-presence) has it.
    configuration["errorHandling"] = json!({ "queue": fc::emp("que"), "handlingType": "EndWorkflow" });
    DemoFlow { flow: flow_entity(FLOW, name, description, "WORKFLOW"), configuration, simulation_ms: 0 }
}
