use serde_json::Value;

/// A typed object as the JSON the YAML writer takes.
pub fn object(object: impl serde::Serialize) -> Value {
  serde_json::to_value(object).expect("Kubernetes objects serialize")
}
