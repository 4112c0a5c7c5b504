//! A tolerant reader of Architect flow configuration JSON: the body of
//! `GET /api/v2/flows/{flowId}/latestconfiguration` (and of an exported `.i3*Flow` file, once decoded).
//!
//! The format is not documented; what is read here follows the observed format (flowconfig-format.md):
//! `flowSequenceItemList[]` holds containers (`Task`, `State`, `Menu`, `LoopTask`, `CommonModuleTask`,
//! `BotState`); a container's `actionList[]` is a flat, unordered list of actions linked by id through
//! `startAction`, `nextAction` and `paths[].nextActionId` (a `LoopAction` uses `path`); a menu choice's action is
//! written inline in the choice. When a branch runs out of actions, control continues with the `nextAction` of
//! the action that owns the branch.
//!
//! Nothing here fails on data: whatever cannot be read becomes a sentence in [`FlowConfig::problems`] and the
//! rest is kept.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::base::text::{json_kind, text_of};
use crate::wire::contract::{GET_EXTERNAL_CONTACT, SEARCH_EXTERNAL_CONTACTS};

/// How deep `commonModules[].model` is followed (a module embedded in a module embedded in a flow …).
pub const MAX_MODULE_DEPTH: usize = 3;

/// Input keys of Get External Contact, most likely first. `externalId` is the Architect Scripting SDK's name;
/// the others are plausible spellings (no real export with this action was found).
pub const GET_CONTACT_INPUT_KEYS: [&str; 5] =
    ["externalId", "externalContactId", "contactId", "externalContact", "lookupValue"];
/// Input keys of Search External Contacts, most likely first.
pub const SEARCH_CONTACTS_INPUT_KEYS: [&str; 7] =
    ["searchTerm", "searchValue", "searchString", "searchText", "term", "query", "lookupValue"];

/// A parsed flow configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowConfig {
    pub name: String,
    /// `type`, e.g. `inboundcall` (lower case in configurations).
    pub flow_type: String,
    /// Id of the container where execution starts.
    pub initial_sequence: Option<String>,
    pub containers: Vec<Container>,
    /// Flows embedded from `commonModules[]` (a flow that calls a common module carries a copy of it).
    pub common_modules: Vec<CommonModule>,
    /// What could not be read, one sentence each (at most [`MAX_PROBLEMS`], then a count of the rest).
    pub problems: Vec<String>,
    /// Action id → (container index, action index), so every lookup is O(1).
    #[serde(skip)]
    action_index: HashMap<String, (usize, usize)>,
    /// Action id → what leads to it (the first link found wins), built once.
    #[serde(skip)]
    parent_index: HashMap<String, ParentLink>,
}

/// How many problems a configuration reports; the rest are counted in one more sentence.
pub const MAX_PROBLEMS: usize = 50;

/// What leads to an action.
#[derive(Debug, Clone, PartialEq)]
enum ParentLink {
    /// Reached through `nextAction` of this action.
    Prev(String),
    /// First action of a branch of this action (`true` for a loop body).
    Branch(String, bool),
}

/// A common module embedded in the flow (`commonModules[]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommonModule {
    /// The module's own flow id.
    pub id: Option<String>,
    pub name: String,
    pub version: Option<String>,
    pub config: FlowConfig,
}

/// The kind of a `flowSequenceItemList` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ContainerKind {
    Task,
    State,
    Menu,
    LoopTask,
    CommonModuleTask,
    BotState,
    /// Any other `__type`, as written.
    Other(String),
}

impl ContainerKind {
    pub fn from_type(t: &str) -> Self {
        match t {
            "Task" => ContainerKind::Task,
            "State" => ContainerKind::State,
            "Menu" => ContainerKind::Menu,
            "LoopTask" => ContainerKind::LoopTask,
            "CommonModuleTask" => ContainerKind::CommonModuleTask,
            "BotState" => ContainerKind::BotState,
            other => ContainerKind::Other(other.to_string()),
        }
    }

    /// The `__type` (or "container" when there was none).
    pub fn as_str(&self) -> &str {
        match self {
            ContainerKind::Task => "Task",
            ContainerKind::State => "State",
            ContainerKind::Menu => "Menu",
            ContainerKind::LoopTask => "LoopTask",
            ContainerKind::CommonModuleTask => "CommonModuleTask",
            ContainerKind::BotState => "BotState",
            ContainerKind::Other(s) if s.is_empty() => "container",
            ContainerKind::Other(s) => s,
        }
    }
}

impl std::fmt::Display for ContainerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A task, state, menu … with its actions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub id: String,
    pub name: String,
    pub kind: ContainerKind,
    pub tracking_id: Option<i64>,
    /// Id of the first action (menus have none: their choices each carry an action).
    pub start_action: Option<String>,
    /// Every action of the container, in the order written (`actionList[]`, then menu choices' actions).
    pub actions: Vec<Action>,
    /// The container's exits (`Task.paths`), e.g. `Default`.
    pub paths: Vec<Path>,
}

impl Container {
    /// "Task 'Main'" (or the id when the container has no name).
    pub fn describe(&self) -> String {
        let name = if self.name.trim().is_empty() { &self.id } else { &self.name };
        format!("{} '{}'", self.kind, crate::flow::model::short(name))
    }
}

/// One action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub id: String,
    pub name: String,
    /// The `__type`, e.g. `GetExternalContactAction`.
    pub type_name: String,
    pub tracking_id: Option<i64>,
    pub container_id: String,
    /// For external contact actions: the lookup input (External Contact ID or Search Term).
    pub input: Option<Expression>,
    /// Output paths in the order written; a `LoopAction`'s loop body is a path with output id `__LOOP__`.
    pub paths: Vec<Path>,
    pub next_action: Option<String>,
    /// For the inline action of a menu choice: the choice's name (and digit).
    pub menu_choice: Option<String>,
}

