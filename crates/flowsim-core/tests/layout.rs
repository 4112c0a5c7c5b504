//! The diagram's layout on the twelve real configurations: every action placed once inside its container's frame,
//! no two boxes overlapping, every branch, `next` and jump drawn, the start marked; and the shape on small flows.

mod configs_support;

use configs_support::{load, CONFIGS};
use flowsim_core::flow::layout::{layout, EdgeKind, End, Layout, Rect, BOX_H, BOX_W};
use flowsim_core::flow::model::Flow;
use serde_json::json;

/// The properties every layout has, whatever the flow.
fn check(name: &str, flow: &Flow, l: &Layout) {
    assert_eq!(l.boxes.len(), flow.actions.len(), "{name}: one box per action");
    assert_eq!(l.frames.len(), flow.containers.len(), "{name}: one frame per container");
    for (ai, (a, r)) in flow.actions.iter().zip(&l.boxes).enumerate() {
        assert_eq!((r.w, r.h), (BOX_W, BOX_H), "{name}: action {} has a box", a.name);
        let frame = l.frames.iter().find(|f| f.container == a.container).expect("the container has a frame");
        assert!(frame.rect.contains(r), "{name}: action {} ({ai}) lies inside its container's frame", a.name);
        assert!(r.x + r.w <= l.width && r.y + r.h <= l.height, "{name}: action {} lies inside the drawing", a.name);
    }
    // No two boxes overlap (sorted by x, so only neighbours in x are compared).
    let mut by_x: Vec<usize> = (0..l.boxes.len()).collect();
    by_x.sort_by(|a, b| l.boxes[*a].x.total_cmp(&l.boxes[*b].x));
    for (k, &i) in by_x.iter().enumerate() {
        for &j in &by_x[k + 1..] {
            if l.boxes[j].x >= l.boxes[i].x + l.boxes[i].w {
                break;
            }
            assert!(
                !l.boxes[i].overlaps(&l.boxes[j]),
                "{name}: '{}' and '{}' overlap",
                flow.actions[i].name,
                flow.actions[j].name
            );
        }
    }
    for (i, f) in l.frames.iter().enumerate() {
        for g in &l.frames[i + 1..] {
            assert!(!f.rect.overlaps(&g.rect), "{name}: two container frames overlap");
        }
    }
    // Every branch drawn, with its label, and leading where the configuration says.
    for (ai, a) in flow.actions.iter().enumerate() {
        for (pi, p) in a.paths.iter().enumerate() {
            let drawn = l
                .edges
                .iter()
                .find(|e| e.kind == EdgeKind::Path && e.from == Some(ai) && e.path == Some(pi))
                .unwrap_or_else(|| panic!("{name}: path '{}' of '{}' is drawn", p.label, a.name));
            assert_eq!(drawn.label.as_deref(), Some(p.label.as_str()), "{name}: the branch carries its label");
            if let Some(t) = p.next {
                let reaches = drawn.to == End::Action(t)
                    || l.edges.iter().any(|e| {
                        e.kind == EdgeKind::Link && e.from == Some(ai) && e.path == Some(pi) && e.to == End::Action(t)
                    });
                assert!(reaches, "{name}: path '{}' of '{}' leads to its next action", p.label, a.name);
            }
        }
        if let Some(t) = a.next {
            assert!(
                l.edges.iter().any(|e| matches!(e.kind, EdgeKind::Next | EdgeKind::Link)
                    && e.from == Some(ai)
                    && e.path.is_none()
                    && e.to == End::Action(t)),
                "{name}: the next action of '{}' is linked",
                a.name
            );
        }
        if let Some(c) = a.target {
            assert!(
                l.edges.iter().any(|e| e.kind == EdgeKind::Jump && e.from == Some(ai) && e.to == End::Container(c)),
                "{name}: the jump of '{}' is drawn",
                a.name
            );
        }
    }
    for e in &l.edges {
        assert!(e.points.len() >= 2, "{name}: every edge has a line");
        for (x, y) in &e.points {
            assert!(
                x.is_finite() && y.is_finite() && (0.0..=l.width).contains(x) && (0.0..=l.height).contains(y),
                "{name}: edge points are in the drawing"
            );
        }
    }
    // A jump to another frame bends only in the space between frames.
    for e in l.edges.iter().filter(|e| e.kind == EdgeKind::Jump) {
        let (Some(a), End::Container(c)) = (e.from, e.to) else { continue };
        if flow.actions[a].container == c || e.points.len() < 4 {
            continue;
        }
        for p in &e.points[2..e.points.len() - 1] {
            let inside = l.frames.iter().any(|f| f.rect.contains(&Rect { x: p.0, y: p.1, w: 0.0, h: 0.0 }));
            assert!(!inside, "{name}: the jump of '{}' bends at {p:?}, inside a frame", flow.actions[a].name);
        }
    }
    let start = flow.initial_sequence.and_then(|c| flow.containers[c].start);
    assert_eq!(l.start, start, "{name}: the start is marked");
}

