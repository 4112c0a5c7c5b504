//! The typed flow model: an Architect flow configuration read once into containers, actions (with their parsed
//! expression trees), menus with choices, variables, error handling and embedded common modules, with every link
//! resolved to an index so that the interpreter's lookups are O(1).
//!
//! Reading is linear in the size of the configuration and never fails: whatever cannot be read becomes a
//! [`Problem`] (capped at [`MAX_PROBLEMS`], names quoted truncated to [`MAX_NAME_CHARS`]) and the rest is kept.
//! Nothing here recurses on data except `commonModules[].model`, which is followed at most
//! [`MAX_MODULE_DEPTH`] deep (and serde_json's own recursion limit bounds the JSON tree).

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use crate::base::text::{json_kind, text_of};
use crate::expr::{Expr, Target};

/// How many problems a flow (with its modules) reports at most; the rest are counted.
pub const MAX_PROBLEMS: usize = 50;
/// Names quoted in problems and trace text are cut to this many characters.
pub const MAX_NAME_CHARS: usize = 80;
/// How deep `commonModules[].model` is followed.
pub const MAX_MODULE_DEPTH: usize = 4;

/// Index of an action in [`Flow::actions`].
pub type ActionIdx = usize;
/// Index of a container in [`Flow::containers`].
pub type ContainerIdx = usize;

/// A name cut to [`MAX_NAME_CHARS`] characters (with an ellipsis), for messages.
pub fn short(name: &str) -> String {
    cut(name, MAX_NAME_CHARS)
}

/// Text cut to `max` characters (with an ellipsis).
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// What could not be read, as data; [`Problem::describe`] makes the sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NotAnObject {
        kind: &'static str,
    },
    NoSequenceList,
    NoInitialSequence,
    InitialSequenceMissing {
        id: String,
    },
    ContainerNotObject {
        index: usize,
        kind: &'static str,
    },
    DuplicateId {
        id: String,
    },
    NoStartAction {
        container: String,
    },
    DanglingLink {
        from: String,
        to: String,
    },
    ActionNotObject {
        container: String,
        kind: &'static str,
    },
    ModuleUnreadable {
        name: String,
    },
    ModuleTooDeep {
        name: String,
    },
    /// Problems beyond [`MAX_PROBLEMS`], counted.
    More {
        count: usize,
    },
}

impl Problem {
    pub fn describe(&self) -> String {
        match self {
            Problem::NotAnObject { kind } => {
                format!("The flow configuration is {kind} instead of an object; nothing could be read.")
            }
            Problem::NoSequenceList => {
                "The flow configuration has no flowSequenceItemList, so it has no tasks, states or menus.".into()
            }
            Problem::NoInitialSequence => {
                "The flow configuration has no initialSequence, so its start is unknown.".into()
            }
            Problem::InitialSequenceMissing { id } => {
                format!("initialSequence points to {}, which is not a task, state or menu of the flow.", short(id))
            }
            Problem::ContainerNotObject { index, kind } => {
                format!("flowSequenceItemList #{} is {kind}; it was skipped.", index + 1)
            }
            Problem::DuplicateId { id } => format!("Id {} is used twice; the second use was skipped.", short(id)),
            Problem::NoStartAction { container } => format!("'{}' has actions but no startAction.", short(container)),
            Problem::DanglingLink { from, to } => {
                format!("'{}' leads to {}, which is not in the flow.", short(from), short(to))
            }
            Problem::ActionNotObject { container, kind } => {
                format!("An action of '{}' is {kind}; it was skipped.", short(container))
            }
            Problem::ModuleUnreadable { name } => {
                format!("Common module '{}' has no readable model; it cannot be run from this file.", short(name))
            }
            Problem::ModuleTooDeep { name } => {
                format!("Common module '{}' is nested too deep; it is not read.", short(name))
            }
            Problem::More { count } => format!("… and {count} more problems."),
        }
    }
}

/// A capped list of problems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    pub list: Vec<Problem>,
    pub dropped: usize,
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        } else {
            self.dropped += 1;
        }
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.dropped == 0
    }
    /// One sentence per problem, then the count of the rest.
    pub fn sentences(&self) -> Vec<String> {
        let mut out: Vec<String> = self.list.iter().map(Problem::describe).collect();
        if self.dropped > 0 {
            out.push(Problem::More { count: self.dropped }.describe());
        }
        out
    }
}

/// An expression object `{text, type, config}`: the text as written, the type code and the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    pub text: String,
    pub type_code: String,
    /// The tree read from `config`; `None` when the object has no readable `config` (an empty Switch expression).
    pub tree: Option<Expr>,
}

impl Expression {
    /// Reads `{text, type, config}` (the tree by [`Expr::from_config`]); a bare string or number is read as a
    /// literal text.
    pub fn read(v: &Json) -> Option<Expression> {
        match v {
            Json::Object(o) => {
                let text = o.get("text").map(text_of).unwrap_or_default();
                let type_code = o.get("type").map(text_of).unwrap_or_default();
                let tree = Some(Expr::from_config(v));
                Some(Expression { text, type_code, tree })
            }
            Json::Null => None,
            other => {
                let text = text_of(other);
                Some(Expression {
                    tree: Some(Expr::Literal(crate::expr::Value::String(text.clone()))),
                    text,
                    type_code: "str".into(),
                })
            }
        }
    }

    /// Whether the expression is empty (not set): no tree, or an `emp`/`nul` node.
    pub fn is_empty(&self) -> bool {
        matches!(self.tree, None | Some(Expr::Empty(_)) | Some(Expr::NotSet))
    }

    /// Where this expression writes when it is an assignment target (mode 2: `Flow.x`, `Flow.c.firstName`).
    pub fn target(&self) -> Option<Target> {
        self.tree.as_ref().and_then(Expr::as_target)
    }

