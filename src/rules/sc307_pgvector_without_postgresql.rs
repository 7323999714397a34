use crate::{diagnostic::Diagnostic, lint::Context, orchestratai_config::VectorStore};

crate::declare_rule! {
  /// ## What it checks
  /// That `vector_store = "pgvector"` comes with services.postgresql running
  /// an image that has the pgvector extension (its repository name contains
  /// `pgvector`, as the catalog's `pgvector/pgvector` does).
  ///
  /// ## Why
  /// OrchestratAI runs `CREATE EXTENSION vector`; plain PostgreSQL images do
  /// not ship it, and the backend fails at start.
  ///
  /// ## Example
  /// ```toml
  /// [services.postgresql]
  /// image = "postgres:17.6"
  ///
  /// [orchestratai]
  /// vector_store = "pgvector"
  /// ```
  ///
  /// ## Fix
  /// Remove the `image` override (the catalog's is pgvector's), or use
  /// `vector_store = "chromadb"`.
  pub struct PgvectorWithoutPostgresql {
    code: "SC307",
    name: "pgvector-without-postgresql",
    severity: Error,
    summary: "`vector_store = \"pgvector\"` without postgresql on a pgvector image",
  }
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
  let Some(orchestratai) = &cx.model.config.orchestratai else {
    return;
  };
  if orchestratai.vector_store != Some(VectorStore::Pgvector) {
    return;
  }
  let span = cx.value(["orchestratai", "vector_store"]);
  match cx.model.services.get("postgresql") {
    None if !cx.absent(["services", "postgresql"]) => {}
    None => out.push(
      META
        .diagnostic(
          "`vector_store = \"pgvector\"` needs services.postgresql",
          span,
        )
        .label("needs postgresql")
        .help(
          "enable it with a `[services.postgresql]` table, or use `vector_store = \"chromadb\"`",
        ),
    ),
    Some(postgresql) => {
      let image = postgresql.image().unwrap_or_default();
      if !repository(image).contains("pgvector") {
        out.push(
          META
            .diagnostic(format!("`vector_store = \"pgvector\"` needs a pgvector image, but postgresql runs `{image}`"), span)
            .label("needs the pgvector extension")
            .related(cx.value(["services", "postgresql", "image"]), "not a pgvector image")
            .help("remove the `image` override of postgresql to use the catalog's pgvector image, or use `vector_store = \"chromadb\"`"),
        );
      }
    }
  }
}

/// The image without its tag or digest: `pgvector/pgvector` of `pgvector/pgvector:pg18`.
pub fn repository(image: &str) -> &str {
  let image = image.split('@').next().unwrap_or(image);
  let name_start = image.rfind('/').map_or(0, |slash| slash + 1);
  match image[name_start..].find(':') {
    Some(colon) => &image[..name_start + colon],
    None => image,
  }
}

#[cfg(test)]
mod tests {
  use super::repository;

  #[test]
  fn repository_drops_tag_and_digest_but_not_registry_port() {
    assert_eq!(
      repository("pgvector/pgvector:0.8.1-pg18"),
      "pgvector/pgvector"
    );
    assert_eq!(
      repository("localhost:5000/pgvector:1"),
      "localhost:5000/pgvector"
    );
    assert_eq!(repository("postgres@sha256:abc"), "postgres");
  }
}
