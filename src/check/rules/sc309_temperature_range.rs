use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That an agent's `temperature` is between 0 and 2.
  ///
  /// ## Why
  /// Providers reject other values: the agent would fail on every question.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.billing]
  /// temperature = 7
  /// ```
  ///
  /// ## Fix
  /// `temperature = 0.7`.
  pub struct TemperatureRange {
    code: "SC309",
    name: "temperature-range",
    severity: Error,
    summary: "`temperature` outside 0–2",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    if let Some(temperature) = agent.temperature
      && !(0.0..=2.0).contains(&temperature)
    {
      out.push(
        META
          .diagnostic(
            format!("agent `{id}` has temperature {temperature}, outside 0–2"),
            cx.value(["orchestratai", "agents", id, "temperature"]),
          )
          .label("out of range")
          .help("use a temperature from 0 (focused) to 2 (random); 0.2 to 0.8 suits most agents"),
      );
    }
  }
}
