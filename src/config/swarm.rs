use {indexmap::IndexMap, serde::Deserialize};

/// `[targets.swarm]`: which nodes run what. Named volumes are local to a
/// node, so a service with one must always be scheduled where its data is.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SwarmConfig {
  pub edge_label: Option<String>,
  pub data_label: Option<String>,
  /// Data group by service name: the value of the data label.
  pub placement: IndexMap<String, String>,
}

impl SwarmConfig {
  pub const DEFAULT_EDGE_LABEL: &str = "edge";
  pub const DEFAULT_DATA_LABEL: &str = "data";
  pub const DEFAULT_GROUP: &str = "main";

  pub fn edge_label(&self) -> &str {
    self
      .edge_label
      .as_deref()
      .unwrap_or(Self::DEFAULT_EDGE_LABEL)
  }

  pub fn data_label(&self) -> &str {
    self
      .data_label
      .as_deref()
      .unwrap_or(Self::DEFAULT_DATA_LABEL)
  }

  /// The data group of `service`.
  pub fn group(&self, service: &str) -> &str {
    self
      .placement
      .get(service)
      .map_or(Self::DEFAULT_GROUP, String::as_str)
  }
}
