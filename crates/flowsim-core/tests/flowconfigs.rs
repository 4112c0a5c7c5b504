//! The flow configuration reader against every real configuration in `tests/fixtures/flowconfigs/`, plus
//! property tests that it never panics on arbitrary or damaged JSON.

use std::collections::HashMap;
use std::path::PathBuf;

use flowsim_core::flow::config::{ContainerKind, FlowConfig, Located, Target};
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
        let cfg = FlowConfig::from_value(&load(file));
        assert!(cfg.problems.is_empty(), "{file}: {:#?}", cfg.problems);
        assert_eq!(cfg.containers.len(), containers, "{file}: containers");
        assert_eq!(cfg.action_count(), actions, "{file}: actions");
        let got_modules: Vec<(usize, usize)> =
            cfg.common_modules.iter().map(|m| (m.config.containers.len(), m.config.action_count())).collect();
        assert_eq!(got_modules, modules, "{file}: common modules");
        assert!(!cfg.name.is_empty() && !cfg.flow_type.is_empty(), "{file}");
        assert!(!cfg.has_external_contact_action(), "{file}: no real export has an external contact action");
        assert!(cfg.external_contact_actions().is_empty());

        // The start and every link resolve.
        let start = cfg.initial_sequence.as_deref().unwrap();
        assert!(cfg.find_container(start).is_some(), "{file}: initialSequence");
        for c in &cfg.containers {
            if let Some(s) = &c.start_action {
                assert_eq!(cfg.find_action(s).map(|a| &a.container_id), Some(&c.id), "{file}: startAction {s}");
            } else {
                assert_eq!(c.kind, ContainerKind::Menu, "{file}: only menus have no startAction");
            }
            for a in &c.actions {
                assert_eq!(a.container_id, c.id);
                assert!(!a.type_name.is_empty(), "{file}: {}", a.id);
                if let Some(n) = &a.next_action {
                    assert!(cfg.find_action(n).is_some(), "{file}: nextAction {n}");
                }
                for p in &a.paths {
                    if let Some(n) = &p.next_action_id {
                        assert!(cfg.find_action(n).is_some(), "{file}: nextActionId {n}");
                    }
                    // Every path resolves to an action or the end of the container, never a missing id.
                    let next = cfg.next_action_after_path(a, &p.label);
                    assert!(next.path.is_some());
                    assert!(!matches!(next.target, Target::Missing { .. }), "{file}: {}", next.explanation);
                }
                assert_eq!(cfg.locate(&a.id), Located::Action(a));
                if let Some(t) = a.tracking_id {
                    assert_eq!(cfg.locate(&t.to_string()), Located::Action(a), "{file}: tracking id {t}");
                }
            }
            assert_eq!(cfg.locate(&c.id), Located::Container(c));
        }

        // The picker lists every action exactly once, and never a container.
        let mut listed: HashMap<String, usize> = HashMap::new();
        for g in cfg.actions_for_picker() {
            assert!(cfg.find_container(&g.container_id).is_some());
            for item in g.items {
                assert!(cfg.find_container(&item.id).is_none(), "{file}: container {} is pickable", item.id);
                *listed.entry(item.id).or_default() += 1;
            }
        }
        assert_eq!(listed.len(), actions, "{file}: picker");
        assert!(listed.values().all(|n| *n == 1), "{file}: picker lists an action twice");
    }
}

