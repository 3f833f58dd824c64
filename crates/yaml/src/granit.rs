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
/// - a chunk may not start with a `...` document end marker, and reading stops at the first
///   one, whatever follows it on its line;
/// - a line may not start with a tab, nor hold one right after a block sequence's `-`, unless
///   inside a quoted scalar or a flow collection (or, after a `-`, a block scalar): go-yaml's
///   scanner takes such a tab for indentation (even before a comment, or on a blank line).
pub(crate) fn parse_with_granit(
    text: &str,
    first_line: u32,
    limits: &Limits,
) -> Result<Option<Document>, DocumentError> {
    let original = first_document(text);
    let mut text = Cow::Borrowed(original);
    // Nearly every chunk needs no correction: what the corrections may cost is worked out only
    // once one is asked for.
    let mut rounds = None;
    let mut corrected = 0;
    // The text before the last round, when that round indented several continuation lines.
    let mut before_batch: Option<(String, Vec<usize>)> = None;
    loop {
        let correction = match parse_granit_once(&text, original, first_line, limits) {
            Ok(document) => return Ok(document),
            Err(Reparse::Failed(error)) => return Err(error),
            Err(Reparse::Correct(correction)) => correction,
        };
        let rounds = *rounds.get_or_insert_with(|| affordable_rounds(original));
        if corrected == rounds {
            return Err(DocumentError::new(
                ErrorKind::Syntax,
                Position {
                    line: first_line,
                    column: 1,
                },
                format!(
                    "the document needs more than {rounds} corrections (of indentation or tabs \
                     inside quoted scalars, or of flow scalars ending in `:`) to be read as \
                     Kubernetes reads it"
                ),
            ));
        }
        corrected += 1;
        let batch = before_batch.take();
        text = Cow::Owned(match correction {
            Correction::QuotedIndentation(line) => {
                let text = redo_batch(batch, line).map_or(text, Cow::Owned);
                let lines = under_indented_continuations(&text, line);
                let indented = indent_lines(&text, &lines);
                if lines.len() > 1 {
                    before_batch = Some((text.into_owned(), lines));
                }
                indented
            }
            Correction::TabIndentation(line) => tabs_to_spaces(&text, line),
            Correction::FlowScalarColon(start, end) => {
                let scalar = text[start..end].replace('\'', "''");
                format!("{}'{scalar}'{}", &text[..start], &text[end..])
            }
        });
    }
}

/// When a line indented with others in the last round (`batch`: the text before, the lines)
/// is refused again, its block's indentation being deeper than any line before it, the lines
/// after it were indented before their turn, by too little: the text as rounds of one line each
/// would have left it, that line's turn next.
fn redo_batch(batch: Option<(String, Vec<usize>)>, refused: usize) -> Option<String> {
    let (before, lines) = batch?;
    let i = lines.iter().position(|&l| l == refused)?;
    (i + 1 < lines.len()).then(|| indent_lines(&before, &lines[..=i]))
}

/// How many correction rounds a chunk may have. Each round indents a line or quotes a scalar
/// that ends in `:`: a chunk has only so many. Each round also parses the whole chunk again, so
/// the rounds are bounded by the bytes they may parse in all: otherwise a chunk of many such
/// lines would take quadratic time.
fn affordable_rounds(text: &str) -> usize {
    let needed = 2 * text.lines().count() + text.matches(':').count();
    let affordable = (REPARSE_BUDGET / text.len().max(1)).max(MIN_REPARSE_ROUNDS);
    needed.min(affordable)
}

/// How many bytes the correction rounds of one chunk may parse in all.
const REPARSE_BUDGET: usize = 2 << 20;
/// Rounds every chunk may have, however large.
const MIN_REPARSE_ROUNDS: usize = 16;

enum Reparse {
    /// The chunk reads as go-yaml reads it once corrected so, and parsed again.
    Correct(Correction),
    Failed(DocumentError),
}

enum Correction {
    /// A quoted scalar's continuation on this line (0-based, in the chunk) is indented too little.
    QuotedIndentation(usize),
    /// A tab starts this line (0-based); inside a quoted scalar go-yaml takes it for white space.
    TabIndentation(usize),
    /// The plain scalar at these byte offsets, `:` included, is one string for go-yaml.
    FlowScalarColon(usize, usize),
}

