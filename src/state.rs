//! The form as a `Reducible`: every edit is an `Action`, so components stay small and pure.

use std::rc::Rc;

use flowsim_core::base::regions::region_for_api_base;
use flowsim_core::net::api::Connection;
use flowsim_core::net::proxy::{validate_api_base, ProxySetting, ProxyStyle};
use flowsim_core::sim::validate::{validate, FieldIssue, FormField, FormInput};
use yew::Reducible;

use crate::hooks::use_simulation::Plan;

/// Which backend computes the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// In WASM, from the real Platform API.
    Browser,
    /// The tutorial's `POST /api/v2/architect/simulations`.
    Remote,
}

impl Backend {
    pub fn key(self) -> &'static str {
        match self {
            Backend::Browser => "browser",
            Backend::Remote => "remote",
        }
    }
    pub fn from_key(k: &str) -> Option<Backend> {
        match k {
            "browser" => Some(Backend::Browser),
            "remote" => Some(Backend::Remote),
            _ => None,
        }
    }
}

pub const DEFAULT_API_BASE: &str = "https://api.mypurecloud.com";

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub api_base: String,
    pub proxy: ProxySetting,
    /// In memory only, unless `remember_token`.
    pub token: String,
    pub remember_token: bool,
    /// `None` = automatic: in the browser for a Genesys region, remote otherwise.
    pub backend_choice: Option<Backend>,
    pub flow_id: String,
    pub node_id: String,
    pub phone: String,
    /// ISO code of the "Default country" setting (reads numbers without a country code).
    pub default_country: String,
    pub to: String,
    pub channel: String,
    pub conversation_id: String,
    pub timeout_ms: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            api_base: DEFAULT_API_BASE.to_string(),
            proxy: ProxySetting::default(),
            token: String::new(),
            remember_token: false,
            backend_choice: None,
            flow_id: String::new(),
            node_id: String::new(),
            phone: String::new(),
            default_country: flowsim_core::base::phone::DEFAULT_COUNTRY.to_string(),
            to: "+15550000000".to_string(),
            channel: "voice".to_string(),
            conversation_id: String::new(),
            timeout_ms: "5000".to_string(),
        }
    }
}

impl Form {
    pub fn backend(&self) -> Backend {
        self.backend_choice.unwrap_or(if region_for_api_base(&self.api_base).is_some() {
            Backend::Browser
        } else {
            Backend::Remote
        })
    }

    /// The connection as typed (the API base trimmed).
    pub fn connection(&self) -> Connection {
        Connection { api_base: self.api_base.trim().to_string(), proxy: self.proxy.clone(), token: self.token.clone() }
    }

    /// The run this form asks for, with its warnings; or every problem that prevents it.
    pub fn plan(&self) -> Result<(Plan, Vec<FieldIssue>), Vec<FieldIssue>> {
        let mut problems = Vec::new();
        if let Err(e) = validate_api_base(&self.api_base) {
            problems.push(FieldIssue { field: FormField::ApiBase, message: e.to_string() });
        }
        if let Err(e) = self.proxy.validate() {
            problems.push(FieldIssue { field: FormField::Proxy, message: e.to_string() });
        }
        if self.token.trim().is_empty() {
            problems.push(FieldIssue {
                field: FormField::Token,
                message: "Paste an access token for the org.".to_string(),
            });
        }
        match validate(&self.input()) {
            Ok(v) if problems.is_empty() => {
                Ok((Plan { conn: self.connection(), backend: self.backend(), request: v.request }, v.warnings))
            }
            Ok(_) => Err(problems),
            Err(mut e) => {
                problems.append(&mut e);
                Err(problems)
            }
        }
    }

    pub fn input(&self) -> FormInput {
        FormInput {
            flow_id: self.flow_id.clone(),
            node_id: self.node_id.clone(),
            phone: self.phone.clone(),
            default_country: self.default_country.clone(),
            to: self.to.clone(),
            channel: self.channel.clone(),
            conversation_id: self.conversation_id.clone(),
            timeout_ms: self.timeout_ms.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ApiBase,
    ProxyValue,
    Token,
    FlowId,
    NodeId,
    Phone,
    DefaultCountry,
    To,
    Channel,
    ConversationId,
    TimeoutMs,
}

pub enum FormAction {
    Edit(Field, String),
    SetProxyStyle(ProxyStyle),
    SetProxy(ProxySetting),
    SetBackend(Option<Backend>),
    SetRememberToken(bool),
    /// Fill several fields at once (a demo scenario or a link).
    Fill(Box<dyn FnOnce(&mut Form)>),
}

impl Reducible for Form {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut f = (*self).clone();
        match action {
            FormAction::Edit(field, v) => match field {
                Field::ApiBase => f.api_base = v,
                Field::ProxyValue => f.proxy.value = v,
                Field::Token => f.token = v,
                Field::FlowId => f.flow_id = v,
                Field::NodeId => f.node_id = v,
                Field::Phone => f.phone = v,
                Field::DefaultCountry => f.default_country = v,
                Field::To => f.to = v,
                Field::Channel => f.channel = v,
                Field::ConversationId => f.conversation_id = v,
                Field::TimeoutMs => f.timeout_ms = v,
            },
            FormAction::SetProxyStyle(s) => f.proxy.style = s,
            FormAction::SetProxy(p) => f.proxy = p,
            FormAction::SetBackend(b) => f.backend_choice = b,
            FormAction::SetRememberToken(r) => f.remember_token = r,
            FormAction::Fill(fill) => fill(&mut f),
        }
        Rc::new(f)
    }
}
