//! Values from JSON of a declared type (data action outputs, external contacts) and back.

use flowsim_core::expr::{Type, Value};
use serde_json::json;

#[test]
fn json_of_a_declared_type() {
    let t = Type::from_code;
    assert_eq!(Value::from_json(&json!("42"), &t("int")), Value::Integer(42));
    assert_eq!(Value::from_json(&json!(42), &t("str")), Value::String("42".into()));
    assert_eq!(Value::from_json(&json!("abc"), &t("int")), Value::NotSet(Type::Integer));
    assert_eq!(Value::from_json(&json!(null), &t("str")), Value::NotSet(Type::String));
    assert_eq!(Value::from_json(&json!(1.25), &t("dec")), Value::Decimal(1.25));
    assert_eq!(Value::from_json(&json!("true"), &t("bln")), Value::Boolean(true));
    assert_eq!(
        Value::from_json(&json!(1_000_000_000_000_000i64), &t("int")),
        Value::NotSet(Type::Integer),
        "past the Integer range"
    );
    assert_eq!(Value::from_json(&json!("2021-02-03T04:05:06.000Z"), &t("dtm")), Value::DateTime(1_612_325_106_000));
    assert_eq!(Value::from_json(&json!(["a", "b"]), &t("str_coll")).to_literal(), "[\"a\", \"b\"]");
    assert_eq!(
        Value::from_json(&json!({"id": "q1", "name": "Gold"}), &t("que")),
        Value::Entity { ty: "que".into(), id: "q1".into(), name: "Gold".into() }
    );
    assert_eq!(
        Value::from_json(&json!({"display": "(317) 555-0100", "e164": "+13175550100"}), &t("phn")),
        Value::PhoneNumber { uri: "tel:+13175550100".into(), e164: Some("+13175550100".into()) }
    );
    let contact = Value::from_json(
        &json!({"id": "c1", "firstName": "Ada", "workPhone": {"e164": "+13175550100"}, "tags": [1, 2.5]}),
        &t("cpx_external_contact"),
    );
    let Value::Complex { ty, fields } = &contact else { panic!("{contact:?}") };
    assert_eq!(ty, "cpx_external_contact");
    assert_eq!(fields["firstName"], Value::String("Ada".into()));
    assert!(matches!(&fields["tags"], Value::List { item: Type::Decimal, items } if items.len() == 2));
    // And back: the JSON a value would have as an output.
    assert_eq!(
        contact.to_json(),
        json!({"id": "c1", "firstName": "Ada", "workPhone": {"e164": "+13175550100"}, "tags": [1, 2.5]})
    );
}

#[test]
fn deep_json_is_cut_off_not_a_stack_overflow() {
    let mut j = json!(1);
    for _ in 0..100 {
        let mut m = serde_json::Map::new();
        m.insert("a".into(), j);
        j = serde_json::Value::Object(m);
    }
    let v = Value::from_json(&j, &Type::Any);
    assert!(matches!(v, Value::Complex { .. }));
}

#[test]
fn an_expression_object_without_a_config_tree_is_read_from_its_text() {
    use flowsim_core::expr::{parse, Expr};
    assert_eq!(Expr::from_config(&json!({"config": null, "text": "Flow.x + 1"})), parse("Flow.x + 1").unwrap());
    assert_eq!(Expr::from_config(&json!({"text": "", "type": "int"})), Expr::Empty(Type::Integer));
    assert!(
        matches!(Expr::from_config(&json!({"text": "1 +", "type": "int"})), Expr::Invalid { reason } if reason.contains("1 +"))
    );
}

#[test]
fn an_empty_collection_is_empty_not_an_error() {
    use flowsim_core::expr::{eval, Expr, OrgAnswer, OrgQuery, Scope};
    struct S;
    impl Scope for S {
        fn variable(&self, _: &str, _: Option<&str>) -> Option<Value> {
            Some(Value::NotSet(Type::from_code("str_coll")))
        }
        fn builtin(&self, _: &str, _: &str) -> Option<Value> {
            None
        }
        fn now_ms(&self) -> i64 {
            0
        }
        fn org(&self, _: &OrgQuery) -> Option<&OrgAnswer> {
            None
        }
    }
    let count = |e: serde_json::Value| eval(&Expr::from_config(&e), &S);
    assert_eq!(count(json!({"Count": {"operands": [{"emp": {"type": "str_coll"}}]}})), Ok(Value::Integer(0)));
    assert_eq!(
        count(json!({"Count": {"operands": [{"ref": {"text": "Flow.list", "type": "str_coll"}}]}})),
        Ok(Value::Integer(0))
    );
    let added = count(
        json!({"AddItem": {"operands": [{"ref": {"text": "Flow.list", "type": "str_coll"}}, {"lit": {"text": "a", "type": "str"}}]}}),
    );
    assert_eq!(added.map(|v| v.to_literal()), Ok("[\"a\"]".to_string()));
}
