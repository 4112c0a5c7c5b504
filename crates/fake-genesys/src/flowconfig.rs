//! Builders for flow configuration JSON in the real Architect structure (see the shared
//! `flowconfig-format.md`): expression objects `{config, text, type, uiMetaData: {mode}, metaData, version: 2}`,
//! actions `{__type, id, name, trackingId, uiMetaData, nextAction?, paths?}`, containers
//! (`Task`, `State`, `Menu`) and the top-level document with `versionMetaData` as `/latestconfiguration` returns it.

use serde_json::{json, Map, Value};

/// `uiMetaData.mode` of an expression.
pub const MODE_EXPRESSION: u8 = 0;
pub const MODE_LITERAL: u8 = 1;
pub const MODE_VARIABLE_TARGET: u8 = 2;
pub const MODE_NOT_SET: u8 = 3;

/// Hands out `trackingId`s in order; the last one + 1 is the flow's `nextTrackingNumber`.
#[derive(Debug)]
pub struct Tracker {
    next: u64,
}

impl Default for Tracker {
    fn default() -> Self {
        // Real flows number their items from 10 upwards (0-9 are taken by built-ins).
        Tracker { next: 10 }
    }
}

impl Tracker {
    pub fn take(&mut self) -> u64 {
        let t = self.next;
        self.next += 1;
        t
    }
    pub fn next_tracking_number(&self) -> u64 {
        self.next
    }
}

fn expression(config: Value, text: &str, ty: &str, mode: u8, references: Vec<Value>) -> Value {
    let meta = if references.is_empty() { json!({}) } else { json!({ "references": references }) };
    json!({
        "config": config,
        "text": text,
        "type": ty,
        "uiMetaData": { "mode": mode },
        "metaData": meta,
        "version": 2,
    })
}

/// A literal value, e.g. `lit("5", "int")`.
pub fn lit(text: &str, ty: &str) -> Value {
    expression(json!({ "lit": { "pos": 1, "text": text, "type": ty } }), text, ty, MODE_LITERAL, vec![])
}

/// A literal entity, e.g. a queue: `{"lit": {"text": "Gold", "type": "que", "val": "<queueId>"}}`.
pub fn lit_entity(text: &str, ty: &str, val: &str) -> Value {
    expression(json!({ "lit": { "pos": 1, "text": text, "type": ty, "val": val } }), text, ty, MODE_LITERAL, vec![])
}

/// A value that is not set.
pub fn emp(ty: &str) -> Value {
    expression(json!({ "emp": { "pos": 1, "text": "", "type": ty } }), "", ty, MODE_NOT_SET, vec![])
}

/// A built-in value such as `Call.Ani` (`val` `__CALL_ANI__`).
pub fn sysref(text: &str, ty: &str, val: &str) -> Value {
    expression(
        json!({ "sysref": { "pos": 1, "text": text, "type": ty, "val": val } }),
        text,
        ty,
        MODE_EXPRESSION,
        vec![json!({ "id": val, "type": ty, "isSysRef": true, "name": text })],
    )
}

/// A property of a built-in, e.g. `Message.Message.senderAddress`.
pub fn sysref_property(base: &str, base_ty: &str, base_val: &str, property: &str, ty: &str) -> Value {
    let text = format!("{base}.{property}");
    let pos = base.len() + 2;
    expression(
        json!({ ".": {
            "pos": pos,
            "text": text,
            "operands": [
                { "lit": { "pos": pos, "text": property, "type": "str" } },
                { "sysref": { "pos": 1, "text": base, "type": base_ty, "val": base_val } },
            ],
            "type": ty,
        }}),
        &text,
        ty,
        MODE_EXPRESSION,
        vec![json!({ "id": base_val, "type": base_ty, "isSysRef": true, "name": base })],
    )
}

/// A reference to a flow variable; `mode` 2 when it is the target of an output binding.
pub fn var_ref(name: &str, ty: &str, var_id: &str, mode: u8) -> Value {
    expression(
        json!({ "ref": { "pos": 1, "text": name, "type": ty, "val": var_id } }),
        name,
        ty,
        mode,
        vec![json!({ "id": var_id, "type": ty, "isSysRef": false, "name": name })],
    )
}

