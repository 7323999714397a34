//! What the cursor points at, explained: a key's schema description, a
//! catalog service's wiring, a code's documentation, a secret's source and
//! users (never its value).

use {
  crate::{
    catalog::{Catalog, CatalogService},
    check::rules,
    lsp::{
      cursor::{Cursor, CursorPlace, word_at},
      open_document::OpenDocument,
      schema_index::SchemaIndex,
    },
    secrets::command::{source_text, users},
  },
  lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind},
  std::fmt::Write,
};

pub fn hover(document: &OpenDocument, offset: usize) -> Option<Hover> {
  let text = &document.text;
  let (span, word) = word_at(text, offset, true)?;
  let markdown = code(word)
    .or_else(|| template_name(document, offset, word))
    .or_else(|| key(text, offset))?;
  Some(Hover {
    contents: HoverContents::Markup(MarkupContent {
      kind: MarkupKind::Markdown,
      value: markdown,
    }),
    range: Some(document.positions.range(text, span)),
  })
}

/// A diagnostic code, wherever it is written (a comment, a value).
fn code(word: &str) -> Option<String> {
  let looks_like_code = word.len() == 5
    && word[..2].eq_ignore_ascii_case("sc")
    && word[2..].bytes().all(|b| b.is_ascii_digit());
  if !looks_like_code {
    return None;
  }
  Some(rules::find(word)?.meta.explanation())
}

/// `secrets.NAME` or `services.NAME…` inside `{{ }}`.
fn template_name(document: &OpenDocument, offset: usize, word: &str) -> Option<String> {
  let cursor = Cursor::at(&document.text, offset);
  let CursorPlace::Value { template: Some(_) } = cursor.place else {
    return None;
  };
  let mut parts = word.split('.');
  match (parts.next(), parts.next()) {
    (Some("secrets"), Some(name)) => secret(document, name),
    (Some("services"), Some(name)) => match Catalog::get().service(name) {
      Some(service) => Some(catalog_service(name, service)),
      None => Some(format!("**{name}**: a custom service of this stack")),
    },
    _ => None,
  }
}

/// The secret's source and users, as `stackc secrets list` shows them.
fn secret(document: &OpenDocument, name: &str) -> Option<String> {
  let snapshot = document.latest_snapshot()?;
  let model = snapshot.checked.model()?;
  let Some(secret) = model.secrets.get(name) else {
    return Some(format!("**secret `{name}`**: not declared (SC201)"));
  };
  let mut text = format!(
    "**secret `{name}`** (`${}`)\n\nsource: {}",
    secret.variable(),
    source_text(secret)
  );
  if let Some(description) = &secret.description {
    let _ = write!(text, "\n\n{description}");
  }
  let users = users(&model, secret);
  if !users.is_empty() {
    let _ = write!(text, "\n\nused by: {}", users.join(", "));
  }
  if secret.set_once {
    text.push_str("\n\nset once: rotating it breaks the data of its service");
  }
  Some(text)
}

/// A key: a catalog service's table, else the key's schema description.
fn key(text: &str, offset: usize) -> Option<String> {
  let (_, word) = word_at(text, offset, false)?;
  let cursor = Cursor::at(text, offset);
  let mut path = cursor.path;
  match cursor.place {
    // On a header, the segment under the cursor and those before it.
    CursorPlace::Header { .. } => path.push(word.to_owned()),
    CursorPlace::Key => path.push(word.to_owned()),
    CursorPlace::Value { .. } => {}
  }
  if let [first, name] = path.as_slice()
    && first == "services"
    && let Some(service) = Catalog::get().service(name)
  {
    return Some(catalog_service(name, service));
  }
  let description = SchemaIndex::get().description(&path)?;
  Some(format!("**{}**\n\n{description}", path.join(".")))
}

/// What enabling a catalog service brings.
pub fn catalog_service(name: &str, service: &CatalogService) -> String {
  let mut text = format!(
    "**{name}** — {} ({})\n",
    service.description.as_str(),
    service.kind.as_str()
  );
  if !service.requires.is_empty() {
    let requires: Vec<&str> = service.requires.iter().map(|r| r.as_str()).collect();
    let _ = write!(text, "\nrequires: {}\n", requires.join(", "));
  }
  text.push_str("\ncontainers:\n");
  for container in &service.containers {
    let _ = write!(
      text,
      "- `{}`: `{}`",
      container.name.as_str(),
      container.image.as_str()
    );
    if let Some(port) = container.port {
      let _ = write!(text, ", port {port}");
    }
    let published: Vec<String> = container
      .ports
      .iter()
      .filter_map(|port| port.host.map(|host| format!("{host}:{}", port.container)))
      .collect();
    if !published.is_empty() {
      let _ = write!(text, ", host ports {}", published.join(", "));
    }
    text.push('\n');
  }
  if !service.databases.is_empty() {
    text.push_str("\ndatabases:\n");
    for database in &service.databases {
      let _ = writeln!(
        text,
        "- {} `{}`, owner `{}`",
        database.engine.as_str(),
        database.name.as_str(),
        database.user.as_str()
      );
    }
  }
  if !service.secrets.is_empty() {
    text.push_str("\nsecrets:\n");
    for (secret, config) in service.secrets.iter() {
      let _ = writeln!(
        text,
        "- `{}` ({}): {}",
        secret.as_str(),
        config.generate.as_str(),
        config.description.as_str()
      );
    }
  }
  text
}
