//! The JSON format. Its schema (version 1) is documented at the crate root.
//!
//! A report can hold hundreds of thousands of findings, so it is written straight from the
//! scan result by [`Pretty`], a writer with serde_json's pretty layout that escapes strings a
//! word at a time. Each finding is mostly copied from pieces rendered once and shared with
//! other findings ([`FindingPieces`]). The arrays are cut into runs rendered in parallel
//! ([`Runs`]), so the report does not hold a scan to the speed of one thread.

use foldhash::HashMap;
use rayon::prelude::*;
use std::io;
use std::sync::{Arc, Mutex};

use kubeward_core::{Category, CheckMeta, Finding, ObjectId, PssControl, ScanResult, Severity};

/// The schema version; bumped on any incompatible change.
const VERSION: u32 = 1;

pub(crate) fn render(
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    render_in_runs(result, catalogue, out, RUN_LEN)
}

/// How many items of an array are rendered as one run, runs being rendered in parallel: large
/// enough that starting one costs little (its first file, object and container pieces are
/// rendered anew), small enough that the runs held at once take little memory (about half a
/// MB of findings each).
const RUN_LEN: usize = 1024;

/// How many runs per thread are rendered before they are written out: more keep the threads
/// busy when runs differ in cost, but each is held in memory until the slowest is done.
const RUNS_PER_THREAD: usize = 4;

/// [`render`], with arrays cut into runs of `run_len` items.
fn render_in_runs(
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    out: &mut dyn io::Write,
    run_len: usize,
) -> io::Result<()> {
    let mut w = Pretty::new();
    w.open(b'{');
    w.key("version");
    w.number(VERSION.into());
    let pss = catalogue
        .iter()
        .filter_map(|m| Some((m.id, m.mappings.pss?)))
        .collect();
    let mut runs = Runs::new(run_len);
    runs.write_array(
        &mut w,
        out,
        "findings",
        &result.findings,
        || FindingPieces::new(&pss),
        FindingPieces::write,
    )?;
    runs.write_array(
        &mut w,
        out,
        "errors",
        &result.errors,
        || (),
        |(), w, error| {
            w.open(b'{');
            w.key("file");
            w.string(&error.file);
            w.key("line");
            w.number(error.line.into());
            w.key("column");
            w.number(error.column.into());
            w.key("message");
            w.string(&error.message);
            w.close(b'}');
        },
    )?;
    runs.write_array(
        &mut w,
        out,
        "objects",
        &result.scores,
        LastPiece::default,
        |file, w, score| {
            w.open(b'{');
            object_identity(w, &score.object);
            w.buffer
                .extend_from_slice(file.get(&score.location.file, file_and_line_key));
            w.number(score.location.line.into());
            w.key("score");
            w.number(score.score.into());
            w.close(b'}');
        },
    )?;
    write_summary(&mut w, result);
    w.close(b'}');
    w.buffer.push(b'\n');
    out.write_all(&w.buffer)?;
    out.flush()
}

/// Renders arrays a window of runs at a time, the runs of a window in parallel, each into a
/// buffer of its own (kept from window to window), then writes them out in order. Every item
/// of an array is rendered at the same depth, and only the first lacks the comma before it,
/// so a run renders the same bytes on its own as it would following the previous one.
struct Runs {
    run_len: usize,
    buffers: Vec<Vec<u8>>,
}

impl Runs {
    fn new(run_len: usize) -> Self {
        let window = rayon::current_num_threads() * RUNS_PER_THREAD;
        Runs {
            run_len,
            buffers: std::iter::repeat_with(Vec::new).take(window).collect(),
        }
    }

