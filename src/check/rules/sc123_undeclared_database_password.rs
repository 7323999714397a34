use crate::{
  check::context::Context, check::declared_database, check::suggest::closest,
  diagnostic::Diagnostic,
};

crate::declare_rule! {
  /// ## What it checks
  /// That the `password` of each custom service's database names a secret
  /// declared under `[secrets]`.
  ///
  /// ## Why
  /// The provisioning job sets the owner's password from that secret; an
  /// undeclared one has no value, and the job would fail on every start.
  ///
  /// ## Example
  /// ```toml
  /// [services.shop]
  /// image = "ghcr.io/acme/shop:1.0.0"
  /// databases = [{ engine = "postgresql", name = "shop", user = "shop", password = "shop_db_password" }]
  /// ```
  ///
  /// ## Fix
  /// Declare it: `[secrets] shop_db_password = { generate = "password" }`.
  pub struct UndeclaredDatabasePassword {
    code: "SC123",
    name: "undeclared-database-password",
    severity: Error,
    summary: "a database password names a secret that is not declared",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let secrets = &cx.model.secrets;
  for declared in declared_database::declared(cx.model) {
    let name = declared.database.password.as_str();
    if secrets.contains_key(name) {
      continue;
    }
    let help = match closest(name, secrets.keys().map(String::as_str)) {
      Some(suggestion) => format!("did you mean `{suggestion}`?"),
      None => format!("declare it under `[secrets]`: `{name} = {{ generate = \"password\" }}`"),
    };
    out.push(
      META
        .diagnostic(
          format!("secret `{name}` is not declared"),
          declared.span(cx, "password"),
        )
        .label("undeclared secret")
        .help(help),
    );
  }
}
