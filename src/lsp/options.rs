use {
  lsp_types::InitializeParams,
  serde_json::Value,
  std::{path::PathBuf, time::Duration},
};

/// What a client may set in `initializationOptions`.
#[derive(Clone, Debug)]
pub struct Options {
  /// `deploy`: the deployment directory, as `stackc check --deploy DIR`
  /// gives it (prompt files may not lie in it); relative to the workspace.
  pub deploy: Option<PathBuf>,
  /// `debounceMs`: how long the worker waits for a quieter moment before
  /// checking; a change within it replaces the one before.
  pub debounce: Duration,
}

/// Long enough to gather the messages of one edit sent together (a paste
/// that arrives as several changes, a client's rename), short enough not
/// to be felt: a keystroke is 50 ms or more after the one before.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(2);

impl Options {
  pub fn from_initialize(params: &InitializeParams) -> Self {
    let options = params.initialization_options.as_ref();
    let get = |name: &str| options.and_then(|options| options.get(name));
    #[allow(deprecated)] // `root_uri` is what older clients send instead of folders.
    let root = params
      .workspace_folders
      .as_ref()
      .and_then(|folders| folders.first())
      .map(|folder| &folder.uri)
      .or(params.root_uri.as_ref())
      .and_then(|uri| uri.to_file_path().ok());
    let deploy = get("deploy").and_then(Value::as_str).map(|deploy| {
      let deploy = PathBuf::from(deploy);
      match &root {
        Some(root) if deploy.is_relative() => root.join(deploy),
        _ => deploy,
      }
    });
    let debounce = get("debounceMs")
      .and_then(Value::as_u64)
      .map_or(DEFAULT_DEBOUNCE, |ms| Duration::from_millis(ms.min(10_000)));
    Self { deploy, debounce }
  }
}
