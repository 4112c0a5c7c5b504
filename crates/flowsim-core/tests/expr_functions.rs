//! Functions by family, operators, NOT_SET rules, property access, org reads and formatting.

mod expr_support;

use expr_support::{lit, run, runtime_error, TestScope};
use flowsim_core::expr::{eval, EvalError, Expr, OrgAnswer, OrgQuery, Type, Value};
use serde_json::json;

fn s(x: &str) -> Value {
    Value::String(x.to_string())
}

#[test]
fn text_functions() {
    assert_eq!(lit("Append(\"a\", NOT_SET, \"b\", 5)"), "\"ab5\"");
    assert_eq!(lit("Left(\"Hello\", 10)"), "\"Hello\"");
    assert_eq!(lit("Right(\"+13175550100\", 10)"), "\"3175550100\"");
    assert_eq!(lit("Substring(\"Hello\", 4, 5)"), "\"o\"");
    assert_eq!(lit("Substring(\"Hello\", 9, 1)"), "\"\"");
    assert_eq!(lit("Split(\"a|b||c\", \"|\")"), "[\"a\", \"b\", \"\", \"c\"]");
    assert_eq!(lit("Count(Split(\"a> Onb\", \"> On\"))"), "2");
    assert_eq!(lit("Replace(\"a.000+0000\", \".000+0000\", \"Z\")"), "\"aZ\"");
    assert_eq!(lit("Replace(\"abc\", \"b\", NOT_SET)"), "\"ac\"");
    assert_eq!(lit("Upper(\"straße\")"), "\"STRASSE\"");
    assert_eq!(lit("Length(\"中國\")"), "2");
    assert_eq!(lit("ToDisplayString(NOT_SET)"), "\"\"");
    assert_eq!(lit("EmailAddressDomainPart(MakeEmailAddress(\"a@b.com\", \"A\"))"), "\"b.com\"");
    assert_eq!(lit("DetectLanguage(\"\", \"fr\")"), "\"fr\"");
    assert!(runtime_error("Left(\"abc\", -1)", &TestScope::new()).contains("negative"));
    assert!(runtime_error("Lower(NOT_SET)", &TestScope::new()).contains("NOT_SET"));
    assert!(runtime_error("Contains(NOT_SET, \"a\")", &TestScope::new()).contains("Contains"));
}

#[test]
fn arithmetic_and_ranges() {
    assert_eq!(lit("7 / 2"), "3.5", "Integer / Integer is a Decimal");
    assert_eq!(lit("ToInt(7 / 2)"), "3");
    assert_eq!(lit("0.1 + 0.2"), "0.3");
    assert_eq!(lit("0.1 + 0.2 == 0.3"), "true");
    assert_eq!(lit("-7 % 3"), "-1");
    assert_eq!(lit("\"n=\" + 5"), "\"n=5\"");
    assert!(runtime_error("999999999999999 + 1", &TestScope::new()).contains("range"));
    assert!(runtime_error("System.MaxInt * 2", &TestScope::new()).contains("range"));
    assert!(runtime_error("1 / 0", &TestScope::new()).contains("zero"));
    assert!(runtime_error("5 % 0", &TestScope::new()).contains("zero"));
    assert!(runtime_error("true + 1", &TestScope::new()).contains("cannot combine"));
    assert!(runtime_error("MakeDuration(11574074074, 0, 0, 0)", &TestScope::new()).contains("range"));
    assert!(runtime_error("AddYears(MakeDateTime(2200, 1, 1), 1)", &TestScope::new()).contains("2200"));
    assert_eq!(lit("MakeCurrency(5.25, \"usd\") + MakeCurrency(1, \"USD\")"), "6.25|USD");
    assert!(runtime_error("MakeCurrency(1, \"USD\") + MakeCurrency(1, \"EUR\")", &TestScope::new()).contains("EUR"));
    assert_eq!(lit("\"b\" > \"a\" and MakeDuration(0,0,1,0) > MakeDuration(0,0,0,59)"), "true");
}

