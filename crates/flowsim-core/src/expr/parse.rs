//! The parser for Architect's expression text: a lexer and a precedence-climbing parser.
//!
//! Precedence, highest first: `[]` and `.`; unary `+ - ! ~`; `^`; `* / %`; `+ -`; `< <= > >=`; `== !=`; `&`;
//! `|`; `and`; `or`; the ternary `? :`. Binary operators group left to right (`^` too: *unverified*). Names are
//! case-insensitive; `Flow.x`, `Task.x`, `State.x`, `Common.x`, `Slot.x` are variables, any other `A.B` is a
//! built-in or an enumeration constant (`Call.Ani`, `Format.Date`, `System.MaxInt`), and further `.name` are
//! properties.

use crate::expr::ast::{builtin_key, Expr, MAX_DEPTH};
use crate::expr::functions;
use crate::expr::number;
use crate::expr::value::Value;

/// A syntax error, with the character offset where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// Variable scopes: `Flow.x` names a variable, not a built-in.
const VARIABLE_SCOPES: [&str; 6] = ["Flow", "Task", "State", "Common", "Slot", "Prompt"];

/// Parse expression text into a tree.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = lex(text)?;
    let mut p = Parser { tokens, at: 0, depth: 0, end: text.chars().count() };
    if p.tokens.is_empty() {
        return Err(ParseError { offset: 0, message: "The expression is empty.".into() });
    }
    let (expr, _) = p.ternary()?;
    if let Some(t) = p.tokens.get(p.at) {
        return Err(ParseError {
            offset: t.offset,
            message: format!("Unexpected {} after a complete expression.", t.tok.describe()),
        });
    }
    Ok(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(String),
    Dec(String),
    Str(String),
    Name(String),
    Sym(&'static str),
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Int(s) | Tok::Dec(s) => format!("the number {s}"),
            Tok::Str(_) => "a string".into(),
            Tok::Name(n) => format!("the name \"{n}\""),
            Tok::Sym(s) => format!("\"{s}\""),
        }
    }
}

struct Token {
    tok: Tok,
    offset: usize,
}

const SYMBOLS: [&str; 22] =
    ["==", "!=", "<=", ">=", "(", ")", "[", "]", ",", ".", "?", ":", "+", "-", "*", "/", "%", "^", "&", "|", "~", "!"];
const SINGLE: [&str; 3] = ["<", ">", "="];

