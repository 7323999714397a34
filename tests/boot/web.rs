//! HTTP from the sandbox's network with the machine's curl: to a routed
//! service through the generated Caddyfile (its public host resolved to
//! Caddy's address, over Caddy's internal TLS), keeping cookies as a
//! browser would, or straight to a service's own address.

use {
  super::compose_up::Compose,
  serde_json::Value,
  std::{path::PathBuf, process::Command},
};

pub struct Web {
  enter: Vec<String>,
  caddy: String,
  domain: String,
  cookies: PathBuf,
  addresses: Vec<(String, String)>,
}

impl Web {
  pub fn new(compose: &Compose, domain: &str) -> Web {
    let sandbox = &compose.sandbox;
    Web {
      enter: sandbox.enter_words(),
      caddy: sandbox.address("caddy").to_owned(),
      domain: domain.to_owned(),
      cookies: sandbox.path().join("cookies"),
      addresses: compose
        .model
        .services
        .keys()
        .map(|name| (name.clone(), sandbox.address(name).to_owned()))
        .collect(),
    }
  }

  fn curl(&self, url: &str, extra: &[&str]) -> (u16, Value) {
    let mut command = Command::new(&self.enter[0]);
    command.args(&self.enter[1..]).args([
      "curl",
      "--silent",
      "--show-error",
      "--insecure",
      "--max-time",
      "60",
      "--cookie",
    ]);
    command
      .arg(&self.cookies)
      .arg("--cookie-jar")
      .arg(&self.cookies)
      .args([
        "--header",
        "browser-id: stackc-boot",
        "--write-out",
        "\n%{http_code}",
      ]);
    for site in ["n8n", "directus"] {
      command
        .arg("--resolve")
        .arg(format!("{site}.{}:443:{}", self.domain, self.caddy));
    }
    let output = command.args(extra).arg(url).output().expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap_or(("", "0"));
    let value = serde_json::from_str(body).unwrap_or(Value::String(body.to_owned()));
    assert!(
      output.status.success(),
      "curl {url}: {}",
      String::from_utf8_lossy(&output.stderr)
    );
    (status.trim().parse().unwrap_or(0), value)
  }

  fn expect_ok(&self, url: &str, extra: &[&str]) -> Value {
    let (status, value) = self.curl(url, extra);
    assert!(
      (200..300).contains(&status),
      "{url} answered {status}: {value}"
    );
    value
  }

  fn site(&self, site: &str, path: &str) -> String {
    format!("https://{site}.{}{path}", self.domain)
  }

  pub fn get_json(&self, site: &str, path: &str) -> Value {
    self.expect_ok(&self.site(site, path), &[])
  }

  /// Waits, up to two minutes, for `path` to answer 2xx: n8n's readiness
  /// check passes once its database is migrated, before its REST routes
  /// are registered.
  pub fn wait_ok(&self, site: &str, path: &str) {
    let started = std::time::Instant::now();
    loop {
      let (status, value) = self.curl(&self.site(site, path), &[]);
      if (200..300).contains(&status) {
        return;
      }
      assert!(
        started.elapsed() < std::time::Duration::from_secs(120),
        "{site}{path} answered {status}: {value}"
      );
      std::thread::sleep(std::time::Duration::from_secs(1));
    }
  }

  pub fn get_json_bearer(&self, site: &str, path: &str, token: &str) -> Value {
    let header = format!("Authorization: Bearer {token}");
    self.expect_ok(&self.site(site, path), &["--header", &header])
  }

  pub fn post_json(&self, site: &str, path: &str, body: &Value) -> Value {
    let body = body.to_string();
    self.expect_ok(
      &self.site(site, path),
      &[
        "--header",
        "Content-Type: application/json",
        "--data-binary",
        &body,
      ],
    )
  }

  /// Straight to a service's own address, as another container would.
  pub fn direct(&self, service: &str, port: u16, path: &str) -> Value {
    let address = &self
      .addresses
      .iter()
      .find(|(name, _)| name == service)
      .unwrap()
      .1;
    self.expect_ok(&format!("http://{address}:{port}{path}"), &[])
  }
}
