//! The org data flows read: each endpoint answers its wire model (deserialized with core's types), filters and
//! pages as the API does, and refuses what the API refuses.

mod support;

use fake_genesys::demo::*;
use fake_genesys::orgdata::*;
use flowsim_core::wire::architect::{EmergencyGroup, Grammar, Prompt, Schedule, ScheduleGroup, SystemPrompt};
use flowsim_core::wire::genesys::ExternalOrganization;
use flowsim_core::wire::org::*;
use serde::de::DeserializeOwned;
use serde_json::json;
use support::*;

async fn model<T: DeserializeOwned>(s: &Server, path: &str) -> T {
    let got = s.get(path, TOKEN_DEMO).await;
    assert_eq!(got.status, 200, "{path}: {}", got.body);
    got.assert_correlation();
    serde_json::from_str(&got.body).unwrap_or_else(|e| panic!("{path}: {e}: {}", got.body))
}

#[tokio::test(flavor = "multi_thread")]
async fn data_table_rows_by_key() {
    let s = start_default().await;
    let path = format!("/api/v2/flows/datatables/{TABLE_VIP}/rows/%2B15551234567?showbrief=false");
    let row: DataTableRow = model(&s, &path).await;
    assert_eq!(row["key"], ADA_PHONE_E164);
    assert_eq!(row["contactId"], CONTACT_ADA);
    assert_eq!(row["tier"], "gold");
    assert_eq!(row["priority"], 10);
    // showbrief defaults to true: the key only.
    let brief: DataTableRow = model(&s, &format!("/api/v2/flows/datatables/{TABLE_VIP}/rows/%2B15551234567")).await;
    assert_eq!(serde_json::to_value(brief).unwrap(), json!({ "key": ADA_PHONE_E164 }));

    let missing = format!("/api/v2/flows/datatables/{TABLE_VIP}/rows/%2B15559999999?showbrief=false");
    let msg = s.get(&missing, TOKEN_DEMO).await.assert_error(404, "not.found");
    assert!(msg.contains("+15559999999"), "{msg}");
    let no_table = format!("/api/v2/flows/datatables/{UNKNOWN_FLOW}/rows/%2B15551234567");
    let msg = s.get(&no_table, TOKEN_DEMO).await.assert_error(404, "not.found");
    assert!(msg.contains("Datatable"), "{msg}");

    let table: DataTable = model(&s, &format!("/api/v2/flows/datatables/{TABLE_VIP}?expand=schema")).await;
    assert_eq!(table.name.as_deref(), Some("VIP Callers"));
    let schema = table.schema.expect("schema with expand=schema");
    assert_eq!(schema.properties["priority"]["type"], "integer");
    let bare: DataTable = model(&s, &format!("/api/v2/flows/datatables/{TABLE_VIP}")).await;
    assert!(bare.schema.is_none());
    let rows: EntityListing<DataTableRow> =
        model(&s, &format!("/api/v2/flows/datatables/{TABLE_VIP}/rows?showbrief=false&pageSize=2")).await;
    assert_eq!((rows.total, rows.page_count, rows.entities.len()), (Some(4), Some(2), 2));
    s.get(&path, TOKEN_NO_PERMISSION).await.assert_error(403, "missing.any.permissions");
    s.get(&path, TOKEN_EXPIRED).await.assert_error(401, "bad.credentials");
}