impl Action {
    /// Whether this is Get External Contact or Search External Contacts.
    pub fn is_external_contact_lookup(&self) -> bool {
        is_lookup_type(&self.type_name)
    }

    /// "'Get Customer' (GetExternalContactAction)".
    pub fn describe(&self) -> String {
        format!(
            "'{}' ({})",
            crate::flow::model::short(&self.display_name()),
            crate::flow::model::short(self.type_name_or_unknown())
        )
    }

    /// The name, or the type and tracking id when the action has no name.
    pub fn display_name(&self) -> String {
        if !self.name.trim().is_empty() {
            return self.name.clone();
        }
        match self.tracking_id {
            Some(t) => format!("{} #{t}", self.type_name_or_unknown()),
            None => self.type_name_or_unknown().to_string(),
        }
    }

    fn type_name_or_unknown(&self) -> &str {
        if self.type_name.is_empty() {
            "unknown type"
        } else {
            &self.type_name
        }
    }
}

/// Whether a `__type` is one of the two external contact lookups.
pub fn is_lookup_type(type_name: &str) -> bool {
    type_name == GET_EXTERNAL_CONTACT || type_name == SEARCH_EXTERNAL_CONTACTS
}

/// An output path `{label, outputId, nextActionId?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    pub label: String,
    pub output_id: String,
    /// First action of the branch; `None` when the branch is empty.
    pub next_action_id: Option<String>,
}

impl Path {
    /// Whether `wanted` names this path, by label or output id, ignoring case, spaces and underscores
    /// ("Not Found" matches `__NOT_FOUND__`).
    pub fn matches(&self, wanted: &str) -> bool {
        let w = squash(wanted);
        !w.is_empty() && (squash(&self.label) == w || squash(&self.output_id) == w)
    }

    pub fn is_loop(&self) -> bool {
        self.output_id == "__LOOP__"
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A value expression `{text, type, config, uiMetaData}` as configured in Architect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Expression {
    /// The action's key that held it, e.g. `externalId`.
    pub key: String,
    /// As shown in Architect, e.g. `Call.Ani`.
    pub text: String,
    /// Architect type code, e.g. `str`, `phn`.
    pub data_type: Option<String>,
    pub kind: ExprKind,
    /// Set when the key was not one of the known input names and flowsim took the first expression it found.
    pub key_guessed: bool,
}

/// What the expression's `config` node is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ExprKind {
    /// `lit`: a literal value (`val` carries an entity id when there is one).
    Literal { value: String, val: Option<String> },
    /// `sysref`: a built-in such as `Call.Ani`.
    SysRef(String),
    /// `ref`: a flow, task or state variable.
    Variable(String),
    /// `emp`: not set.
    Empty,
    /// `nul`: NOT_SET.
    NotSet,
    /// An operator or function (the node key, e.g. `If`, `.`).
    Computed(String),
    /// No readable `config`.
    Unknown,
}

impl Expression {
    /// Reads an expression object; a bare string is taken as its own text.
    pub fn from_value(key: &str, v: &Value) -> Option<Expression> {
        match v {
            Value::Object(o) => {
                let text = o.get("text").map(text_of).unwrap_or_default();
                let data_type = o.get("type").and_then(Value::as_str).map(str::to_string);
                let kind = match o.get("config").and_then(Value::as_object).and_then(|c| c.iter().next()) {
                    Some((node, body)) => {
                        let field = |k: &str| body.get(k).filter(|v| !v.is_null()).map(text_of);
                        match node.as_str() {
                            "lit" => ExprKind::Literal {
                                value: field("text").unwrap_or_else(|| text.clone()),
                                val: field("val").filter(|s| !s.is_empty()),
                            },
                            "sysref" => ExprKind::SysRef(field("text").unwrap_or_else(|| text.clone())),
                            "ref" => ExprKind::Variable(field("text").unwrap_or_else(|| text.clone())),
                            "emp" => ExprKind::Empty,
                            "nul" => ExprKind::NotSet,
                            other => ExprKind::Computed(other.to_string()),
                        }
                    }
                    None if text.trim().is_empty() => ExprKind::Empty,
                    None => ExprKind::Unknown,
                };
                Some(Expression { key: key.to_string(), text, data_type, kind, key_guessed: false })
            }
            Value::String(s) => Some(Expression {
                key: key.to_string(),
                text: s.clone(),
                data_type: None,
                kind: ExprKind::Unknown,
                key_guessed: false,
            }),
            _ => None,
        }
    }

