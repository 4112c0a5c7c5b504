//! Random text and random `config` trees never panic (parse, read, evaluate, display).

mod expr_support;

use expr_support::TestScope;
use flowsim_core::expr::{eval, parse, Expr};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

/// Pieces of expressions, so random text is often nearly valid.
const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "?",
    ":",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "&",
    "|",
    "~",
    "!",
    "==",
    "!=",
    "<",
    ">=",
    " and ",
    " OR ",
    "1",
    "0",
    "-1",
    "2.5",
    "999999999999999",
    "\"a\"",
    "\"\"",
    "true",
    "NOT_SET",
    "Flow.x",
    "Flow.list",
    "Call.Ani",
    "System.MaxInt",
    "Format.Date",
    ".e164",
    ".id",
    "Append(",
    "If(",
    "ToInt(",
    "GetAt(",
    "MakeList(",
    "Substring(",
    "MakeDateTime(",
    "MakeDuration(",
    "FindQueue(",
    "Count(",
    "ToString(",
    "IsSet(",
    "JsonParse(",
    "Split(",
    "Round(",
    "Sum(",
    "AddMonths(",
    "ToAudioTTS(",
    "Nope(",
    "\"{\\\"a\\\":[1]}\"",
    " ",
    // Extreme values a scope may hold, and functions that compute with them.
    "Flow.d",
    "Flow.t",
    "Flow.i",
    "Flow.f",
    "Flow.p",
    "RoundUp(",
    "Range(",
    "MakeTimeslot(",
    "ToAudioNumberOrdinal(",
    "DateTimeDiff(",
    "Year(",
    "WeekNum(",
    "GetDayOfWeekOccurrence(",
    "ToAudioDuration(",
    "Average(",
    "FindString(",
];

fn scope() -> TestScope {
    use flowsim_core::expr::Value;
    TestScope::new()
        .var("Flow.x", Value::Integer(7))
        .var(
            "Flow.list",
            Value::List { item: flowsim_core::expr::Type::String, items: vec![Value::String("a".into())] },
        )
        .builtin("Call.Ani", Value::String("tel:+13175550100".into()))
        .var("Flow.d", Value::Duration(i64::MIN))
        .var("Flow.t", Value::DateTime(i64::MAX))
        .var("Flow.i", Value::Integer(i64::MIN))
        .var("Flow.f", Value::Decimal(f64::NAN))
        .var("Flow.p", Value::PhoneNumber { uri: "tel:+é".into(), e164: Some("+1é".into()) })
}

fn node() -> impl Strategy<Value = Json> {
    let kinds = prop::sample::select(vec![
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "==",
        "<",
        "and",
        "OR",
        "!",
        "?",
        ".",
        "[",
        "If",
        "Append",
        "GetAt",
        "ToInt",
        "MakeList",
        "MakeDuration",
        "ToString",
        "Substring",
        "AddDays",
        "FindQueue",
        "IsSet",
        "Sum",
        "Unknown",
    ]);
    let types =
        prop::sample::select(vec!["str", "int", "dec", "bln", "dur", "dtm", "phn", "que", "jsn", "str_coll", "zzz"]);
    let texts = prop::sample::select(vec![
        "",
        "1",
        "-3",
        "2.50",
        "P0D0H1M0S0F",
        "tel:+12015550100",
        "x",
        "true",
        "{\"a\":1}",
        "Flow.x",
    ]);
    let leaf = (prop::sample::select(vec!["lit", "emp", "nul", "ref", "sysref", "weird"]), types, texts)
        .prop_map(|(k, t, x)| json!({ k: {"pos": 1, "text": x, "type": t, "val": "id-1"} }));
    leaf.prop_recursive(6, 64, 4, move |inner| {
        (kinds.clone(), prop::collection::vec(inner, 0..4))
            .prop_map(|(k, ops)| json!({ k: {"pos": 1, "operands": ops} }))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24)) {
        let text: String = pieces.concat();
        if let Ok(e) = parse(&text) {
            let _ = eval(&e, &scope());
            let _ = e.to_string();
        }
    }

    #[test]
    fn random_characters_never_panic(text in ".{0,64}") {
        if let Ok(e) = parse(&text) {
            let _ = eval(&e, &scope());
        }
    }

    #[test]
    fn random_config_trees_never_panic(tree in node()) {
        let e = Expr::from_config(&tree);
        if let Ok(v) = eval(&e, &scope()) {
            let _ = v.to_literal();
        }
        let _ = e.to_string();
        let _ = e.as_target();
    }

    #[test]
    fn arbitrary_json_never_panics(j in arbitrary_json()) {
        let e = Expr::from_config(&j);
        let _ = eval(&e, &scope());
    }
}

