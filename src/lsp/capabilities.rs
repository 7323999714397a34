use {
  crate::lsp::position_encoding::PositionEncoding,
  lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, OneOf, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
  },
};

/// What `stackc lsp` answers, as told to the client in `initialize`.
pub fn server_capabilities(encoding: PositionEncoding) -> ServerCapabilities {
  ServerCapabilities {
    position_encoding: Some(encoding.kind()),
    // Whole texts: a stack file is small, and a full text cannot drift.
    text_document_sync: Some(TextDocumentSyncCapability::Options(
      TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::FULL),
        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
          include_text: Some(false),
        })),
        ..TextDocumentSyncOptions::default()
      },
    )),
    hover_provider: Some(HoverProviderCapability::Simple(true)),
    completion_provider: Some(CompletionOptions {
      trigger_characters: Some(vec![".".into(), "[".into(), "\"".into()]),
      ..CompletionOptions::default()
    }),
    definition_provider: Some(OneOf::Left(true)),
    code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
      code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
      ..CodeActionOptions::default()
    })),
    ..ServerCapabilities::default()
  }
}
