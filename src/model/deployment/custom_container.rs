//! A custom service (`image = ...`) as its one container.

use super::{
  catalog_container::apply_overrides, container::Container, environment::with_self, known::Known,
};
use {
  crate::{
    catalog::DependencyCondition,
    model::{Model, Profile, Service},
  },
  minijinja::Value,
  std::collections::BTreeMap,
};

pub(super) fn custom_container(
  model: &Model<'_>,
  service: &Service<'_>,
  context: &BTreeMap<&'static str, Value>,
  profile: &Profile,
  known: &Known<'_>,
) -> Result<Container, String> {
  let config = service.config;
  let context = with_self(model, context, service, profile);
  let mut ports = Vec::new();
  let host_port = config.host_port.or(if profile.expose_ports {
    config.port
  } else {
    None
  });
  if let (Some(host), Some(port)) = (host_port, config.port.or(config.host_port)) {
    ports.push((host, port));
  }
  let mut container = Container::new(
    &service.name,
    &service.name,
    config.image.as_deref().unwrap_or_default(),
  );
  container.networks = vec!["internal".into(), "external".into()];
  container.ports = ports;
  apply_overrides(model, service, &context, &mut container)?;
  // A dependency without a health check can only be waited for to start.
  for (target, condition) in &mut container.depends_on {
    if !known.healthchecked.contains(target.as_str()) {
      *condition = DependencyCondition::Started;
    }
  }
  Ok(container)
}
