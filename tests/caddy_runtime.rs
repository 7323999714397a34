//! The generated Caddyfile served by a real Caddy in front of an upstream
//! that sends its own CORS header, as Evolution API always does: the client
//! must get exactly one `Access-Control-Allow-Origin`, or browsers reject
//! the response.

mod common;

use {
  common::{stack_with, stackc_in},
  std::{
    fs,
    io::{Read, Write},
    net::{TcpListener, TcpStream},
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
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"#;
  Running(
    Command::new("python3")
      .args(["-c", script, &port.to_string()])
      .stdout(Stdio::null())
      .stderr(Stdio::null())
      .spawn()
      .expect("python3 runs the test upstream"),
  )
}

/// The raw response to a GET of `/` with `Host` and `Origin`, once Caddy
/// answers (it takes a moment to start).
fn get(port: u16, host: &str, origin: &str) -> String {
  let deadline = Instant::now() + Duration::from_secs(20);
  loop {
    if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
      let request =
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n");
      stream.write_all(request.as_bytes()).unwrap();
      let mut response = String::new();
      let _ = stream.read_to_string(&mut response);
      if response.starts_with("HTTP/1.1 200") {
        return response;
      }
    }
    assert!(
      Instant::now() < deadline,
      "Caddy did not answer 200 in time"
    );
    thread::sleep(Duration::from_millis(200));
  }
}

fn allow_origin_headers(response: &str) -> Vec<&str> {
  response
    .lines()
    .take_while(|line| !line.is_empty())
    .filter(|line| {
      line
        .to_ascii_lowercase()
        .starts_with("access-control-allow-origin:")
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
    // Only where Caddy listens and what it proxies to change: the test
    // cannot bind port 80 or resolve `evolution`.
    let (http, backend) = (free_port(), free_port());
    let served = caddyfile
      .replacen(
        "\tauto_https off\n",
        &format!("\tauto_https off\n\thttp_port {http}\n\tadmin off\n"),
        1,
      )
      .replace("evolution:8080", &format!("127.0.0.1:{backend}"));
    let path = directory.path().join("Caddyfile.test");
    fs::write(&path, served).unwrap();
    let _upstream = upstream(backend);
    let _caddy = Running(
      Command::new("caddy")
        .args(["run", "--adapter", "caddyfile", "--config"])
        .arg(&path)
        .env("HOME", directory.path())
        .env("XDG_DATA_HOME", directory.path().join("data"))
        .env("XDG_CONFIG_HOME", directory.path().join("config"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("caddy is installed (.ci/run installs it)"),
    );
    let response = get(http, "evolution.example.com", origin);
    let expected: Vec<String> = expected
      .map(|value| format!("Access-Control-Allow-Origin: {value}"))
      .into_iter()
      .collect();
    assert_eq!(
      allow_origin_headers(&response),
      expected,
      "{settings}{origin}: {response}"
    );
  }
}
