//! The Caddyfile: a site per routed host, BorgStack's security headers, CORS
//! for API services, websocket and long-timeout routes.
//!
//! Every value written here was validated by the lint stage (hosts are DNS
//! names, origins are scheme://host[:port], the email is plain), and is
//! quoted where Caddy allows quotes, so no input can add a directive.

use {
  crate::{catalog::Headers, deployment::Deployment, tls::Tls},
  std::fmt::Write,
};

pub fn render(deployment: &Deployment<'_>, header: &str) -> String {
  let mut output = String::from(header);
  let profile = &deployment.profile;
  output.push_str("{\n");
  match profile.tls {
    Tls::Acme => {
      if let Some(email) = &deployment.model.config.stack.acme_email {
        let _ = writeln!(output, "\temail {email}");
      }
    }
    Tls::Internal => output.push_str("\tlocal_certs\n"),
    Tls::Off => output.push_str("\tauto_https off\n"),
  }
  output.push_str("}\n");
  for route in &deployment.routes {
    let address = match profile.tls {
      Tls::Off => format!("http://{}", route.host),
      Tls::Acme | Tls::Internal => route.host.clone(),
    };
    let _ = writeln!(output, "\n# {}", route.service);
    let _ = writeln!(output, "{address} {{");
    if profile.tls == Tls::Internal {
      output.push_str("\ttls internal\n");
    }
    output.push_str("\theader {\n");
    match route.headers {
      Headers::Web => output.push_str("\t\tX-Frame-Options \"SAMEORIGIN\"\n"),
      Headers::Strict => output.push_str("\t\tX-Frame-Options \"DENY\"\n"),
      Headers::Api => {}
    }
    output.push_str("\t\tX-Content-Type-Options \"nosniff\"\n");
    if route.headers != Headers::Api {
      output.push_str("\t\tReferrer-Policy \"strict-origin-when-cross-origin\"\n");
    }
    if profile.tls != Tls::Off {
      output.push_str("\t\tStrict-Transport-Security \"max-age=31536000\"\n");
    }
    output.push_str("\t\t-Server\n\t}\n");
    if let Some(origins) = &route.cors {
      cors(&mut output, origins);
    }
    let upstream = &route.upstream;
    if route.websocket {
      output.push_str(
        "\t@websockets {\n\t\theader Connection *Upgrade*\n\t\theader Upgrade websocket\n\t}\n",
      );
      let _ = writeln!(output, "\treverse_proxy @websockets {upstream}");
    }
    for (index, path) in route.long_timeout.iter().enumerate() {
      let _ = writeln!(output, "\t@long_running_{index} path {path}");
      let _ = writeln!(
        output,
        "\treverse_proxy @long_running_{index} {upstream} {{\n\t\ttransport http {{\n\t\t\tread_timeout 3600s\n\t\t\twrite_timeout 3600s\n\t\t}}\n\t}}"
      );
    }
    match &route.api {
      Some((path, api)) => {
        let _ = writeln!(output, "\thandle {path} {{\n\t\treverse_proxy {api}\n\t}}");
        let _ = writeln!(output, "\thandle {{\n\t\treverse_proxy {upstream}\n\t}}");
      }
      None => {
        let _ = writeln!(output, "\treverse_proxy {upstream}");
      }
    }
    output.push_str("}\n");
  }
  output
}

/// CORS preflight answers and headers. With explicit origins, the request's
/// Origin is echoed only when it is one of them.
fn cors(output: &mut String, origins: &[String]) {
  if origins.iter().any(|origin| origin == "*") {
    output.push_str("\t@cors_preflight method OPTIONS\n");
    preflight(output, "*");
    output.push_str("\theader Access-Control-Allow-Origin \"*\"\n");
    return;
  }
  let pattern = origins
    .iter()
    .map(|origin| regex_escape(origin))
    .collect::<Vec<_>>()
    .join("|");
  let _ = writeln!(output, "\t@cors_origin header_regexp Origin ^({pattern})$");
  let _ = writeln!(
    output,
    "\t@cors_preflight {{\n\t\tmethod OPTIONS\n\t\theader_regexp Origin ^({pattern})$\n\t}}"
  );
  preflight(output, "{http.request.header.Origin}");
  output.push_str(
    "\theader @cors_origin Access-Control-Allow-Origin \"{http.request.header.Origin}\"\n",
  );
  output.push_str("\theader @cors_origin Vary \"Origin\"\n");
}

/// The answer to an allowed preflight request.
fn preflight(output: &mut String, allow_origin: &str) {
  output.push_str("\thandle @cors_preflight {\n");
  let _ = writeln!(
    output,
    "\t\theader Access-Control-Allow-Origin \"{allow_origin}\""
  );
  if allow_origin != "*" {
    output.push_str("\t\theader Vary \"Origin\"\n");
  }
  output.push_str(
    "\t\theader Access-Control-Allow-Methods \"GET, POST, PUT, PATCH, DELETE, OPTIONS\"\n",
  );
  output
    .push_str("\t\theader Access-Control-Allow-Headers \"Content-Type, Authorization, apikey\"\n");
  output.push_str("\t\theader Access-Control-Max-Age \"86400\"\n\t\trespond 204\n\t}\n");
}

fn regex_escape(text: &str) -> String {
  let mut escaped = String::with_capacity(text.len());
  for character in text.chars() {
    if "\\.+*?()|[]{}^$".contains(character) {
      escaped.push('\\');
    }
    escaped.push(character);
  }
  escaped
}
