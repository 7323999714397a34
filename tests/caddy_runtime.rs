//! The generated Caddyfile served by a real Caddy in front of a stub
//! upstream: one that sends its own CORS header, as Evolution API always
//! does (the client must get exactly one `Access-Control-Allow-Origin`, or
//! browsers reject the response), and one that sends the framing headers it
//! is asked to, as Chatwoot and n8n do page by page (Caddy must leave those
//! alone and frame-protect only what the upstream left unprotected).

mod common;

use {
  common::{stack_with, stackc_in},
  std::{
    fs,
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::Path,
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
  },
};

/// Kills a child process when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
  fn drop(&mut self) {
    let _ = self.0.kill();
    let _ = self.0.wait();
  }
}

fn free_port() -> u16 {
  TcpListener::bind("127.0.0.1:0")
    .unwrap()
    .local_addr()
    .unwrap()
    .port()
}

/// An HTTP upstream that answers every request with its own
/// `Access-Control-Allow-Origin`, echoing the request's Origin.
fn upstream(port: u16) -> Running {
  let script = r#"
import http.server, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
"#;
  python_upstream(script, port)
}

/// An HTTP upstream that sends the `X-Frame-Options` and
/// `Content-Security-Policy` given in the query (`?xfo=…&csp=…`) and no
/// others, as an upstream that decides framing per page does.
fn framing_upstream(port: u16) -> Running {
  let script = r#"
import http.server, sys, urllib.parse
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.send_response(200)
        for name, key in (("X-Frame-Options", "xfo"), ("Content-Security-Policy", "csp")):
            for value in query.get(key, []):
                self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
"#;
  python_upstream(script, port)
}

/// Serves `handler` (a Python script's imports and its `Handler` class) on
/// loopback port `port`, logging nothing.
fn python_upstream(handler: &str, port: u16) -> Running {
  let script = format!(
    "{handler}    def log_message(self, *args):\n        pass\nhttp.server.HTTPServer((\"127.0.0.1\", int(sys.argv[1])), Handler).serve_forever()\n"
  );
  Running(
    Command::new("python3")
      .args(["-c", &script, &port.to_string()])
      .stdout(Stdio::null())
      .stderr(Stdio::null())
      .spawn()
      .expect("python3 runs the test upstream"),
  )
}

/// Caddy serving `caddyfile` (built with `tls = "off"`) on `http`, with
/// every `upstreams` target proxied to 127.0.0.1:`backend` instead: the
/// test cannot bind port 80 or resolve the containers' names.
fn caddy(
  directory: &Path,
  caddyfile: &str,
  upstreams: &[&str],
  http: u16,
  backend: u16,
) -> Running {
  let mut served = caddyfile.replacen(
    "\tauto_https off\n",
    &format!("\tauto_https off\n\thttp_port {http}\n\tadmin off\n"),
    1,
  );
  for target in upstreams {
    served = served.replace(target, &format!("127.0.0.1:{backend}"));
  }
  let path = directory.join("Caddyfile.test");
  fs::write(&path, served).unwrap();
  Running(
    Command::new("caddy")
      .args(["run", "--adapter", "caddyfile", "--config"])
      .arg(&path)
      .env("HOME", directory)
      .env("XDG_DATA_HOME", directory.join("data"))
      .env("XDG_CONFIG_HOME", directory.join("config"))
      .stdout(Stdio::null())
      .stderr(Stdio::null())
      .spawn()
      .expect("caddy is installed (.ci/run installs it)"),
  )
}

/// The raw response to a GET of `/` with `Host` and `Origin`, once Caddy
/// answers (it takes a moment to start).
fn get(port: u16, host: &str, origin: &str) -> String {
  get_path(port, host, "/", origin)
}

/// The raw response to a GET of `path`, as [`get`].
fn get_path(port: u16, host: &str, path: &str, origin: &str) -> String {
  let deadline = Instant::now() + Duration::from_secs(20);
  let mut last = String::new();
  loop {
    if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
      let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"
      );
      stream.write_all(request.as_bytes()).unwrap();
      let mut response = String::new();
      let _ = stream.read_to_string(&mut response);
      if response.starts_with("HTTP/1.1 200") {
        return response;
      }
      last = response;
    }
    assert!(
      Instant::now() < deadline,
      "Caddy did not answer 200 in time for {host}{path}; last answer: {last:?}"
    );
    thread::sleep(Duration::from_millis(200));
  }
}

fn allow_origin_headers(response: &str) -> Vec<&str> {
  header_values(response, "Access-Control-Allow-Origin")
}

/// The values of every `name` header of a raw response.
fn header_values<'a>(response: &'a str, name: &str) -> Vec<&'a str> {
  response
    .lines()
    .take_while(|line| !line.is_empty())
    .filter_map(|line| {
      let (field, value) = line.split_once(':')?;
      field.eq_ignore_ascii_case(name).then(|| value.trim())
    })
    .collect()
}

