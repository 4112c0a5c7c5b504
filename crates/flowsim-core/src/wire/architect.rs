//! Architect schedules, schedule groups and emergency groups (`/api/v2/architect/…`), with the real wire names
//! (the Python SDK's `Schedule`, `ScheduleGroup`, `EmergencyGroup` attribute maps). Evaluate Schedule and Evaluate
//! Schedule Group read them.

use serde::{Deserialize, Serialize};

use crate::wire::genesys::EntityRef;

/// `GET /api/v2/architect/schedules/{scheduleId}` → `Schedule`. `start`/`end` are local times without an offset
/// (`yyyy-MM-ddTHH:mm:ss.SSS`, in the schedule group's `timeZone`); `rrule` is an iCal RRULE without `RRULE:`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Schedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    /// `active`, `inactive` or `deleted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rrule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/architect/schedulegroups/{scheduleGroupId}` → `ScheduleGroup`: an IANA `timeZone` and references
/// to its open, closed and holiday schedules.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScheduleGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    pub open_schedules: Vec<EntityRef>,
    pub closed_schedules: Vec<EntityRef>,
    pub holiday_schedules: Vec<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// One `emergencyCallFlows` entry of an [`EmergencyGroup`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmergencyCallFlow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emergency_flow: Option<EntityRef>,
    pub ivrs: Vec<EntityRef>,
}

/// `GET /api/v2/architect/emergencygroups/{emergencyGroupId}` → `EmergencyGroup`. `enabled` is what Evaluate
/// Schedule Group checks first (Emergency).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmergencyGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    pub emergency_call_flows: Vec<EmergencyCallFlow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}