    /// The variable this expression names when it is a plain variable (no property path).
    pub fn target_name(&self) -> Option<&str> {
        match &self.tree {
            Some(Expr::Variable { name, .. }) => Some(name),
            _ => None,
        }
    }
}

/// A variable declared by the flow or a container.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub id: String,
    pub name: String,
    /// `StringVariable`, `QueueVariable`, …
    pub class: String,
    pub is_input: bool,
    pub is_output: bool,
    pub is_collection: bool,
    pub initial_value: Option<Expression>,
}

/// Flow-level error handling (`errorHandling.handlingType`).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ErrorHandling {
    /// `Disconnect` (and the default when the flow says nothing).
    #[default]
    Disconnect,
    /// `Queue`: transfer to the configured queue.
    Queue(Option<Expression>),
    /// `EndWorkflow` (workflows).
    EndWorkflow,
    /// `EndFlow` (workitem flows) and others such as bots' `Exit`: the flow ends.
    EndFlow(String),
}

/// The kind of a `flowSequenceItemList` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerKind {
    Task,
    State,
    Menu,
    LoopTask,
    CommonModuleTask,
    BotState,
    Other(String),
}

impl ContainerKind {
    pub fn from_type(t: &str) -> Self {
        match t {
            "Task" => Self::Task,
            "State" => Self::State,
            "Menu" => Self::Menu,
            "LoopTask" => Self::LoopTask,
            "CommonModuleTask" => Self::CommonModuleTask,
            "BotState" => Self::BotState,
            o => Self::Other(o.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Task => "Task",
            Self::State => "State",
            Self::Menu => "Menu",
            Self::LoopTask => "LoopTask",
            Self::CommonModuleTask => "CommonModuleTask",
            Self::BotState => "BotState",
            Self::Other(s) => s,
        }
    }
}

/// A menu choice (`menuChoiceList[]`), its action written inline.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuChoice {
    pub id: String,
    pub name: String,
    pub digit: Option<String>,
    /// Speech terms of every language, lower-cased.
    pub terms: Vec<String>,
    pub action: Option<ActionIdx>,
}

/// What a menu has besides its choices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Menu {
    pub prompt: Option<Expression>,
    pub choices: Vec<MenuChoice>,
    /// Index in `choices` of `defaultMenuChoice`.
    pub default_choice: Option<usize>,
    pub repeat_count: Option<Expression>,
}

/// A task, state, menu, … of the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Container {
    pub id: String,
    pub name: String,
    pub kind: ContainerKind,
    pub start: Option<ActionIdx>,
    pub variables: Vec<Variable>,
    /// Exits (`paths[]` of a task): `(outputId, label)`.
    pub exits: Vec<(String, String)>,
    pub menu: Option<Box<Menu>>,
    /// The actions of `actionList` (menu choices' actions are in [`Menu::choices`]).
    pub actions: Vec<ActionIdx>,
}

/// Every action type flowsim recognises, by `__type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    // control
    Task,
    CallTask,
    TransferTask,
    TransferMenu,
    ChangeState,
    EndTask,
    Decision,
    Switch,
    Loop,
    ExitLoop,
    NextLoop,
    // data
    UpdateVariable,
    SetAttributes,
    GetAttributes,
    SetConversationData,
    ClearSlot,
    // org reads
    GetExternalContact,
    SearchExternalContacts,
    DataTableLookup,
    EvaluateSchedule,
    EvaluateScheduleGroup,
    FindUserById,
    FindUser,
    FindQueue,
    FindQueueById,
    FindSkill,
    FindGroup,
    FindLanguageSkill,
    FindSchedule,
    FindScheduleGroup,
    FindEmergencyGroup,
    FindUsersById,
    FindUtilizationLabel,
    FindGrammar,
    FindGrammarById,
    GetExternalOrganization,
    FindSystemPrompt,
    FindUserPrompt,
    GetResponse,
    // the caller
    PlayAudio,
    PlayEstimatedWaitTime,
    Communicate,
    SendResponse,
    SendAutoReply,
    SendNotification,
    ScreenPop,
    CollectInput,
    AskForBoolean,
    AskForSlot,
    AskForNluIntent,
    DigitalMenu,
    // other flows
    CallCommonModule,
    CallBotFlow,
    TransferFlow,
    // ends
    TransferToAcd,
    TransferToNumber,
    TransferToUser,
    TransferToGroup,
    TransferToVoicemail,
    Disconnect,
    DisconnectWorkitem,
    EndWorkflow,
    ExitBotFlow,
    ExitWorkitemFlow,
    CompleteSurveyInvite,
    // time
    Wait,
    HoldMusic,
    /// Actions with no effect on the path a simulation can see: flow milestones and outcomes, locale,
    /// utilization labels, knowledge feedback, secure data, active intent.
    Bookkeeping,
    /// Ask for a string (`AskForStringAction`), a survey answer, or wait for the next message: take the next input.
    AskForString,
    WaitForInput,
    // not simulated
    /// Loop Until (its keys were never seen in an export).
    LoopUntil,
    DataAction,
    BridgeServer,
    CallDialogflowBot,
    Unknown,
}