fn arbitrary_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        ".{0,8}".prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["lit", "ref", "+", "operands", "text", "type", "items", "config"])
                    .prop_map(str::to_string),
                inner,
                0..3
            )
            .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn malicious_config_nesting_is_refused() {
    let mut tree = json!({"lit": {"text": "1", "type": "int"}});
    // Built by hand: `json!` would serialise the inner tree recursively.
    for _ in 0..120 {
        let mut body = serde_json::Map::new();
        body.insert("operands".into(), Json::Array(vec![tree]));
        let mut node = serde_json::Map::new();
        node.insert("!".into(), Json::Object(body));
        tree = Json::Object(node);
    }
    let e = Expr::from_config(&tree);
    let r = eval(&e, &scope());
    assert!(matches!(r, Err(flowsim_core::expr::EvalError::Runtime(ref m)) if m.message.contains("nested")), "{r:?}");
    // serde_json refuses documents nested more than 128 levels, so deeper trees never reach flowsim.
}

/// Every function with every combination of up to three awkward arguments: an error or a value, never a panic.
#[test]
fn every_function_with_extreme_arguments_never_panics() {
    use flowsim_core::expr::functions::NAMES;
    use flowsim_core::expr::{Type, Value};
    let values = vec![
        Value::NotSet(Type::Any),
        Value::Integer(i64::MIN),
        Value::Integer(i64::MAX),
        Value::Integer(-1),
        Value::Decimal(f64::NAN),
        Value::Decimal(-1e300),
        Value::Duration(i64::MIN),
        Value::DateTime(i64::MAX),
        Value::DateTime(i64::MIN),
        Value::String("é\u{0}".into()),
        Value::Boolean(true),
        Value::PhoneNumber { uri: "tel:+é".into(), e164: Some("+1é".into()) },
        Value::List { item: Type::Any, items: vec![Value::Duration(i64::MAX), Value::Integer(i64::MAX)] },
        Value::Json(json!({"a": [null]})),
        Value::Currency { amount: Some(f64::MAX), code: "X".into() },
    ];
    let scope = scope();
    let lit = |v: &Value| Expr::Literal(v.clone());
    let mut calls = 0;
    for name in NAMES {
        let call = |args: Vec<Expr>| Expr::Call { name: name.to_string(), args };
        let mut exprs = vec![call(vec![])];
        for a in &values {
            exprs.push(call(vec![lit(a)]));
            for b in &values {
                exprs.push(call(vec![lit(a), lit(b)]));
            }
        }
        for a in &values[..6] {
            for b in &values[..8] {
                for c in &values[..8] {
                    exprs.push(call(vec![lit(a), lit(b), lit(c)]));
                }
            }
        }
        for e in &exprs {
            if let Ok(v) = eval(e, &scope) {
                let _ = v.to_literal();
            }
            calls += 1;
        }
    }
    assert!(calls > 10_000);
    // Properties and items.
    for a in &values {
        for name in ["id", "e164", "uri", "dialingCode", "subscriberNumber", "amount", "code", "a", "x"] {
            let _ = eval(&Expr::Property { object: Box::new(lit(a)), name: name.into() }, &scope);
        }
        for b in &values {
            let _ = eval(&Expr::Index { collection: Box::new(lit(a)), index: Box::new(lit(b)) }, &scope);
        }
    }
    // Operators too.
    for op in ["+", "-", "*", "/", "%", "^", "&", "|", "<", "==", "~", "!"] {
        for a in &values {
            let _ = eval(&Expr::Operator { op: op.into(), operands: vec![lit(a)] }, &scope);
            for b in &values {
                let _ = eval(&Expr::Operator { op: op.into(), operands: vec![lit(a), lit(b)] }, &scope);
            }
        }
    }
}