    /// Writes the entry `key` of an open object: an array of `items`, each written by `write`
    /// with a state made by `new_state`.
    fn write_array<T: Sync, S: Send>(
        &mut self,
        w: &mut Pretty,
        out: &mut dyn io::Write,
        key: &str,
        items: &[T],
        new_state: impl Fn() -> S,
        write: impl Fn(&mut S, &mut Pretty, &T) + Sync,
    ) -> io::Result<()> {
        w.key(key);
        w.open(b'[');
        // What precedes the array goes out first, its items straight from the runs' buffers.
        out.write_all(&w.buffer)?;
        w.buffer.clear();
        let depth = w.depth;
        // A state per thread, kept from run to run: its pieces are keyed by value (holding
        // what they are keyed by), so they serve any run, and rendering them anew for each
        // run would cost about a third of the rendering (most shared messages recur only a
        // few times in a run).
        let states: Vec<Mutex<S>> = std::iter::repeat_with(|| Mutex::new(new_state()))
            .take(rayon::current_num_threads())
            .collect();
        let window_len = self.run_len.saturating_mul(self.buffers.len());
        for (window, window_items) in items.chunks(window_len).enumerate() {
            let runs = window_items.par_chunks(self.run_len);
            let buffers = &mut self.buffers[..runs.len()];
            buffers
                .par_iter_mut()
                .zip(runs)
                .enumerate()
                .for_each(|(run, (buffer, run_items))| {
                    buffer.clear();
                    let mut w = Pretty {
                        buffer: std::mem::take(buffer),
                        depth,
                        // Only the array's first item goes without a comma.
                        has_value: window > 0 || run > 0,
                    };
                    // Runs are rendered in the pool whose threads `states` counts; the lock
                    // is only ever taken by the thread whose state it is.
                    let thread = rayon::current_thread_index().unwrap_or(0);
                    let mut state = states[thread].lock().expect("no run panics");
                    for item in run_items {
                        w.item();
                        write(&mut state, &mut w, item);
                    }
                    *buffer = w.buffer;
                });
            for buffer in buffers.iter() {
                out.write_all(buffer)?;
            }
        }
        w.has_value = !items.is_empty();
        w.close(b']');
        Ok(())
    }
}

/// How deep the entries of findings and object scores are: in the report, its array and the
/// item.
const ITEM_ENTRY_DEPTH: usize = 3;

/// The parts of a finding's rendering that recur from finding to finding, each rendered once
/// by [`Pretty`] (so the layout stays serde_json's) and copied for the findings sharing it.
/// A piece that follows an entry starts with the comma ending it.
struct FindingPieces<'a> {
    /// Pod Security Standards controls by check, shared by all runs.
    pss: &'a HashMap<&'static str, PssControl>,
    /// Per check, severity and category, what stays the same in its findings.
    checks: HashMap<CheckKey, CheckPieces>,
    messages: Messages,
    /// The `"file"` entry and the `"line"` key.
    file: LastPiece<str>,
    /// The `"column"` key.
    column_key: Vec<u8>,
    /// The `"object"` entry.
    object: LastPiece<ObjectId>,
    /// The `"container"` entry.
    container: LastPiece<str>,
}

/// A check's id, severity and category, the id by the address and length of its text: the text
/// is static, so the address names it for good (one id at two addresses only has its pieces
/// rendered twice), and two words hash faster than the text.
#[derive(PartialEq, Eq, Hash)]
struct CheckKey(usize, usize, Severity, Category);

struct CheckPieces {
    /// The `"check"`, `"severity"` and `"category"` entries and the `"message"` key.
    head: Vec<u8>,
    /// The `"pss"` entry, empty for checks that map to no Pod Security Standards control.
    pss: Vec<u8>,
}

impl<'a> FindingPieces<'a> {
    fn new(pss: &'a HashMap<&'static str, PssControl>) -> Self {
        let mut column_key = Vec::new();
        render_piece(&mut column_key, true, |w| w.key("column"));
        FindingPieces {
            pss,
            checks: HashMap::default(),
            messages: Messages::default(),
            file: LastPiece::default(),
            column_key,
            object: LastPiece::default(),
            container: LastPiece::default(),
        }
    }

