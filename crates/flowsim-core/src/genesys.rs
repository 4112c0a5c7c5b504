//! Genesys Cloud Platform API models flowsim reads, with the real wire (camelCase) names.
//! Fields are optional and unknown fields are ignored: the API adds fields over time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::contract::text_of;
use crate::read::{self, list, object, opt, or_default, Read};

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
    /// Reads an error body leniently: any JSON object with at least a `message` or a `code` string.
    pub fn parse(body: &str) -> Option<ErrorBody> {
        let v: Value = serde_json::from_str(body).ok()?;
        let o = v.as_object()?;
        let s = |k: &str| o.get(k).filter(|v| !v.is_null()).map(text_of).filter(|s| !s.is_empty());
        let message = s("message");
        let code = s("code");
        if message.is_none() && code.is_none() {
            return None;
        }
        Some(ErrorBody {
            message,
            code,
            status: o.get("status").and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok()),
            message_with_params: s("messageWithParams"),
            message_params: None,
            context_id: s("contextId"),
            details: o.get("details").and_then(|d| list(d, ErrorDetail::from_value).ok()).unwrap_or_default(),
            errors: Vec::new(),
        })
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactListing {
    pub entities: Vec<ExternalContact>,
    pub page_size: Option<u32>,
    pub page_number: Option<u32>,
    pub total: Option<u64>,
    pub page_count: Option<u32>,
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowEntityListing {
    pub entities: Vec<Flow>,
    pub page_size: Option<u32>,
    pub page_number: Option<u32>,
    pub total: Option<u64>,
    pub page_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

// Lean readers (see `read`): what the derived `Deserialize` accepts, without its wasm size.

impl ErrorDetail {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ErrorDetail")?;
        Ok(ErrorDetail {
            error_code: opt(o, "errorCode", read::string)?,
            field_name: opt(o, "fieldName", read::string)?,
            entity_id: opt(o, "entityId", read::string)?,
            entity_name: opt(o, "entityName", read::string)?,
        })
    }
}

impl PhoneNumber {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct PhoneNumber")?;
        Ok(PhoneNumber {
            display: opt(o, "display", read::string)?,
            extension: opt(o, "extension", read::i64)?,
            accepts_sms: opt(o, "acceptsSMS", read::boolean)?,
            normalization_country_code: opt(o, "normalizationCountryCode", read::string)?,
            user_input: opt(o, "userInput", read::string)?,
            e164: opt(o, "e164", read::string)?,
            country_code: opt(o, "countryCode", read::string)?,
        })
    }
}

impl ContactAddress {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ContactAddress")?;
        Ok(ContactAddress {
            address1: opt(o, "address1", read::string)?,
            address2: opt(o, "address2", read::string)?,
            city: opt(o, "city", read::string)?,
            state: opt(o, "state", read::string)?,
            postal_code: opt(o, "postalCode", read::string)?,
            country_code: opt(o, "countryCode", read::string)?,
        })
    }
}

impl ExternalOrganization {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ExternalOrganization")?;
        Ok(ExternalOrganization {
            id: opt(o, "id", read::string)?,
            name: opt(o, "name", read::string)?,
            company_type: opt(o, "companyType", read::string)?,
            industry: opt(o, "industry", read::string)?,
            self_uri: opt(o, "selfUri", read::string)?,
        })
    }
}

impl ExternalContact {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ExternalContact")?;
        Ok(ExternalContact {
            id: opt(o, "id", read::string)?,
            first_name: opt(o, "firstName", read::string)?,
            middle_name: opt(o, "middleName", read::string)?,
            last_name: opt(o, "lastName", read::string)?,
            salutation: opt(o, "salutation", read::string)?,
            title: opt(o, "title", read::string)?,
            work_phone: opt(o, "workPhone", PhoneNumber::from_value)?,
            cell_phone: opt(o, "cellPhone", PhoneNumber::from_value)?,
            home_phone: opt(o, "homePhone", PhoneNumber::from_value)?,
            other_phone: opt(o, "otherPhone", PhoneNumber::from_value)?,
            work_email: opt(o, "workEmail", read::string)?,
            personal_email: opt(o, "personalEmail", read::string)?,
            other_email: opt(o, "otherEmail", read::string)?,
            address: opt(o, "address", ContactAddress::from_value)?,
            twitter_id: opt(o, "twitterId", read::any)?,
            external_organization: opt(o, "externalOrganization", ExternalOrganization::from_value)?,
            external_system_url: opt(o, "externalSystemUrl", read::string)?,
            custom_fields: opt(o, "customFields", |v| {
                Ok(object(v, "a map")?.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            })?,
            survey_opt_out: opt(o, "surveyOptOut", read::boolean)?,
            contact_type: opt(o, "type", read::string)?,
            modify_date: opt(o, "modifyDate", read::string)?,
            create_date: opt(o, "createDate", read::string)?,
            self_uri: opt(o, "selfUri", read::string)?,
        })
    }
}

