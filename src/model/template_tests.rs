use {
  super::*,
  crate::model::interpolation::{compose_escape, interpolated, secret_placeholder},
};

fn located(raw: &str, decoded: &str, offset: usize) -> (Vec<Expression>, Vec<Span>) {
  let locator = Locator::new(raw, decoded, Span::new(offset, offset + raw.len()));
  expressions(decoded, &locator)
}

#[test]
fn finds_each_expression_with_its_span_and_names() {
  let decoded = "{{ services.n8n.url }}/hook?k={{ secrets.key }}";
  let (found, statements) = located(&format!("\"{decoded}\""), decoded, 10);
  assert!(statements.is_empty());
  assert_eq!(found.len(), 2);
  assert_eq!(found[0].span, Span::new(11, 33));
  assert_eq!(found[0].variables, ["services.n8n.url"]);
  assert_eq!(found[1].variables, ["secrets.key"]);
  assert!(
    found
      .iter()
      .all(|e| e.error.is_none() && e.refused.is_none())
  );
}

#[test]
fn reports_unclosed_and_invalid_expressions() {
  assert!(
    located("\"{{ stack.name \"", "{{ stack.name ", 0).0[0]
      .error
      .is_some()
  );
  assert!(
    located("\"{{ stack. }}\"", "{{ stack. }}", 0).0[0]
      .error
      .is_some()
  );
}

#[test]
fn refuses_everything_but_lookups_and_string_literals() {
  for (inner, what) in [
    ("secrets.x | reverse", "a filter"),
    ("secrets.x[0]", "a subscript"),
    ("range(100000000)", "a call"),
    ("\"a\" * 100000000", "an operator"),
    ("stack.name ~ stack.domain", "an operator"),
    ("1", "a literal that is not a string"),
    ("stack.name if stack.name else 'x'", "a conditional"),
    ("stack.name.upper()", "a call"),
    ("[1, 2]", "a list or map"),
  ] {
    match analyse(inner) {
      Analysis::Refused(range, found) => {
        assert!(found.starts_with(what), "{inner}: {found}");
        assert!(range.end <= inner.len());
      }
      _ => panic!("{inner} is accepted"),
    }
  }
  assert!(matches!(analyse("stack.name"), Analysis::Lookup(path) if path == "stack.name"));
  assert!(matches!(analyse("\"{{\""), Analysis::Literal(text) if text == "{{"));
}

#[test]
fn the_refused_part_is_located_in_the_source() {
  let decoded = "x{{ secrets.x | reverse }}";
  let (found, _) = located(&format!("'{decoded}'"), decoded, 100);
  let (span, what) = found[0].refused.clone().unwrap();
  assert_eq!(what, "a filter (`|`)");
  // minijinja spans a filter by its name: `reverse`, after `'x{{ secrets.x | `.
  assert_eq!(span, Span::new(117, 124));
}

#[test]
fn escaped_values_are_located_at_the_whole_value() {
  // `\u007B` decodes to `{`: the check reads the decoded text, not the source.
  let raw = r#""\u007B\u007B range(3) }}""#;
  let (found, _) = located(raw, "{{ range(3) }}", 40);
  assert_eq!(found.len(), 1);
  assert!(found[0].refused.is_some());
  assert_eq!(found[0].span, Span::new(40, 40 + raw.len()));
}

#[test]
fn statements_and_comments_are_found() {
  let decoded = "a{% for i in range(3) %}x{% endfor %}{# c #}{% open";
  let (_, statements) = located(&format!("'{decoded}'"), decoded, 0);
  assert_eq!(statements.len(), 4);
  assert_eq!(statements[0], Span::new(2, 25));
}

#[test]
fn rendering_evaluates_lookups_only_and_copies_literal_text() {
  let context = Value::from_pairs([
    ("stack", Value::from_pairs([("name", Value::from("s"))])),
    (
      "secrets",
      Value::from_pairs([("x", Value::from(secret_placeholder("X")))]),
    ),
  ]);
  assert_eq!(render("a-{{ stack.name }}-b", &context).unwrap(), "a-s-b");
  assert_eq!(render("{{ \"{{\" }}", &context).unwrap(), "{{");
  for refused in [
    "{{ secrets.x | reverse }}",
    "{{ secrets.x[0] }}",
    "{{ secrets }}",
    "{{ range(10) }}",
    "{% for i in range(3) %}x{% endfor %}",
    "{{ stack.nope }}",
    "\u{1}HOME\u{1}",
  ] {
    assert!(render(refused, &context).is_err(), "{refused}");
  }
  let long = format!("{}{{{{ stack.name }}}}", "a".repeat(MAX_RENDERED));
  assert!(render(&long, &context).is_err());
}

#[test]
fn literal_dollars_are_doubled_and_secrets_interpolated() {
  let rendered = format!("p$ss-{}-x", secret_placeholder("DB_PASSWORD"));
  let escaped = compose_escape(&rendered);
  assert_eq!(escaped, "p$$ss-${DB_PASSWORD}-x");
  assert_eq!(interpolated(&escaped), ["DB_PASSWORD"]);
  assert_eq!(interpolated("$$HOME and $${NOT}"), Vec::<&str>::new());
  for (rendered, escaped) in [
    ("", ""),
    ("$", "$$"),
    ("$$a$", "$$$$a$$"),
    ("\u{1}A\u{1}\u{1}B\u{1}", "${A}${B}"),
    ("$\u{1}A\u{1}$", "$$${A}$$"),
    ("a\u{1}B", "a${B}"),
  ] {
    assert_eq!(compose_escape(rendered), escaped, "{rendered:?}");
  }
}

#[test]
fn a_dotted_name_is_read_as_the_parser_reads_it() {
  // Every combination of up to three segments from pieces that are, or are
  // close to, identifiers and keywords: the fast path takes a text only
  // where the parser finds the same lookup.
  let pieces = [
    "a", "_", "x1", "_9", "n8n", "1a", "true", "None", "not", "in", "if", "self", "loop", "é",
    "a b", "", " a", "a-b", "0",
  ];
  let mut checked = 0;
  for first in pieces {
    for second in pieces {
      for third in pieces {
        for text in [
          first.to_owned(),
          format!("{first}.{second}"),
          format!("{first}.{second}.{third}"),
        ] {
          if is_dotted_name(&text) {
            checked += 1;
            assert!(
              matches!(analyse_parsed(&text), Analysis::Lookup(path) if path == text),
              "{text:?}"
            );
          }
        }
      }
    }
  }
  assert!(checked > 500, "{checked}");
  assert!(!is_dotted_name("true.x") && !is_dotted_name("a..b") && !is_dotted_name("a."));
}

#[test]
fn a_long_expression_is_refused_before_parsing() {
  let deep = format!("services{}", ".x".repeat(300_000));
  assert!(matches!(analyse(&deep), Analysis::Invalid(message) if message.contains("1024")));
  let deep_filter = format!("{deep} | upper");
  assert!(matches!(analyse(&deep_filter), Analysis::Invalid(_)));
}
