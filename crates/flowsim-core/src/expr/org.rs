//! What an expression (or an action) may need to read from the org. The interpreter turns a pending query into a
//! request to its driver; the driver answers with [`OrgAnswer`] (never with HTTP details).

/// A read-only question about the org. Names are matched as Genesys matches them (case-insensitive, exact).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgQuery {
    QueueByName(String),
    QueueById(String),
    UserById(String),
    UserByName(String),
    UserByEmail(String),
    SkillByName(String),
    LanguageSkillByName(String),
    GroupByName(String),
    WrapupCodeByName(String),
    ScheduleById(String),
    ScheduleGroupById(String),
    EmergencyGroupById(String),
    ScheduleByName(String),
    ScheduleGroupByName(String),
    EmergencyGroupByName(String),
    /// A user prompt (`/api/v2/architect/prompts`) or a system prompt (`/api/v2/architect/systemprompts`) by name.
    UserPromptByName(String),
    SystemPromptByName(String),
    /// An Architect grammar by name or id (`/api/v2/architect/grammars`).
    GrammarByName(String),
    GrammarById(String),
    /// A utilization label by name (`/api/v2/routing/utilization/labels`).
    UtilizationLabelByName(String),
    /// A data table row by its key (`GET /api/v2/flows/datatables/{table}/rows/{key}?showbrief=false`).
    DataTableRow {
        table_id: String,
        key: String,
    },
    /// Get External Contact by External Contact ID.
    ExternalContactById(String),
    /// Search External Contacts by a term (E.164 phone, email or free text).
    ExternalContactSearch(String),
    /// Get External Organization by its id (`GET /api/v2/externalcontacts/organizations/{id}`).
    ExternalOrganizationById(String),
}

/// Find Users by Id (function and action) reads the first 50 ids; its result holds NOT_SET for the ids after
/// them, as for an id that finds no user: item `i` answers id `i` (Architect's help, "Find Users by Id action").
pub const MAX_USERS_BY_ID: usize = 50;

/// The driver's answer to an [`OrgQuery`].
#[derive(Debug, Clone, PartialEq)]
pub enum OrgAnswer {
    /// The resource as the Platform API returns it (one entity; for a search, the JSON array of matches). The reader
    /// turns it into a value or a wire model (`crate::wire::genesys`).
    Found(serde_json::Value),
    /// The org answered that there is none (404, an empty search).
    NotFound,
    /// The read failed (network, permission, a server error); the sentence says why. The action takes its
    /// failure path, or the flow goes to error handling.
    Failed(String),
    /// There is no org to ask (a flow file with no connection): Not Found, and the trace says so.
    NoOrg,
}
