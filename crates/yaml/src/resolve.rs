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
            // go-yaml hands these to Go's `strconv.ParseFloat` as written: underscores between
            // digits are accepted, and a value out of range stays a string.
            _ if digits_with_underscores_ok(text) && finite_float(text) => ScalarKind::Float,
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
    // Most numbers in manifests are short decimal integers (ports, counts, sizes): settled here
    // without the general parsers. Up to 18 digits always fit an i64; a leading `0` means octal.
    let bytes = text.as_bytes();
    if bytes.len() <= 18
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes.len() == 1 || bytes[0] != b'0')
    {
        return ScalarKind::Int;
    }
    any_number(text)
}

/// [`number`] without its shortcut.
fn any_number(text: &str) -> ScalarKind {
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
    let plain = without_underscores(text);
    // A float out of range (`1e400`) makes Go's ParseFloat fail, so go-yaml keeps the string.
    if is_yaml_float(&plain) && finite_float(&plain) {
        return ScalarKind::Float;
    }
    ScalarKind::Str
}

fn finite_float(text: &str) -> bool {
    without_underscores(text)
        .parse::<f64>()
        .is_ok_and(f64::is_finite)
}

/// Go's rule for underscores in a number literal (`strconv.ParseFloat` and `ParseInt` with base
/// 0): each one sits between two digits. The rest of the syntax is [`is_yaml_float`]'s.
fn digits_with_underscores_ok(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    }) && is_yaml_float(&without_underscores(text))
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
    // ParseInt covers i64; ParseUint covers larger values up to u64::MAX, written unsigned.
    let unsigned = !text.starts_with('+');
    ((i64::MIN as i128..=i64::MAX as i128).contains(&value) || (value > 0 && unsigned))
        .then_some(value)
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
/// Plain scalars that look like one are strings whether or not they are valid dates; this
/// rough test only spares them the number parsers.
pub(crate) fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5].is_ascii_digit()
        && matches!(b.get(6), Some(b'-') | Some(b'0'..=b'9'))
}

/// Whether go-yaml accepts `text` under an explicit `!!timestamp` tag: one of the layouts it
/// tries with Go's `time.Parse` (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`,
/// `2006-1-2 15:4:5.999999999`, `2006-1-2`), with real dates and times.
pub(crate) fn is_go_timestamp(text: &str) -> bool {
    fn number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count().min(max);
        (digits >= min)
            .then(|| (s[..digits].parse().ok(), &s[digits..]))?
            .0
            .map(|n| (n, &s[digits..]))
    }
    let date = || -> Option<&str> {
        let (year, rest) = number(text, 4, 4)?;
        let (month, rest) = number(rest.strip_prefix('-')?, 1, 2)?;
        let (day, rest) = number(rest.strip_prefix('-')?, 1, 2)?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(rest)
    };
    let Some(rest) = date() else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let zoned = !rest.starts_with(' ');
    let time = || -> Option<&str> {
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let (hour, rest) = number(rest, 1, 2)?;
        let (minute, rest) = number(rest.strip_prefix(':')?, 1, 2)?;
        let (second, mut rest) = number(rest.strip_prefix(':')?, 1, 2)?;
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &fraction[digits..];
        }
        Some(rest)
    };
    let Some(zone) = time() else {
        return false;
    };
    if !zoned {
        return zone.is_empty();
    }
    zone == "Z" || {
        let z = zone.as_bytes();
        z.len() == 6
            && matches!(z[0], b'+' | b'-')
            && z[1..3].iter().all(u8::is_ascii_digit)
            && z[3] == b':'
            && z[4..6].iter().all(u8::is_ascii_digit)
    }
}

/// Parses the text of a scalar that resolved to [`ScalarKind::Float`], or that an explicit
/// `!!float` tag made one (`!!float 0x10` is 16).
pub fn parse_float(text: &str) -> Option<f64> {
    match text {
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        // go-yaml reads an integer first and converts it (`!!float -0` is 0).
        _ => parse_go_int(text)
            .map(|v| v as f64)
            .or_else(|| without_underscores(text).parse().ok()),
    }
}

/// What a plain scalar means under one set of rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// Null.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// The text itself, as a string.
    Str,
}

impl Reading {
    /// Whether two readings give the same JSON value (`8` and `8.0` do).
    pub fn agrees_with(self, other: Reading) -> bool {
        match (self, other) {
            (Reading::Int(i), Reading::Float(f)) | (Reading::Float(f), Reading::Int(i)) => {
                i as f64 == f
            }
            (Reading::Float(a), Reading::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => self == other,
        }
    }
}

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reading::Null => f.write_str("null"),
            Reading::Bool(b) => write!(f, "{b}"),
            Reading::Int(i) => write!(f, "{i}"),
            Reading::Float(v) if v.is_nan() => f.write_str(".nan"),
            Reading::Float(v) if v.is_infinite() => {
                f.write_str(if *v > 0.0 { ".inf" } else { "-.inf" })
            }
            Reading::Float(v) => write!(f, "{v:?}"),
            Reading::Str => f.write_str("a string"),
        }
    }
}

/// How Kubernetes (go-yaml v2, YAML 1.1 rules) reads a plain scalar.
pub fn kubernetes_reading(text: &str) -> Reading {
    match resolve_plain(text) {
        ScalarKind::Null => Reading::Null,
        ScalarKind::Bool(b) => Reading::Bool(b),
        ScalarKind::Int => parse_go_int(text).map_or(Reading::Str, Reading::Int),
        ScalarKind::Float => parse_float(text).map_or(Reading::Str, Reading::Float),
        ScalarKind::Str => Reading::Str,
    }
}

