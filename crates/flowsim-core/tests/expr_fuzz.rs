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