/// A one-argument function call over a built-in, e.g. `IsNotSetOrEmpty(Call.Ani)`.
pub fn call_on_sysref(func: &str, ret_ty: &str, arg: &str, arg_ty: &str, arg_val: &str) -> Value {
    let text = format!("{func}({arg})");
    expression(
        json!({ func: {
            "pos": 1,
            "text": text,
            "operands": [{ "sysref": { "pos": func.len() + 2, "text": arg, "type": arg_ty, "val": arg_val } }],
            "type": ret_ty,
        }}),
        &text,
        ret_ty,
        MODE_EXPRESSION,
        vec![json!({ "id": arg_val, "type": arg_ty, "isSysRef": true, "name": arg })],
    )
}

/// Text-to-speech audio, `AudioPlaybackOptions(ToAudioTTS("…"), true)`.
pub fn tts_audio(sentence: &str) -> Value {
    let quoted = serde_json::to_string(sentence).unwrap_or_default();
    let text = format!("AudioPlaybackOptions(ToAudioTTS({quoted}), true)");
    let after = 33 + quoted.len();
    json!({
        "config": { "AudioPlaybackOptions": {
            "pos": 1,
            "text": text,
            "operands": [
                { "ToAudioTTS": { "pos": 22, "operands": [{ "lit": { "pos": 33, "text": sentence, "type": "str" } }], "type": "aud" } },
                { "lit": { "pos": after, "text": "true", "type": "bln" } },
            ],
            "type": "aud",
        }},
        "text": text,
        "type": "aud",
        "uiMetaData": {
            "sequenceItems": [{ "type": 0, "parameter": sentence, "error": "" }],
            "customExpressionMode": false,
        },
        "metaData": {},
    })
}

/// The `prompts` block of a `PlayAudioAction` or a `Menu`.
pub fn prompts(sentence: &str) -> Value {
    json!({
        "bargeInExpression": lit("true", "bln"),
        "flushExpression": lit("false", "bln"),
        "defaultAudio": tts_audio(sentence),
        "cases": [],
    })
}

/// A message body for `SendResponseAction`.
pub fn message_body(text: &str) -> Value {
    lit(text, "str")
}

/// The keys every action has.
pub fn action(t: &mut Tracker, ty: &str, id: &str, name: &str) -> Value {
    json!({
        "trackingId": t.take(),
        "id": id,
        "name": name,
        "uiMetaData": { "collapsed": false },
        "__type": ty,
    })
}

/// Sets `key` on an action (or any object).
pub fn with(mut v: Value, key: &str, value: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_string(), value);
    }
    v
}

/// A path `{label, outputId, nextActionId?}`.
pub fn path(label: &str, output_id: &str, next: Option<&str>) -> Value {
    let mut p = json!({ "label": label, "outputId": output_id });
    if let Some(n) = next {
        p["nextActionId"] = json!(n);
    }
    p
}

pub fn play_audio(t: &mut Tracker, id: &str, name: &str, sentence: &str, next: Option<&str>) -> Value {
    let mut a = with(action(t, "PlayAudioAction", id, name), "prompts", prompts(sentence));
    if let Some(n) = next {
        a["nextAction"] = json!(n);
    }
    a
}

pub fn disconnect(t: &mut Tracker, id: &str, name: &str) -> Value {
    action(t, "DisconnectAction", id, name)
}

/// A Transfer to ACD to a queue, with its failure path (which leads nowhere: the flow continues after it).
pub fn transfer_to_queue(t: &mut Tracker, id: &str, name: &str, queue_name: &str, queue_id: &str) -> Value {
    let mut a = action(t, "TransferPureMatchAction", id, name);
    let o = a.as_object_mut().expect("an action is an object");
    o.insert("useDefaultHandling".into(), json!(true));
    o.insert("queues".into(), json!([lit_entity(queue_name, "que", queue_id)]));
    o.insert("skills".into(), json!([]));
    o.insert("priority".into(), lit("0", "int"));
    o.insert("appendSkills".into(), lit("false", "bln"));
    o.insert("languageSkill".into(), emp("lac"));
    o.insert("preferredAgents".into(), emp("cpx_agent_score_pair_coll"));
    o.insert(
        "errorBindings".into(),
        json!([{ "name": "errorType", "value": emp("str") }, { "name": "errorMessage", "value": emp("str") }]),
    );
    o.insert("paths".into(), json!([path("Failure", "__FAILURE__", None)]));
    a
}

