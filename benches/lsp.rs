//! `cargo bench --bench lsp`: the time from a `didChange` to its
//! `publishDiagnostics`, through `stackc lsp`'s own loop (in process, over
//! `lsp_server::Connection::memory`), on `stacks/borgstack.toml` and on a
//! generated stack of 1,000 custom services; the median and fastest of
//! several changes, each waited for before the next, with the default
//! debounce and with none.

use {
  lsp_server::{Connection, Message, Notification, Request},
  serde_json::{Value, json},
  std::time::{Duration, Instant},
};

#[path = "common/generated_stack.rs"]
mod generated_stack;
use generated_stack::generated_stack;

/// A server on its own thread, initialized, with `text` open as `uri`.
struct Session {
  client: Connection,
  uri: String,
  server: std::thread::JoinHandle<i32>,
}

impl Session {
  fn start(uri: &str, text: &str, debounce_ms: Option<u64>) -> Self {
    let (server, client) = Connection::memory();
    let server = std::thread::spawn(move || stackc::lsp::server::Server::serve(server));
    let options = debounce_ms.map(|ms| json!({ "debounceMs": ms }));
    let initialize =
      json!({ "processId": null, "capabilities": {}, "initializationOptions": options });
    let request = Request::new(1.into(), "initialize".into(), initialize);
    client.sender.send(request.into()).unwrap();
    let _ = client.receiver.recv().unwrap();
    let session = Self {
      client,
      uri: uri.to_owned(),
      server,
    };
    session.notify("initialized", json!({}));
    let document = json!({ "uri": uri, "languageId": "toml", "version": 0, "text": text });
    session.notify("textDocument/didOpen", json!({ "textDocument": document }));
    session.published(0);
    session
  }

  fn notify(&self, method: &str, params: Value) {
    let notification = Notification::new(method.into(), params);
    self.client.sender.send(notification.into()).unwrap();
  }

  /// Waits for the diagnostics of `version`; how many there are.
  fn published(&self, version: i32) -> usize {
    loop {
      if let Message::Notification(n) = self.client.receiver.recv().unwrap()
        && n.method == "textDocument/publishDiagnostics"
        && n.params["version"] == version
      {
        return n.params["diagnostics"].as_array().map_or(0, Vec::len);
      }
    }
  }

  /// The time from each of `runs` changes to its diagnostics, sorted.
  fn changes(&self, text: &str, runs: i32) -> Vec<Duration> {
    let mut times: Vec<Duration> = (1..=runs)
      .map(|version| {
        // Each change is a keystroke: a comment that grows by a character.
        let changed = format!("{text}\n# {}\n", "x".repeat(version as usize));
        let start = Instant::now();
        self.notify(
          "textDocument/didChange",
          json!({ "textDocument": { "uri": self.uri, "version": version }, "contentChanges": [{ "text": changed }] }),
        );
        self.published(version);
        start.elapsed()
      })
      .collect();
    times.sort();
    times
  }

  fn finish(self) {
    let request = Request::new(2.into(), "shutdown".into(), Value::Null);
    self.client.sender.send(request.into()).unwrap();
    self.notify("exit", Value::Null);
    assert_eq!(self.server.join().unwrap(), 0);
  }
}

fn measure(name: &str, text: &str, runs: i32) {
  let uri = "file:///nonexistent/bench/stack.toml";
  for (label, debounce) in [("default debounce", None), ("no debounce", Some(0))] {
    let session = Session::start(uri, text, debounce);
    let times = session.changes(text, runs);
    println!(
      "{name:<22} {:>9} bytes  {label:<16}  didChange → publishDiagnostics: median {:>8.2} ms  fastest {:>8.2} ms",
      text.len(),
      times[times.len() / 2].as_secs_f64() * 1000.0,
      times[0].as_secs_f64() * 1000.0,
    );
    session.finish();
  }
}

fn main() {
  // `cargo bench` passes `--bench`; a filter that is not ours runs nothing.
  if std::env::args()
    .skip(1)
    .any(|a| !a.starts_with('-') && !"lsp".contains(&a))
  {
    return;
  }
  let borgstack = include_str!("../stacks/borgstack.toml");
  measure("borgstack", borgstack, 50);
  measure("1,000 services", &generated_stack(1_000), 15);
}
