//! Genesys Cloud Platform API models flowsim reads, with the real wire (camelCase) names.
//! Fields are optional and unknown fields are ignored: the API adds fields over time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::base::read::{self, list, object, opt, opt_strings, or_default, Read};
use crate::base::text::text_of;

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

// Lean readers (see `read`): what the derived `Deserialize` accepts, without its wasm size. The optional
// strings go through one table-driven call per struct.

impl ErrorDetail {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ErrorDetail")?;
        let mut d = ErrorDetail::default();
        opt_strings(
            o,
            &mut [
                ("errorCode", &mut d.error_code),
                ("fieldName", &mut d.field_name),
                ("entityId", &mut d.entity_id),
                ("entityName", &mut d.entity_name),
            ],
        )?;
        Ok(d)
    }
}

impl PhoneNumber {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct PhoneNumber")?;
        let mut p = PhoneNumber {
            extension: opt(o, "extension", read::i64)?,
            accepts_sms: opt(o, "acceptsSMS", read::boolean)?,
            ..Default::default()
        };
        opt_strings(
            o,
            &mut [
                ("display", &mut p.display),
                ("normalizationCountryCode", &mut p.normalization_country_code),
                ("userInput", &mut p.user_input),
                ("e164", &mut p.e164),
                ("countryCode", &mut p.country_code),
            ],
        )?;
        Ok(p)
    }
}

impl ContactAddress {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ContactAddress")?;
        let mut a = ContactAddress::default();
        opt_strings(
            o,
            &mut [
                ("address1", &mut a.address1),
                ("address2", &mut a.address2),
                ("city", &mut a.city),
                ("state", &mut a.state),
                ("postalCode", &mut a.postal_code),
                ("countryCode", &mut a.country_code),
            ],
        )?;
        Ok(a)
    }
}

impl ExternalOrganization {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ExternalOrganization")?;
        let mut g = ExternalOrganization::default();
        opt_strings(
            o,
            &mut [
                ("id", &mut g.id),
                ("name", &mut g.name),
                ("companyType", &mut g.company_type),
                ("industry", &mut g.industry),
                ("selfUri", &mut g.self_uri),
            ],
        )?;
        Ok(g)
    }
}

impl ExternalContact {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct ExternalContact")?;
        let phone = |k: &str| opt(o, k, PhoneNumber::from_value);
        let mut c = ExternalContact {
            work_phone: phone("workPhone")?,
            cell_phone: phone("cellPhone")?,
            home_phone: phone("homePhone")?,
            other_phone: phone("otherPhone")?,
            address: opt(o, "address", ContactAddress::from_value)?,
            twitter_id: opt(o, "twitterId", read::any)?,
            external_organization: opt(o, "externalOrganization", ExternalOrganization::from_value)?,
            custom_fields: opt(o, "customFields", |v| {
                // Insert one by one: `collect` would add a sort and a bulk build to the bundle.
                let mut m = BTreeMap::new();
                for (k, v) in object(v, "a map")? {
                    m.insert(k.clone(), v.clone());
                }
                Ok(m)
            })?,
            survey_opt_out: opt(o, "surveyOptOut", read::boolean)?,
            ..Default::default()
        };
        opt_strings(
            o,
            &mut [
                ("id", &mut c.id),
                ("firstName", &mut c.first_name),
                ("middleName", &mut c.middle_name),
                ("lastName", &mut c.last_name),
                ("salutation", &mut c.salutation),
                ("title", &mut c.title),
                ("workEmail", &mut c.work_email),
                ("personalEmail", &mut c.personal_email),
                ("otherEmail", &mut c.other_email),
                ("externalSystemUrl", &mut c.external_system_url),
                ("type", &mut c.contact_type),
                ("modifyDate", &mut c.modify_date),
                ("createDate", &mut c.create_date),
                ("selfUri", &mut c.self_uri),
            ],
        )?;
        Ok(c)
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
        let (page_size, page_number, total, page_count) = paging(o)?;
        Ok(ContactListing {
            entities: or_default(o, "entities", |v| list(v, ExternalContact::from_value))?,
            page_size,
            page_number,
            total,
            page_count,
        })
    }
}

/// `pageSize`, `pageNumber`, `total` and `pageCount` of a listing.
type Paging = (Option<u32>, Option<u32>, Option<u64>, Option<u32>);

fn paging(o: &read::Obj) -> Read<Paging> {
    Ok((
        opt(o, "pageSize", read::u32)?,
        opt(o, "pageNumber", read::u32)?,
        opt(o, "total", read::u64)?,
        opt(o, "pageCount", read::u32)?,
    ))
}

impl EntityRef {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct EntityRef")?;
        let mut e = EntityRef::default();
        opt_strings(o, &mut [("id", &mut e.id), ("name", &mut e.name), ("selfUri", &mut e.self_uri)])?;
        Ok(e)
    }
}

impl FlowVersion {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct FlowVersion")?;
        let mut f = FlowVersion { date_published: opt(o, "datePublished", read::any)?, ..Default::default() };
        opt_strings(
            o,
            &mut [
                ("id", &mut f.id),
                ("name", &mut f.name),
                ("commitVersion", &mut f.commit_version),
                ("configurationVersion", &mut f.configuration_version),
                ("type", &mut f.version_type),
                ("selfUri", &mut f.self_uri),
            ],
        )?;
        Ok(f)
    }
}

impl Flow {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct Flow")?;
        let version = |k: &str| opt(o, k, FlowVersion::from_value);
        let mut f = Flow {
            division: opt(o, "division", EntityRef::from_value)?,
            active: opt(o, "active", read::boolean)?,
            deleted: opt(o, "deleted", read::boolean)?,
            published_version: version("publishedVersion")?,
            saved_version: version("savedVersion")?,
            checked_in_version: version("checkedInVersion")?,
            ..Default::default()
        };
        opt_strings(
            o,
            &mut [
                ("id", &mut f.id),
                ("name", &mut f.name),
                ("description", &mut f.description),
                ("type", &mut f.flow_type),
                ("selfUri", &mut f.self_uri),
            ],
        )?;
        Ok(f)
    }
}

impl FlowEntityListing {
    pub fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct FlowEntityListing")?;
        let (page_size, page_number, total, page_count) = paging(o)?;
        let mut l = FlowEntityListing {
            entities: or_default(o, "entities", |v| list(v, Flow::from_value))?,
            page_size,
            page_number,
            total,
            page_count,
            ..Default::default()
        };
        opt_strings(o, &mut [("nextUri", &mut l.next_uri), ("selfUri", &mut l.self_uri)])?;
        Ok(l)
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