/// How a YAML 1.2 tool (core schema) reads a plain scalar: only `true`/`false` are booleans,
/// integers are decimal, `0o` octal or `0x` hexadecimal, and underscores are not digits.
pub fn yaml12_reading(text: &str) -> Reading {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Reading::Null,
        "true" | "True" | "TRUE" => return Reading::Bool(true),
        "false" | "False" | "FALSE" => return Reading::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Reading::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Reading::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Reading::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let radix_int = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .filter(|d| !d.is_empty() && d.bytes().all(|b| (b as char).is_digit(radix)))
            .and_then(|d| i128::from_str_radix(d, radix).ok())
    };
    if let Some(v) = radix_int("0o", 8).or_else(|| radix_int("0x", 16)) {
        return Reading::Int(v);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty()
        && unsigned.bytes().all(|b| b.is_ascii_digit())
        && let Ok(v) = text.parse::<i128>()
    {
        return Reading::Int(v);
    }
    if is_yaml_float(text)
        && let Ok(v) = text.parse::<f64>()
    {
        return Reading::Float(v);
    }
    Reading::Str
}

/// A YAML 1.1 base-60 number (`1:30` is 90, `-1:30:00.5` is -5400.5): Kubernetes and YAML 1.2
/// read these as strings, YAML 1.1 tools such as PyYAML as numbers.
pub fn sexagesimal(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let mut parts = body.split(':');
    let first = parts.next()?.replace('_', "");
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: f64 = first.parse().ok()?;
    let mut rest: Vec<&str> = parts.collect();
    let last = rest.pop()?;
    for part in rest {
        value = value * 60.0 + base60_digit(part)?;
    }
    // The last part may carry a fraction (floats); integers need a non-zero first part.
    let (whole, fraction) = last.split_once('.').unwrap_or((last, ""));
    value = value * 60.0 + base60_digit(whole)?;
    if last.contains('.') {
        if !fraction.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            return None;
        }
        value += format!("0.{}", fraction.replace('_', ""))
            .parse::<f64>()
            .ok()?;
    } else if first.starts_with('0') {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// One base-60 digit group: `[0-5]?[0-9]`.
fn base60_digit(part: &str) -> Option<f64> {
    let b = part.as_bytes();
    let ok = match b {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    };
    ok.then(|| part.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn decimal_shortcut_agrees_with_the_general_parsers(
            text in "[0-9]{1,21}|[+-]?[0-9_]{1,21}"
        ) {
            proptest::prop_assert_eq!(number(&text), any_number(&text));
        }
    }

    #[test]
    fn decimal_shortcut_edges() {
        for text in [
            "0",
            "00",
            "08",
            "999999999999999999",
            "9223372036854775807",
            "18446744073709551615",
            "18446744073709551616",
        ] {
            assert_eq!(number(text), any_number(text), "{text}");
        }
    }

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
        // Go's ParseFloat: underscores between digits after a leading dot; out of range is text.
        assert_eq!(resolve_plain(".5_0"), ScalarKind::Float);
        assert_eq!(resolve_plain("._5"), ScalarKind::Str);
        assert_eq!(resolve_plain("1e400"), ScalarKind::Str);
        assert_eq!(resolve_plain("1e-400"), ScalarKind::Float);
        assert_eq!(parse_go_int("+18446744073709551615"), None);
        assert_eq!(parse_float("0x10"), Some(16.0));
    }

    #[test]
    fn readings_that_differ_between_kubernetes_and_yaml_1_2() {
        for (text, k8s, yaml12) in [
            ("yes", Reading::Bool(true), Reading::Str),
            ("n", Reading::Bool(false), Reading::Str),
            ("0755", Reading::Int(493), Reading::Int(755)),
            ("1_000", Reading::Int(1000), Reading::Str),
            ("0b11", Reading::Int(3), Reading::Str),
        ] {
            assert_eq!(
                (kubernetes_reading(text), yaml12_reading(text)),
                (k8s, yaml12),
                "{text}"
            );
            assert!(!k8s.agrees_with(yaml12));
        }
        for same in [
            "true", "80", "0x1F", "0o17", "1.5", "~", "08", "name", ".inf",
        ] {
            assert!(
                kubernetes_reading(same).agrees_with(yaml12_reading(same)),
                "{same}"
            );
        }
    }

    #[test]
    fn timestamps_as_go_parses_them() {
        for ok in [
            "2001-12-14",
            "2024-2-29",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14T21:59:43Z",
            "2001-12-14 21:59:43.10",
        ] {
            assert!(is_go_timestamp(ok), "{ok}");
        }
        for not in [
            "2024-13-45",
            "2023-2-29",
            "2001-12-14 21:59:43Z",
            "2001-12-14T21:59:43",
            "190:20:30",
        ] {
            assert!(!is_go_timestamp(not), "{not}");
        }
    }

    #[test]
    fn base_60_numbers() {
        assert_eq!(sexagesimal("1:30"), Some(90.0));
        assert_eq!(sexagesimal("-1:30:00.5"), Some(-5400.5));
        assert_eq!(sexagesimal("190:20:30"), Some(685230.0));
        for not in ["1:60", "01:30", "1:", ":30", "a:30", "12:30:1x", "8080"] {
            assert_eq!(sexagesimal(not), None, "{not}");
        }
    }
}
