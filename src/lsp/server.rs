use {
  crate::lsp::{
    check_job::CheckJob, code_actions, completion, debounce::Debouncer, definition,
    documents::Documents, handshake::Handshake, hover, open_document::OpenDocument,
    options::Options, position_encoding::PositionEncoding, snapshot::Snapshot,
  },
  crossbeam_channel::{Receiver, select, unbounded},
  lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response},
  lsp_types::{
    CodeActionOrCommand, CodeActionParams, CompletionParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, GotoDefinitionParams, GotoDefinitionResponse, HoverParams,
    PublishDiagnosticsParams, TextDocumentPositionParams, Url,
  },
  serde::de::DeserializeOwned,
  serde_json::Value,
  std::{panic, path::Path},
};

/// The editor's thread: it keeps the open documents, hands each new text
/// to the worker, answers requests from what is known, and publishes the
/// diagnostics of each document's latest version.
pub struct Server {
  connection: Connection,
  documents: Documents,
  debouncer: Debouncer,
  results: Receiver<Snapshot>,
  encoding: PositionEncoding,
  options: Options,
  shut_down: bool,
}

/// What one message leaves the server to do.
enum Next {
  Continue,
  Exit(i32),
}

impl Server {
  /// Serves `connection` until `exit`: 0 after `shutdown`, else 1, as the
  /// protocol asks (a client that goes away is an exit without shutdown).
  pub fn serve(connection: Connection) -> i32 {
    let Some(handshake) = Handshake::run(&connection) else {
      return 1;
    };
    let (results_sender, results) = unbounded();
    let server = Self {
      debouncer: Debouncer::start(handshake.options.debounce, results_sender),
      connection,
      documents: Documents::default(),
      results,
      encoding: handshake.encoding,
      options: handshake.options,
      shut_down: false,
    };
    server.run()
  }

  fn run(mut self) -> i32 {
    loop {
      select! {
        recv(self.connection.receiver) -> message => {
          let Ok(message) = message else { return 1 };
          if let Next::Exit(code) = self.handle(message) {
            return code;
          }
        }
        recv(self.results) -> snapshot => {
          if let Ok(snapshot) = snapshot {
            self.publish(snapshot);
          }
        }
      }
    }
  }

  fn handle(&mut self, message: Message) -> Next {
    match message {
      Message::Request(request) => {
        let response = self.respond(request);
        let _ = self.connection.sender.send(response.into());
        Next::Continue
      }
      Message::Notification(notification) if notification.method == "exit" => {
        Next::Exit(if self.shut_down { 0 } else { 1 })
      }
      Message::Notification(notification) => {
        self.notified(notification);
        Next::Continue
      }
      Message::Response(_) => Next::Continue,
    }
  }

  fn respond(&mut self, request: Request) -> Response {
    let Request { id, method, params } = request;
    if self.shut_down {
      return error(id, ErrorCode::InvalidRequest, "the server is shut down");
    }
    if method == "shutdown" {
      self.shut_down = true;
      return Response::new_ok(id, Value::Null);
    }
    // A bug met by a hostile file fails one request, not the session.
    let answered = panic::catch_unwind(panic::AssertUnwindSafe(|| self.answer(&method, params)));
    match answered {
      Ok(Ok(result)) => Response::new_ok(id, result),
      Ok(Err((code, message))) => error(id, code, &message),
      Err(_) => error(id, ErrorCode::InternalError, "stackc failed to answer"),
    }
  }

  fn answer(&self, method: &str, params: Value) -> Result<Value, (ErrorCode, String)> {
    match method {
      "textDocument/hover" => {
        let params: HoverParams = parse(params)?;
        let place = params.text_document_position_params;
        Ok(value(self.at(&place, hover::hover)))
      }
      "textDocument/completion" => {
        let params: CompletionParams = parse(params)?;
        let place = params.text_document_position;
        Ok(value(
          self.at(&place, |d, o| Some(completion::complete(d, o))),
        ))
      }
      "textDocument/definition" => {
        let params: GotoDefinitionParams = parse(params)?;
        let place = params.text_document_position_params;
        let found = self.at(&place, definition::definition);
        Ok(value(found.map(GotoDefinitionResponse::Scalar)))
      }
      "textDocument/codeAction" => {
        let params: CodeActionParams = parse(params)?;
        let Some(document) = self.documents.get(&params.text_document.uri) else {
          return Ok(Value::Null);
        };
        let actions: Vec<CodeActionOrCommand> = code_actions::code_actions(document, params.range)
          .into_iter()
          .map(CodeActionOrCommand::CodeAction)
          .collect();
        Ok(value(actions))
      }
      _ => Err((
        ErrorCode::MethodNotFound,
        format!("stackc does not answer {method}"),
      )),
    }
  }

