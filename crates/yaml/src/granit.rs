//! The complete YAML path: granit-parser's events, corrected to go-yaml where the two disagree
//! on what is well-formed, built into a [`Document`] by the same [`Builder`] as the fast path.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span};

use crate::build::{Builder, Flow, Limits, too_deep};
use crate::error::{DocumentError, ErrorKind};
use crate::tree::{Document, Position};

/// Parses a chunk's text with granit-parser: the complete YAML path, and the reference the fast
/// path (`crate::fast`) must agree with.
///
/// Where granit, a YAML 1.2 parser, and go-yaml (libyaml's YAML 1.1 scanner) disagree on what is
/// well-formed, go-yaml's answer is given:
/// - a quoted scalar's continuation lines may be indented no more than its key: go-yaml checks
///   no indentation there, and since a continuation line's leading white space is not part of
///   the value, such lines are indented further and the chunk parsed again;
/// - `\/` is no escape in go-yaml's double-quoted scalars;
/// - a chunk may not start with a `...` document end marker;
/// - a line may not start with a tab, unless inside a quoted scalar or a flow collection:
///   go-yaml's scanner takes it for indentation (even before a comment, or on a blank line).
pub(crate) fn parse_with_granit(
    text: &str,
    first_line: u32,
    limits: &Limits,
) -> Result<Option<Document>, DocumentError> {
    let original = text;
    let mut text = Cow::Borrowed(text);
    // Each round indents a line or quotes a scalar that ends in `:`: a chunk has only so many.
    let rounds = 2 * text.lines().count() + text.matches(':').count();
    for _ in 0..=rounds {
        match parse_granit_once(&text, original, first_line, limits) {
            Err(Reparse::QuotedIndentation(line)) => {
                text = Cow::Owned(indent_line(&text, line));
            }
            Err(Reparse::TabIndentation(line)) => {
                text = Cow::Owned(tabs_to_spaces(&text, line));
            }
            Err(Reparse::FlowScalarColon(start, end)) => {
                let scalar = text[start..end].replace('\'', "''");
                text = Cow::Owned(format!("{}'{scalar}'{}", &text[..start], &text[end..]));
            }
            Err(Reparse::Failed(error)) => return Err(error),
            Ok(document) => return Ok(document),
        }
    }
    Err(DocumentError::new(
        ErrorKind::Syntax,
        Position {
            line: first_line,
            column: 1,
        },
        "the document cannot be read as Kubernetes reads it".into(),
    ))
}

enum Reparse {
    /// A quoted scalar's continuation on this line (0-based, in the chunk) is indented too little.
    QuotedIndentation(usize),
    /// A tab starts this line (0-based); inside a quoted scalar go-yaml takes it for white space.
    TabIndentation(usize),
    /// The plain scalar at these byte offsets, `:` included, is one string for go-yaml.
    FlowScalarColon(usize, usize),
    Failed(DocumentError),
}

/// `text` with line `line` (0-based) indented past every line before it.
fn indent_line(text: &str, line: usize) -> String {
    let deepest = text
        .split('\n')
        .take(line)
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .max()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len() + deepest + 1);
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i == line {
            out.extend(std::iter::repeat_n(' ', deepest + 1));
        }
        out.push_str(l);
    }
    out
}

/// `text` with the tabs that start line `line` (0-based) turned into spaces.
fn tabs_to_spaces(text: &str, line: usize) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i == line {
                let tabs = l.len() - l.trim_start_matches('\t').len();
                Cow::Owned(" ".repeat(tabs) + &l[tabs..])
            } else {
                Cow::Borrowed(l)
            }
        })
        .collect()
}

