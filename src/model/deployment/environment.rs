//! The template context every `{{ }}` of a service's settings is rendered with.

use crate::model::interpolation;
use {
  crate::{
    model::template,
    model::{Model, Profile, Service},
  },
  indexmap::IndexMap,
  minijinja::Value,
  std::collections::BTreeMap,
};

/// The values templates read: `stack`, `services`, `secrets`.
pub(super) fn context(model: &Model<'_>, profile: &Profile) -> BTreeMap<&'static str, Value> {
  let config = &model.config.stack;
  let stack = BTreeMap::from([
    ("name", Value::from(config.name.clone().unwrap_or_default())),
    (
      "domain",
      Value::from(profile.domain.clone().unwrap_or_default()),
    ),
    (
      "acme_email",
      Value::from(config.acme_email.clone().unwrap_or_default()),
    ),
    ("timezone", Value::from(model.timezone())),
  ]);
  let services: BTreeMap<String, Value> = model
    .services
    .values()
    .map(|service| (service.name.clone(), service_value(model, service, profile)))
    .collect();
  let secrets: BTreeMap<String, Value> = model
    .secrets
    .values()
    .map(|secret| {
      let placeholder = interpolation::secret_placeholder(&secret.variable());
      (secret.name.clone(), Value::from(placeholder))
    })
    .collect();
  // Maps keyed by `String` or `&str` are minijinja objects of their own,
  // looked up by string; `from_pairs` would key them by `Value` (10,000
  // services: 4% of a build building and comparing those keys).
  BTreeMap::from([
    ("stack", Value::from_object(stack)),
    ("services", Value::from_object(services)),
    ("secrets", Value::from_object(secrets)),
  ])
}

pub(super) fn service_value(model: &Model<'_>, service: &Service<'_>, profile: &Profile) -> Value {
  let mut fields: BTreeMap<&'static str, Value> = BTreeMap::new();
  fields.insert("scheme", Value::from(profile.tls.scheme()));
  let secure = profile.tls.scheme() == "https";
  fields.insert("secure", Value::from(secure.to_string()));
  if let Some(host) = service.host(profile) {
    fields.insert("url", Value::from(model.url(&host, profile)));
    fields.insert("host", Value::from(host));
  }
  if let Some(port) = service.port() {
    fields.insert("port", Value::from(port));
    fields.insert(
      "internal_url",
      Value::from(format!("http://{}:{port}", service.container_name())),
    );
  }
  Value::from_object(fields)
}

/// Renders each `(key, value)` (the catalog's text or the stack file's)
/// into `environment`.
pub(super) fn render_env(
  values: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
  context: &Value,
  environment: &mut IndexMap<String, String>,
) -> Result<(), String> {
  for (key, value) in values {
    let key = key.as_ref();
    let rendered =
      template::render(value.as_ref(), context).map_err(|error| format!("{key}: {error}"))?;
    environment.insert(key.to_owned(), interpolation::compose_escape(&rendered));
  }
  Ok(())
}

pub(super) fn with_self(
  model: &Model<'_>,
  context: &BTreeMap<&'static str, Value>,
  service: &Service<'_>,
  profile: &Profile,
) -> Value {
  // `self` is the service's own entry under `services`, made once.
  let own = context
    .get("services")
    .and_then(|services| services.get_attr(&service.name).ok())
    .filter(|own| !own.is_undefined())
    .unwrap_or_else(|| service_value(model, service, profile));
  let mut context = context.clone();
  context.insert("self", own);
  Value::from_object(context)
}
