use {
  crate::{diagnostic::Diagnostic, lint::Context, model::Model},
  indexmap::{IndexMap, IndexSet},
};

crate::declare_rule! {
  /// ## What it checks
  /// That services do not depend on each other in a circle, through
  /// `depends_on` or the catalog's own dependencies. The message prints the
  /// cycle.
  ///
  /// ## Why
  /// docker-compose cannot order a cycle and refuses to start any of it.
  ///
  /// ## Example
  /// ```toml
  /// [services.api]
  /// image = "acme/api:1.0"
  /// depends_on = ["worker"]
  ///
  /// [services.worker]
  /// image = "acme/worker:1.0"
  /// depends_on = ["api"]
  /// ```
  ///
  /// ## Fix
  /// Remove one edge of the cycle; a service that only calls another at run
  /// time does not need to depend on it.
  pub struct DependencyCycle {
    code: "SC104",
    name: "dependency-cycle",
    severity: Error,
    summary: "services depend on each other in a cycle",
  }
}

/// Service-level edges: `from -> [(to, index in from's depends_on, if written there)]`.
pub fn edges<'m>(model: &'m Model<'_>) -> IndexMap<&'m str, Vec<(&'m str, Option<usize>)>> {
  let owner = |name: &'m str| -> Option<&'m str> {
    if model.services.contains_key(name) {
      return model.services.get_key_value(name).map(|(k, _)| k.as_str());
    }
    let owner = model.catalog.owner_of_container(name)?;
    model.services.get_key_value(owner).map(|(k, _)| k.as_str())
  };
  let mut edges: IndexMap<&str, Vec<(&str, Option<usize>)>> = IndexMap::new();
  for (name, service) in &model.services {
    let list = edges.entry(name.as_str()).or_default();
    for (index, target) in service.config.depends_on.iter().enumerate() {
      if let Some(target) = owner(target) {
        list.push((target, Some(index)));
      }
    }
    if let Some(catalog) = service.catalog {
      let implied = catalog.requires.iter().map(String::as_str).chain(
        catalog
          .containers
          .iter()
          .flat_map(|container| container.depends_on.keys().map(String::as_str)),
      );
      for target in implied {
        if let Some(target) = owner(target)
          && target != name
          && !list.iter().any(|(t, _)| *t == target)
        {
          list.push((target, None));
        }
      }
    }
  }
  edges
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let edges = edges(cx.model);
  let mut reported: IndexSet<Vec<&str>> = IndexSet::new();
  let mut done: IndexSet<&str> = IndexSet::new();
  for start in edges.keys() {
    let mut path = Vec::new();
    visit(start, &edges, &mut path, &mut done, &mut |cycle| {
      // The same cycle is found from each of its members: report it once.
      let mut key = cycle.to_vec();
      let smallest = (0..key.len()).min_by_key(|&i| key[i]).unwrap_or(0);
      key.rotate_left(smallest);
      if !reported.insert(key) {
        return;
      }
      let mut shown: Vec<&str> = cycle.to_vec();
      shown.push(cycle[0]);
      // Point at an edge the user wrote, the last one that closes the cycle.
      let written = (0..cycle.len()).rev().find_map(|i| {
        let (from, to) = (cycle[i], cycle[(i + 1) % cycle.len()]);
        edges[from]
          .iter()
          .find(|(target, index)| *target == to && index.is_some())
          .map(|(_, index)| (from, index.unwrap_or_default()))
      });
      let span = match written {
        Some((from, index)) => cx.value(["services", from, "depends_on", &index.to_string()]),
        None => cx.key(["services", cycle[0]]),
      };
      out.push(
        META
          .diagnostic(format!("dependency cycle: {}", shown.join(" → ")), span)
          .label("this dependency closes the cycle")
          .help("remove one of these dependencies; a service that only calls another at run time need not depend on it"),
      );
    });
  }
}

fn visit<'m>(
  node: &'m str,
  edges: &IndexMap<&'m str, Vec<(&'m str, Option<usize>)>>,
  path: &mut Vec<&'m str>,
  done: &mut IndexSet<&'m str>,
  found: &mut dyn FnMut(&[&'m str]),
) {
  if let Some(position) = path.iter().position(|n| *n == node) {
    found(&path[position..]);
    return;
  }
  if done.contains(node) {
    return;
  }
  path.push(node);
  for (target, _) in edges.get(node).into_iter().flatten() {
    visit(target, edges, path, done, found);
  }
  path.pop();
  done.insert(node);
}
