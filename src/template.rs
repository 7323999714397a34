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
