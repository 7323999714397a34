use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That no string value holds a `{% %}` statement or a `{# #}` comment:
  /// values may hold `{{ }}` lookups only.
  ///
  /// ## Why
  /// Statements are loops, conditions and assignments: a value that runs a
  /// loop can take the build's time and memory, and its result is not what
  /// a reviewer reads in the stack file.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// env = { HOSTS = "{% for i in range(3) %}node{{ i }},{% endfor %}" }
  /// ```
  ///
  /// ## Fix
  /// Write the value out: `node0,node1,node2`. To write a literal `{%` or
  /// `{#`, use `{{ "{%" }}` or `{{ "{#" }}`.
  pub struct TemplateStatement {
    code: "SC209",
    name: "template-statement",
    severity: Error,
    summary: "a `{% %}` statement or `{# #}` comment in a value",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for template in &cx.model.templates {
    for span in &template.statements {
      out.push(
        META
          .diagnostic("values may hold `{{ }}` lookups only, not statements or comments", *span)
          .label("a statement or comment")
          .help("write the value out; for a literal `{%` or `{#`, write `{{ \"{%\" }}` or `{{ \"{#\" }}`"),
      );
    }
  }
}
