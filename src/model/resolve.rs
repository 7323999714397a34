//! Stage 3: the typed config joined with the catalog into a `Model`.

use {
  crate::{
    catalog::Catalog,
    config::Config,
    config::secret::SecretConfig,
    document::source::Source,
    document::{Document, pointer},
    model::template,
    model::{Model, Profile, Secret, SecretSource, Service, TemplateUse},
  },
  indexmap::IndexMap,
  serde_json::Value,
};

pub fn resolve<'a>(config: &'a Config, document: &Document, source: &Source) -> Model<'a> {
  let catalog = Catalog::get();
  let services: IndexMap<String, Service<'a>> = config
    .services
    .iter()
    .map(|(name, service)| {
      let resolved = Service {
        name: name.clone(),
        config: service,
        catalog: catalog.service(name),
      };
      (name.clone(), resolved)
    })
    .collect();
  Model {
    config,
    catalog,
    secrets: secrets(config, &services),
    templates: templates(document, source),
    profiles: profiles(config),
    services,
  }
}

fn secrets(config: &Config, services: &IndexMap<String, Service<'_>>) -> IndexMap<String, Secret> {
  let mut secrets: IndexMap<String, Secret> = IndexMap::new();
  for service in services.values() {
    let Some(catalog) = service.catalog else {
      continue;
    };
    for (name, wanted) in &catalog.secrets {
      let secret = secrets.entry(name.to_string()).or_insert_with(|| Secret {
        name: name.to_string(),
        declared: None,
        provided_by: Vec::new(),
        source: SecretSource::Generate {
          generator: wanted.generate.to_string(),
          length: wanted.length.map(i64::from),
        },
        set_once: wanted.set_once,
        description: Some(wanted.description.to_string()),
      });
      secret.provided_by.push(service.name.clone());
    }
  }
  for (name, declared) in &config.secrets {
    let source = source_of(declared);
    match secrets.get_mut(name) {
      Some(secret) => {
        secret.declared = Some(declared.clone());
        secret.source = source;
      }
      None => {
        secrets.insert(
          name.clone(),
          Secret {
            name: name.clone(),
            declared: Some(declared.clone()),
            provided_by: Vec::new(),
            source,
            set_once: false,
            description: None,
          },
        );
      }
    }
  }
  secrets
}

fn source_of(declared: &SecretConfig) -> SecretSource {
  if declared.source_count() != 1 {
    return SecretSource::Invalid;
  }
  if let Some(generator) = &declared.generate {
    SecretSource::Generate {
      generator: generator.clone(),
      length: declared.length,
    }
  } else if let Some(variable) = &declared.from_env {
    SecretSource::FromEnv(variable.clone())
  } else {
    SecretSource::Manual(declared.manual.clone().unwrap_or_default())
  }
}

fn profiles(config: &Config) -> Vec<Profile> {
  let base = Profile {
    name: None,
    domain: config.stack.domain.clone(),
    tls: config.stack.tls.unwrap_or_default(),
    expose_ports: false,
  };
  let mut profiles = vec![base.clone()];
  for (name, profile) in &config.profiles {
    profiles.push(Profile {
      name: Some(name.clone()),
      domain: profile.domain.clone().or_else(|| base.domain.clone()),
      tls: profile.tls.unwrap_or(base.tls),
      expose_ports: profile.expose_ports,
    });
  }
  profiles
}

/// Every string of the document that holds `{{ }}`, `{% %}` or `{# #}`,
/// except the secrets' own definitions (instructions are prose, not
/// templates). The decoded string is what is checked, since it is what is
/// rendered: `\u007B\u007B` in the source is `{{` all the same.
fn templates(document: &Document, source: &Source) -> Vec<TemplateUse> {
  let mut found = Vec::new();
  let mut path = Vec::new();
  walk(&document.json, &mut path, &mut |path, text| {
    if path.first().map(AsRef::as_ref) == Some("secrets") || !template::is_template(text) {
      return;
    }
    let at = pointer(path);
    let span = document.value_span(&at);
    let raw = source.text.get(span.start..span.end).unwrap_or_default();
    let locator = template::Locator::new(raw, text, span);
    let (expressions, statements) = template::expressions(text, &locator);
    if !expressions.is_empty() || !statements.is_empty() {
      found.push(TemplateUse {
        pointer: at,
        expressions,
        statements,
      });
    }
  });
  found
}

/// Every string value under `value`, with its path.
fn walk<'a>(
  value: &'a Value,
  path: &mut Vec<std::borrow::Cow<'a, str>>,
  visit: &mut dyn FnMut(&crate::document::stack_strings::Path<'a>, &str),
) {
  crate::document::stack_strings::walk(value, path, &mut |text, place, path| {
    if place == crate::document::stack_strings::Place::Value {
      visit(path, text);
    }
  });
}
