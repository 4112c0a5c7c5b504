//! The expression box: what the user types, evaluated with Architect's rules against the last run's variables;
//! the value as an Architect literal and its type, or a sentence for a syntax or type error.

use std::rc::Rc;

use flowsim_core::expr::{eval, parse, EvalError, OrgAnswer, OrgQuery, Scope, Value};
use yew::prelude::*;

/// The variables a run ended with, and its clock.
#[derive(Debug, Default, PartialEq)]
pub struct RunScope {
    pub variables: Vec<(String, Value)>,
    pub now_ms: i64,
}

impl Scope for RunScope {
    fn variable(&self, name: &str, _id: Option<&str>) -> Option<Value> {
        self.variables.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }
    fn builtin(&self, _key: &str, _text: &str) -> Option<Value> {
        None
    }
    fn now_ms(&self) -> i64 {
        self.now_ms
    }
    fn org(&self, _query: &OrgQuery) -> Option<&OrgAnswer> {
        None
    }
}

/// What the box shows for `text`.
pub fn evaluate(text: &str, scope: &RunScope) -> Result<(String, String), String> {
    let tree = parse(text).map_err(|e| format!("Syntax error at character {}: {}", e.offset + 1, e.message))?;
    match eval(&tree, scope) {
        Ok(v) => Ok((v.to_literal(), v.ty().name())),
        Err(EvalError::Runtime(e)) => Err(e.message),
        Err(EvalError::Pending(q)) => {
            Err(format!("This needs data from the org ({q:?}); the box evaluates without calling the org."))
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ExpressionBoxProps {
    pub scope: Rc<RunScope>,
}

#[component]
pub fn ExpressionBox(props: &ExpressionBoxProps) -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let result = (!text.trim().is_empty()).then(|| evaluate(&text, &props.scope));
    let (value, ty) = match &result {
        Some(Ok((v, t))) => (v.clone(), t.clone()),
        _ => (String::new(), String::new()),
    };
    html! {
        <section class="expression-box" aria-label="Expression box">
            <div class="field">
                <label for="expression">{ "Expression" }</label>
                <input id="expression" type="text" spellcheck="false" placeholder={"Substring(\"Hello\", 2, 3)"}
                    value={(*text).clone()} {oninput} />
                <p class="hint">{ format!("Evaluated with Architect's rules against the last run's variables ({}).", props.scope.variables.len()) }</p>
            </div>
            <div class="field output">
                <label for="expression-value">{ "Value" }</label>
                <output id="expression-value" for="expression" data-testid="expression-value">{ value }</output>
            </div>
            <div class="field output">
                <label for="expression-type">{ "Type" }</label>
                <output id="expression-type" for="expression" data-testid="expression-type">{ ty }</output>
            </div>
            if let Some(Err(e)) = &result { <p class="field-error" role="alert" data-testid="expression-error">{ e }</p> }
        </section>
    }
}