    /// The literal's value, when the expression is a literal.
    pub fn literal_value(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Literal { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether the input is not set at all.
    pub fn is_unset(&self) -> bool {
        matches!(self.kind, ExprKind::Empty | ExprKind::NotSet)
    }
}

/// Where a node id the user typed points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Located<'a> {
    Action(&'a Action),
    Container(&'a Container),
    /// An action of a common module this flow embeds; it runs in the module's own flow.
    InCommonModule(&'a CommonModule, &'a Action),
    Nowhere,
}

/// Where an output path leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    /// The path as configured; `None` when the action has no path of that name.
    pub path: Option<Path>,
    pub target: Target,
    /// How flowsim got there, one sentence.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Target {
    /// The next action to run. `loop_back` when control returns to a loop for its next iteration.
    Action { id: String, name: String, type_name: String, loop_back: bool },
    /// Nothing follows: the container ends.
    EndOfContainer { id: String, name: String, container_kind: String },
    /// The configuration names an action id that is not in the flow.
    Missing { id: String },
}

impl NextStep {
    /// "Transfer to Gold (TransferPureMatchAction)", "end of Task 'Main'" …
    pub fn display(&self) -> String {
        match &self.target {
            Target::Action { name, type_name, .. } => format!("{name} ({type_name})"),
            Target::EndOfContainer { name, container_kind, .. } => format!("end of {container_kind} '{name}'"),
            Target::Missing { id } => format!("missing action {id}"),
        }
    }

    /// Id of the next action (or of the container that ends).
    pub fn id(&self) -> &str {
        match &self.target {
            Target::Action { id, .. } | Target::EndOfContainer { id, .. } | Target::Missing { id } => id,
        }
    }

    /// `__type` of the next action, `None` at the end of a container.
    pub fn type_name(&self) -> Option<&str> {
        match &self.target {
            Target::Action { type_name, .. } => Some(type_name),
            _ => None,
        }
    }
}

/// One container in the node picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PickerGroup {
    pub container_id: String,
    /// "Task 'Main'".
    pub label: String,
    pub container_kind: ContainerKind,
    pub items: Vec<PickerItem>,
}

/// One pickable action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PickerItem {
    pub id: String,
    /// "Get Customer (GetExternalContactAction, #12)".
    pub label: String,
    pub name: String,
    pub type_name: String,
    pub tracking_id: Option<i64>,
    /// Nesting depth in the container's tree (0 = on the main sequence).
    pub depth: usize,
    pub is_lookup: bool,
}

impl FlowConfig {
    /// Reads a configuration from a JSON value. Never fails; see `problems`.
    pub fn from_value(v: &Value) -> FlowConfig {
        Self::read(v, 0)
    }

    /// Reads a configuration from text: JSON, a JSON string holding JSON, or an Architect export file
    /// (base64 of URI-encoded JSON). Never fails; see `problems`.
    pub fn parse(text: &str) -> FlowConfig {
        match decode_document(text, 0) {
            Ok(v) => Self::from_value(&v),
            Err(problem) => FlowConfig { problems: vec![problem], ..Default::default() },
        }
    }

    fn read(v: &Value, depth: usize) -> FlowConfig {
        let mut cfg = FlowConfig::default();
        let Some(o) = v.as_object() else {
            cfg.problems.push(format!(
                "The flow configuration is {} instead of an object; nothing could be read.",
                json_kind(v)
            ));
            return cfg;
        };
        match o.get("name") {
            Some(Value::String(s)) => cfg.name = s.clone(),
            None | Some(Value::Null) => cfg.problems.push("The flow configuration has no \"name\".".to_string()),
            Some(other) => cfg.name = text_of(other),
        }
        cfg.flow_type = o.get("type").map(text_of).unwrap_or_default();
        cfg.initial_sequence = link_of(o.get("initialSequence"));
        match o.get("flowSequenceItemList") {
            Some(Value::Array(items)) => {
                let mut seen_actions = SeenActions::default();
                let mut seen_containers = Ids::new();
                for (i, item) in items.iter().enumerate() {
                    if let Some(c) = read_container(item, i, &mut seen_actions, &mut cfg.problems) {
                        if seen_containers.insert(c.id.clone(), 0).is_some() {
                            cfg.problems.push(format!(
                                "{} has the same id as another item of flowSequenceItemList; it was skipped.",
                                c.describe()
                            ));
                            continue;
                        }
                        cfg.containers.push(c);
                    }
                }
            }
            None | Some(Value::Null) => cfg.problems.push(
                "The flow configuration has no flowSequenceItemList, so it has no tasks, states or menus.".to_string(),
            ),
            Some(other) => cfg.problems.push(format!(
                "flowSequenceItemList is {} instead of a list; no tasks, states or menus could be read.",
                json_kind(other)
            )),
        }
        if let Some(Value::Array(mods)) = o.get("commonModules") {
            for (i, m) in mods.iter().enumerate() {
                let Some(mo) = m.as_object() else {
                    cfg.problems.push(format!("commonModules #{} is {}; it was skipped.", i + 1, json_kind(m)));
                    continue;
                };
                let name = mo.get("name").map(text_of).unwrap_or_default();
                let label = if name.is_empty() { format!("#{}", i + 1) } else { format!("'{name}'") };
                let config = match mo.get("model") {
                    Some(model) if model.is_object() && depth < MAX_MODULE_DEPTH => {
                        let mut inner = Self::read(model, depth + 1);
                        for p in inner.problems.drain(..) {
                            cfg.problems.push(format!("Common module {label}: {p}"));
                        }
                        inner
                    }
                    Some(model) if model.is_object() => FlowConfig { name: name.clone(), ..Default::default() },
                    _ => {
                        cfg.problems
                            .push(format!("Common module {label} has no readable model; its actions are not listed."));
                        FlowConfig { name: name.clone(), ..Default::default() }
                    }
                };
                cfg.common_modules.push(CommonModule {
                    id: id_of(mo.get("id")),
                    name,
                    version: mo.get("version").filter(|v| !v.is_null()).map(text_of),
                    config,
                });
            }
        }
        cfg.build_indexes();
        cfg.check_references();
        if cfg.problems.len() > MAX_PROBLEMS {
            let more = cfg.problems.len() - MAX_PROBLEMS;
            cfg.problems.truncate(MAX_PROBLEMS);
            cfg.problems.push(format!("… and {more} more problems."));
        }
        cfg
    }

    /// The id indexes: actions by id, and what leads to each action. Linear in the number of actions.
    fn build_indexes(&mut self) {
        let mut index = HashMap::new();
        let mut parents = HashMap::new();
        for (ci, c) in self.containers.iter().enumerate() {
            for (ai, a) in c.actions.iter().enumerate() {
                index.entry(a.id.clone()).or_insert((ci, ai));
            }
        }
        for a in self.actions() {
            if let Some(n) = &a.next_action {
                parents.entry(n.clone()).or_insert_with(|| ParentLink::Prev(a.id.clone()));
            }
            for p in &a.paths {
                if let Some(n) = &p.next_action_id {
                    parents.entry(n.clone()).or_insert_with(|| ParentLink::Branch(a.id.clone(), p.is_loop()));
                }
            }
        }
        self.action_index = index;
        self.parent_index = parents;
    }

