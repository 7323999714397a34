use crate::{check::context::Context, check::suggest::closest, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That `stack.timezone` is an IANA time zone name, such as
  /// `America/Sao_Paulo`.
  ///
  /// ## Why
  /// n8n, FileFlows and Duplicati schedule work in this zone; an unknown name
  /// falls back to UTC without a word, and the 2 a.m. backup runs at 11 p.m.
  ///
  /// ## Example
  /// ```toml
  /// [stack]
  /// timezone = "America/Sao Paulo"
  /// ```
  ///
  /// ## Fix
  /// `timezone = "America/Sao_Paulo"`; `timedatectl list-timezones` lists them.
  pub struct UnknownTimezone {
    code: "SC111",
    name: "unknown-timezone",
    severity: Error,
    summary: "unknown IANA time zone",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(timezone) = &cx.model.config.stack.timezone else {
    return;
  };
  if timezone.parse::<chrono_tz::Tz>().is_ok() {
    return;
  }
  let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
  let help = match closest(timezone, names) {
    Some(suggestion) => format!("did you mean `{suggestion}`?"),
    None => "use an IANA zone name such as `America/Sao_Paulo` or `UTC`".into(),
  };
  out.push(
    META
      .diagnostic(
        format!("unknown time zone {timezone:?}"),
        cx.value(["stack", "timezone"]),
      )
      .label("not an IANA time zone")
      .help(help),
  );
}
