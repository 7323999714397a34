//! The host a running value implies where the catalog derives that value
//! from a service's host: `N8N_HOST = "{{ self.host }}"`, `WEBHOOK_URL =
//! "{{ self.url }}/"`, evolution's `WEBHOOK_GLOBAL_URL = "{{
//! services.n8n.url }}/webhook/whatsapp-incoming"`. Such a value is the
//! deployment's routing, neither a secret nor a setting to report.

/// A host read from a value, and whose it is.
#[derive(Debug, PartialEq, Eq)]
pub struct DerivedHost {
  /// The catalog service it names; `None` for the container's own.
  pub service: Option<String>,
  pub host: String,
}

/// Whether `text` can be a host name stackc routes: DNS labels (`*` and
/// other patterns are not one host).
fn is_host(text: &str) -> bool {
  !text.is_empty()
    && text.split('.').all(|label| {
      !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

impl DerivedHost {
  /// `None` when `template` is not one derived from a host; `Some(None)`
  /// when it is but `value` does not have its shape.
  pub fn read(template: &str, value: &str) -> Option<Option<Self>> {
    let start = template.find("{{")?;
    let end = start + template[start..].find("}}")?;
    let (prefix, suffix) = (&template[..start], &template[end + 2..]);
    if suffix.contains("{{") {
      return None;
    }
    let expression = template[start + 2..end].trim();
    let (subject, property) = expression.rsplit_once('.')?;
    let service = match subject {
      "self" => None,
      _ => Some(subject.strip_prefix("services.")?.to_owned()),
    };
    if !matches!(property, "host" | "url") {
      return None;
    }
    let shaped = || {
      let middle = value.strip_prefix(prefix)?.strip_suffix(suffix)?;
      let host = match property {
        "url" => middle
          .strip_prefix("https://")
          .or_else(|| middle.strip_prefix("http://"))?,
        _ => middle,
      };
      is_host(host).then(|| host.to_ascii_lowercase())
    };
    Some(shaped().map(|host| Self { service, host }))
  }
}

#[cfg(test)]
mod tests {
  use super::DerivedHost;

  fn host(template: &str, value: &str) -> Option<Option<(Option<String>, String)>> {
    DerivedHost::read(template, value).map(|read| read.map(|d| (d.service, d.host)))
  }

  #[test]
  fn hosts_are_read_from_the_shape_the_catalog_writes() {
    let own = |h: &str| Some(Some((None, h.to_owned())));
    assert_eq!(
      host("{{ self.host }}", "n8n.example.com.br"),
      own("n8n.example.com.br")
    );
    assert_eq!(
      host("{{ self.url }}/", "https://N8N.example.org/"),
      own("n8n.example.org")
    );
    assert_eq!(
      host(
        "{{ services.n8n.url }}/webhook/whatsapp-incoming",
        "https://n8n.example.org/webhook/whatsapp-incoming"
      ),
      Some(Some((Some("n8n".to_owned()), "n8n.example.org".to_owned())))
    );
    assert_eq!(host("{{ self.url }}", "*"), Some(None));
    assert_eq!(host("{{ self.url }}/", "https://a.org/x"), Some(None));
    assert_eq!(host("{{ secrets.x }}", "v"), None);
    assert_eq!(host("redis://{{ services.redis.password }}", "v"), None);
  }
}