impl ReverseWhitepagesLookupResult {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ReverseWhitepagesLookupResult")?;
        Ok(ReverseWhitepagesLookupResult {
            contacts: or_default(o, "contacts", |v| list(v, ExternalContact::from_value))?,
        })
    }
}

impl ContactListing {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ContactListing")?;
        Ok(ContactListing {
            entities: or_default(o, "entities", |v| list(v, ExternalContact::from_value))?,
            page_size: opt(o, "pageSize", read::u32)?,
            page_number: opt(o, "pageNumber", read::u32)?,
            total: opt(o, "total", read::u64)?,
            page_count: opt(o, "pageCount", read::u32)?,
        })
    }
}

impl EntityRef {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct EntityRef")?;
        Ok(EntityRef {
            id: opt(o, "id", read::string)?,
            name: opt(o, "name", read::string)?,
            self_uri: opt(o, "selfUri", read::string)?,
        })
    }
}

impl FlowVersion {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct FlowVersion")?;
        Ok(FlowVersion {
            id: opt(o, "id", read::string)?,
            name: opt(o, "name", read::string)?,
            commit_version: opt(o, "commitVersion", read::string)?,
            configuration_version: opt(o, "configurationVersion", read::string)?,
            version_type: opt(o, "type", read::string)?,
            date_published: opt(o, "datePublished", read::any)?,
            self_uri: opt(o, "selfUri", read::string)?,
        })
    }
}

impl Flow {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct Flow")?;
        Ok(Flow {
            id: opt(o, "id", read::string)?,
            name: opt(o, "name", read::string)?,
            description: opt(o, "description", read::string)?,
            flow_type: opt(o, "type", read::string)?,
            division: opt(o, "division", EntityRef::from_value)?,
            active: opt(o, "active", read::boolean)?,
            deleted: opt(o, "deleted", read::boolean)?,
            published_version: opt(o, "publishedVersion", FlowVersion::from_value)?,
            saved_version: opt(o, "savedVersion", FlowVersion::from_value)?,
            checked_in_version: opt(o, "checkedInVersion", FlowVersion::from_value)?,
            self_uri: opt(o, "selfUri", read::string)?,
        })
    }
}

impl FlowEntityListing {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct FlowEntityListing")?;
        Ok(FlowEntityListing {
            entities: or_default(o, "entities", |v| list(v, Flow::from_value))?,
            page_size: opt(o, "pageSize", read::u32)?,
            page_number: opt(o, "pageNumber", read::u32)?,
            total: opt(o, "total", read::u64)?,
            page_count: opt(o, "pageCount", read::u32)?,
            next_uri: opt(o, "nextUri", read::string)?,
            self_uri: opt(o, "selfUri", read::string)?,
        })
    }
}

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
}

#[cfg(test)]
mod reader_tests {
    //! The lean readers agree with the serde derives: same values, same refusals, same sentences.
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(read: fn(&Value) -> Read<T>, v: Value) {
        let derived = serde_json::from_value::<T>(v.clone()).map_err(|e| e.to_string());
        assert_eq!(read(&v), derived, "{v}");
    }

    fn contact() -> Value {
        json!({"id": "c1", "firstName": "Ada", "middleName": null, "lastName": "Lovelace", "salutation": "Ms",
               "title": "Countess", "workPhone": {"display": "555", "extension": -3, "acceptsSMS": true,
               "normalizationCountryCode": "US", "userInput": "555", "e164": "+1555", "countryCode": "US"},
               "cellPhone": null, "homePhone": {}, "otherPhone": {"x": 1}, "workEmail": "a@x", "personalEmail": "",
               "otherEmail": "o@x", "address": {"address1": "1", "address2": "2", "city": "c", "state": "s",
               "postalCode": "p", "countryCode": "GB"}, "twitterId": {"screenName": "ada"},
               "externalOrganization": {"id": "o", "name": "Engines", "companyType": "t", "industry": "i",
               "selfUri": "/o"}, "externalSystemUrl": "https://x", "customFields": {"tier": "gold", "n": 7},
               "surveyOptOut": false, "type": "Ephemeral", "modifyDate": "m", "createDate": "c", "selfUri": "/c",
               "unknown": [1, 2]})
    }