pub fn send_response(t: &mut Tracker, id: &str, name: &str, text: &str, next: Option<&str>) -> Value {
    let mut a = action(t, "SendResponseAction", id, name);
    a["messageBody"] = message_body(text);
    a["messageBodyStyle"] = lit("notice", "str");
    if let Some(n) = next {
        a["nextAction"] = json!(n);
    }
    a
}

/// A variable declaration `{id, name, __type, isInput, …, initialValue}`.
pub fn variable(id: &str, name: &str, var_type: &str, expr_type: &str, collection: bool) -> Value {
    let mut v = json!({
        "id": id,
        "isCollection": collection,
        "isInternal": false,
        "isOutput": false,
        "isInput": false,
        "isSecure": false,
        "version": "1.0",
        "__type": var_type,
        "name": name,
        "initialValue": emp(expr_type),
    });
    if var_type == "ComplexVariable" {
        v["typeIdentifier"] = json!(expr_type);
    }
    v
}

/// A `Task` (call flows): `{__type, id, name, trackingId, uiMetaData, startAction, actionList, variables, paths}`.
pub fn task(t: &mut Tracker, id: &str, name: &str, start: &str, actions: Vec<Value>, variables: Vec<Value>) -> Value {
    json!({
        "startAction": start,
        "trackingId": t.take(),
        "id": id,
        "name": name,
        "uiMetaData": { "collapsed": false },
        "__type": "Task",
        "paths": [path("Default", "__DEFAULT__", None)],
        "actionList": actions,
        "variables": variables,
    })
}

/// A `State` (digital flows, workflows): like a task without `paths`.
pub fn state(t: &mut Tracker, id: &str, name: &str, start: &str, actions: Vec<Value>, variables: Vec<Value>) -> Value {
    json!({
        "startAction": start,
        "trackingId": t.take(),
        "id": id,
        "name": name,
        "uiMetaData": { "collapsed": false },
        "__type": "State",
        "actionList": actions,
        "variables": variables,
    })
}

/// A menu choice with its action written inline, as Architect stores it.
pub fn menu_choice(id: &str, name: &str, digit: u8, action: Value) -> Value {
    json!({ "speechRecTerms": { "en-US": [] }, "id": id, "name": name, "action": action, "digit": digit })
}

/// A `Menu`.
pub fn menu(t: &mut Tracker, id: &str, name: &str, sentence: &str, choices: Vec<Value>, default_choice: &str) -> Value {
    json!({
        "trackingId": t.take(),
        "id": id,
        "name": name,
        "uiMetaData": { "collapsed": false },
        "__type": "Menu",
        "defaultMenuChoice": default_choice,
        "prompts": prompts(sentence),
        "menuChoiceList": choices,
        "extensionDialingDelay": emp("dur"),
        "promptRepeatCount": lit("3", "int"),
        "promptRepeatDelay": lit("P0D0H0M3S0F", "dur"),
        "useExtensionDialing": lit("false", "bln"),
    })
}

/// `TaskAction`: a menu choice that runs a task.
pub fn task_action(t: &mut Tracker, id: &str, name: &str, task_id: &str) -> Value {
    with(action(t, "TaskAction", id, name), "taskReference", json!(task_id))
}

/// What the top-level document needs besides its sequences.
pub struct Document<'a> {
    pub name: &'a str,
    pub description: &'a str,
    /// Lower case, as in configurations: `inboundcall`, `inboundshortmessage`, …
    pub flow_type: &'a str,
    pub initial_sequence: &'a str,
    pub manifest: Value,
    pub variables: Vec<Value>,
    pub sequences: Vec<Value>,
}

fn schema(title: &str) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "type": "object",
        "properties": {},
        "additionalProperties": true,
    })
}

