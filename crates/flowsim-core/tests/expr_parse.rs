//! The text parser: precedence, literals, names, errors with offsets, bounded depth.

mod expr_support;

use expr_support::lit;
use flowsim_core::expr::{parse, Expr, Value};

#[test]
fn precedence_follows_the_documented_order() {
    assert_eq!(lit("2 + 3 * 4"), "14");
    assert_eq!(lit("(2 + 3) * 4"), "20");
    assert_eq!(lit("2 * 3 ^ 2"), "18.0");
    assert_eq!(lit("-2 ^ 2"), "4.0", "unary minus binds tighter than ^");
    assert_eq!(lit("10 - 4 - 3"), "3", "left to right");
    assert_eq!(lit("1 + 2 < 4 == true"), "true");
    assert_eq!(lit("6 & 3 | 8"), "10");
    assert_eq!(lit("true or false and false"), "true", "and before or");
    assert_eq!(lit("false OR true"), "true");
    assert_eq!(lit("1 > 2 ? \"a\" : 2 > 1 ? \"b\" : \"c\""), "\"b\"");
    assert_eq!(lit("!false and true"), "true");
}

#[test]
fn literals_and_escapes() {
    assert_eq!(lit("\"a \\\"quoted\\\" \\\\ word\""), "\"a \\\"quoted\\\" \\\\ word\"");
    assert_eq!(lit("Length(\"a\\nb\\tc\")"), "5");
    assert_eq!(lit("7.0"), "7.0");
    assert_eq!(lit("NOT_SET"), "NOT_SET");
    assert_eq!(lit("not_set"), "NOT_SET");
    assert_eq!(lit("TRUE"), "true");
    assert_eq!(lit("System.MaxInt"), "999999999999999");
    assert_eq!(lit("System.MinInt"), "-999999999999999");
    assert_eq!(lit("Format.Date.dayOfWeekOnly"), "Format.Date.dayOfWeekOnly");
}

#[test]
fn names_are_case_insensitive_and_scoped() {
    assert_eq!(parse("contains(\"ab\", \"b\")").unwrap(), parse("Contains(\"ab\", \"b\")").unwrap());
    assert!(matches!(parse("contains(\"a\",\"b\")").unwrap(), Expr::Call { name, .. } if name == "Contains"));
    assert!(matches!(parse("flow.Ani").unwrap(), Expr::Variable { name, id: None } if name == "Flow.Ani"));
    assert!(matches!(parse("Call.Ani").unwrap(), Expr::Builtin { key, .. } if key == "__CALL_ANI__"));
    match parse("Task.contact.workPhone.e164").unwrap() {
        Expr::Property { object, name } => {
            assert_eq!(name, "e164");
            assert!(matches!(*object, Expr::Property { ref name, .. } if name == "workPhone"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(parse("Flow.list[2]").unwrap(), Expr::Index { .. }));
    assert!(matches!(parse("x OR y").err(), Some(e) if e.offset == 0));
}

#[test]
fn errors_carry_an_offset_and_a_sentence() {
    let e = parse("Left(\"abc\", 2").unwrap_err();
    assert_eq!(e.offset, 13);
    assert!(e.message.contains("Left"), "{}", e.message);
    let e = parse("1 + ").unwrap_err();
    assert_eq!(e.offset, 4);
    let e = parse("\"open").unwrap_err();
    assert_eq!(e.offset, 0);
    assert!(e.message.contains("closing quote"));
    let e = parse("Flow.x = 1").unwrap_err();
    assert_eq!(e.offset, 7);
    assert!(e.message.contains("=="));
    let e = parse("1 2").unwrap_err();
    assert_eq!(e.offset, 2);
    assert!(parse("").is_err());
    assert!(parse("Foo").unwrap_err().message.contains("Flow.Foo"));
    assert!(parse("9999999999999999").unwrap_err().message.contains("range"));
    // Offsets count characters, not bytes.
    assert_eq!(parse("\"é\" + #").unwrap_err().offset, 6);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "(".repeat(100_000);
    let e = parse(&deep).unwrap_err();
    assert!(e.message.contains("nested"), "{}", e.message);
    let chain = vec!["1"; 50_000].join(" + ");
    assert!(parse(&chain).unwrap_err().message.contains("nested"));
    let bangs = format!("{}true", "!".repeat(100_000));
    assert!(parse(&bangs).is_err());
    let index = format!("Flow.x{}", "[0]".repeat(100_000));
    assert!(parse(&index).is_err());
    let calls = format!("{}1{}", "Abs(".repeat(60_000), ")".repeat(60_000));
    assert!(parse(&calls).is_err());
    // Real expressions nest far less.
    assert!(parse(&format!("{}1{}", "(".repeat(40), ")".repeat(40))).is_ok());
    assert_eq!(parse("((((((1))))))").unwrap(), Expr::Literal(Value::Integer(1)));
}

#[test]
fn trees_print_as_text_that_parses_to_the_same_tree() {
    for text in [
        "Flow.x + 1",
        "(Flow.a + Flow.b) * 2",
        "-(3 + 2)",
        "!Flow.done and Flow.n >= 3 OR Call.Ani == \"tel:+1\"",
        "Flow.ok ? \"yes\\n\" : ToString(Flow.list[0].id)",
        "If(IsSet(Flow.x), Append(\"a\", \"b\"), NOT_SET)",
        "MakeDuration(0, 0, 1, 30) > Flow.wait",
    ] {
        let tree = parse(text).unwrap();
        let printed = tree.to_string();
        assert_eq!(parse(&printed).unwrap(), tree, "{text} printed as {printed}");
    }
    assert_eq!(parse("Flow.x + 1").unwrap().to_string(), "Flow.x + 1");
    assert_eq!(parse("a_b.c + d_e.f * 2").unwrap().to_string(), "a_b.c + (d_e.f * 2)");
}
