//! What each action type does.

use std::sync::Arc;

use super::*;

/// The first path whose label or output id matches an answer (case-insensitive).
fn path_for(a: &Action, answer: &str) -> Option<String> {
    let ans = answer.trim();
    a.paths
        .iter()
        .find(|p| p.label.eq_ignore_ascii_case(ans) || p.output_id.eq_ignore_ascii_case(ans))
        .map(|p| p.output_id.clone())
}

fn is_yes(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "yeah" | "sure" | "ok" => Some(true),
        "no" | "n" | "false" | "2" | "nope" => Some(false),
        _ => None,
    }
}

impl Interpreter {
    pub(super) fn exec(&mut self, ai: ActionIdx) -> Result<Next, Stop> {
        let flow = self.frame().flow.clone();
        let Some(a) = flow.actions.get(ai) else {
            return Err(Stop::Error(RunError::Broken { what: format!("action #{ai}") }));
        };
        if self.frames.len() == 1 {
            if let Some(v) = self.visited_actions.get_mut(ai) {
                *v = true;
            }
        }
        let at = self.at(Some(a));
        use ActionKind as K;
        // "Override this action": an override naming one of its paths takes that path without running it. A loop's
        // paths are its body, not choices; the kinds that are never simulated take their override below (with
        // why they are not simulated), and an opted-in data action runs for real.
        let own_handling = matches!(
            a.kind,
            K::Loop | K::DataAction | K::BridgeServer | K::LoopUntil | K::CallDialogflowBot | K::Unknown
        );
        if !own_handling && self.overridden_path(a).is_some() {
            return self.not_simulated(ai, a, NotSimulatedWhy::Overridden);
        }
        match &a.kind {
            // ----- control -----
            K::Task | K::TransferTask | K::ChangeState | K::TransferMenu => {
                for b in a.bindings("inputs") {
                    let v = self.eval_opt(b.value.as_ref())?;
                    self.set_var(&b.name, v, &at);
                }
                self.push(at, Event::Action { path: None, reason: None });
                match a.target {
                    Some(c) => Ok(Next::Goto(Cursor::Container(c))),
                    None => Err(Stop::Error(RunError::Broken {
                        what: format!("{} points to no task, state or menu", a.type_name),
                    })),
                }
            }
            K::CallTask => {
                let Some(c) = a.target else {
                    return Err(Stop::Error(RunError::Broken { what: "Call Task points to no task".into() }));
                };
                if self.frame().tasks.len() >= self.options.max_depth {
                    return Err(Stop::Error(RunError::NestingLimit { limit: self.options.max_depth }));
                }
                for b in a.bindings("inputs") {
                    let v = self.eval_opt(b.value.as_ref())?;
                    self.set_var(&b.name, v, &at);
                }
                self.push(at, Event::Action { path: None, reason: None });
                self.frame_mut().tasks.push(ai);
                Ok(Next::Goto(Cursor::Container(c)))
            }
            K::EndTask => {
                let out = a.reference("pathReference").unwrap_or("__DEFAULT__").to_string();
                self.push(at, Event::Action { path: a.reference("pathName").map(str::to_string), reason: None });
                if let Some(site) = self.frame_mut().tasks.pop() {
                    return self.return_from_task(site, &out);
                }
                if self.frame().kind != FrameKind::Root {
                    return self.return_from_flow();
                }
                Ok(Next::End(self.end_of_flow(&flow)))
            }
            K::Decision => {
                let e = a.expr("expression");
                let v = self.eval_opt(e)?;
                let reason =
                    Some(Reason { expression: e.map(|e| e.text.clone()).unwrap_or_default(), value: value_text(&v) });
                match v {
                    Value::Boolean(true) => Ok(self.take(ai, "__YES__", reason)),
                    Value::Boolean(false) => Ok(self.take(ai, "__NO__", reason)),
                    other => Err(Stop::Error(match other {
                        Value::NotSet(_) => RunError::NotSet {
                            what: format!("The decision '{}'", e.map(|e| e.text.as_str()).unwrap_or("")),
                        },
                        o => RunError::Expression {
                            expression: e.map(|e| e.text.clone()).unwrap_or_default(),
                            message: format!("a decision needs a Boolean, not {}", value_text(&o)),
                        },
                    })),
                }
            }
            K::Switch => {
                let by_value = a.expr("expression").filter(|e| !e.is_empty());
                let subject = match by_value {
                    Some(e) => Some(self.eval(e)?),
                    None => None,
                };
                for c in &a.cases {
                    let Some(ce) = &c.value else { continue };
                    let v = self.eval(ce)?;
                    let hit = match &subject {
                        None => v == Value::Boolean(true),
                        Some(s) => {
                            plain_text(s).eq_ignore_ascii_case(&plain_text(&v)) && !matches!(v, Value::NotSet(_))
                        }
                    };
                    if hit {
                        let reason = Some(Reason { expression: ce.text.clone(), value: value_text(&v) });
                        return Ok(self.take(ai, &c.reference_id, reason));
                    }
                }
                let reason = by_value.map(|e| Reason {
                    expression: e.text.clone(),
                    value: subject.as_ref().map(value_text).unwrap_or_default(),
                });
                Ok(self.take(ai, "__DEFAULT__", reason))
            }
            K::Loop => {
                let e = a.expr("loopCount");
                let n = match self.eval_opt(e)? {
                    Value::Integer(n) => n,
                    Value::Decimal(d) => d as i64,
                    Value::NotSet(_) => {
                        return Err(Stop::Error(RunError::NotSet { what: "The loop count".into() }));
                    }
                    o => plain_text(&o).trim().parse().unwrap_or(0),
                };
                self.frame_mut().loops.remove(&ai);
                self.iterate(&flow, ai, a, 0, n)
            }
            K::ExitLoop => {
                self.push(at, Event::Action { path: None, reason: None });
                match Self::enclosing_loop(&flow, ai) {
                    Some(l) => {
                        self.frame_mut().loops.remove(&l);
                        Ok(Next::Goto(Self::after(&flow, l)))
                    }
                    None => Ok(Next::Goto(Self::after(&flow, ai))),
                }
            }
            K::NextLoop => {
                self.push(at, Event::Action { path: None, reason: None });
                match Self::enclosing_loop(&flow, ai) {
                    Some(l) => Ok(Next::Goto(Cursor::LoopReturn(l))),
                    None => Ok(Next::Goto(Self::after(&flow, ai))),
                }
            }

            // ----- data -----
            K::UpdateVariable => {
                let bs = a.bindings("variables");
                // `progress` keeps assignments already made when an org answer re-runs the action.
                let start = self.progress.saturating_sub(1);
                for (i, b) in bs.iter().enumerate().skip(start) {
                    self.progress = i + 1;
                    let v = self.eval_opt(b.value.as_ref())?;
                    match &b.variable {
                        Some(t) => self.assign(t, v, &at)?,
                        None if !b.name.is_empty() => self.set_var(&b.name, v, &at),
                        None => {}
                    }
                }
                Ok(self.done(ai))
            }
            K::SetAttributes | K::SetConversationData => {
                for b in a.bindings("variables") {
                    let v = self.eval_opt(b.value.as_ref())?;
                    let name = if b.name.is_empty() {
                        b.variable.as_ref().map(|t| plain_or_text(self, t)).unwrap_or_default()
                    } else {
                        b.name.clone()
                    };
                    if !name.is_empty() {
                        self.participant.insert(name.clone(), plain_text(&v));
                        self.push(
                            at.clone(),
                            Event::VariableChanged {
                                name: format!("participant data {name}"),
                                before: String::new(),
                                after: value_text(&v),
                            },
                        );
                    }
                }
                Ok(if a.path("__SUCCESS__").is_some() { self.take(ai, "__SUCCESS__", None) } else { self.done(ai) })
            }
            K::GetAttributes => {
                for b in a.bindings("variables") {
                    let name = if b.name.is_empty() {
                        b.value.as_ref().map(|t| plain_or_text(self, t)).unwrap_or_default()
                    } else {
                        b.name.clone()
                    };
                    let target = b.variable.as_ref().and_then(|t| t.target_name()).map(str::to_string);
                    if let Some(t) = target {
                        let v = match self.participant.get(&name) {
                            Some(s) => Value::String(s.clone()),
                            None => Value::NotSet(Type::String),
                        };
                        self.set_var(&t, v, &at);
                    }
                }
                Ok(self.done(ai))
            }
            K::ClearSlot => {
                for b in a.bindings("slots") {
                    let name = b.value.as_ref().and_then(|v| v.target_name()).unwrap_or(&b.name).to_string();
                    if !name.is_empty() {
                        self.set_var(&name, Value::NotSet(Type::Any), &at);
                    }
                }
                Ok(self.done(ai))
            }

            // ----- org reads -----
            K::DataTableLookup => {
                let table = a.reference("datatableId").unwrap_or("").to_string();
                let key = plain_text(&self.eval_opt(a.expr("lookupKeyValue"))?);
                let ans = self.org_read(OrgQuery::DataTableRow { table_id: table, key }, &at)?;
                match ans {
                    OrgAnswer::Found(row) => {
                        for b in a.bindings("outputs") {
                            if let Some(t) = b.value.as_ref().and_then(|v| v.target_name()).map(str::to_string) {
                                let v = json_field(&row, &b.name);
                                self.set_var(&t, v, &at);
                            }
                        }
                        Ok(self.take(ai, "__FOUND__", None))
                    }
                    OrgAnswer::NotFound | OrgAnswer::NoOrg => Ok(self.take(ai, "__NOT_FOUND__", None)),
                    OrgAnswer::Failed(m) => self.org_failed(ai, m),
                }
            }
            // Get External Organization has Get External Contact's keys (`externalId`, `externalResult`) and
            // paths (Architect Scripting's `ArchActionGetExternalOrganization`).
            K::GetExternalContact | K::SearchExternalContacts | K::GetExternalOrganization => {
                let search = a.kind == K::SearchExternalContacts;
                let organization = a.kind == K::GetExternalOrganization;
                let term_e = ["searchTerm", "externalId", "externalContactId", "searchValue"]
                    .iter()
                    .find_map(|k| a.expr(k).filter(|e| !e.is_empty()));
                let term = plain_text(&self.eval_opt(term_e)?);
                if term.is_empty() {
                    return Err(Stop::Error(RunError::NotSet {
                        what: if organization {
                            "The external organization id"
                        } else {
                            "The external contact id or search term"
                        }
                        .into(),
                    }));
                }
                let q = match a.kind {
                    K::SearchExternalContacts => OrgQuery::ExternalContactSearch(term),
                    K::GetExternalOrganization => OrgQuery::ExternalOrganizationById(term),
                    _ => OrgQuery::ExternalContactById(term),
                };
                let ans = self.org_read(q, &at)?;
                let target = ["externalResult", "externalResults"]
                    .iter()
                    .find_map(|k| a.expr(k))
                    .and_then(|e| e.target_name())
                    .map(str::to_string);
                match ans {
                    OrgAnswer::Found(v) => {
                        let (count, value) = match &v {
                            serde_json::Value::Array(items) => (items.len(), v.clone()),
                            serde_json::Value::Object(o) if o.get("entities").is_some() => {
                                let es = o.get("entities").cloned().unwrap_or_default();
                                (es.as_array().map(|a| a.len()).unwrap_or(0), es)
                            }
                            _ => (1, v.clone()),
                        };
                        if let Some(t) = target {
                            let ty = match a.kind {
                                K::SearchExternalContacts => "cpx_external_contact_coll",
                                K::GetExternalOrganization => "cpx_external_organization",
                                _ => "cpx_external_contact",
                            };
                            self.set_var(&t, entity_value(ty, &value, 0), &at);
                        }
                        if count == 0 {
                            return Ok(self.take(ai, "__NOT_FOUND__", None));
                        }
                        let out = if search && count > 1 && a.path("__MATCH_MULTIPLE__").is_some() {
                            "__MATCH_MULTIPLE__"
                        } else if search && a.path("__MATCH_EXACT__").is_some() {
                            "__MATCH_EXACT__"
                        } else {
                            "__FOUND__"
                        };
                        Ok(self.take(ai, out, None))
                    }
                    OrgAnswer::NotFound | OrgAnswer::NoOrg => Ok(self.take(ai, "__NOT_FOUND__", None)),
                    OrgAnswer::Failed(m) => self.org_failed(ai, m),
                }
            }
            K::FindUserById
            | K::FindUser
            | K::FindQueue
            | K::FindQueueById
            | K::FindSkill
            | K::FindGroup
            | K::FindLanguageSkill
            | K::FindSchedule
            | K::FindScheduleGroup
            | K::FindEmergencyGroup
            | K::FindSystemPrompt
            | K::FindUserPrompt
            | K::FindGrammar
            | K::FindGrammarById
            | K::FindUtilizationLabel => {
                let e = ["findId", "findName", "findEmail", "findValue", "name", "id"]
                    .iter()
                    .find_map(|k| a.expr(k).filter(|e| !e.is_empty()));
                let key = plain_text(&self.eval_opt(e)?);
                let (make, ty): (fn(String) -> OrgQuery, &str) = match a.kind {
                    K::FindUserById => (OrgQuery::UserById, "usr"),
                    K::FindUser if key.contains('@') => (OrgQuery::UserByEmail, "usr"),
                    K::FindUser => (OrgQuery::UserByName, "usr"),
                    K::FindQueueById => (OrgQuery::QueueById, "que"),
                    K::FindSkill => (OrgQuery::SkillByName, "skl"),
                    K::FindGroup => (OrgQuery::GroupByName, "grp"),
                    K::FindLanguageSkill => (OrgQuery::LanguageSkillByName, "lac"),
                    K::FindSchedule => (OrgQuery::ScheduleByName, "sch"),
                    K::FindScheduleGroup => (OrgQuery::ScheduleGroupByName, "scg"),
                    K::FindEmergencyGroup => (OrgQuery::EmergencyGroupByName, "emg"),
                    K::FindSystemPrompt => (OrgQuery::SystemPromptByName, "pmt"),
                    K::FindUserPrompt => (OrgQuery::UserPromptByName, "pmt"),
                    K::FindGrammar => (OrgQuery::GrammarByName, "gmr"),
                    K::FindGrammarById => (OrgQuery::GrammarById, "gmr"),
                    // No export with this action was seen: the type the configuration declares for `findResult`
                    // wins over this code (flowsim's own).
                    K::FindUtilizationLabel => (OrgQuery::UtilizationLabelByName, "ulb"),
                    _ => (OrgQuery::QueueByName, "que"),
                };
                // A NOT_SET or empty name or id finds nothing, without a read (Architect's help on the Find
                // actions: "If the supplied … value is NOT_SET, then the flow takes the not found path").
                let ans = if key.trim().is_empty() { OrgAnswer::NotFound } else { self.org_read(make(key), &at)? };
                let result = a.expr("findResult");
                let target = result.and_then(|e| e.target_name()).map(str::to_string);
                let declared = result
                    .map(|e| e.type_code.as_str())
                    .filter(|c| matches!(Type::from_code(c), Type::Entity(_) | Type::Other(_) | Type::Prompt));
                match ans {
                    OrgAnswer::Found(v) => {
                        if let Some(t) = target {
                            self.set_var(&t, found_entity(declared.unwrap_or(ty), &v), &at);
                        }
                        Ok(self.take(ai, "__FOUND__", None))
                    }
                    OrgAnswer::NotFound | OrgAnswer::NoOrg => Ok(self.take(ai, "__NOT_FOUND__", None)),
                    OrgAnswer::Failed(m) => self.org_failed(ai, m),
                }
            }
            K::FindUsersById => self.find_users_by_id(ai, a, &at),
            K::EvaluateSchedule | K::EvaluateScheduleGroup => self.evaluate_schedule(ai, a, &at),
            K::GetResponse => {
                let body = a.expr("responseBody").map(|e| self.say_text(e));
                if let (Some(body), Some(t)) =
                    (body, a.expr("responseBody").and_then(|e| e.target_name()).map(str::to_string))
                {
                    self.set_var(&t, Value::String(body), &at);
                }
                let out = if a.path("__SUCCESS__").is_some() { "__SUCCESS__" } else { "__FOUND__" };
                Ok(self.take(ai, out, None))
            }

            // ----- the caller -----
            K::PlayAudio | K::PlayEstimatedWaitTime => {
                self.say(a, "prompts");
                Ok(self.done(ai))
            }
            K::Communicate => {
                self.say(a, "communication");
                Ok(self.done(ai))
            }
            K::SendResponse | K::SendAutoReply => {
                self.say(a, "messageBody");
                Ok(self.done(ai))
            }
            K::SendNotification => {
                self.say(a, "body");
                Ok(if a.path("__SUCCESS__").is_some() { self.take(ai, "__SUCCESS__", None) } else { self.done(ai) })
            }
            K::ScreenPop => Ok(self.done(ai)),
            K::CollectInput => {
                let prompt = a.expr("prompts").map(|p| self.say_text(p)).unwrap_or_default();
                let answer = self.take_input(InputKind::Digits, &a.id, &prompt, Vec::new())?;
                if !prompt.is_empty() {
                    self.push(at.clone(), Event::Said { text: prompt });
                }
                self.push(at.clone(), Event::Answered { kind: InputKind::Digits, value: answer.clone() });
                let min = match self.eval_opt(a.expr("numberOfDigitsMin"))? {
                    Value::Integer(n) => n.max(0) as usize,
                    _ => 1,
                };
                let max = match self.eval_opt(a.expr("numberOfDigitsMax"))? {
                    Value::Integer(n) => n.max(0) as usize,
                    _ => usize::MAX,
                };
                let digits: Option<String> = answer.map(|s| {
                    s.trim().trim_end_matches('#').chars().filter(|c| c.is_ascii_digit() || *c == '*').collect()
                });
                match digits {
                    Some(d) if !d.is_empty() && d.len() >= min && d.len() <= max => {
                        if let Some(t) = a.expr("resultData").and_then(|e| e.target_name()).map(str::to_string) {
                            self.set_var(&t, Value::String(d), &at);
                        }
                        Ok(self.take(ai, "__SUCCESS__", None))
                    }
                    _ => Ok(self.take(ai, "__FAILURE__", None)),
                }
            }
            K::AskForBoolean => loop {
                let answer = self.ask(ai, a, InputKind::YesNo, vec!["yes".into(), "no".into()])?;
                let Some(ans) = answer else { return Ok(self.take(ai, "__MAX_NO_INPUTS__", None)) };
                match is_yes(&ans) {
                    Some(true) => {
                        self.no_matches.remove(&ai);
                        return Ok(self.take(ai, "__YES__", None));
                    }
                    Some(false) => {
                        self.no_matches.remove(&ai);
                        return Ok(self.take(ai, "__NO__", None));
                    }
                    None => {
                        if let Some(n) = self.no_match(ai, a)? {
                            return Ok(n);
                        }
                    }
                }
            },
            K::AskForSlot => {
                let answer = self.ask(ai, a, InputKind::Slot, Vec::new())?;
                let Some(ans) = answer else { return Ok(self.take(ai, "__MAX_NO_INPUTS__", None)) };
                let slot = a
                    .expr("selectedSlot")
                    .and_then(|e| e.target_name())
                    .or_else(|| a.reference("selectedSlot"))
                    .map(str::to_string);
                if let Some(s) = slot {
                    let name = if s.contains('.') { s } else { format!("Slot.{s}") };
                    self.set_var(&name, Value::String(ans), &at);
                }
                Ok(self.take(ai, "__DEFAULT__", None))
            }
            K::AskForNluIntent | K::DigitalMenu => loop {
                let choices: Vec<String> =
                    a.paths.iter().filter(|p| !p.output_id.starts_with("__")).map(|p| p.label.clone()).collect();
                let kind = if a.kind == K::DigitalMenu { InputKind::Choice } else { InputKind::Intent };
                let answer = self.ask(ai, a, kind, choices)?;
                let Some(ans) = answer else { return Ok(self.take(ai, "__MAX_NO_INPUTS__", None)) };
                if let Some(out) = path_for(a, &ans) {
                    self.no_matches.remove(&ai);
                    if let Some(t) = a.expr("selection").and_then(|e| e.target_name()).map(str::to_string) {
                        self.set_var(&t, Value::String(ans.clone()), &at);
                    }
                    return Ok(self.take(ai, &out, None));
                }
                if a.path("__NO_INTENT__").is_some() {
                    return Ok(self.take(ai, "__NO_INTENT__", None));
                }
                if let Some(n) = self.no_match(ai, a)? {
                    return Ok(n);
                }
            },

            // ----- other flows -----
            K::CallCommonModule => {
                let id = a.reference("flowId").unwrap_or("").to_string();
                let name = a.reference("flowName").unwrap_or("").to_string();
                let embedded = self.frames[0].flow.module(&id, &name).or_else(|| flow.module(&id, &name));
                let callee = match embedded {
                    Some(m) => Some(Arc::new(m.clone())),
                    None => self.read_flow(&id, &name)?,
                };
                match callee {
                    Some(f) => self.call_flow(ai, f, FrameKind::Module),
                    None => self.not_simulated(ai, a, NotSimulatedWhy::FlowUnreadable),
                }
            }
            K::CallBotFlow => {
                let id = a.reference("flowId").unwrap_or("").to_string();
                let name = a.reference("flowName").unwrap_or("").to_string();
                match self.read_flow(&id, &name)? {
                    Some(f) => self.call_flow(ai, f, FrameKind::Bot),
                    None => self.not_simulated(ai, a, NotSimulatedWhy::Bot),
                }
            }
            K::TransferFlow => {
                let id = a.reference("flowId").unwrap_or("").to_string();
                let name = a.reference("flowName").unwrap_or("").to_string();
                let target = self.read_flow(&id, &name)?;
                self.say(a, "preTransferAudio");
                match target {
                    Some(f) if self.frames.len() < self.options.max_depth => {
                        self.push(at, Event::Action { path: None, reason: None });
                        // The target replaces the running flow (no return).
                        let mut vars = Vars::default();
                        self.init_vars(&f, &mut vars);
                        let Some(c) = f.initial_sequence else {
                            return Ok(Next::End(Outcome::TransferToFlow { flow_id: id, flow_name: name }));
                        };
                        self.frames.push(Frame {
                            flow: f,
                            kind: FrameKind::Root,
                            vars,
                            tasks: Vec::new(),
                            call_site: None,
                            loops: HashMap::new(),
                            cursor: Cursor::Container(c),
                            menu_attempts: HashMap::new(),
                        });
                        Ok(Next::Switched)
                    }
                    _ => {
                        self.push(at, Event::Action { path: None, reason: None });
                        Ok(Next::End(Outcome::TransferToFlow { flow_id: id, flow_name: name }))
                    }
                }
            }

            // ----- ends -----
            K::TransferToAcd => {
                // Every expression first (an org read re-runs the action), then what the caller hears.
                let mut queue = None;
                for q in a.exprs_of("queues") {
                    match self.eval(q)? {
                        Value::Entity { id, name, .. } => {
                            queue = Some((id, name));
                            break;
                        }
                        Value::String(s) if !s.is_empty() => {
                            queue = Some((String::new(), s));
                            break;
                        }
                        _ => {}
                    }
                }
                let mut skills = Vec::new();
                for s in a.exprs_of("skills") {
                    let v = self.eval(s)?;
                    if !matches!(v, Value::NotSet(_)) {
                        skills.push(plain_text(&v));
                    }
                }
                if let Some(l) = a.expr("languageSkill").filter(|e| !e.is_empty()) {
                    let v = self.eval(l)?;
                    if !matches!(v, Value::NotSet(_)) {
                        skills.push(plain_text(&v));
                    }
                }
                let priority = match self.eval_opt(a.expr("priority"))? {
                    Value::Integer(p) => Some(p),
                    _ => None,
                };
                let preferred = match a.expr("preferredAgents").filter(|e| !e.is_empty()) {
                    Some(e) => Some(plain_text(&self.eval(e)?)).filter(|s| !s.is_empty()),
                    None => None,
                };
                let Some((queue_id, queue_name)) = queue else {
                    return Err(Stop::Error(RunError::NotSet { what: "The queue of Transfer to ACD".into() }));
                };
                self.say(a, "preTransferAudio");
                self.say(a, "preTransferCommunication");
                self.push(at, Event::Action { path: None, reason: None });
                Ok(Next::End(Outcome::TransferToQueue {
                    queue_id,
                    queue_name,
                    skills,
                    priority,
                    preferred_agents: preferred,
                }))
            }
            K::TransferToNumber | K::TransferToUser | K::TransferToGroup | K::TransferToVoicemail => {
                let keys =
                    ["number", "address", "user", "group", "targetUser", "targetGroup", "target", "voicemailUser"];
                let e = keys.iter().find_map(|k| a.expr(k).filter(|e| !e.is_empty()));
                let target = plain_text(&self.eval_opt(e)?);
                if target.is_empty() {
                    return Err(Stop::Error(RunError::NotSet { what: format!("The target of {}", a.type_name) }));
                }
                self.say(a, "preTransferAudio");
                self.push(at, Event::Action { path: None, reason: None });
                Ok(Next::End(match a.kind {
                    K::TransferToNumber => Outcome::TransferToNumber { number: target },
                    K::TransferToUser => Outcome::TransferToUser { user: target },
                    K::TransferToGroup => Outcome::TransferToGroup { group: target },
                    _ => Outcome::TransferToVoicemail { target },
                }))
            }
            K::Disconnect | K::DisconnectWorkitem => {
                self.push(at, Event::Action { path: None, reason: None });
                Ok(Next::End(Outcome::Disconnect))
            }
            K::EndWorkflow => {
                let reason = plain_text(&self.eval_opt(a.expr("exitReason"))?);
                self.push(at, Event::Action { path: None, reason: None });
                Ok(Next::End(Outcome::WorkflowEnd { exit_reason: reason }))
            }
            K::ExitBotFlow => {
                self.push(at, Event::Action { path: None, reason: None });
                if self.frame().kind == FrameKind::Bot {
                    return self.return_from_flow();
                }
                Ok(Next::End(Outcome::ExitBotFlow))
            }
            K::ExitWorkitemFlow => {
                self.push(at, Event::Action { path: None, reason: None });
                Ok(Next::End(Outcome::ExitWorkitemFlow))
            }
            K::CompleteSurveyInvite => {
                self.push(at, Event::Action { path: None, reason: None });
                Ok(Next::End(Outcome::SurveyInviteCompleted))
            }

            // ----- time -----
            K::Wait | K::HoldMusic => {
                if a.kind == K::HoldMusic {
                    self.say(a, "prompt");
                }
                let ms = match self.eval_opt(a.expr("duration"))? {
                    Value::Duration(ms) => ms.clamp(0, 86_400_000 * 365),
                    _ => 0,
                };
                self.now_ms = self.now_ms.saturating_add(ms);
                self.push(at, Event::Waited { ms });
                Ok(self.done(ai))
            }

            // ----- not simulated -----
            K::DataAction => {
                let action_id = a.reference("actionId").unwrap_or("").to_string();
                if self.options.run_data_actions.iter().any(|x| x == &a.id || x == &action_id) {
                    if let Some(r) = self.data_result.take() {
                        return Ok(self.apply_data_result(ai, a, r));
                    }
                    let mut inputs = Vec::new();
                    for b in a.bindings("inputs") {
                        let v = self.eval_opt(b.value.as_ref())?;
                        inputs.push((b.name.clone(), plain_text(&v)));
                    }
                    return Err(Stop::Need(Need::DataAction { node_id: a.id.clone(), action_id, inputs }));
                }
                self.not_simulated(ai, a, NotSimulatedWhy::DataAction)
            }
            K::BridgeServer => self.not_simulated(ai, a, NotSimulatedWhy::BridgeServer),
            K::LoopUntil => self.not_simulated(ai, a, NotSimulatedWhy::UnknownType),
            K::Bookkeeping => {
                Ok(if a.path("__SUCCESS__").is_some() { self.take(ai, "__SUCCESS__", None) } else { self.done(ai) })
            }
            K::AskForString | K::WaitForInput => {
                let kind = if a.kind == K::WaitForInput { InputKind::Choice } else { InputKind::Slot };
                let answer = self.ask(ai, a, kind, Vec::new())?;
                match answer {
                    Some(ans) => {
                        let target = ["askResult", "result", "resultData", "outputData"]
                            .iter()
                            .find_map(|k| a.expr(k))
                            .and_then(|e| e.target_name())
                            .map(str::to_string);
                        if let Some(t) = target {
                            self.set_var(&t, Value::String(ans), &at);
                        }
                        let out =
                            ["__SUCCESS__", "__DEFAULT__"].into_iter().find(|o| a.path(o).is_some()).unwrap_or("");
                        Ok(self.take(ai, out, None))
                    }
                    None => {
                        let out = ["__MAX_NO_INPUTS__", "__TIMEOUT__", "__FAILURE__"]
                            .into_iter()
                            .find(|o| a.path(o).is_some())
                            .unwrap_or("");
                        Ok(self.take(ai, out, None))
                    }
                }
            }
            K::CallDialogflowBot => self.not_simulated(ai, a, NotSimulatedWhy::Bot),
            K::Unknown => self.not_simulated(ai, a, NotSimulatedWhy::UnknownType),
        }
    }