    /// Reports links that do not resolve.
    fn check_references(&mut self) {
        let ids = &self.action_index;
        let mut problems = Vec::new();
        match &self.initial_sequence {
            Some(s) if !self.containers.iter().any(|c| &c.id == s) => {
                problems.push(format!("initialSequence points to {s}, which is not a task, state or menu of the flow."))
            }
            None if !self.containers.is_empty() => {
                problems.push("The flow configuration has no initialSequence, so its start is unknown.".to_string())
            }
            _ => {}
        }
        for c in &self.containers {
            match &c.start_action {
                Some(s) if !ids.contains_key(s.as_str()) => problems
                    .push(format!("{} starts with action {s} (startAction), which is not in the flow.", c.describe())),
                None if c.kind != ContainerKind::Menu && !c.actions.is_empty() => {
                    problems.push(format!("{} has actions but no startAction.", c.describe()))
                }
                _ => {}
            }
            for a in &c.actions {
                if let Some(n) = &a.next_action {
                    if !ids.contains_key(n.as_str()) {
                        problems.push(format!(
                            "Action {} in {} leads to action {n} (nextAction), which is not in the flow.",
                            a.describe(),
                            c.describe()
                        ));
                    }
                }
                for p in &a.paths {
                    if let Some(n) = &p.next_action_id {
                        if !ids.contains_key(n.as_str()) {
                            problems.push(format!(
                                "The '{}' path of action {} in {} leads to action {n}, which is not in the flow.",
                                p.label,
                                a.describe(),
                                c.describe()
                            ));
                        }
                    }
                }
            }
        }
        self.problems.extend(problems);
    }

    /// Every action of the flow (not of embedded common modules), container by container.
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.containers.iter().flat_map(|c| c.actions.iter())
    }

    pub fn action_count(&self) -> usize {
        self.containers.iter().map(|c| c.actions.len()).sum()
    }

    pub fn find_action(&self, id: &str) -> Option<&Action> {
        let (c, a) = self.action_index.get(id)?;
        self.containers.get(*c)?.actions.get(*a)
    }

