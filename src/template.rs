use {crate::span::Span, minijinja::Environment, std::sync::OnceLock};

/// One `{{ … }}` expression inside a string value.
#[derive(Clone, Debug)]
pub struct Expression {
  /// The expression in the source, braces included.
  pub span: Span,
  pub text: String,
  /// Dotted names it reads, such as `services.n8n.url`.
  pub variables: Vec<String>,
  /// Why it does not compile, if it does not.
  pub error: Option<String>,
}

/// The template engine: strict about undefined names, no HTML escaping.
pub fn environment() -> &'static Environment<'static> {
  static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
  ENVIRONMENT.get_or_init(|| {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    environment.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    environment
  })
}

/// Whether a string holds template syntax at all.
pub fn is_template(text: &str) -> bool {
  text.contains("{{") || text.contains("{%")
}

/// Finds the expressions of a string value. `raw` is the value as written in
/// the source (quotes and escapes included) and `offset` where it starts, so
/// that each expression gets its exact span.
pub fn expressions(raw: &str, offset: usize) -> Vec<Expression> {
  let mut found = Vec::new();
  let mut rest = 0;
  while let Some(start) = raw[rest..].find("{{").map(|i| rest + i) {
    let Some(end) = raw[start + 2..].find("}}").map(|i| start + 2 + i + 2) else {
      found.push(Expression {
        span: Span::new(offset + start, offset + raw.len()),
        text: raw[start..].to_owned(),
        variables: Vec::new(),
        error: Some("`{{` is never closed by `}}`".into()),
      });
      break;
    };
    let inner = raw[start + 2..end - 2].trim();
    let (variables, error) = match environment().compile_expression(inner) {
      Ok(expression) => {
        let mut variables: Vec<String> =
          expression.undeclared_variables(true).into_iter().collect();
        variables.sort();
        (variables, None)
      }
      Err(error) => (
        Vec::new(),
        Some(error.detail().unwrap_or("invalid expression").to_owned()),
      ),
    };
    found.push(Expression {
      span: Span::new(offset + start, offset + end),
      text: raw[start..end].to_owned(),
      variables,
      error,
    });
    rest = end;
  }
  found
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn finds_each_expression_with_its_span_and_names() {
    let raw = r#""{{ services.n8n.url }}/hook?k={{ secrets.key }}""#;
    let found = expressions(raw, 10);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].span, Span::new(11, 33));
    assert_eq!(found[0].variables, ["services.n8n.url"]);
    assert_eq!(found[1].variables, ["secrets.key"]);
    assert!(found.iter().all(|e| e.error.is_none()));
  }

  #[test]
  fn reports_unclosed_and_invalid_expressions() {
    assert!(expressions("\"{{ stack.name \"", 0)[0].error.is_some());
    assert!(expressions("\"{{ stack. }}\"", 0)[0].error.is_some());
  }
}

/// Renders a string value's expressions with `context`. Secrets render as
/// placeholders that `compose_escape` turns into `${NAME}` after escaping.
pub fn render(text: &str, context: &minijinja::Value) -> Result<String, String> {
  if !is_template(text) {
    return Ok(text.to_owned());
  }
  environment()
    .render_str(text, context)
    .map_err(|error| error.detail().unwrap_or("cannot render").to_owned())
}

/// Marks where a secret goes in a rendered value, until `compose_escape`.
pub fn secret_placeholder(variable: &str) -> String {
  format!("\u{1}{variable}\u{1}")
}

/// Escapes a rendered value for compose: a literal `$` becomes `$$`, and
/// each secret placeholder becomes the `${NAME}` that compose interpolates.
pub fn compose_escape(rendered: &str) -> String {
  let escaped = rendered.replace('$', "$$");
  let mut parts = escaped.split('\u{1}');
  let mut output = parts.next().unwrap_or_default().to_owned();
  let mut in_placeholder = true;
  for part in parts {
    if in_placeholder {
      output.push_str(&format!("${{{part}}}"));
    } else {
      output.push_str(part);
    }
    in_placeholder = !in_placeholder;
  }
  output
}

/// The secret variables a compose-escaped value interpolates.
pub fn interpolated(value: &str) -> Vec<&str> {
  let mut found = Vec::new();
  let mut rest = value;
  while let Some(index) = rest.find('$') {
    let after = &rest[index + 1..];
    if let Some(stripped) = after.strip_prefix('$') {
      rest = stripped;
    } else if let Some(inner) = after.strip_prefix('{') {
      let end = inner.find('}').unwrap_or(inner.len());
      found.push(&inner[..end]);
      rest = &inner[end..];
    } else {
      rest = after;
    }
  }
  found
}

#[cfg(test)]
mod escape_tests {
  use super::*;

  #[test]
  fn literal_dollars_are_doubled_and_secrets_interpolated() {
    let rendered = format!("p$ss-{}-x", secret_placeholder("DB_PASSWORD"));
    let escaped = compose_escape(&rendered);
    assert_eq!(escaped, "p$$ss-${DB_PASSWORD}-x");
    assert_eq!(interpolated(&escaped), ["DB_PASSWORD"]);
    assert_eq!(interpolated("$$HOME and $${NOT}"), Vec::<&str>::new());
  }
}
