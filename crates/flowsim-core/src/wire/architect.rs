//! Architect's schedules, schedule groups and emergency groups as the Platform API returns them
//! (`/api/v2/architect/schedules`, `/schedulegroups`, `/emergencygroups`). Field names are Genesys'.

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