  /// Runs `answer` at the position of a request; `None` (null to the
  /// client) for a document that is not open.
  fn at<R>(
    &self,
    place: &TextDocumentPositionParams,
    answer: impl FnOnce(&OpenDocument, usize) -> Option<R>,
  ) -> Option<R> {
    let document = self.documents.get(&place.text_document.uri)?;
    let offset = document.positions.offset(&document.text, place.position);
    answer(document, offset)
  }

  fn notified(&mut self, notification: Notification) {
    match notification.method.as_str() {
      "textDocument/didOpen" => {
        let Ok(params) = parse::<DidOpenTextDocumentParams>(notification.params) else {
          return;
        };
        let item = params.text_document;
        let document = OpenDocument::new(item.uri, item.version, item.text, self.encoding);
        let opened = self.documents.open(document);
        let job = job(opened, self.encoding, &self.options);
        self.debouncer.submit(job);
      }
      "textDocument/didChange" => {
        let Ok(params) = parse::<DidChangeTextDocumentParams>(notification.params) else {
          return;
        };
        let uri = params.text_document.uri;
        // Full sync: the last change holds the whole text.
        let (Some(change), Some(document)) = (
          params.content_changes.into_iter().last(),
          self.documents.get_mut(&uri),
        ) else {
          return;
        };
        document.replace(params.text_document.version, change.text);
        let job = job(document, self.encoding, &self.options);
        self.debouncer.submit(job);
      }
      "textDocument/didClose" => {
        let Ok(params) = parse::<DidCloseTextDocumentParams>(notification.params) else {
          return;
        };
        if self.documents.close(&params.text_document.uri).is_some() {
          self.send_diagnostics(params.text_document.uri, Vec::new(), None);
        }
      }
      "textDocument/didSave" => {
        if let Ok(params) = parse::<DidSaveTextDocumentParams>(notification.params) {
          self.recheck_readers(&[params.text_document.uri]);
        }
      }
      "workspace/didChangeWatchedFiles" => {
        if let Ok(params) = parse::<DidChangeWatchedFilesParams>(notification.params) {
          let uris: Vec<Url> = params
            .changes
            .into_iter()
            .map(|change| change.uri)
            .collect();
          self.recheck_readers(&uris);
        }
      }
      _ => {}
    }
  }

  /// Checks again every open stack (but the changed files themselves)
  /// whose folder holds a changed file: its prompt files and `.stackc`
  /// store lie there, and `stackc check` reads nothing outside it.
  fn recheck_readers(&self, changed: &[Url]) {
    let paths: Vec<_> = changed
      .iter()
      .filter_map(|uri| uri.to_file_path().ok())
      .collect();
    let jobs: Vec<CheckJob> = self
      .documents
      .iter()
      .filter(|document| !changed.contains(&document.uri))
      .filter(|document| {
        let folder = document.path.parent().unwrap_or(Path::new("/"));
        let deploy = self.options.deploy.as_deref();
        paths
          .iter()
          .any(|path| path.starts_with(folder) || deploy.is_some_and(|d| path.starts_with(d)))
      })
      .map(|document| job(document, self.encoding, &self.options))
      .collect();
    for job in jobs {
      self.debouncer.submit(job);
    }
  }

  /// Publishes a checked version if it is still the document's, and keeps it.
  fn publish(&mut self, snapshot: Snapshot) {
    let Some(document) = self.documents.get_mut(&snapshot.uri) else {
      return;
    };
    if document.version != snapshot.version {
      return;
    }
    let (uri, version, diagnostics) = (
      snapshot.uri.clone(),
      snapshot.version,
      snapshot.diagnostics.clone(),
    );
    document.keep(snapshot);
    self.send_diagnostics(uri, diagnostics, Some(version));
  }

  fn send_diagnostics(
    &self,
    uri: Url,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
  ) {
    let params = PublishDiagnosticsParams {
      uri,
      diagnostics,
      version,
    };
    let notification = Notification::new("textDocument/publishDiagnostics".into(), params);
    let _ = self.connection.sender.send(notification.into());
  }
}

fn job(document: &OpenDocument, encoding: PositionEncoding, options: &Options) -> CheckJob {
  CheckJob {
    uri: document.uri.clone(),
    version: document.version,
    path: document.path.clone(),
    text: document.text.clone(),
    output: options.deploy.clone(),
    encoding,
  }
}

fn value(result: impl serde::Serialize) -> Value {
  serde_json::to_value(result).unwrap_or(Value::Null)
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
  serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
  Response::new_err(id, code as i32, message.to_owned())
}