#[test]
fn the_twelve_configurations_are_laid_out_completely_without_overlaps() {
    for name in CONFIGS {
        let flow = load(name);
        assert!(!flow.actions.is_empty(), "{name} has actions");
        let l = layout(&flow);
        check(name, &flow, &l);
        assert!(l.start.is_some(), "{name}: the start is marked");
    }
}

#[test]
fn the_largest_configuration_stays_readable() {
    // Readable: every box at full size, and the drawing no wider than a few screens at full size.
    let flow = load("limitless-email-inboundemail.json");
    let l = layout(&flow);
    check("limitless", &flow, &l);
    assert!(l.width < 12_000.0, "limitless is {} wide", l.width);
}

fn action(id: &str, name: &str, ty: &str) -> serde_json::Value {
    json!({"id": id, "name": name, "__type": ty})
}

/// A task: Decision with a Yes branch of two actions and an empty No branch, then Disconnect.
fn nested() -> Flow {
    let mut decision = action("d", "Decide", "DecisionAction");
    decision["paths"] = json!([
        {"label": "Yes", "outputId": "__TRUE__", "nextActionId": "y1"},
        {"label": "No", "outputId": "__FALSE__"}
    ]);
    decision["nextAction"] = json!("end");
    let mut y1 = action("y1", "Play", "PlayAudioAction");
    y1["nextAction"] = json!("y2");
    let y2 = action("y2", "Set", "UpdateVariableAction");
    let end = action("end", "Bye", "DisconnectAction");
    Flow::from_json(&json!({
        "name": "nested", "type": "inboundcall", "initialSequence": "t",
        "flowSequenceItemList": [
            {"__type": "Task", "id": "t", "name": "Main", "startAction": "d", "actionList": [decision, y1, y2, end]}
        ]
    }))
}

#[test]
fn branches_nest_below_their_action_and_return_to_its_continuation() {
    let flow = nested();
    let l = layout(&flow);
    check("nested", &flow, &l);
    let idx = |id: &str| flow.actions.iter().position(|a| a.id == id).unwrap();
    let (d, y1, y2, end) = (l.boxes[idx("d")], l.boxes[idx("y1")], l.boxes[idx("y2")], l.boxes[idx("end")]);
    assert!(y1.y > d.y + d.h, "the Yes branch is below the decision");
    assert!(y2.y > y1.y + y1.h && y2.x == y1.x, "the branch is a column");
    assert!(end.y > y2.y + y2.h, "the decision's next action is below its branches");
    assert_eq!(end.x, d.x, "the next action is under the decision");
    let returns: Vec<_> = l.edges.iter().filter(|e| e.kind == EdgeKind::Return).collect();
    assert_eq!(returns.len(), 2, "both branches run out and return");
    let yes = l.edges.iter().find(|e| e.kind == EdgeKind::Path && e.label.as_deref() == Some("Yes")).unwrap();
    let no = l.edges.iter().find(|e| e.kind == EdgeKind::Path && e.label.as_deref() == Some("No")).unwrap();
    assert_eq!(yes.to, End::Action(idx("y1")));
    assert_eq!(no.to, End::Point, "an empty branch ends in a stub");
    assert_eq!(l.start, Some(idx("d")));
}

