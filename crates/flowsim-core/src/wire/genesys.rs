//! Genesys Cloud Platform API models flowsim reads, with the real wire (camelCase) names.
//! Fields are optional and unknown fields are ignored: the API adds fields over time. Every struct takes
//! `#[serde(default)]`, so [`lenient::read`] can leave out a field of the wrong type and keep the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::base::lenient;

/// The `code` of Genesys' 404 error body (a missing resource, as opposed to a missing endpoint).
pub const GENESYS_NOT_FOUND: &str = "not.found";

/// The correlation header Genesys puts on every response.
pub const CORRELATION_HEADER: &str = "ININ-Correlation-Id";

/// Genesys' error body `{message, code, status, messageWithParams, messageParams, contextId, details[], errors[]}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    pub message: Option<String>,
    pub code: Option<String>,
    pub status: Option<u16>,
    pub message_with_params: Option<String>,
    pub message_params: Option<BTreeMap<String, String>>,
    pub context_id: Option<String>,
    pub details: Vec<ErrorDetail>,
    pub errors: Vec<ErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorDetail {
    pub error_code: Option<String>,
    pub field_name: Option<String>,
    pub entity_id: Option<String>,
    pub entity_name: Option<String>,
}

impl ErrorBody {
    /// Reads an error body leniently (see [`lenient::read`]): any JSON object with at least a non-empty
    /// `message` or `code`.
    pub fn parse(body: &str) -> Option<ErrorBody> {
        let v: Value = serde_json::from_str(body).ok()?;
        let mut e = lenient::read::<ErrorBody>(&v).ok()?.value;
        e.message = e.message.filter(|m| !m.is_empty());
        e.code = e.code.filter(|c| !c.is_empty());
        (e.message.is_some() || e.code.is_some()).then_some(e)
    }
}

/// `PhoneNumber`: `e164` and `countryCode` are set by the server when the number parses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PhoneNumber {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<i64>,
    #[serde(rename = "acceptsSMS", skip_serializing_if = "Option::is_none")]
    pub accepts_sms: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalization_country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_input: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e164: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

/// `ExternalOrganization`: a contact's organization, and what Get External Organization reads
/// (`GET /api/v2/externalcontacts/organizations/{externalOrganizationId}`). The fields flowsim shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExternalOrganization {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `ExternalContact`, the fields flowsim shows (the API has more; they are ignored).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExternalContact {
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salutation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_phone: Option<PhoneNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_phone: Option<PhoneNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_phone: Option<PhoneNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_phone: Option<PhoneNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<ContactAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twitter_id: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_organization: Option<ExternalOrganization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_system_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<BTreeMap<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub survey_opt_out: Option<bool>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub contact_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

impl ExternalContact {
    /// "First Middle Last", skipping empty parts.
    pub fn full_name(&self) -> String {
        [&self.first_name, &self.middle_name, &self.last_name]
            .iter()
            .filter_map(|p| p.as_deref())
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The labelled phones that are set, in the order Genesys shows them.
    pub fn phones(&self) -> Vec<(&'static str, &PhoneNumber)> {
        [
            ("Work", &self.work_phone),
            ("Cell", &self.cell_phone),
            ("Home", &self.home_phone),
            ("Other", &self.other_phone),
        ]
        .into_iter()
        .filter_map(|(l, p)| p.as_ref().map(|p| (l, p)))
        .collect()
    }

    /// The labelled emails that are set.
    pub fn emails(&self) -> Vec<(&'static str, &str)> {
        [("Work", &self.work_email), ("Personal", &self.personal_email), ("Other", &self.other_email)]
            .into_iter()
            .filter_map(|(l, e)| e.as_deref().filter(|e| !e.is_empty()).map(|e| (l, e)))
            .collect()
    }
}

/// `GET /api/v2/externalcontacts/reversewhitepageslookup` → `ReverseWhitepagesLookupResult`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReverseWhitepagesLookupResult {
    pub contacts: Vec<ExternalContact>,
}

