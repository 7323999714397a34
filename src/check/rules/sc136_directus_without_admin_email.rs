use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `stack.acme_email` is set when Directus is enabled: the catalog
  /// gives it to Directus as `ADMIN_EMAIL`, the address of its first admin.
  ///
  /// ## Why
  /// Since Directus 11.13 an empty `ADMIN_EMAIL` creates no admin at all
  /// (directus/directus `api/src/utils/create-admin.ts`), and the app then
  /// sends every visitor to `/admin/setup`, where the first one to submit
  /// the form (`POST /server/setup`, `api/src/controllers/server.ts`)
  /// becomes the admin of the instance and of its data.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// name = "cms"
  /// domain = "example.com"
  /// tls = "internal"
  ///
  /// [services.postgresql]
  /// [services.redis]
  /// [services.directus]
  /// ```
  ///
  /// ## Fix
  /// Add `acme_email = "admin@example.com"` to `[stack]`: Directus' admin
  /// signs in with it and the `directus_admin_password` secret.
  pub struct DirectusWithoutAdminEmail {
    code: "SC136",
    name: "directus-without-admin-email",
    severity: Error,
    summary: "Directus without `acme_email`, its first admin's address",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let config = cx.model.config;
  // An `acme_email` that could not be read is reported where it is.
  if config.stack.acme_email.is_some() || !cx.absent(["stack", "acme_email"]) {
    return;
  }
  if !cx.model.is_enabled("directus") || !cx.has(["services", "directus"]) {
    return;
  }
  out.push(
    META
      .diagnostic(
        "Directus gets no admin without `stack.acme_email`, and its setup page would let the first visitor make one",
        cx.key(["services", "directus"]),
      )
      .label("ADMIN_EMAIL would be empty")
      .help("add `acme_email = \"you@example.com\"` to `[stack]`"),
  );
}
