//! `{{ }}` in string values. An expression may only look a name up
//! (`services.n8n.url`) or be a string literal (`{{ "{{" }}`): no filters,
//! calls, operators, subscripts, and no `{% %}` statements, so that a value
//! cannot compute anything large or transform a secret's placeholder. The
//! lint stage reports what breaks this (SC206, SC208, SC209); rendering
//! refuses it again, under minijinja's fuel and a size limit.

use {
  crate::document::span::Span,
  minijinja::{
    Environment, Value,
    machinery::{self, ast},
  },
  std::{borrow::Cow, ops::Range, sync::OnceLock},
};

use crate::model::interpolation::PLACEHOLDER;

/// One `{{ … }}` expression inside a string value.
#[derive(Clone, Debug)]
pub struct Expression {
  /// The expression in the source, braces included.
  pub span: Span,
  pub text: String,
  /// The dotted name it reads, such as `services.n8n.url`; none for a literal.
  pub variables: Vec<String>,
  /// Why it does not parse, if it does not.
  pub error: Option<String>,
  /// The part that is more than a lookup or a string literal, and what it is.
  pub refused: Option<(Span, String)>,
}

/// The instructions one lookup takes are a handful; this leaves room for no
/// loop, should an expression that is not a lookup ever reach the engine.
const FUEL: u64 = 1_000;

/// The longest value a template may render: Linux refuses to start a
/// process with a longer environment string (MAX_ARG_STRLEN, 128 KiB).
pub const MAX_RENDERED: usize = 128 * 1024;

/// The template engine: strict about undefined names, no HTML escaping.
pub fn environment() -> &'static Environment<'static> {
  static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
  ENVIRONMENT.get_or_init(|| {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    environment.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    environment.set_fuel(Some(FUEL));
    environment
  })
}

/// Whether a string holds template syntax at all.
pub fn is_template(text: &str) -> bool {
  // One pass over the bytes: every string of a stack is asked this.
  text
    .as_bytes()
    .windows(2)
    .any(|pair| pair[0] == b'{' && matches!(pair[1], b'{' | b'%' | b'#'))
}

/// A piece of a string value, by byte range in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
  Literal(Range<usize>),
  /// `{{ … }}`; `inner` is between the braces.
  Expression {
    whole: Range<usize>,
    inner: Range<usize>,
  },
  /// `{{` with no `}}` after it.
  Unclosed(Range<usize>),
  /// `{% … %}` or `{# … #}`, closed or not.
  Statement(Range<usize>),
}

/// Splits a string value into literal text, expressions and statements.
pub fn scan(text: &str) -> Vec<Part> {
  let bytes = text.as_bytes();
  let mut parts = Vec::new();
  let mut literal_start = 0;
  let mut at = 0;
  while let Some(offset) = text[at..].find('{') {
    let open = at + offset;
    let close = match bytes.get(open + 1) {
      Some(b'{') => "}}",
      Some(b'%') => "%}",
      Some(b'#') => "#}",
      _ => {
        at = open + 1;
        continue;
      }
    };
    if open > literal_start {
      parts.push(Part::Literal(literal_start..open));
    }
    let end = text[open + 2..]
      .find(close)
      .map(|found| open + 2 + found + 2);
    parts.push(match (close, end) {
      ("}}", Some(end)) => Part::Expression {
        whole: open..end,
        inner: open + 2..end - 2,
      },
      ("}}", None) => Part::Unclosed(open..text.len()),
      (_, end) => Part::Statement(open..end.unwrap_or(text.len())),
    });
    at = end.unwrap_or(text.len());
    literal_start = at;
  }
  if literal_start < text.len() {
    parts.push(Part::Literal(literal_start..text.len()));
  }
  parts
}

/// What an expression is, once parsed.
pub enum Analysis {
  /// A dotted name, such as `services.n8n.url`.
  Lookup(String),
  /// A string literal.
  Literal(String),
  /// More than that: the offending part, by range in the expression, and
  /// what it is.
  Refused(Range<usize>, String),
  /// It does not parse.
  Invalid(String),
}

/// The longest expression parsed. A lookup is a few dozen bytes; minijinja
/// nests its syntax tree one level per `.` and drops it recursively, so a
/// hostile expression of a few hundred thousand segments would overflow the
/// stack.
pub const MAX_EXPRESSION: usize = 1024;

/// Names minijinja reads as something other than a variable when they come
/// first (constants, operators), and so never the start of a plain lookup.
const NOT_VARIABLES: &[&str] = &[
  "true", "True", "false", "False", "none", "None", "not", "and", "or", "in", "is", "if", "else",
];

