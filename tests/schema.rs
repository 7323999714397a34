//! The JSON Schema and the Rust model describe the same format.

mod common;

use {
  common::{root, stacks},
  serde_json::{Map, Value, json},
  stackc::config::Config,
};

fn schema() -> Value {
  serde_json::from_str(stackc::check::validate::SCHEMA).unwrap()
}

fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
  match node.get("$ref").and_then(Value::as_str) {
    Some(reference) => resolve(schema, schema.pointer(&reference[1..]).unwrap()),
    None => node,
  }
}

/// A document holding every key the schema defines, each with a value of
/// its type.
fn maximal(schema: &Value, node: &Value) -> Value {
  let node = resolve(schema, node);
  if let Some(options) = node.get("enum") {
    return options[0].clone();
  }
  let kind = match &node["type"] {
    Value::Array(types) => types[0].as_str().unwrap(),
    Value::String(kind) => kind.as_str(),
    _ => "object",
  };
  match kind {
    "object" => {
      let mut map = Map::new();
      for (key, property) in node["properties"].as_object().into_iter().flatten() {
        map.insert(key.clone(), maximal(schema, property));
      }
      if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
        map.insert("entry".into(), maximal(schema, values));
      }
      Value::Object(map)
    }
    "array" => json!([maximal(schema, &node["items"])]),
    "integer" => json!(1),
    "number" => json!(1.5),
    "boolean" => json!(true),
    _ => json!("x"),
  }
}

#[test]
fn the_model_reads_every_key_the_schema_defines() {
  let schema = schema();
  let document = maximal(&schema, &schema);
  let mut ignored = Vec::new();
  let _: Config = serde_ignored::deserialize(document, |path| ignored.push(path.to_string()))
    .expect("the maximal document deserializes");
  assert!(
    ignored.is_empty(),
    "the model ignores schema keys: {ignored:?}"
  );
}

/// Every object of the maximal document, as a JSON pointer.
fn objects(value: &Value, pointer: String, found: &mut Vec<String>) {
  match value {
    Value::Object(map) => {
      found.push(pointer.clone());
      for (key, child) in map {
        objects(child, format!("{pointer}/{key}"), found);
      }
    }
    Value::Array(items) => {
      for (index, child) in items.iter().enumerate() {
        objects(child, format!("{pointer}/{index}"), found);
      }
    }
    _ => {}
  }
}

#[test]
fn the_schema_rejects_a_key_the_model_does_not_know_at_every_level() {
  let schema = schema();
  let validator = jsonschema::validator_for(&schema).unwrap();
  let document = maximal(&schema, &schema);
  let mut tables = Vec::new();
  objects(&document, String::new(), &mut tables);
  for table in tables {
    let mut copy = document.clone();
    let Some(Value::Object(map)) = copy.pointer_mut(&table) else {
      unreachable!()
    };
    // Maps keyed by user names (services, secrets, …) take any key: skip them.
    if map.contains_key("entry") {
      continue;
    }
    map.insert("no_such_key".into(), json!("x"));
    let rejected = validator
      .iter_errors(&copy)
      .any(|error| error.to_string().contains("no_such_key"));
    assert!(rejected, "the schema accepts an unknown key in `{table}`");
  }
}

#[test]
fn every_bundled_stack_validates_and_deserializes() {
  let schema = schema();
  let validator = jsonschema::validator_for(&schema).unwrap();
  for stack in stacks() {
    let text = std::fs::read_to_string(root().join(&stack)).unwrap();
    let value: Value = toml::from_str(&text).unwrap();
    let errors: Vec<String> = validator
      .iter_errors(&value)
      .map(|e| e.to_string())
      .collect();
    assert!(errors.is_empty(), "{stack}: {errors:?}");
    let mut ignored = Vec::new();
    let _: Config = serde_ignored::deserialize(value, |path| ignored.push(path.to_string()))
      .unwrap_or_else(|error| panic!("{stack}: {error}"));
    assert!(ignored.is_empty(), "{stack}: ignored {ignored:?}");
  }
}

#[test]
fn every_property_has_a_description() {
  fn walk(node: &Value, path: &str, missing: &mut Vec<String>) {
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
      for (key, property) in properties {
        let described = property.get("description").is_some()
          || property
            .get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| {
              schema()
                .pointer(&r[1..])
                .unwrap()
                .get("description")
                .is_some()
            });
        if !described {
          missing.push(format!("{path}/{key}"));
        }
        walk(property, &format!("{path}/{key}"), missing);
      }
    }
    for key in ["$defs", "additionalProperties", "items"] {
      if let Some(child) = node.get(key) {
        if key == "$defs" {
          for (name, def) in child.as_object().unwrap() {
            walk(def, &format!("{path}/$defs/{name}"), missing);
          }
        } else {
          walk(child, &format!("{path}/{key}"), missing);
        }
      }
    }
  }
  let mut missing = Vec::new();
  walk(&schema(), "", &mut missing);
  assert!(
    missing.is_empty(),
    "properties without a description: {missing:?}"
  );
}

/// Every variant of `value` with one change: each key removed, each leaf
/// given another type or value, an unknown key added to each table.
fn mutations(value: &Value) -> Vec<Value> {
  let mut found = Vec::new();
  match value {
    Value::Object(map) => {
      let mut with_unknown = map.clone();
      with_unknown.insert("not_a_key".into(), json!(1));
      found.push(Value::Object(with_unknown));
      for (key, child) in map {
        let mut without = map.clone();
        without.remove(key);
        found.push(Value::Object(without));
        for mutated in mutations(child) {
          let mut changed = map.clone();
          changed.insert(key.clone(), mutated);
          found.push(Value::Object(changed));
        }
      }
    }
    Value::Array(items) => {
      for (index, child) in items.iter().enumerate() {
        for mutated in mutations(child) {
          let mut changed = items.clone();
          changed[index] = mutated;
          found.push(Value::Array(changed));
        }
      }
    }
    Value::String(text) => {
      found.push(json!(7));
      found.push(json!(format!("{text} !")));
      found.push(json!(""));
    }
    Value::Number(_) => {
      found.push(json!("7"));
      found.push(json!(-1));
      found.push(json!(1.5));
    }
    Value::Bool(_) => found.push(json!("true")),
    Value::Null => {}
  }
  found
}

/// The validator compiled into stackc and the runtime one, which explains
/// errors, give the same verdict: a disagreement would let an invalid stack
/// pass without a word, or report nothing for a refused one.
#[test]
fn the_compiled_and_the_runtime_validator_agree() {
  let runtime = jsonschema::draft202012::new(&schema()).unwrap();
  let mut documents: Vec<Value> = Vec::new();
  let mut files: Vec<std::path::PathBuf> = stacks().iter().map(|s| root().join(s)).collect();
  for entry in std::fs::read_dir(root().join("tests/corpus")).unwrap() {
    files.push(entry.unwrap().path());
  }
  for file in files {
    let Ok(text) = std::fs::read_to_string(&file) else {
      continue;
    };
    if let Ok(document) = toml::from_str::<Value>(&text) {
      documents.push(document);
    }
  }
  let mut checked = 0;
  let mut refused = 0;
  for document in &documents {
    for candidate in std::iter::once(document.clone()).chain(mutations(document)) {
      let expected = runtime.is_valid(&candidate);
      assert_eq!(
        stackc::check::validate::CompiledSchema::is_valid(&candidate),
        expected,
        "{candidate}"
      );
      checked += 1;
      refused += usize::from(!expected);
    }
  }
  // Both verdicts occur, many times over.
  assert!(checked > 4_000 && refused > 2_000, "{checked} {refused}");
}