#[test]
fn not_set_rules() {
    let scope =
        TestScope::new().var("Flow.MyInteger", Value::NotSet(Type::Integer)).var("Flow.s", Value::NotSet(Type::String));
    // A parameter that refuses NOT_SET is a runtime error (the flow goes to error handling).
    let m = runtime_error("5 + Flow.MyInteger", &scope);
    assert!(m.contains("NOT_SET"), "{m}");
    assert!(runtime_error("Flow.s + \"x\"", &scope).contains("NOT_SET"));
    assert_eq!(run("If(IsSet(Flow.MyInteger), Flow.MyInteger, 0)", &scope).unwrap(), Value::Integer(0));
    assert_eq!(run("Append(Flow.s, \"x\")", &scope).unwrap(), s("x"));
    assert_eq!(run("ToString(Flow.s) == \"\"", &scope).unwrap(), Value::Boolean(false));
    assert_eq!(run("Flow.s == NOT_SET", &scope).unwrap(), Value::Boolean(true));
    assert_eq!(run("IsNotSetOrEmpty(Flow.s)", &scope).unwrap(), Value::Boolean(true));
    // If evaluates only the branch it takes; IsSet guards a read below NOT_SET.
    assert_eq!(run("If(true, 1, 5 + Flow.MyInteger)", &scope).unwrap(), Value::Integer(1));
    assert_eq!(run("true ? 1 : 1 / 0", &scope).unwrap(), Value::Integer(1));
    assert_eq!(run("IsSet(Flow.s.name)", &scope).unwrap(), Value::Boolean(false));
    assert!(runtime_error("Flow.s.name", &scope).contains("NOT_SET"));
    assert_eq!(run("false and Flow.MyInteger > 1", &scope).unwrap(), Value::Boolean(false));
    assert!(runtime_error("true and Flow.MyInteger > 1", &scope).contains("NOT_SET"));
    assert!(runtime_error("Flow.missing", &scope).contains("Flow.missing"));
}

#[test]
fn collections_are_zero_based_and_bounded() {
    let scope = TestScope::new().var("Flow.list", Value::List { item: Type::String, items: vec![s("a"), s("b")] });
    assert_eq!(run("Flow.list[1]", &scope).unwrap(), s("b"));
    assert_eq!(run("GetAt(Flow.list, 0)", &scope).unwrap(), s("a"));
    assert!(runtime_error("GetAt(Flow.list, 2)", &scope).contains("out of range"));
    assert!(runtime_error("Flow.list[-1]", &scope).contains("out of range"));
    assert_eq!(run("Count(AddItem(Flow.list, \"c\"))", &scope).unwrap(), Value::Integer(3));
    assert_eq!(run("FindFirst(Flow.list, \"z\")", &scope).unwrap(), Value::Integer(-1));
    assert_eq!(lit("Find(MakeList(1, 2, 1), 1)"), "[0, 2]");
    assert_eq!(lit("ToString(MakeList(1, 2))"), "\"1,2\"");
    assert_eq!(lit("IsNotSetOrEmpty(MakeEmptyList(\"x\"))"), "true");
    assert_eq!(lit("Count(MakeListAgentScorePair(MakeList(\"u1\"), MakeList(100)))"), "1");
}

