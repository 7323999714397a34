use crate::{check::context::Context, diagnostic::Diagnostic};

crate::declare_rule! {
  /// ## What it checks
  /// That an agent's `top_k` is between 1 and 100.
  ///
  /// ## Why
  /// Zero retrieves nothing; hundreds of documents overflow the model's
  /// context and cost money on every question.
  ///
  /// ## Example
  /// ```toml
  /// [orchestratai.agents.technical]
  /// top_k = 0
  /// ```
  ///
  /// ## Fix
  /// `top_k = 5`.
  pub struct TopKRange {
    code: "SC310",
    name: "top-k-range",
    severity: Error,
    summary: "`top_k` outside 1–100",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  for (id, agent) in &orchestratai.agents {
    if let Some(top_k) = agent.top_k
      && !(1..=100).contains(&top_k)
    {
      out.push(
        META
          .diagnostic(
            format!("agent `{id}` has top_k {top_k}, outside 1–100"),
            cx.value(["orchestratai", "agents", id, "top_k"]),
          )
          .label("out of range")
          .help("retrieve from 1 to 100 documents; 3 to 10 suits most agents"),
      );
    }
  }
}
