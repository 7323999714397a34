//! `stackc import DIR`: a hand-written docker compose deployment as a
//! `stack.toml`, with every secret value it runs with carried over by
//! meaning. A catalog container's variable set from `{{ secrets.X }}` names
//! secret X; the hand-written file's value of that variable, resolved
//! through its `.env`, is X's value, whatever either side calls it. What
//! cannot be carried over is reported with where it came from, never
//! dropped in silence.

pub mod compose_source;
pub mod derived_host;
pub mod env_source;
pub mod imported;
pub mod interpolation;

use {
  crate::{
    catalog::Catalog,
    model::image_name::{project, split},
    model::variable_name,
  },
  compose_source::ComposeSource,
  derived_host::DerivedHost,
  imported::Imported,
  indexmap::IndexMap,
  std::fmt::Write,
};

/// Where the value of `service`'s variable `key` was read: the `.env` line
/// when it is one `.env` variable, else the compose file's key.
fn value_origin(source: &ComposeSource, name: &str, key: &str) -> String {
  match source
    .services
    .get(name)
    .and_then(|service| service.secret_variables.get(key))
  {
    Some(variable) => env_origin(source, variable),
    None => format!("{}: services.{name}.environment.{key}", source.compose_file),
  }
}

fn env_origin(source: &ComposeSource, variable: &str) -> String {
  match source.env_lines.get(variable) {
    Some(line) => format!("{}:{line}: {variable}", source.env_file),
    None => format!("{}: {variable}", source.env_file),
  }
}

/// The secret a catalog template names whole: `{{ secrets.x }}` → `x`.
fn whole_secret(template: &str) -> Option<&str> {
  let inner = template
    .trim()
    .strip_prefix("{{")?
    .strip_suffix("}}")?
    .trim();
  let name = inner.strip_prefix("secrets.")?;
  name
    .chars()
    .all(|c| c.is_ascii_alphanumeric() || c == '_')
    .then_some(name)
}

/// Whether an image's tag follows new releases: no tag, `latest`, or fewer
/// than two version numbers (`2-alpine`, `pg18`).
fn moves(image: &str) -> bool {
  if crate::check::rules::sc101_unpinned_image::problem(image).is_some() {
    return true;
  }
  if image.contains('@') {
    return false;
  }
  crate::model::image_version::is_moving(split(image).1)
}

/// The `subdomain` or `host` line for a service answering on `host`, none
/// when it is the catalog's default.
fn place(lines: &mut Vec<String>, service: &str, host: &str, domain: &str) {
  let placed = lines
    .iter()
    .any(|line| line.starts_with("host") || line.starts_with("subdomain"));
  if placed || host == format!("{service}.{domain}") {
    return;
  }
  match host.strip_suffix(&format!(".{domain}")) {
    Some(label) if !label.contains('.') => {
      lines.push(format!("subdomain = {}", toml_string(label)));
    }
    _ => lines.push(format!("host = {}", toml_string(host))),
  }
}

fn toml_string(value: &str) -> String {
  toml::Value::String(value.to_owned()).to_string()
}

