//! YAML text that every YAML tool reads the way Kubernetes reads the source: block style, keys in
//! the tree's order, and strings quoted whenever Kubernetes (YAML 1.1 as go-yaml applies it), a
//! YAML 1.2 tool or a YAML 1.1 tool could read them as anything but that string (`"yes"`,
//! `"0755"`, `"1:30"`, `"2024-01-01"`, `"~"`). Multi-line strings are literal blocks when that
//! keeps them exact, else double-quoted, with every character YAML does not print escaped.

use crate::json;
use crate::reading::{Reading, kubernetes_reading, sexagesimal, yaml12_reading};
use crate::resolve;
use crate::tree::{Kind, NodeRef, NotJson};

/// Appends `node` as a YAML document body (no `---`) to `out`.
pub(crate) fn write(node: NodeRef<'_>, out: &mut String) -> Result<(), NotJson> {
    match node.kind() {
        Kind::Map if !node.is_empty() => map(node, 0, false, out),
        Kind::Seq if !node.is_empty() => seq(node, 0, out),
        Kind::Str => {
            string(node.text().unwrap_or_default(), None, out);
            out.push('\n');
            Ok(())
        }
        _ => {
            scalar_or_empty(node, 0, out)?;
            out.push('\n');
            Ok(())
        }
    }
}

fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// The entries of a non-empty mapping, one per line at `indent`; the first line's indentation is
/// already written when `inline` (a mapping that is a sequence item: `- key: value`).
fn map(node: NodeRef<'_>, indent: usize, inline: bool, out: &mut String) -> Result<(), NotJson> {
    for (i, (key, value)) in node.entries().enumerate() {
        if i > 0 || !inline {
            pad(indent, out);
        }
        string(key.text().unwrap_or_default(), None, out);
        out.push(':');
        after_indicator(value, indent, out)?;
    }
    Ok(())
}

/// The items of a non-empty sequence, one `- ` per item at `indent`.
fn seq(node: NodeRef<'_>, indent: usize, out: &mut String) -> Result<(), NotJson> {
    for item in node.items() {
        pad(indent, out);
        out.push('-');
        match item.kind() {
            Kind::Map if !item.is_empty() => {
                out.push(' ');
                map(item, indent + 2, true, out)?;
            }
            _ => after_indicator(item, indent, out)?,
        }
    }
    Ok(())
}

/// A value after `key:` or `-` of a collection at `indent`, through the end of its last line.
fn after_indicator(value: NodeRef<'_>, indent: usize, out: &mut String) -> Result<(), NotJson> {
    match value.kind() {
        Kind::Map if !value.is_empty() => {
            out.push('\n');
            map(value, indent + 2, false, out)
        }
        Kind::Seq if !value.is_empty() => {
            out.push('\n');
            seq(value, indent + 2, out)
        }
        _ => {
            out.push(' ');
            scalar_or_empty(value, indent + 2, out)?;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            Ok(())
        }
    }
}

/// A scalar, `{}` or `[]`; a literal block's lines are indented by `indent`.
fn scalar_or_empty(node: NodeRef<'_>, indent: usize, out: &mut String) -> Result<(), NotJson> {
    match node.kind() {
        Kind::Map => out.push_str("{}"),
        Kind::Seq => out.push_str("[]"),
        Kind::Str => string(node.text().unwrap_or_default(), Some(indent), out),
        Kind::Null | Kind::Bool | Kind::Int => json::write_scalar(node, out)?,
        Kind::Float => {
            let start = out.len();
            json::write_scalar(node, out)?;
            // YAML 1.1 floats need a `.` (`1e+21` is a string there, `1` an integer).
            if !out[start..].contains('.') {
                let at = out[start..].find('e').map_or(out.len(), |e| start + e);
                out.insert_str(at, ".0");
            }
        }
    }
    Ok(())
}

/// A string: plain when every reading agrees that it is this string, a literal block for
/// multi-line text (when `block_indent` allows one), else double-quoted.
fn string(text: &str, block_indent: Option<usize>, out: &mut String) {
    if plain_is_safe(text) {
        out.push_str(text);
    } else if let Some(indent) = block_indent.filter(|_| literal_is_exact(text)) {
        literal(text, indent, out);
    } else {
        double_quoted(text, out);
    }
}

