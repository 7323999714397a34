//! `stackc lsp` as an editor drives it: the real binary over stdio.

mod common;

use {
  common::{
    lsp_client::{LspClient, file_uri, frame, position},
    stackc_in,
  },
  serde_json::{Value, json},
  std::fs,
};

/// A stack with problems after lines of non-ASCII text: n8n without
/// PostgreSQL (SC102), a misspelt secret (SC201) behind `é😀` on its
/// line, no Caddy for the routed services (SC119).
const STACK: &str = r#"version = 1
# Café ☕ — l'opérateur écrit ici
# SC201: see `stackc explain`
[stack]
name = "t"
domain = "example.com"
acme_email = "ops@example.com"

[secrets]
token = { from_env = "TOKEN" }

[services.n8n]
env = { A = "é😀 {{ secrets.tokn }}", B = "{{ secrets.token }}" }

[services.api]
image = "ghcr.io/acme/api:1.0"
port = 8080
subdomain = "api"
depends_on = ["n8n"]
"#;

fn open(client: &mut LspClient, uri: &str, text: &str) {
  client.notify(
    "textDocument/didOpen",
    json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": text } }),
  );
}

fn change(client: &mut LspClient, uri: &str, version: i64, text: &str) {
  client.notify(
    "textDocument/didChange",
    json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
  );
}

fn at(uri: &str, text: &str, needle: &str, shift: usize) -> Value {
  let offset = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + shift;
  json!({ "textDocument": { "uri": uri }, "position": position(text, offset, false) })
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
  diagnostics
    .iter()
    .filter_map(|d| d["code"].as_str())
    .collect()
}

#[test]
fn diagnostics_are_those_of_stackc_check_placed_in_utf16() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path().join("stack.toml");
  fs::write(&path, STACK).unwrap();
  let uri = file_uri(&path);
  let mut client = LspClient::start(directory.path());
  let initialized = client.initialize(None);
  assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-16");
  open(&mut client, &uri, STACK);
  let diagnostics = client.diagnostics(&uri, 1);
  let checked = stackc_in(
    directory.path(),
    ["check", "stack.toml", "--format", "json"],
    &[],
  );
  let expected: Vec<Value> = serde_json::from_str(&checked.stdout).unwrap();
  assert_eq!(diagnostics.len(), expected.len(), "{diagnostics:#?}");
  for (published, reported) in diagnostics.iter().zip(&expected) {
    assert_eq!(published["code"], reported["code"]);
    assert_eq!(published["message"], reported["message"]);
    assert_eq!(published["data"]["help"], reported["help"]);
    assert_eq!(
      published["range"]["start"]["line"],
      reported["line"].as_u64().unwrap() - 1
    );
    let severity = if reported["severity"] == "error" {
      1
    } else {
      2
    };
    assert_eq!(published["severity"], severity);
    let code = reported["code"].as_str().unwrap().to_ascii_lowercase();
    assert_eq!(
      published["codeDescription"]["href"],
      format!("https://stackc.github.io/stackc/codes.html#{code}")
    );
    if let Some(help) = reported["help"].as_str() {
      let related = published["relatedInformation"].as_array().unwrap();
      assert!(
        related
          .iter()
          .any(|r| r["message"] == format!("help: {help}"))
      );
    }
  }
  assert!(codes(&diagnostics).contains(&"SC102"), "{diagnostics:#?}");
  // Columns in UTF-16 code units: `é` is one, `😀` two.
  let undeclared = diagnostics.iter().find(|d| d["code"] == "SC201").unwrap();
  let offset = STACK.find("{{ secrets.tokn").unwrap();
  assert_eq!(undeclared["range"]["start"], position(STACK, offset, false));
  assert_eq!(undeclared["range"]["start"]["character"], 17);
  let (status, stderr) = client.finish();
  assert_eq!(status, 0, "{stderr}");
}

#[test]
fn utf8_is_chosen_when_the_client_offers_it() {
  let directory = tempfile::tempdir().unwrap();
  let uri = file_uri(&directory.path().join("stack.toml"));
  let mut client = LspClient::start(directory.path());
  let initialized = client.initialize(Some(&["utf-8", "utf-16"]));
  assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-8");
  open(&mut client, &uri, STACK);
  let diagnostics = client.diagnostics(&uri, 1);
  let undeclared = diagnostics.iter().find(|d| d["code"] == "SC201").unwrap();
  let offset = STACK.find("{{ secrets.tokn").unwrap();
  assert_eq!(undeclared["range"]["start"], position(STACK, offset, true));
  assert_eq!(undeclared["range"]["start"]["character"], 20);
  let (status, _) = client.finish();
  assert_eq!(status, 0);
}

