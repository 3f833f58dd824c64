//! Plain-scalar resolution as Kubernetes does it.
//!
//! Kubernetes converts YAML to JSON with `sigs.k8s.io/yaml`, which uses go-yaml v2 and so the
//! YAML 1.1 rules: `yes`/`on`/`y` are booleans, `0755` is octal, `1_000` is an integer. YAML 1.2
//! parsers read all of these as strings, so a scanner using them would pass a manifest that the
//! cluster reads as, say, `privileged: true`.

/// What a scalar resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// `~`, `null`, an empty plain scalar.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64` or `u64`.
    Int,
    /// A floating-point number, including `.inf` and `.nan`.
    Float,
    /// Any other scalar, and every quoted or block scalar.
    Str,
}

/// Resolves a plain (unquoted, untagged) scalar with go-yaml v2's rules.
pub fn resolve_plain(text: &str) -> ScalarKind {
    let Some(&first) = text.as_bytes().first() else {
        return ScalarKind::Null;
    };
    match first {
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => {
            keyword(text).unwrap_or(ScalarKind::Str)
        }
        b'.' => match text {
            ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" => ScalarKind::Float,
            _ if is_yaml_float(text) => ScalarKind::Float,
            _ => ScalarKind::Str,
        },
        b'+' | b'-' | b'0'..=b'9' => number(text),
        _ => ScalarKind::Str,
    }
}

fn keyword(text: &str) -> Option<ScalarKind> {
    Some(match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            ScalarKind::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            ScalarKind::Bool(false)
        }
        "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
        _ => return None,
    })
}

fn number(text: &str) -> ScalarKind {
    match text {
        "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => return ScalarKind::Float,
        _ => {}
    }
    if is_timestamp(text) {
        return ScalarKind::Str;
    }
    if parse_go_int(text).is_some() {
        return ScalarKind::Int;
    }
    if is_yaml_float(&without_underscores(text)) {
        return ScalarKind::Float;
    }
    ScalarKind::Str
}

/// `text` without `_` (go-yaml drops them before reading a number), copied only when needed.
fn without_underscores(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('_') {
        text.replace('_', "").into()
    } else {
        text.into()
    }
}

/// An integer as go-yaml reads one: underscores dropped, then Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)` read it:
/// optional sign, `0x`/`0o`/`0b` prefixes, and a leading `0` meaning octal.
pub fn parse_go_int(text: &str) -> Option<i128> {
    let text = &*without_underscores(text);
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, body) = if let Some(rest) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, rest)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()? as i128;
    let value = if negative { -magnitude } else { magnitude };
    // ParseInt covers i64; ParseUint covers non-negative values up to u64::MAX.
    (value >= i64::MIN as i128).then_some(value)
}

/// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// go-yaml v2 recognises timestamps (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`) but, when
/// decoding into an untyped value as `sigs.k8s.io/yaml` does, keeps them as the original string.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5].is_ascii_digit()
        && matches!(b.get(6), Some(b'-') | Some(b'0'..=b'9'))
}

/// Parses the text of a scalar that resolved to [`ScalarKind::Float`].
pub fn parse_float(text: &str) -> Option<f64> {
    match text {
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        _ => without_underscores(text).parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(resolve_plain(t), ScalarKind::Bool(true), "{t}");
        }
        for f in ["n", "N", "no", "NO", "off", "Off", "false", "FALSE"] {
            assert_eq!(resolve_plain(f), ScalarKind::Bool(false), "{f}");
        }
        for s in ["yEs", "oN", "tRUE", "nope", "offf"] {
            assert_eq!(resolve_plain(s), ScalarKind::Str, "{s}");
        }
    }

    #[test]
    fn nulls() {
        for n in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(n), ScalarKind::Null, "{n}");
        }
        assert_eq!(resolve_plain("nULL"), ScalarKind::Str);
    }

    #[test]
    fn integers_the_go_way() {
        assert_eq!(parse_go_int("0755"), Some(493));
        assert_eq!(parse_go_int("0o755"), Some(493));
        assert_eq!(parse_go_int("0x1F"), Some(31));
        assert_eq!(parse_go_int("-0x1F"), Some(-31));
        assert_eq!(parse_go_int("0b101"), Some(5));
        assert_eq!(parse_go_int("+42"), Some(42));
        assert_eq!(parse_go_int("08"), None);
        assert_eq!(parse_go_int("18446744073709551615"), Some(u64::MAX as i128));
        assert_eq!(parse_go_int("18446744073709551616"), None);
        assert_eq!(resolve_plain("1_000"), ScalarKind::Int);
        assert_eq!(resolve_plain("08"), ScalarKind::Float);
        assert_eq!(resolve_plain("_1"), ScalarKind::Str);
    }

    #[test]
    fn floats_and_strings() {
        for f in ["1.5", "-1.5", ".5", "1e3", "1.", "+.inf", ".NaN", "-.INF"] {
            assert_eq!(resolve_plain(f), ScalarKind::Float, "{f}");
        }
        for s in ["1:20", "2024-01-01", "1.2.3", "e3", "0x", "-", "+"] {
            assert_eq!(resolve_plain(s), ScalarKind::Str, "{s}");
        }
        assert_eq!(parse_float("1_0.5"), Some(10.5));
    }
}