impl ActionKind {
    pub fn from_type(t: &str) -> Self {
        use ActionKind::*;
        match t {
            "TaskAction" => Task,
            "CallTaskAction" => CallTask,
            "TransferTaskAction" | "JumpToTaskAction" => TransferTask,
            "TransferMenuAction" | "JumpToMenuAction" => TransferMenu,
            "ChangeStateAction" => ChangeState,
            "EndTaskAction" => EndTask,
            "DecisionAction" => Decision,
            "SwitchAction" => Switch,
            "LoopAction" | "LoopAnythingAction" => Loop,
            "ExitLoopAction" => ExitLoop,
            "NextLoopAction" => NextLoop,
            "UpdateVariableAction" | "UpdateDataAction" => UpdateVariable,
            "SetAttributesAction" | "SetParticipantDataAction" => SetAttributes,
            "GetAttributesAction" | "GetParticipantDataAction" => GetAttributes,
            "SetConversationDataAction" => SetConversationData,
            "ClearSlotAction" => ClearSlot,
            "GetExternalContactAction" => GetExternalContact,
            "SearchExternalContactsAction" | "SearchExternalContactAction" => SearchExternalContacts,
            "DataTableLookupAction" => DataTableLookup,
            "EvaluateScheduleAction" => EvaluateSchedule,
            "EvaluateScheduleGroupAction" => EvaluateScheduleGroup,
            "FindUserByIdAction" => FindUserById,
            "FindUserAction" => FindUser,
            "FindQueueAction" => FindQueue,
            "FindQueueByIdAction" => FindQueueById,
            "FindSkillAction" => FindSkill,
            "FindGroupAction" => FindGroup,
            "FindLanguageSkillAction" => FindLanguageSkill,
            "FindScheduleAction" => FindSchedule,
            "FindScheduleGroupAction" => FindScheduleGroup,
            "FindEmergencyGroupAction" => FindEmergencyGroup,
            "FindUsersByIdAction" => FindUsersById,
            "FindUtilizationLabelAction" => FindUtilizationLabel,
            "FindGrammarAction" => FindGrammar,
            "FindGrammarByIdAction" => FindGrammarById,
            "GetExternalOrganizationAction" => GetExternalOrganization,
            "FindSystemPromptAction" => FindSystemPrompt,
            "FindUserPromptAction" => FindUserPrompt,
            "GetResponseAction" => GetResponse,
            "PlayAudioAction" => PlayAudio,
            "PlayEstimatedWaitTimeAction" => PlayEstimatedWaitTime,
            "CommunicateAction" => Communicate,
            "SendResponseAction" => SendResponse,
            "SendAutoReplyAction" => SendAutoReply,
            "SendNotificationAction" => SendNotification,
            "ScreenPopAction" => ScreenPop,
            "CollectInputAction" => CollectInput,
            "AskForBooleanAction" => AskForBoolean,
            "AskForSlotAction" => AskForSlot,
            "AskForNLUIntentAction" | "AskForIntentAction" => AskForNluIntent,
            "DigitalMenuAction" => DigitalMenu,
            "CallCommonModuleAction" => CallCommonModule,
            "CallBotFlowAction" => CallBotFlow,
            "TransferFlowAction" | "TransferToFlowAction" | "TransferFlowSecureAction" => TransferFlow,
            "TransferPureMatchAction" | "TransferToAcdAction" => TransferToAcd,
            "TransferToNumberAction" | "TransferExternalAction" => TransferToNumber,
            "TransferToUserAction" | "TransferUserAction" => TransferToUser,
            "TransferToGroupAction" | "TransferGroupAction" => TransferToGroup,
            "TransferToVoicemailAction" | "TransferVoicemailAction" => TransferToVoicemail,
            "DisconnectAction" => Disconnect,
            "DisconnectWorkitemAction" => DisconnectWorkitem,
            "EndWorkflowAction" => EndWorkflow,
            "ExitBotFlowAction" => ExitBotFlow,
            "ExitWorkitemFlowAction" => ExitWorkitemFlow,
            "CompleteSurveyInviteAction" => CompleteSurveyInvite,
            "WaitAction" => Wait,
            "HoldMusicAction" => HoldMusic,
            "AddFlowMilestoneAction"
            | "SetFlowOutcomeAction"
            | "InitializeFlowOutcomeAction"
            | "SetLocaleAction"
            | "SetUtilizationLabelAction"
            | "ClearUtilizationLabelAction"
            | "SetActiveIntentAction"
            | "ShowKnowledgeArticleAction"
            | "SendKnowledgeFeedbackAction"
            | "ExtractSecureDataAction"
            | "SecureAction" => Bookkeeping,
            "AskForStringAction" | "AskSurveyQuestionAction" | "AskForNLUNextIntentAction" => AskForString,
            "WaitForInputAction" => WaitForInput,
            "LoopUntilAction" => LoopUntil,
            "DataAction" => DataAction,
            "BridgeServerAction" => BridgeServer,
            "CallDialogflowBotAction" | "CallDialogflowCXBotAction" | "CallLexBotAction" | "CallLexV2BotAction" => {
                CallDialogflowBot
            }
            _ => Unknown,
        }
    }
}

/// A branch of an action: `{label, outputId, nextActionId?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub label: String,
    pub output_id: String,
    pub next: Option<ActionIdx>,
}

/// One entry of `inputs`, `outputs`, `variables` or `errorBindings`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// `name` (a callee's variable, a data action's field, a participant attribute).
    pub name: String,
    /// `variable` (an assignment target).
    pub variable: Option<Expression>,
    /// `value` or `expression`.
    pub value: Option<Expression>,
}

/// A Switch case: `{name, referenceId, value}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub name: String,
    pub reference_id: String,
    pub value: Option<Expression>,
}

