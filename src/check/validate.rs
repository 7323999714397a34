//! Stage 2: the document against `schemas/stack.schema.json`, each error
//! mapped to the span of the key or value it is about.

use {
  crate::{
    check::config_reader,
    check::rules::{sc003_unknown_key, sc004_missing_key, sc005_wrong_type, sc006_invalid_value},
    check::suggest::closest,
    check::unreadable::Unreadable,
    config::Config,
    diagnostic::Diagnostic,
    document::{Document, dotted, pointer, unescape},
  },
  jsonschema::{ValidationError, error::ValidationErrorKind},
  serde_json::Value,
  std::sync::OnceLock,
};

/// The JSON Schema of stack.toml, as `stackc schema` prints it.
pub const SCHEMA: &str = include_str!("../../schemas/stack.schema.json");

struct Schema {
  json: Value,
  validator: jsonschema::Validator,
}

/// The same schema, compiled into stackc at build time: checking a valid
/// stack with it costs no start-up. The runtime validator, which explains
/// each error, is built only for a stack this one refuses;
/// `tests/schema.rs` holds the two to the same verdict.
#[jsonschema::validator(path = "schemas/stack.schema.json", draft = Draft202012)]
pub struct CompiledSchema;

fn schema() -> &'static Schema {
  static SCHEMA_CELL: OnceLock<Schema> = OnceLock::new();
  SCHEMA_CELL.get_or_init(|| {
    let json: Value = serde_json::from_str(SCHEMA).expect("the bundled schema is JSON");
    let validator = jsonschema::draft202012::new(&json).expect("the bundled schema is valid");
    Schema { json, validator }
  })
}

/// Validates the document and reads the typed model from the parts of it that
/// passed, so that later stages can still report their own problems; what
/// could not be read is recorded in `unreadable`.
pub fn validate(
  document: &Document,
  diagnostics: &mut Vec<Diagnostic>,
  unreadable: &mut Unreadable,
) -> Config {
  if CompiledSchema::is_valid(&document.json) {
    return config_reader::read(&document.json, document, diagnostics, unreadable);
  }
  let schema = schema();
  let mut invalid = Vec::new();
  for error in schema.validator.iter_errors(&document.json) {
    let instance = error.instance_path().as_str().to_owned();
    match error.kind() {
      ValidationErrorKind::AdditionalProperties { unexpected } => {
        for key in unexpected {
          let at = format!("{instance}{}", pointer([key]));
          diagnostics.push(unknown_key(
            document,
            &schema.json,
            &error,
            &instance,
            key,
            &at,
          ));
          invalid.push(at);
        }
      }
      ValidationErrorKind::Required { property } => {
        diagnostics.push(missing_key(document, &instance, property));
      }
      ValidationErrorKind::PropertyNames { error: inner } => {
        let key = inner.instance().as_str().unwrap_or_default().to_owned();
        let at = format!("{instance}{}", pointer([&key]));
        let help = description(
          &schema.json,
          &format!("{}/pattern", error.evaluation_path().as_str()),
        )
        .unwrap_or_else(|| "rename the key".to_owned());
        diagnostics.push(
          sc006_invalid_value::META
            .diagnostic(
              format!(
                "`{}` is not a valid name in {}",
                crate::document::printable::printable(&key),
                table_name(&instance)
              ),
              document.key_span(&at),
            )
            .label("invalid name")
            .help(help),
        );
        invalid.push(at);
      }
      ValidationErrorKind::Type { .. } => {
        diagnostics.push(wrong_type(document, &schema.json, &error, &instance));
        invalid.push(instance);
      }
      _ => {
        diagnostics.push(invalid_value(document, &schema.json, &error, &instance));
        invalid.push(instance);
      }
    }
  }
  let json = prune(document.json.clone(), &invalid);
  for at in invalid {
    unreadable.insert(at);
  }
  // Already a copy of its own: read leniently from it, without another.
  config_reader::read_leniently(json, document, diagnostics, unreadable)
}