#[test]
fn dates_durations_and_the_simulated_clock() {
    let scope = TestScope::new();
    assert_eq!(run("GetCurrentDateTimeUtc()", &scope).unwrap(), Value::DateTime(scope.now_ms));
    assert_eq!(lit("ToString(MakeDateTime(2009, 3, 20, 12, 0, 0))"), "\"2009-03-20T12:00:00.000Z\"");
    assert_eq!(lit("MakeDateTime(2024, 1, 31)"), "2024-01-31T00:00:00.000Z");
    assert_eq!(lit("AddMonths(MakeDateTime(2024, 1, 31), 1)"), "2024-02-29T00:00:00.000Z");
    assert_eq!(lit("AddDays(MakeDateTime(2024, 12, 31), 1)"), "2025-01-01T00:00:00.000Z");
    assert_eq!(lit("AddHours(MakeDateTime(2024, 3, 1), -1)"), "2024-02-29T23:00:00.000Z");
    assert_eq!(lit("DateTimeDiff(MakeDateTime(2024, 3, 2), MakeDateTime(2024, 3, 1))"), "P1D");
    assert_eq!(lit("MakeDuration(0, 1, 30, 5, 250)"), "PT1H30M5.25S");
    assert_eq!(lit("MakeDuration(0, 0, 0, 0)"), "PT0S");
    assert_eq!(lit("ToDuration(\"P0D0H1M0S0F\")"), "PT1M");
    assert_eq!(lit("ToDuration(\"PT90S\") == MakeDuration(0, 0, 1, 30)"), "true");
    assert_eq!(lit("ToDateTime(\"2021-02-03T04:05:06Z\") + MakeDuration(1, 0, 0, 0)"), "2021-02-04T04:05:06.000Z");
    assert_eq!(lit("Substring(ToString(GetCurrentDateTimeUtc()), 0, 10) + \"T00:00:00Z\""), "\"2024-03-05T00:00:00Z\"");
    assert_eq!(lit("DayOfWeek(MakeDateTime(2024, 3, 4))"), "2", "a Monday");
    assert_eq!(lit("WeekNum(MakeDateTime(2024, 1, 7))"), "2", "2024-01-07 is the first Sunday");
    assert_eq!(lit("GetDayOfWeekOccurrence(5, 4, 2024, 11)"), "2024-11-28T00:00:00.000Z", "Thanksgiving");
    assert_eq!(lit("GetDayOfWeekOccurrence(2, -1, 2024, 5)"), "2024-05-27T00:00:00.000Z", "last Monday of May");
    assert_eq!(lit("RoundUp(MakeDuration(0, 0, 1, 10), MakeDuration(0, 0, 5, 0))"), "PT5M");
    assert_eq!(lit("RoundUp(MakeDuration(0,0,3,0), MakeDuration(0,0,1,0), MakeList(MakeDuration(0,0,2,0), MakeDuration(0,0,10,0)))"), "PT10M");
    assert!(runtime_error("MakeDateTime(2023, 2, 29)", &scope).contains("not a real date"));
    assert!(runtime_error("MakeDateTime(1799, 12, 31)", &scope).contains("1800"));
    assert!(runtime_error("ToDateTime(\"yesterday\")", &scope).contains("ToDateTime"));
}

#[test]
fn conversions() {
    assert_eq!(lit("ToInt(\"42\")"), "42");
    assert_eq!(lit("ToInt(\"4.9\")"), "4");
    assert_eq!(lit("ToInt(NOT_SET)"), "NOT_SET");
    assert_eq!(lit("ToDecimal(\"1.50\")"), "1.5");
    assert_eq!(lit("ToBool(\"no\")"), "false");
    assert_eq!(lit("ToString(2.5)"), "\"2.5\"");
    assert_eq!(lit("ToString(NOT_SET)"), "NOT_SET");
    assert_eq!(lit("ToString(MakeDuration(0, 0, 2, 0))"), "\"PT2M\"");
    assert!(runtime_error("ToInt(\"abc\")", &TestScope::new()).contains("ToInt"));
    assert!(runtime_error("ToBool(\"maybe\")", &TestScope::new()).contains("ToBool"));
    assert!(runtime_error("ToInt(99999999999999.0 * 100000.0)", &TestScope::new()).contains("range"));
}

#[test]
fn phone_numbers_and_properties() {
    assert_eq!(lit("ToPhoneNumber(\"(317) 555-0100\").e164"), "\"+13175550100\"");
    assert_eq!(lit("ToPhoneNumber(\"+44 20 7946 0958\").uri"), "\"tel:+442079460958\"");
    assert_eq!(lit("ToPhoneNumber(\"+44 20 7946 0958\").dialingCode"), "\"44\"");
    assert_eq!(lit("ToPhoneNumber(\"+13175550100\").subscriberNumber"), "\"3175550100\"");
    assert_eq!(lit("ToPhoneNumber(\"sip:bob@example.com\").e164"), "NOT_SET");
    assert_eq!(lit("ToPhoneNumber(\"sip:bob@example.com\").isSip"), "true");
    assert_eq!(lit("MakeCurrency(5.25, \"USD\").amount"), "5.25");
    let scope = TestScope::new()
        .var("Task.Queue", Value::Entity { ty: "que".into(), id: "q-1".into(), name: "Gold".into() })
        .var("Flow.j", Value::Json(json!({"a": {"b": [1, 2]}, "Name": "x"})));
    assert_eq!(run("Task.Queue.id", &scope).unwrap(), s("q-1"));
    assert_eq!(run("Task.queue.NAME", &scope).unwrap(), s("Gold"));
    assert_eq!(run("GetJsonObjectProperty(Flow.j, \"Name\")", &scope).unwrap(), Value::Json(json!("x")));
    assert_eq!(
        run("GetJsonObjectProperty(Flow.j, \"name\")", &scope).unwrap(),
        Value::NotSet(Type::Json),
        "case-sensitive"
    );
    assert_eq!(run("Flow.j.a.b[1]", &scope).unwrap(), Value::Json(json!(2)));
    assert_eq!(run("JsonParse(\"{\\\"k\\\": true}\")", &scope).unwrap(), Value::Json(json!({"k": true})));
    assert!(runtime_error("JsonParse(\"{\")", &scope).contains("not valid JSON"));
    assert!(runtime_error("Task.Queue.members", &scope).contains("members"));
}

