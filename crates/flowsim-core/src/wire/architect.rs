//! Architect's schedules, schedule groups, emergency groups, prompts and grammars as the Platform API returns them
//! (`/api/v2/architect/schedules`, `/schedulegroups`, `/emergencygroups`, `/prompts`, `/systemprompts`,
//! `/grammars`). Field names are Genesys' (the Python SDK's attribute maps).

use serde::{Deserialize, Serialize};

/// `{id, name}` reference to another entity.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EntityRef {
    pub id: String,
    pub name: String,
}

/// A schedule: local times `yyyy-MM-ddTHH:mm:ss.SSS` (in the group's time zone) and an optional iCal RRULE.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    pub id: String,
    pub name: String,
    pub start: String,
    pub end: String,
    pub rrule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ScheduleGroup {
    pub id: String,
    pub name: String,
    /// IANA zone, e.g. `America/New_York`.
    pub time_zone: String,
    pub open_schedules: Vec<EntityRef>,
    pub closed_schedules: Vec<EntityRef>,
    pub holiday_schedules: Vec<EntityRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EmergencyCallFlow {
    pub emergency_flow: Option<EntityRef>,
    pub ivrs: Vec<EntityRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EmergencyGroup {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub emergency_call_flows: Vec<EmergencyCallFlow>,
}

/// A user prompt (`GET /api/v2/architect/prompts?name=` → `PromptEntityListing`) or a system prompt
/// (`/api/v2/architect/systemprompts` → `SystemPromptEntityListing`; a system prompt's id is its name, e.g.
/// `on_hold_music`). The two models differ only in `currentOperation`, which system prompts never have.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Prompt {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// One per language.
    pub resources: Vec<PromptAsset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_operation: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `SystemPrompt`: [`Prompt`]'s shape without `currentOperation`.
pub type SystemPrompt = Prompt;

/// A prompt's recording or text-to-speech in one language (`PromptAsset`; `SystemPromptAsset` adds `hasDefault`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PromptAsset {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_id: Option<String>,
    /// `en-us`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tts_string: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `created`, `uploaded`, `transcoded` or `transcodeFailed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_default: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_default: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `SystemPromptAsset`: [`PromptAsset`] with `hasDefault`.
pub type SystemPromptAsset = PromptAsset;

/// A grammar (`GET /api/v2/architect/grammars?name=` → `GrammarListing`, `/grammars/{grammarId}` → `Grammar`),
/// what Find Grammar and Find Grammar by Id read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Grammar {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// One per language, with its voice and DTMF files (not read by flowsim).
    pub languages: Vec<GrammarLanguage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GrammarLanguage`: a grammar in one language (`en-us`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GrammarLanguage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grammar_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}
