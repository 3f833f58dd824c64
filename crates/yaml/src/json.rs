//! JSON text exactly as `sigs.k8s.io/yaml` produces it: the value go-yaml decodes, written by
//! Go's `encoding/json` (as of the Go 1.19 toolchain the differential test builds the reference
//! with): object keys sorted by bytes, integers as written digits, floats in Go's shortest form
//! (`1`, `1.5`, `1e+21`, `1e-7`), and strings with Go's escapes (`<`, `>` and `&` as `\u003c`
//! `\u003e` `\u0026`, U+2028 and U+2029 escaped, other control characters as `\u00XX`).

use std::fmt::Write;

use crate::resolve;
use crate::tree::{Kind, NodeRef, NotJson};

/// Appends `node` as JSON to `out`.
pub(crate) fn write(node: NodeRef<'_>, out: &mut String) -> Result<(), NotJson> {
    match node.kind() {
        Kind::Seq => {
            out.push('[');
            for (i, item) in node.items().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out)?;
            }
            out.push(']');
        }
        Kind::Map => {
            let mut entries: Vec<(&str, NodeRef<'_>)> = node
                .entries()
                .map(|(k, v)| (k.text().unwrap_or_default(), v))
                .collect();
            entries.sort_unstable_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write(value, out)?;
            }
            out.push('}');
        }
        _ => write_scalar(node, out)?,
    }
    Ok(())
}

/// Appends a scalar node as JSON: null, a boolean, a number or a string (a collection as
/// [`write`] does).
pub(crate) fn write_scalar(node: NodeRef<'_>, out: &mut String) -> Result<(), NotJson> {
    match node.kind() {
        Kind::Null => out.push_str("null"),
        Kind::Bool => out.push_str(if node.as_bool() == Some(true) {
            "true"
        } else {
            "false"
        }),
        Kind::Int => {
            let value = resolve::parse_go_int(node.text().unwrap_or_default())
                .ok_or(NotJson(node.position()))?;
            let _ = write!(out, "{value}");
        }
        Kind::Float => {
            let value = node
                .text()
                .and_then(resolve::parse_float)
                .filter(|v| v.is_finite())
                .ok_or(NotJson(node.position()))?;
            write_float(value, out);
        }
        Kind::Str => write_string(node.text().unwrap_or_default(), out),
        Kind::Seq | Kind::Map => write(node, out)?,
    }
    Ok(())
}

/// A finite float as Go's `encoding/json` writes a `float64`: the shortest digits that read back
/// as the same value, in plain notation from 1e-6 up to 1e21 and in exponent notation outside.
pub(crate) fn write_float(value: f64, out: &mut String) {
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-6..1e21).contains(&magnitude) {
        // Rust's `Display` is the shortest round-trip form in plain notation (`-0` included).
        let _ = write!(out, "{value}");
    } else {
        write_exponent(&format!("{value:e}"), 0, out);
    }
}

/// Rewrites Rust's shortest exponent form (`1.5e-7`, `1e21`) the way Go writes it: a sign on
/// the exponent and at least `min_exponent_digits` digits (`1.5e-7`, `1e+21`; `1e+06` for 2).
pub(crate) fn write_exponent(rust: &str, min_exponent_digits: usize, out: &mut String) {
    let (mantissa, exponent) = rust.split_once('e').unwrap_or((rust, "0"));
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    let _ = write!(out, "{mantissa}e{sign}{digits:0>min_exponent_digits$}");
}

/// A string as Go's `encoding/json` writes it (HTML-safe escaping on, as `json.Marshal` has it).
pub(crate) fn write_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, ch) in text.char_indices() {
        let escape: Option<&str> = match ch {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&') => Some(""),
            _ => None,
        };
        let Some(escape) = escape else { continue };
        out.push_str(&text[run..i]);
        if escape.is_empty() {
            let b = ch as u8;
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(escape);
        }
        run = i + ch.len_utf8();
    }
    out.push_str(&text[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(v: f64) -> String {
        let mut out = String::new();
        write_float(v, &mut out);
        out
    }

    #[test]
    fn floats_as_go_writes_them() {
        for (value, go) in [
            (1.0, "1"),
            (1.5, "1.5"),
            (-0.0, "-0"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (1e-6, "0.000001"),
            (1e-10, "1e-10"),
            (1.2345e300, "1.2345e+300"),
            (-9223372036854775808.0, "-9223372036854776000"),
            (0.1, "0.1"),
        ] {
            assert_eq!(float(value), go, "{value:e}");
        }
    }

    #[test]
    fn strings_as_go_writes_them() {
        let mut out = String::new();
        write_string(
            "a\"\\\n\r\t<>&\u{2028}\u{2029}\u{8}\u{c}\u{1}\u{7f}é",
            &mut out,
        );
        let go = concat!(
            r#""a\"\\\n\r\t\u003c\u003e\u0026\u2028\u2029\u0008\u000c\u0001"#,
            "\u{7f}é\""
        );
        assert_eq!(out, go);
    }
}