    pub fn find_container(&self, id: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.id == id)
    }

    /// The container an action belongs to.
    pub fn container_of(&self, action: &Action) -> Option<&Container> {
        self.find_container(&action.container_id)
    }

    /// The Get/Search External Contact actions, in picker order.
    pub fn external_contact_actions(&self) -> Vec<&Action> {
        let mut out = Vec::new();
        for c in &self.containers {
            for (i, _) in self.tree_order(c) {
                if c.actions[i].is_external_contact_lookup() {
                    out.push(&c.actions[i]);
                }
            }
        }
        out
    }

    pub fn has_external_contact_action(&self) -> bool {
        self.actions().any(Action::is_external_contact_lookup)
    }

    /// Finds what a node id typed by the user names: an action or a container id (any case, surrounding
    /// space ignored), or an action's tracking id ("12" or "#12"); then the embedded common modules.
    pub fn locate(&self, node: &str) -> Located<'_> {
        let n = node.trim();
        if n.is_empty() {
            return Located::Nowhere;
        }
        if let Some(a) = self.actions().find(|a| a.id.eq_ignore_ascii_case(n)) {
            return Located::Action(a);
        }
        if let Some(c) = self.containers.iter().find(|c| c.id.eq_ignore_ascii_case(n)) {
            return Located::Container(c);
        }
        if let Some(t) = parse_tracking_id(n) {
            if let Some(a) = self.actions().find(|a| a.tracking_id == Some(t)) {
                return Located::Action(a);
            }
        }
        for m in &self.common_modules {
            if let Some(a) = m.config.actions().find(|a| a.id.eq_ignore_ascii_case(n)) {
                return Located::InCommonModule(m, a);
            }
        }
        Located::Nowhere
    }

    /// The path of `action` that `wanted` names (label or output id; see [`Path::matches`]).
    pub fn find_path<'a>(action: &'a Action, wanted: &str) -> Option<&'a Path> {
        action.paths.iter().find(|p| p.matches(wanted))
    }

    /// Where the path `path_label` of `action` leads: the path's `nextActionId`; when the branch is empty, the
    /// action's `nextAction`; when the action is the last of its branch, the `nextAction` of the action that
    /// owns the branch, and so on outwards (a loop body returns to its loop); "end of {container}" when nothing
    /// follows. A path the action does not have is followed as an empty branch, and said so.
    pub fn next_action_after_path(&self, action: &Action, path_label: &str) -> NextStep {
        let path = Self::find_path(action, path_label).cloned();
        let shown = path.as_ref().map(|p| p.label.clone()).unwrap_or_else(|| path_label.to_string());
        if let Some(id) = path.as_ref().and_then(|p| p.next_action_id.clone()) {
            let target = self.target_for(&id, false);
            let explanation = match &target {
                Target::Missing { .. } => format!(
                    "The '{shown}' path of {} leads to action {id}, which is not in the flow configuration.",
                    action.describe()
                ),
                _ => format!(
                    "The '{shown}' path leads to {}.",
                    NextStep { path: None, target: target.clone(), explanation: String::new() }.display()
                ),
            };
            return NextStep { path, target, explanation };
        }
        let opening = match &path {
            Some(_) => format!("The '{shown}' path is empty"),
            None => format!(
                "{} has no '{shown}' path in the configuration, so flowsim followed it as an empty branch",
                action.describe()
            ),
        };
        let (target, via) = self.continue_after(action);
        let to = NextStep { path: None, target: target.clone(), explanation: String::new() }.display();
        let rest = match (&target, via) {
            (Target::Action { loop_back: true, .. }, _) => {
                format!(" and ends the loop body, so the flow goes back to {to} for its next iteration.")
            }
            (Target::EndOfContainer { .. }, _) => {
                format!(" and nothing follows {}, so this is the {to}.", action.describe())
            }
            (_, Some(owner)) if owner != action.id => format!(
                " and nothing follows {} in its branch, so the flow continues after {} with {to}.",
                action.describe(),
                self.find_action(&owner).map(Action::describe).unwrap_or(owner),
            ),
            _ => format!(", so the flow continues with the action after it: {to}."),
        };
        NextStep { path, target, explanation: format!("{opening}{rest}") }
    }

    /// What runs after `action` when its own branch is done. Returns the target and the id of the action whose
    /// `nextAction` was taken.
    fn continue_after(&self, action: &Action) -> (Target, Option<String>) {
        let mut cur = action;
        let mut visited = Ids::new();
        loop {
            if visited.insert(cur.id.clone(), 0).is_some() {
                break;
            }
            if let Some(n) = &cur.next_action {
                return (self.target_for(n, false), Some(cur.id.clone()));
            }
            // `cur` ends its sequence: find the head of that sequence, then the action owning the branch.
            let mut head = cur;
            let mut owner: Option<(&Action, bool)> = None;
            let mut steps = 0usize;
            let limit = self.action_index.len() + 1;
            loop {
                steps += 1;
                if steps > limit {
                    break;
                }
                match self.parent_index.get(head.id.as_str()) {
                    Some(ParentLink::Prev(p)) => match self.find_action(p) {
                        Some(a) => head = a,
                        None => break,
                    },
                    Some(ParentLink::Branch(o, is_loop)) => {
                        owner = self.find_action(o).map(|a| (a, *is_loop));
                        break;
                    }
                    None => break,
                }
            }
            match owner {
                Some((o, true)) => {
                    return (
                        Target::Action {
                            id: o.id.clone(),
                            name: o.display_name(),
                            type_name: o.type_name.clone(),
                            loop_back: true,
                        },
                        Some(o.id.clone()),
                    )
                }
                Some((o, false)) => cur = o,
                None => break,
            }
        }
        let c = self.container_of(action);
        (
            Target::EndOfContainer {
                id: c.map(|c| c.id.clone()).unwrap_or_else(|| action.container_id.clone()),
                name: c.map(|c| if c.name.is_empty() { c.id.clone() } else { c.name.clone() }).unwrap_or_default(),
                container_kind: c.map(|c| c.kind.to_string()).unwrap_or_else(|| "container".to_string()),
            },
            None,
        )
    }

    fn target_for(&self, id: &str, loop_back: bool) -> Target {
        match self.find_action(id) {
            Some(a) => {
                Target::Action { id: a.id.clone(), name: a.display_name(), type_name: a.type_name.clone(), loop_back }
            }
            None => Target::Missing { id: id.to_string() },
        }
    }

    /// Indices of a container's actions in the order Architect shows them (depth-first from `startAction`,
    /// branches before what follows), then any unreachable actions in written order, with their depth.
    pub fn tree_order(&self, c: &Container) -> Vec<(usize, usize)> {
        let index: Ids = c.actions.iter().enumerate().rev().map(|(i, a)| (a.id.clone(), i)).collect();
        let mut out = Vec::with_capacity(c.actions.len());
        let mut seen = vec![false; c.actions.len()];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut roots: Vec<usize> = Vec::new();
        if let Some(i) = c.start_action.as_deref().and_then(|s| index.get(s)) {
            roots.push(*i);
        }
        roots.extend(c.actions.iter().enumerate().filter(|(_, a)| a.menu_choice.is_some()).map(|(i, _)| i));
        for root in roots {
            stack.push((root, 0));
            while let Some((i, depth)) = stack.pop() {
                if seen[i] {
                    continue;
                }
                seen[i] = true;
                out.push((i, depth));
                let a = &c.actions[i];
                if let Some(n) = a.next_action.as_deref().and_then(|n| index.get(n)) {
                    stack.push((*n, depth));
                }
                for p in a.paths.iter().rev() {
                    if let Some(n) = p.next_action_id.as_deref().and_then(|n| index.get(n)) {
                        stack.push((*n, depth + 1));
                    }
                }
            }
        }
        for (i, s) in seen.iter().enumerate() {
            if !s {
                out.push((i, 0));
            }
        }
        out
    }

    /// Actions for the node picker, grouped by container. Containers holding external contact actions come
    /// first, and inside each group the external contact actions come first, then the rest in flow order.
    /// Containers themselves are never items.
    pub fn actions_for_picker(&self) -> Vec<PickerGroup> {
        let mut groups: Vec<(bool, PickerGroup)> = Vec::new();
        for c in &self.containers {
            if c.actions.is_empty() {
                continue;
            }
            let order = self.tree_order(c);
            let item = |(i, depth): (usize, usize)| {
                let a = &c.actions[i];
                let mut label = format!("{} ({}", a.display_name(), a.type_name_or_unknown());
                if let Some(t) = a.tracking_id {
                    label.push_str(&format!(", #{t}"));
                }
                label.push(')');
                if let Some(choice) = &a.menu_choice {
                    label = format!("{choice}: {label}");
                }
                PickerItem {
                    id: a.id.clone(),
                    label,
                    name: a.name.clone(),
                    type_name: a.type_name.clone(),
                    tracking_id: a.tracking_id,
                    depth,
                    is_lookup: a.is_external_contact_lookup(),
                }
            };
            // Lookups first, flow order kept inside each part (a stable partition, without sort code).
            let (mut items, rest): (Vec<PickerItem>, Vec<PickerItem>) =
                order.iter().copied().map(item).partition(|i| i.is_lookup);
            let has_lookup = !items.is_empty();
            items.extend(rest);
            groups.push((
                has_lookup,
                PickerGroup { container_id: c.id.clone(), label: c.describe(), container_kind: c.kind.clone(), items },
            ));
        }
        let (mut first, rest): (Vec<_>, Vec<_>) = groups.into_iter().partition(|(has_lookup, _)| *has_lookup);
        first.extend(rest);
        first.into_iter().map(|(_, g)| g).collect()
    }
}

