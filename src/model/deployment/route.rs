//! The routes Caddy serves: one host per routed service, to its container.

use crate::{
  catalog::Headers,
  model::{Model, Profile},
};

#[derive(Clone, Debug)]
pub struct Route {
  pub service: String,
  pub host: String,
  /// `container:port`.
  pub upstream: String,
  /// A path matcher routed to another upstream: OrchestratAI's `/api/*`.
  pub api: Option<(String, String)>,
  pub headers: Headers,
  /// Origins answered with CORS headers, for API services.
  pub cors: Option<Vec<String>>,
  pub websocket: bool,
  pub long_timeout: Vec<String>,
  /// Path matchers any site may frame: no `X-Frame-Options` from Caddy.
  pub frame_any: Vec<String>,
}

pub(super) fn routes(model: &Model<'_>, profile: &Profile) -> Vec<Route> {
  let all_urls: Vec<String> = model
    .services
    .values()
    .filter_map(|service| service.host(profile))
    .map(|host| model.url(&host, profile))
    .collect();
  model
    .services
    .values()
    .filter_map(|service| {
      let host = service.host(profile)?;
      let port = service.port()?;
      let route = service.catalog.and_then(|catalog| catalog.route.as_ref());
      let cors = route.filter(|route| route.cors).map(|_| {
        service
          .config
          .cors_origins
          .clone()
          .or_else(|| model.config.stack.cors_origins.clone())
          .unwrap_or_else(|| all_urls.clone())
      });
      Some(Route {
        service: service.name.clone(),
        host,
        upstream: format!("{}:{port}", service.container_name()),
        api: None,
        headers: route.map_or(Headers::Web, |route| route.headers),
        cors,
        websocket: route.is_some_and(|route| route.websocket),
        long_timeout: route
          .map(|route| {
            route
              .long_timeout
              .iter()
              .map(|path| path.to_string())
              .collect()
          })
          .unwrap_or_default(),
        frame_any: route
          .map(|route| {
            route
              .frame_any
              .iter()
              .map(|path| path.to_string())
              .collect()
          })
          .unwrap_or_default(),
      })
    })
    .collect()
}