/// One granit pass over `text`, a rewrite of the chunk's `original` text that keeps its lines.
fn parse_granit_once(
    text: &str,
    original: &str,
    first_line: u32,
    limits: &Limits,
) -> Result<Option<Document>, Reparse> {
    let at = |line: u32, column: u32| Position {
        line: first_line + line - 1,
        column,
    };
    let fail = |position: Position, message: &str| {
        Reparse::Failed(DocumentError::new(
            ErrorKind::Syntax,
            position,
            message.into(),
        ))
    };
    if let Some(line) = leading_document_end(text) {
        return Err(fail(
            at(line, 1),
            "a `...` document end marker before any content",
        ));
    }
    let options = granit_parser::options! {
        block_nesting_limit: limits.max_depth,
        flow_nesting_limit: limits.max_depth,
    };
    let mut builder = Builder::new(text.len(), first_line, limits);
    let mut tabs = LeadingTabs::new(original);
    for event in Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.map_err(|e| {
            let m = e.marker();
            let info = e.info();
            if info.contains("invalid indentation in multiline quoted scalar") {
                return Reparse::QuotedIndentation(m.line() - 1);
            }
            // Whether that tab may stay is for `LeadingTabs` to say, on the original text.
            if info.contains("tab cannot be used as indentation")
                && text
                    .split('\n')
                    .nth(m.line() - 1)
                    .is_some_and(|l| l.starts_with('\t'))
            {
                return Reparse::TabIndentation(m.line() - 1);
            }
            let position = at(m.line() as u32, m.col() as u32 + 1);
            if info.contains("recursion limit exceeded") {
                return Reparse::Failed(too_deep(position, limits));
            }
            fail(position, &info)
        })?;
        if let (Event::Scalar(_, ScalarStyle::Plain, ..), Some(start), Some(end)) =
            (&event, span.start.byte_offset(), span.end.byte_offset())
            && matches!(
                text.as_bytes().get(end..end + 2),
                Some([b':', b',' | b']' | b'}'])
            )
        {
            return Err(Reparse::FlowScalarColon(start, end + 1));
        }
        if let Event::Scalar(_, ScalarStyle::DoubleQuoted, ..) = &event {
            let source = span
                .start
                .byte_offset()
                .zip(span.end.byte_offset())
                .and_then(|(start, end)| text.get(start..end))
                .unwrap_or_default();
            if has_slash_escape(source) {
                return Err(fail(
                    builder.position(&span),
                    "`\\/` is not an escape sequence Kubernetes' YAML reader knows",
                ));
            }
        }
        tabs.see(&event, &span, text);
        if builder.push(event, span).map_err(Reparse::Failed)? == Flow::Done {
            break;
        }
    }
    if let Some(line) = tabs.refused() {
        return Err(fail(
            at(line as u32, 1),
            "a tab at the start of a line: Kubernetes' YAML reader takes it for indentation, \
             which must be spaces",
        ));
    }
    Ok(builder.finish())
}

/// The lines of a chunk that start with a tab, and the stretches where go-yaml allows that:
/// the continuation lines of quoted scalars and the lines inside flow collections.
struct LeadingTabs {
    /// 1-based lines starting with a tab; nearly always none, and then nothing is tracked.
    lines: Vec<usize>,
    /// Lines after `.0` up to `.1` (1-based) where a leading tab is allowed.
    allowed: Vec<(usize, usize)>,
    /// Start lines of the open flow collections.
    open_flows: Vec<usize>,
}

impl LeadingTabs {
    fn new(text: &str) -> LeadingTabs {
        let lines = if text.starts_with('\t') || text.contains("\n\t") {
            text.split('\n')
                .enumerate()
                .filter(|(_, line)| line.starts_with('\t'))
                .map(|(i, _)| i + 1)
                .collect()
        } else {
            Vec::new()
        };
        LeadingTabs {
            lines,
            allowed: Vec::new(),
            open_flows: Vec::new(),
        }
    }

    fn see(&mut self, event: &Event<'_>, span: &Span, text: &str) {
        if self.lines.is_empty() {
            return;
        }
        let first_char = span
            .start
            .byte_offset()
            .and_then(|at| text.as_bytes().get(at))
            .copied();
        match (event, first_char) {
            (Event::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, ..), _) => {
                self.allowed.push((span.start.line(), span.end.line()));
            }
            (Event::SequenceStart(..) | Event::MappingStart(..), Some(b'[' | b'{')) => {
                self.open_flows.push(span.start.line());
            }
            (Event::SequenceEnd | Event::MappingEnd, Some(b']' | b'}')) => {
                if let Some(start) = self.open_flows.pop() {
                    self.allowed.push((start, span.end.line()));
                }
            }
            _ => {}
        }
    }

    /// The first line whose leading tab go-yaml refuses.
    fn refused(&self) -> Option<usize> {
        self.lines.iter().copied().find(|&line| {
            !self
                .allowed
                .iter()
                .any(|&(start, end)| start < line && line <= end)
        })
    }
}

/// The 1-based line of a `...` marker that comes before any content of the chunk.
fn leading_document_end(text: &str) -> Option<u32> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let rest = line.strip_prefix("...")?;
        return (rest.is_empty() || rest.starts_with([' ', '\t', '\r'])).then_some(i as u32 + 1);
    }
    None
}

/// Whether a double-quoted scalar's source holds the escape `\/`.
fn has_slash_escape(source: &str) -> bool {
    let mut bytes = source.bytes();
    while let Some(b) = bytes.next() {
        if b == b'\\' && bytes.next() == Some(b'/') {
            return true;
        }
    }
    false
}