/// The whole configuration object, as `GET /api/v2/flows/{id}/latestconfiguration` returns it.
pub fn document(t: &Tracker, d: Document<'_>) -> Value {
    let voice = matches!(d.flow_type, "inboundcall" | "inqueuecall" | "outboundcall" | "securecall" | "voicemail");
    let mut o = Map::new();
    o.insert("name".into(), json!(d.name));
    o.insert("description".into(), json!(d.description));
    o.insert("type".into(), json!(d.flow_type));
    o.insert("initialSequence".into(), json!(d.initial_sequence));
    o.insert("nextTrackingNumber".into(), json!(t.next_tracking_number()));
    o.insert("defaultLanguage".into(), json!("en-US"));
    o.insert("supportedLanguages".into(), json!(["en-US"]));
    o.insert(
        "supportedLanguageOptions".into(),
        json!([{
            "language": "en-US",
            "languageSkill": emp("lac"),
            "textToSpeech": {
                "engine": { "selection": "specific", "name": "Genesys Enhanced TTS", "id": "genesys_enhanced" },
                "voice": { "selection": "specific", "name": "en-US-DavisNeural", "id": "genesys_enhanced/azure_en-US-DavisNeural-en-US" },
            },
        }]),
    );
    o.insert("manifest".into(), d.manifest);
    o.insert("uiMetaData".into(), json!({ "bridgeServerActions": [], "screenPops": [] }));
    o.insert("debugSettings".into(), json!({}));
    o.insert("defaultSettings".into(), json!({}));
    o.insert(
        "flowMetaData".into(),
        json!({ "flowDocumentVersion": "1.0", "minimumServerVersion": "1.0", "ttsDataVersion": "1.0" }),
    );
    o.insert("errorHandling".into(), json!({ "handlingType": "Disconnect" }));
    if voice {
        o.insert("isSecure".into(), json!(false));
        o.insert("suppressRecording".into(), json!(false));
        o.insert("disableAsr".into(), json!(false));
    }
    o.insert("variables".into(), json!(d.variables));
    o.insert("flowSequenceItemList".into(), json!(d.sequences));
    o.insert(
        "versionMetaData".into(),
        json!({ "inputSchema": schema(&format!("{} inputs", d.name)), "outputSchema": schema(&format!("{} outputs", d.name)) }),
    );
    Value::Object(o)
}

/// A manifest entry `{id, name, context: [{id: <actionId>, actionName, name}]}`.
pub fn manifest_entry(id: &str, name: &str, action_id: &str, action_kind: &str, action_name: &str) -> Value {
    json!({ "id": id, "name": name, "context": [{ "id": action_id, "actionName": action_kind, "name": action_name }] })
}

// ---- expression trees (`config` nodes) for the demo flows' own expressions ---------------------------------

/// An expression object around a `config` node: `node` is `{kind: {…}}`, `refs` the variables and built-ins it
/// names (`metaData.references`).
pub fn expr(node: Value, text: &str, ty: &str, refs: Vec<Value>) -> Value {
    expression(node, text, ty, MODE_EXPRESSION, refs)
}

/// A literal node.
pub fn n_lit(text: &str, ty: &str) -> Value {
    json!({ "lit": { "pos": 1, "text": text, "type": ty } })
}

/// A variable reference node.
pub fn n_ref(name: &str, ty: &str, var_id: &str) -> Value {
    json!({ "ref": { "pos": 1, "text": name, "type": ty, "val": var_id } })
}

/// A built-in reference node.
pub fn n_sysref(text: &str, ty: &str, val: &str) -> Value {
    json!({ "sysref": { "pos": 1, "text": text, "type": ty, "val": val } })
}

/// An operator or function node; operand order as Architect stores it (`.` is `[property, object]`).
pub fn n_op(kind: &str, text: &str, ty: &str, operands: Vec<Value>) -> Value {
    json!({ kind: { "pos": 1, "text": text, "operands": operands, "type": ty } })
}

/// `object.property` as a node.
pub fn n_prop(object: Value, object_text: &str, property: &str, ty: &str) -> Value {
    n_op(".", &format!("{object_text}.{property}"), ty, vec![n_lit(property, "str"), object])
}

/// A `metaData.references` entry for a variable.
pub fn var_reference(name: &str, ty: &str, var_id: &str) -> Value {
    json!({ "id": var_id, "type": ty, "isSysRef": false, "name": name })
}

/// A `metaData.references` entry for a built-in.
pub fn sys_reference(name: &str, ty: &str, val: &str) -> Value {
    json!({ "id": val, "type": ty, "isSysRef": true, "name": name })
}

/// An input variable of a workflow or common module (`isInput`), or an output (`isOutput`).
pub fn parameter(id: &str, name: &str, var_type: &str, expr_type: &str, input: bool, output: bool) -> Value {
    let mut v = variable(id, name, var_type, expr_type, false);
    v["isInput"] = json!(input);
    v["isOutput"] = json!(output);
    v
}
