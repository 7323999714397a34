use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That every `{{ }}` expression only looks a name up (`stack.domain`,
  /// `services.n8n.url`, `secrets.NAME`) or is a string literal
  /// (`{{ "{{" }}`). Filters (`|`), calls (`range(…)`, `.upper()`),
  /// operators (`~`, `*`, `+`), subscripts (`[0]`), slices, comparisons,
  /// conditionals and list or map literals are refused. The label points at
  /// the part that is more than a lookup.
  ///
  /// ## Why
  /// A stack file is reviewed as configuration, and may come from a pull
  /// request that CI builds: a template that computes could build a value of
  /// gigabytes (`{{ "a" * 100000000 }}`), and a secret is only a placeholder
  /// when the stack is built, so a filter on it (`| reverse`, `[0]`) writes
  /// another variable's name or a broken `${}` into the compose file.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// env = { TOKEN = "{{ secrets.billing_token | upper }}" }
  /// ```
  ///
  /// ## Fix
  /// Substitute the value as it is: `{{ secrets.billing_token }}`. Compute
  /// anything else in the service itself, or write the result literally.
  pub struct TemplateExpression {
    code: "SC208",
    name: "template-expression",
    severity: Error,
    summary: "a `{{ }}` expression that is not a lookup",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for template in &cx.model.templates {
    for expression in &template.expressions {
      if let Some((span, what)) = &expression.refused {
        out.push(
          META
            .diagnostic(
              format!("`{}` holds {what}: only lookups are allowed", expression.text),
              *span,
            )
            .label(what.to_string())
            .help("write a lookup such as `{{ services.n8n.url }}` or `{{ secrets.NAME }}`, or a string literal such as `{{ \"{{\" }}`"),
        );
      }
    }
  }
}