#[test]
fn audio_and_communication_become_text() {
    assert_eq!(run("ToAudioTTS(\"Hi\")", &TestScope::new()).unwrap(), Value::Audio("Hi".into()));
    assert_eq!(lit("AudioPlaybackOptions(ToAudioTTS(\"Please wait.\"), true)"), "\"Please wait.\"");
    assert_eq!(
        lit("Append(ToAudioTTS(\"Your wait is\"), ToAudioDuration(MakeDuration(0, 0, 2, 5)))"),
        "\"Your wait is 2 minutes 5 seconds\""
    );
    assert_eq!(lit("ToAudioBlank(500)"), "\"[silence 500 ms]\"");
    assert_eq!(lit("ToAudioNumberOrdinal(22)"), "\"22nd\"");
    assert_eq!(lit("MakeCommunication(\"Hello \", 3, \"!\")"), "\"Hello 3!\"");
    assert_eq!(lit("ToCommunication(\"Sorry.\")"), "\"Sorry.\"");
    let scope = TestScope::new().builtin(
        "__on_hold_music__",
        Value::Entity { ty: "pmt".into(), id: "__on_hold_music__".into(), name: "on_hold_music".into() },
    );
    let e = Expr::from_config(
        &json!({"ToAudio": {"operands": [{"sysref": {"text": "PromptSystem.on_hold_music", "type": "pmt", "val": "__on_hold_music__"}}]}}),
    );
    assert_eq!(eval(&e, &scope).unwrap(), Value::Audio("[prompt on_hold_music]".into()));
}

#[test]
fn org_functions_wait_for_the_driver() {
    let e = flowsim_core::expr::parse("FindQueue(\"Gold\").id").unwrap();
    let pending = eval(&e, &TestScope::new());
    assert_eq!(pending, Err(EvalError::Pending(OrgQuery::QueueByName("Gold".into()))));
    let found = TestScope::new()
        .answer(OrgQuery::QueueByName("Gold".into()), OrgAnswer::Found(json!({"id": "q-9", "name": "Gold"})));
    assert_eq!(eval(&e, &found).unwrap(), s("q-9"));
    let missing = TestScope::new().answer(OrgQuery::QueueByName("Gold".into()), OrgAnswer::NotFound);
    assert_eq!(run("IsSet(FindQueue(\"Gold\"))", &missing).unwrap(), Value::Boolean(false));
    let failed =
        TestScope::new().answer(OrgQuery::QueueByName("Gold".into()), OrgAnswer::Failed("403 Forbidden".into()));
    assert!(runtime_error("FindQueue(\"Gold\")", &failed).contains("403"));
    assert_eq!(run("FindQueue(NOT_SET)", &TestScope::new()).unwrap(), Value::NotSet(Type::Entity("que".into())));
    assert_eq!(
        eval(&flowsim_core::expr::parse("FindUserById(\"u-1\")").unwrap(), &TestScope::new()),
        Err(EvalError::Pending(OrgQuery::UserById("u-1".into())))
    );
    let users = TestScope::new()
        .answer(OrgQuery::UserById("u-1".into()), OrgAnswer::Found(json!({"id": "u-1", "name": "Ada"})))
        .answer(OrgQuery::UserById("u-2".into()), OrgAnswer::NotFound);
    assert_eq!(
        eval(&flowsim_core::expr::parse("FindUsersById(MakeList(\"u-1\", \"u-2\", \"u-3\"))").unwrap(), &users),
        Err(EvalError::Pending(OrgQuery::UserById("u-3".into())))
    );
    let users = users.answer(OrgQuery::UserById("u-3".into()), OrgAnswer::NoOrg);
    // Item i answers id i: NOT_SET where no user was found (Architect's help, "Find Users by Id action").
    assert_eq!(
        run("FindUsersById(MakeList(\"u-1\", \"u-2\", \"u-3\"))", &users).unwrap().to_literal(),
        "[\"Ada\", NOT_SET, NOT_SET]"
    );
    assert_eq!(run("FindUsersById(MakeList(\"u-1\", \"u-2\"))[0].name", &users).unwrap(), s("Ada"));
    assert_eq!(run("IsSet(FindUsersById(MakeList(\"u-1\", \"u-2\"))[1])", &users).unwrap(), Value::Boolean(false));
    assert_eq!(
        eval(&flowsim_core::expr::parse("FindSkill(\"Spanish\")").unwrap(), &TestScope::new()),
        Err(EvalError::Pending(OrgQuery::SkillByName("Spanish".into())))
    );
    assert_eq!(
        eval(
            &flowsim_core::expr::parse("ToQueue(\"0b2e5a36-1111-4d2c-9fdd-9a6a70c26caf\")").unwrap(),
            &TestScope::new()
        ),
        Err(EvalError::Pending(OrgQuery::QueueById("0b2e5a36-1111-4d2c-9fdd-9a6a70c26caf".into())))
    );
}