/// `text` with each of `lines` (0-based, ascending) indented past every line before it, as
/// many rounds of one line each would have left it.
fn indent_lines(text: &str, lines: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut deepest = 0;
    let mut next = lines.iter().copied().peekable();
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let own = leading_spaces(l);
        if next.next_if_eq(&i).is_some() {
            out.extend(std::iter::repeat_n(' ', deepest + 1));
            deepest += 1 + own;
        } else {
            deepest = deepest.max(own);
        }
        out.push_str(l);
    }
    out
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Line `first` (0-based), a quoted scalar's continuation that granit finds indented too
/// little, and the continuation lines after it that granit is sure to find so in turn, once
/// the ones before are indented: one round for them all rather than a parse each.
///
/// Granit checks a continuation line after a line break (not an escaped one) against the
/// enclosing block's indentation, unless it starts with the closing quote. That indentation is
/// not known here, only that `first`'s is no deeper: lines indented no deeper than `first` are
/// sure to be refused. Whether the scalar is single- or double-quoted is not known either, so
/// the lines are followed only while no quote and no escaped line break can end the scalar or
/// change how the next line is checked. Where that is unsure, the lines are left to later
/// rounds, which find the same lines in the same order: the text comes out the same.
fn under_indented_continuations(text: &str, first: usize) -> Vec<usize> {
    let mut found = vec![first];
    // A lone CR breaks a line for granit but not here: line numbers would not agree.
    if memchr::memchr_iter(b'\r', text.as_bytes())
        .any(|at| text.as_bytes().get(at + 1) != Some(&b'\n'))
    {
        return found;
    }
    let mut lines = text.split('\n').enumerate().skip(first);
    let Some((_, line)) = lines.next() else {
        return found;
    };
    let bound = leading_spaces(line);
    if line[bound..].starts_with('\t') {
        return found;
    }
    let mut scalar_goes_on = goes_on_unchanged(line);
    for (i, line) in lines {
        if !scalar_goes_on {
            break;
        }
        let indent = leading_spaces(line);
        let content = line[indent..].trim_end_matches('\r');
        // A tab in a continuation line's indentation may be refused as such.
        if content.starts_with('\t') {
            break;
        }
        if content.is_empty() {
            continue;
        }
        if content.starts_with(['\'', '"']) || indent > bound {
            break;
        }
        found.push(i);
        scalar_goes_on = goes_on_unchanged(line);
    }
    found
}

/// Whether a quoted scalar that does not end before `line` goes on past its end, to a line
/// granit checks, whichever quote it was opened with: no quote on the line, and no escaped
/// line break (`\` last on the line).
fn goes_on_unchanged(line: &str) -> bool {
    !line.contains(['\'', '"']) && !line.trim_end_matches('\r').ends_with('\\')
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
                return Reparse::Correct(Correction::QuotedIndentation(m.line() - 1));
            }
            // Whether that tab may stay is for `LeadingTabs` to say, on the original text.
            if info.contains("tab cannot be used as indentation")
                && text
                    .split('\n')
                    .nth(m.line() - 1)
                    .is_some_and(|l| l.starts_with('\t'))
            {
                return Reparse::Correct(Correction::TabIndentation(m.line() - 1));
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
            && text.get(start..end + 1).is_some()
        {
            return Err(Reparse::Correct(Correction::FlowScalarColon(
                start,
                end + 1,
            )));
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
            "a tab at the start of a line or after `-`: Kubernetes' YAML reader takes it for \
             indentation, which must be spaces",
        ));
    }
    Ok(builder.finish())
}

/// The lines of a chunk where go-yaml's scanner meets a tab while it looks for the next token
/// (at the start of a line, or right after a block sequence's `-`), and the stretches where
/// such a tab is part of a scalar or a flow collection instead.
struct LeadingTabs {
    /// 1-based lines whose indentation holds a tab (a tab first, or spaces then a tab before
    /// content other than a comment); nearly always none, and then nothing is tracked.
    leading: Vec<usize>,
    /// 1-based lines with a tab in the white space after a block sequence's `-`.
    after_dash: Vec<usize>,
    /// Lines after `.0` up to `.1` (1-based) inside quoted scalars and flow collections.
    allowed: Vec<(usize, usize)>,
    /// The same for block scalars, whose content may hold tabs after its indentation.
    blocks: Vec<(usize, usize)>,
    /// Start lines of the open flow collections.
    open_flows: Vec<usize>,
    /// 1-based lines that start with a tab.
    tab_first: Vec<usize>,
}