/// Parses the text between `{{` and `}}` (trimmed) and says whether it is
/// a lookup.
pub fn analyse(inner: &str) -> Analysis {
  if inner.len() > MAX_EXPRESSION {
    return Analysis::Invalid(format!("longer than {MAX_EXPRESSION} bytes"));
  }
  // Nearly every expression is a plain dotted name, which minijinja would
  // parse into exactly this lookup: read it without the parser.
  if is_dotted_name(inner) {
    return Analysis::Lookup(inner.to_owned());
  }
  analyse_parsed(inner)
}

/// ASCII identifiers joined by single dots, the first not a keyword.
fn is_dotted_name(text: &str) -> bool {
  let identifier = |segment: &str| {
    let mut bytes = segment.bytes();
    bytes
      .next()
      .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
      && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
  };
  let first = text.split('.').next().unwrap_or_default();
  !NOT_VARIABLES.contains(&first) && text.split('.').all(identifier)
}

/// `analyse` through minijinja's parser.
fn analyse_parsed(inner: &str) -> Analysis {
  match machinery::parse_expr(inner) {
    Ok(expression) => match lookup(&expression) {
      Ok(Some(path)) => Analysis::Lookup(path),
      Ok(None) => match &expression {
        ast::Expr::Const(constant) => {
          Analysis::Literal(constant.value.as_str().unwrap_or_default().to_owned())
        }
        _ => Analysis::Invalid("not a lookup".into()),
      },
      Err((span, what)) => Analysis::Refused(
        span.start_offset as usize..span.end_offset as usize,
        what.into(),
      ),
    },
    Err(error) => Analysis::Invalid(error.detail().unwrap_or("invalid expression").to_owned()),
  }
}

/// The dotted name `expression` reads, `None` for a string literal, or the
/// outermost part that is neither.
fn lookup(expression: &ast::Expr<'_>) -> Result<Option<String>, (machinery::Span, &'static str)> {
  match expression {
    ast::Expr::Var(var) => Ok(Some(var.id.to_owned())),
    ast::Expr::GetAttr(attribute) => match lookup(&attribute.expr)? {
      Some(path) => Ok(Some(format!("{path}.{}", attribute.name))),
      None => Err((expression.span(), "an attribute of a literal")),
    },
    ast::Expr::Const(constant) if constant.value.as_str().is_some() => Ok(None),
    other => Err((other.span(), refused_kind(other))),
  }
}

fn refused_kind(expression: &ast::Expr<'_>) -> &'static str {
  match expression {
    ast::Expr::Filter(_) => "a filter (`|`)",
    ast::Expr::Call(_) => "a call",
    ast::Expr::GetItem(_) => "a subscript (`[…]`)",
    ast::Expr::Slice(_) => "a slice",
    ast::Expr::UnaryOp(_) | ast::Expr::BinOp(_) => "an operator",
    ast::Expr::Compare(_) => "a comparison",
    ast::Expr::IfExpr(_) => "a conditional",
    ast::Expr::Test(_) => "a test (`is`)",
    ast::Expr::List(_) | ast::Expr::Tuple(_) | ast::Expr::Map(_) => "a list or map",
    _ => "a literal that is not a string",
  }
}

/// Maps a byte range of a decoded string value to its span in the source:
/// exact when the value is written without escapes, else the whole value.
pub struct Locator {
  value: Span,
  /// Where the decoded text starts in the source, when it is written verbatim.
  body: Option<usize>,
}

impl Locator {
  /// `raw` is the value as written (quotes and escapes included) at `value`.
  pub fn new(raw: &str, decoded: &str, value: Span) -> Self {
    let body = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|quote| {
      let inner = raw.strip_prefix(quote)?.strip_suffix(quote)?;
      // TOML drops a newline right after a multi-line string's opening quotes.
      let trimmed = if quote.len() == 3 {
        inner
          .strip_prefix("\r\n")
          .or_else(|| inner.strip_prefix('\n'))
          .unwrap_or(inner)
      } else {
        inner
      };
      (trimmed == decoded).then(|| value.start + (raw.len() - quote.len() - trimmed.len()))
    });
    Self { value, body }
  }

  pub fn span(&self, range: Range<usize>) -> Span {
    match self.body {
      Some(start) => Span::new(start + range.start, start + range.end),
      None => self.value,
    }
  }
}

