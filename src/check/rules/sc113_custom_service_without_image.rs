use crate::{check::context::Context, check::suggest::closest, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That a custom service (a key under `[services]` that is not a catalog
  /// service) has an `image`. When the name is close to a catalog service,
  /// the help says which one you probably meant.
  ///
  /// ## Why
  /// A custom service has nothing to run without an image. Most often the
  /// name was meant to enable a catalog service: `postgres` for `postgresql`.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgres]
  /// ```
  ///
  /// ## Fix
  /// Use the catalog name (`[services.postgresql]`), or give the service an
  /// `image = "name:tag"`.
  pub struct CustomServiceWithoutImage {
    code: "SC113",
    name: "custom-service-without-image",
    severity: Error,
    summary: "a custom service without `image`",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  for service in cx.model.services.values() {
    if service.catalog.is_some()
      || service.config.image.is_some()
      || !cx.absent(["services", &service.name, "image"])
    {
      continue;
    }
    let help = match closest(&service.name, cx.model.catalog.names()) {
      Some(catalog) => format!(
        "did you mean the catalog service `{catalog}`? Otherwise add `image = \"name:tag\"`"
      ),
      None => format!(
        "`{}` is not a catalog service, so it needs `image = \"name:tag\"`; catalog services are {}",
        service.name,
        cx.model
          .catalog
          .names()
          .map(|n| format!("`{n}`"))
          .collect::<Vec<_>>()
          .join(", ")
      ),
    };
    out.push(
      META
        .diagnostic(
          format!("custom service `{}` has no `image`", service.name),
          cx.value(["services", &service.name]),
        )
        .label("no image to run")
        .help(help),
    );
  }
}
