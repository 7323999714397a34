use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every `{{ }}` expression is a valid minijinja expression and is
  /// closed.
  ///
  /// ## Why
  /// A broken expression cannot be rendered; the value would reach the
  /// container with the braces in it.
  ///
  /// ## Example
  /// ```toml
  /// [services.n8n]
  /// env = { GENERIC_TIMEZONE = "{{ stack.timezone }" }
  /// ```
  ///
  /// ## Fix
  /// Close the expression: `{{ stack.timezone }}`. To write a literal `{{`,
  /// use `{{ "{{" }}`.
  pub struct TemplateSyntax {
    code: "SC206",
    name: "template-syntax",
    severity: Error,
    summary: "a `{{ }}` expression that does not parse",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for template in &cx.model.templates {
    for expression in &template.expressions {
      if let Some(error) = &expression.error {
        out.push(
          META
            .diagnostic(format!("invalid expression: {error}"), expression.span)
            .label("does not parse")
            .help("expressions look like `{{ services.n8n.url }}`; write a literal `{{` as `{{ \"{{\" }}`"),
        );
      }
    }
  }
}
