//! A language client of the real `stackc lsp`, over its stdin and stdout:
//! framed JSON-RPC, requests answered by id, notifications kept in order.

use {
  serde_json::{Value, json},
  std::{
    collections::VecDeque,
    io::{BufRead, BufReader, Read, Write},
    path::Path,
    process::{Child, ChildStdin, Command, Stdio},
    sync::mpsc::{Receiver, RecvTimeoutError, channel},
    time::{Duration, Instant},
  },
};

/// Long enough for a debug build to check a 1,000-service stack.
const PATIENCE: Duration = Duration::from_secs(60);

pub struct LspClient {
  child: Child,
  stdin: Option<ChildStdin>,
  incoming: Receiver<Value>,
  /// Notifications read while waiting for something else.
  notifications: VecDeque<Value>,
  next_id: i64,
}

impl LspClient {
  pub fn start(directory: &Path) -> Self {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stackc"))
      .arg("lsp")
      .current_dir(directory)
      .stdin(Stdio::piped())
      .stdout(Stdio::piped())
      .stderr(Stdio::piped())
      .spawn()
      .expect("stackc lsp starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (sender, incoming) = channel();
    std::thread::spawn(move || {
      let mut reader = BufReader::new(stdout);
      while let Some(message) = read_message(&mut reader) {
        if sender.send(message).is_err() {
          return;
        }
      }
    });
    Self {
      stdin: child.stdin.take(),
      child,
      incoming,
      notifications: VecDeque::new(),
      next_id: 1,
    }
  }

  /// Writes raw bytes, frames and all (or not).
  pub fn raw(&mut self, bytes: &[u8]) {
    let stdin = self.stdin.as_mut().expect("stdin is open");
    stdin.write_all(bytes).expect("stackc reads");
    stdin.flush().expect("stackc reads");
  }

  pub fn send(&mut self, message: &Value) {
    self.raw(&frame(message.to_string().as_bytes()));
  }

  pub fn notify(&mut self, method: &str, params: Value) {
    self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
  }

  /// The response to a request: its whole message (`result` or `error`).
  pub fn request_message(&mut self, method: &str, params: Value) -> Value {
    let id = self.next_id;
    self.next_id += 1;
    self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
    loop {
      let message = self.next();
      if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
        return message;
      }
      if message.get("method").is_some() && message.get("id").is_none() {
        self.notifications.push_back(message);
      }
    }
  }

  pub fn request(&mut self, method: &str, params: Value) -> Value {
    let message = self.request_message(method, params);
    assert!(message.get("error").is_none(), "{method}: {message}");
    message["result"].clone()
  }

  pub fn initialize(&mut self, encodings: Option<&[&str]>) -> Value {
    let mut capabilities = json!({
      "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
    });
    if let Some(encodings) = encodings {
      capabilities["general"] = json!({ "positionEncodings": encodings });
    }
    let result = self.request(
      "initialize",
      json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
    );
    self.notify("initialized", json!({}));
    result
  }

  /// The next `publishDiagnostics` for `uri`, skipping other notifications;
  /// every one for `uri` until then is returned too, oldest first.
  pub fn diagnostics_until(&mut self, uri: &str, version: impl Into<Value>) -> Vec<Value> {
    let version = version.into();
    let mut published = Vec::new();
    loop {
      let message = match self.notifications.pop_front() {
        Some(message) => message,
        None => self.next(),
      };
      if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri {
        let done = message["params"]["version"] == version;
        published.push(message["params"].clone());
        if done {
          return published;
        }
      }
    }
  }

  /// The diagnostics of `uri` at `version`.
  pub fn diagnostics(&mut self, uri: &str, version: impl Into<Value>) -> Vec<Value> {
    let published = self.diagnostics_until(uri, version);
    let last = published.last().expect("one publication");
    last["diagnostics"].as_array().cloned().unwrap_or_default()
  }

  fn next(&mut self) -> Value {
    match self.incoming.recv_timeout(PATIENCE) {
      Ok(message) => message,
      Err(RecvTimeoutError::Timeout) => panic!("stackc lsp said nothing for {PATIENCE:?}"),
      Err(RecvTimeoutError::Disconnected) => panic!("stackc lsp closed its stdout"),
    }
  }

  /// Closes stdin and waits: the exit code and stderr.
  pub fn wait(mut self) -> (i32, String) {
    drop(self.stdin.take());
    let deadline = Instant::now() + PATIENCE;
    loop {
      if let Some(status) = self.child.try_wait().expect("waits") {
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
          let _ = pipe.read_to_string(&mut stderr);
        }
        let code = status.code().expect("stackc exits, not killed by a signal");
        return (code, stderr);
      }
      assert!(Instant::now() < deadline, "stackc lsp did not exit");
      std::thread::sleep(Duration::from_millis(10));
    }
  }

  /// `shutdown`, then `exit`: the exit code and stderr.
  pub fn finish(mut self) -> (i32, String) {
    assert_eq!(self.request("shutdown", Value::Null), Value::Null);
    self.notify("exit", Value::Null);
    self.wait()
  }
}

pub fn frame(body: &[u8]) -> Vec<u8> {
  let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
  framed.extend_from_slice(body);
  framed
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
  let mut length = 0;
  loop {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
      return None;
    }
    let line = line.trim_end();
    if line.is_empty() {
      break;
    }
    if let Some(value) = line.strip_prefix("Content-Length: ") {
      length = value.parse().ok()?;
    }
  }
  let mut body = vec![0; length];
  reader.read_exact(&mut body).ok()?;
  serde_json::from_slice(&body).ok()
}

/// A `file://` URI for `path`.
pub fn file_uri(path: &Path) -> String {
  format!("file://{}", path.display())
}

/// The LSP position of byte `offset` of `text`, counting UTF-16 code units
/// (or bytes, when `utf8`).
pub fn position(text: &str, offset: usize, utf8: bool) -> Value {
  let before = &text[..offset];
  let line = before.matches('\n').count();
  let line_text = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
  let character = if utf8 {
    line_text.len()
  } else {
    line_text.encode_utf16().count()
  };
  json!({ "line": line, "character": character })
}