/// Every id lookup of the reader uses this one map type (one set of hash-map code in the wasm bundle).
type Ids = HashMap<String, usize>;

/// Action ids read so far, with what each one was ("action X in Task 'Y'"), for duplicate messages.
#[derive(Default)]
struct SeenActions {
    index: Ids,
    what: Vec<String>,
}

fn parse_tracking_id(s: &str) -> Option<i64> {
    let t = s.strip_prefix('#').unwrap_or(s).trim();
    if t.is_empty() || t.len() > 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// A link to another item (`startAction`, `nextAction`, `initialSequence`): a non-empty string.
fn link_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A non-empty string id (numbers are accepted as text).
fn id_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn tracking_of(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

fn read_container(
    item: &Value,
    i: usize,
    seen_actions: &mut SeenActions,
    problems: &mut Vec<String>,
) -> Option<Container> {
    let Some(o) = item.as_object() else {
        problems.push(format!(
            "Item #{} of flowSequenceItemList is {} instead of an object; it was skipped.",
            i + 1,
            json_kind(item)
        ));
        return None;
    };
    let type_name = o.get("__type").and_then(Value::as_str).unwrap_or_default();
    let name = o.get("name").filter(|v| !v.is_null()).map(text_of).unwrap_or_default();
    let Some(id) = id_of(o.get("id")) else {
        let what = if name.is_empty() { String::new() } else { format!(" '{name}'") };
        let kind = if type_name.is_empty() { "container" } else { type_name };
        problems.push(format!("Item #{} of flowSequenceItemList ({kind}{what}) has no id; it was skipped.", i + 1));
        return None;
    };
    let mut c = Container {
        id,
        name,
        kind: ContainerKind::from_type(type_name),
        tracking_id: tracking_of(o.get("trackingId")),
        start_action: link_of(o.get("startAction")),
        actions: Vec::new(),
        paths: Vec::new(),
    };
    if matches!(o.get("startAction"), Some(v) if !v.is_null() && !v.is_string()) {
        problems.push(format!(
            "{} has a startAction that is {}; it was ignored.",
            c.describe(),
            json_kind(&o["startAction"])
        ));
    }
    if type_name.is_empty() {
        problems.push(format!(
            "Item #{} of flowSequenceItemList ({}) has no __type; it is read as a container of unknown kind.",
            i + 1,
            c.describe()
        ));
    }
    let where_ = c.describe();
    c.paths = read_paths(o.get("paths"), &where_, problems);
    match o.get("actionList") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (j, a) in list.iter().enumerate() {
                if let Some(action) = read_action(a, &format!("Action #{} in {where_}", j + 1), &c.id, problems) {
                    push_action(&mut c, action, &where_, seen_actions, problems);
                }
            }
        }
        Some(other) => problems.push(format!(
            "The actionList of {where_} is {} instead of a list; its actions could not be read.",
            json_kind(other)
        )),
    }
    match o.get("menuChoiceList") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (j, choice) in list.iter().enumerate() {
                let Some(ch) = choice.as_object() else {
                    problems.push(format!(
                        "Menu choice #{} in {where_} is {} instead of an object; it was skipped.",
                        j + 1,
                        json_kind(choice)
                    ));
                    continue;
                };
                let choice_name = ch.get("name").filter(|v| !v.is_null()).map(text_of).unwrap_or_default();
                let choice_label = match ch.get("digit").filter(|v| !v.is_null()).map(text_of) {
                    Some(d) if !d.is_empty() => format!("{choice_name} [{d}]"),
                    _ => choice_name.clone(),
                };
                let what = if choice_name.is_empty() { format!("#{}", j + 1) } else { format!("'{choice_name}'") };
                match ch.get("action") {
                    None | Some(Value::Null) => {
                        problems.push(format!("Menu choice {what} in {where_} has no action."));
                    }
                    Some(a) => {
                        if let Some(mut action) =
                            read_action(a, &format!("The action of menu choice {what} in {where_}"), &c.id, problems)
                        {
                            action.menu_choice = Some(choice_label.trim().to_string());
                            push_action(&mut c, action, &where_, seen_actions, problems);
                        }
                    }
                }
            }
        }
        Some(other) => problems.push(format!(
            "The menuChoiceList of {where_} is {} instead of a list; its choices could not be read.",
            json_kind(other)
        )),
    }
    Some(c)
}

fn push_action(
    c: &mut Container,
    action: Action,
    where_: &str,
    seen_actions: &mut SeenActions,
    problems: &mut Vec<String>,
) {
    if let Some(&i) = seen_actions.index.get(&action.id) {
        let first = &seen_actions.what[i];
        problems.push(format!("Action {} in {where_} has the same id as {first}; it was skipped.", action.describe()));
        return;
    }
    seen_actions.index.insert(action.id.clone(), seen_actions.what.len());
    seen_actions.what.push(format!("action {} in {where_}", action.describe()));
    c.actions.push(action);
}