fn table_name(pointer: &str) -> String {
  if pointer.is_empty() {
    "the top level".into()
  } else {
    format!("`[{}]`", dotted(pointer))
  }
}

fn unknown_key(
  document: &Document,
  schema: &Value,
  error: &ValidationError<'_>,
  table: &str,
  key: &str,
  at: &str,
) -> Diagnostic {
  let known = known_keys(schema, error.schema_path().as_str());
  let diagnostic = sc003_unknown_key::META
    .diagnostic(
      format!(
        "unknown key `{}` in {}",
        crate::document::printable::printable(key),
        table_name(table)
      ),
      document.key_span(at),
    )
    .label("not a known key here");
  match closest(key, known.iter().map(String::as_str)) {
    Some(suggestion) => diagnostic.help(format!("did you mean `{suggestion}`?")),
    None if known.is_empty() => diagnostic.help("remove this key"),
    None => diagnostic.help(format!(
      "known keys here: {}",
      known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
    )),
  }
}

fn missing_key(document: &Document, table: &str, property: &Value) -> Diagnostic {
  let property = property.as_str().unwrap_or_default();
  let span = document.value_span(table);
  let (message, help) = if table.is_empty() && property == "stack" {
    (
      "missing required table `[stack]`".to_owned(),
      "add a `[stack]` table with at least `name` and `domain`".to_owned(),
    )
  } else {
    (
      format!("missing required key `{property}` in {}", table_name(table)),
      if property == "version" {
        "add `version = 1` at the top of the file".to_owned()
      } else {
        format!("add `{property} = …` to {}", table_name(table))
      },
    )
  };
  sc004_missing_key::META
    .diagnostic(message, span)
    .label(format!("`{property}` is missing here"))
    .help(help)
}

fn wrong_type(
  document: &Document,
  schema: &Value,
  error: &ValidationError<'_>,
  at: &str,
) -> Diagnostic {
  let expected = match error.kind() {
    ValidationErrorKind::Type { kind } => type_names(kind),
    _ => String::new(),
  };
  let found = json_type(error.instance());
  let diagnostic = sc005_wrong_type::META
    .diagnostic(
      format!("`{}` must be {expected}, not {found}", dotted(at)),
      document.value_span(at),
    )
    .label(format!("expected {expected}"));
  match description(schema, error.evaluation_path().as_str()) {
    Some(text) => diagnostic.help(text),
    None => diagnostic,
  }
}

fn invalid_value(
  document: &Document,
  schema: &Value,
  error: &ValidationError<'_>,
  at: &str,
) -> Diagnostic {
  let name = dotted(at);
  let (message, label, help) = match error.kind() {
    ValidationErrorKind::Enum { options } => {
      let options: Vec<&str> = options
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
      let listed = options
        .iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(", ");
      let found = error.instance().as_str().unwrap_or_default();
      let help = match closest(found, options.iter().copied()) {
        Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
        None => format!("{found:?} is not one of them"),
      };
      (
        format!("`{name}` must be one of {listed}"),
        "not an allowed value".to_owned(),
        Some(help),
      )
    }
    ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => (
      format!("`{name}` must be at least {limit}"),
      "too small".to_owned(),
      description(schema, error.evaluation_path().as_str()),
    ),
    ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => (
      format!("`{name}` must be at most {limit}"),
      "too large".to_owned(),
      description(schema, error.evaluation_path().as_str()),
    ),
    ValidationErrorKind::Pattern { .. } => (
      format!("`{name}` is not in the expected format"),
      "not in the expected format".to_owned(),
      description(schema, error.evaluation_path().as_str()),
    ),
    _ => (
      format!("`{name}` is invalid: {error}"),
      "invalid value".to_owned(),
      description(schema, error.evaluation_path().as_str()),
    ),
  };
  let diagnostic = sc006_invalid_value::META
    .diagnostic(message, document.value_span(at))
    .label(label);
  match help {
    Some(help) => diagnostic.help(help),
    None => diagnostic,
  }
}

