/// Past this many names no suggestion is made: a file with thousands of
/// problems among thousands of names must still be checked in linear time.
pub const MAX_CANDIDATES: usize = 1000;

/// The known name closest to `word`, if one is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
  let candidates: Vec<&str> = candidates.into_iter().take(MAX_CANDIDATES + 1).collect();
  if candidates.len() > MAX_CANDIDATES {
    return None;
  }
  candidates
    .into_iter()
    .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
    .filter(|(score, _)| *score >= 0.8)
    .max_by(|a, b| a.0.total_cmp(&b.0))
    .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
  use super::closest;

  #[test]
  fn suggests_near_misses_only() {
    assert_eq!(closest("imgae", ["image", "port", "host"]), Some("image"));
    assert_eq!(closest("domian", ["name", "domain"]), Some("domain"));
    assert_eq!(closest("zzz", ["image", "port"]), None);
    let many: Vec<String> = (0..=super::MAX_CANDIDATES)
      .map(|i| format!("s{i}"))
      .collect();
    assert_eq!(closest("s1", many.iter().map(String::as_str)), None);
  }
}