/// `what` names the action for messages, e.g. "Action #12 in Task 'X'".
fn read_action(v: &Value, what: &str, container_id: &str, problems: &mut Vec<String>) -> Option<Action> {
    let Some(o) = v.as_object() else {
        problems.push(format!("{what} is {} instead of an object; it was skipped.", json_kind(v)));
        return None;
    };
    let name = o.get("name").filter(|v| !v.is_null()).map(text_of).unwrap_or_default();
    let type_name = o.get("__type").filter(|v| !v.is_null()).map(text_of).unwrap_or_default();
    let Some(id) = id_of(o.get("id")) else {
        let named = match (name.is_empty(), type_name.is_empty()) {
            (false, _) => format!(" ('{name}')"),
            (true, false) => format!(" ({type_name})"),
            (true, true) => String::new(),
        };
        problems.push(format!("{what}{named} has no id; it was skipped."));
        return None;
    };
    let mut a = Action {
        id,
        name,
        type_name,
        tracking_id: tracking_of(o.get("trackingId")),
        container_id: container_id.to_string(),
        input: None,
        paths: Vec::new(),
        next_action: link_of(o.get("nextAction")),
        menu_choice: None,
    };
    let label = format!("{what} ({})", a.describe());
    if a.type_name.is_empty() {
        problems.push(format!("{label} has no __type."));
    }
    if matches!(o.get("nextAction"), Some(v) if !v.is_null() && !v.is_string()) {
        problems.push(format!("{label} has a nextAction that is {}; it was ignored.", json_kind(&o["nextAction"])));
    }
    a.paths = read_paths(o.get("paths"), &label, problems);
    if let Some(p) = o.get("path").filter(|v| !v.is_null()) {
        a.paths.extend(read_paths(Some(&Value::Array(vec![p.clone()])), &label, problems));
    }
    if a.is_external_contact_lookup() {
        let keys: &[&str] =
            if a.type_name == GET_EXTERNAL_CONTACT { &GET_CONTACT_INPUT_KEYS } else { &SEARCH_CONTACTS_INPUT_KEYS };
        a.input = keys.iter().find_map(|k| o.get(*k).and_then(|v| Expression::from_value(k, v)));
        if a.input.is_none() {
            a.input = guess_input(o);
            if a.input.is_none() {
                problems.push(format!("{label} has no readable input ({}).", keys.join(", ")));
            }
        }
    }
    Some(a)
}

/// The first expression of an action that is not an output binding (mode 2).
fn guess_input(o: &Map<String, Value>) -> Option<Expression> {
    o.iter().find_map(|(k, v)| {
        let eo = v.as_object()?;
        if !eo.contains_key("config") {
            return None;
        }
        let mode = eo.get("uiMetaData").and_then(|m| m.get("mode")).and_then(Value::as_i64);
        if mode == Some(2) || k == "uiMetaData" {
            return None;
        }
        let mut e = Expression::from_value(k, v)?;
        e.key_guessed = true;
        Some(e)
    })
}

fn read_paths(v: Option<&Value>, what: &str, problems: &mut Vec<String>) -> Vec<Path> {
    let list = match v {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(other) => {
            problems
                .push(format!("The paths of {what} are {} instead of a list; they were ignored.", json_kind(other)));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (k, p) in list.iter().enumerate() {
        let Some(po) = p.as_object() else {
            problems.push(format!("Path #{} of {what} is {}; it was skipped.", k + 1, json_kind(p)));
            continue;
        };
        let label = po.get("label").filter(|v| !v.is_null()).map(text_of).unwrap_or_default();
        let output_id = po.get("outputId").filter(|v| !v.is_null()).map(text_of).unwrap_or_default();
        let next_action_id = match po.get("nextActionId") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                problems.push(format!(
                    "The nextActionId of path '{label}' of {what} is {}; the branch is read as empty.",
                    json_kind(other)
                ));
                None
            }
        };
        out.push(Path { label, output_id, next_action_id });
    }
    out
}

/// Text to JSON: JSON itself, a JSON string that holds a document, or an export file (base64 of URI-encoded
/// JSON).
fn decode_document(text: &str, depth: usize) -> Result<Value, String> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err("The flow configuration is empty.".to_string());
    }
    if t.starts_with(['{', '[', '"']) {
        return match serde_json::from_str::<Value>(t) {
            Ok(Value::String(inner)) if depth < 2 => decode_document(&inner, depth + 1),
            Ok(v) => Ok(v),
            Err(e) => Err(format!("The flow configuration is not valid JSON: {e}.")),
        };
    }
    if t.starts_with("%7B") || t.starts_with("%7b") {
        let decoded = percent_encoding::percent_decode_str(t).decode_utf8_lossy().into_owned();
        return serde_json::from_str(&decoded)
            .map_err(|e| format!("The URI-encoded flow configuration is not valid JSON: {e}."));
    }
    match base64_decode(t) {
        Some(bytes) if depth < 2 => match String::from_utf8(bytes) {
            Ok(s) => decode_document(&s, depth + 1),
            Err(_) => Err("The flow configuration is neither JSON nor an Architect export file.".to_string()),
        },
        _ => Err("The flow configuration is neither JSON nor an Architect export file.".to_string()),
    }
}

