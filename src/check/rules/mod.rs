//! One file per diagnostic code: its documentation, and its check when it is
//! a semantic rule. `REGISTRY` lists them all, in code order.

use crate::{check::context::Context, check::rule::Meta, diagnostic::Diagnostic};

pub mod sc001_toml_syntax;
pub mod sc002_duplicate_key;
pub mod sc003_unknown_key;
pub mod sc004_missing_key;
pub mod sc005_wrong_type;
pub mod sc006_invalid_value;
pub mod sc007_not_utf8;
pub mod sc101_unpinned_image;
pub mod sc102_missing_dependency;
pub mod sc103_unknown_dependency;
pub mod sc104_dependency_cycle;
pub mod sc105_duplicate_host;
pub mod sc106_host_port_collision;
pub mod sc107_exposed_data_port;
pub mod sc108_invalid_host;
pub mod sc109_invalid_stack_name;
pub mod sc110_acme_without_email;
pub mod sc111_unknown_timezone;
pub mod sc112_invalid_service_name;
pub mod sc113_custom_service_without_image;
pub mod sc114_routed_without_port;
pub mod sc115_unsupported_version;
pub mod sc116_reserved_host_port;
pub mod sc117_invalid_email;
pub mod sc118_invalid_origin;
pub mod sc119_routed_without_proxy;
pub mod sc120_invalid_database;
pub mod sc121_database_engine_not_enabled;
pub mod sc122_database_clash;
pub mod sc123_undeclared_database_password;
pub mod sc130_control_character;
pub mod sc131_multiline_manual;
pub mod sc132_invalid_from_env;
pub mod sc133_invalid_image;
pub mod sc134_invalid_profile_name;
pub mod sc135_invisible_character;
pub mod sc136_directus_without_admin_email;
pub mod sc201_undeclared_secret;
pub mod sc202_unused_secret;
pub mod sc203_secret_source_count;
pub mod sc204_unknown_generator;
pub mod sc205_unknown_template_name;
pub mod sc206_template_syntax;
pub mod sc207_secret_length;
pub mod sc208_template_expression;
pub mod sc209_template_statement;
pub mod sc210_secret_not_whole;
pub mod sc211_invalid_secret_name;
pub mod sc212_secret_variable_collision;
pub mod sc213_reserved_secret_variable;
pub mod sc214_catalog_secret_variable;
pub mod sc301_unknown_agent_id;
pub mod sc302_unknown_agent_color;
pub mod sc303_duplicate_agent_color;
pub mod sc304_unconfigured_provider;
pub mod sc305_orchestratai_without_chromadb;
pub mod sc306_orchestratai_without_redis;
pub mod sc307_pgvector_unsupported;
pub mod sc308_top_k_ignored;
pub mod sc309_temperature_range;
pub mod sc310_top_k_range;
pub mod sc311_prompt_file;
pub mod sc312_missing_model;
pub mod sc313_invalid_model;
pub mod sc314_prompt_conflict;
pub mod sc315_literal_credential;
pub mod sc316_orchestratai_without_openai;
pub mod sc317_openai_only_role;
pub mod sc318_unroutable_bedrock_model;
pub mod sc319_agent_setting_without_effect;
pub mod sc401_swarm_placement_without_volume;
pub mod sc402_swarm_split_volume;
pub mod sc403_replicated_stateful_service;
pub mod sc404_kubernetes_setting_without_effect;
pub mod sc405_unknown_volume_size;

/// A rule's check: what it finds in the context, added to the list.
pub type Check = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// A code and, for semantic rules, the check that emits it.
pub struct Registered {
  pub meta: &'static Meta,
  pub check: Option<Check>,
}

/// Codes reported by the parse and validate stages: no check of their own.
macro_rules! stage {
  ($module:ident) => {
    Registered {
      meta: &$module::META,
      check: None,
    }
  };
}

macro_rules! rule {
  ($module:ident) => {
    Registered {
      meta: &$module::META,
      check: Some($module::check),
    }
  };
}

pub static REGISTRY: &[Registered] = &[
  stage!(sc001_toml_syntax),
  stage!(sc002_duplicate_key),
  stage!(sc003_unknown_key),
  stage!(sc004_missing_key),
  stage!(sc005_wrong_type),
  stage!(sc006_invalid_value),
  stage!(sc007_not_utf8),
  rule!(sc101_unpinned_image),
  rule!(sc102_missing_dependency),
  rule!(sc103_unknown_dependency),
  rule!(sc104_dependency_cycle),
  rule!(sc105_duplicate_host),
  rule!(sc106_host_port_collision),
  rule!(sc107_exposed_data_port),
  rule!(sc108_invalid_host),
  rule!(sc109_invalid_stack_name),
  rule!(sc110_acme_without_email),
  rule!(sc111_unknown_timezone),
  rule!(sc112_invalid_service_name),
  rule!(sc113_custom_service_without_image),
  rule!(sc114_routed_without_port),
  rule!(sc115_unsupported_version),
  rule!(sc116_reserved_host_port),
  rule!(sc117_invalid_email),
  rule!(sc118_invalid_origin),
  rule!(sc119_routed_without_proxy),
  rule!(sc120_invalid_database),
  rule!(sc121_database_engine_not_enabled),
  rule!(sc122_database_clash),
  rule!(sc123_undeclared_database_password),
  rule!(sc130_control_character),
  rule!(sc131_multiline_manual),
  rule!(sc132_invalid_from_env),
  rule!(sc133_invalid_image),
  rule!(sc134_invalid_profile_name),
  rule!(sc135_invisible_character),
  rule!(sc136_directus_without_admin_email),
  rule!(sc201_undeclared_secret),
  rule!(sc202_unused_secret),
  rule!(sc203_secret_source_count),
  rule!(sc204_unknown_generator),
  rule!(sc205_unknown_template_name),
  rule!(sc206_template_syntax),
  rule!(sc207_secret_length),
  rule!(sc208_template_expression),
  rule!(sc209_template_statement),
  rule!(sc210_secret_not_whole),
  rule!(sc211_invalid_secret_name),
  rule!(sc212_secret_variable_collision),
  rule!(sc213_reserved_secret_variable),
  rule!(sc214_catalog_secret_variable),
  rule!(sc301_unknown_agent_id),
  rule!(sc302_unknown_agent_color),
  rule!(sc303_duplicate_agent_color),
  rule!(sc304_unconfigured_provider),
  rule!(sc305_orchestratai_without_chromadb),
  rule!(sc306_orchestratai_without_redis),
  rule!(sc307_pgvector_unsupported),
  rule!(sc308_top_k_ignored),
  rule!(sc309_temperature_range),
  rule!(sc310_top_k_range),
  rule!(sc311_prompt_file),
  rule!(sc312_missing_model),
  rule!(sc313_invalid_model),
  rule!(sc314_prompt_conflict),
  rule!(sc315_literal_credential),
  rule!(sc316_orchestratai_without_openai),
  rule!(sc317_openai_only_role),
  rule!(sc318_unroutable_bedrock_model),
  rule!(sc319_agent_setting_without_effect),
  rule!(sc401_swarm_placement_without_volume),
  rule!(sc402_swarm_split_volume),
  rule!(sc403_replicated_stateful_service),
  rule!(sc404_kubernetes_setting_without_effect),
  rule!(sc405_unknown_volume_size),
];

/// The registered code `code`, case-insensitively.
pub fn find(code: &str) -> Option<&'static Registered> {
  REGISTRY
    .iter()
    .find(|rule| rule.meta.code.eq_ignore_ascii_case(code))
}