    /// Find Users by Id: `findIds` (a string collection), each of the first 50 read by id; `findResult` holds one
    /// item per id, in order, NOT_SET where no user was found and after the 50th (Architect's help, "Find Users by
    /// Id action"). Paths: Found (every user found), Partially Found, Not Found. The output ids of the last two
    /// were never seen in an export: flowsim matches `__PARTIALLY_FOUND__` or the label "Partially Found" (an
    /// inference).
    fn find_users_by_id(&mut self, ai: ActionIdx, a: &Action, at: &At) -> Result<Next, Stop> {
        use crate::expr::org::MAX_USERS_BY_ID;
        let ids = match self.eval_opt(a.expr("findIds").or_else(|| a.expr("findId")))? {
            Value::List { items, .. } => items,
            Value::NotSet(_) => Vec::new(),
            one => vec![one],
        };
        let queries: Vec<Option<OrgQuery>> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| match id {
                Value::String(s) if i < MAX_USERS_BY_ID && !s.trim().is_empty() => Some(OrgQuery::UserById(s.clone())),
                _ => None,
            })
            .collect();
        // Ask for every missing read first, so that the reads go to the trace once each when all are answered.
        if self.options.org {
            if let Some(q) = queries.iter().flatten().find(|q| !self.org.contains_key(*q)) {
                return Err(Stop::Need(Need::Org(q.clone())));
            }
        }
        let mut users = Vec::with_capacity(queries.len());
        for q in queries {
            users.push(match q {
                Some(q) => match self.org_read(q, at)? {
                    OrgAnswer::Found(v) => found_entity("usr", &v),
                    OrgAnswer::NotFound | OrgAnswer::NoOrg => Value::NotSet(Type::from_code("usr")),
                    OrgAnswer::Failed(m) => return self.org_failed(ai, m),
                },
                None => Value::NotSet(Type::from_code("usr")),
            });
        }
        let found = users.iter().filter(|u| !u.is_not_set()).count();
        if let Some(t) = a.expr("findResult").and_then(|e| e.target_name()).map(str::to_string) {
            self.set_var(&t, Value::List { item: Type::from_code("usr"), items: users.clone() }, at);
        }
        let out = if found > 0 && found == users.len() {
            "__FOUND__".to_string()
        } else if found > 0 {
            path_for(a, "__PARTIALLY_FOUND__").or_else(|| path_for(a, "Partially Found")).unwrap_or_default()
        } else {
            "__NOT_FOUND__".to_string()
        };
        let reason = Reason { expression: a.name.clone(), value: format!("{found} of {} users found", users.len()) };
        Ok(self.take(ai, &out, Some(reason)))
    }

    /// Evaluate Schedule / Evaluate Schedule Group at the simulated instant (or the action's `evaluate` time).
    ///
    /// The configuration keys and output ids of these actions were never seen in a real export: flowsim reads
    /// `scheduleGroup` / `schedule` / `emergencyGroup` (entity expressions carrying the id) and matches paths by
    /// output id or label (`__OPEN__`/Open, `__CLOSED__`/Closed, `__HOLIDAY__`/Holiday, `__EMERGENCY__`/Emergency;
    /// for a single schedule, In Schedule / Out of Schedule, else Yes / No). An inference, not a documented fact.
    fn evaluate_schedule(&mut self, ai: ActionIdx, a: &Action, at: &At) -> Result<Next, Stop> {
        use crate::interp::schedule::{active, evaluate_group, ScheduleState};
        use crate::wire::architect::{EmergencyGroup, Schedule, ScheduleGroup};
        let id_of = |v: &Value| match v {
            Value::Entity { id, .. } if !id.is_empty() => Some(id.clone()),
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let when = match a.expr("evaluate").or_else(|| a.expr("evaluationDateTime")).filter(|e| !e.is_empty()) {
            Some(e) => match self.eval(e)? {
                Value::DateTime(ms) => ms,
                _ => self.now_ms,
            },
            None => self.now_ms,
        };
        let emergency = match a.expr("emergencyGroup").filter(|e| !e.is_empty()) {
            Some(e) => {
                let v = self.eval(e)?;
                match id_of(&v) {
                    Some(id) => match self.org_read(OrgQuery::EmergencyGroupById(id), at)? {
                        OrgAnswer::Found(j) => serde_json::from_value::<EmergencyGroup>(j).ok(),
                        _ => None,
                    },
                    None => None,
                }
            }
            None => None,
        };
        let read_schedule = |me: &mut Self, id: &str| -> Result<Option<Schedule>, Stop> {
            Ok(match me.org_read(OrgQuery::ScheduleById(id.to_string()), at)? {
                OrgAnswer::Found(j) => serde_json::from_value::<Schedule>(j).ok(),
                _ => None,
            })
        };
        let group_key = if a.kind == ActionKind::EvaluateScheduleGroup { "scheduleGroup" } else { "schedule" };
        let target = match a.expr(group_key).filter(|e| !e.is_empty()) {
            Some(e) => {
                let v = self.eval(e)?;
                id_of(&v)
            }
            None => None,
        };
        let Some(target) = target else {
            return Err(Stop::Error(RunError::NotSet { what: format!("The {group_key} of {}", a.type_name) }));
        };
        let state = if a.kind == ActionKind::EvaluateScheduleGroup {
            let group = match self.org_read(OrgQuery::ScheduleGroupById(target), at)? {
                OrgAnswer::Found(j) => serde_json::from_value::<ScheduleGroup>(j).ok(),
                OrgAnswer::Failed(m) => return self.org_failed(ai, m),
                _ => None,
            };
            let Some(group) = group else { return self.not_simulated(ai, a, NotSimulatedWhy::Schedule) };
            let refs = group.open_schedules.iter().chain(&group.closed_schedules).chain(&group.holiday_schedules);
            let mut schedules = Vec::new();
            for r in refs {
                if let Some(s) = read_schedule(self, &r.id)? {
                    schedules.push(s);
                }
            }
            let lookup = |id: &str| schedules.iter().find(|s| s.id == id).cloned();
            match evaluate_group(&group, &lookup, emergency.as_ref(), when, self.time_zones.as_ref()) {
                Ok(s) => Some(s),
                Err(zone) => {
                    return Err(Stop::Error(RunError::Expression {
                        expression: group.name.clone(),
                        message: format!("flowsim cannot convert time zone {zone}"),
                    }))
                }
            }
        } else if emergency.as_ref().is_some_and(|e| e.enabled) {
            Some(ScheduleState::Emergency)
        } else {
            // A lone schedule has no zone: it is read in UTC (documented choice).
            read_schedule(self, &target)?.map(|s| {
                if active(&s, when) {
                    ScheduleState::Open
                } else {
                    ScheduleState::Closed
                }
            })
        };
        let Some(state) = state else { return self.not_simulated(ai, a, NotSimulatedWhy::Schedule) };
        let wanted: &[&str] = match state {
            ScheduleState::Open => &["__OPEN__", "Open", "__IN_SCHEDULE__", "In Schedule", "__YES__"],
            ScheduleState::Closed => &["__CLOSED__", "Closed", "__OUT_OF_SCHEDULE__", "Out of Schedule", "__NO__"],
            ScheduleState::Holiday => &["__HOLIDAY__", "Holiday"],
            ScheduleState::Emergency => &["__EMERGENCY__", "Emergency"],
        };
        let out = wanted.iter().find_map(|w| path_for(a, w)).unwrap_or_default();
        let reason = Reason { expression: a.name.clone(), value: format!("{state:?}") };
        Ok(self.take(ai, &out, Some(reason)))
    }

    fn org_failed(&mut self, ai: ActionIdx, m: String) -> Result<Next, Stop> {
        Err(Stop::Error(RunError::OrgFailed { message: m })).or_else(|e| match e {
            Stop::Error(e) => self.on_error(ai, e),
            other => Err(other),
        })
    }

    /// Another flow's configuration: from the driver (asked once; `None` when it cannot be read).
    fn read_flow(&mut self, id: &str, name: &str) -> Result<Option<Arc<Flow>>, Stop> {
        if id.is_empty() {
            return Ok(None);
        }
        if let Some(f) = self.flows.get(id) {
            return Ok(f.clone());
        }
        if !self.options.org {
            return Ok(None);
        }
        Err(Stop::Need(Need::Flow { flow_id: id.to_string(), flow_name: name.to_string() }))
    }

    fn apply_data_result(&mut self, ai: ActionIdx, a: &Action, r: DataActionResult) -> Next {
        let at = self.at(Some(a));
        if r.success {
            for b in a.bindings("outputs") {
                if let Some(t) = b.value.as_ref().and_then(|v| v.target_name()).map(str::to_string) {
                    let v = r
                        .outputs
                        .iter()
                        .find(|(k, _)| k == &b.name)
                        .map(|(_, j)| json_to_value(j))
                        .unwrap_or(Value::NotSet(Type::Any));
                    self.set_var(&t, v, &at);
                }
            }
            self.take(ai, "__SUCCESS__", None)
        } else {
            self.push(
                at,
                Event::Error {
                    error: RunError::OrgFailed { message: r.error.unwrap_or_else(|| "the data action failed".into()) },
                },
            );
            self.take(ai, "__FAILURE__", None)
        }
    }
}

