//! The flow model's reader and the node picker against every real configuration in
//! `tests/fixtures/flowconfigs/`, plus property tests that they never panic on arbitrary or damaged JSON.

use std::collections::HashMap;
use std::path::PathBuf;

use flowsim_core::flow::layout::layout;
use flowsim_core::flow::model::{ContainerKind, NodeRef};
use flowsim_core::flow::picker::{has_external_contact_action, picker_groups};
use flowsim_core::flow::Flow;
use flowsim_core::sim::engine::action_id_of;
use proptest::prelude::*;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flowconfigs")
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Per file: containers, actions, embedded common modules (containers, actions), counted independently with a
/// Python one-off over `flowSequenceItemList[].actionList[]` and `menuChoiceList[].action`.
type Expected = (&'static str, usize, usize, &'static [(usize, usize)]);

const EXPECTED: [Expected; 12] = [
    ("cache-example-inboundcall.json", 1, 18, &[]),
    ("call-deflection-inboundcall.json", 5, 15, &[]),
    ("insurance-claim-workitem.json", 8, 24, &[]),
    ("limitless-email-inboundemail.json", 2, 52, &[]),
    ("merge-external-contact-inboundmessage.json", 1, 5, &[(1, 8)]),
    ("orbit-parked-call-retrieval-inboundcall.json", 2, 9, &[]),
    ("proactive-callbacks-inqueuecall.json", 1, 11, &[]),
    ("resolve-contact-commonmodule.json", 1, 8, &[]),
    ("scheduling-bot.json", 1, 58, &[]),
    ("switch-from-voice-inboundmessage.json", 3, 18, &[]),
    ("time-picker-digitalbot.json", 1, 16, &[]),
    ("zoom-presence-workflow.json", 1, 3, &[]),
];

#[test]
fn every_fixture_is_expected() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let expected: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    assert_eq!(on_disk, expected, "every fixture needs its counts in EXPECTED");
}

#[test]
fn real_configurations_read_completely() {
    for (file, containers, actions, modules) in EXPECTED {
        let flow = Flow::from_json(&load(file));
        assert!(flow.problems.is_empty(), "{file}: {:#?}", flow.problems);
        assert_eq!(flow.containers.len(), containers, "{file}: containers");
        assert_eq!(flow.actions.len(), actions, "{file}: actions");
        let got_modules: Vec<(usize, usize)> = flow
            .common_modules
            .iter()
            .map(|m| m.flow.as_ref().map_or((0, 0), |f| (f.containers.len(), f.actions.len())))
            .collect();
        assert_eq!(got_modules, modules, "{file}: common modules");
        assert!(!flow.name.is_empty() && !flow.flow_type.is_empty(), "{file}");
        assert!(!has_external_contact_action(&flow), "{file}: no real export has an external contact action");

        // The start and every link resolve to the right place.
        assert!(flow.initial_sequence.is_some(), "{file}: initialSequence");
        for (ci, c) in flow.containers.iter().enumerate() {
            match c.start {
                Some(s) => assert_eq!(flow.actions[s].container, ci, "{file}: startAction of {}", c.id),
                None => assert_eq!(c.kind, ContainerKind::Menu, "{file}: only menus have no startAction"),
            }
            assert_eq!(flow.lookup(&c.id), Some(NodeRef::Container(ci)));
        }
        for (ai, a) in flow.actions.iter().enumerate() {
            assert!(!a.type_name.is_empty(), "{file}: {}", a.id);
            assert_eq!(flow.lookup(&a.id), Some(NodeRef::Action(ai)));
            if let Some(t) = a.tracking_id {
                assert_eq!(action_id_of(&flow, &format!("#{t}")), a.id, "{file}: tracking id {t}");
            }
            for n in a.next.iter().chain(a.paths.iter().filter_map(|p| p.next.as_ref())) {
                assert_eq!(flow.actions[*n].container, a.container, "{file}: {} links out of its container", a.id);
            }
        }

        // The picker lists every action exactly once, and never a container.
        let mut listed: HashMap<String, usize> = HashMap::new();
        for g in picker_groups(&flow) {
            assert!(flow.container_by_id(&g.container_id).is_some());
            for item in g.items {
                assert!(flow.container_by_id(&item.id).is_none(), "{file}: container {} is pickable", item.id);
                *listed.entry(item.id).or_default() += 1;
            }
        }
        assert_eq!(listed.len(), actions, "{file}: picker");
        assert!(listed.values().all(|n| *n == 1), "{file}: picker lists an action twice");
    }
}