#[test]
fn cycles_and_shared_targets_place_every_action_once() {
    // a → b → a (a cycle of next), and c's path points at b, which belongs elsewhere; d is unreachable.
    let mut a = action("a", "A", "UpdateVariableAction");
    a["nextAction"] = json!("b");
    let mut b = action("b", "B", "UpdateVariableAction");
    b["nextAction"] = json!("a");
    let mut c = action("c", "C", "DecisionAction");
    c["paths"] = json!([{"label": "Yes", "outputId": "__TRUE__", "nextActionId": "b"}]);
    let d = action("d", "D", "DisconnectAction");
    let mut jump = action("j", "Go", "JumpToTaskAction");
    jump["taskReference"] = json!("t2");
    let mut jump0 = action("j0", "Back", "JumpToTaskAction");
    jump0["taskReference"] = json!("t");
    let flow = Flow::from_json(&json!({
        "name": "cycles", "type": "inboundcall", "initialSequence": "t",
        "flowSequenceItemList": [
            {"__type": "Task", "id": "t", "name": "One", "startAction": "a", "actionList": [a, b, c, d]},
            {"__type": "Task", "id": "t2", "name": "Two", "startAction": "j", "actionList": [jump, jump0]}
        ]
    }));
    let l = layout(&flow);
    check("cycles", &flow, &l);
    let idx = |id: &str| flow.actions.iter().position(|a| a.id == id).unwrap();

    // Links are connectors at right angles. A jump to another frame leaves its box at the bottom and runs between
    // the frames, where no box is, into the target's header from above; a jump to its own frame goes round its
    // right-hand side into the header; a link between two actions runs from a side of one to a side of the other.
    let horizontal_or_vertical = |p: &[(f64, f64)]| p.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1);
    let frame = |c: usize| l.frames.iter().find(|f| f.container == c).unwrap().rect;
    let jump_of = |id: &str| l.edges.iter().find(|e| e.kind == EdgeKind::Jump && e.from == Some(idx(id))).unwrap();
    let (j0, one) = (l.boxes[idx("j0")], frame(0));
    let points = &jump_of("j0").points;
    assert!(horizontal_or_vertical(points), "{points:?}");
    assert_eq!(points[0], (j0.x + j0.w / 2.0, j0.y + j0.h), "the jump leaves its box at the bottom");
    assert_eq!(*points.last().unwrap(), (one.x + one.w / 2.0, one.y), "the jump enters Task One from above");
    for p in &points[2..points.len() - 1] {
        assert!(l.frames.iter().all(|f| !f.rect.contains(&Rect { x: p.0, y: p.1, w: 0.0, h: 0.0 })), "{p:?}");
    }
    let (j, two) = (l.boxes[idx("j")], frame(1));
    let points = &jump_of("j").points;
    assert!(horizontal_or_vertical(points), "{points:?}");
    assert_eq!(points[0], (j.x + j.w, j.y + j.h / 2.0), "a jump to its own frame leaves by the right-hand side");
    let last = *points.last().unwrap();
    assert!(last.0 == two.x + two.w && last.1 > two.y && last.1 < two.y + 30.0, "{last:?} {two:?}");
    for e in l.edges.iter().filter(|e| e.kind == EdgeKind::Link) {
        let (Some(from), End::Action(to)) = (e.from, e.to) else { panic!("a link joins two actions") };
        let (s, t) = (l.boxes[from], l.boxes[to]);
        let (first, last) = (e.points[0], *e.points.last().unwrap());
        assert!(horizontal_or_vertical(&e.points), "{:?}", e.points);
        assert!((first.0 == s.x || first.0 == s.x + s.w) && first.1 == s.y + s.h / 2.0, "a link leaves a side");
        assert!((last.0 == t.x || last.0 == t.x + t.w) && last.1 == t.y + t.h / 2.0, "a link enters a side");
    }
}

#[test]
fn an_empty_or_broken_flow_gives_an_empty_drawing() {
    let l = layout(&Flow::from_json(&json!([])));
    assert!(l.boxes.is_empty() && l.frames.is_empty() && l.edges.is_empty() && l.start.is_none());
    let flow = Flow::from_json(&json!({"flowSequenceItemList": [{"__type": "Menu", "id": "m", "name": "M"}]}));
    let l = layout(&flow);
    check("menu", &flow, &l);
}

#[test]
fn a_long_chain_is_laid_out_without_recursion() {
    // 20,000 actions in one sequence, each with a branch: no stack overflow, every action placed.
    let n = 20_000;
    let list: Vec<_> = (0..n)
        .map(|i| {
            let mut a = action(&format!("a{i}"), "A", "DecisionAction");
            if i + 1 < n {
                a["paths"] = json!([{"label": "Yes", "outputId": "__TRUE__", "nextActionId": format!("a{}", i + 1)}]);
            }
            a
        })
        .collect();
    let flow = Flow::from_json(&json!({
        "name": "deep", "initialSequence": "t",
        "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": "T", "startAction": "a0", "actionList": list}]
    }));
    let l = layout(&flow);
    assert_eq!(l.boxes.len(), n);
    assert!(l.boxes.iter().all(|b| b.w == BOX_W));
    assert!(l.boxes[n - 1].y > l.boxes[0].y);
}