#[test]
fn a_burst_of_changes_is_checked_once_at_its_latest_version() {
  let directory = tempfile::tempdir().unwrap();
  let uri = file_uri(&directory.path().join("stack.toml"));
  let mut client = LspClient::start(directory.path());
  client.initialize(None);
  open(&mut client, &uri, STACK);
  client.diagnostics(&uri, 1);
  // Twenty changes in one write; the last fixes the secret.
  let mut burst = Vec::new();
  for version in 2..=21 {
    let text = if version == 21 {
      STACK.replace("secrets.tokn", "secrets.token")
    } else {
      STACK.replace("tokn", &format!("tokn{version}"))
    };
    let message = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
      "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] } });
    burst.extend(frame(message.to_string().as_bytes()));
  }
  client.raw(&burst);
  let published = client.diagnostics_until(&uri, 21);
  assert_eq!(
    published.len(),
    1,
    "only the latest version is published: {published:#?}"
  );
  assert!(!codes(published[0]["diagnostics"].as_array().unwrap()).contains(&"SC201"));
  client.finish();
}

#[test]
fn hover_completion_definition_and_code_actions() {
  let directory = tempfile::tempdir().unwrap();
  let uri = file_uri(&directory.path().join("stack.toml"));
  let mut client = LspClient::start(directory.path());
  client.initialize(None);
  open(&mut client, &uri, STACK);
  client.diagnostics(&uri, 1);
  let hover = |client: &mut LspClient, needle: &str, shift: usize| {
    let result = client.request("textDocument/hover", at(&uri, STACK, needle, shift));
    result["contents"]["value"]
      .as_str()
      .unwrap_or_default()
      .to_owned()
  };
  assert!(hover(&mut client, "SC201", 2).starts_with("SC201 undeclared-secret"));
  assert!(hover(&mut client, "subdomain", 3).contains("subdomain"));
  let n8n = hover(&mut client, "[services.n8n]", 11);
  assert!(
    n8n.contains("n8n") && n8n.contains("requires: postgresql"),
    "{n8n}"
  );
  assert!(
    n8n.contains("n8nio/n8n:") && n8n.contains("secrets:"),
    "{n8n}"
  );
  let secret = hover(&mut client, "secrets.token", 9);
  assert!(
    secret.contains("from $TOKEN") && secret.contains("used by: n8n"),
    "{secret}"
  );
  assert!(!secret.contains("TOKEN=") && !secret.contains("value"));

  // Go to definition: a secret to its declaration, a dependency to its table.
  let found = client.request(
    "textDocument/definition",
    at(&uri, STACK, "secrets.token", 9),
  );
  assert_eq!(
    found["range"]["start"],
    position(STACK, STACK.find("token =").unwrap(), false)
  );
  let found = client.request("textDocument/definition", at(&uri, STACK, "[\"n8n\"]", 3));
  let header = STACK.find("[services.n8n]").unwrap() + 10;
  assert_eq!(found["range"]["start"], position(STACK, header, false));

  // Quick fixes, applied as a client would.
  let range =
    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 30, "character": 0 } });
  let actions = client.request(
    "textDocument/codeAction",
    json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
  );
  let titles: Vec<&str> = actions
    .as_array()
    .unwrap()
    .iter()
    .filter_map(|a| a["title"].as_str())
    .collect();
  for title in [
    "Add `[services.postgresql]`",
    "Rename to `token`",
    "Declare `tokn` under `[secrets]`",
  ] {
    assert!(titles.contains(&title), "{titles:?}");
  }
  let rename = actions
    .as_array()
    .unwrap()
    .iter()
    .find(|a| a["title"] == "Rename to `token`")
    .unwrap();
  let edit = &rename["edit"]["changes"][&uri][0];
  assert_eq!(edit["newText"], "{{ secrets.token }}");

  // Completion, on texts being written.
  let complete = |client: &mut LspClient, version: i64, text: &str, needle: &str| {
    change(client, &uri, version, text);
    let offset = text.find(needle).unwrap() + needle.len();
    let params =
      json!({ "textDocument": { "uri": uri }, "position": position(text, offset, false) });
    let result = client.request("textDocument/completion", params);
    let labels: Vec<String> = result
      .as_array()
      .unwrap()
      .iter()
      .map(|i| i["label"].as_str().unwrap().to_owned())
      .collect();
    labels
  };
  let labels = complete(
    &mut client,
    2,
    &format!("{STACK}\n[services.re"),
    "[services.re",
  );
  assert!(labels.contains(&"redis".to_owned()), "{labels:?}");
  let labels = complete(
    &mut client,
    3,
    &STACK.replace("secrets.tokn", "secrets.to"),
    "secrets.to",
  );
  assert!(
    labels.contains(&"token".to_owned()) && labels.contains(&"n8n_encryption_key".to_owned()),
    "{labels:?}"
  );
  let labels = complete(
    &mut client,
    4,
    &STACK.replace("secrets.tokn", "services.api."),
    "services.api.",
  );
  assert!(labels.contains(&"internal_url".to_owned()), "{labels:?}");
  let agents = format!("{STACK}\n[orchestratai.agents.billing]\nstrategy = \"\"\n");
  let labels = complete(&mut client, 5, &agents, "strategy = \"");
  assert_eq!(labels, ["rag", "cag", "hybrid", "direct"]);
  let labels = complete(
    &mut client,
    6,
    &format!("{STACK}\n[orchestratai.agents.b"),
    "agents.b",
  );
  assert!(labels.contains(&"billing".to_owned()), "{labels:?}");
  let labels = complete(
    &mut client,
    7,
    &format!("{STACK}\n[profiles.dev]\nex"),
    "\nex",
  );
  assert!(
    labels.contains(&"expose_ports".to_owned()) && labels.contains(&"tls".to_owned()),
    "{labels:?}"
  );
  let (status, stderr) = client.finish();
  assert_eq!(status, 0, "{stderr}");
}