/// The subschema a keyword belongs to: the keyword location minus its last
/// segment, followed through `$ref`s (the location is taken without them).
fn subschema<'a>(schema: &'a Value, keyword_location: &str) -> Option<&'a Value> {
  let parent = &keyword_location[..keyword_location.rfind('/').unwrap_or(0)];
  let mut node = schema.pointer(parent)?;
  while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
    node = schema.pointer(reference.strip_prefix('#')?)?;
  }
  Some(node)
}

fn known_keys(schema: &Value, keyword_location: &str) -> Vec<String> {
  subschema(schema, keyword_location)
    .and_then(|node| node.get("properties"))
    .and_then(Value::as_object)
    .map(|properties| properties.keys().cloned().collect())
    .unwrap_or_default()
}

/// The description of the deepest schema node on the way to a keyword.
/// The evaluation path goes through `$ref`s, so a property whose type is a
/// shared definition (a port, a duration) is described by its own text.
fn description(schema: &Value, evaluation_path: &str) -> Option<String> {
  let segments: Vec<String> = evaluation_path.split('/').skip(1).map(unescape).collect();
  let mut node = schema;
  let mut found = None;
  for segment in segments.iter().take(segments.len().saturating_sub(1)) {
    node = if segment == "$ref" {
      let reference = node.get("$ref")?.as_str()?;
      schema.pointer(reference.strip_prefix('#')?)?
    } else {
      node.get(segment)?
    };
    if let Some(text) = node.get("description").and_then(Value::as_str) {
      found = Some(text);
    }
  }
  found.map(str::to_owned)
}

fn type_names(kind: &jsonschema::error::TypeKind) -> String {
  let names: Vec<String> = match kind {
    jsonschema::error::TypeKind::Single(single) => vec![article(&single.to_string())],
    jsonschema::error::TypeKind::Multiple(set) => {
      set.iter().map(|t| article(&t.to_string())).collect()
    }
  };
  match names.as_slice() {
    [] => "something else".into(),
    [one] => one.clone(),
    [init @ .., last] => format!("{} or {last}", init.join(", ")),
  }
}

fn article(json_type: &str) -> String {
  match json_type {
    "object" => "a table".into(),
    "array" => "an array".into(),
    "integer" => "an integer".into(),
    "null" => "a value".into(),
    other => format!("a {other}"),
  }
}

fn json_type(value: &Value) -> &'static str {
  match value {
    Value::Null => "an unrepresentable number",
    Value::Bool(_) => "a boolean",
    Value::Number(number) if number.is_f64() => "a float",
    Value::Number(_) => "an integer",
    Value::String(_) => "a string",
    Value::Array(_) => "an array",
    Value::Object(_) => "a table",
  }
}

/// Removes the nodes that failed the schema, so the model is read from the
/// rest. Removals are grouped by parent and done in one pass each, so that
/// thousands of bad keys in one table cost linear time.
fn prune(mut json: Value, invalid: &[String]) -> Value {
  let mut by_parent: std::collections::HashMap<&str, std::collections::HashSet<String>> =
    std::collections::HashMap::new();
  for at in invalid {
    if let Some(index) = at.rfind('/') {
      by_parent
        .entry(&at[..index])
        .or_default()
        .insert(unescape(&at[index + 1..]));
    }
  }
  // Deepest first: removing an array item shifts the paths below its siblings.
  let mut parents: Vec<_> = by_parent.into_iter().collect();
  parents.sort_by_key(|(parent, _)| std::cmp::Reverse(parent.matches('/').count()));
  for (parent, doomed) in parents {
    match json.pointer_mut(parent) {
      Some(Value::Object(map)) => map.retain(|key, _| !doomed.contains(key)),
      Some(Value::Array(items)) => {
        let mut position = 0;
        items.retain(|_| {
          position += 1;
          !doomed.contains(&(position - 1).to_string())
        });
      }
      _ => {}
    }
  }
  json
}
