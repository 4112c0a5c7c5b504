//! The fake's login host: demo OAuth clients and users, the codes it hands out and the tokens it issues.
//! Genesys' own behaviour for each error is not documented; where the fake picks one, it follows RFC 6749 and
//! RFC 7636 (the choices are marked in `routes/oauth.rs`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::demo::{PERM_CONTACT_VIEW, PERM_FLOW_VIEW, TOKEN_NO_PERMISSION};

/// A Code Authorization (PKCE) client with the demo's redirect URIs.
pub const CLIENT_DEMO: &str = "5b3d0c9e-flowsim-demo";
/// A client of grant type Client Credentials: the login host refuses it (`unauthorized_client`).
pub const CLIENT_WRONG_GRANT: &str = "0f1e2d3c-client-credentials";
/// A Code Authorization client whose only redirect URI is another app's.
pub const CLIENT_OTHER_APP: &str = "9a8b7c6d-other-app";
/// The other app's redirect URI.
pub const OTHER_APP_REDIRECT: &str = "https://other-app.example.com/callback";
/// Redirect URIs of the demo client besides those given with `--redirect-uri`: `cargo xtask serve`'s app.
pub const DEFAULT_REDIRECT_URIS: [&str; 2] = ["http://127.0.0.1:8080/", "http://localhost:8080/"];

/// How long a code may wait before it is exchanged (RFC 6749 recommends at most 10 minutes).
pub const CODE_LIFETIME: Duration = Duration::from_secs(60);
/// `expires_in` of the demo client's tokens (Genesys' default lifetime, one day).
pub const TOKEN_LIFETIME_SECS: u64 = 86_400;

pub const ORG_ID: &str = "5e1b4c7a-2f0d-4f5e-9a8b-0c1d2e3f4a5b";
pub const ORG_NAME: &str = "Flowsim Demo Org";
pub const ORG_DOMAIN: &str = "flowsim-demo";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantType {
    CodeAuthorization,
    ClientCredentials,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub id: &'static str,
    pub name: &'static str,
    pub grant: GrantType,
    pub redirect_uris: Vec<String>,
}

/// A demo user who can sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    pub id: &'static str,
    pub name: &'static str,
    pub username: &'static str,
    pub role: &'static str,
    pub permissions: &'static [&'static str],
}

impl DemoUser {
    pub fn all_permissions(&self) -> bool {
        self.permissions == ADMIN_PERMISSIONS
    }
}

const ADMIN_PERMISSIONS: &[&str] = &["architect:*:*", "externalContacts:*:*", "routing:*:*", "directory:*:*"];
const READER_PERMISSIONS: &[&str] = &[PERM_FLOW_VIEW, PERM_CONTACT_VIEW];

/// Who may sign in: the first is the one-click choice of the demo.
pub const USERS: [DemoUser; 2] = [
    DemoUser {
        id: "2a6f0c4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
        name: "Alex Admin",
        username: "alex.admin@flowsim.example",
        role: "Architect admin",
        permissions: ADMIN_PERMISSIONS,
    },
    DemoUser {
        id: "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f",
        name: "Robin Reader",
        username: "robin.reader@flowsim.example",
        role: "Flow and contact viewer",
        permissions: READER_PERMISSIONS,
    },
];

/// The user behind the fixed demo tokens (`demo-token` and the throttled ones).
pub const TOKEN_USER: DemoUser = DemoUser {
    id: "3b4c5d6e-7f80-4a1b-8c2d-3e4f5a6b7c8d",
    name: "Demo User",
    username: "demo.user@flowsim.example",
    role: "Architect admin",
    permissions: ADMIN_PERMISSIONS,
};
/// The user behind `no-permission-token`.
pub const NO_PERMISSION_USER: DemoUser = DemoUser {
    id: "4c5d6e7f-8091-4b2c-9d3e-4f5a6b7c8d9e",
    name: "Nora Nopermission",
    username: "nora.nopermission@flowsim.example",
    role: "Employee",
    permissions: &[],
};

pub fn user(id: &str) -> Option<DemoUser> {
    USERS.into_iter().find(|u| u.id == id)
}

/// The user behind a fixed demo token.
pub fn user_of_fixed_token(token: &str) -> DemoUser {
    if token == TOKEN_NO_PERMISSION {
        NO_PERMISSION_USER
    } else {
        TOKEN_USER
    }
}

/// A code handed out by `/oauth/authorize`, waiting for `/oauth/token`.
#[derive(Debug, Clone)]
pub struct PendingCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub challenge: String,
    pub user: DemoUser,
    pub issued: Instant,
    pub expired: bool,
    /// Set once exchanged: a second use is refused and revokes this token (RFC 6749 §4.1.2).
    pub token: Option<String>,
}