    #[test]
    fn contact_readers_agree_with_serde() {
        agree(ExternalContact::from_value, contact());
        agree(ExternalContact::from_value, json!({}));
        for (k, bad) in [
            ("firstName", json!(5)),
            ("workPhone", json!("555")),
            ("workPhone", json!({"extension": 1.5})),
            ("workPhone", json!({"extension": "1"})),
            ("workPhone", json!({"acceptsSMS": "yes"})),
            ("address", json!(true)),
            ("customFields", json!([1])),
            ("externalOrganization", json!({"name": false})),
            ("surveyOptOut", json!(0)),
            ("type", json!({"a": 1})),
        ] {
            let mut v = contact();
            v[k] = bad;
            agree(ExternalContact::from_value, v);
        }
        for v in [json!(null), json!("x"), json!(7)] {
            agree(ExternalContact::from_value, v);
        }
        agree(ReverseWhitepagesLookupResult::from_value, json!({"contacts": [contact(), {}]}));
        agree(ReverseWhitepagesLookupResult::from_value, json!({}));
        agree(ReverseWhitepagesLookupResult::from_value, json!({"contacts": null}));
        agree(ReverseWhitepagesLookupResult::from_value, json!({"contacts": [null]}));
        agree(ReverseWhitepagesLookupResult::from_value, json!({"contacts": {}}));
        agree(
            ContactListing::from_value,
            json!({"entities": [contact()], "pageSize": 25, "pageNumber": 1,
                                                 "total": 1, "pageCount": 1}),
        );
        agree(ContactListing::from_value, json!({"total": -1}));
        agree(ContactListing::from_value, json!({"pageSize": 5_000_000_000u64}));
    }

    fn flow() -> Value {
        let version = json!({"id": "3.0", "name": "3.0", "commitVersion": "c", "configurationVersion": "v",
                             "type": "PUBLISH", "datePublished": 1700000000000u64, "selfUri": "/v"});
        json!({"id": "f1", "name": "Main", "description": "d", "type": "INBOUNDCALL",
               "division": {"id": "d", "name": "Home", "selfUri": "/d"}, "active": true, "deleted": false,
               "publishedVersion": version, "savedVersion": version, "checkedInVersion": null, "selfUri": "/f",
               "other": "x"})
    }

    #[test]
    fn flow_readers_agree_with_serde() {
        agree(Flow::from_value, flow());
        agree(Flow::from_value, json!({}));
        for (k, bad) in [
            ("name", json!(1)),
            ("division", json!("Home")),
            ("division", json!({"name": 2})),
            ("active", json!("true")),
            ("publishedVersion", json!({"id": 3})),
            ("savedVersion", json!(1.5)),
        ] {
            let mut v = flow();
            v[k] = bad;
            agree(Flow::from_value, v);
        }
        agree(
            FlowEntityListing::from_value,
            json!({"entities": [flow(), {}], "pageSize": 25, "pageNumber": 2,
                                                    "total": 40, "pageCount": 2, "nextUri": "/n", "selfUri": "/s"}),
        );
        agree(FlowEntityListing::from_value, json!({"entities": [1]}));
        agree(FlowEntityListing::from_value, json!({"pageCount": "2"}));
        // The one difference: serde also reads a struct from a JSON array, field by field; the readers refuse it.
        assert!(FlowEntityListing::from_value(&json!([])).is_err());
    }

    #[test]
    fn error_details_agree_with_serde() {
        let ok = json!([{"errorCode": "A", "fieldName": "f", "entityId": "e", "entityName": "n"}, {}]);
        assert_eq!(
            list(&ok, ErrorDetail::from_value),
            serde_json::from_value::<Vec<ErrorDetail>>(ok.clone()).map_err(|e| e.to_string())
        );
        let bad = json!([{"errorCode": 1}]);
        assert_eq!(
            list(&bad, ErrorDetail::from_value),
            serde_json::from_value::<Vec<ErrorDetail>>(bad.clone()).map_err(|e| e.to_string())
        );
    }
}
