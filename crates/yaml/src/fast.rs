//! A fast path for the subset of YAML that nearly all Kubernetes manifests use.
//!
//! [`parse`] is a hand-written, single-pass, line-oriented tokenizer. It does not build trees
//! itself: it drives the same [`Builder`] as the granit-parser path, feeding it the event
//! sequence granit would produce for the chunk (same scalar texts and styles, same positions), so
//! scalar resolution, key conversion, duplicate keys, interning and limits are shared code.
//!
//! The moment it meets anything outside its subset it gives up and returns `None`, and
//! [`crate::parse_document`] parses the chunk again with granit. It also gives up whenever the
//! builder reports an error, so every error message comes from the granit path: granit may meet
//! a syntax error before the point where the builder would fail, and only it knows which comes
//! first.
//!
//! The subset (anything else is refused):
//! - block mappings and sequences indented with spaces, including `- key: value` compact
//!   mappings, `- - x` nested sequences, and sequences at their parent key's indentation;
//! - one-line plain, single-quoted and double-quoted (escapes `\\ \" \n \t \ `) scalars as keys
//!   and values;
//! - quoted values and items spanning lines (with the same escapes, and escaped line breaks),
//!   their continuation lines indented deeper than the enclosing block collection;
//! - literal and folded block scalars with any chomping indicator but no indentation indicator,
//!   with at least one non-empty line, ended by a line break;
//! - one-line, non-nested flow sequences and mappings of one-line scalars (`[a, "b"]`, `{x: 1}`);
//! - comments, blank lines, `\r\n` line breaks.
//!
//! Refused: tabs, lone `\r`, other control characters, line-break-like and BOM code points,
//! anchors, aliases, tags, `<<` merge keys, `?` explicit keys, directives, document markers,
//! multi-line keys, scalar roots, a value on the line after its key or dash.
//!
//! Where granit puts events (checked by the differential tests):
//! - a scalar, a block collection, and a flow collection start where their first character is
//!   (the quote, the first key, the first `-`, the bracket);
//! - a block scalar's event is at its first non-empty content line, at the content indentation;
//! - an empty value (`key:`) is a plain `~` at the `:`; an empty item (`-`) is a plain `~` at the
//!   end of the dash's line (after trailing spaces and comment, before the line break);
//! - a sequence at its parent key's indentation ("indentless") starts where its first item's
//!   first token is: the content after the first `-`, or the end of that line when it is empty.

use std::borrow::Cow;
use std::cell::Cell;

use crate::build::{Builder, Limits};
use crate::tree::{Document, Kind, Position, Style};

/// Parses `text` (one chunk starting at stream line `first_line`), or returns `None` when the
/// chunk uses YAML outside the fast path's subset or holds an error.
pub(crate) fn parse(text: &str, first_line: u32, limits: &Limits) -> Option<Option<Document>> {
    let ScannerBuffers { stack, scratch } = BUFFERS.take();
    let mut scanner = Scanner {
        src: text.as_bytes(),
        text,
        next: 0,
        line_no: 0,
        given_back: None,
        peeked_content: (usize::MAX, 0),
        builder: Builder::new(text.len(), first_line, limits),
        line_offset: first_line - 1,
        stack,
        pending: Pending::None,
        root_started: false,
        max_depth: limits.max_depth,
        scratch,
    };
    let parsed = scanner.run();
    let Scanner {
        mut stack,
        scratch,
        builder,
        ..
    } = scanner;
    stack.clear();
    BUFFERS.set(ScannerBuffers { stack, scratch });
    parsed?;
    Some(builder.finish())
}

/// The scanner's stack and scratch text, kept from one document to the next on each thread (like
/// the builder's buffers): allocating them for every document, and growing the scratch text
/// for the first block scalar of each, cost more than keeping them.
#[derive(Default)]
struct ScannerBuffers {
    stack: Vec<Open>,
    scratch: String,
}

impl ScannerBuffers {
    const fn new() -> Self {
        ScannerBuffers {
            stack: Vec::new(),
            scratch: String::new(),
        }
    }
}

thread_local! {
    static BUFFERS: Cell<ScannerBuffers> = const { Cell::new(ScannerBuffers::new()) };
}

/// One physical line of the chunk.
#[derive(Clone, Copy)]
struct Line {
    /// 1-based line number inside the chunk.
    no: u32,
    /// Byte offset of the line's first byte.
    start: usize,
    /// Byte offset just past its content (before `\n` or `\r\n`).
    end: usize,
    /// Whether a line break ends the line (false only for a last line at the end of the chunk).
    has_break: bool,
    /// Every byte is ASCII, so columns are byte offsets.
    ascii: bool,
}

/// An open block collection, and the column (0-based) of its keys or dashes.
#[derive(Clone, Copy)]
struct Open {
    kind: Kind,
    indent: usize,
}

/// A node announced at the end of a line (`key:` or `-` with nothing after), whose content may
/// start on a following line.
#[derive(Clone, Copy)]
enum Pending {
    None,
    /// The value of a key of the mapping at `indent`; null at `null_pos` if nothing follows.
    MapValue {
        indent: usize,
        null_pos: Position,
    },
    /// An item of the sequence at `indent`; null at `null_pos` if nothing follows.
    SeqItem {
        indent: usize,
        null_pos: Position,
    },
}