#[test]
fn empty_branches_continue_after_the_owning_action() {
    let cfg = FlowConfig::from_value(&load("cache-example-inboundcall.json"));
    // "Call Data Action" (#23) is the whole Yes branch of Decision #22, which ends the sequence under
    // Success of #17, the Yes branch of Decision #16, whose next action is "Go to queue?" (#25).
    let a = cfg.find_action("9c6185bf-daeb-4ffb-8eda-71e8ae200b8f").unwrap();
    let next = cfg.next_action_after_path(a, "Success");
    assert_eq!(next.display(), "Go to queue? (DecisionAction)");
    assert_eq!(next.id(), "7d7d4115-2e00-45ae-8d21-7f4eb05a9062");
    // The lookup's own Found path goes straight to its branch.
    let lookup = cfg.find_action("9debd0e6-c214-4f31-962a-9ce1bf1981fc").unwrap();
    assert_eq!(cfg.next_action_after_path(lookup, "Found").display(), "Needs update? (DecisionAction)");
    // Failure is empty: the lookup's own next action.
    assert_eq!(cfg.next_action_after_path(lookup, "__FAILURE__").display(), "Decision (DecisionAction)");
    // Disconnect ends the task.
    let disconnect = cfg.find_action("89e3ac82-5fea-4f39-a6ca-47cd6b894bb1").unwrap();
    assert_eq!(cfg.next_action_after_path(disconnect, "x").display(), "end of Task 'IVR cache example'");

    // A loop body that runs out returns to its loop.
    let limitless = FlowConfig::from_value(&load("limitless-email-inboundemail.json"));
    let lp = limitless.find_action("6026889a-14bb-4f44-9f39-147275243956").unwrap();
    let body = limitless.next_action_after_path(lp, "Loop");
    assert_eq!(body.id(), "75a94565-3fd5-4b99-bc1a-c0bacbd46ee1");

    // The menu choice's inline action belongs to the menu.
    let orbit = FlowConfig::from_value(&load("orbit-parked-call-retrieval-inboundcall.json"));
    let menu = orbit.containers.iter().find(|c| c.kind == ContainerKind::Menu).unwrap();
    assert_eq!(menu.actions.len(), 1);
    assert_eq!(menu.actions[0].menu_choice.as_deref(), Some("Disconnect [9]"));
}

#[test]
fn loop_bodies_return_to_the_loop() {
    let cfg = FlowConfig::from_value(&load("limitless-email-inboundemail.json"));
    let lp = cfg.find_action("6026889a-14bb-4f44-9f39-147275243956").unwrap();
    // Walk the loop body's main sequence to its end and ask where an empty branch there leads.
    let mut cur = cfg.find_action("75a94565-3fd5-4b99-bc1a-c0bacbd46ee1").unwrap();
    while let Some(n) = cur.next_action.as_deref() {
        cur = cfg.find_action(n).unwrap();
    }
    let after = cfg.next_action_after_path(cur, "no such path");
    match after.target {
        Target::Action { id, loop_back, .. } => {
            assert_eq!(id, lp.id);
            assert!(loop_back, "{}", after.explanation);
        }
        other => panic!("{other:?}: {}", after.explanation),
    }
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

/// Uses every helper, so a panic anywhere shows up.
fn exercise(cfg: &FlowConfig) {
    let _ = cfg.actions_for_picker();
    let _ = cfg.external_contact_actions();
    let _ = cfg.has_external_contact_action();
    for a in cfg.actions() {
        for p in &a.paths {
            let _ = cfg.next_action_after_path(a, &p.label);
        }
        let _ = cfg.next_action_after_path(a, "Found");
        let _ = cfg.locate(&a.id);
    }
    for c in &cfg.containers {
        let _ = cfg.locate(&c.id);
    }
    let _ = cfg.locate("1");
    let _ = serde_json::to_string(cfg).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        let cfg = FlowConfig::from_value(&v);
        exercise(&cfg);
        let _ = FlowConfig::parse(&v.to_string());
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = FlowConfig::parse(&s);
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
        let cfg = FlowConfig::from_value(&doc);
        exercise(&cfg);
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
        let cfg = FlowConfig::from_value(&doc);
        exercise(&cfg);
    }
}

/// The node picker over the flow model (`flow::picker`) lists what the older reader listed, in the same order
/// with the same depths, on every real configuration.
#[test]
fn the_picker_over_the_model_agrees_with_the_older_reader() {
    use flowsim_core::flow::picker::{has_external_contact_action, picker_groups};
    use flowsim_core::flow::Flow;
    for (file, ..) in EXPECTED {
        let v = load(file);
        let old = FlowConfig::from_value(&v);
        let flow = Flow::from_json(&v);
        let new = picker_groups(&flow);
        let old_groups = old.actions_for_picker();
        assert_eq!(new.len(), old_groups.len(), "{file}: groups");
        for (n, o) in new.iter().zip(&old_groups) {
            assert_eq!(n.container_id, o.container_id, "{file}");
            assert_eq!(n.label, o.label, "{file}");
            let got: Vec<_> =
                n.items.iter().map(|i| (&i.id, &i.name, &i.type_name, i.tracking_id, i.depth, i.is_lookup)).collect();
            let want: Vec<_> =
                o.items.iter().map(|i| (&i.id, &i.name, &i.type_name, i.tracking_id, i.depth, i.is_lookup)).collect();
            assert_eq!(got, want, "{file}: {}", n.label);
        }
        assert_eq!(has_external_contact_action(&flow), old.has_external_contact_action(), "{file}");
    }
}