#[test]
fn find_users_by_id_reads_the_first_fifty_ids_and_leaves_the_rest_not_set() {
    let ids: Vec<String> = (0..52).map(|i| format!("\"u-{i}\"")).collect();
    let text = format!("FindUsersById(MakeList({}))", ids.join(", "));
    let mut scope = TestScope::new();
    for i in 0..50 {
        let id = format!("u-{i}");
        scope = scope.answer(OrgQuery::UserById(id.clone()), OrgAnswer::Found(json!({"id": id, "name": "Agent"})));
    }
    // No read is asked for ids 51 and 52: the evaluation completes with the answers of the first 50.
    let v = run(&text, &scope).unwrap();
    let Value::List { items, .. } = v else { panic!("{v:?}") };
    assert_eq!(items.len(), 52);
    assert!(items[..50].iter().all(|u| !u.is_not_set()));
    assert!(items[50..].iter().all(Value::is_not_set));
    assert_eq!(run("Count(FindUsersById(MakeEmptyList(\"\")))", &TestScope::new()).unwrap(), Value::Integer(0));
    assert_eq!(run("FindUsersById(MakeList(\"\"))", &TestScope::new()).unwrap().to_literal(), "[NOT_SET]");
}

#[test]
fn prompt_finds_read_user_and_system_prompts_by_name() {
    let pending = eval(&flowsim_core::expr::parse("FindUserPrompt(\"Welcome\")").unwrap(), &TestScope::new());
    assert_eq!(pending, Err(EvalError::Pending(OrgQuery::UserPromptByName("Welcome".into()))));
    let pending = eval(&flowsim_core::expr::parse("FindSystemPrompt(\"on_hold_music\")").unwrap(), &TestScope::new());
    assert_eq!(pending, Err(EvalError::Pending(OrgQuery::SystemPromptByName("on_hold_music".into()))));
    let scope = TestScope::new()
        .answer(OrgQuery::UserPromptByName("Welcome".into()), OrgAnswer::Found(json!({"id": "p-1", "name": "Welcome"})))
        .answer(OrgQuery::SystemPromptByName("nope".into()), OrgAnswer::NotFound)
        .answer(OrgQuery::UserPromptByName("Gone".into()), OrgAnswer::NoOrg);
    assert_eq!(
        run("FindUserPrompt(\"Welcome\")", &scope).unwrap(),
        Value::Entity { ty: "pmt".into(), id: "p-1".into(), name: "Welcome".into() }
    );
    assert_eq!(run("ToAudio(FindUserPrompt(\"Welcome\"))", &scope).unwrap(), Value::Audio("[prompt Welcome]".into()));
    // Not found, or no org (a flow file): NOT_SET, as the other finds.
    assert_eq!(run("FindSystemPrompt(\"nope\")", &scope).unwrap(), Value::NotSet(Type::Prompt));
    assert_eq!(run("IsSet(FindUserPrompt(\"Gone\"))", &scope).unwrap(), Value::Boolean(false));
    assert_eq!(run("FindUserPrompt(NOT_SET)", &TestScope::new()).unwrap(), Value::NotSet(Type::Prompt));
    assert_eq!(run("FindUserPrompt(\"\")", &TestScope::new()).unwrap(), Value::NotSet(Type::Prompt));
}