/// An action, with its links resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    pub name: String,
    /// `__type` as written.
    pub type_name: String,
    pub kind: ActionKind,
    pub tracking_id: Option<i64>,
    pub container: ContainerIdx,
    pub next: Option<ActionIdx>,
    /// `paths[]`, or a LoopAction's `path`.
    pub paths: Vec<Path>,
    /// The action whose branch this action is in (`None` at the top of a container, or an inline menu action).
    pub parent: Option<ActionIdx>,
    /// Expression-valued keys (`expression`, `loopCount`, `queues` items as `queues`, audio as its key …).
    pub exprs: Vec<(String, Expression)>,
    /// `inputs`, `outputs`, `variables`, `errorBindings` by key.
    pub bindings: Vec<(String, Vec<Binding>)>,
    pub cases: Vec<Case>,
    /// Plain string keys kept for the interpreter: `taskReference`, `stateReference`, `menuReference`,
    /// `pathReference`, `flowId`, `flowName`, `actionId`, `datatableId`, …
    pub refs: Vec<(String, String)>,
    /// Resolved `taskReference` / `stateReference` / `menuReference`.
    pub target: Option<ContainerIdx>,
}

impl Action {
    pub fn expr(&self, key: &str) -> Option<&Expression> {
        self.exprs.iter().find(|(k, _)| k == key).map(|(_, e)| e)
    }
    pub fn exprs_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Expression> + 'a {
        self.exprs.iter().filter(move |(k, _)| k == key).map(|(_, e)| e)
    }
    pub fn bindings(&self, key: &str) -> &[Binding] {
        self.bindings.iter().find(|(k, _)| k == key).map(|(_, b)| b.as_slice()).unwrap_or(&[])
    }
    pub fn reference(&self, key: &str) -> Option<&str> {
        self.refs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    pub fn path(&self, output_id: &str) -> Option<&Path> {
        self.paths.iter().find(|p| p.output_id.eq_ignore_ascii_case(output_id))
    }
}

/// A common module embedded in the flow (`commonModules[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct CommonModule {
    pub id: String,
    pub name: String,
    pub flow: Option<Box<Flow>>,
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRef {
    Container(ContainerIdx),
    Action(ActionIdx),
}

/// A flow configuration, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flow {
    pub name: String,
    /// `type`, lower case as configurations write it (`inboundcall`).
    pub flow_type: String,
    pub initial_sequence: Option<ContainerIdx>,
    pub variables: Vec<Variable>,
    pub containers: Arena<Container>,
    pub actions: Arena<Action>,
    pub error_handling: ErrorHandling,
    pub common_modules: Vec<CommonModule>,
    pub problems: Problems,
    index: HashMap<String, NodeRef>,
}

/// An append-only list in chunks of [`CHUNK`] items: growing it never copies what it holds, and it wastes at most
/// one chunk (a `Vec` doubling its capacity would hold up to three times its items while it grows).
#[derive(Debug, Clone, PartialEq)]
pub struct Arena<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

const CHUNK: usize = 1024;

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena { chunks: Vec::new(), len: 0 }
    }
}

impl<T> Arena<T> {
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Appends an item; the first chunk grows as a `Vec` does, later ones are allocated whole.
    pub fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(item),
            _ => {
                let mut c = Vec::with_capacity(if self.chunks.is_empty() { 4 } else { CHUNK });
                c.push(item);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }
    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunks.get_mut(i / CHUNK)?.get_mut(i % CHUNK)
    }
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.chunks.iter_mut().flatten()
    }
    pub fn last(&self) -> Option<&T> {
        self.chunks.last()?.last()
    }
}

impl<T> std::ops::Index<usize> for Arena<T> {
    type Output = T;
    /// Panics when out of range, as a `Vec` does; the reader and the interpreter use [`Arena::get`].
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> std::ops::IndexMut<usize> for Arena<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<'a, T> IntoIterator for &'a Arena<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<T>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

/// Hard cap on actions read (a 16 MB body cannot hold more than this many real actions anyway).
const MAX_ACTIONS: usize = 1_000_000;

impl Flow {
    /// Reads a configuration from JSON. Never fails; see `problems`.
    pub fn from_json(v: &Json) -> Flow {
        Self::read(v, 0)
    }

    /// Reads a configuration from text: JSON or an Architect export (see [`crate::flow::export`]).
    /// The JSON is streamed (never held as a `serde_json::Value`), so memory stays a small multiple of the text.
    pub fn parse(text: &str) -> Result<Flow, crate::flow::export::DecodeError> {
        use crate::flow::export::{decode_text, json_error, DecodeError};
        let json = decode_text(text)?;
        let flow = Self::read_str(&json).map_err(json_error)?;
        if flow.flow_type.is_empty() && flow.problems.list.contains(&Problem::NoSequenceList) {
            return Err(DecodeError::NotAFlow);
        }
        Ok(flow)
    }

    /// What an id names (a container or an action), in O(1).
    pub fn lookup(&self, id: &str) -> Option<NodeRef> {
        self.index.get(id).copied()
    }

    pub fn action_by_id(&self, id: &str) -> Option<&Action> {
        match self.lookup(id)? {
            NodeRef::Action(i) => self.actions.get(i),
            NodeRef::Container(_) => None,
        }
    }

    pub fn container_by_id(&self, id: &str) -> Option<&Container> {
        match self.lookup(id)? {
            NodeRef::Container(i) => self.containers.get(i),
            NodeRef::Action(_) => None,
        }
    }

    /// An embedded common module by its flow id or (case-insensitive) name.
    pub fn module(&self, id: &str, name: &str) -> Option<&Flow> {
        self.common_modules
            .iter()
            .find(|m| (!id.is_empty() && m.id == id) || (!name.is_empty() && m.name.eq_ignore_ascii_case(name)))
            .and_then(|m| m.flow.as_deref())
    }

    /// Number of paths (branches) of every action, for coverage.
    pub fn path_count(&self) -> usize {
        self.actions.iter().map(|a| a.paths.len()).sum()
    }

