//! Go to definition: from `{{ secrets.X }}`, `{{ services.X.… }}` or a
//! `depends_on` entry to the table or key that declares it.

use {
  crate::{
    check::parse,
    document::{Document, pointer},
    lsp::{
      cursor::{Cursor, CursorPlace, word_at},
      open_document::OpenDocument,
    },
  },
  lsp_types::Location,
};

pub fn definition(document: &OpenDocument, offset: usize) -> Option<Location> {
  let text = &document.text;
  let cursor = Cursor::at(text, offset);
  let target = match &cursor.place {
    CursorPlace::Value { template: Some(_) } => {
      let (_, word) = word_at(text, offset, true)?;
      let mut parts = word.split('.');
      match (parts.next()?, parts.next()?) {
        ("secrets", name) => Target::Secret(name.to_owned()),
        ("services", name) => Target::Service(name.to_owned()),
        _ => return None,
      }
    }
    CursorPlace::Value { template: None }
      if cursor.path.len() == 3
        && cursor.path[0] == "services"
        && cursor.path[2] == "depends_on" =>
    {
      let (_, name) = word_at(text, offset, false)?;
      Target::Service(name.to_owned())
    }
    _ => return None,
  };
  let span = with_current_document(document, |parsed| {
    let place = |path: [&str; 2]| {
      parsed
        .place(&pointer(path))
        .map(|p| p.key.unwrap_or(p.value))
    };
    match &target {
      Target::Service(name) => place(["services", name]),
      Target::Secret(name) => place(["secrets", name]).or_else(|| {
        // A catalog secret the stack does not override: the table of the
        // service that brings it.
        let model = document.latest_snapshot()?.checked.model()?;
        let provider = model.secrets.get(name)?.provided_by.first()?.clone();
        place(["services", &provider])
      }),
    }
  })??;
  Some(Location::new(
    document.uri.clone(),
    document.positions.range(text, span),
  ))
}

enum Target {
  Secret(String),
  Service(String),
}

/// Runs `then` on the document of the text as it is now: the last check's
/// when it is of this version, else parsed again (parsing alone is cheap).
pub fn with_current_document<R>(
  document: &OpenDocument,
  then: impl FnOnce(&Document) -> R,
) -> Option<R> {
  if let Some(parsed) = document
    .fresh_snapshot()
    .and_then(|snapshot| snapshot.checked.document.as_ref())
  {
    return Some(then(parsed));
  }
  let (_, parsed) = parse::parse(&document.path, document.text.clone().into_bytes());
  parsed.ok().map(|parsed| then(&parsed))
}
