//! Sign-in and identity on the wire: the OAuth token endpoint's answers (RFC 6749 names, snake_case) and the
//! Platform API's `TokenInfo`, `UserMe` and `Organization` (camelCase names of the official SDK models).

use serde::{Deserialize, Serialize};

use crate::wire::genesys::EntityRef;

/// `POST /oauth/token` on success.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
}

impl std::fmt::Debug for TokenResponse {
    // Never print the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// An OAuth error body (`/oauth/token`), or the `error` / `error_description` query parameters of a redirect
/// back from `/oauth/authorize`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OAuthErrorBody {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// `NamedEntity`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NamedEntity {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `OrgOAuthClient` (the fields flowsim shows).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrgOAuthClient {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorized_grant_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<NamedEntity>,
}

/// `GET /api/v2/tokens/me` → `TokenInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TokenInfo {
    pub organization: Option<NamedEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_organization: Option<NamedEntity>,
    pub authorized_scope: Vec<String>,
    /// When the token idles out (ISO-8601), if the org sets an idle timeout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_token_idles: Option<String>,
    #[serde(rename = "OAuthClient", skip_serializing_if = "Option::is_none")]
    pub oauth_client: Option<OrgOAuthClient>,
}

/// `DomainRole`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DomainRole {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `UserAuthorization`: the user's roles and their permissions (`domain:entity:action`, `*` for any part).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserAuthorization {
    pub roles: Vec<DomainRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unused_roles: Vec<DomainRole>,
    pub permissions: Vec<String>,
}

impl UserAuthorization {
    /// Whether `wanted` (`domain:entity:action`) is granted, a `*` in a granted permission matching any part.
    /// A granted permission with fewer parts covers everything under it (`architect` covers
    /// `architect:flow:view`): a documented choice, as the API's wildcard forms are not specified.
    pub fn grants(&self, wanted: &str) -> bool {
        self.permissions.iter().any(|p| permission_covers(p, wanted))
    }

    /// The entries of `required` this user lacks, in order.
    pub fn missing<'a>(&self, required: &[&'a str]) -> Vec<&'a str> {
        required.iter().copied().filter(|r| !self.grants(r)).collect()
    }
}

fn permission_covers(granted: &str, wanted: &str) -> bool {
    let mut g = granted.trim().split(':');
    for w in wanted.split(':') {
        match g.next() {
            None => return true,
            Some("*") => {}
            Some(part) if part.eq_ignore_ascii_case(w) => {}
            Some(_) => return false,
        }
    }
    g.next().is_none()
}

/// `GET /api/v2/users/me` → `UserMe` (the fields flowsim shows; `authorization` with `?expand=authorization`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserMe {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<UserAuthorization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

/// `GET /api/v2/organizations/me` → `Organization` (the fields flowsim shows).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_match_exactly_or_by_wildcard() {
        let a = UserAuthorization {
            permissions: vec!["architect:flow:view".into(), "routing:*:view".into(), "externalContacts".into()],
            ..Default::default()
        };
        assert!(a.grants("architect:flow:view"));
        assert!(!a.grants("architect:flow:edit"));
        assert!(!a.grants("architect:datatable:view"));
        assert!(a.grants("routing:queue:view") && a.grants("routing:schedule:view"));
        assert!(!a.grants("routing:queue:edit"));
        assert!(a.grants("externalContacts:contact:view"));
        assert_eq!(a.missing(&["architect:flow:view", "architect:datatable:view"]), ["architect:datatable:view"]);
    }

    #[test]
    fn token_response_hides_the_token_in_debug() {
        let t: TokenResponse =
            serde_json::from_str(r#"{"access_token":"s3cret","token_type":"bearer","expires_in":86399}"#).unwrap();
        assert_eq!(t.expires_in, 86399);
        assert!(!format!("{t:?}").contains("s3cret"));
    }

    #[test]
    fn token_info_reads_the_sdk_names() {
        let t: TokenInfo = serde_json::from_str(
            r#"{"organization":{"id":"o","name":"Org"},"authorizedScope":["architect:readonly"],"OAuthClient":{"id":"c","name":"flowsim"}}"#,
        )
        .unwrap();
        assert_eq!(t.oauth_client.unwrap().name.as_deref(), Some("flowsim"));
        assert_eq!(t.authorized_scope, ["architect:readonly"]);
    }
}