    fn read(v: &Json, depth: usize) -> Flow {
        let mut f = Flow::default();
        let Some(o) = v.as_object() else {
            f.problems.push(Problem::NotAnObject { kind: json_kind(v) });
            return f;
        };
        f.read_head(o);
        let mut p = Pending::default();
        match o.get("flowSequenceItemList") {
            Some(Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let Some(co) = item.as_object() else {
                        f.problems.push(Problem::ContainerNotObject { index: i, kind: json_kind(item) });
                        continue;
                    };
                    let ci = f.containers.len();
                    let mut ids = Vec::new();
                    if let Some(Json::Array(list)) = co.get("actionList") {
                        for a in list {
                            f.read_list_action(a, ci, &mut p, &mut ids);
                        }
                    }
                    f.finish_container(co, ci, ids, &mut p);
                }
            }
            _ => f.problems.push(Problem::NoSequenceList),
        }
        f.finish(o.get("initialSequence"), p);
        if let Some(Json::Array(mods)) = o.get("commonModules") {
            for m in mods {
                let Some(mo) = m.as_object() else { continue };
                let name = mo.get("name").map(text_of).unwrap_or_default();
                let id = mo.get("id").map(text_of).unwrap_or_default();
                let flow = match mo.get("model") {
                    Some(model) if model.is_object() && depth < MAX_MODULE_DEPTH => {
                        Some(Box::new(Self::read(model, depth + 1)))
                    }
                    Some(model) if model.is_object() => None,
                    _ => None,
                };
                let too_deep = mo.get("model").is_some_and(Json::is_object) && depth >= MAX_MODULE_DEPTH;
                f.add_module(CommonModule { id, name, flow }, too_deep);
            }
        }
        f
    }

    /// Name, type, variables and error handling from the top-level keys.
    fn read_head(&mut self, o: &Map<String, Json>) {
        self.name = o.get("name").map(text_of).unwrap_or_default();
        self.flow_type = o.get("type").map(text_of).unwrap_or_default().to_ascii_lowercase();
        self.variables = read_variables(o.get("variables"));
        self.error_handling = read_error_handling(o.get("errorHandling"));
    }

    /// Adds an embedded module, carrying its problems up.
    fn add_module(&mut self, m: CommonModule, too_deep: bool) {
        match &m.flow {
            Some(inner) => {
                for p in &inner.problems.list {
                    self.problems.push(p.clone());
                }
                self.problems.dropped += inner.problems.dropped;
            }
            None if too_deep => self.problems.push(Problem::ModuleTooDeep { name: m.name.clone() }),
            None => self.problems.push(Problem::ModuleUnreadable { name: m.name.clone() }),
        }
        self.common_modules.push(m);
    }

    /// Resolves links (pass 2), parents (pass 3) and the start, once every container is read.
    fn finish(&mut self, initial: Option<&Json>, pending: Pending) {
        let f = self;
        let Pending { links, starts } = pending;
        let resolve = |index: &HashMap<String, NodeRef>, id: &str| match index.get(id) {
            Some(NodeRef::Action(a)) => Some(*a),
            _ => None,
        };
        let mut problems = Vec::new();
        for (ci, s) in starts.iter().enumerate() {
            let Some(c) = f.containers.get(ci) else { continue };
            if let Some(s) = s {
                let r = resolve(&f.index, s);
                if r.is_none() && problems.len() < MAX_PROBLEMS {
                    problems.push(Problem::DanglingLink { from: short(&c.name), to: short(s) });
                }
                f.containers[ci].start = r;
            } else if c.kind != ContainerKind::Menu && !c.actions.is_empty() && problems.len() < MAX_PROBLEMS {
                problems.push(Problem::NoStartAction { container: short(&c.name) });
            }
        }
        let mut dropped = 0usize;
        for p in &links {
            let Some(a) = f.actions.get(p.action) else { continue };
            let mut dangling = |from: &str, to: &str| {
                if problems.len() < MAX_PROBLEMS {
                    problems.push(Problem::DanglingLink { from: short(from), to: short(to) });
                } else {
                    dropped += 1;
                }
            };
            let next = p.next.as_deref().and_then(|n| {
                let r = resolve(&f.index, n);
                if r.is_none() {
                    dangling(&a.name, n);
                }
                r
            });
            let mut path_targets = Vec::with_capacity(p.paths.len());
            for t in &p.paths {
                path_targets.push(t.as_deref().and_then(|n| {
                    let r = resolve(&f.index, n);
                    if r.is_none() {
                        dangling(&a.name, n);
                    }
                    r
                }));
            }
            let target = p.target.as_deref().and_then(|t| match f.index.get(t) {
                Some(NodeRef::Container(c)) => Some(*c),
                _ => None,
            });
            if let Some(a) = f.actions.get_mut(p.action) {
                a.next = next;
                for (path, t) in a.paths.iter_mut().zip(path_targets) {
                    path.next = t;
                }
                a.target = target;
            }
        }
        drop(links);
        for p in problems {
            f.problems.push(p);
        }
        f.problems.dropped += dropped;

        // Pass 3: parents (the branching action owning each branch), each action assigned once: linear.
        let mut parent_set = vec![false; f.actions.len()];
        for ai in 0..f.actions.len() {
            for pi in 0..f.actions[ai].paths.len() {
                let mut x = f.actions[ai].paths[pi].next;
                while let Some(xi) = x {
                    if parent_set.get(xi).copied().unwrap_or(true) || xi == ai {
                        break;
                    }
                    parent_set[xi] = true;
                    f.actions[xi].parent = Some(ai);
                    x = f.actions[xi].next;
                }
            }
        }

        match initial.map(text_of) {
            Some(s) if !s.is_empty() => match f.index.get(&s) {
                Some(NodeRef::Container(c)) => f.initial_sequence = Some(*c),
                _ => f.problems.push(Problem::InitialSequenceMissing { id: short(&s) }),
            },
            _ if !f.containers.is_empty() => f.problems.push(Problem::NoInitialSequence),
            _ => {}
        }
    }