/// `GET /api/v2/externalcontacts/contacts` → `ContactListing`.
pub type ContactListing = EntityListing<ExternalContact>;

/// A page of a listing (`FlowEntityListing`, `ContactListing`: the same shape for every entity type).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EntityListing<T> {
    pub entities: Vec<T>,
    pub page_size: Option<u32>,
    pub page_number: Option<u32>,
    pub total: Option<u64>,
    pub page_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_uri: Option<String>,
}

/// A `DomainEntityRef`-like reference.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EntityRef {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `FlowVersion` (the fields flowsim shows).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowVersion {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration_version: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub version_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `Flow` (the fields flowsim shows).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Flow {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub flow_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_version: Option<FlowVersion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved_version: Option<FlowVersion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_in_version: Option<FlowVersion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/flows` → `FlowEntityListing`.
pub type FlowEntityListing = EntityListing<Flow>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_reads_genesys_shape() {
        let e = ErrorBody::parse(
            r#"{"message":"Transform failed","code":"bad.request","status":400,"messageParams":{},
               "contextId":"fc7c43df","details":[{"errorCode":"ACTION.PROCESSING"}],"errors":[]}"#,
        )
        .unwrap();
        assert_eq!(e.code.as_deref(), Some("bad.request"));
        assert_eq!(e.status, Some(400));
        assert_eq!(e.context_id.as_deref(), Some("fc7c43df"));
        assert_eq!(e.details[0].error_code.as_deref(), Some("ACTION.PROCESSING"));
        assert!(ErrorBody::parse("{\"foo\":1}").is_none());
        assert!(ErrorBody::parse("<html>").is_none());
    }

    #[test]
    fn contact_ignores_unknown_fields_and_names_itself() {
        let c: ExternalContact = serde_json::from_str(
            r#"{"id":"1","firstName":"Ada","lastName":"Lovelace","unknownThing":{"a":1},
                "cellPhone":{"display":"(555) 123-4567","e164":"+15551234567","countryCode":"US"}}"#,
        )
        .unwrap();
        assert_eq!(c.full_name(), "Ada Lovelace");
        assert_eq!(c.phones()[0].0, "Cell");
        assert_eq!(c.phones()[0].1.e164.as_deref(), Some("+15551234567"));
    }

    #[test]
    fn a_wrong_type_in_one_contact_field_keeps_the_rest_with_a_note() {
        let v: Value = serde_json::from_str(
            r#"{"id":"1","firstName":"Ada","lastName":5,"workEmail":"ada@example.com",
                "workPhone":{"display":"(555) 123-4567","extension":"12"},"customFields":{"tier":"gold"}}"#,
        )
        .unwrap();
        assert!(serde_json::from_value::<ExternalContact>(v.clone()).is_err(), "the strict derive refuses it");
        let read = lenient::read::<ExternalContact>(&v).unwrap();
        let c = read.value;
        assert_eq!(c.full_name(), "Ada");
        assert_eq!(c.work_email.as_deref(), Some("ada@example.com"));
        let phone = c.work_phone.unwrap();
        assert_eq!((phone.display.as_deref(), phone.extension), (Some("(555) 123-4567"), None));
        assert_eq!(c.custom_fields.unwrap()["tier"], "gold");
        let paths: Vec<&str> = read.dropped.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["lastName", "workPhone.extension"]);
    }

    #[test]
    fn error_body_needs_a_message_or_a_code() {
        assert!(ErrorBody::parse(r#"{"message":"","code":""}"#).is_none());
        let e = ErrorBody::parse(r#"{"message":"Boom","status":"500","details":[{"errorCode":1},{"errorCode":"A"}]}"#)
            .unwrap();
        assert_eq!((e.message.as_deref(), e.status), (Some("Boom"), None));
        let codes: Vec<Option<&str>> = e.details.iter().map(|d| d.error_code.as_deref()).collect();
        assert_eq!(codes, [None, Some("A")]);
    }
}