/// A token issued by `/oauth/token`.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: DemoUser,
    pub client_id: String,
    pub expires: Instant,
    pub revoked: bool,
}

impl Session {
    pub fn is_live(&self) -> bool {
        !self.revoked && Instant::now() < self.expires
    }
}

/// Clients, codes and sessions.
#[derive(Debug)]
pub struct LoginState {
    pub clients: Vec<OAuthClient>,
    codes: Mutex<HashMap<String, PendingCode>>,
    sessions: Mutex<HashMap<String, Session>>,
}

impl LoginState {
    /// The demo clients; `extra_redirect_uris` (from `--redirect-uri`) are registered on the demo client and
    /// the wrong-grant one (so that only its grant type is wrong).
    pub fn new(extra_redirect_uris: &[String]) -> Self {
        let mut demo_uris: Vec<String> = DEFAULT_REDIRECT_URIS.iter().map(|s| s.to_string()).collect();
        demo_uris.extend(extra_redirect_uris.iter().cloned());
        LoginState {
            clients: vec![
                OAuthClient {
                    id: CLIENT_DEMO,
                    name: "flowsim demo",
                    grant: GrantType::CodeAuthorization,
                    redirect_uris: demo_uris.clone(),
                },
                OAuthClient {
                    id: CLIENT_WRONG_GRANT,
                    name: "Reporting job",
                    grant: GrantType::ClientCredentials,
                    redirect_uris: demo_uris,
                },
                OAuthClient {
                    id: CLIENT_OTHER_APP,
                    name: "Another app",
                    grant: GrantType::CodeAuthorization,
                    redirect_uris: vec![OTHER_APP_REDIRECT.to_string()],
                },
            ],
            codes: Mutex::default(),
            sessions: Mutex::default(),
        }
    }

    pub fn client(&self, id: &str) -> Option<&OAuthClient> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn issue_code(&self, pending: PendingCode) -> String {
        let code = random_secret();
        self.codes.lock().unwrap_or_else(|p| p.into_inner()).insert(code.clone(), pending);
        code
    }

    /// Takes the code for one exchange: `Err` says why it cannot be used. A code used before is refused and
    /// the token it gave is revoked.
    pub fn redeem(&self, code: &str) -> Result<PendingCode, CodeProblem> {
        let mut codes = self.codes.lock().unwrap_or_else(|p| p.into_inner());
        let Some(pending) = codes.get_mut(code) else { return Err(CodeProblem::Unknown) };
        if let Some(token) = pending.token.clone() {
            drop(codes);
            self.revoke(&token);
            return Err(CodeProblem::Used);
        }
        if pending.expired || pending.issued.elapsed() > CODE_LIFETIME {
            return Err(CodeProblem::Expired);
        }
        // Marked used now, whatever the rest of the exchange says: a code is good for one attempt.
        pending.token = Some(String::new());
        Ok(pending.clone())
    }

    /// Issues a token for a redeemed code.
    pub fn issue_token(&self, code: &str, pending: &PendingCode) -> String {
        let token = random_secret();
        let session = Session {
            user: pending.user,
            client_id: pending.client_id.clone(),
            expires: Instant::now() + Duration::from_secs(TOKEN_LIFETIME_SECS),
            revoked: false,
        };
        self.sessions.lock().unwrap_or_else(|p| p.into_inner()).insert(token.clone(), session);
        if let Some(c) = self.codes.lock().unwrap_or_else(|p| p.into_inner()).get_mut(code) {
            c.token = Some(token.clone());
        }
        token
    }

    /// The session of an issued token, live or not.
    pub fn session(&self, token: &str) -> Option<Session> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner()).get(token).cloned()
    }

    pub fn revoke(&self, token: &str) {
        if let Some(s) = self.sessions.lock().unwrap_or_else(|p| p.into_inner()).get_mut(token) {
            s.revoked = true;
        }
    }

    /// `POST /_fake/expire-sessions`: every outstanding code and issued token expires now.
    pub fn expire_all(&self) -> usize {
        let mut n = 0;
        for c in self.codes.lock().unwrap_or_else(|p| p.into_inner()).values_mut() {
            c.expired = true;
        }
        let now = Instant::now();
        for s in self.sessions.lock().unwrap_or_else(|p| p.into_inner()).values_mut() {
            if s.is_live() {
                n += 1;
            }
            s.expires = now;
        }
        n
    }
}

/// Why a code cannot be exchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Used,
    Expired,
}

/// 244 random bits (two UUID v4) as 64 hex characters.
fn random_secret() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}
