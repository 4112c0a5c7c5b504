//! Who the token belongs to: the user, the org, when the token expires, and the permissions the simulation needs
//! that the user lacks. A plain view; `signin` owns the state.

use flowsim_core::net::check::Need;
use flowsim_core::net::error::UserError;
use yew::prelude::*;

use crate::services::oauth::local_time;

/// What is known of the token in the form. Each answer names the token it is about, so an answer never shows
/// beside another token.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Whoami {
    #[default]
    Unknown,
    Checking {
        token: String,
    },
    Known {
        token: String,
        user: String,
        org: String,
        missing: Vec<Need>,
    },
    /// 401: expired, revoked or from another org or region.
    Refused {
        token: String,
    },
    Failed {
        token: String,
        error: UserError,
    },
}

impl Whoami {
    pub fn token(&self) -> Option<&str> {
        match self {
            Whoami::Unknown => None,
            Whoami::Checking { token }
            | Whoami::Known { token, .. }
            | Whoami::Refused { token }
            | Whoami::Failed { token, .. } => Some(token),
        }
    }
}

/// `expires_at`: milliseconds since the epoch, when the sign-in said.
pub fn whoami_view(w: &Whoami, expires_at: Option<f64>) -> Html {
    match w {
        Whoami::Unknown | Whoami::Refused { .. } => html! {},
        Whoami::Checking { .. } => {
            html! { <p class="hint" data-testid="whoami-checking">{ "Checking the token…" }</p> }
        }
        Whoami::Failed { error, .. } => html! {
            <p class="field-warning" data-testid="whoami-error">
                { format!("Could not tell who the token belongs to: {} {}", error.summary, error.action) }
            </p>
        },
        Whoami::Known { user, org, missing, .. } => html! {
            <div class="whoami" data-testid="whoami">
                <p>
                    { "Signed in as " }<strong data-testid="whoami-user">{ user }</strong>
                    { " in " }<strong data-testid="whoami-org">{ org }</strong>{ "." }
                    if let Some(at) = expires_at {
                        { " " }<span data-testid="whoami-expiry">{ format!("The token expires at {}.", local_time(at)) }</span>
                    } else {
                        { " " }<span data-testid="whoami-expiry">{ "The token's expiry is not known (a pasted token)." }</span>
                    }
                </p>
                if missing.is_empty() {
                    <p class="hint" data-testid="permissions-ok">{ "The user has every permission the simulation needs." }</p>
                } else {
                    <div class="field-warning" data-testid="missing-permissions">
                        <p>{ "The user lacks permissions the simulation needs; ask an admin to add them to the user's role:" }</p>
                        <ul>
                            for n in missing.iter() {
                                <li data-permission={n.permission}><code>{ n.permission }</code>{ format!(" (to {})", n.for_what) }</li>
                            }
                        </ul>
                    </div>
                }
            </div>
        },
    }
}