    fn insert_id(&mut self, id: &str, r: NodeRef) -> bool {
        if id.is_empty() {
            return true;
        }
        if self.index.contains_key(id) {
            self.problems.push(Problem::DuplicateId { id: short(id) });
            return false;
        }
        self.index.insert(id.to_string(), r);
        true
    }

    /// One entry of a container's `actionList`.
    fn read_list_action(&mut self, a: &Json, ci: ContainerIdx, p: &mut Pending, ids: &mut Vec<ActionIdx>) {
        match a.as_object() {
            Some(ao) => {
                if let Some(ai) = self.read_action(ao, ci, &mut p.links) {
                    ids.push(ai);
                }
            }
            None => {
                self.problems.push(Problem::ActionNotObject { container: format!("#{}", ci + 1), kind: json_kind(a) })
            }
        }
    }

    /// The container at index `ci` (always pushed, so that its actions' `container` stays valid; a duplicate id
    /// is reported and not indexed), with its `actionList` actions already read, and its menu choices.
    fn finish_container(&mut self, co: &Map<String, Json>, ci: ContainerIdx, actions: Vec<ActionIdx>, p: &mut Pending) {
        let id = co.get("id").map(text_of).unwrap_or_default();
        self.insert_id(&id, NodeRef::Container(ci));
        let name = co.get("name").map(text_of).unwrap_or_default();
        let kind = ContainerKind::from_type(&co.get("__type").map(text_of).unwrap_or_default());
        let exits = match co.get("paths") {
            Some(Json::Array(ps)) => ps
                .iter()
                .filter_map(|p| {
                    let p = p.as_object()?;
                    Some((
                        p.get("outputId").map(text_of).unwrap_or_default(),
                        p.get("label").map(text_of).unwrap_or_default(),
                    ))
                })
                .collect(),
            _ => Vec::new(),
        };
        self.containers.push(Container {
            id,
            name,
            kind: kind.clone(),
            start: None,
            variables: read_variables(co.get("variables")),
            exits,
            menu: None,
            actions,
        });
        p.starts.push(co.get("startAction").map(text_of).filter(|s| !s.is_empty()));
        if kind == ContainerKind::Menu {
            let mut menu = Menu {
                prompt: co.get("prompts").and_then(audio_of),
                repeat_count: co.get("promptRepeatCount").and_then(Expression::read),
                ..Default::default()
            };
            let default_id = co.get("defaultMenuChoice").map(text_of).unwrap_or_default();
            if let Some(Json::Array(choices)) = co.get("menuChoiceList") {
                for ch in choices {
                    let Some(cho) = ch.as_object() else { continue };
                    let cid = cho.get("id").map(text_of).unwrap_or_default();
                    let action = cho.get("action").and_then(|a| a.as_object()).and_then(|ao| {
                        let ai = self.read_action(ao, ci, &mut p.links)?;
                        self.containers[ci].actions.push(ai);
                        Some(ai)
                    });
                    let mut terms = Vec::new();
                    if let Some(Json::Object(by_lang)) = cho.get("speechRecTerms") {
                        for v in by_lang.values() {
                            if let Json::Array(ts) = v {
                                terms.extend(ts.iter().map(|t| text_of(t).to_lowercase()));
                            }
                        }
                    }
                    if !default_id.is_empty() && cid == default_id {
                        menu.default_choice = Some(menu.choices.len());
                    }
                    menu.choices.push(MenuChoice {
                        id: cid,
                        name: cho.get("name").map(text_of).unwrap_or_default(),
                        digit: cho.get("digit").map(text_of).filter(|d| !d.is_empty()),
                        terms,
                        action,
                    });
                }
            }
            self.containers[ci].menu = Some(Box::new(menu));
        }
    }