#[test]
fn unknown_functions_and_built_ins_are_runtime_errors() {
    let m = runtime_error("Frobnicate(1)", &TestScope::new());
    assert!(m.contains("Frobnicate"), "{m}");
    assert!(runtime_error("Call.Nothing", &TestScope::new()).contains("Call.Nothing"));
    let e = Expr::from_config(&json!({"MysteryFn": {"operands": [{"lit": {"text": "1", "type": "int"}}]}}));
    assert!(matches!(eval(&e, &TestScope::new()), Err(EvalError::Runtime(m)) if m.message.contains("MysteryFn")));
}

#[test]
fn config_literals_and_targets() {
    let read = |j: serde_json::Value| Expr::from_config(&j);
    assert_eq!(read(json!({"lit": {"text": "P0D0H1M0S0F", "type": "dur"}})), Expr::Literal(Value::Duration(60_000)));
    assert_eq!(read(json!({"lit": {"text": "-122.186100", "type": "dec"}})), Expr::Literal(Value::Decimal(-122.1861)));
    assert_eq!(
        read(json!({"lit": {"text": "tel:+12015550100", "type": "phn"}})),
        Expr::Literal(Value::PhoneNumber { uri: "tel:+12015550100".into(), e164: Some("+12015550100".into()) })
    );
    assert_eq!(
        read(json!({"lit": {"text": "Services", "type": "que", "val": "51baef60"}})),
        Expr::Literal(Value::Entity { ty: "que".into(), id: "51baef60".into(), name: "Services".into() })
    );
    assert_eq!(read(json!({"lit": {"text": "", "type": "bln"}})), Expr::Literal(Value::NotSet(Type::Boolean)));
    assert_eq!(
        read(json!({"emp": {"text": "", "type": "str_coll"}})),
        Expr::Empty(Type::Collection(Box::new(Type::String)))
    );
    assert!(matches!(read(json!({"lit": {"text": "", "type": "com_coll", "items": []}})), Expr::List { .. }));
    assert!(matches!(read(json!("nonsense")), Expr::Invalid { .. }));
    assert!(matches!(read(json!({"a": {}, "b": {}})), Expr::Invalid { .. }));
    // The whole expression object, with `text` only (no `config`), is parsed.
    assert_eq!(read(json!({"text": "1 + 1", "type": "int"})), flowsim_core::expr::parse("1 + 1").unwrap());
    let t = read(json!({".": {"operands": [{"lit": {"text": "firstName", "type": "str"}}, {"ref": {"text": "Flow.Contact", "type": "cpx_external_contact", "val": "v-1"}}]}}))
        .as_target()
        .unwrap();
    assert_eq!((t.name.as_str(), t.id.as_deref(), t.path.len()), ("Flow.Contact", Some("v-1"), 1));
    assert!(read(json!({"lit": {"text": "1", "type": "int"}})).as_target().is_none());
}

#[test]
fn types_have_codes_and_names() {
    for (code, name) in [
        ("str", "String"),
        ("int", "Integer"),
        ("dec", "Decimal"),
        ("bln", "Boolean"),
        ("dtm", "DateTime"),
        ("dur", "Duration"),
        ("phn", "PhoneNumber"),
        ("jsn", "JSON"),
        ("que", "Queue"),
        ("usr", "User"),
        ("lac", "LanguageSkill"),
        ("cpx_email_address", "EmailAddress"),
        ("str_coll", "String Collection"),
        ("cpx_agent_score_pair_coll", "AgentScorePair Collection"),
    ] {
        let t = Type::from_code(code);
        assert_eq!(t.name(), name);
        assert_eq!(t.code(), code);
    }
    assert_eq!(Value::Decimal(7.0).to_literal(), "7.0");
    assert_eq!(Value::NotSet(Type::String).to_literal(), "NOT_SET");
    assert_eq!(Value::Duration(-(9 * 86_400_000 + 18 * 3_600_000 + 30 * 60_000)).to_literal(), "-P9DT18H30M");
}
