use {crate::lsp::open_document::OpenDocument, lsp_types::Url, std::collections::HashMap};

/// The open stack files, by URI.
#[derive(Debug, Default)]
pub struct Documents {
  open: HashMap<Url, OpenDocument>,
}

impl Documents {
  pub fn open(&mut self, document: OpenDocument) -> &OpenDocument {
    let uri = document.uri.clone();
    self.open.insert(uri.clone(), document);
    &self.open[&uri]
  }

  pub fn close(&mut self, uri: &Url) -> Option<OpenDocument> {
    self.open.remove(uri)
  }

  pub fn get(&self, uri: &Url) -> Option<&OpenDocument> {
    self.open.get(uri)
  }

  pub fn get_mut(&mut self, uri: &Url) -> Option<&mut OpenDocument> {
    self.open.get_mut(uri)
  }

  pub fn iter(&self) -> impl Iterator<Item = &OpenDocument> {
    self.open.values()
  }
}