    /// Writes `finding` as the next item of the `findings` array.
    fn write(&mut self, w: &mut Pretty, finding: &Finding) {
        let check = self
            .checks
            .entry(CheckKey(
                finding.check.as_ptr().addr(),
                finding.check.len(),
                finding.severity,
                finding.category,
            ))
            .or_insert_with(|| CheckPieces::new(finding, self.pss.get(finding.check)));
        w.open(b'{');
        w.buffer.extend_from_slice(&check.head);
        self.messages.write(w, &finding.message);
        w.buffer
            .extend_from_slice(self.file.get(&finding.location.file, file_and_line_key));
        w.number(finding.location.line.into());
        w.buffer.extend_from_slice(&self.column_key);
        w.number(finding.location.column.into());
        w.buffer
            .extend_from_slice(self.object.get(&finding.object, |w, object| {
                w.key("object");
                w.open(b'{');
                object_identity(w, object);
                w.close(b'}');
            }));
        if let Some(container) = &finding.container {
            w.buffer
                .extend_from_slice(self.container.get(container, |w, container| {
                    w.key("container");
                    w.string(container);
                }));
        }
        if let Some(exemption) = &finding.exemption {
            w.key("exempted");
            w.open(b'{');
            w.key("source");
            w.string(exemption.source.as_str());
            w.key("reason");
            w.string(&exemption.reason);
            w.close(b'}');
        }
        w.buffer.extend_from_slice(&check.pss);
        w.close(b'}');
    }
}

impl CheckPieces {
    fn new(finding: &Finding, pss: Option<&PssControl>) -> Self {
        let mut head = Vec::new();
        render_piece(&mut head, false, |w| {
            w.key("check");
            w.string(finding.check);
            w.key("severity");
            w.string(finding.severity.as_str());
            w.key("category");
            w.string(finding.category.as_str());
            w.key("message");
        });
        let mut pss_entry = Vec::new();
        if let Some(pss) = pss {
            render_piece(&mut pss_entry, true, |w| {
                w.key("pss");
                w.open(b'{');
                w.key("level");
                w.string(pss.level.as_str());
                w.key("control");
                w.string(pss.control);
                w.close(b'}');
            });
        }
        CheckPieces {
            head,
            pss: pss_entry,
        }
    }
}

/// Messages as rendered (escaped and quoted), by the address of their text: the engine shares
/// one `Arc` among equal messages, and a check's findings recur across objects, though not
/// consecutively. Each entry holds its `Arc`, so that address cannot be freed and reused for
/// another text while the entry exists.
#[derive(Default)]
struct Messages(HashMap<usize, (Arc<str>, Vec<u8>)>);

impl Messages {
    fn write(&mut self, w: &mut Pretty, message: &Arc<str>) {
        // A message held by this finding alone cannot recur: it is not worth a copy.
        if Arc::strong_count(message) == 1 {
            w.string(message);
            return;
        }
        let (_, piece) = self
            .0
            .entry(Arc::as_ptr(message).cast::<u8>().addr())
            .or_insert_with(|| {
                let mut piece = Vec::new();
                render_piece(&mut piece, false, |w| w.string(message));
                (message.clone(), piece)
            });
        w.buffer.extend_from_slice(piece);
    }
}

/// The piece rendered for the value seen last: a file's findings are consecutive, and so are
/// its object scores, an object's findings and (mostly) a container's. Holding the value keeps
/// its address from being reused by another while the piece is kept.
struct LastPiece<T: ?Sized> {
    value: Option<Arc<T>>,
    bytes: Vec<u8>,
}

impl<T: ?Sized> Default for LastPiece<T> {
    fn default() -> Self {
        LastPiece {
            value: None,
            bytes: Vec::new(),
        }
    }
}