    fn read_action(
        &mut self,
        ao: &Map<String, Json>,
        container: ContainerIdx,
        pending: &mut Arena<PendingLinks>,
    ) -> Option<ActionIdx> {
        if self.actions.len() >= MAX_ACTIONS {
            return None;
        }
        let ai = self.actions.len();
        let id = ao.get("id").map(text_of).unwrap_or_default();
        if !self.insert_id(&id, NodeRef::Action(ai)) {
            return None;
        }
        let type_name = ao.get("__type").map(text_of).unwrap_or_default();
        let mut a = Action {
            id,
            name: ao.get("name").map(text_of).unwrap_or_default(),
            kind: ActionKind::from_type(&type_name),
            type_name,
            tracking_id: ao.get("trackingId").and_then(|t| t.as_i64().or_else(|| text_of(t).parse().ok())),
            container,
            next: None,
            paths: Vec::new(),
            parent: None,
            exprs: Vec::new(),
            bindings: Vec::new(),
            cases: Vec::new(),
            refs: Vec::new(),
            target: None,
        };
        let mut links = PendingLinks { action: ai, next: None, paths: Vec::new(), target: None };
        for (k, v) in ao {
            match (k.as_str(), v) {
                ("__type" | "id" | "name" | "trackingId" | "uiMetaData", _) => {}
                ("nextAction", v) => links.next = Some(text_of(v)).filter(|s| !s.is_empty()),
                ("paths", Json::Array(ps)) => {
                    for p in ps {
                        if let Some(po) = p.as_object() {
                            a.paths.push(read_path(po));
                            links.paths.push(po.get("nextActionId").map(text_of).filter(|s| !s.is_empty()));
                        }
                    }
                }
                ("path", Json::Object(po)) => {
                    a.paths.push(read_path(po));
                    links.paths.push(po.get("nextActionId").map(text_of).filter(|s| !s.is_empty()));
                }
                ("inputs" | "outputs" | "variables" | "errorBindings" | "slots", Json::Array(bs)) => {
                    a.bindings.push((k.clone(), bs.iter().filter_map(read_binding).collect()));
                }
                ("cases", Json::Array(cs)) => {
                    for c in cs {
                        let Some(co) = c.as_object() else { continue };
                        a.cases.push(Case {
                            name: co.get("name").map(text_of).unwrap_or_default(),
                            reference_id: co.get("referenceId").map(text_of).unwrap_or_default(),
                            value: co.get("value").and_then(Expression::read),
                        });
                    }
                }
                ("queues" | "skills", Json::Array(es)) => {
                    for e in es {
                        if let Some(x) = Expression::read(e) {
                            a.exprs.push((k.clone(), x));
                        }
                    }
                }
                ("taskReference" | "stateReference" | "menuReference", v) => {
                    let t = text_of(v);
                    links.target = Some(t.clone());
                    a.refs.push((k.clone(), t));
                }
                (_, Json::String(s)) => a.refs.push((k.clone(), s.clone())),
                (_, Json::Object(eo)) if eo.contains_key("text") || eo.contains_key("config") => {
                    if let Some(x) = Expression::read(v) {
                        a.exprs.push((k.clone(), x));
                    }
                }
                // Audio objects (`prompts`, `preTransferAudio`, …) hold `defaultAudio`.
                (_, Json::Object(eo)) if eo.contains_key("defaultAudio") => {
                    if let Some(x) = audio_of(v) {
                        a.exprs.push((k.clone(), x));
                    }
                }
                (_, Json::Number(n)) => a.refs.push((k.clone(), n.to_string())),
                (_, Json::Bool(b)) => a.refs.push((k.clone(), b.to_string())),
                _ => {}
            }
        }
        self.actions.push(a);
        pending.push(links);
        Some(ai)
    }
}

/// Links and starts kept as ids until every container is read.
#[derive(Default)]
struct Pending {
    links: Arena<PendingLinks>,
    starts: Vec<Option<String>>,
}

struct PendingLinks {
    action: ActionIdx,
    next: Option<String>,
    paths: Vec<Option<String>>,
    target: Option<String>,
}

fn read_path(po: &Map<String, Json>) -> Path {
    Path {
        label: po.get("label").map(text_of).unwrap_or_default(),
        output_id: po.get("outputId").map(text_of).unwrap_or_default(),
        next: None,
    }
}

fn read_binding(b: &Json) -> Option<Binding> {
    let bo = b.as_object()?;
    Some(Binding {
        name: bo.get("name").map(text_of).unwrap_or_default(),
        variable: bo.get("variable").and_then(Expression::read),
        value: bo.get("value").or_else(|| bo.get("expression")).and_then(Expression::read),
    })
}

fn audio_of(v: &Json) -> Option<Expression> {
    v.as_object()?.get("defaultAudio").and_then(Expression::read)
}

fn read_variables(v: Option<&Json>) -> Vec<Variable> {
    let Some(Json::Array(vs)) = v else { return Vec::new() };
    vs.iter()
        .filter_map(|v| {
            let o = v.as_object()?;
            let flag = |k: &str| o.get(k).and_then(Json::as_bool).unwrap_or(false);
            Some(Variable {
                id: o.get("id").map(text_of).unwrap_or_default(),
                name: o.get("name").map(text_of).unwrap_or_default(),
                class: o.get("__type").map(text_of).unwrap_or_default(),
                is_input: flag("isInput"),
                is_output: flag("isOutput"),
                is_collection: flag("isCollection"),
                initial_value: o.get("initialValue").and_then(Expression::read),
            })
        })
        .collect()
}

fn read_error_handling(v: Option<&Json>) -> ErrorHandling {
    let Some(Json::Object(o)) = v else { return ErrorHandling::Disconnect };
    match o.get("handlingType").map(text_of).unwrap_or_default().as_str() {
        "Queue" => ErrorHandling::Queue(o.get("queue").and_then(Expression::read)),
        "EndWorkflow" => ErrorHandling::EndWorkflow,
        "" | "Disconnect" => ErrorHandling::Disconnect,
        other => ErrorHandling::EndFlow(other.to_string()),
    }
}

// ----- streaming: a configuration read straight from text, one action at a time -----
//
// `serde_json::Value` costs many times the text for small objects; reading a 16 MB configuration through it
// would take hundreds of MB. The streaming reader keeps only the keys flowsim uses and holds one action's JSON
// at a time, so memory stays a small multiple of the text.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Top-level keys kept (the rest, such as `uiMetaData` and `manifest`, are skipped unread).
const FLOW_KEYS: [&str; 5] = ["name", "type", "variables", "errorHandling", "initialSequence"];
/// Container keys kept besides `actionList` (streamed).
const CONTAINER_KEYS: [&str; 10] = [
    "id",
    "name",
    "__type",
    "paths",
    "variables",
    "startAction",
    "prompts",
    "promptRepeatCount",
    "defaultMenuChoice",
    "menuChoiceList",
];

impl Flow {
    /// Reads a configuration from JSON text without building a `serde_json::Value` of the whole document.
    pub(crate) fn read_str(text: &str) -> Result<Flow, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let flow = FlowSeed { depth: 0 }.deserialize(&mut de)?;
        de.end()?;
        Ok(flow)
    }
}

/// Skips a value of any kind.
fn skip<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A visitor's answer to a JSON kind it does not expect, as the kind's name.
macro_rules! other_kinds {
    ($on_other:ident) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(self.$on_other("a boolean"))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(self.$on_other("a number"))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(self.$on_other("a number"))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(self.$on_other("a number"))
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(self.$on_other("a string"))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(self.$on_other("null"))
        }
    };
}

