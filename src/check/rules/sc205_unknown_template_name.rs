use crate::{
  check::context::Context,
  check::suggest::closest,
  diagnostic::Diagnostic,
  model::{SERVICE_FIELDS, STACK_FIELDS},
};

crate::declare_rule! {
  /// ## What it checks
  /// That every name a `{{ }}` expression reads exists: `stack.name`,
  /// `stack.domain`, `stack.acme_email`, `stack.timezone`;
  /// `services.NAME.host`, `.url`, `.internal_url`, `.port`, `.scheme` of an
  /// enabled service (`host` and `url` only for routed ones). Secrets are
  /// checked by SC201. The label points at the expression inside the string.
  ///
  /// ## Why
  /// An unknown name renders as nothing, and the service gets a URL like
  /// `https:///webhook`.
  ///
  /// ## Example
  /// ```toml
  /// [services.evolution]
  /// env = { WEBHOOK_GLOBAL_URL = "{{ services.n8n.link }}/webhook" }
  /// ```
  ///
  /// ## Fix
  /// `{{ services.n8n.url }}/webhook`.
  pub struct UnknownTemplateName {
    code: "SC205",
    name: "unknown-template-name",
    severity: Error,
    summary: "a `{{ }}` expression reads an unknown name",
  }
}

/// Why `variable` cannot be resolved, with a help line, if it cannot.
fn problem(cx: &Context<'_>, variable: &str) -> Option<(String, String)> {
  let depth = match variable.split('.').next() {
    Some("stack") => 2,
    Some("services") => 3,
    _ => usize::MAX,
  };
  if variable.split('.').count() > depth {
    let (known, _) = variable.rsplit_once('.').unwrap_or_default();
    return Some((
      format!("`{known}` is a single value, with no fields"),
      format!("use `{known}` as it is"),
    ));
  }
  let mut parts = variable.split('.');
  let root = parts.next().unwrap_or_default();
  match root {
    "secrets" => None,
    "stack" => {
      let Some(field) = parts.next() else {
        return Some((
          "`stack` must be followed by a field".into(),
          format!("use one of `stack.{}`", STACK_FIELDS.join("`, `stack.")),
        ));
      };
      if STACK_FIELDS.contains(&field) {
        return None;
      }
      Some((
        format!("`stack` has no field `{field}`"),
        match closest(field, STACK_FIELDS.iter().copied()) {
          Some(suggestion) => format!("did you mean `stack.{suggestion}`?"),
          None => format!("`stack` offers `{}`", STACK_FIELDS.join("`, `")),
        },
      ))
    }
    "services" => {
      let Some(name) = parts.next() else {
        return Some((
          "`services` must be followed by a service name".into(),
          "write `services.NAME.url`, for example".into(),
        ));
      };
      let Some(service) = cx.model.services.get(name) else {
        let enabled = cx.model.services.keys().map(String::as_str);
        return Some((
          format!("`services.{name}` is not an enabled service"),
          match closest(name, enabled) {
            Some(suggestion) => format!("did you mean `services.{suggestion}`?"),
            None => format!("enable it with a `[services.{name}]` table, or correct the name"),
          },
        ));
      };
      let Some(field) = parts.next() else {
        return Some((
          format!("`services.{name}` must be followed by a field"),
          format!("use one of `{}`", SERVICE_FIELDS.join("`, `")),
        ));
      };
      if !SERVICE_FIELDS.contains(&field) {
        return Some((
          format!("`services.{name}` has no field `{field}`"),
          match closest(field, SERVICE_FIELDS.iter().copied()) {
            Some(suggestion) => format!("did you mean `services.{name}.{suggestion}`?"),
            None => format!("a service offers `{}`", SERVICE_FIELDS.join("`, `")),
          },
        ));
      }
      if matches!(field, "host" | "url") && !service.is_routed() {
        return Some((
          format!("`services.{name}` is not routed, so it has no `{field}`"),
          format!("use `services.{name}.internal_url` to reach it inside the stack"),
        ));
      }
      if matches!(field, "port" | "internal_url") && service.port().is_none() {
        return Some((
          format!("`services.{name}` has no port, so it has no `{field}`"),
          format!("give `{name}` a `port`"),
        ));
      }
      None
    }
    other => Some((
      format!("unknown name `{other}`"),
      "expressions can read `stack`, `services.NAME` and `secrets.NAME`".into(),
    )),
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for template in &cx.model.templates {
    for expression in &template.expressions {
      for variable in &expression.variables {
        if let Some((message, help)) = problem(cx, variable) {
          out.push(
            META
              .diagnostic(message, expression.span)
              .label(format!("`{variable}` is unknown"))
              .help(help),
          );
        }
      }
    }
  }
}
