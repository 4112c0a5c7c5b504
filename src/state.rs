//! The form as a `Reducible`: every edit is an `Action`, so components stay small and pure.

use std::rc::Rc;

use flowsim_core::base::regions::region_for_api_base;
use flowsim_core::net::api::Connection;
use flowsim_core::net::proxy::{validate_api_base, ProxySetting, ProxyStyle};
use flowsim_core::sim::validate::{validate, FieldIssue, FormField, FormInput};
use yew::Reducible;

use crate::hooks::use_simulation::Plan;
use crate::services::tz::utc_offset_ms;

/// A flow read from a file the user chose.
#[derive(Debug)]
pub struct FlowFile {
    pub name: String,
    pub flow: std::sync::Arc<flowsim_core::flow::Flow>,
    /// Distinguishes two loads of the same file.
    pub serial: u32,
}

impl PartialEq for FlowFile {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

/// The browser's own time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`), UTC when unknown.
pub fn browser_time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "UTC".to_string())
}

/// The `datetime-local` value (`2026-12-24T18:05`) in `zone` as an ISO instant in UTC; empty stays empty (now).
pub fn utc_time(local: &str, zone: &str) -> Result<String, String> {
    use flowsim_core::expr::civil::{format_datetime, parse_datetime};
    let local = local.trim();
    if local.is_empty() {
        return Ok(String::new());
    }
    let wall = parse_datetime(&format!("{local}{}", if local.len() <= 16 { ":00Z" } else { "Z" }))
        .ok_or_else(|| format!("\"{local}\" is not a date and time."))?;
    let zone = if zone.trim().is_empty() { "UTC" } else { zone.trim() };
    let unknown = || format!("The time zone \"{zone}\" is not one this browser knows (e.g. America/New_York).");
    // The offset at the wall time, then at the instant it gives (right across a DST change).
    let first = utc_offset_ms(zone, wall).ok_or_else(unknown)?;
    let offset = utc_offset_ms(zone, wall - first).ok_or_else(unknown)?;
    Ok(format_datetime(wall - offset))
}

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
    /// What the caller answers, comma-separated (`2, 1#, yes`).
    pub inputs: String,
    /// The simulated date and time as the `datetime-local` field shows it, in `time_zone`; empty: now.
    pub time: String,
    /// The IANA zone of `time` (the browser's own by default).
    pub time_zone: String,
    pub language: String,
    /// `Flow.name = value` lines.
    pub flow_inputs: String,
    /// `Action: Path` and `Action.Output = value` lines.
    pub overrides: String,
    /// Data actions to run for real, comma-separated.
    pub run_data_actions: String,
    /// Ask the user when the flow waits for the caller and the Inputs have run out.
    pub ask_at_prompts: bool,
    /// The OAuth client (Code Authorization / PKCE) to sign in with.
    pub client_id: String,
    /// Where to sign in for a custom API base; empty: derived from the API base.
    pub login_base: String,
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
            inputs: String::new(),
            time: String::new(),
            // Filled with the browser's zone just after the first render (`Intl` costs ~20 ms the first time).
            time_zone: String::new(),
            language: "en-us".to_string(),
            flow_inputs: String::new(),
            overrides: String::new(),
            run_data_actions: String::new(),
            ask_at_prompts: false,
            client_id: String::new(),
            login_base: String::new(),
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

    /// The run this form asks for, with its warnings; or every problem that prevents it. With a flow file the
    /// flow id and the token are optional (no token: org reads take their Not Found path).
    pub fn plan(&self, file: Option<Rc<FlowFile>>) -> Result<(Plan, Vec<FieldIssue>), Vec<FieldIssue>> {
        let mut problems = Vec::new();
        if let Err(e) = validate_api_base(&self.api_base) {
            problems.push(FieldIssue { field: FormField::ApiBase, message: e.to_string() });
        }
        if let Err(e) = self.proxy.validate() {
            problems.push(FieldIssue { field: FormField::Proxy, message: e.to_string() });
        }
        if self.token.trim().is_empty() && file.is_none() {
            problems.push(FieldIssue {
                field: FormField::Token,
                message: "Paste an access token for the org.".to_string(),
            });
        }
        let mut input = self.input();
        input.has_flow_file = file.is_some();
        let zone = if self.time_zone.trim().is_empty() { browser_time_zone() } else { self.time_zone.clone() };
        match utc_time(&self.time, &zone) {
            Ok(t) => input.time = t,
            Err(e) => problems.push(FieldIssue { field: FormField::Time, message: e }),
        }
        match validate(&input) {
            Ok(v) if problems.is_empty() => {
                // A flow file runs in the browser; the remote contract cannot carry it.
                let backend = if file.is_some() { Backend::Browser } else { self.backend() };
                let with_org = !self.token.trim().is_empty();
                let pause_for_input = self.ask_at_prompts;
                Ok((
                    Plan {
                        conn: self.connection(),
                        backend,
                        request: v.request,
                        file,
                        with_org,
                        pause_for_input,
                        breakpoints: Vec::new(),
                    },
                    v.warnings,
                ))
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
            inputs: self.inputs.clone(),
            language: self.language.clone(),
            flow_inputs: self.flow_inputs.clone(),
            overrides: self.overrides.clone(),
            run_data_actions: self.run_data_actions.clone(),
            ..Default::default()
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
    Inputs,
    Time,
    TimeZone,
    Language,
    FlowInputs,
    Overrides,
    RunDataActions,
    ClientId,
    LoginBase,
}

pub enum FormAction {
    Edit(Field, String),
    SetProxyStyle(ProxyStyle),
    SetProxy(ProxySetting),
    SetBackend(Option<Backend>),
    SetRememberToken(bool),
    SetAskAtPrompts(bool),
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
                Field::Inputs => f.inputs = v,
                Field::Time => f.time = v,
                Field::TimeZone => f.time_zone = v,
                Field::Language => f.language = v,
                Field::FlowInputs => f.flow_inputs = v,
                Field::Overrides => f.overrides = v,
                Field::RunDataActions => f.run_data_actions = v,
                Field::ClientId => f.client_id = v,
                Field::LoginBase => f.login_base = v,
            },
            FormAction::SetProxyStyle(s) => f.proxy.style = s,
            FormAction::SetProxy(p) => f.proxy = p,
            FormAction::SetBackend(b) => f.backend_choice = b,
            FormAction::SetRememberToken(r) => f.remember_token = r,
            FormAction::SetAskAtPrompts(a) => f.ask_at_prompts = a,
            FormAction::Fill(fill) => fill(&mut f),
        }
        Rc::new(f)
    }
}