#[tokio::test(flavor = "multi_thread")]
async fn schedules_schedule_groups_and_emergency_groups() {
    let s = start_default().await;
    let group: ScheduleGroup = model(&s, &format!("/api/v2/architect/schedulegroups/{SCHEDULE_GROUP_SERVICE}")).await;
    assert_eq!(group.time_zone, SERVICE_TIME_ZONE);
    let ids = |refs: &[flowsim_core::wire::architect::EntityRef]| -> Vec<String> {
        refs.iter().map(|r| r.id.clone()).collect()
    };
    assert_eq!(ids(&group.open_schedules), [SCHEDULE_WEEKDAYS]);
    assert_eq!(ids(&group.closed_schedules), [SCHEDULE_LUNCH]);
    assert_eq!(ids(&group.holiday_schedules), [SCHEDULE_CHRISTMAS]);
    for id in [SCHEDULE_WEEKDAYS, SCHEDULE_LUNCH, SCHEDULE_CHRISTMAS] {
        let schedule: Schedule = model(&s, &format!("/api/v2/architect/schedules/{id}")).await;
        let start = schedule.start;
        // Local time without an offset, as Architect stores it.
        assert_eq!(start.len(), "2024-01-01T09:00:00.000".len(), "{start}");
        assert!(schedule.rrule.expect("rrule").starts_with("FREQ="));
    }
    let christmas: Schedule = model(&s, &format!("/api/v2/architect/schedules/{SCHEDULE_CHRISTMAS}")).await;
    assert_eq!(christmas.rrule.as_deref(), Some("FREQ=YEARLY;INTERVAL=1;BYMONTH=12;BYMONTHDAY=25"));
    let emergency: EmergencyGroup =
        model(&s, &format!("/api/v2/architect/emergencygroups/{EMERGENCY_GROUP_WEATHER}")).await;
    assert!(!emergency.enabled);
    let flow = emergency.emergency_call_flows[0].emergency_flow.clone().unwrap();
    assert_eq!(flow.id, FLOW_AFTER_HOURS);

    let named: EntityListing<Schedule> = model(&s, "/api/v2/architect/schedules?name=christmas%20day").await;
    assert_eq!(named.entities.len(), 1);
    let all: EntityListing<ScheduleGroup> = model(&s, "/api/v2/architect/schedulegroups").await;
    assert_eq!(all.total, Some(1));
    s.get(&format!("/api/v2/architect/schedules/{UNKNOWN_FLOW}"), TOKEN_DEMO).await.assert_error(404, "not.found");
    // By name, as the Find actions read them (whole names, any case).
    let group: EntityListing<ScheduleGroup> =
        model(&s, "/api/v2/architect/schedulegroups?name=CUSTOMER%20SERVICE%20HOURS").await;
    assert_eq!(group.entities.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), [SCHEDULE_GROUP_SERVICE]);
    let none: EntityListing<ScheduleGroup> = model(&s, "/api/v2/architect/schedulegroups?name=customer").await;
    assert!(none.entities.is_empty());
    let weather: EntityListing<EmergencyGroup> =
        model(&s, "/api/v2/architect/emergencygroups?name=severe%20weather").await;
    assert_eq!(weather.entities.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), [EMERGENCY_GROUP_WEATHER]);
    for path in [
        format!("/api/v2/architect/schedulegroups/{SCHEDULE_GROUP_SERVICE}"),
        "/api/v2/architect/emergencygroups?name=x".to_string(),
    ] {
        s.get(&path, TOKEN_NO_PERMISSION).await.assert_error(403, "missing.any.permissions");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn user_and_system_prompts_by_name_and_id() {
    let s = start_default().await;
    let welcome: EntityListing<Prompt> = model(&s, "/api/v2/architect/prompts?name=welcomegreeting").await;
    assert_eq!(welcome.entities.len(), 1);
    let prompt: Prompt = model(&s, &format!("/api/v2/architect/prompts/{PROMPT_WELCOME}")).await;
    assert_eq!(prompt.name.as_deref(), Some("WelcomeGreeting"));
    assert_eq!(prompt.resources[0].tts_string.as_deref(), Some(WELCOME_TTS));
    assert_eq!(prompt.resources[0].has_default, None, "user prompt assets have no hasDefault");
    let all: EntityListing<SystemPrompt> = model(&s, "/api/v2/architect/systemprompts").await;
    assert_eq!(all.total, Some(2));
    let hold: SystemPrompt = model(&s, "/api/v2/architect/systemprompts/on_hold_music").await;
    assert_eq!((hold.id.as_deref(), hold.resources[0].has_default), (Some("on_hold_music"), Some(true)));
    s.get("/api/v2/architect/prompts/nope", TOKEN_DEMO).await.assert_error(404, "not.found");
    s.get("/api/v2/architect/systemprompts?name=x", TOKEN_NO_PERMISSION)
        .await
        .assert_error(403, "missing.any.permissions");
}

#[tokio::test(flavor = "multi_thread")]
async fn grammars_utilization_labels_and_external_organizations() {
    let s = start_default().await;
    let grammars: EntityListing<Grammar> = model(&s, "/api/v2/architect/grammars?name=accountnumber").await;
    assert_eq!(grammars.entities.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), [GRAMMAR_ACCOUNT]);
    let grammar: Grammar = model(&s, &format!("/api/v2/architect/grammars/{GRAMMAR_ACCOUNT}")).await;
    assert_eq!(grammar.name, "AccountNumber");
    assert_eq!(grammar.languages[0].language.as_deref(), Some("en-us"));
    let none: EntityListing<Grammar> = model(&s, "/api/v2/architect/grammars?name=Zip%20code").await;
    assert!(none.entities.is_empty());

    let labels: EntityListing<UtilizationLabel> = model(&s, "/api/v2/routing/utilization/labels").await;
    assert_eq!(labels.total, Some(2));
    let vip: EntityListing<UtilizationLabel> = model(&s, "/api/v2/routing/utilization/labels?name=vip").await;
    assert_eq!(vip.entities.iter().filter_map(|l| l.id.as_deref()).collect::<Vec<_>>(), [LABEL_VIP]);
    let label: UtilizationLabel = model(&s, &format!("/api/v2/routing/utilization/labels/{LABEL_ESCALATION}")).await;
    assert_eq!(label.name.as_deref(), Some("Escalation"));

    let org: ExternalOrganization =
        model(&s, &format!("/api/v2/externalcontacts/organizations/{ORG_ANALYTICAL_ENGINES}")).await;
    assert_eq!(org.name.as_deref(), Some("Analytical Engines Ltd"));
    assert_eq!(org.industry.as_deref(), Some("Computing"));

    for path in [
        format!("/api/v2/architect/grammars/{UNKNOWN_FLOW}"),
        format!("/api/v2/routing/utilization/labels/{UNKNOWN_FLOW}"),
        format!("/api/v2/externalcontacts/organizations/{UNKNOWN_FLOW}"),
    ] {
        s.get(&path, TOKEN_DEMO).await.assert_error(404, "not.found");
    }
    for path in [
        "/api/v2/architect/grammars?name=AccountNumber".to_string(),
        "/api/v2/routing/utilization/labels?name=VIP".to_string(),
        format!("/api/v2/externalcontacts/organizations/{ORG_ANALYTICAL_ENGINES}"),
    ] {
        s.get(&path, TOKEN_NO_PERMISSION).await.assert_error(403, "missing.any.permissions");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn routing_entities_by_name_and_id() {
    let s = start_default().await;
    let gold: QueueEntityListing = model(&s, "/api/v2/routing/queues?name=gold").await;
    assert_eq!(gold.entities.len(), 1);
    assert_eq!(gold.entities[0].id.as_deref(), Some(QUEUE_GOLD));
    // Without `*` the whole name must match; with it, a part.
    let partial: QueueEntityListing = model(&s, "/api/v2/routing/queues?name=gol").await;
    assert!(partial.entities.is_empty());
    let wild: QueueEntityListing = model(&s, "/api/v2/routing/queues?name=*o*").await;
    assert_eq!(wild.total, Some(2), "Gold and Support");
    let queue: Queue = model(&s, &format!("/api/v2/routing/queues/{QUEUE_SUPPORT}")).await;
    assert_eq!(queue.name.as_deref(), Some("Support"));

    let skills: SkillEntityListing = model(&s, "/api/v2/routing/skills?name=Technical%20Support").await;
    assert_eq!(skills.entities[0].id.as_deref(), Some(SKILL_TECH));
    let skill: RoutingSkill = model(&s, &format!("/api/v2/routing/skills/{SKILL_BILLING}")).await;
    assert_eq!(skill.name.as_deref(), Some("Billing"));
    let langs: LanguageEntityListing = model(&s, "/api/v2/routing/languages?name=spanish").await;
    assert_eq!(langs.entities[0].id.as_deref(), Some(LANGUAGE_SPANISH));
    let codes: WrapupCodeEntityListing = model(&s, "/api/v2/routing/wrapupcodes").await;
    assert_eq!(codes.total, Some(2));
    let code: WrapupCode = model(&s, &format!("/api/v2/routing/wrapupcodes/{WRAPUP_CALLBACK}")).await;
    assert_eq!(code.name.as_deref(), Some("Callback Requested"));
    let groups: GroupEntityListing = model(&s, "/api/v2/groups").await;
    assert_eq!(groups.entities[0].id.as_deref(), Some(GROUP_TIER2));
    let body = json!({ "query": [{ "type": "EXACT", "fields": ["name"], "value": "tier 2 agents" }] });
    let found = s.post("/api/v2/groups/search", TOKEN_DEMO, &body.to_string()).await;
    assert_eq!(found.status, 200, "{}", found.body);
    let found: GroupsSearchResponse = serde_json::from_str(&found.body).unwrap();
    assert_eq!(found.results.iter().map(|g| g.id.clone()).collect::<Vec<_>>(), [Some(GROUP_TIER2.to_string())]);
    let group: Group = model(&s, &format!("/api/v2/groups/{GROUP_TIER2}")).await;
    assert_eq!(group.group_type.as_deref(), Some("official"));
    for path in ["/api/v2/routing/queues/x", "/api/v2/routing/skills/x", "/api/v2/groups/x", "/api/v2/users/x"] {
        s.get(path, TOKEN_DEMO).await.assert_error(404, "not.found");
        s.get(path, TOKEN_NO_PERMISSION).await.assert_error(403, "missing.any.permissions");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn users_by_id_and_search() {
    let s = start_default().await;
    let alex: User = model(&s, &format!("/api/v2/users/{USER_ALEX}")).await;
    assert_eq!(alex.name.as_deref(), Some("Alex Agent"));
    assert_eq!(alex.primary_contact_info[0].media_type.as_deref(), Some("EMAIL"));
    let listing: UserEntityListing = model(&s, &format!("/api/v2/users?id={USER_BLAIR}")).await;
    assert_eq!(listing.entities.len(), 1);

    let search = |body: serde_json::Value| {
        let s = &s;
        async move { s.post("/api/v2/users/search", TOKEN_DEMO, &body.to_string()).await }
    };
    let got =
        search(json!({ "query": [{ "type": "EXACT", "fields": ["email"], "value": "BLAIR.supervisor@example.com" }] }))
            .await;
    assert_eq!(got.status, 200, "{}", got.body);
    let found: UsersSearchResponse = serde_json::from_str(&got.body).unwrap();
    assert_eq!(found.total, Some(1));
    assert_eq!(found.results[0].id.as_deref(), Some(USER_BLAIR));
    let both: UsersSearchResponse = serde_json::from_str(
        &search(json!({ "query": [{ "type": "CONTAINS", "fields": ["name", "email"], "value": "a" }] })).await.body,
    )
    .unwrap();
    assert_eq!(both.total, Some(2));
    let none: UsersSearchResponse = serde_json::from_str(
        &search(json!({ "query": [{ "type": "EXACT", "fields": ["name"], "values": ["Nobody"] }] })).await.body,
    )
    .unwrap();
    assert_eq!((none.total, none.results.len()), (Some(0), 0));
    search(json!({ "query": [{ "type": "FUZZY", "fields": ["name"], "value": "x" }] }))
        .await
        .assert_error(400, "bad.request");
    search(json!("not a request")).await.assert_error(400, "bad.request");
}

#[tokio::test(flavor = "multi_thread")]
async fn integrations_action_and_its_test() {
    let s = start_default().await;
    let action: Action = model(&s, &format!("/api/v2/integrations/actions/{ACTION_BALANCE}?expand=contract")).await;
    assert_eq!(action.name.as_deref(), Some("Get Account Balance"));
    let contract = action.contract.expect("contract with expand=contract");
    assert!(contract.output.unwrap().success_schema.unwrap().properties.contains_key("balance"));
    let plain: Action = model(&s, &format!("/api/v2/integrations/actions/{ACTION_BALANCE}")).await;
    assert!(plain.contract.is_none());

    let test = format!("/api/v2/integrations/actions/{ACTION_BALANCE}/test");
    let ok = s.post(&test, TOKEN_DEMO, &json!({ "accountNumber": BALANCE_ACCOUNT }).to_string()).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let ok: TestExecutionResult = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(ok.success, Some(true));
    assert_eq!(ok.final_result, Some(json!({ "balance": 1815.5, "currency": "GBP" })));
    let steps: Vec<i64> = ok.operations.iter().filter_map(|o| o.step).collect();
    assert_eq!(steps, [1, 2, 3, 4, 5]);

    let bad = s.post(&test, TOKEN_DEMO, &json!({ "accountNumber": "NOPE-1" }).to_string()).await;
    let bad: TestExecutionResult = serde_json::from_str(&bad.body).unwrap();
    assert_eq!(bad.success, Some(false));
    assert!(bad.final_result.is_none());
    assert!(bad.error.unwrap().message.unwrap().contains("NOPE-1"));
    assert_eq!(bad.operations.last().and_then(|o| o.success), Some(false));

    s.post(&test, TOKEN_DEMO, "[1]").await.assert_error(400, "bad.request");
    s.post(&test, TOKEN_DEMO, "{").await.assert_error(400, "bad.request");
    s.post(&test, TOKEN_NO_PERMISSION, "{}").await.assert_error(403, "missing.any.permissions");
    s.post("/api/v2/integrations/actions/custom_-_nope/test", TOKEN_DEMO, "{}").await.assert_error(404, "not.found");
}