impl LeadingTabs {
    fn new(text: &str) -> LeadingTabs {
        let mut tabs = LeadingTabs {
            leading: Vec::new(),
            after_dash: Vec::new(),
            allowed: Vec::new(),
            blocks: Vec::new(),
            open_flows: Vec::new(),
            tab_first: Vec::new(),
        };
        if memchr::memchr(b'\t', text.as_bytes()).is_none() {
            return tabs;
        }
        // Whether the last line with content ended with `key:`, so that go-yaml looks for the
        // next token from the start of the following lines.
        let mut after_key = false;
        for (i, line) in text.split('\n').enumerate() {
            let content = line.trim_start_matches([' ', '\t']);
            let indentation = &line[..line.len() - content.len()];
            // After spaces, a tab on a blank or comment line may belong to a plain scalar that
            // go-yaml is still reading, where it is allowed: only lines after `key:` are sure.
            let blank = content.trim_end().is_empty() || content.starts_with('#');
            if !blank {
                after_key = content.trim_end().ends_with(':');
            }
            if line.starts_with('\t') {
                tabs.tab_first.push(i + 1);
            }
            if line.starts_with('\t') || (indentation.contains('\t') && (!blank || after_key)) {
                tabs.leading.push(i + 1);
            } else if tab_after_dash(line) {
                tabs.after_dash.push(i + 1);
            }
        }
        tabs
    }

    fn see(&mut self, event: &Event<'_>, span: &Span, text: &str) {
        if self.leading.is_empty() && self.after_dash.is_empty() {
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
            // The span may start at the first content line: count that line in.
            (Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..), _) => {
                self.blocks.push((span.start.line() - 1, span.end.line()));
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

    fn starts_with_tab(&self, line: usize) -> bool {
        self.tab_first.binary_search(&line).is_ok()
    }

    /// The first line whose tab go-yaml refuses: a tab first on a line is refused in a block
    /// scalar too, a tab after spaces is content there.
    fn refused(&self) -> Option<usize> {
        let inside = |ranges: &[(usize, usize)], line: usize| {
            ranges
                .iter()
                .any(|&(start, end)| start < line && line <= end)
        };
        let in_block = |line: usize| inside(&self.blocks, line);
        let leading = self.leading.iter().copied().find(|&line| {
            !inside(&self.allowed, line) && (!in_block(line) || self.starts_with_tab(line))
        });
        let after_dash = self
            .after_dash
            .iter()
            .copied()
            .find(|&line| !inside(&self.allowed, line) && !in_block(line));
        leading.into_iter().chain(after_dash).min()
    }
}

/// Whether, after a line's indentation, a block sequence's `-` is followed by white space that
/// holds a tab (`- \tx`, `-\tx`).
fn tab_after_dash(line: &str) -> bool {
    let mut rest = line.trim_start_matches(' ');
    while let Some(after) = rest.strip_prefix('-') {
        let blank = after.len() - after.trim_start_matches([' ', '\t']).len();
        if blank == 0 {
            return false;
        }
        if after[..blank].contains('\t') {
            return true;
        }
        rest = &after[blank..];
    }
    false
}

/// `text` up to the `...` marker that ends its first document: go-yaml reads no further, so
/// what follows on that line or after it is no concern (granit refuses content on the line).
fn first_document(text: &str) -> &str {
    // Lines that start with `...` are rare: only they are looked at, and the lines before the
    // first one. Every such line is content, so only the first needs the lines before it.
    let line_starts = std::iter::once(0)
        .filter(|_| text.starts_with("..."))
        .chain(memchr::memmem::find_iter(text.as_bytes(), b"\n...").map(|at| at + 1));
    let mut content_seen = None;
    for start in line_starts {
        let rest = &text[start + 3..];
        let is_end = rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']);
        if is_end && *content_seen.get_or_insert_with(|| has_content(&text[..start])) {
            return &text[..start];
        }
        content_seen = Some(true);
    }
    text
}

/// Whether any line of `text` holds more than white space and comments.
fn has_content(text: &str) -> bool {
    text.split_inclusive('\n').any(|line| {
        let trimmed = line.trim_start();
        !(trimmed.is_empty() || trimmed.starts_with('#'))
    })
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
