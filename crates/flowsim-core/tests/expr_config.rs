//! `Expr::from_config` on every `config` tree of the twelve real configurations: no panic, every node read,
//! and where the expression's `text` parses, text and tree evaluate to the same value.

mod expr_support;

use std::collections::BTreeMap;

use expr_support::TestScope;
use flowsim_core::expr::literal::display_text;
use flowsim_core::expr::{eval, parse, EvalError, Expr, Type, Value};
use serde_json::Value as Json;

fn configurations() -> Vec<(String, Json)> {
    let dirs = [concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/flowconfigs")];
    let mut out = Vec::new();
    for entry in dirs.iter().flat_map(|d| std::fs::read_dir(d).expect("fixtures")).flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("read");
            out.push((
                path.file_name().unwrap().to_string_lossy().to_string(),
                serde_json::from_str(&text).expect("json"),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every expression object (`{config, …}`) in a configuration.
fn expression_objects<'a>(json: &'a Json, out: &mut Vec<&'a Json>) {
    match json {
        Json::Object(o) => {
            if o.get("config").is_some_and(Json::is_object) {
                out.push(json);
            }
            for v in o.values() {
                expression_objects(v, out);
            }
        }
        Json::Array(a) => a.iter().for_each(|v| expression_objects(v, out)),
        _ => {}
    }
}

/// Every `ref`/`sysref` leaf of a `config` tree: (text, type code).
fn references(node: &Json, out: &mut Vec<(String, String)>) {
    let Some(o) = node.as_object() else { return };
    for (kind, body) in o {
        if kind == "ref" || kind == "sysref" {
            let text = body["text"].as_str().unwrap_or_default().to_string();
            out.push((text, body["type"].as_str().unwrap_or_default().to_string()));
        }
        if let Some(ops) = body.get("operands").and_then(Json::as_array) {
            ops.iter().for_each(|op| references(op, out));
        }
    }
}

/// A plausible value of a type, so that expressions over variables evaluate.
fn sample(code: &str) -> Value {
    let s = |x: &str| Value::String(x.to_string());
    match Type::from_code(code) {
        Type::String => s("Hello|world agent FAQ Tracking|"),
        Type::Integer => Value::Integer(3),
        Type::Decimal => Value::Decimal(2.5),
        Type::Boolean => Value::Boolean(true),
        Type::Duration => Value::Duration(90_000),
        Type::DateTime => Value::DateTime(1_709_640_000_000),
        Type::Time => Value::Time(36_000_000),
        Type::Json => Value::Json(serde_json::json!({"a": 1})),
        Type::PhoneNumber => Value::PhoneNumber { uri: "tel:+13175550100".into(), e164: Some("+13175550100".into()) },
        Type::Entity(c) => Value::Entity { ty: c, id: "0000-id".into(), name: "Sample".into() },
        Type::Complex(c) => {
            let mut fields = BTreeMap::new();
            fields.insert("body".to_string(), s("Hello|world > On agent"));
            fields.insert("id".to_string(), s("contact-1"));
            Value::Complex { ty: c, fields }
        }
        Type::Collection(item) => {
            let one = sample(&item.code());
            Value::List { item: *item, items: vec![one.clone(), one.clone(), one] }
        }
        t => Value::NotSet(t),
    }
}

#[test]
fn every_config_tree_reads_and_agrees_with_its_text() {
    let mut trees = 0;
    let mut compared = 0;
    let mut differences = Vec::new();
    let mut unparsed = Vec::new();
    let configs = configurations();
    assert_eq!(configs.len(), 12, "the twelve real configurations are in tests/fixtures/flowconfigs");
    for (file, json) in &configs {
        let mut objects = Vec::new();
        expression_objects(json, &mut objects);
        for obj in objects {
            trees += 1;
            let config = &obj["config"];
            let tree = Expr::from_config(config);
            assert!(!matches!(tree, Expr::Invalid { .. }), "{file}: {config} reads as {tree:?}");
            // The whole object reads as its config too.
            assert_eq!(Expr::from_config(obj), tree);
            // The node's own `text` (the canonical spelling Architect stores with the tree). A `lit` node's text
            // is its value, not an expression (`"How did we do?"` in literal mode keeps its quotes).
            if config.get("lit").is_some() {
                continue;
            }
            let node_text = config.as_object().and_then(|o| o.values().next()).and_then(|b| b["text"].as_str());
            // And the author's text (`right(Call.ani, 12)`, line breaks), whose implicit conversions only the
            // tree spells out (text `"Sorry."` is `ToCommunication("Sorry.")` there): compared as displayed.
            // In mode 3 (not set or empty) the text is a leftover the tree does not use.
            let mode3 = obj["uiMetaData"]["mode"].as_i64() == Some(3);
            let outer_text = obj["text"].as_str().filter(|t| Some(*t) != node_text && !mode3);
            let mut refs = Vec::new();
            references(config, &mut refs);
            let mut scope = TestScope::new();
            for (name, code) in refs {
                scope = scope.var(&name, sample(&code)).builtin(&name, sample(&code));
            }
            for text in [node_text, outer_text].into_iter().flatten().filter(|t| !t.trim().is_empty()) {
                let parsed = match parse(text) {
                    Ok(p) => p,
                    Err(e) => {
                        unparsed.push(format!("{file}: {text}: {e}"));
                        continue;
                    }
                };
                // An implicit conversion the tree adds around the author's text (`ToAudioDuration(…)`): compare
                // the text with what is converted.
                let compared_tree = match (&tree, &parsed) {
                    (Expr::Call { name, args }, Expr::Call { name: n2, .. })
                        if name.starts_with("To") && name != n2 =>
                    {
                        args.first().unwrap_or(&tree)
                    }
                    (Expr::Call { name, args }, p) if name.starts_with("To") && !matches!(p, Expr::Call { .. }) => {
                        args.first().unwrap_or(&tree)
                    }
                    _ => &tree,
                };
                let (a, b) = (eval(compared_tree, &scope), eval(&parsed, &scope));
                match (&a, &b) {
                    (Ok(x), Ok(y)) => {
                        compared += 1;
                        if display_text(x) != display_text(y) || x.is_not_set() != y.is_not_set() {
                            differences.push(format!("{file}: {text}\n    config {x:?}\n    text   {y:?}"));
                        }
                    }
                    (Err(EvalError::Pending(p)), Err(EvalError::Pending(q))) => {
                        compared += 1;
                        assert_eq!(p, q, "{file}: {text}");
                    }
                    (Err(EvalError::Runtime(_)), Err(EvalError::Runtime(_))) => {}
                    _ => differences.push(format!("{file}: {text}\n    config {a:?}\n    text   {b:?}")),
                }
            }
        }
    }
    println!("{trees} config trees read; {compared} compared with their parsed text");
    assert!(unparsed.is_empty(), "{} text(s) do not parse:\n{}", unparsed.len(), unparsed.join("\n"));
    assert!(trees > 1000, "expected the configurations' expressions, read {trees}");
    assert!(differences.is_empty(), "{} difference(s):\n{}", differences.len(), differences.join("\n"));
}
