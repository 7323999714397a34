use {
  crate::lsp::{
    capabilities::server_capabilities, options::Options, position_encoding::PositionEncoding,
  },
  lsp_server::{Connection, ErrorCode, Message, Request, Response},
  lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, Registration, RegistrationParams, ServerInfo,
  },
};

/// What `initialize` settled: the encoding of positions, the client's
/// options, and whether it lets the server watch files.
pub struct Handshake {
  pub encoding: PositionEncoding,
  pub options: Options,
}

impl Handshake {
  /// Answers `initialize` (refusing any other request before it) and waits
  /// for `initialized`; `None` when the client leaves or exits first.
  pub fn run(connection: &Connection) -> Option<Self> {
    let (id, params) = loop {
      match connection.receiver.recv().ok()? {
        Message::Request(request) if request.method == "initialize" => {
          break (request.id, request.params);
        }
        Message::Request(request) => {
          let refusal = Response::new_err(
            request.id,
            ErrorCode::ServerNotInitialized as i32,
            "initialize first".into(),
          );
          connection.sender.send(refusal.into()).ok()?;
        }
        Message::Notification(notification) if notification.method == "exit" => return None,
        _ => {}
      }
    };
    let mut params = params;
    // `processId` is required but null for most uses; a client that leaves
    // it out still gets its capabilities and options read.
    if let Some(object) = params.as_object_mut() {
      object.entry("processId").or_insert(serde_json::Value::Null);
    }
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = PositionEncoding::negotiate(&params.capabilities);
    let result = InitializeResult {
      capabilities: server_capabilities(encoding),
      server_info: Some(ServerInfo {
        name: "stackc".into(),
        version: Some(env!("CARGO_PKG_VERSION").into()),
      }),
    };
    let result = serde_json::to_value(result).ok()?;
    connection
      .sender
      .send(Response::new_ok(id, result).into())
      .ok()?;
    loop {
      match connection.receiver.recv().ok()? {
        Message::Notification(notification) if notification.method == "initialized" => break,
        Message::Notification(notification) if notification.method == "exit" => return None,
        _ => {}
      }
    }
    let watches = params
      .capabilities
      .workspace
      .as_ref()
      .and_then(|workspace| workspace.did_change_watched_files.as_ref())
      .and_then(|watched| watched.dynamic_registration)
      .unwrap_or(false);
    if watches {
      let _ = connection.sender.send(watch_request().into());
    }
    Some(Self {
      encoding,
      options: Options::from_initialize(&params),
    })
  }
}

/// Asks the client to report changes to any file: a prompt file or the
/// `.stackc` store can lie anywhere under the stack's folder.
fn watch_request() -> Request {
  let options = DidChangeWatchedFilesRegistrationOptions {
    watchers: vec![FileSystemWatcher {
      glob_pattern: GlobPattern::String("**/*".into()),
      kind: None,
    }],
  };
  let params = RegistrationParams {
    registrations: vec![Registration {
      id: "stackc-watch".into(),
      method: "workspace/didChangeWatchedFiles".into(),
      register_options: serde_json::to_value(options).ok(),
    }],
  };
  Request::new(
    "stackc-watch".to_owned().into(),
    "client/registerCapability".into(),
    params,
  )
}