#[test]
fn hostile_input_never_crashes_it() {
  let directory = tempfile::tempdir().unwrap();
  let uri = file_uri(&directory.path().join("stack.toml"));
  let mut client = LspClient::start(directory.path());
  client.initialize(None);
  // A request before any document, and for one that is not open.
  let hover = client.request("textDocument/hover", at(&uri, STACK, "token", 0));
  assert_eq!(hover, Value::Null);
  let unknown = client.request_message("textDocument/formatting", json!({}));
  assert_eq!(unknown["error"]["code"], -32601);
  let bad = client.request_message("textDocument/hover", json!({ "nonsense": true }));
  assert_eq!(bad["error"]["code"], -32602);
  // A broken document, then a byte that is not UTF-8 inside a message.
  open(&mut client, &uri, "version = 1\n[services\nimage = \"x");
  assert!(codes(&client.diagnostics(&uri, 1)).contains(&"SC001"));
  let body = format!(
    "{{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{{\"textDocument\":{{\"uri\":\"{uri}\",\"version\":2}},\"contentChanges\":[{{\"text\":\"version = 1\\n# é\\n\"}}]}}}}"
  );
  let mut bytes = body.into_bytes();
  let at_ff = bytes.iter().position(|&b| b == 0xc3).unwrap();
  bytes.splice(at_ff..at_ff + 2, [0xff]);
  client.raw(&frame(&bytes));
  client.raw(&frame(b"{ this is not json"));
  let diagnostics = client.diagnostics(&uri, 2);
  assert!(!codes(&diagnostics).contains(&"SC001"), "{diagnostics:#?}");
  // A huge document: 1,000 services, checked while requests are answered.
  let mut huge = String::from("version = 1\n[stack]\nname = \"h\"\ndomain = \"example.com\"\n");
  for index in 0..1000 {
    huge.push_str(&format!(
      "[services.app-{index}]\nimage = \"ghcr.io/a/app:1.{index}\"\nport = 80\nsubdomain = \"app-{index}\"\n"
    ));
  }
  change(&mut client, &uri, 3, &huge);
  let completion = client.request(
    "textDocument/completion",
    at(&uri, &huge, "[services.app-9]", 10),
  );
  assert!(completion.is_array());
  assert!(codes(&client.diagnostics(&uri, 3)).contains(&"SC119"));
  // A closed file: no diagnostics left, and requests on it answer null.
  client.notify(
    "textDocument/didClose",
    json!({ "textDocument": { "uri": uri } }),
  );
  assert_eq!(client.diagnostics(&uri, Value::Null), Vec::<Value>::new());
  let definition = client.request("textDocument/definition", at(&uri, STACK, "token", 0));
  assert_eq!(definition, Value::Null);
  // Then the client leaves in the middle of a request.
  client.raw(
    b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"textDocument/hover\"",
  );
  let (status, stderr) = client.wait();
  assert_eq!(status, 1, "an exit without shutdown: {stderr}");
  assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_changed_prompt_file_checks_the_stack_again() {
  let directory = tempfile::tempdir().unwrap();
  let path = directory.path().join("stack.toml");
  let uri = file_uri(&path);
  let text =
    format!("{STACK}\n[orchestratai.agents.billing]\nprompt_file = \"prompts/billing.md\"\n");
  let mut client = LspClient::start(directory.path());
  client.initialize(None);
  open(&mut client, &uri, &text);
  assert!(codes(&client.diagnostics(&uri, 1)).contains(&"SC311"));
  fs::create_dir(directory.path().join("prompts")).unwrap();
  let prompt = directory.path().join("prompts/billing.md");
  fs::write(&prompt, "You answer billing questions.\n").unwrap();
  client.notify(
    "workspace/didChangeWatchedFiles",
    json!({ "changes": [{ "uri": file_uri(&prompt), "type": 1 }] }),
  );
  assert!(!codes(&client.diagnostics(&uri, 1)).contains(&"SC311"));
  // A prompt file that is not UTF-8.
  fs::write(&prompt, b"caf\xe9\n").unwrap();
  client.notify(
    "workspace/didChangeWatchedFiles",
    json!({ "changes": [{ "uri": file_uri(&prompt), "type": 2 }] }),
  );
  assert!(codes(&client.diagnostics(&uri, 1)).contains(&"SC311"));
  client.finish();
}