#[test]
fn branches_hang_under_the_action_that_owns_them() {
    let flow = Flow::from_json(&load("cache-example-inboundcall.json"));
    // "Call Data Action" (#23) is the whole Yes branch of Decision #22.
    let idx = |id: &str| flow.actions.iter().position(|a| a.id == id).unwrap();
    let call = &flow.actions[idx("9c6185bf-daeb-4ffb-8eda-71e8ae200b8f")];
    let owner = &flow.actions[call.parent.expect("a branch action has a parent")];
    assert_eq!(owner.paths.iter().find(|p| p.next == Some(idx(&call.id))).map(|p| p.label.as_str()), Some("Yes"));
    // The menu choice's inline action belongs to the menu.
    let orbit = Flow::from_json(&load("orbit-parked-call-retrieval-inboundcall.json"));
    let (mi, menu) = orbit.containers.iter().enumerate().find(|(_, c)| c.kind == ContainerKind::Menu).unwrap();
    let choices = &menu.menu.as_ref().unwrap().choices;
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].name, "Disconnect");
    assert_eq!(orbit.actions[choices[0].action.unwrap()].container, mi);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "Task",
            "State",
            "Menu",
            "GetExternalContactAction",
            "SearchExternalContactsAction",
            "__LOOP__",
            "a1",
            "a2",
            "t1",
            "#1",
            "1",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let key = prop::sample::select(vec![
            "name",
            "type",
            "initialSequence",
            "flowSequenceItemList",
            "actionList",
            "menuChoiceList",
            "action",
            "__type",
            "id",
            "trackingId",
            "startAction",
            "nextAction",
            "paths",
            "path",
            "nextActionId",
            "label",
            "outputId",
            "externalId",
            "searchTerm",
            "config",
            "text",
            "lit",
            "commonModules",
            "model",
            "other",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// Every node of a JSON tree as a pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

fn mutate(doc: &mut Value, pick: usize, delete: bool, replacement: Value) {
    let mut ps = Vec::new();
    pointers(doc, String::new(), &mut ps);
    if ps.is_empty() {
        return;
    }
    let p = &ps[pick % ps.len()];
    let (parent, last) = p.rsplit_once('/').unwrap();
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(o)) if delete => {
            o.remove(&key);
        }
        Some(Value::Array(a)) if delete => {
            if let Ok(i) = key.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {
            if let Some(slot) = doc.pointer_mut(p) {
                *slot = replacement;
            }
        }
    }
}

/// Uses every reader of the model, so a panic anywhere shows up.
fn exercise(flow: &Flow) {
    let _ = picker_groups(flow);
    let _ = has_external_contact_action(flow);
    let _ = layout(flow);
    for a in flow.actions.iter() {
        let _ = flow.lookup(&a.id);
    }
    for c in flow.containers.iter() {
        let _ = flow.lookup(&c.id);
    }
    let _ = action_id_of(flow, "1");
    let _ = flow.problems.sentences();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        exercise(&Flow::from_json(&v));
        if let Ok(f) = Flow::parse(&v.to_string()) {
            exercise(&f);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = Flow::parse(&s);
    }

    #[test]
    fn damaged_real_configs_never_panic(
        file in prop::sample::select(vec![
            "resolve-contact-commonmodule.json",
            "cache-example-inboundcall.json",
            "orbit-parked-call-retrieval-inboundcall.json",
        ]),
        edits in prop::collection::vec((any::<usize>(), any::<bool>(), arb_json()), 1..12),
    ) {
        let mut doc = load(file);
        for (pick, delete, replacement) in edits {
            mutate(&mut doc, pick, delete, replacement);
        }
        exercise(&Flow::from_json(&doc));
    }

    /// Rewiring links at random (cycles, self-links, links across containers) must neither panic nor loop.
    #[test]
    fn rewired_links_terminate(
        rewires in prop::collection::vec((any::<usize>(), any::<usize>(), any::<bool>()), 1..20),
    ) {
        let mut doc = load("cache-example-inboundcall.json");
        let ids: Vec<String> = doc["flowSequenceItemList"][0]["actionList"]
            .as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
        for (from, to, via_path) in rewires {
            let list = doc["flowSequenceItemList"][0]["actionList"].as_array_mut().unwrap();
            let n = list.len();
            let a = &mut list[from % n];
            let target = Value::String(ids[to % ids.len()].clone());
            match a.get_mut("paths").and_then(Value::as_array_mut) {
                Some(paths) if via_path && !paths.is_empty() => {
                    let k = to % paths.len();
                    paths[k]["nextActionId"] = target;
                }
                _ => a["nextAction"] = target,
            }
        }
        exercise(&Flow::from_json(&doc));
    }
}
