//! A scope for expression tests: variables, built-ins, a fixed clock and org answers.
#![allow(dead_code)]

use std::collections::HashMap;

use flowsim_core::expr::{eval, parse, EvalError, OrgAnswer, OrgQuery, Scope, Value};

#[derive(Default)]
pub struct TestScope {
    pub variables: HashMap<String, Value>,
    pub builtins: HashMap<String, Value>,
    pub now_ms: i64,
    pub org: HashMap<OrgQuery, OrgAnswer>,
}

impl TestScope {
    pub fn new() -> TestScope {
        // 2024-03-05T14:30:00Z
        TestScope { now_ms: 1_709_649_000_000, ..TestScope::default() }
    }
    pub fn var(mut self, name: &str, v: Value) -> TestScope {
        self.variables.insert(name.to_ascii_lowercase(), v);
        self
    }
    pub fn builtin(mut self, key_or_text: &str, v: Value) -> TestScope {
        self.builtins.insert(key_or_text.to_ascii_lowercase(), v);
        self
    }
    pub fn answer(mut self, q: OrgQuery, a: OrgAnswer) -> TestScope {
        self.org.insert(q, a);
        self
    }
}

impl Scope for TestScope {
    fn variable(&self, name: &str, _id: Option<&str>) -> Option<Value> {
        self.variables.get(&name.to_ascii_lowercase()).cloned()
    }
    fn builtin(&self, key: &str, text: &str) -> Option<Value> {
        self.builtins.get(&key.to_ascii_lowercase()).or_else(|| self.builtins.get(&text.to_ascii_lowercase())).cloned()
    }
    fn now_ms(&self) -> i64 {
        self.now_ms
    }
    fn org(&self, query: &OrgQuery) -> Option<&OrgAnswer> {
        self.org.get(query)
    }
}

/// Parse and evaluate text.
pub fn run(text: &str, scope: &TestScope) -> Result<Value, EvalError> {
    let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    eval(&e, scope)
}

/// Parse and evaluate text with an empty scope, as a literal.
pub fn lit(text: &str) -> String {
    match run(text, &TestScope::new()) {
        Ok(v) => v.to_literal(),
        Err(e) => format!("ERR {e:?}"),
    }
}

/// The runtime error message of text, or a panic when it does not fail at run time.
pub fn runtime_error(text: &str, scope: &TestScope) -> String {
    match run(text, scope) {
        Err(EvalError::Runtime(e)) => e.message,
        other => panic!("{text}: expected a runtime error, got {other:?}"),
    }
}