fn plain_or_text(me: &Interpreter, e: &Expression) -> String {
    match evaluate(e, &me.scope()) {
        Ok(v) => plain_text(&v),
        Err(_) => e.text.clone(),
    }
}

fn json_to_value(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Decimal(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::Null => Value::NotSet(Type::Any),
        other => Value::Json(other.clone()),
    }
}

/// How deep [`entity_value`] converts (serde_json's parser stops at 128 anyway).
const MAX_ENTITY_DEPTH: usize = 64;

/// An org entity's JSON (an external contact, or a search's list of them) as the complex value the flow's
/// variable holds (type `ty`, e.g. `cpx_external_contact`): objects become complex values whose fields have
/// typed values (`Flow.Contact.externalOrganization.name` is a String), arrays lists, `null` NOT_SET.
fn entity_value(ty: &str, j: &serde_json::Value, depth: usize) -> Value {
    if depth > MAX_ENTITY_DEPTH {
        return Value::Json(j.clone());
    }
    match j {
        serde_json::Value::Object(o) => Value::Complex {
            ty: ty.strip_suffix("_coll").unwrap_or(ty).to_string(),
            fields: o.iter().map(|(k, v)| (k.clone(), entity_value(&format!("cpx_{k}"), v, depth + 1))).collect(),
        },
        serde_json::Value::Array(a) => {
            let item = ty.strip_suffix("_coll").unwrap_or(ty);
            Value::List {
                item: Type::from_code(item),
                items: a.iter().map(|v| entity_value(item, v, depth + 1)).collect(),
            }
        }
        other => json_to_value(other),
    }
}

/// A field of a data-table row or an org entity by name (case-insensitive), as a value.
fn json_field(row: &serde_json::Value, name: &str) -> Value {
    row.as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| json_to_value(v)))
        .unwrap_or(Value::NotSet(Type::Any))
}

/// The entity a Find action found (`{id, name}` of the resource), typed `ty` (`usr`, `scg`, `pmt`, …).
fn found_entity(ty: &str, v: &serde_json::Value) -> Value {
    let id = v.get("id").map(crate::base::text::text_of).unwrap_or_default();
    let name = v.get("name").map(crate::base::text::text_of).unwrap_or_default();
    Value::Entity { ty: ty.into(), id, name }
}
