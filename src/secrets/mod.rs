//! Secret values: the store beside the stack file, the deployed `.env` as a
//! source of truth, the environment, and the `secrets` commands over them.

pub mod adopt;
pub mod build_secrets;
pub mod command;
pub mod deployed_env;
pub mod environment_secrets;
pub mod prune;
pub mod store;
pub mod store_lock;
