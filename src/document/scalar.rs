//! TOML's numbers as JSON values, as both readers of a stack file read them.

use serde_json::{Number, Value};

/// A TOML integer's JSON value: `text` as written (underscores, a radix
/// prefix), read in `radix`; null if it does not fit in an `i64`.
pub(super) fn integer_value(text: &str, radix: u32) -> Value {
  let digits = text.replace('_', "");
  let digits = digits
    .strip_prefix("0x")
    .or_else(|| digits.strip_prefix("0o"))
    .or_else(|| digits.strip_prefix("0b"))
    .unwrap_or(&digits);
  i64::from_str_radix(digits, radix)
    .map(Value::from)
    .unwrap_or(Value::Null)
}

/// A TOML float's JSON value; null for what JSON cannot hold (inf, nan).
pub(super) fn float_value(text: &str) -> Value {
  text
    .replace('_', "")
    .parse::<f64>()
    .ok()
    .and_then(Number::from_f64)
    .map(Value::Number)
    .unwrap_or(Value::Null)
}
