//! Secret values: the store beside the stack file, the deployed `.env` as a
//! source of truth, the environment, and the `secrets` commands over them.

pub mod adopt;
pub mod age_block;
pub mod build_secrets;
pub mod command;
pub mod deployed_env;
pub mod encrypt;
pub mod encrypted_store;
pub mod encryption;
pub mod environment_secrets;
pub mod identity;
pub mod prune;
pub mod recipients;
pub mod recipients_change;
pub mod sealed_file;
pub mod stack_recipients;
pub mod store;
pub mod store_lock;
pub mod stored_secret;
