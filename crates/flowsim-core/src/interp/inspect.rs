//! Looking into a run from outside: the variables as they are now (for the expression box and stepping).

use crate::expr::Value;
use crate::interp::Interpreter;

impl Interpreter {
    /// The root flow's declared variables (flow and container scopes) that hold a value, by their declared names.
    pub fn variables(&self) -> Vec<(String, Value)> {
        let Some(root) = self.frames.first() else { return Vec::new() };
        let declared = root.flow.variables.iter().chain(root.flow.containers.iter().flat_map(|c| c.variables.iter()));
        let mut out: Vec<(String, Value)> =
            declared.filter_map(|v| root.vars.get(&v.name).map(|val| (v.name.clone(), val.clone()))).collect();
        out.sort_by_key(|(name, _)| name.to_ascii_lowercase());
        out.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
        out
    }
}