impl<T: ?Sized> LastPiece<T> {
    /// The piece for `value`, rendered by `render` unless it was also the last value.
    fn get(&mut self, value: &Arc<T>, render: impl FnOnce(&mut Pretty, &T)) -> &[u8] {
        if !self.value.as_ref().is_some_and(|v| Arc::ptr_eq(v, value)) {
            render_piece(&mut self.bytes, true, |w| render(w, value));
            self.value = Some(value.clone());
        }
        &self.bytes
    }
}

/// Replaces `piece` with what `render` writes inside a finding or object score, after an entry
/// if `after_entry`.
fn render_piece(piece: &mut Vec<u8>, after_entry: bool, render: impl FnOnce(&mut Pretty)) {
    piece.clear();
    let mut w = Pretty {
        buffer: std::mem::take(piece),
        depth: ITEM_ENTRY_DEPTH,
        has_value: after_entry,
    };
    render(&mut w);
    *piece = w.buffer;
}

/// The `"file"` entry and the `"line"` key, the piece findings and object scores of one file
/// share.
fn file_and_line_key(w: &mut Pretty, file: &str) {
    w.key("file");
    w.string(file);
    w.key("line");
}

/// `apiVersion`, `kind`, `namespace` and `name`, inside an open object.
fn object_identity(w: &mut Pretty, id: &ObjectId) {
    w.key("apiVersion");
    w.string(&id.api_version);
    w.key("kind");
    w.string(&id.kind);
    w.key("namespace");
    match &id.namespace {
        Some(namespace) => w.string(namespace),
        None => w.null(),
    }
    w.key("name");
    w.string(&id.name);
}

fn write_summary(w: &mut Pretty, result: &ScanResult) {
    let summary = &result.summary;
    // Always all five severities, most severe first.
    let mut by_severity = [0usize; 5];
    for &(severity, n) in &summary.by_severity {
        let slot = match severity {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Medium => 2,
            Severity::Low => 3,
            Severity::Info => 4,
        };
        by_severity[slot] += n;
    }
    w.key("summary");
    w.open(b'{');
    for (key, value) in [
        ("files", summary.files),
        ("objects", summary.objects),
        ("skipped", summary.skipped),
        ("findings", summary.findings),
    ] {
        w.key(key);
        w.number(value as u64);
    }
    w.key("bySeverity");
    w.open(b'{');
    for (key, value) in ["critical", "high", "medium", "low", "info"]
        .into_iter()
        .zip(by_severity)
    {
        w.key(key);
        w.number(value as u64);
    }
    w.close(b'}');
    for (key, value) in [
        ("exempted", summary.exempted),
        ("errors", summary.errors),
        ("score", summary.score.into()),
    ] {
        w.key(key);
        w.number(value as u64);
    }
    w.close(b'}');
}

/// Writes JSON in serde_json's pretty layout (two-space indent, `"key": value`, empty
/// containers as `[]` and `{}`) into a buffer that its owner passes on in large writes.
struct Pretty {
    buffer: Vec<u8>,
    depth: usize,
    /// Whether the innermost open container already holds a value (so the next needs a comma).
    has_value: bool,
}

impl Pretty {
    fn new() -> Self {
        Pretty {
            buffer: Vec::new(),
            depth: 0,
            has_value: false,
        }
    }

    #[inline]
    fn new_line(&mut self) {
        // The report nests four levels deep at most (eight spaces): a line break and sixteen
        // spaces go in as one block of fixed size (a few moves, where a copy of the exact
        // length is a call to memcpy), then are cut to the indentation.
        const LINE: &[u8; 17] = b"\n                ";
        let spaces = 2 * self.depth;
        let end = self.buffer.len() + 1 + spaces;
        if spaces < LINE.len() {
            self.buffer.extend_from_slice(LINE);
            self.buffer.truncate(end);
        } else {
            self.buffer.push(b'\n');
            self.buffer.resize(end, b' ');
        }
    }