fn lex(text: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            let mut decimal = false;
            if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                decimal = true;
                i += 1;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
            }
            let s: String = chars[start..i].iter().collect();
            out.push(Token { tok: if decimal { Tok::Dec(s) } else { Tok::Int(s) }, offset: start });
        } else if c.is_alphabetic() || c == '_' {
            while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                i += 1;
            }
            out.push(Token { tok: Tok::Name(chars[start..i].iter().collect()), offset: start });
        } else if c == '"' {
            i += 1;
            let mut s = String::new();
            loop {
                match chars.get(i) {
                    None => {
                        return Err(ParseError {
                            offset: start,
                            message: "This string has no closing quote (\").".into(),
                        })
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        let esc = match chars.get(i + 1) {
                            Some('"') => '"',
                            Some('\\') => '\\',
                            Some('n') => '\n',
                            Some('t') => '\t',
                            Some('r') => '\r',
                            Some('\'') => '\'',
                            _ => {
                                return Err(ParseError {
                                    offset: i,
                                    message: "Unknown escape in a string: use \\\", \\\\, \\n, \\t or \\r.".into(),
                                })
                            }
                        };
                        s.push(esc);
                        i += 2;
                    }
                    Some(&c) => {
                        s.push(c);
                        i += 1;
                    }
                }
            }
            out.push(Token { tok: Tok::Str(s), offset: start });
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let sym =
                SYMBOLS.iter().find(|s| two.starts_with(**s)).or_else(|| SINGLE.iter().find(|s| two.starts_with(**s)));
            match sym {
                Some(&"=") => {
                    return Err(ParseError {
                        offset: i,
                        message: "Use == to compare values (a single = is not an operator).".into(),
                    })
                }
                Some(s) => {
                    i += s.len();
                    out.push(Token { tok: Tok::Sym(s), offset: start });
                }
                None => {
                    return Err(ParseError { offset: i, message: format!("The character \"{c}\" cannot appear here.") })
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// Current recursion depth of the parser.
    depth: usize,
    end: usize,
}

/// An expression and the depth of its tree.
type Node = (Expr, usize);

/// Binary levels, lowest precedence first.
const LEVELS: [&[&str]; 9] =
    [&["or"], &["and"], &["|"], &["&"], &["==", "!="], &["<", "<=", ">", ">="], &["+", "-"], &["*", "/", "%"], &["^"]];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map(|t| t.offset).unwrap_or(self.end)
    }

    fn err<T>(&self, message: String) -> Result<T, ParseError> {
        Err(ParseError { offset: self.offset(), message })
    }

    fn eat(&mut self, sym: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Sym(s)) if *s == sym) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, sym: &str, context: &str) -> Result<(), ParseError> {
        if self.eat(sym) {
            return Ok(());
        }
        let found = self.peek().map(Tok::describe).unwrap_or_else(|| "the end of the expression".into());
        self.err(format!("Expected \"{sym}\" {context}, found {found}."))
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(format!("The expression is nested more than {MAX_DEPTH} levels deep."));
        }
        Ok(())
    }

    fn check_depth(&self, d: usize) -> Result<usize, ParseError> {
        if d > MAX_DEPTH {
            return self.err(format!("The expression is nested more than {MAX_DEPTH} levels deep."));
        }
        Ok(d)
    }

    fn ternary(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let (cond, dc) = self.binary(0)?;
        let result = if self.eat("?") {
            let (a, da) = self.ternary()?;
            self.expect(":", "between the two results of ? :")?;
            let (b, db) = self.ternary()?;
            let d = self.check_depth(dc.max(da).max(db) + 1)?;
            (Expr::Operator { op: "?".into(), operands: vec![cond, a, b] }, d)
        } else {
            (cond, dc)
        };
        self.depth -= 1;
        Ok(result)
    }

    fn level_op(&self, level: usize) -> Option<&'static str> {
        let ops = LEVELS.get(level)?;
        match self.peek()? {
            Tok::Sym(s) => ops.iter().find(|o| *o == s).copied(),
            Tok::Name(n) => ops.iter().find(|o| o.eq_ignore_ascii_case(n)).copied(),
            _ => None,
        }
    }

    fn binary(&mut self, level: usize) -> Result<Node, ParseError> {
        if level >= LEVELS.len() {
            return self.unary();
        }
        let (mut left, mut dl) = self.binary(level + 1)?;
        while let Some(op) = self.level_op(level) {
            // Keep the author's spelling of word operators (`OR`).
            let spelled = match self.peek() {
                Some(Tok::Name(n)) => n.clone(),
                _ => op.to_string(),
            };
            self.at += 1;
            let (right, dr) = self.binary(level + 1)?;
            dl = self.check_depth(dl.max(dr) + 1)?;
            left = Expr::Operator { op: spelled, operands: vec![left, right] };
        }
        Ok((left, dl))
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        let op = match self.peek() {
            Some(Tok::Sym(s @ ("-" | "+" | "!" | "~"))) => Some(*s),
            _ => None,
        };
        let Some(op) = op else { return self.postfix() };
        self.at += 1;
        self.enter()?;
        let (operand, d) = self.unary()?;
        self.depth -= 1;
        let d = self.check_depth(d + 1)?;
        if op == "+" {
            return Ok((operand, d));
        }
        Ok((Expr::Operator { op: op.to_string(), operands: vec![operand] }, d))
    }

    fn postfix(&mut self) -> Result<Node, ParseError> {
        let (mut e, mut d) = self.primary()?;
        loop {
            if self.eat("[") {
                let (index, di) = self.ternary()?;
                self.expect("]", "to close the index")?;
                d = self.check_depth(d.max(di) + 1)?;
                e = Expr::Index { collection: Box::new(e), index: Box::new(index) };
            } else if self.eat(".") {
                let name = self.name("after \".\"")?;
                d = self.check_depth(d + 1)?;
                e = Expr::Property { object: Box::new(e), name };
            } else {
                return Ok((e, d));
            }
        }
    }

    fn name(&mut self, context: &str) -> Result<String, ParseError> {
        match self.peek() {
            Some(Tok::Name(n)) => {
                let n = n.clone();
                self.at += 1;
                Ok(n)
            }
            Some(Tok::Int(n)) => {
                // `Foo.1a` style names are not Architect's; a number is never a property name.
                let n = n.clone();
                self.err(format!("Expected a name {context}, found the number {n}."))
            }
            other => {
                let found = other.map(Tok::describe).unwrap_or_else(|| "the end of the expression".into());
                self.err(format!("Expected a name {context}, found {found}."))
            }
        }
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let offset = self.offset();
        let Some(tok) = self.peek().cloned() else {
            return self.err("The expression ends where a value was expected.".into());
        };
        self.at += 1;
        match tok {
            Tok::Int(s) => match number::parse_integer(&s) {
                Some(i) => Ok((Expr::Literal(Value::Integer(i)), 1)),
                None => Err(ParseError {
                    offset,
                    message: format!("The integer {s} is outside Architect's range (±999,999,999,999,999)."),
                }),
            },
            Tok::Dec(s) => match number::parse_decimal(&s) {
                Some(d) => Ok((Expr::Literal(Value::Decimal(d)), 1)),
                None => Err(ParseError { offset, message: format!("The number {s} cannot be read.") }),
            },
            Tok::Str(s) => Ok((Expr::Literal(Value::String(s)), 1)),
            Tok::Sym("(") => {
                self.enter()?;
                let inner = self.ternary()?;
                self.depth -= 1;
                self.expect(")", "to close \"(\"")?;
                Ok(inner)
            }
            Tok::Sym(s) => Err(ParseError { offset, message: format!("Expected a value, found \"{s}\".") }),
            Tok::Name(n) => self.named(n, offset),
        }
    }

    fn named(&mut self, n: String, offset: usize) -> Result<Node, ParseError> {
        if self.eat("(") {
            self.enter()?;
            let mut args = Vec::new();
            let mut d = 0;
            if !self.eat(")") {
                loop {
                    let (a, da) = self.ternary()?;
                    d = d.max(da);
                    args.push(a);
                    if self.eat(")") {
                        break;
                    }
                    self.expect(",", &format!("between the arguments of {n}"))?;
                }
            }
            self.depth -= 1;
            let name = functions::canonical_name(&n).map(str::to_string).unwrap_or(n);
            return Ok((Expr::Call { name, args }, self.check_depth(d + 1)?));
        }
        match n.to_ascii_lowercase().as_str() {
            "true" => return Ok((Expr::Literal(Value::Boolean(true)), 1)),
            "false" => return Ok((Expr::Literal(Value::Boolean(false)), 1)),
            "not_set" => return Ok((Expr::NotSet, 1)),
            _ => {}
        }
        if !self.eat(".") {
            return Err(ParseError {
                offset,
                message: format!("Unknown name \"{n}\": a variable is written with its scope (Flow.{n}), a function with its arguments ({n}(…))."),
            });
        }
        let second = self.name(&format!("after \"{n}.\""))?;
        let text = format!("{n}.{second}");
        if let Some(scope) = VARIABLE_SCOPES.iter().find(|s| s.eq_ignore_ascii_case(&n)) {
            return Ok((Expr::Variable { name: format!("{scope}.{second}"), id: None }, 1));
        }
        let key = builtin_key(&text).unwrap_or_default().to_string();
        Ok((Expr::Builtin { key, text }, 1))
    }
}
