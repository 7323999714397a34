use {
  crate::{check::context::Context, check::suggest::closest, diagnostic::Diagnostic},
  std::collections::HashSet,
};

crate::declare_rule! {
  /// ## What it checks
  /// That every name in a service's `depends_on` is an enabled service (or a
  /// container of one, such as `lowcoder-api-service`).
  ///
  /// ## Why
  /// docker-compose refuses to start a stack whose `depends_on` names a
  /// service that does not exist.
  ///
  /// ## Example
  /// ```toml
  /// [services.billing-api]
  /// depends_on = ["postgres"]
  /// ```
  ///
  /// ## Fix
  /// Correct the name (`postgresql`), or enable the service.
  pub struct UnknownDependency {
    code: "SC103",
    name: "unknown-dependency",
    severity: Error,
    summary: "`depends_on` names a service that is not enabled",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let model = cx.model;
  let known: HashSet<&str> = model
    .services
    .values()
    .flat_map(|service| {
      std::iter::once(service.name.as_str()).chain(
        service
          .catalog
          .into_iter()
          .flat_map(|catalog| catalog.containers.iter().map(|c| c.name.as_str())),
      )
    })
    .collect();
  for service in model.services.values() {
    for (index, target) in service.config.depends_on.iter().enumerate() {
      if known.contains(target.as_str()) || !cx.absent(["services", target]) {
        continue;
      }
      let help = if let Some(suggestion) =
        closest(target, model.services.keys().map(String::as_str))
      {
        format!("did you mean `{suggestion}`?")
      } else if let Some(catalog) = closest(target, model.catalog.names()) {
        format!(
          "did you mean the catalog service `{catalog}`? Enable it with a `[services.{catalog}]` table"
        )
      } else {
        // A few names are help; thousands, once per problem, are not.
        const SHOWN: usize = 20;
        let mut listed: Vec<String> = model
          .services
          .keys()
          .take(SHOWN)
          .map(|k| format!("`{k}`"))
          .collect();
        if model.services.len() > SHOWN {
          listed.push(format!("and {} more", model.services.len() - SHOWN));
        }
        format!("enabled services: {}", listed.join(", "))
      };
      out.push(
        META
          .diagnostic(
            format!(
              "`{}` depends on `{target}`, which is not an enabled service",
              service.name
            ),
            cx.value(["services", &service.name, "depends_on", &index.to_string()]),
          )
          .label("no such service")
          .help(help),
      );
    }
  }
}
