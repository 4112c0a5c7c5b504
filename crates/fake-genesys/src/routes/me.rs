//! Who is calling: `GET /api/v2/tokens/me`, `DELETE /api/v2/tokens/me`, `GET /api/v2/users/me` (with
//! `?expand=authorization`) and `GET /api/v2/organizations/me`, none needing a permission (as in Genesys).
//!
//! They authenticate but are not counted against the rate limits: the page reads them as soon as a token is
//! given, and the 429 scenarios count their requests exactly (a choice of the fake).

use std::sync::Arc;

use axum::extract::{RawQuery, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use flowsim_core::wire::auth::{
    DomainRole, NamedEntity, OrgOAuthClient, Organization, TokenInfo, UserAuthorization, UserMe,
};
use flowsim_core::wire::genesys::EntityRef;

use super::json;
use crate::auth::{authenticate_in, Principal};
use crate::demo::DIVISION_HOME;
use crate::login::{user_of_fixed_token, DemoUser, GrantType, CLIENT_DEMO, ORG_DOMAIN, ORG_ID, ORG_NAME};
use crate::state::AppState;

/// Middleware of these routes: authenticate only.
pub async fn identify(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    match authenticate_in(&state, req.headers()) {
        Ok(p) => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// The user and OAuth client behind a token: an issued one, or a fixed demo token.
fn who(state: &AppState, token: &str) -> (DemoUser, OrgOAuthClient) {
    let org = Some(NamedEntity { id: Some(ORG_ID.into()), name: Some(ORG_NAME.into()) });
    if let Some(s) = state.login.session(token) {
        let client = state.login.client(&s.client_id);
        return (
            s.user,
            OrgOAuthClient {
                id: Some(s.client_id.clone()),
                name: client.map(|c| c.name.to_string()),
                authorized_grant_type: client.map(|c| grant_name(c.grant).to_string()),
                organization: org,
            },
        );
    }
    (
        user_of_fixed_token(token),
        OrgOAuthClient {
            id: Some(format!("{CLIENT_DEMO}-fixed-tokens")),
            name: Some("fake-genesys fixed demo tokens".into()),
            authorized_grant_type: Some("CLIENT-CREDENTIALS".into()),
            organization: org,
        },
    )
}

fn grant_name(g: GrantType) -> &'static str {
    match g {
        GrantType::CodeAuthorization => "CODE",
        GrantType::ClientCredentials => "CLIENT-CREDENTIALS",
    }
}

fn org_entity() -> NamedEntity {
    NamedEntity { id: Some(ORG_ID.into()), name: Some(ORG_NAME.into()) }
}

pub async fn token_info(State(state): State<Arc<AppState>>, Extension(p): Extension<Principal>) -> Response {
    let (_, client) = who(&state, &p.token);
    json(&TokenInfo {
        organization: Some(org_entity()),
        home_organization: Some(org_entity()),
        authorized_scope: Vec::new(),
        date_token_idles: None,
        oauth_client: Some(client),
    })
}

/// Revokes an issued token. The fixed demo tokens stay valid (other tests and scenarios share them).
pub async fn revoke(State(state): State<Arc<AppState>>, Extension(p): Extension<Principal>) -> Response {
    state.login.revoke(&p.token);
    StatusCode::NO_CONTENT.into_response()
}

pub async fn user_me(
    State(state): State<Arc<AppState>>,
    Extension(p): Extension<Principal>,
    RawQuery(q): RawQuery,
) -> Response {
    let (u, _) = who(&state, &p.token);
    let expand: Vec<String> = form_urlencoded::parse(q.unwrap_or_default().as_bytes())
        .filter(|(k, _)| k == "expand")
        .flat_map(|(_, v)| v.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
        .collect();
    let authorization = expand.iter().any(|e| e == "authorization").then(|| UserAuthorization {
        roles: vec![DomainRole {
            id: Some(format!("{}-role", u.id.get(..8).unwrap_or(u.id))),
            name: Some(u.role.to_string()),
        }],
        unused_roles: Vec::new(),
        permissions: u.permissions.iter().map(|s| s.to_string()).collect(),
    });
    json(&UserMe {
        id: Some(u.id.into()),
        name: Some(u.name.into()),
        division: Some(EntityRef {
            id: Some(DIVISION_HOME.into()),
            name: Some("Home".into()),
            self_uri: Some(format!("/api/v2/authorization/divisions/{DIVISION_HOME}")),
        }),
        email: Some(u.username.into()),
        state: Some("active".into()),
        username: Some(u.username.into()),
        version: Some(1),
        authorization,
        self_uri: Some(format!("/api/v2/users/{}", u.id)),
    })
}

pub async fn organization_me() -> Response {
    json(&Organization {
        id: Some(ORG_ID.into()),
        name: Some(ORG_NAME.into()),
        default_language: Some("en-us".into()),
        default_country_code: Some("US".into()),
        domain: Some(ORG_DOMAIN.into()),
        version: Some(1),
        state: Some("active".into()),
        self_uri: Some(format!("/api/v2/organizations/{ORG_ID}")),
    })
}