/// A scalar found on a line: its text, style and where it starts and ends.
struct Scalar<'a> {
    value: Cow<'a, str>,
    /// Plain or quoted.
    style: Style,
    /// Offset of its first byte (the quote for quoted scalars).
    start: usize,
    /// Offset just past it (past the closing quote; past trailing content for plain scalars).
    end: usize,
    /// Offset of the first byte after it that is not a space (the end of the line if none):
    /// found while reading it, so that what follows (`:`, a comment) needs no second scan.
    after: usize,
}

struct Scanner<'a, 'l> {
    src: &'a [u8],
    /// The same bytes as text; scalars are cut from it at ASCII delimiters.
    text: &'a str,
    /// Offset of the first line not scanned yet.
    next: usize,
    /// Number of the last line scanned.
    line_no: u32,
    /// A line scanned ahead and given back (see [`Scanner::unread`]), which the next
    /// `next_line` returns.
    given_back: Option<Line>,
    /// `(start, content)`: where the line starting at `start` has its first byte that is not a
    /// space, as [`Scanner::next_line_is_less_indented`] found it, so that `run` does not measure
    /// the indentation of the line after nearly every value a second time.
    peeked_content: (usize, usize),
    builder: Builder<'l>,
    line_offset: u32,
    stack: Vec<Open>,
    pending: Pending,
    root_started: bool,
    max_depth: usize,
    scratch: String,
}

fn is_space_or_end(line: &[u8], i: usize, end: usize) -> bool {
    i >= end || line[i] == b' '
}