#[test]
fn a_proxied_api_answers_with_one_allow_origin_header_and_only_for_allowed_origins() {
  // (stack settings, the request's Origin, the one header expected, if any)
  let cases: [(&str, &str, Option<&str>); 4] = [
    // By default an API allows its own URL only.
    (
      "",
      "http://evolution.example.com",
      Some("http://evolution.example.com"),
    ),
    // The upstream echoes any origin; Caddy must not pass that on.
    ("", "https://evil.example", None),
    (
      "cors_origins = [\"*\"]\n",
      "https://app.example.com",
      Some("*"),
    ),
    (
      "cors_origins = [\"https://app.example.com\"]\n",
      "https://app.example.com",
      Some("https://app.example.com"),
    ),
  ];
  for (settings, origin, expected) in cases {
    let directory = stack_with(&format!(
      "tls = \"off\"\n{settings}[services.postgresql]\n[services.redis]\n[services.caddy]\n[services.evolution]\n"
    ));
    let output = stackc_in(
      directory.path(),
      ["build", "stack.toml", "--out", "out"],
      &[],
    );
    assert_eq!(output.status, 0, "{}", output.stderr);
    let caddyfile = fs::read_to_string(directory.path().join("out/Caddyfile")).unwrap();
    assert!(caddyfile.contains("header_down -Access-Control-Allow-Origin"));
    let (http, backend) = (free_port(), free_port());
    let _upstream = upstream(backend);
    let _caddy = caddy(
      directory.path(),
      &caddyfile,
      &["evolution:8080"],
      http,
      backend,
    );
    let response = get(http, "evolution.example.com", origin);
    assert_eq!(
      allow_origin_headers(&response),
      Vec::from_iter(expected),
      "{settings}{origin}: {response}"
    );
  }
}

#[test]
fn pages_an_upstream_lets_any_site_frame_get_no_framing_header_and_the_rest_keep_theirs() {
  let directory = stack_with(
    "tls = \"off\"\n[services.postgresql]\n[services.redis]\n[services.caddy]\n\
     [services.chatwoot]\n[services.n8n]\n[services.directus]\n[services.duplicati]\n\
     [services.evolution]\n",
  );
  let output = stackc_in(
    directory.path(),
    ["build", "stack.toml", "--out", "out"],
    &[],
  );
  assert_eq!(output.status, 0, "{}", output.stderr);
  let caddyfile = fs::read_to_string(directory.path().join("out/Caddyfile")).unwrap();
  let (http, backend) = (free_port(), free_port());
  let _upstream = framing_upstream(backend);
  let _caddy = caddy(
    directory.path(),
    &caddyfile,
    &[
      "chatwoot:3000",
      "n8n:5678",
      "directus:8055",
      "duplicati:8200",
      "evolution:8080",
    ],
    http,
    backend,
  );
  let shop = "frame-ancestors https://shop.example.com";
  // (host, path with what the stub upstream sends, X-Frame-Options and
  // Content-Security-Policy the browser must get)
  let cases: [(&str, &str, &[&str], &[&str]); 13] = [
    // Chatwoot's widget, as Chatwoot serves it to an inbox without allowed
    // domains: frameable by any site.
    ("chatwoot", "/widget?website_token=t", &[], &[]),
    // With allowed domains Chatwoot keeps Rails' header and adds
    // frame-ancestors: both reach the browser as sent.
    (
      "chatwoot",
      "/widget?website_token=t&xfo=SAMEORIGIN&csp=frame-ancestors%20https://shop.example.com",
      &["SAMEORIGIN"],
      &[shop],
    ),
    // A help-center article in the widget's plain layout.
    (
      "chatwoot",
      "/hc/help/articles/a?show_plain_layout=true",
      &[],
      &[],
    ),
    // The dashboard: Caddy's default where the upstream sent none, and
    // the upstream's own where it did, never both.
    (
      "chatwoot",
      "/app/accounts/1/dashboard",
      &["SAMEORIGIN"],
      &[],
    ),
    ("chatwoot", "/app/login?xfo=DENY", &["DENY"], &[]),
    // n8n's forms, the pages a multi-page form continues on, and a hosted
    // chat; n8n's sandbox CSP passes unchanged.
    ("n8n", "/form/contact", &[], &[]),
    ("n8n", "/form-waiting/42", &[], &[]),
    (
      "n8n",
      "/webhook/abc/chat?csp=sandbox%20allow-scripts",
      &[],
      &["sandbox allow-scripts"],
    ),
    // The editor, which n8n itself sends SAMEORIGIN with.
    ("n8n", "/workflow/1?xfo=SAMEORIGIN", &["SAMEORIGIN"], &[]),
    ("n8n", "/home/workflows", &["SAMEORIGIN"], &[]),
    // Directus decides by CSP (frame-ancestors 'self', none on /assets).
    ("directus", "/assets/file-id", &[], &[]),
    // Duplicati's console: nobody.
    ("duplicati", "/ngclient/", &["DENY"], &[]),
    // Evolution API's Manager, an admin UI.
    ("evolution", "/manager/", &["SAMEORIGIN"], &[]),
  ];
  for (service, path, frame_options, policy) in cases {
    let host = format!("{service}.example.com");
    let response = get_path(http, &host, path, "https://shop.example.com");
    assert_eq!(
      header_values(&response, "X-Frame-Options"),
      frame_options,
      "{host}{path}: {response}"
    );
    assert_eq!(
      header_values(&response, "Content-Security-Policy"),
      policy,
      "{host}{path}: {response}"
    );
  }
}
