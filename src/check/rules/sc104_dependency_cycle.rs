use {
  crate::{catalog::Text, check::context::Context, diagnostic::Diagnostic, model::Model},
  indexmap::{IndexMap, IndexSet},
  std::collections::HashMap,
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
      let implied = catalog.requires.iter().map(Text::as_str).chain(
        catalog
          .containers
          .iter()
          .flat_map(|container| container.depends_on.keys().map(Text::as_str)),
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
    visit(start, &edges, &mut done, &mut |cycle| {
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

/// Depth-first over `edges` from `start`, calling `found` with each cycle
/// closed by an edge back into the current path. Iterative, and with the
/// path's positions indexed, so that a chain of thousands of services costs
/// neither the stack nor quadratic time.
fn visit<'m>(
  start: &'m str,
  edges: &IndexMap<&'m str, Vec<(&'m str, Option<usize>)>>,
  done: &mut IndexSet<&'m str>,
  found: &mut dyn FnMut(&[&'m str]),
) {
  if done.contains(start) {
    return;
  }
  let targets = |node: &str| edges.get(node).map_or(&[][..], Vec::as_slice);
  let mut path = vec![start];
  let mut on_path: HashMap<&str, usize> = HashMap::from([(start, 0)]);
  // Each node of the path with the index of its next edge to follow.
  let mut pending = vec![0_usize];
  while let Some(next) = pending.last_mut() {
    let node = path[path.len() - 1];
    let Some((target, _)) = targets(node).get(*next) else {
      pending.pop();
      path.pop();
      on_path.remove(node);
      done.insert(node);
      continue;
    };
    *next += 1;
    if let Some(&position) = on_path.get(target) {
      found(&path[position..]);
    } else if !done.contains(target) {
      on_path.insert(target, path.len());
      path.push(target);
      pending.push(0);
    }
  }
}