    #[inline]
    fn open(&mut self, bracket: u8) {
        self.buffer.push(bracket);
        self.depth += 1;
        self.has_value = false;
    }

    #[inline]
    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value {
            self.new_line();
        }
        self.buffer.push(bracket);
        self.has_value = true;
    }

    /// Starts the next item of an array.
    #[inline]
    fn item(&mut self) {
        if self.has_value {
            self.buffer.push(b',');
        }
        self.new_line();
    }

    /// Starts the next entry of an object; keys are the schema's own and need no escaping.
    #[inline]
    fn key(&mut self, key: &str) {
        self.item();
        self.buffer.push(b'"');
        self.buffer.extend_from_slice(key.as_bytes());
        self.buffer.extend_from_slice(b"\": ");
    }

    #[inline]
    fn number(&mut self, value: u64) {
        self.buffer
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self.has_value = true;
    }

    fn null(&mut self) {
        self.buffer.extend_from_slice(b"null");
        self.has_value = true;
    }

    #[inline]
    fn string(&mut self, value: &str) {
        self.buffer.push(b'"');
        escape_into(&mut self.buffer, value.as_bytes());
        self.buffer.push(b'"');
        self.has_value = true;
    }
}

/// Appends `text` escaped as serde_json escapes it: `"` and `\\`, the control characters
/// (`\n`, `\t`, ... by name, the others as `\u00xx`), everything else as is.
fn escape_into(out: &mut Vec<u8>, text: &[u8]) {
    let mut rest = text;
    while let Some(at) = first_to_escape(rest) {
        out.extend_from_slice(&rest[..at]);
        let byte = rest[at];
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
        }
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

/// The index of the first byte JSON requires escaped (`"`, `\\`, below 0x20), testing eight
/// bytes at a time: nearly every string in a report has none.
fn first_to_escape(text: &[u8]) -> Option<usize> {
    if text.len() < 8 {
        return text
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    let mut chunks = text.chunks_exact(8);
    for (index, chunk) in chunks.by_ref().enumerate() {
        let flags = escape_flags(chunk.try_into().expect("chunks of eight bytes"));
        if flags != 0 {
            return Some(index * 8 + first_flagged(flags));
        }
    }
    // The remainder is tested as the end of the text's last eight bytes, shifting out the
    // flags of those already tested (none: no byte of theirs needs escaping).
    let unchecked = chunks.remainder().len();
    if unchecked == 0 {
        return None;
    }
    let last = text[text.len() - 8..].try_into().expect("eight bytes");
    let flags = escape_flags(last) >> (8 * (8 - unchecked));
    (flags != 0).then(|| text.len() - unchecked + first_flagged(flags))
}

/// The high bit of each byte of `bytes` that JSON requires escaped, by the classic "has a byte
/// less than n" test: below 0x20, or equal to `"` or `\\` (zero after the XOR). Only the
/// lowest flag is exact (borrows can flag bytes after it), and only it is used.
fn escape_flags(bytes: [u8; 8]) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let word = u64::from_le_bytes(bytes);
    below(word, 0x20)
        | below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
}

/// The index, within its word, of the first byte `flags` (from [`escape_flags`]) flags.
fn first_flagged(flags: u64) -> usize {
    // Little-endian words: the first byte is the lowest.
    flags.trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{Value, json};

    use crate::Format;
    use crate::testdata;

    fn parsed() -> (String, Value) {
        let text = testdata::render(Format::Json, &testdata::result(), false);
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    /// The report of `testdata::result()`, byte for byte, as serde_json's pretty printer wrote
    /// it when the report was serialized through serde: the layout is part of the schema's
    /// stability.
    #[test]
    fn layout_is_serde_jsons_pretty_layout() {
        let (text, _) = parsed();
        assert_eq!(text, include_str!("../testdata/report.json"));
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut samples: Vec<String> = (0u8..=0x7f).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "plain text that is longer than one word",
                "quote \" and backslash \\ in the middle of a long string",
                "ends with a quote\"",
                "\u{1}\u{1f}\u{7f} control and delete",
                "tab\tnew line\ncarriage return\r",
                "non-ASCII: é 日本 \u{2028} 🦀",
                "exactly8",
                "\"seven\"",
                "\u{80}\u{a2}\u{dc}\u{9f} bytes with the high bit set",
                "日本\"\\\u{1}日本語の\"テキスト",
            ]
            .map(str::to_owned),
        );
        // Each byte to escape at each position of strings of up to three words.
        for len in 1..=24 {
            for at in 0..len {
                for special in ['"', '\\', '\n', '\u{1f}'] {
                    let mut sample = "a".repeat(len);
                    sample.replace_range(at..=at, &special.to_string());
                    samples.push(sample);
                }
            }
        }
        for sample in samples {
            let mut escaped = Vec::new();
            super::escape_into(&mut escaped, sample.as_bytes());
            let expected = serde_json::to_string(&sample).unwrap();
            assert_eq!(
                format!("\"{}\"", String::from_utf8(escaped).unwrap()),
                expected,
                "{sample:?}"
            );
        }
    }

    #[test]
    fn findings_of_one_object_repeat_its_identity() {
        let mut shared = testdata::result();
        let web = shared.findings[0].object.clone();
        shared.findings[1].object = web.clone();
        shared.findings[2].object = web;
        assert_eq!(
            testdata::render(Format::Json, &shared, false),
            include_str!("../testdata/report.json")
        );
    }

    /// A check's recurring entries are rendered per severity too: configuration can override it.
    #[test]
    fn one_check_at_two_severities() {
        let mut result = testdata::result();
        let mut overridden = result.findings[0].clone();
        overridden.severity = kubeward_core::Severity::High;
        result.findings.push(overridden);
        let text = testdata::render(Format::Json, &result, false);
        let v: Value = serde_json::from_str(&text).unwrap();
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings[0]["check"], findings[4]["check"]);
        assert_eq!(findings[0]["severity"], "medium");
        assert_eq!(findings[4]["severity"], "high");
    }

    /// Messages are looked up by address; texts freed and allocated anew, shared or not, as
    /// the engine's can be, must each come out as themselves.
    #[test]
    fn messages_at_reused_addresses_are_not_confused() {
        let mut messages = super::Messages::default();
        for i in 0..100 {
            let message: Arc<str> = format!("message \"{i}\"").into();
            let shared = (i % 2 == 0).then(|| message.clone());
            let mut w = super::Pretty::new();
            messages.write(&mut w, &message);
            let expected = serde_json::to_string(&*message).unwrap();
            assert_eq!(String::from_utf8(w.buffer).unwrap(), expected);
            drop(shared);
        }
    }

    /// Check pieces are looked up by the address of the id: a copy of an id elsewhere (with
    /// its Pod Security Standards control, looked up by text) renders the same.
    #[test]
    fn check_ids_at_other_addresses_render_the_same() {
        let mut copies = testdata::result();
        for finding in &mut copies.findings {
            finding.check = finding.check.to_owned().leak();
        }
        assert_eq!(
            testdata::render(Format::Json, &copies, false),
            include_str!("../testdata/report.json")
        );
    }

    /// Arrays cut into runs, across several windows, render the bytes of arrays rendered
    /// whole: the first item without its comma, pieces rendered anew in each run, and empty
    /// arrays as `[]`.
    #[test]
    fn runs_render_the_bytes_of_one_run() {
        let render = |result: &kubeward_core::ScanResult, run_len| {
            let mut out = Vec::new();
            super::render_in_runs(result, &testdata::catalogue(), &mut out, run_len).unwrap();
            String::from_utf8(out).unwrap()
        };
        let mut many = testdata::result();
        let findings = many.findings.clone();
        let scores = many.scores.clone();
        // Each finding and score recurs, so that runs start both inside and after a stretch
        // of shared pieces.
        for i in 0..40 {
            many.findings.extend(findings.iter().skip(i % 3).cloned());
            many.scores.extend(scores.iter().skip(i % 2).cloned());
        }
        let mut empty = testdata::result();
        empty.findings.clear();
        empty.errors.clear();
        empty.scores.clear();
        for result in [testdata::result(), many, empty] {
            let whole = render(&result, usize::MAX);
            for run_len in [1, 2, 3, 7, 64] {
                assert_eq!(render(&result, run_len), whole, "runs of {run_len}");
            }
        }
    }

    #[test]
    fn pretty_with_trailing_newline() {
        let (text, _) = parsed();
        assert!(text.starts_with("{\n  \"version\": 1,\n"));
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn findings() {
        let (_, v) = parsed();
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 4);
        assert_eq!(
            findings[0],
            json!({
                "check": "missing-readiness-probe",
                "severity": "medium",
                "category": "reliability",
                "message": "container has no readiness probe | traffic <may> arrive early",
                "file": "deploy/web.yaml",
                "line": 18,
                "column": 9,
                "object": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
                "container": "app"
            })
        );
        assert_eq!(
            findings[1]["exempted"],
            json!({"source": "annotation", "reason": "pinned by the registry mirror"})
        );
        assert!(findings[0].get("exempted").is_none());
        // A finding without container or namespace.
        let naked = &findings[3];
        assert!(naked.get("container").is_none());
        assert_eq!(naked["object"]["namespace"], Value::Null);
        assert_eq!(naked["object"]["kind"], "Pod");
    }

    #[test]
    fn errors_objects_and_summary() {
        let (_, v) = parsed();
        assert_eq!(
            v["errors"],
            json!([{"file": "broken.yaml", "line": 3, "column": 7, "message": "mapping values are not allowed here"}])
        );
        assert_eq!(v["objects"].as_array().unwrap().len(), 3);
        assert_eq!(
            v["objects"][2],
            json!({"apiVersion": "v1", "kind": "Pod", "namespace": null, "name": "debug",
                   "file": "pod.yaml", "line": 1, "score": 95})
        );
        assert_eq!(
            v["summary"],
            json!({
                "files": 3, "objects": 3, "skipped": 1, "findings": 3,
                "bySeverity": {"critical": 1, "high": 0, "medium": 1, "low": 1, "info": 0},
                "exempted": 1, "errors": 1, "score": 85
            })
        );
    }

    #[test]
    fn by_severity_keeps_its_order_and_fills_gaps() {
        let mut result = testdata::result();
        result.summary.by_severity = vec![(kubeward_core::Severity::High, 2)];
        let text = testdata::render(Format::Json, &result, false);
        let start = text.find("\"bySeverity\"").unwrap();
        let keys: Vec<usize> = ["critical", "high", "medium", "low", "info"]
            .iter()
            .map(|k| text[start..].find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["summary"]["bySeverity"]["high"], 2);
        assert_eq!(v["summary"]["bySeverity"]["critical"], 0);
    }
}

#[cfg(test)]
mod pss_tests {
    use serde_json::{Value, json};

    use crate::Format;
    use crate::testdata;

    #[test]
    fn pod_security_findings_carry_their_control() {
        let text = testdata::render(Format::Json, &testdata::result(), false);
        let report: Value = serde_json::from_str(&text).unwrap();
        let findings = report["findings"].as_array().unwrap();
        let privileged = findings
            .iter()
            .find(|f| f["check"] == "privileged-container")
            .unwrap();
        assert_eq!(
            privileged["pss"],
            json!({"level": "baseline", "control": "Privileged Containers"})
        );
        assert!(
            findings
                .iter()
                .filter(|f| f["check"] != "privileged-container")
                .all(|f| f.get("pss").is_none())
        );
    }
}