/// A double-quoted scalar: characters outside YAML's printable set (controls, DEL, C1, the
/// line and paragraph separators, U+FEFF, U+FFFE/U+FFFF) as escapes, since YAML 1.1 readers
/// refuse them raw or take them for line breaks.
fn double_quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether `text` written plain reads back as this string in every YAML tool: a conservative
/// character set that needs no quoting, and no reading as null, boolean, number or timestamp
/// under Kubernetes', YAML 1.2's or YAML 1.1's rules.
fn plain_is_safe(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let first_ok =
        first.is_ascii_alphanumeric() || matches!(first, b'/' | b'_' | b'.') || first >= 0x80;
    let chars_ok = text.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '_'
                    | '.'
                    | '/'
                    | ':'
                    | '@'
                    | '+'
                    | '='
                    | '('
                    | ')'
                    | ','
                    | ' '
                    | '$'
                    | '^'
                    | '~'
                    | ';'
            )
            || (c as u32 >= 0xa0
                && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
                && !c.is_whitespace())
    });
    first_ok
        && chars_ok
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && text != "="
        && kubernetes_reading(text) == Reading::Str
        && yaml12_reading(text) == Reading::Str
        && sexagesimal(text).is_none()
        && !resolve::is_timestamp(text)
}

/// Whether a literal block keeps `text` exactly: several lines of printable text.
fn literal_is_exact(text: &str) -> bool {
    text.contains('\n')
        && !text.starts_with('\n')
        && text.chars().all(|c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
        })
        && !text
            .split('\n')
            .any(|line| line.ends_with([' ', '\t']) && line.trim().is_empty())
}

/// `text` as a literal block scalar whose lines are indented by `indent`.
fn literal(text: &str, indent: usize, out: &mut String) {
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    out.push('|');
    if body.starts_with([' ', '\t']) {
        // Auto-detection would take leading spaces for indentation, and go-yaml refuses a tab
        // where it looks for it.
        out.push('2');
    }
    out.push(match trailing {
        0 => '-',
        1 => ' ',
        _ => '+',
    });
    if out.ends_with(' ') {
        out.pop();
    }
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            pad(indent, out);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use crate::{Limits, parse_stream};

    fn round_trip(src: &str) -> (String, String, String) {
        let parse = |text: &str| {
            parse_stream(text.as_bytes(), &Limits::default())
                .remove(0)
                .unwrap()
                .unwrap()
        };
        let doc = parse(src);
        let yaml = doc.root().to_yaml().unwrap();
        let again = parse(&yaml);
        (
            doc.root().to_json().unwrap(),
            again.root().to_json().unwrap(),
            yaml,
        )
    }

    #[test]
    fn output_reads_back_the_same() {
        for src in [
            "a: 'yes'\nb: yes\nc: '0755'\nd: 0755\ne: '1:30'\nf: '2024-01-01'\ng: '~'\nh: ''\n",
            "list:\n- name: x\n  args: ['-c', 'echo a: b', '#x']\n- []\n- {}\n- - 1\n  - 2.5\n- ~\n",
            "s: |\n  line one\n    indented\n\n  last\nt: |-\n  no end\nu: |+\n  kept\n\n",
            "t: \"\\tx\\ny\"\ns: \"  x\\ny\"\n",
            "v: \"  lead\\nx\"\nw: \"tab\\tcr\\r\\x7f\\x85\\u2028\\0\"\nx: 1e21\ny: 1.0\nz: -0.0\n",
            "'key: colon': 1\n'': empty\n'y': key\n",
        ] {
            let (before, after, yaml) = round_trip(src);
            assert_eq!(before, after, "{yaml}");
        }
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        let (_, _, yaml) = round_trip("a: 'on'\nb: '1_000'\nc: plain text\nd: nginx:1.27\n");
        assert_eq!(
            yaml,
            "a: \"on\"\nb: \"1_000\"\nc: plain text\nd: nginx:1.27\n"
        );
    }
}