/// The expressions of a decoded string value and the spans of its
/// statements, located in the source by `locator`.
pub fn expressions(text: &str, locator: &Locator) -> (Vec<Expression>, Vec<Span>) {
  let mut found = Vec::new();
  let mut statements = Vec::new();
  for part in scan(text) {
    match part {
      Part::Literal(_) => {}
      Part::Statement(range) => statements.push(locator.span(range)),
      Part::Unclosed(range) => found.push(Expression {
        span: locator.span(range.clone()),
        text: text[range].to_owned(),
        variables: Vec::new(),
        error: Some("`{{` is never closed by `}}`".into()),
        refused: None,
      }),
      Part::Expression { whole, inner } => {
        let source = &text[inner.clone()];
        let leading = source.len() - source.trim_start().len();
        let trimmed = source.trim();
        let mut expression = Expression {
          span: locator.span(whole.clone()),
          text: text[whole].to_owned(),
          variables: Vec::new(),
          error: None,
          refused: None,
        };
        match analyse(trimmed) {
          Analysis::Lookup(path) => expression.variables = vec![path],
          Analysis::Literal(_) => {}
          Analysis::Refused(range, what) => {
            // The secrets it reads still count, so that a refused expression
            // is not also reported as leaving its secret unused.
            if let Ok(compiled) = environment().compile_expression(trimmed) {
              expression.variables = compiled
                .undeclared_variables(true)
                .into_iter()
                .filter(|name| name.starts_with("secrets."))
                .collect();
              expression.variables.sort();
            }
            let start = inner.start + leading;
            expression.refused = Some((locator.span(start + range.start..start + range.end), what));
          }
          Analysis::Invalid(error) => expression.error = Some(error),
        }
        found.push(expression);
      }
    }
  }
  // Kept in the model for every templated value: no spare capacity.
  found.shrink_to_fit();
  statements.shrink_to_fit();
  (found, statements)
}

/// Renders a string value's expressions with `context`. Only lookups and
/// string literals are evaluated, each to a string or a number; anything
/// else, and a result past `MAX_RENDERED`, is an error. Literal text is
/// copied as it is. Secrets render as placeholders that `compose_escape`
/// turns into `${NAME}` after escaping.
pub fn render<'t>(text: &'t str, context: &Value) -> Result<Cow<'t, str>, String> {
  if text.contains(PLACEHOLDER) {
    return Err("holds a control character stackc reserves".into());
  }
  if !is_template(text) {
    return Ok(Cow::Borrowed(text));
  }
  let mut output = String::new();
  for part in scan(text) {
    match part {
      Part::Literal(range) => output.push_str(&text[range]),
      Part::Unclosed(_) => return Err("`{{` is never closed by `}}`".into()),
      Part::Statement(_) => return Err("`{%` and `{#` are not allowed".into()),
      Part::Expression { inner, .. } => {
        let source = text[inner].trim();
        let value = match analyse(source) {
          Analysis::Lookup(path) => match found_value(&path, context) {
            Some(text) => text,
            None => evaluate(source, context)?,
          },
          Analysis::Literal(literal) => literal,
          Analysis::Refused(_, what) => {
            return Err(format!("`{source}` is {what}, not a lookup"));
          }
          Analysis::Invalid(error) => return Err(error),
        };
        output.push_str(&value);
      }
    }
    if output.len() > MAX_RENDERED {
      return Err(format!("renders to more than {MAX_RENDERED} bytes"));
    }
  }
  Ok(Cow::Owned(output))
}

/// A lookup that finds a string or a number, read straight from the
/// context and written as `evaluate` writes it: the expression was parsed
/// once, by `analyse`, and needs no compiling. What it does not find (or
/// finds but cannot write) `evaluate` explains.
fn found_value(path: &str, context: &Value) -> Option<String> {
  let mut node = context.clone();
  for name in path.split('.') {
    node = node
      .get_attr(name)
      .ok()
      .filter(|found| !found.is_undefined())?;
  }
  match node.as_str() {
    Some(text) => Some(text.to_owned()),
    None => node.is_number().then(|| node.to_string()),
  }
}

fn evaluate(source: &str, context: &Value) -> Result<String, String> {
  let detail = |error: minijinja::Error| error.detail().unwrap_or("cannot render").to_owned();
  let value = environment()
    .compile_expression(source)
    .map_err(detail)?
    .eval(context)
    .map_err(detail)?;
  if let Some(text) = value.as_str() {
    return Ok(text.to_owned());
  }
  if value.is_number() {
    return Ok(value.to_string());
  }
  Err(format!("`{source}` is not a single value"))
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
