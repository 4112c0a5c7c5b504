//! The node picker's content ("Browse nodes"), read from the flow model: each container's actions in the order
//! Architect shows them, external contact actions first (the tutorial's lookup nodes).

use crate::flow::model::{short, ActionIdx, ActionKind, Container, ContainerIdx, Flow};

/// One container in the node picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerGroup {
    pub container_id: String,
    /// "Task 'Main'".
    pub label: String,
    pub items: Vec<PickerItem>,
}

/// One pickable action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerItem {
    pub id: String,
    /// The action's name, or its type (and tracking id) when it has none.
    pub name: String,
    pub type_name: String,
    pub tracking_id: Option<i64>,
    /// Nesting depth in the container's tree (0 = on the main sequence).
    pub depth: usize,
    /// Get External Contact or Search External Contacts: a node the tutorial's lookup can start at.
    pub is_lookup: bool,
}

/// Whether the flow has an external contact action anywhere (the tutorial's lookup needs one).
pub fn has_external_contact_action(flow: &Flow) -> bool {
    flow.actions.iter().any(|a| is_lookup(&a.kind))
}

fn is_lookup(kind: &ActionKind) -> bool {
    matches!(kind, ActionKind::GetExternalContact | ActionKind::SearchExternalContacts)
}

/// The picker's groups. Containers holding external contact actions come first, and inside each group the
/// external contact actions come first, then the rest in flow order. Containers themselves are never items.
pub fn picker_groups(flow: &Flow) -> Vec<PickerGroup> {
    let mut groups: Vec<(bool, PickerGroup)> = Vec::new();
    for (ci, c) in flow.containers.iter().enumerate() {
        let item = |(i, depth): (ActionIdx, usize)| {
            let a = &flow.actions[i];
            let type_name = if a.type_name.is_empty() { "unknown type".to_string() } else { a.type_name.clone() };
            let name = match (a.name.trim().is_empty(), a.tracking_id) {
                (false, _) => a.name.clone(),
                (true, Some(t)) => format!("{type_name} #{t}"),
                (true, None) => type_name.clone(),
            };
            PickerItem {
                id: a.id.clone(),
                name,
                type_name,
                tracking_id: a.tracking_id,
                depth,
                is_lookup: is_lookup(&a.kind),
            }
        };
        // Lookups first, flow order kept inside each part (a stable partition, without sort code).
        let (mut items, rest): (Vec<PickerItem>, Vec<PickerItem>) =
            tree_order(flow, ci, c).into_iter().map(item).partition(|i| i.is_lookup);
        let has_lookup = !items.is_empty();
        items.extend(rest);
        if items.is_empty() {
            continue;
        }
        let label = format!("{} '{}'", c.kind.as_str(), short(if c.name.trim().is_empty() { &c.id } else { &c.name }));
        groups.push((has_lookup, PickerGroup { container_id: c.id.clone(), label, items }));
    }
    let (mut first, rest): (Vec<_>, Vec<_>) = groups.into_iter().partition(|(has_lookup, _)| *has_lookup);
    first.extend(rest);
    first.into_iter().map(|(_, g)| g).collect()
}

/// A container's actions in the order Architect shows them (depth-first from the start action and each menu
/// choice, a branch before what follows its action), then any unreachable ones in written order, with depths.
/// Each action once; linear in the container's size.
fn tree_order(flow: &Flow, ci: ContainerIdx, c: &Container) -> Vec<(ActionIdx, usize)> {
    let mine = |i: &ActionIdx| flow.actions.get(*i).is_some_and(|a| a.container == ci);
    let mut out = Vec::with_capacity(c.actions.len());
    let mut seen = vec![false; flow.actions.len()];
    let mut roots: Vec<ActionIdx> = c.start.into_iter().collect();
    roots.extend(c.menu.iter().flat_map(|m| m.choices.iter().filter_map(|ch| ch.action)));
    let mut stack: Vec<(ActionIdx, usize)> = Vec::new();
    for root in roots.into_iter().filter(|r| mine(r)) {
        stack.push((root, 0));
        while let Some((i, depth)) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push((i, depth));
            let a = &flow.actions[i];
            stack.extend(a.next.filter(|n| mine(n)).map(|n| (n, depth)));
            stack.extend(a.paths.iter().rev().filter_map(|p| p.next).filter(|n| mine(n)).map(|n| (n, depth + 1)));
        }
    }
    out.extend(c.actions.iter().filter(|i| !seen.get(**i).copied().unwrap_or(true)).map(|i| (*i, 0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_action_once_lookups_first_cycles_and_orphans_included() {
        // a → b → a (a cycle of next), a's Yes branch is the lookup g; u is unreachable; t2 holds no lookup.
        let flow = Flow::from_json(&json!({
            "name": "f", "type": "inboundcall", "initialSequence": "t2",
            "flowSequenceItemList": [
                {"__type": "Task", "id": "t2", "name": "", "startAction": "x", "actionList": [
                    {"id": "x", "name": "", "__type": "DisconnectAction", "trackingId": 7}
                ]},
                {"__type": "Task", "id": "t", "name": "Main", "startAction": "a", "actionList": [
                    {"id": "a", "name": "A", "__type": "DecisionAction", "nextAction": "b",
                     "paths": [{"label": "Yes", "outputId": "__TRUE__", "nextActionId": "g"}]},
                    {"id": "g", "name": "Get", "__type": "GetExternalContactAction"},
                    {"id": "b", "name": "B", "__type": "UpdateVariableAction", "nextAction": "a"},
                    {"id": "u", "name": "U", "__type": "DisconnectAction"}
                ]}
            ]
        }));
        let groups = picker_groups(&flow);
        assert_eq!(groups.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), ["Task 'Main'", "Task 't2'"]);
        let main: Vec<_> = groups[0].items.iter().map(|i| (i.id.as_str(), i.depth, i.is_lookup)).collect();
        assert_eq!(main, [("g", 1, true), ("a", 0, false), ("b", 0, false), ("u", 0, false)]);
        assert_eq!(groups[1].items[0].name, "DisconnectAction #7", "an unnamed action is named by type and id");
        assert!(has_external_contact_action(&flow));
    }

    #[test]
    fn a_menu_whose_only_actions_are_its_choices_is_listed() {
        let flow = Flow::from_json(&json!({
            "name": "f", "type": "inboundcall", "initialSequence": "m",
            "flowSequenceItemList": [{"__type": "Menu", "id": "m", "name": "Main menu", "menuChoiceList": [
                {"id": "c1", "name": "Sales", "digit": "1", "action": {"id": "x", "name": "Bye", "__type": "DisconnectAction"}}
            ]}]
        }));
        let groups = picker_groups(&flow);
        assert_eq!(groups.len(), 1);
        assert_eq!((groups[0].label.as_str(), groups[0].items[0].id.as_str()), ("Menu 'Main menu'", "x"));
        assert!(!has_external_contact_action(&flow));
    }
}