struct FlowSeed {
    depth: usize,
}

impl FlowSeed {
    fn not_object(self, kind: &'static str) -> Flow {
        let mut f = Flow::default();
        f.problems.push(Problem::NotAnObject { kind });
        f
    }
}

impl<'de> DeserializeSeed<'de> for FlowSeed {
    type Value = Flow;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Flow, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FlowSeed {
    type Value = Flow;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a flow configuration")
    }
    other_kinds!(not_object);
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Flow, A::Error> {
        skip(seq)?;
        Ok(self.not_object("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flow, A::Error> {
        let mut f = Flow::default();
        let mut p = Pending::default();
        let mut head = Map::new();
        let mut list = false;
        let mut modules = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "flowSequenceItemList" => {
                    list = map.next_value_seed(ContainerList { flow: &mut f, pending: &mut p })?;
                }
                "commonModules" => map.next_value_seed(ModuleList { depth: self.depth, out: &mut modules })?,
                k if FLOW_KEYS.contains(&k) => {
                    let v: Json = map.next_value()?;
                    head.insert(key, v);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        // The head first, as the tree reader does (container problems stay after it).
        let mut flow = Flow::default();
        flow.read_head(&head);
        flow.containers = std::mem::take(&mut f.containers);
        flow.actions = std::mem::take(&mut f.actions);
        flow.index = std::mem::take(&mut f.index);
        flow.problems = std::mem::take(&mut f.problems);
        if !list {
            flow.problems.push(Problem::NoSequenceList);
        }
        flow.finish(head.get("initialSequence"), p);
        for (m, too_deep) in modules {
            flow.add_module(m, too_deep);
        }
        Ok(flow)
    }
}

/// `flowSequenceItemList`: `true` when it is an array.
struct ContainerList<'a> {
    flow: &'a mut Flow,
    pending: &'a mut Pending,
}

impl ContainerList<'_> {
    fn other(self, _: &'static str) -> bool {
        false
    }
}

impl<'de> DeserializeSeed<'de> for ContainerList<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ContainerList<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of containers")
    }
    other_kinds!(other);
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        skip_map(map)?;
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut index = 0;
        while seq.next_element_seed(ContainerSeed { flow: self.flow, pending: self.pending, index })?.is_some() {
            index += 1;
        }
        Ok(true)
    }
}

struct ContainerSeed<'a> {
    flow: &'a mut Flow,
    pending: &'a mut Pending,
    index: usize,
}

impl ContainerSeed<'_> {
    fn other(self, kind: &'static str) {
        self.flow.problems.push(Problem::ContainerNotObject { index: self.index, kind });
    }
}

impl<'de> DeserializeSeed<'de> for ContainerSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ContainerSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a task, state or menu")
    }
    other_kinds!(other);
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip(seq)?;
        self.other("an array");
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ci = self.flow.containers.len();
        let mut head = Map::new();
        let mut ids = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "actionList" => {
                    map.next_value_seed(ActionList { flow: self.flow, pending: self.pending, ci, ids: &mut ids })?
                }
                k if CONTAINER_KEYS.contains(&k) => {
                    let v: Json = map.next_value()?;
                    head.insert(key, v);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.flow.finish_container(&head, ci, ids, self.pending);
        Ok(())
    }
}

struct ActionList<'a> {
    flow: &'a mut Flow,
    pending: &'a mut Pending,
    ci: ContainerIdx,
    ids: &'a mut Vec<ActionIdx>,
}

impl ActionList<'_> {
    fn other(self, _: &'static str) {}
}

impl<'de> DeserializeSeed<'de> for ActionList<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ActionList<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of actions")
    }
    other_kinds!(other);
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // One action's JSON at a time.
        while let Some(a) = seq.next_element::<Json>()? {
            self.flow.read_list_action(&a, self.ci, self.pending, self.ids);
        }
        Ok(())
    }
}

/// `commonModules`: each module's `model` read by a nested [`FlowSeed`] (depth-limited).
struct ModuleList<'a> {
    depth: usize,
    out: &'a mut Vec<(CommonModule, bool)>,
}

impl ModuleList<'_> {
    fn other(self, _: &'static str) {}
}

impl<'de> DeserializeSeed<'de> for ModuleList<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ModuleList<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of common modules")
    }
    other_kinds!(other);
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(m) = seq.next_element_seed(ModuleSeed { depth: self.depth })? {
            if let Some(m) = m {
                self.out.push(m);
            }
        }
        Ok(())
    }
}

struct ModuleSeed {
    depth: usize,
}

impl ModuleSeed {
    fn other(self, _: &'static str) -> Option<(CommonModule, bool)> {
        None
    }
}

impl<'de> DeserializeSeed<'de> for ModuleSeed {
    type Value = Option<(CommonModule, bool)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ModuleSeed {
    type Value = Option<(CommonModule, bool)>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a common module")
    }
    other_kinds!(other);
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip(seq)?;
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut name, mut flow, mut too_deep) = (String::new(), String::new(), None, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => id = text_of(&map.next_value::<Json>()?),
                "name" => name = text_of(&map.next_value::<Json>()?),
                "model" if self.depth < MAX_MODULE_DEPTH => {
                    let inner = map.next_value_seed(FlowSeed { depth: self.depth + 1 })?;
                    // A model that is not an object is unreadable, as in the tree reader.
                    let unreadable = inner.problems.list.iter().any(|p| matches!(p, Problem::NotAnObject { .. }));
                    flow = (!unreadable).then(|| Box::new(inner));
                }
                "model" => {
                    map.next_value::<IgnoredAny>()?;
                    too_deep = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some((CommonModule { id, name, flow }, too_deep)))
    }
}