impl<'a> Scanner<'a, '_> {
    // ----- lines and positions -----

    /// Reads the next line; `Some(None)` at the end of the chunk, `None` on bytes the fast path
    /// refuses: tabs, control characters, a `\r` not followed by `\n`.
    // Inlined: the line comes back in registers rather than copied through memory.
    #[inline(always)]
    fn next_line(&mut self) -> Option<Option<Line>> {
        if let Some(line) = self.given_back.take() {
            return Some(Some(line));
        }
        let src = self.src;
        if self.next >= src.len() {
            return Some(None);
        }
        let start = self.next;
        let mut i = start;
        let mut ascii = true;
        let (end, next, has_break) = loop {
            while let Some(word) = src[i..].first_chunk() {
                let others = not_printable_ascii(u64::from_le_bytes(*word));
                if others != 0 {
                    // Straight to the line break (or other byte), not byte by byte.
                    i += (others.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            if i == src.len() {
                break (i, i, false);
            }
            let b = src[i];
            if (0x20..0x7f).contains(&b) {
                i += 1;
                continue;
            }
            match b {
                b'\n' => break (i, i + 1, true),
                // YAML 1.2 line breaks: `\r\n` is one break; a lone `\r` is refused.
                b'\r' if src.get(i + 1) == Some(&b'\n') => break (i, i + 2, true),
                0x80.. => {
                    ascii = false;
                    i += 1;
                }
                _ => return None,
            }
        };
        if !ascii && !plain_unicode(&src[start..end]) {
            return None;
        }
        self.next = next;
        self.line_no += 1;
        Some(Some(Line {
            no: self.line_no,
            start,
            end,
            has_break,
            ascii,
        }))
    }

    /// Whether the next line has content indented less than `min_indent`, told by a look at its
    /// indentation without reading the line: then it cannot continue a plain scalar, and the
    /// structure reads it next (refusing what `next_line` would refuse).
    fn next_line_is_less_indented(&mut self, min_indent: usize) -> bool {
        debug_assert!(self.given_back.is_none());
        let c = self.skip_spaces(self.next, self.src.len());
        // Past the spaces is content, or the line's end (a line break, or the end of the chunk).
        self.peeked_content = (self.next, c);
        c - self.next < min_indent && c < self.src.len() && !matches!(self.src[c], b'\n' | b'\r')
    }

    /// Gives back the line just read, after a look at it (does a plain or block scalar go on?),
    /// so that the next `next_line` returns it without scanning its bytes again.
    fn unread(&mut self, line: Line) {
        self.given_back = Some(line);
    }

    /// Position of byte `at` of `line`, in stream coordinates (columns count characters).
    #[inline(always)]
    fn pos(&self, line: &Line, at: usize) -> Position {
        let column = if line.ascii {
            at - line.start
        } else {
            self.char_count(line.start, at)
        };
        Position {
            line: self.line_offset + line.no,
            column: column as u32 + 1,
        }
    }

    /// The number of characters from `start` to `at`, on a line that is not all ASCII (rare).
    #[cold]
    fn char_count(&self, start: usize, at: usize) -> usize {
        self.src[start..at]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count()
    }

    /// Where granit puts an empty `-` item: the end of the line's content.
    fn end_pos(&self, line: &Line) -> Position {
        self.pos(line, line.end)
    }

    /// `text[start..end]`. The scanner cuts text only at line ends and next to ASCII bytes
    /// (delimiters, spaces, quotes), always character boundaries; `split_at`'s two boundary
    /// checks inline, where slicing a `str` calls out of line for every scalar.
    #[inline(always)]
    fn cut(&self, start: usize, end: usize) -> &'a str {
        self.text.split_at(end).0.split_at(start).1
    }

    #[inline(always)]
    fn skip_spaces(&self, mut i: usize, end: usize) -> usize {
        debug_assert!(i <= end);
        // Indentation in nested manifests runs to ten spaces and more: skip eight at a time, the
        // last word too (what lies past `end` is cut off), so no byte-by-byte tail.
        while i < end {
            let others = word_from(self.src, i) ^ repeated(b' ');
            if others != 0 {
                return end.min(i + (others.trailing_zeros() / 8) as usize);
            }
            i += 8;
        }
        end
    }

    /// After a node: only spaces and a comment may follow on the line.
    fn expect_line_end(&self, line: &Line, at: usize) -> Option<()> {
        self.expect_line_end_from(line, at, self.skip_spaces(at, line.end))
    }

    /// [`Self::expect_line_end`] when `after`, the first byte past `at` that is not a space, is
    /// known.
    fn expect_line_end_from(&self, line: &Line, at: usize, after: usize) -> Option<()> {
        // A comment needs white space before its `#`.
        (after == line.end || (self.src[after] == b'#' && after > at)).then_some(())
    }

    // ----- events -----

    #[inline(always)]
    fn key_event(&mut self, key: &Scalar<'_>, pos: Position) -> Option<()> {
        self.builder.fast_scalar(&key.value, key.style, true, pos)
    }

    #[inline(always)]
    fn value_event(&mut self, value: &str, style: Style, pos: Position) -> Option<()> {
        self.builder.fast_scalar(value, style, false, pos)
    }

    fn open(&mut self, kind: Kind, indent: usize, pos: Position) -> Option<()> {
        self.open_event(kind, pos)?;
        self.stack.push(Open { kind, indent });
        Some(())
    }

    fn open_event(&mut self, kind: Kind, pos: Position) -> Option<()> {
        // Stay well inside the depth limit: at the limit, granit's own nesting limit and the
        // builder's decide which error to report.
        if self.stack.len() + 3 > self.max_depth {
            return None;
        }
        self.builder.start_collection(kind, 0, pos).ok()
    }

    fn close(&mut self) -> Option<()> {
        self.stack.pop();
        self.close_event()
    }

    fn close_event(&mut self) -> Option<()> {
        self.builder.fast_end_collection()
    }

    /// Emits the null of a pending `key:` or `-` that turned out to have no content.
    fn flush_pending(&mut self) -> Option<()> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => Some(()),
            Pending::MapValue { null_pos, .. } | Pending::SeqItem { null_pos, .. } => {
                self.value_event("~", Style::Plain, null_pos)
            }
        }
    }

    // ----- structure -----

    fn run(&mut self) -> Option<()> {
        while let Some(line) = self.next_line()? {
            let c = match self.peeked_content {
                (start, content) if start == line.start => content,
                _ => self.skip_spaces(line.start, line.end),
            };
            if c == line.end || self.src[c] == b'#' {
                continue; // blank or comment line
            }
            let rest = &self.src[c..line.end];
            if c == line.start
                && (rest.starts_with(b"---") || rest.starts_with(b"...") || rest[0] == b'%')
            {
                return None; // document markers and directives
            }
            self.content_line(&line, c)?;
        }
        self.flush_pending()?;
        while !self.stack.is_empty() {
            self.close()?;
        }
        // A chunk of comments gives no root (null document); a scalar root is refused above.
        Some(())
    }

    /// Is there a block sequence entry (`-` then space or end of line) at `c`?
    #[inline(always)]
    fn is_dash(&self, line: &Line, c: usize) -> bool {
        self.src[c] == b'-' && is_space_or_end(self.src, c + 1, line.end)
    }

    /// A line whose content starts at `c` (not blank, not a comment).
    fn content_line(&mut self, line: &Line, c: usize) -> Option<()> {
        let indent = c - line.start;
        let dash = self.is_dash(line, c);
        match self.pending {
            Pending::None => {}
            Pending::MapValue { indent: n, .. } | Pending::SeqItem { indent: n, .. }
                if indent > n =>
            {
                // The pending node is a collection starting on this line.
                self.pending = Pending::None;
                return self.nested_collection(line, c, dash);
            }
            Pending::MapValue { indent: n, .. } if indent == n && dash => {
                // `key:` then `- item` at the key's indentation: an "indentless" sequence. Granit
                // starts it at its first item's first token.
                self.pending = Pending::None;
                let after = self.skip_spaces(c + 1, line.end);
                let pos = if after == line.end || self.src[after] == b'#' {
                    self.end_pos(line)
                } else {
                    self.pos(line, after)
                };
                self.open(Kind::Seq, indent, pos)?;
                return self.seq_entry(line, c);
            }
            _ => self.flush_pending()?,
        }
        // Close what this line's indentation ends. An indentless sequence also ends at a line
        // of its parent's indentation that is not a `-` entry.
        while let Some(top) = self.stack.last() {
            if top.indent > indent || (top.indent == indent && top.kind == Kind::Seq && !dash) {
                self.close()?;
            } else {
                break;
            }
        }
        let Some(top) = self.stack.last().copied() else {
            if self.root_started {
                return None; // content after the root collection ended: an error
            }
            self.root_started = true;
            return self.nested_collection(line, c, dash);
        };
        if top.indent != indent {
            return None; // e.g. a continuation line of a multi-line scalar
        }
        match (top.kind, dash) {
            (Kind::Seq, true) => self.seq_entry(line, c),
            (Kind::Map, false) => self.map_entry(line, c),
            _ => None,
        }
    }

    /// A block collection whose first entry starts at `c`: a sequence if there is a dash, else a
    /// mapping (a scalar here, such as the value of `key:` on the next line, is refused).
    fn nested_collection(&mut self, line: &Line, c: usize, dash: bool) -> Option<()> {
        let indent = c - line.start;
        let pos = self.pos(line, c);
        if dash {
            self.open(Kind::Seq, indent, pos)?;
            return self.seq_entry(line, c);
        }
        let (key, colon) = self.key(line, c)?;
        self.open(Kind::Map, indent, pos)?;
        self.key_event(&key, pos)?;
        self.after_colon(line, colon, indent)
    }

    /// An entry of a block mapping whose key starts at `c`.
    fn map_entry(&mut self, line: &Line, c: usize) -> Option<()> {
        let (key, colon) = self.key(line, c)?;
        let pos = self.pos(line, c);
        self.key_event(&key, pos)?;
        self.after_colon(line, colon, c - line.start)
    }

    /// A `-` entry of the innermost sequence; the dash is at `c`.
    fn seq_entry(&mut self, line: &Line, c: usize) -> Option<()> {
        let p = self.skip_spaces(c + 1, line.end);
        if p == line.end || self.src[p] == b'#' {
            self.pending = Pending::SeqItem {
                indent: c - line.start,
                null_pos: self.end_pos(line),
            };
            return Some(());
        }
        if self.is_dash(line, p) {
            // `- - x`: a sequence inside the item.
            let pos = self.pos(line, p);
            self.open(Kind::Seq, p - line.start, pos)?;
            return self.seq_entry(line, p);
        }
        match self.src[p] {
            b'[' | b'{' | b'|' | b'>' => return self.value(line, p),
            _ => {}
        }
        let Some(scalar) = self.scalar(line, p) else {
            return self.multi_line_quoted(line, p);
        };
        if let Some(colon) = self.colon_after(line, &scalar) {
            // `- key: value`: a mapping inside the item, its keys at the column of `key`.
            self.check_key(&scalar, colon)?;
            let pos = self.pos(line, p);
            self.open(Kind::Map, p - line.start, pos)?;
            self.key_event(&scalar, pos)?;
            return self.after_colon(line, colon, p - line.start);
        }
        self.value_scalar(line, p, scalar)
    }

    /// What follows the `:` (at `colon`) of a key of the mapping at `indent`. Inlined into its
    /// three callers: a call per entry costs more than its few compares.
    #[inline(always)]
    fn after_colon(&mut self, line: &Line, colon: usize, indent: usize) -> Option<()> {
        let p = self.skip_spaces(colon + 1, line.end);
        if p == line.end || self.src[p] == b'#' {
            self.pending = Pending::MapValue {
                indent,
                null_pos: self.pos(line, colon),
            };
            return Some(());
        }
        self.value(line, p)
    }

    /// A value starting at `p` on the key's or dash's line: a flow collection, a block scalar or
    /// a one-line scalar, followed by nothing but a comment.
    fn value(&mut self, line: &Line, p: usize) -> Option<()> {
        match self.src[p] {
            b'[' | b'{' => {
                let end = self.flow(line, p)?;
                self.expect_line_end(line, end)
            }
            b'|' | b'>' => self.block_scalar(line, p),
            _ => {
                let Some(scalar) = self.scalar(line, p) else {
                    return self.multi_line_quoted(line, p);
                };
                if self.colon_after(line, &scalar).is_some() {
                    return None; // `a: b: c`, or a compact mapping where none may be
                }
                self.value_scalar(line, p, scalar)
            }
        }
    }

    /// Emits a value scalar that starts at `p`, reading the continuation lines of a multi-line
    /// plain scalar. Inlined into its two callers: a call per value costs more than deciding
    /// whether the next line goes on with it.
    #[inline(always)]
    fn value_scalar(&mut self, line: &Line, p: usize, scalar: Scalar<'a>) -> Option<()> {
        let pos = self.pos(line, p);
        if scalar.style != Style::Plain || scalar.after != line.end {
            self.value_event(&scalar.value, scalar.style, pos)?;
            return self.expect_line_end_from(line, scalar.end, scalar.after);
        }
        let min_indent = self.stack.last().map_or(0, |t| t.indent + 1);
        if self.next_line_is_less_indented(min_indent) {
            // Nearly always so: the next line holds the next key or item.
            return self.value_event(&scalar.value, Style::Plain, pos);
        }
        let mut text = std::mem::take(&mut self.scratch);
        let result = self
            .plain_continuation(&scalar.value, min_indent, &mut text)
            .and_then(|folded| {
                let value = if folded { &text[..] } else { &scalar.value[..] };
                self.value_event(value, Style::Plain, pos)
            });
        self.scratch = text;
        result
    }

    /// Reads the continuation lines of a plain scalar whose first line (`first`) just ended, and
    /// if there are any, sets `text` to the whole scalar, folded as YAML 7.3.3 / 6.5 fold them: a
    /// single line break becomes a space, each further empty line a `\n`, and each line's leading
    /// and trailing white space goes. A continuation line is indented at least `min_indent`, more
    /// than the enclosing collection. Returns whether there were any (`first` is then copied
    /// nowhere if not).
    // Out of line (rare: the next line nearly always starts the next entry): inlined, its locals
    // would enlarge the frame of every value.
    #[inline(never)]
    fn plain_continuation(
        &mut self,
        first: &str,
        min_indent: usize,
        text: &mut String,
    ) -> Option<bool> {
        let mut folded = false;
        let mut empty = 0;
        loop {
            let Some(l) = self.next_line()? else {
                return Some(folded);
            };
            let c = self.skip_spaces(l.start, l.end);
            if c == l.end {
                empty += 1;
                continue;
            }
            if c - l.start < min_indent || self.src[c] == b'#' {
                // Not a continuation (a comment line ends a plain scalar): the line is for the
                // structure. Blank lines before it need no re-reading.
                self.unread(l);
                return Some(folded);
            }
            // Only a scalar's first character may not be an indicator (YAML `ns-plain-first`):
            // a continuation line may start with `&&`, `"`, `[` and the like. Still refused: `- `,
            // `? ` and `: ` (or the indicator alone), which look like structure.
            if matches!(self.src[c], b'-' | b'?' | b':') && is_space_or_end(self.src, c + 1, l.end)
            {
                return None;
            }
            let part = self.plain_rest(&l, c, false)?;
            let rest = part.after;
            if rest < l.end && self.src[rest] != b'#' {
                return None; // `: ` inside a continuation line: an error
            }
            if !folded {
                text.clear();
                text.push_str(first);
                folded = true;
            }
            if empty == 0 {
                text.push(' ');
            } else {
                push_breaks(text, empty);
            }
            empty = 0;
            text.push_str(&part.value);
            if rest < l.end {
                return Some(true); // a comment ends the scalar
            }
        }
    }

    /// A value or item at `p` that [`Self::scalar`] refused. Only a quoted scalar that does not
    /// close on its first line is taken (controller-gen wraps long descriptions so): its text is
    /// read over the following lines, folded as go-yaml folds it, and emitted at the opening
    /// quote; only spaces and a comment may follow the closing quote. Such a scalar cannot be a
    /// key (go-yaml allows no multi-line implicit key), so a `:` after it is refused like any
    /// other trailing content.
    // Out of line (rare): inlined, its locals would enlarge the frame of every value.
    #[inline(never)]
    fn multi_line_quoted(&mut self, first: &Line, p: usize) -> Option<()> {
        if !matches!(self.src[p], b'\'' | b'"') {
            return None;
        }
        // Granit refuses continuation lines indented no more than the enclosing block (which
        // go-yaml accepts, see `granit.rs`); the fast path leaves them to its corrections.
        let min_indent = self.stack.last()?.indent + 1;
        let pos = self.pos(first, p);
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let result = self
            .quoted_lines(first, p, min_indent, &mut text)
            .and_then(|(last, end)| {
                self.value_event(&text, Style::Quoted, pos)?;
                self.expect_line_end(&last, end)
            });
        self.scratch = text;
        result
    }

    /// Reads the quoted scalar opened at `p` on `first` into `text`, as go-yaml's
    /// `yaml_parser_scan_flow_scalar` does: `''` is a quote in a single-quoted scalar, and a
    /// double-quoted one takes the escapes `\\ \" \n \t \ ` and `\` last on a line (an escaped
    /// line break: nothing, and the spaces before it stay); a line's trailing spaces before a
    /// line break and a continuation line's leading spaces go; a single line break becomes a
    /// space, and each empty line after it (or after an escaped break) a `\n`. Returns the line
    /// of the closing quote and the offset past it. Refused: other escapes, a continuation line
    /// (closing quote included) indented less than `min_indent`, which also keeps `---` and `...`
    /// at column 0 out, and the end of the chunk.
    fn quoted_lines(
        &mut self,
        first: &Line,
        p: usize,
        min_indent: usize,
        text: &mut String,
    ) -> Option<(Line, usize)> {
        let src = self.src;
        let quote = src[p];
        let single = quote == b'\'';
        let mut line = *first;
        let mut i = p + 1;
        loop {
            let mut run = i;
            let mut escaped_break = false;
            while i < line.end {
                let b = src[i];
                if b == quote {
                    if single && i + 1 < line.end && src[i + 1] == b'\'' {
                        text.push_str(self.cut(run, i + 1));
                        i += 2;
                        run = i;
                        continue;
                    }
                    text.push_str(self.cut(run, i));
                    return Some((line, i + 1));
                }
                if b == b'\\' && !single {
                    text.push_str(self.cut(run, i));
                    if i + 1 == line.end {
                        escaped_break = true;
                        run = line.end;
                        break;
                    }
                    text.push(simple_escape(src[i + 1])?);
                    i += 2;
                    run = i;
                    continue;
                }
                i += 1;
            }
            let mut end = line.end;
            while end > run && src[end - 1] == b' ' {
                end -= 1;
            }
            text.push_str(self.cut(run, end));
            let mut empty = 0;
            let c = loop {
                let l = self.next_line()??;
                let c = self.skip_spaces(l.start, l.end);
                if c < l.end {
                    line = l;
                    break c;
                }
                empty += 1;
            };
            if c - line.start < min_indent {
                return None;
            }
            // After an escaped break only the empty lines count, as line feeds.
            if empty == 0 && !escaped_break {
                text.push(' ');
            } else {
                push_breaks(text, empty);
            }
            i = c;
        }
    }

    // ----- scalars -----

    /// A block mapping key at `c` and the offset of its `:`.
    #[inline(always)]
    fn key(&mut self, line: &Line, c: usize) -> Option<(Scalar<'a>, usize)> {
        let scalar = self.scalar(line, c)?;
        let colon = self.colon_after(line, &scalar)?;
        self.check_key(&scalar, colon)?;
        Some((scalar, colon))
    }

    /// Refuses keys the fast path leaves to granit: `<<` merge keys, and keys longer than the
    /// 1024 characters YAML allows an implicit key.
    #[inline(always)]
    fn check_key(&self, key: &Scalar<'_>, colon: usize) -> Option<()> {
        // A plain key's text is its bytes in the source: no look at the `Cow`.
        let merge = key.style == Style::Plain && &self.src[key.start..key.end] == b"<<";
        (!merge && colon - key.start <= 1000).then_some(())
    }

    /// The offset of a `:` that makes `scalar` a block mapping key: after optional spaces, a `:`
    /// followed by a space or the end of the line. Inlined: it runs after every key and value,
    /// and is a few compares.
    #[inline(always)]
    fn colon_after(&self, line: &Line, scalar: &Scalar<'_>) -> Option<usize> {
        let i = scalar.after;
        (i < line.end && self.src[i] == b':' && is_space_or_end(self.src, i + 1, line.end))
            .then_some(i)
    }

    /// A one-line plain or quoted scalar in block context starting at `p`.
    #[inline(always)]
    fn scalar(&mut self, line: &Line, p: usize) -> Option<Scalar<'a>> {
        match self.src[p] {
            b'\'' => self.single_quoted(line, p),
            b'"' => self.double_quoted(line, p),
            _ => self.plain(line, p, false),
        }
    }

    /// A plain scalar starting at `p`, in block or (`flow`) flow context.
    #[inline(always)]
    fn plain(&self, line: &Line, p: usize, flow: bool) -> Option<Scalar<'a>> {
        let src = self.src;
        let first = src[p];
        // YAML `ns-plain-first`: an indicator cannot start a plain scalar, except `-` (also `?`
        // and `:`, which we leave to granit) followed by a "safe" non-space character.
        match first {
            b'-' => {
                let next = *src.get(p + 1).filter(|_| p + 1 < line.end)?;
                if next == b' ' || (flow && is_flow_indicator(next)) {
                    return None;
                }
            }
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => return None,
            _ => {}
        }
        self.plain_rest(line, p, flow)
    }

    /// The rest of a plain scalar from `p`, whose first character is allowed where it is.
    #[inline(always)]
    fn plain_rest(&self, line: &Line, p: usize, flow: bool) -> Option<Scalar<'a>> {
        let src = self.src;
        // The scalar ends at `: ` or `:` + end of line (a key), at ` #` (a comment), at the end
        // of the line, and in flow context at `,`, `]` and `}`.
        let i = if flow {
            self.flow_plain_end(line, p)?
        } else {
            self.block_plain_end(line, p)
        };
        let mut end = i;
        while src[end - 1] == b' ' {
            end -= 1;
        }
        let text = self.cut(p, end);
        Some(Scalar {
            value: Cow::Borrowed(text),
            style: Style::Plain,
            start: p,
            end,
            // Where the scan stopped: a `:`, a `#` or a flow indicator, or the end of the line.
            after: i,
        })
    }

    /// Where a plain scalar from `p` stops in block context: at a `:` followed by a space or the
    /// end of the line, at a `#` after a space, or at the end of the line.
    #[inline(always)]
    fn block_plain_end(&self, line: &Line, p: usize) -> usize {
        let src = self.src;
        let mut i = p;
        loop {
            // Only `:` and `#` matter.
            i = self.find_either(i, line.end, b':', b'#');
            if i == line.end {
                return i;
            }
            match src[i] {
                b':' if is_space_or_end(src, i + 1, line.end) => return i,
                // A plain scalar never starts with `#`, so a byte comes before it.
                b'#' if src[i - 1] == b' ' => return i,
                _ => i += 1,
            }
        }
    }

    /// The offset of the first byte `a` or `b` from `i` up to `end` (at most the end of its
    /// line), or `end`: eight bytes at a time, the last word too, with what lies past `end` cut
    /// off.
    #[inline(always)]
    fn find_either(&self, mut i: usize, end: usize, a: u8, b: u8) -> usize {
        while i < end {
            let word = word_from(self.src, i);
            let found = bytes_equal(word, a) | bytes_equal(word, b);
            if found != 0 {
                // A first match past `end` means none before it.
                return end.min(i + (found.trailing_zeros() / 8) as usize);
            }
            i += 8;
        }
        end
    }

    /// Where a plain scalar from `p` stops in flow context: as in block context, and also at
    /// `,`, `]` and `}`. Refuses `a:b` (granit's YAML-version nuances) and nested brackets.
    fn flow_plain_end(&self, line: &Line, p: usize) -> Option<usize> {
        let src = self.src;
        let mut i = p;
        while i < line.end {
            match src[i] {
                b':' if is_space_or_end(src, i + 1, line.end) => break,
                b':' => return None,
                b'#' if src[i - 1] == b' ' => break,
                b',' | b']' | b'}' => break,
                b'[' | b'{' => return None,
                _ => i += 1,
            }
        }
        Some(i)
    }

    /// A single-quoted scalar on one line (`''` is a quote).
    fn single_quoted(&self, line: &Line, p: usize) -> Option<Scalar<'a>> {
        let src = self.src;
        let mut i = p + 1;
        let mut owned: Option<String> = None;
        let mut run = i;
        loop {
            i = self.find_either(i, line.end, b'\'', b'\'');
            if i >= line.end {
                return None; // multi-line
            }
            if i + 1 < line.end && src[i + 1] == b'\'' {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(self.cut(run, i + 1));
                i += 2;
                run = i;
                continue;
            }
            break;
        }
        Some(self.quoted(line, owned, run, i, p))
    }

    /// The quoted scalar from `p` to its closing quote at `close`: the text since the last escape
    /// (`run..close`), appended to the unescaped prefix when there is one.
    fn quoted(
        &self,
        line: &Line,
        owned: Option<String>,
        run: usize,
        close: usize,
        p: usize,
    ) -> Scalar<'a> {
        let tail = self.cut(run, close);
        let value = match owned {
            Some(mut s) => {
                s.push_str(tail);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(tail),
        };
        Scalar {
            value,
            style: Style::Quoted,
            start: p,
            end: close + 1,
            after: self.skip_spaces(close + 1, line.end),
        }
    }

    /// A double-quoted scalar on one line, with the escapes `\\ \" \n \t \ `.
    fn double_quoted(&self, line: &Line, p: usize) -> Option<Scalar<'a>> {
        let src = self.src;
        let mut i = p + 1;
        let mut owned: Option<String> = None;
        let mut run = i;
        loop {
            i = self.find_either(i, line.end, b'"', b'\\');
            if i >= line.end {
                return None; // multi-line
            }
            if src[i] == b'"' {
                break;
            }
            let escaped = simple_escape(*src.get(i + 1).filter(|_| i + 1 < line.end)?)?;
            let s = owned.get_or_insert_with(String::new);
            s.push_str(self.cut(run, i));
            s.push(escaped);
            i += 2;
            run = i;
        }
        Some(self.quoted(line, owned, run, i, p))
    }

    // ----- flow collections -----

    /// A one-line flow sequence or mapping at `p` holding only scalars; returns the offset past
    /// its closing bracket.
    // Out of line (rare): inlined, its locals would enlarge the frame of every value.
    #[inline(never)]
    fn flow(&mut self, line: &Line, p: usize) -> Option<usize> {
        let src = self.src;
        let is_map = src[p] == b'{';
        let close = if is_map { b'}' } else { b']' };
        let kind = if is_map { Kind::Map } else { Kind::Seq };
        self.open_event(kind, self.pos(line, p))?;
        let mut i = self.skip_spaces(p + 1, line.end);
        if i < line.end && src[i] == close {
            self.close_event()?;
            return Some(i + 1);
        }
        loop {
            let item = self.flow_scalar(line, i)?;
            let pos = self.pos(line, i);
            if is_map {
                self.key_event(&item, pos)?;
            } else {
                self.value_event(&item.value, item.style, pos)?;
            }
            i = item.after;
            if is_map {
                // `key: value`; after a quoted key the `:` may touch the value (JSON style).
                if i >= line.end || src[i] != b':' {
                    return None;
                }
                if item.style == Style::Plain && !is_space_or_end(src, i + 1, line.end) {
                    return None;
                }
                i = self.skip_spaces(i + 1, line.end);
                if i >= line.end || matches!(src[i], b',' | b'}' | b'#') {
                    return None; // empty value
                }
                let value = self.flow_scalar(line, i)?;
                self.value_event(&value.value, value.style, self.pos(line, i))?;
                i = value.after;
            }
            if i >= line.end {
                return None; // multi-line flow collection
            }
            if src[i] == close {
                self.close_event()?;
                return Some(i + 1);
            }
            if src[i] != b',' {
                return None;
            }
            i = self.skip_spaces(i + 1, line.end);
            if i >= line.end || matches!(src[i], b',' | b']' | b'}' | b'#') {
                return None; // trailing comma, empty entry, comment inside
            }
        }
    }

    /// A scalar inside a flow collection at `i`.
    fn flow_scalar(&mut self, line: &Line, i: usize) -> Option<Scalar<'a>> {
        if i >= line.end {
            return None;
        }
        let scalar = match self.src[i] {
            b'\'' => self.single_quoted(line, i)?,
            b'"' => self.double_quoted(line, i)?,
            _ => self.plain(line, i, true)?,
        };
        // A plain scalar in flow context stopped at `: `; refuse `[a: b]` pairs and comments.
        if scalar.value.is_empty() && scalar.style == Style::Plain {
            return None;
        }
        Some(scalar)
    }

    // ----- block scalars -----

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `p`. Reads its content
    /// lines, leaving the scanner at the first line after it.
    // Out of line (one per many lines): inlined, its locals would enlarge the frame of every
    // value.
    #[inline(never)]
    fn block_scalar(&mut self, line: &Line, p: usize) -> Option<()> {
        let src = self.src;
        let literal = src[p] == b'|';
        // Header: the indicator, an optional chomping indicator, then a comment or nothing.
        // An indentation indicator (a digit) is left to granit.
        let mut i = p + 1;
        let chomp = match src.get(i).filter(|_| i < line.end) {
            Some(b'-') => Chomp::Strip,
            Some(b'+') => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            i += 1;
        }
        self.expect_line_end(line, i)?;
        if !is_space_or_end(src, i, line.end) {
            return None;
        }
        if !line.has_break {
            return None;
        }
        // Content must be indented more than the enclosing block collection.
        let min_indent = self.stack.last().map_or(0, |t| t.indent + 1);

        // Leading empty lines, then the first non-empty line sets the content indentation
        // (YAML 8.1.1.1, auto-detection). An empty line may not have more spaces than that.
        let mut leading = 0usize;
        let mut leading_max_spaces = 0usize;
        let (first, indent) = loop {
            let Some(l) = self.next_line()? else {
                return None; // no content before the end: left to granit
            };
            let c = self.skip_spaces(l.start, l.end);
            if c == l.end {
                leading += 1;
                leading_max_spaces = leading_max_spaces.max(c - l.start);
                continue;
            }
            let indent = c - l.start;
            if indent < min_indent {
                // An empty block scalar: left to granit (its position rules differ).
                return None;
            }
            if leading_max_spaces > indent {
                return None;
            }
            break (l, indent);
        };
        let pos = self.pos(&first, first.start + indent);

        let text = &mut std::mem::take(&mut self.scratch);
        text.clear();
        // The text is at most the rest of the chunk: reserved at once (up to a page, enough for
        // most), rather than grown step by step in every document.
        text.reserve((src.len() - first.start).min(4096));
        for _ in 0..leading {
            text.push('\n');
        }
        // `breaks` counts line breaks since the last content line (its own, then one per empty
        // line); `prev_spaced` tells whether that line was more indented (folded scalars only
        // fold breaks between two lines that are not).
        let mut breaks = 0usize;
        let mut prev_spaced = false;
        let mut started = false;
        let mut l = first;
        let ok = loop {
            let c = self.skip_spaces(l.start, l.end);
            let spaces = c - l.start;
            if c == l.end && spaces <= indent {
                breaks += 1; // an empty line
            } else {
                if c == l.end && !literal {
                    break false; // spaces-only line past the indentation in a folded scalar
                }
                let content = &src[l.start + indent..l.end];
                let spaced = content[0] == b' ';
                if started {
                    if literal || prev_spaced || spaced {
                        push_breaks(text, breaks);
                    } else if breaks == 1 {
                        text.push(' ');
                    } else {
                        push_breaks(text, breaks - 1);
                    }
                }
                text.push_str(self.cut(l.start + indent, l.end));
                started = true;
                prev_spaced = spaced;
                breaks = 1;
            }
            if !l.has_break {
                break false; // content up to the end of the chunk: left to granit
            }
            // Peek at the next line: the scalar goes on while lines are empty or indented enough.
            let Some(next) = self.next_line()? else {
                break true;
            };
            let c = self.skip_spaces(next.start, next.end);
            if c != next.end && c - next.start < indent {
                self.unread(next);
                break true;
            }
            l = next;
        };
        if !ok {
            self.scratch = std::mem::take(text);
            return None;
        }
        // Chomping (YAML 8.1.1.2): clip keeps the last content line's break, strip none, keep
        // every trailing break.
        match chomp {
            Chomp::Clip => text.push('\n'),
            Chomp::Strip => {}
            Chomp::Keep => push_breaks(text, breaks),
        }
        let result = self.value_event(text, Style::Block, pos);
        self.scratch = std::mem::take(text);
        result
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

fn push_breaks(text: &mut String, n: usize) {
    for _ in 0..n {
        text.push('\n');
    }
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

/// The eight bytes of `src` from `at` as one little-endian word (the first byte is the lowest),
/// zero past the end of `src`:
/// scans look at a line's last bytes a whole word at a time, and cut off what lies past the line.
#[inline(always)]
fn word_from(src: &[u8], at: usize) -> u64 {
    let rest = &src[at..];
    match rest.first_chunk() {
        Some(bytes) => u64::from_le_bytes(*bytes),
        None => last_word(rest),
    }
}

/// [`word_from`] at the last few bytes of the chunk (`tail`, under eight); kept out of line, so
/// that scans inline.
#[cold]
#[inline(never)]
fn last_word(tail: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes[..tail.len()].copy_from_slice(tail);
    u64::from_le_bytes(bytes)
}

/// `byte` in each of a word's eight bytes.
const fn repeated(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// A mark (the high bit) on each byte of `word` equal to `byte`, and maybe on bytes above one: the
/// result is nonzero exactly when a byte matches, and its lowest set bit marks the first match.
/// (Matching bytes become zero, and subtracting one from each byte borrows into a high bit only
/// from a zero byte or from the borrow of a byte below.)
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let zero_where_equal = word ^ repeated(byte);
    zero_where_equal.wrapping_sub(repeated(1)) & !zero_where_equal & repeated(0x80)
}

/// A mark (the high bit) on each byte of `word` that is not printable ASCII (0x20..=0x7e), and
/// maybe on bytes above one: the result is zero when `next_line` can skip all eight bytes at once,
/// and its lowest set bit marks the first byte it must look at. Lines are mostly printable ASCII,
/// and this is the tokenizer's innermost loop.
fn not_printable_ascii(word: u64) -> u64 {
    // Below the first byte out of range, neither the subtraction nor the addition carries across
    // bytes and no high bit is set. A byte below 0x20 wraps to a high bit; 0x7f and anything
    // above set one directly.
    let below_space = word.wrapping_sub(repeated(0x20));
    let from_delete = word.wrapping_add(repeated(1));
    (below_space | from_delete | word) & repeated(0x80)
}

/// Whether a line's non-ASCII characters are ones the fast path takes as ordinary text. Refused:
/// C1 controls (U+0080-U+009F, including NEL, a YAML 1.1 line break), the U+2028/U+2029 line and
/// paragraph separators, the byte-order mark U+FEFF, and the non-characters U+FFFE/U+FFFF.
#[inline(never)]
fn plain_unicode(line: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    text.chars().all(|ch| {
        !matches!(
            ch as u32,
            0x80..=0x9f | 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff
        )
    })
}

/// The character the double-quoted escape `\c` stands for, for the escapes the fast path reads
/// (the others are left to granit).
fn simple_escape(c: u8) -> Option<char> {
    match c {
        b'\\' => Some('\\'),
        b'"' => Some('"'),
        b'n' => Some('\n'),
        b't' => Some('\t'),
        // `\ ` keeps a space that folding would drop; go-yaml's emitter writes it.
        b' ' => Some(' '),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
