//! What may be written where the cursor is: catalog services under
//! `[services.]`, names inside `{{ }}`, agent ids and strategies under
//! `[orchestratai]`, and every key and enumerated value the schema defines
//! (profile keys among them).

use {
  crate::{
    catalog::Catalog,
    config::orchestratai::{AGENT_COLORS, AGENT_IDS},
    lsp::{
      cursor::{Cursor, CursorPlace},
      open_document::OpenDocument,
      schema_index::SchemaIndex,
    },
    model::{SERVICE_FIELDS, STACK_FIELDS},
  },
  lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, CompletionTextEdit, Range, TextEdit,
  },
};

pub fn complete(document: &OpenDocument, offset: usize) -> CompletionResponse {
  let text = &document.text;
  let cursor = Cursor::at(text, offset);
  let items: Vec<(String, CompletionItemKind, Option<String>)> = match &cursor.place {
    CursorPlace::Header { .. } => header(&cursor.path),
    CursorPlace::Key => keys(&cursor.path),
    CursorPlace::Value {
      template: Some(expression),
    } => template(document, expression),
    CursorPlace::Value { template: None } => values(document, &cursor.path),
  };
  // The word being written is replaced, up to the cursor: names hold `-`,
  // which editors do not count as part of a word.
  let start = text[..offset]
    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .map_or(0, |index| index + 1);
  let range = Range::new(
    document.positions.position(text, start),
    document.positions.position(text, offset),
  );
  CompletionResponse::Array(
    items
      .into_iter()
      .map(|(label, kind, detail)| CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
          range,
          label.clone(),
        ))),
        label,
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
      })
      .collect(),
  )
}

type Item = (String, CompletionItemKind, Option<String>);

fn header(path: &[String]) -> Vec<Item> {
  let owned: Vec<&str> = path.iter().map(String::as_str).collect();
  match owned.as_slice() {
    ["services"] => Catalog::get()
      .services()
      .map(|(name, service)| {
        (
          name.to_owned(),
          CompletionItemKind::MODULE,
          Some(service.description.as_str().to_owned()),
        )
      })
      .collect(),
    ["orchestratai", "agents"] => AGENT_IDS
      .iter()
      .map(|id| (id.to_string(), CompletionItemKind::ENUM_MEMBER, None))
      .collect(),
    _ => keys(path),
  }
}

fn keys(path: &[String]) -> Vec<Item> {
  SchemaIndex::get()
    .properties(path)
    .into_iter()
    .map(|(name, description)| {
      (
        name.to_owned(),
        CompletionItemKind::PROPERTY,
        description.map(first_sentence),
      )
    })
    .collect()
}

fn first_sentence(text: &str) -> String {
  text.split(". ").next().unwrap_or(text).to_owned()
}

/// Values: the schema's enumerations, agent colours, and the enabled
/// services a `depends_on` may name.
fn values(document: &OpenDocument, path: &[String]) -> Vec<Item> {
  let owned: Vec<&str> = path.iter().map(String::as_str).collect();
  let names: Vec<String> = match owned.as_slice() {
    ["orchestratai", "agents", _, "color"] => AGENT_COLORS.iter().map(|c| c.to_string()).collect(),
    ["services", _, "depends_on"] => service_names(document),
    _ => SchemaIndex::get()
      .enum_values(path)
      .into_iter()
      .map(str::to_owned)
      .collect(),
  };
  names
    .into_iter()
    .map(|name| (name, CompletionItemKind::ENUM_MEMBER, None))
    .collect()
}

/// The names a `{{ }}` expression may read, after what is written of it.
fn template(document: &OpenDocument, expression: &str) -> Vec<Item> {
  let mut parts: Vec<&str> = expression.split('.').collect();
  parts.pop();
  let variable = CompletionItemKind::VARIABLE;
  let field = CompletionItemKind::FIELD;
  match parts.as_slice() {
    [] => ["secrets", "services", "stack"]
      .iter()
      .map(|name| (name.to_string(), CompletionItemKind::MODULE, None))
      .collect(),
    ["secrets"] => secret_names(document)
      .into_iter()
      .map(|(name, detail)| (name, variable, detail))
      .collect(),
    ["services"] => service_names(document)
      .into_iter()
      .map(|name| (name, variable, None))
      .collect(),
    ["services", _] => SERVICE_FIELDS
      .iter()
      .map(|name| (name.to_string(), field, None))
      .collect(),
    ["stack"] => STACK_FIELDS
      .iter()
      .map(|name| (name.to_string(), field, None))
      .collect(),
    _ => Vec::new(),
  }
}

/// Every secret of the last check (declared, and brought by the catalog).
fn secret_names(document: &OpenDocument) -> Vec<(String, Option<String>)> {
  let Some(model) = document.latest_snapshot().and_then(|s| s.checked.model()) else {
    return Vec::new();
  };
  model
    .secrets
    .values()
    .map(|secret| (secret.name.clone(), secret.description.clone()))
    .collect()
}

fn service_names(document: &OpenDocument) -> Vec<String> {
  let Some(model) = document.latest_snapshot().and_then(|s| s.checked.model()) else {
    return Vec::new();
  };
  model.services.keys().cloned().collect()
}
