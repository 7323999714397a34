use {crate::check::validate::SCHEMA, serde_json::Value, std::sync::OnceLock};

/// The bundled JSON Schema of stack.toml, walked by key path: what hover
/// shows of a key and what completion offers in a table.
pub struct SchemaIndex {
  root: Value,
}

impl SchemaIndex {
  pub fn get() -> &'static SchemaIndex {
    static INDEX: OnceLock<SchemaIndex> = OnceLock::new();
    INDEX.get_or_init(|| SchemaIndex {
      root: serde_json::from_str(SCHEMA).unwrap_or(Value::Null),
    })
  }

  /// The schema of the node at `path` (table and key names; an array's
  /// items are reached through the array's own key).
  pub fn node(&self, path: &[String]) -> Option<&Value> {
    let mut node = self.resolve(&self.root);
    for segment in path {
      node = self.child(node, segment)?;
    }
    Some(node)
  }

  pub fn description(&self, path: &[String]) -> Option<&str> {
    // A `$ref` with a description beside it describes the use, not the type.
    let mut node = &self.root;
    for segment in path {
      let resolved = self.resolve(node);
      node = self.raw_child(resolved, segment)?;
    }
    node
      .get("description")
      .or_else(|| self.resolve(node).get("description"))
      .and_then(Value::as_str)
  }

  /// The keys a table at `path` defines, with their descriptions.
  pub fn properties(&self, path: &[String]) -> Vec<(&str, Option<&str>)> {
    let Some(node) = self.node(path) else {
      return Vec::new();
    };
    let Some(properties) = node.get("properties").and_then(Value::as_object) else {
      return Vec::new();
    };
    properties
      .iter()
      .map(|(name, property)| {
        let description = property
          .get("description")
          .or_else(|| self.resolve(property).get("description"))
          .and_then(Value::as_str);
        (name.as_str(), description)
      })
      .collect()
  }

  /// The values an `enum` allows at `path`.
  pub fn enum_values(&self, path: &[String]) -> Vec<&str> {
    let node = self.node(path);
    let node = node.map(|node| node.get("items").map_or(node, |items| self.resolve(items)));
    node
      .and_then(|node| node.get("enum"))
      .and_then(Value::as_array)
      .map(|values| values.iter().filter_map(Value::as_str).collect())
      .unwrap_or_default()
  }

  fn child<'s>(&'s self, node: &'s Value, segment: &str) -> Option<&'s Value> {
    self
      .raw_child(node, segment)
      .map(|child| self.resolve(child))
  }

  /// `segment` of `node`, unresolved: a property, else the schema of any
  /// other key, else (for an array of tables) the items' property.
  fn raw_child<'s>(&'s self, node: &'s Value, segment: &str) -> Option<&'s Value> {
    if let Some(property) = node.get("properties").and_then(|p| p.get(segment)) {
      return Some(property);
    }
    if let Some(other) = node.get("additionalProperties").filter(|a| a.is_object()) {
      return Some(other);
    }
    if let Some(items) = node.get("items") {
      return self.raw_child(self.resolve(items), segment);
    }
    for combined in ["oneOf", "anyOf", "allOf"] {
      let found = node
        .get(combined)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|branch| self.raw_child(self.resolve(branch), segment));
      if found.is_some() {
        return found;
      }
    }
    None
  }

  /// Follows `$ref`s within the schema.
  fn resolve<'s>(&'s self, mut node: &'s Value) -> &'s Value {
    for _ in 0..16 {
      let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
        break;
      };
      let Some(target) = reference
        .strip_prefix('#')
        .and_then(|pointer| self.root.pointer(pointer))
      else {
        break;
      };
      node = target;
    }
    node
  }
}