pub fn import(source: &ComposeSource) -> Imported {
  let catalog = Catalog::get();
  let mut imported = Imported {
    report: source.problems.clone(),
    ..Imported::default()
  };
  // Catalog services found, with the image each runs when it differs.
  let mut catalog_services: IndexMap<String, Vec<String>> = IndexMap::new();
  let mut custom = String::new();
  // The host each catalog service answers on, as its routing values say,
  // with where it was first read.
  let mut hosts: IndexMap<String, (String, String)> = IndexMap::new();
  for (name, service) in &source.services {
    let found = catalog.services().find_map(|(catalog_name, entry)| {
      entry
        .containers
        .iter()
        .find(|container| project(&container.image) == project(&service.image))
        .map(|container| (catalog_name, entry, container))
    });
    let origin = format!("{}: services.{name}", source.compose_file);
    match found {
      Some((catalog_name, entry, container)) => {
        let lines = catalog_services.entry(catalog_name.to_owned()).or_default();
        if container.name == entry.containers[0].name && service.image != container.image {
          if moves(&service.image) {
            imported.report.push(format!(
              "{origin}: runs {}, a tag that moves; the catalog's pinned {} is used",
              service.image, container.image
            ));
          } else {
            lines.push(format!("image = {}", toml_string(&service.image)));
            imported.report.push(format!(
              "{origin}: runs {}, the catalog pins {}; kept as `image` (the catalog's pin is the one checked against upstream)",
              service.image, container.image
            ));
          }
        }
        if container.name == entry.containers[0].name
          && let Some(memory) = &service.memory
        {
          lines.push(format!("memory = {}", toml_string(memory)));
        }
        // Every variable the catalog may set, whatever else is enabled.
        let environment: IndexMap<&str, &str> = container.environment_where(|_| true).collect();
        // The host the running service answers on, where the catalog sets
        // a variable from it (`N8N_HOST = "{{ self.host }}"`).
        for (key, value) in &service.environment {
          match environment.get(key.as_str()) {
            Some(template) => {
              if let Some(secret) = whole_secret(template) {
                if !value.is_empty() {
                  imported.carry(secret, value, value_origin(source, name, key));
                }
              } else if let Some(derived) = DerivedHost::read(template, value) {
                match derived {
                  Some(DerivedHost { service, host }) => {
                    let service = service.unwrap_or_else(|| catalog_name.to_owned());
                    let (first, _) = hosts
                      .entry(service.clone())
                      .or_insert_with(|| (host.clone(), format!("{origin}.environment.{key}")));
                    if *first != host {
                      imported.report.push(format!(
                        "{origin}.environment.{key}: names another host for {service} than {first}; {first} is used"
                      ));
                    }
                  }
                  None if value.is_empty() => {}
                  None => imported.report.push(format!(
                    "{origin}.environment.{key}: not the shape the catalog derives from the host ({template:?}); the catalog's is used"
                  )),
                }
              } else if !template.contains("{{") && template != value {
                // A value read from `.env` may be a secret: not shown.
                let shown = if service.interpolated.contains(key) {
                  "its value (read from .env)".to_owned()
                } else {
                  format!("{value:?}")
                };
                imported.report.push(format!(
                  "{origin}.environment.{key}: {shown} differs from the catalog's {template:?}; the catalog's is used"
                ));
              }
            }
            None => imported.report.push(format!(
              "{origin}.environment.{key}: not set by the catalog, so not carried over"
            )),
          }
        }
        for bind in &service.binds {
          imported.report.push(format!(
            "{origin}.volumes: the bind mount {bind} is not carried over (stackc writes its own files)"
          ));
        }
      }
      None => {
        let _ = write!(
          custom,
          "\n[services.{name}]\nimage = {}\n",
          toml_string(&service.image)
        );
        if let Some(port) = service.ports.first() {
          let _ = writeln!(custom, "port = {port}");
        }
        if !service.volumes.is_empty() {
          let volumes: Vec<String> = service
            .volumes
            .iter()
            .map(|(volume, path)| format!("{volume} = {}", toml_string(path)))
            .collect();
          let _ = writeln!(custom, "volumes = {{ {} }}", volumes.join(", "));
        }
        let mut env = Vec::new();
        for (key, value) in &service.environment {
          match service.secret_variables.get(key) {
            // A value read from `.env` is a secret of the stack.
            Some(variable) => {
              let secret = variable.to_ascii_lowercase();
              env.push(format!("{key} = \"{{{{ secrets.{secret} }}}}\""));
              imported.carry(&secret, value, value_origin(source, name, key));
            }
            None => env.push(format!("{key} = {}", toml_string(value))),
          }
        }
        if !env.is_empty() {
          let _ = writeln!(custom, "env = {{ {} }}", env.join(", "));
        }
        for bind in &service.binds {
          imported.report.push(format!(
            "{origin}.volumes: the bind mount {bind} is not carried over"
          ));
        }
        imported.report.push(format!(
          "{origin}: image {} is not in the catalog; imported as a custom service",
          service.image
        ));
      }
    }
  }
  for (service, (host, _)) in &hosts {
    if let (Some(lines), Some(domain)) = (catalog_services.get_mut(service), &source.domain) {
      place(lines, service, host, domain);
    }
  }
  // A catalog secret no variable carried, whose name `.env` holds as
  // stackc would (`REDIS_PASSWORD`, passed on a command line by hand):
  // the same meaning, by name.
  for service in catalog_services.keys() {
    let Some(entry) = catalog.service(service) else {
      continue;
    };
    for secret in entry.secrets.keys() {
      if imported.secrets.contains_key(secret.as_str()) {
        continue;
      }
      let variable = variable_name(secret);
      if let Some(value) = source.env.get(&variable).filter(|v| !v.is_empty()) {
        imported.carry(secret, value, env_origin(source, &variable));
      }
    }
  }
  let mut stack = format!(
    "# Imported by `stackc import` from {}.\nversion = 1\n\n[stack]\nname = {}\ndomain = {}\nacme_email = {}\n",
    source.compose_file,
    toml_string(&source.name),
    toml_string(source.domain.as_deref().unwrap_or("example.com")),
    toml_string(source.acme_email.as_deref().unwrap_or("admin@example.com")),
  );
  if let Some(timezone) = source.env.get("TZ").filter(|tz| !tz.is_empty()) {
    let _ = writeln!(stack, "timezone = {}", toml_string(timezone));
  }
  if source.domain.is_none() {
    imported
      .report
      .push("no DOMAIN in .env: set `stack.domain` by hand".into());
  }
  // Custom services' secrets, declared; their values are seeded like the
  // catalog's.
  let custom_secrets: Vec<&String> = imported
    .secrets
    .keys()
    .filter(|secret| {
      !catalog
        .services()
        .any(|(_, entry)| entry.secrets.contains_key(secret.as_str()))
    })
    .collect();
  if !custom_secrets.is_empty() {
    stack.push_str("\n[secrets]\n");
    for secret in custom_secrets {
      let _ = writeln!(stack, "{secret} = {{ generate = \"password\" }}");
    }
  }
  for (service, lines) in &catalog_services {
    let _ = write!(stack, "\n[services.{service}]\n");
    for line in lines {
      let _ = writeln!(stack, "{line}");
    }
  }
  stack.push_str(&custom);
  for (name, _) in &source.unused_env {
    let carried = imported
      .secrets
      .keys()
      .any(|secret| variable_name(secret) == *name);
    if carried {
      continue;
    }
    imported.report.push(format!(
      "{}: {name} is read by no service, so not carried over",
      source.env_file
    ));
  }
  imported.stack = stack;
  imported
}