/// Standard or URL-safe base64, padding optional, whitespace ignored.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expr(text: &str, config: Value) -> Value {
        json!({"text": text, "type": "str", "config": config, "uiMetaData": {"mode": 0}, "version": 2})
    }

    fn sample() -> FlowConfig {
        FlowConfig::from_value(&json!({
            "name": "Sample", "type": "inboundcall", "initialSequence": "t1",
            "flowSequenceItemList": [{
                "__type": "Task", "id": "t1", "name": "Main", "trackingId": 10, "startAction": "a1",
                "paths": [{"label": "Default", "outputId": "__DEFAULT__"}],
                "actionList": [
                    {"__type": "DisconnectAction", "id": "a9", "name": "Disconnect", "trackingId": 19},
                    {"__type": "DecisionAction", "id": "a1", "name": "VIP?", "trackingId": 11, "nextAction": "a9",
                     "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "a2"},
                               {"label": "No", "outputId": "__NO__"}]},
                    {"__type": "GetExternalContactAction", "id": "a2", "name": "Get Customer", "trackingId": 12,
                     "externalId": expr("Call.Ani", json!({"sysref": {"text": "Call.Ani", "type": "str"}})),
                     "paths": [{"label": "Found", "outputId": "__FOUND__", "nextActionId": "a3"},
                               {"label": "Not Found", "outputId": "__NOT_FOUND__"}]},
                    {"__type": "TransferPureMatchAction", "id": "a3", "name": "To Gold", "trackingId": 13}
                ]
            }]
        }))
    }

    #[test]
    fn reads_actions_and_input() {
        let c = sample();
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.action_count(), 4);
        let get = c.find_action("a2").unwrap();
        let input = get.input.as_ref().unwrap();
        assert_eq!((input.key.as_str(), input.text.as_str()), ("externalId", "Call.Ani"));
        assert_eq!(input.kind, ExprKind::SysRef("Call.Ani".into()));
        assert!(c.has_external_contact_action());
        assert_eq!(c.locate("#12"), Located::Action(get));
        assert_eq!(c.locate("T1"), Located::Container(&c.containers[0]));
        assert_eq!(c.locate("zzz"), Located::Nowhere);
    }

    #[test]
    fn paths_resolve_through_empty_branches() {
        let c = sample();
        let get = c.find_action("a2").unwrap();
        let found = c.next_action_after_path(get, "Found");
        assert_eq!(found.display(), "To Gold (TransferPureMatchAction)");
        // Not Found is empty; Get Customer ends the Yes branch of VIP?, whose next action is Disconnect.
        let nf = c.next_action_after_path(get, "__NOT_FOUND__");
        assert_eq!(nf.id(), "a9");
        assert!(nf.explanation.contains("VIP?"), "{}", nf.explanation);
        let missing = c.next_action_after_path(get, "Failure");
        assert!(missing.path.is_none());
        assert_eq!(missing.id(), "a9");
        let disc = c.find_action("a9").unwrap();
        let end = c.next_action_after_path(disc, "Anything");
        assert_eq!(end.display(), "end of Task 'Main'");
    }

    #[test]
    fn picker_puts_lookups_first_and_lists_each_action_once() {
        let c = sample();
        let groups = c.actions_for_picker();
        assert_eq!(groups.len(), 1);
        let ids: Vec<&str> = groups[0].items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a2", "a1", "a3", "a9"]);
        assert_eq!(groups[0].items[0].label, "Get Customer (GetExternalContactAction, #12)");
        assert_eq!(groups[0].items[2].depth, 2);
    }

    #[test]
    fn unreadable_parts_are_problems() {
        let c = FlowConfig::from_value(&json!({
            "name": "Broken", "initialSequence": "t1",
            "flowSequenceItemList": [
                "oops",
                {"__type": "Task", "name": "No id"},
                {"__type": "Task", "id": "t1", "name": "X", "startAction": "a1", "actionList": [
                    {"__type": "DecisionAction", "name": "Nameless"},
                    {"__type": "DecisionAction", "id": "a1", "paths": "no", "nextAction": "ghost"},
                    {"__type": "SearchExternalContactsAction", "id": "a2", "name": "S"},
                    7
                ]}
            ]
        }));
        let want = [
            "Item #1 of flowSequenceItemList is a string instead of an object; it was skipped.",
            "Item #2 of flowSequenceItemList (Task 'No id') has no id; it was skipped.",
            "Action #1 in Task 'X' ('Nameless') has no id; it was skipped.",
        ];
        for w in want {
            assert!(c.problems.iter().any(|p| p == w), "missing {w:?} in {:#?}", c.problems);
        }
        assert!(c.problems.iter().any(|p| p.contains("are a string instead of a list")), "{:#?}", c.problems);
        assert!(c.problems.iter().any(|p| p.contains("has no readable input")), "{:#?}", c.problems);
        assert!(c.problems.iter().any(|p| p.contains("Action #4 in Task 'X' is a number")), "{:#?}", c.problems);
        assert!(c.problems.iter().any(|p| p.contains("ghost (nextAction), which is not in the flow")));
        assert_eq!(c.action_count(), 2);
        let not_object = FlowConfig::from_value(&json!([1]));
        assert_eq!(
            not_object.problems,
            ["The flow configuration is an array instead of an object; nothing could be read."]
        );
    }

    #[test]
    fn reads_export_files() {
        let json = r#"{"name":"E","type":"inboundcall","flowSequenceItemList":[]}"#;
        let encoded: String =
            percent_encoding::utf8_percent_encode(json, percent_encoding::NON_ALPHANUMERIC).to_string();
        let b64 = base64_encode(encoded.as_bytes());
        assert!(b64.starts_with("JTdCJTIy"));
        let c = FlowConfig::parse(&b64);
        assert_eq!(c.name, "E");
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(FlowConfig::parse(&serde_json::to_string(json).unwrap()).name, "E");
        assert!(!FlowConfig::parse("not *** json").problems.is_empty());
    }

    fn base64_encode(b: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for ch in b.chunks(3) {
            let n = (u32::from(ch[0]) << 16)
                | (u32::from(*ch.get(1).unwrap_or(&0)) << 8)
                | u32::from(*ch.get(2).unwrap_or(&0));
            for k in 0..=ch.len() {
                s.push(A[((n >> (18 - 6 * k)) & 63) as usize] as char);
            }
        }
        while !s.len().is_multiple_of(4) {
            s.push('=');
        }
        s
    }
}
