//! The typed `Config` read from the JSON that passed the schema, one value
//! at a time: a value the schema accepts but the model cannot hold (a port
//! written `3000.0`, which JSON Schema counts as an integer) is reported at
//! that value and left out, and everything else is still read, so that no
//! rule reports a false error about the rest of the file.

use {
  crate::{
    check::rules::{sc005_wrong_type, sc006_invalid_value},
    check::unreadable::Unreadable,
    config::Config,
    diagnostic::Diagnostic,
    document::{Document, dotted, pointer},
  },
  indexmap::IndexMap,
  serde::{Deserialize, de::DeserializeOwned},
  serde_json::{Map, Value},
};

/// Reads `json` into a `Config`. Nearly every stack reads at the first try,
/// straight from the document; one that does not is read again from a copy
/// by `read_leniently`.
pub fn read(
  json: &Value,
  document: &Document,
  diagnostics: &mut Vec<Diagnostic>,
  unreadable: &mut Unreadable,
) -> Config {
  match Config::deserialize(json) {
    Ok(config) => config,
    Err(_) => read_leniently(json.clone(), document, diagnostics, unreadable),
  }
}

/// Reads `json` into a `Config` value by value, reporting and leaving out
/// each value that cannot be read; the tables holding many entries
/// (services, secrets, profiles, agents) are read an entry at a time, so
/// that a bad value costs one retry of its entry, not of the file.
pub fn read_leniently(
  mut json: Value,
  document: &Document,
  diagnostics: &mut Vec<Diagnostic>,
  unreadable: &mut Unreadable,
) -> Config {
  let Value::Object(root) = &mut json else {
    return Config::default();
  };
  let services = take_table(root, "services");
  let secrets = take_table(root, "secrets");
  let profiles = take_table(root, "profiles");
  let agents = match root.get_mut("orchestratai") {
    Some(Value::Object(orchestratai)) => take_table(orchestratai, "agents"),
    _ => Map::new(),
  };
  let mut reader = Reader {
    document,
    diagnostics,
    unreadable,
  };
  let mut config: Config = reader.lenient(json, "");
  config.services = reader.entries(services, "services");
  config.secrets = reader.entries(secrets, "secrets");
  config.profiles = reader.entries(profiles, "profiles");
  if let Some(orchestratai) = &mut config.orchestratai {
    orchestratai.agents = reader.entries(agents, "/orchestratai/agents");
  }
  config
}

fn take_table(table: &mut Map<String, Value>, key: &str) -> Map<String, Value> {
  match table.get_mut(key) {
    Some(Value::Object(entries)) => std::mem::take(entries),
    _ => Map::new(),
  }
}

struct Reader<'a> {
  document: &'a Document,
  diagnostics: &'a mut Vec<Diagnostic>,
  unreadable: &'a mut Unreadable,
}

impl Reader<'_> {
  /// Each entry of a table; `table` is a top-level key or a JSON pointer.
  fn entries<T: DeserializeOwned + Default>(
    &mut self,
    entries: Map<String, Value>,
    table: &str,
  ) -> IndexMap<String, T> {
    let table = if table.starts_with('/') {
      table.to_owned()
    } else {
      pointer([table])
    };
    entries
      .into_iter()
      .map(|(key, value)| {
        let at = format!("{table}{}", pointer([&key]));
        let entry = self.lenient(value, &at);
        (key, entry)
      })
      .collect()
  }

  /// Reads `value` (found at pointer `at`), removing and reporting each
  /// value that cannot be read until the rest can. Each retry removes a
  /// node, so this ends.
  fn lenient<T: DeserializeOwned + Default>(&mut self, mut value: Value, at: &str) -> T {
    loop {
      let error = match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(read) => return read,
        Err(error) => error,
      };
      let segments: Vec<String> = error
        .path()
        .iter()
        .filter_map(|segment| match segment {
          serde_path_to_error::Segment::Map { key } => Some(key.clone()),
          serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
          _ => None,
        })
        .collect();
      let bad = format!("{at}{}", pointer(&segments));
      self.report(&value, &segments, &bad, error.inner());
      self.unreadable.insert(bad);
      if segments.is_empty() || !remove(&mut value, &segments) {
        return T::default();
      }
    }
  }

  fn report(&mut self, value: &Value, segments: &[String], at: &str, error: &serde_json::Error) {
    let found = segments.iter().try_fold(value, |node, segment| match node {
      Value::Object(map) => map.get(segment),
      Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
      _ => None,
    });
    let span = self.document.value_span(at);
    let diagnostic = match found {
      Some(Value::Number(number)) if number.is_f64() && error.to_string().contains("expected") => {
        sc005_wrong_type::META
          .diagnostic(
            format!("`{}` must be an integer, not a float", dotted(at)),
            span,
          )
          .label("expected an integer")
          .help("write it without a decimal point")
      }
      _ => sc006_invalid_value::META
        .diagnostic(format!("`{}` cannot be read: {error}", dotted(at)), span)
        .label("invalid value"),
    };
    self.diagnostics.push(diagnostic);
  }
}

/// Removes the node at `segments` below `value`; false when there is none.
fn remove(value: &mut Value, segments: &[String]) -> bool {
  let Some((last, parents)) = segments.split_last() else {
    return false;
  };
  let parent = parents.iter().try_fold(value, |node, segment| match node {
    Value::Object(map) => map.get_mut(segment),
    Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
    _ => None,
  });
  match parent {
    Some(Value::Object(map)) => map.shift_remove(last).is_some(),
    Some(Value::Array(items)) => match last.parse::<usize>() {
      Ok(index) if index < items.len() => {
        items.remove(index);
        true
      }
      _ => false,
    },
    _ => false,
  }
}
