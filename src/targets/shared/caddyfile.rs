//! The Caddyfile: a site per routed host, BorgStack's security headers, CORS
//! for API services, websocket and long-timeout routes.
//!
//! Every value written here was validated by the lint stage (hosts are DNS
//! names, origins are scheme://host[:port], the email is plain), and is
//! quoted where Caddy allows quotes, so no input can add a directive.

use {
  crate::{catalog::Headers, config::tls::Tls, model::deployment::Deployment},
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
    output.push_str("\t\tX-Content-Type-Options \"nosniff\"\n");
    if route.headers != Headers::Api {
      output.push_str("\t\tReferrer-Policy \"strict-origin-when-cross-origin\"\n");
    }
    if profile.tls != Tls::Off {
      output.push_str("\t\tStrict-Transport-Security \"max-age=31536000\"\n");
    }
    output.push_str("\t\t-Server\n\t}\n");
    frame_options(&mut output, route.headers, &route.frame_any);
    if let Some(origins) = &route.cors {
      cors(&mut output, origins);
    }
    let upstream = &route.upstream;
    // With CORS answered here, the upstream's own Access-Control-Allow-Origin
    // would be a second value, which browsers reject (Evolution API always
    // sends one), or allow an origin the stack does not: drop it.
    let mut options: Vec<&str> = Vec::new();
    if route.cors.is_some() {
      options.push("header_down -Access-Control-Allow-Origin");
    }
    if route.websocket {
      output.push_str(
        "\t@websockets {\n\t\theader Connection *Upgrade*\n\t\theader Upgrade websocket\n\t}\n",
      );
      reverse_proxy(
        &mut output,
        "\t",
        &format!("@websockets {upstream}"),
        &options,
      );
    }
    for (index, path) in route.long_timeout.iter().enumerate() {
      let _ = writeln!(output, "\t@long_running_{index} path {path}");
      let mut long = options.clone();
      long.push("transport http {\n\t\t\tread_timeout 3600s\n\t\t\twrite_timeout 3600s\n\t\t}");
      reverse_proxy(
        &mut output,
        "\t",
        &format!("@long_running_{index} {upstream}"),
        &long,
      );
    }
    match &route.api {
      Some((path, api)) => {
        let _ = writeln!(output, "\thandle {path} {{");
        reverse_proxy(&mut output, "\t\t", api, &options);
        output.push_str("\t}\n\thandle {\n");
        reverse_proxy(&mut output, "\t\t", upstream, &options);
        output.push_str("\t}\n");
      }
      None => reverse_proxy(&mut output, "\t", upstream, &options),
    }
    output.push_str("}\n");
  }
  output
}

/// `X-Frame-Options`, as a default (`?`): an upstream that sends its own
/// keeps it, since Chatwoot and n8n decide framing per page and Directus by
/// CSP. It is a directive of its own because `?` makes Caddy require the
/// header's absence for every operation of the block. Paths any site may
/// frame get none, and no `frame-ancestors` either: the upstream's own
/// policy (Chatwoot's per-inbox allowed domains) is the one that holds.
fn frame_options(output: &mut String, headers: Headers, frame_any: &[String]) {
  let value = match headers {
    Headers::Web => "SAMEORIGIN",
    Headers::Strict => "DENY",
    Headers::Api => return,
  };
  let matcher = if frame_any.is_empty() {
    ""
  } else {
    let _ = writeln!(output, "\t@frame_own not path {}", frame_any.join(" "));
    "@frame_own "
  };
  let _ = writeln!(output, "\theader {matcher}?X-Frame-Options \"{value}\"");
}

/// `reverse_proxy TARGET`, with `options` as its block when there are any;
/// an option's inner lines are indented one more level than `indent`.
fn reverse_proxy(output: &mut String, indent: &str, target: &str, options: &[&str]) {
  if options.is_empty() {
    let _ = writeln!(output, "{indent}reverse_proxy {target}");
    return;
  }
  let _ = writeln!(output, "{indent}reverse_proxy {target} {{");
  for option in options {
    let option = option.replace("\n\t", &format!("\n{indent}"));
    let _ = writeln!(output, "{indent}\t{option}");
  }
  let _ = writeln!(output, "{indent}}}");
}

/// CORS preflight answers and headers. With explicit origins, the request's
/// Origin is echoed only when it is one of them. The header is set deferred,
/// once the proxied response is in, and the upstream's own copy is dropped
/// (`header_down`): otherwise a client could get two values, or the
/// upstream's answer for an origin this list does not allow.
fn cors(output: &mut String, origins: &[String]) {
  if origins.iter().any(|origin| origin == "*") {
    output.push_str("\t@cors_preflight method OPTIONS\n");
    preflight(output, "*");
    output.push_str("\theader {\n\t\tAccess-Control-Allow-Origin \"*\"\n\t\tdefer\n\t}\n");
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
    "\theader @cors_origin {\n\t\tAccess-Control-Allow-Origin \"{http.request.header.Origin}\"\n\t\tdefer\n\t}\n",
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
