//! Turning one document's parser events into a [`Document`], within limits.

use std::borrow::Cow;
use std::cell::Cell;

use granit_parser::{Event, ScalarStyle, Span, Tag};

use crate::common;
use crate::error::{DocumentError, ErrorKind};
use crate::resolve::{self, ScalarKind};
use crate::tree::{Document, Kind, Node, Position, Style, Trap, TrapKind};

/// Bounds that keep hostile input from costing unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes. The API server refuses requests over 3 MiB.
    pub max_document_bytes: usize,
    /// Deepest nesting of collections, counting those reached through aliases.
    pub max_depth: usize,
    /// Most nodes a document may expand to through aliases when that is also more than twice the
    /// nodes it actually contains ("billion laughs").
    pub max_expanded_nodes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 8 << 20,
            max_depth: 256,
            max_expanded_nodes: 1_000_000,
        }
    }
}

impl Limits {
    /// A [`ErrorKind::TooLarge`] error at `at` when a document of `len` bytes is over
    /// [`Limits::max_document_bytes`].
    pub(crate) fn check_size(&self, len: usize, at: Position) -> Result<(), DocumentError> {
        if len <= self.max_document_bytes {
            return Ok(());
        }
        Err(DocumentError::new(
            ErrorKind::TooLarge,
            at,
            format!(
                "document is {len} bytes, over the limit of {} bytes",
                self.max_document_bytes
            ),
        ))
    }
}

/// Parses one document chunk (see [`crate::split_documents`]) that starts at stream line
/// `first_line`. Returns `Ok(None)` when the chunk holds no content (only comments, or `null`).
pub fn parse_document(
    bytes: &[u8],
    first_line: u32,
    limits: &Limits,
) -> Result<Option<Document>, DocumentError> {
    let at = |line: u32, column: u32| Position {
        line: first_line + line - 1,
        column,
    };
    limits.check_size(bytes.len(), at(1, 1))?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count() as u32
            + 1;
        DocumentError::new(
            ErrorKind::InvalidUtf8,
            at(line, column),
            "invalid UTF-8 byte sequence".into(),
        )
    })?;
    if let Some(doc) = crate::fast::parse(text, first_line, limits) {
        return Ok(doc);
    }
    crate::granit::parse_with_granit(text, first_line, limits)
}

/// The error for nesting past [`Limits::max_depth`], from either parser.
#[cold]
pub(crate) fn too_deep(position: Position, limits: &Limits) -> DocumentError {
    DocumentError::new(
        ErrorKind::TooDeep,
        position,
        format!("nesting is deeper than {} levels", limits.max_depth),
    )
}

/// Whether a closing mapping may hold `<<` merge keys, which need looking for: not when the
/// fast path built it (it refuses them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum MergeKeys {
    Possible,
    None,
}

#[derive(PartialEq, Eq)]
pub(crate) enum Flow {
    More,
    Done,
}

struct Frame {
    node: Node,
    anchor: usize,
    /// Index into `pending` where this collection's children start.
    first_child: usize,
    /// Expanded node count before this collection opened.
    expanded_before: u64,
    /// Height of the tallest child.
    child_height: u32,
}

/// A builder's growing buffers, kept from one document to the next on each thread (as large as
/// the largest document the thread has read): allocating them for every document, and shrinking
/// the finished arrays to size, cost more than copying the finished arrays out once.
#[derive(Default)]
struct Workspace {
    nodes: Vec<Node>,
    text: String,
    pending: Vec<Node>,
    stack: Vec<Frame>,
}

impl Workspace {
    const fn new() -> Self {
        Workspace {
            nodes: Vec::new(),
            text: String::new(),
            pending: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.nodes.clear();
        self.text.clear();
        self.pending.clear();
        self.stack.clear();
    }
}

thread_local! {
    static WORKSPACE: Cell<Workspace> = const { Cell::new(Workspace::new()) };
}

#[derive(Clone, Copy)]
struct Anchored {
    node: Node,
    expanded: u64,
    height: u32,
}

pub(crate) struct Builder<'l> {
    /// The finished nodes (`nodes`), scalar texts not in the common table (`text`), the
    /// children of the open collections (`pending`) and those collections (`stack`).
    buffers: Workspace,
    anchors: Vec<Option<Anchored>>,
    root: Option<Node>,
    real_nodes: u64,
    expanded: u64,
    line_offset: u32,
    limits: &'l Limits,
    started: bool,
    traps: Vec<Trap>,
}

impl<'l> Builder<'l> {
    pub(crate) fn new(source_len: usize, first_line: u32, limits: &'l Limits) -> Self {
        let mut buffers = WORKSPACE.take();
        // Nothing to do but on a thread's first documents: room for a typical manifest, so that
        // the buffers rarely grow step by step.
        buffers.nodes.reserve(source_len / 12);
        buffers.text.reserve(source_len / 2);
        buffers.pending.reserve(64);
        buffers.stack.reserve(16);
        Builder {
            buffers,
            anchors: Vec::new(),
            root: None,
            real_nodes: 0,
            expanded: 0,
            line_offset: first_line - 1,
            limits,
            started: false,
            traps: Vec::new(),
        }
    }

    pub(crate) fn position(&self, span: &Span) -> Position {
        Position {
            line: span.start.line() as u32 + self.line_offset,
            column: span.start.col() as u32 + 1,
        }
    }

    fn in_key_position(&self) -> bool {
        self.buffers.stack.last().is_some_and(|f| {
            f.node.kind() == Kind::Map
                && (self.buffers.pending.len() - f.first_child).is_multiple_of(2)
        })
    }

    pub(crate) fn push(&mut self, event: Event<'_>, span: Span) -> Result<Flow, DocumentError> {
        let pos = self.position(&span);
        match event {
            Event::DocumentStart(..) => {
                // Like go-yaml's Unmarshal, only the first document of a chunk counts.
                if self.started {
                    return Ok(Flow::Done);
                }
                self.started = true;
            }
            Event::DocumentEnd => return Ok(Flow::Done),
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar_event(&value, style, anchor, tag.as_deref(), pos)?;
            }
            Event::SequenceStart(_, anchor, _) => self.start_collection(Kind::Seq, anchor, pos)?,
            Event::MappingStart(_, anchor, _) => self.start_collection(Kind::Map, anchor, pos)?,
            Event::SequenceEnd | Event::MappingEnd => self.end_collection(pos)?,
            Event::Alias(id) => {
                let anchored = self.anchors.get(id).copied().flatten().ok_or_else(|| {
                    DocumentError::new(
                        ErrorKind::Syntax,
                        pos,
                        "alias refers to an unknown anchor".into(),
                    )
                })?;
                let mut node = anchored.node;
                if self.in_key_position() && node.kind() != Kind::Str {
                    return Err(DocumentError::new(
                        ErrorKind::UnsupportedKey,
                        pos,
                        "an alias to a non-string value used as a mapping key".into(),
                    ));
                }
                // The alias reads the anchor's value, but findings should point where it is used.
                node.set_pos(pos);
                if !self.in_key_position() {
                    let path = self.path().into_boxed_str();
                    self.traps.push(Trap {
                        position: pos,
                        kind: TrapKind::Alias {
                            path,
                            anchor: anchored.node.pos(),
                        },
                    });
                }
                self.add_child(node, anchored.expanded, anchored.height, pos)?;
            }
            _ => {}
        }
        Ok(Flow::More)
    }

    /// A scalar event: `value` written in `style` at `pos` (stream coordinates). The granit path
    /// and the JSON reader build scalars through here; the fast path through
    /// [`Self::fast_scalar`].
    pub(crate) fn scalar_event(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        pos: Position,
    ) -> Result<(), DocumentError> {
        let node = self.scalar(value, style, tag, pos)?;
        self.real_nodes += 1;
        self.remember(anchor, node, 1, 0);
        self.add_child(node, 1, 0, pos)
    }

    /// A scalar from the fast path (`crate::fast`): `value` written in `written` style (plain,
    /// quoted or block) at `pos`, a mapping key if `is_key`. It has no tag or anchor, and the fast
    /// path knows where keys are, so this skips [`Self::scalar_event`]'s general bookkeeping:
    /// without aliases nothing expands (so the node counts, which only bound expansion, are not
    /// kept), the fast path keeps well inside the depth limit, and a scalar is never the
    /// root (it refuses scalar roots) nor raises its parent's height. `None` on an error: the fast
    /// path leaves errors to granit, so it needs no error value (whose size would make every
    /// call return through memory).
    // Inlined into the fast path's few call sites: a call's register saves and argument moves
    // would cost about as much as the common-text lookup.
    #[inline(always)]
    pub(crate) fn fast_scalar(
        &mut self,
        value: &str,
        written: Style,
        is_key: bool,
        pos: Position,
    ) -> Option<()> {
        debug_assert_eq!(is_key, self.in_key_position());
        debug_assert!(
            !self.buffers.stack.is_empty() && self.buffers.stack.len() < self.limits.max_depth
        );
        // The common-text hit (most keys, many values) stays out of the call below.
        let node = match common_node(value, written, pos) {
            Some(node) => node,
            None => self.uncommon_scalar(value, written, is_key, pos).ok()?,
        };
        self.buffers.pending.push(node);
        Some(())
    }

    /// The start of a sequence or mapping (`kind`) at `pos`.
    pub(crate) fn start_collection(
        &mut self,
        kind: Kind,
        anchor: usize,
        pos: Position,
    ) -> Result<(), DocumentError> {
        if self.in_key_position() {
            return Err(DocumentError::new(
                ErrorKind::UnsupportedKey,
                pos,
                "a collection used as a mapping key cannot be converted to JSON".into(),
            ));
        }
        self.real_nodes += 1;
        self.buffers.stack.push(Frame {
            node: Node::new(kind, Style::Container, false, pos, 0, 0),
            anchor,
            first_child: self.buffers.pending.len(),
            expanded_before: self.expanded,
            child_height: 0,
        });
        Ok(())
    }

    /// The end of the innermost open collection; `pos` only locates a limit error.
    pub(crate) fn end_collection(&mut self, pos: Position) -> Result<(), DocumentError> {
        let frame = self
            .buffers
            .stack
            .pop()
            .expect("parser balances collections");
        let node = self.close_collection(frame.node, frame.first_child, MergeKeys::Possible)?;
        let height = frame.child_height + 1;
        let expanded = self.expanded - frame.expanded_before;
        self.remember(frame.anchor, node, expanded, height);
        self.add_child(node, 0, height, pos)
    }

    /// Hands a closed collection of `height` to the collection it is in, or makes it the root.
    #[inline(always)]
    fn attach_closed(&mut self, node: Node, height: u32) {
        match self.buffers.stack.last_mut() {
            Some(parent) => {
                parent.child_height = parent.child_height.max(height);
                self.buffers.pending.push(node);
            }
            None => self.root = Some(node),
        }
    }

    /// The end of the innermost open collection, from the fast path: like [`Self::end_collection`]
    /// with no anchor to remember and no limit to check (see [`Self::fast_scalar`]: nothing
    /// expands, and the fast path opens no collection near the depth limit). `None` on an error.
    pub(crate) fn fast_end_collection(&mut self) -> Option<()> {
        let frame = self
            .buffers
            .stack
            .pop()
            .expect("fast path balances collections");
        // The fast path refuses `<<` keys.
        let node = self
            .close_collection(frame.node, frame.first_child, MergeKeys::None)
            .ok()?;
        let height = frame.child_height + 1;
        debug_assert!(self.buffers.stack.len() + height as usize <= self.limits.max_depth);
        self.attach_closed(node, height);
        Some(())
    }

    /// Moves the children of a collection just popped off the stack (`node`, its children from
    /// `pending[first_child]` on) to the arena, a mapping's checked for duplicate keys and merged,
    /// and returns the finished node. Inlined into its two callers: one call per collection
    /// closed (the fast path's through `Scanner::close_event`) is enough.
    #[inline(always)]
    fn close_collection(
        &mut self,
        mut node: Node,
        first_child: usize,
        merge_keys: MergeKeys,
    ) -> Result<Node, DocumentError> {
        if node.kind() == Kind::Map {
            self.close_mapping(&mut node, first_child, merge_keys)?;
        } else {
            node.start = self.buffers.nodes.len() as u32;
            node.len = (self.buffers.pending.len() - first_child) as u32;
            self.move_to_arena(first_child);
        }
        self.expanded += 1;
        Ok(node)
    }

    /// Moves the children of a closing collection, `pending[first_child..]`, to the arena. A
    /// copy and a truncation: nodes are `Copy`, and a drain costs more for the few children most
    /// collections have.
    fn move_to_arena(&mut self, first_child: usize) {
        self.buffers
            .nodes
            .extend_from_slice(&self.buffers.pending[first_child..]);
        self.buffers.pending.truncate(first_child);
    }

    fn remember(&mut self, anchor: usize, node: Node, expanded: u64, height: u32) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some(Anchored {
            node,
            expanded,
            height,
        });
    }

    // Inlined into the event handlers (every node comes through here), with its errors kept out
    // of line.
    #[inline]
    fn add_child(
        &mut self,
        node: Node,
        expanded: u64,
        height: u32,
        pos: Position,
    ) -> Result<(), DocumentError> {
        self.expanded += expanded;
        if self.expanded > self.limits.max_expanded_nodes && self.expanded > 2 * self.real_nodes {
            return Err(self.expansion_error(pos));
        }
        if self.buffers.stack.len() + height as usize > self.limits.max_depth {
            return Err(too_deep(pos, self.limits));
        }
        self.attach_closed(node, height);
        Ok(())
    }

    #[cold]
    fn expansion_error(&self, pos: Position) -> DocumentError {
        DocumentError::new(
            ErrorKind::AliasExpansion,
            pos,
            format!(
                "aliases expand the document to more than {} nodes (from {} written)",
                self.limits.max_expanded_nodes, self.real_nodes
            ),
        )
    }

    /// A scalar node holding `text`: a reference to the common table when it is there, else
    /// a copy in the document's buffer.
    fn scalar_node(
        &mut self,
        kind: Kind,
        style: Style,
        bool_value: bool,
        pos: Position,
        text: &str,
    ) -> Node {
        if let Some(index) = common::find(text) {
            return Node::new(kind, style, bool_value, pos, 0, 0).with_common_text(index);
        }
        self.buffer_node(kind, style, bool_value, pos, text)
    }

    /// A scalar node holding a copy of `text`, which is known not to be in the common table.
    fn buffer_node(
        &mut self,
        kind: Kind,
        style: Style,
        bool_value: bool,
        pos: Position,
        text: &str,
    ) -> Node {
        let start = self.buffers.text.len() as u32;
        self.buffers.text.push_str(text);
        Node::new(kind, style, bool_value, pos, start, text.len() as u32)
    }

    /// The keys and indexes from the root to the node about to be added, as
    /// [`TrapKind::Alias`] spells them.
    fn path(&self) -> String {
        let mut path = String::new();
        for (depth, frame) in self.buffers.stack.iter().enumerate() {
            // The position of this frame's child: the next frame's start, or the node to come.
            let child_at = self
                .buffers
                .stack
                .get(depth + 1)
                .map_or(self.buffers.pending.len(), |f| f.first_child);
            let written = child_at - frame.first_child;
            if frame.node.kind() == Kind::Map {
                let key = self.buffers.pending[child_at - 1];
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(self.key_text(&key));
            } else {
                path.push_str(&format!("[{written}]"));
            }
        }
        path
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        pos: Position,
    ) -> Result<Node, DocumentError> {
        let is_key = self.in_key_position();
        let written = match style {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
            _ => Style::Block,
        };
        let Some(tag) = tag else {
            return self.untagged_scalar(value, written, is_key, pos);
        };
        // go-yaml resolves a scalar with a core-schema tag by its text whatever its quoting, and
        // keeps any other tag's scalar (`!custom 12`, `!!map x`) as the string written.
        let core = tag.suffix_in_namespace("tag:yaml.org,2002:");
        let resolved = match core.as_deref() {
            Some("binary") => {
                let decoded = decode_binary(value).ok_or_else(|| {
                    DocumentError::new(
                        ErrorKind::Syntax,
                        pos,
                        "!!binary value contains invalid base64 data".into(),
                    )
                })?;
                return self.typed_scalar(&decoded, Style::Tagged, ScalarKind::Str, is_key, pos);
            }
            Some(t @ ("bool" | "int" | "float" | "null" | "timestamp")) => {
                let kind = resolve::resolve_plain(value);
                let matches = match (t, kind) {
                    ("bool", ScalarKind::Bool(_))
                    | ("int", ScalarKind::Int)
                    | ("float", ScalarKind::Float)
                    | ("null", ScalarKind::Null) => true,
                    // go-yaml converts a signed integer to a float, not an unsigned one.
                    ("float", ScalarKind::Int) => {
                        resolve::parse_go_int(value).is_some_and(|v| v <= i64::MAX as i128)
                    }
                    ("timestamp", _) => resolve::is_go_timestamp(value),
                    _ => false,
                };
                if !matches {
                    return Err(DocumentError::new(
                        ErrorKind::Syntax,
                        pos,
                        format!("cannot read {value:?} as !!{t}"),
                    ));
                }
                match t {
                    "float" => ScalarKind::Float,
                    "timestamp" => ScalarKind::Str,
                    _ => kind,
                }
            }
            _ => ScalarKind::Str,
        };
        self.typed_scalar(value, Style::Tagged, resolved, is_key, pos)
    }

    /// The node of a scalar without a tag, written in `written` style: plain scalars resolve by
    /// their text, others are strings.
    fn untagged_scalar(
        &mut self,
        value: &str,
        written: Style,
        is_key: bool,
        pos: Position,
    ) -> Result<Node, DocumentError> {
        if let Some(node) = common_node(value, written, pos) {
            return Ok(node);
        }
        self.uncommon_scalar(value, written, is_key, pos)
    }

    /// [`Self::untagged_scalar`] for a text known not to be in the common table.
    fn uncommon_scalar(
        &mut self,
        value: &str,
        written: Style,
        is_key: bool,
        pos: Position,
    ) -> Result<Node, DocumentError> {
        let resolved = if written == Style::Plain {
            resolve::resolve_plain(value)
        } else {
            ScalarKind::Str
        };
        if written == Style::Plain && !is_key {
            self.note_plain_value(value, resolved, pos);
        }
        if is_key && resolved != ScalarKind::Str {
            return self.key_scalar(value, written, resolved, pos);
        }
        Ok(self.buffer_node(
            resolved.into(),
            written,
            matches!(resolved, ScalarKind::Bool(true)),
            pos,
            value,
        ))
    }

    /// A scalar of a known type: a key (converted to a string) or a value.
    fn typed_scalar(
        &mut self,
        value: &str,
        style: Style,
        resolved: ScalarKind,
        is_key: bool,
        pos: Position,
    ) -> Result<Node, DocumentError> {
        if is_key {
            // Nearly every key is a string, which needs no conversion.
            if resolved == ScalarKind::Str {
                return Ok(self.scalar_node(Kind::Str, style, false, pos, value));
            }
            return self.key_scalar(value, style, resolved, pos);
        }
        Ok(self.scalar_node(
            resolved.into(),
            style,
            matches!(resolved, ScalarKind::Bool(true)),
            pos,
            value,
        ))
    }

    /// Records a plain scalar that Kubernetes reads unlike a YAML 1.2 tool (`yes`, `0755`), that
    /// YAML 1.1 tools read as a base-60 number (`1:30`), or that JSON cannot hold (`.inf`). Strings and nulls read alike
    /// everywhere, so nearly every scalar is settled by its resolved kind alone.
    fn note_plain_value(&mut self, value: &str, resolved: ScalarKind, pos: Position) {
        let bytes = value.as_bytes();
        let differs = match resolved {
            ScalarKind::Null => false,
            // The common cases, settled without parsing: `true`/`false` and decimal integers
            // such as `80` read the same in YAML 1.2.
            ScalarKind::Bool(_) => !matches!(bytes.first(), Some(b't' | b'T' | b'f' | b'F')),
            ScalarKind::Int
                if bytes.iter().all(u8::is_ascii_digit)
                    && (bytes.len() == 1 || bytes[0] != b'0') =>
            {
                false
            }
            ScalarKind::Str => {
                bytes
                    .first()
                    .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+'))
                    && value.contains(':')
                    && resolve::sexagesimal(value).is_some()
            }
            // Infinity and NaN read alike everywhere, but JSON cannot hold them: Kubernetes
            // cannot convert the document at all.
            ScalarKind::Float if resolve::parse_float(value).is_some_and(|v| !v.is_finite()) => {
                true
            }
            _ => !resolve::kubernetes_reading(value).agrees_with(resolve::yaml12_reading(value)),
        };
        if differs {
            self.note_scalar(value, false, pos);
        }
    }

    fn note_scalar(&mut self, written: &str, key: bool, position: Position) {
        self.traps.push(Trap {
            position,
            kind: TrapKind::Scalar {
                written: written.into(),
                key,
            },
        });
    }

    /// Kubernetes turns every mapping key into a JSON string: `y:` becomes `"true"`, `010:` `"8"`,
    /// `1e3:` `"1000"`, as `sigs.k8s.io/yaml` converts go-yaml's key values.
    // Out of line: nearly every key is a string, which needs no conversion.
    #[cold]
    fn key_scalar(
        &mut self,
        value: &str,
        written: Style,
        resolved: ScalarKind,
        pos: Position,
    ) -> Result<Node, DocumentError> {
        let unsupported = |what: &str| {
            DocumentError::new(
                ErrorKind::UnsupportedKey,
                pos,
                format!("mapping key {value:?} ({what}) cannot be converted to a JSON string"),
            )
        };
        let converted: Cow<'_, str> = match resolved {
            ScalarKind::Str => Cow::Borrowed(value),
            ScalarKind::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            ScalarKind::Int => match resolve::parse_go_int(value) {
                // go-yaml gives an unsigned integer for values past i64, which has no conversion.
                Some(v) if v > i64::MAX as i128 => return Err(unsupported("an unsigned integer")),
                Some(v) => Cow::Owned(v.to_string()),
                None => Cow::Borrowed(value),
            },
            ScalarKind::Float => {
                Cow::Owned(float_key(resolve::parse_float(value).unwrap_or(f64::NAN)))
            }
            ScalarKind::Null => {
                return Err(DocumentError::new(
                    ErrorKind::UnsupportedKey,
                    pos,
                    "a null mapping key cannot be converted to JSON".into(),
                ));
            }
        };
        let style = if matches!(resolved, ScalarKind::Str) {
            written
        } else {
            if written == Style::Plain && converted != value {
                self.note_scalar(value, true, pos);
            }
            Style::ConvertedKey
        };
        Ok(self.scalar_node(Kind::Str, style, false, pos, &converted))
    }

    fn key_text(&self, node: &Node) -> &str {
        node.text(&self.buffers.text)
    }

    #[inline]
    fn is_merge_key(&self, key: &Node) -> bool {
        // Every key of every mapping is tested: its length settles nearly all.
        key.len == 2 && key.style() == Style::Plain && self.key_text(key) == "<<"
    }

    /// Moves a finished mapping's entries into the arena, expanding `<<` merge keys and rejecting
    /// duplicate keys.
    ///
    /// Keys take effect in the order written, as go-yaml decodes a mapping: a `<<` sets the keys
    /// of its mappings (those of a sequence from the last to the first, so the earlier wins) and
    /// a key set again replaces the value. Such a collision is recorded as a trap: strict decoding
    /// rejects it. A key written twice is an error.
    fn close_mapping(
        &mut self,
        node: &mut Node,
        first_child: usize,
        merge_keys: MergeKeys,
    ) -> Result<(), DocumentError> {
        // Without merge keys (nearly always), the entries move into the arena as they are.
        let written = &self.buffers.pending[first_child..];
        let has_merge_key = || written.iter().step_by(2).any(|k| self.is_merge_key(k));
        let merging = match merge_keys {
            MergeKeys::Possible => has_merge_key(),
            MergeKeys::None => {
                debug_assert!(!has_merge_key());
                false
            }
        };
        if !merging {
            self.reject_duplicates(written.chunks_exact(2).map(|entry| &entry[0]))?;
            node.start = self.buffers.nodes.len() as u32;
            node.len = (written.len() / 2) as u32;
            self.move_to_arena(first_child);
            return Ok(());
        }
        self.close_merging_mapping(node, first_child)
    }

    /// [`Self::close_mapping`] for a mapping with `<<` merge keys: rare, and kept out of line, so
    /// that the closing of every other collection needs no room for its work.
    #[cold]
    #[inline(never)]
    fn close_merging_mapping(
        &mut self,
        node: &mut Node,
        first_child: usize,
    ) -> Result<(), DocumentError> {
        let children: Vec<Node> = self.buffers.pending.drain(first_child..).collect();
        self.reject_duplicates(
            children
                .iter()
                .step_by(2)
                .filter(|k| !self.is_merge_key(k))
                .collect::<Vec<_>>()
                .into_iter(),
        )?;
        let mut entries: Vec<(Node, Node)> = Vec::with_capacity(children.len() / 2);
        // Key text -> (index in `entries`, where it was set).
        let mut set_at: std::collections::HashMap<String, (usize, Position)> =
            std::collections::HashMap::new();
        for pair in children.chunks_exact(2) {
            let (key, value) = (pair[0], pair[1]);
            let merged = if self.is_merge_key(&key) {
                self.merge_sources(&value)?
            } else {
                vec![(key, value)]
            };
            // A merged key counts as set at its `<<`; an explicit key where it is written.
            let at = key.pos();
            for (k, v) in merged.into_iter().rev() {
                let text = self.key_text(&k).to_owned();
                match set_at.get_mut(&text) {
                    Some(set) => {
                        let (index, first) = *set;
                        *set = (index, at);
                        entries[index].1 = v;
                        self.traps.push(Trap {
                            position: at,
                            kind: TrapKind::MergeOverride {
                                key: text.into_boxed_str(),
                                first,
                            },
                        });
                    }
                    None => {
                        set_at.insert(text, (entries.len(), at));
                        entries.push((k, v));
                    }
                }
            }
        }
        node.start = self.buffers.nodes.len() as u32;
        node.len = entries.len() as u32;
        for (k, v) in entries {
            self.buffers.nodes.push(k);
            self.buffers.nodes.push(v);
        }
        Ok(())
    }

    /// The entries a `<<` merges, in the order go-yaml sets them reversed: the first mapping's
    /// entries first (go-yaml applies the mappings of a sequence from the last, so the earlier
    /// wins). Entries are returned in precedence order, to be applied from the end.
    fn merge_sources(&self, value: &Node) -> Result<Vec<(Node, Node)>, DocumentError> {
        let sources: Vec<Node> = match value.kind() {
            Kind::Map => vec![*value],
            Kind::Seq => {
                let start = value.start as usize;
                self.buffers.nodes[start..start + value.len as usize].to_vec()
            }
            _ => vec![],
        };
        if sources.is_empty() && value.kind() != Kind::Seq
            || sources.iter().any(|s| s.kind() != Kind::Map)
        {
            return Err(DocumentError::new(
                ErrorKind::MergeValue,
                value.pos(),
                "a `<<` merge key needs a mapping or a sequence of mappings".into(),
            ));
        }
        let mut out = Vec::new();
        for source in sources {
            let start = source.start as usize;
            let entries = &self.buffers.nodes[start..start + 2 * source.len as usize];
            out.extend(entries.chunks_exact(2).map(|p| (p[0], p[1])));
        }
        Ok(out)
    }

    /// Rejects a key written twice among `keys`.
    fn reject_duplicates<'k>(
        &self,
        keys: impl ExactSizeIterator<Item = &'k Node> + Clone,
    ) -> Result<(), DocumentError> {
        if keys.len() > 16 {
            return self.reject_duplicates_hashed(keys);
        }
        // Every mapping is checked: rather than comparing each key with all earlier ones, mark
        // a bit per key, the same bit for the same text, and compare only a key whose bit an
        // earlier key took (rare).
        let mut taken = 0u64;
        for (i, later) in keys.clone().enumerate() {
            let bit = self.key_bit(later);
            if taken & bit != 0
                && let Some(earlier) = keys
                    .clone()
                    .take(i)
                    // Lengths settle most pairs without a call.
                    .find(|k| k.len == later.len && k.same_text(later, &self.buffers.text))
            {
                return Err(self.duplicate_key(earlier, later));
            }
            taken |= bit;
        }
        Ok(())
    }

    /// One bit of a word for a key, the same for keys of the same text: a common text is always
    /// stored as a reference to the table (see [`Node::same_text`]), told by its index, and any
    /// other by its length and first byte.
    #[inline(always)]
    fn key_bit(&self, key: &Node) -> u64 {
        let tag = key.common_index().unwrap_or_else(|| {
            let first = match key.len {
                0 => 0,
                _ => self.buffers.text.as_bytes()[key.start as usize],
            };
            1 << 31 | key.len << 8 | u32::from(first)
        });
        1 << (u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)
    }

    /// [`Self::reject_duplicates`] for a large mapping, through a hash map. Out of line, so that
    /// closing a small mapping needs no room for the map.
    #[inline(never)]
    fn reject_duplicates_hashed<'k>(
        &self,
        keys: impl ExactSizeIterator<Item = &'k Node>,
    ) -> Result<(), DocumentError> {
        let mut seen = std::collections::HashMap::with_capacity(keys.len());
        for key in keys {
            if let Some(earlier) = seen.insert(self.key_text(key), key) {
                return Err(self.duplicate_key(earlier, key));
            }
        }
        Ok(())
    }

    #[cold]
    fn duplicate_key(&self, first: &Node, second: &Node) -> DocumentError {
        DocumentError::new(
            ErrorKind::DuplicateKey,
            second.pos(),
            format!(
                "duplicate key {:?} (first at line {}, column {})",
                self.key_text(second),
                first.pos().line,
                first.pos().column
            ),
        )
    }

    pub(crate) fn finish(mut self) -> Option<Document> {
        let root = self.root.filter(|r| r.kind() != Kind::Null)?;
        // Documents outlive parsing (checks relate them to each other): keep only what is used.
        self.traps.sort_by_key(|t| t.position);
        Some(Document {
            nodes: self.buffers.nodes.as_slice().into(),
            text: self.buffers.text.as_str().into(),
            root,
            traps: std::mem::take(&mut self.traps).into_boxed_slice(),
        })
    }
}

impl Drop for Builder<'_> {
    /// Hands the buffers back, empty, for the next document on this thread.
    fn drop(&mut self) {
        let mut buffers = std::mem::take(&mut self.buffers);
        buffers.clear();
        WORKSPACE.set(buffers);
    }
}

/// The node of an untagged scalar whose text is in the common table, if it is. Most scalars of a
/// manifest are common texts, which all read as plain strings (checked by a test): they need no
/// resolution, and the node refers to the table.
#[inline(always)]
fn common_node(value: &str, written: Style, pos: Position) -> Option<Node> {
    common::find(value)
        .map(|index| Node::new(Kind::Str, written, false, pos, 0, 0).with_common_text(index))
}

/// A float mapping key as `sigs.k8s.io/yaml` spells it: Go's `strconv.FormatFloat(v, 'g', -1, 32)`
/// (the shortest digits of the value rounded to 32 bits, in exponent form below 1e-4 and from
/// 1e6 on: `1e+06`), with `.inf`, `-.inf` and `.nan` for the values JSON lacks.
fn float_key(value: f64) -> String {
    let single = value as f32;
    if single.is_nan() {
        return ".nan".into();
    }
    if single.is_infinite() {
        return if single > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let magnitude = single.abs();
    if magnitude == 0.0 || (1e-4..1e6).contains(&magnitude) {
        return format!("{single}");
    }
    let mut out = String::new();
    crate::json::write_exponent(&format!("{single:e}"), 2, &mut out);
    out
}

/// Decodes a `!!binary` scalar as go-yaml does (Go's padded standard base64, line breaks
/// ignored). The bytes become text; a byte that is not UTF-8 becomes U+FFFD, as Go's JSON
/// encoder writes it.
fn decode_binary(value: &str) -> Option<String> {
    use base64::Engine;
    const GO_STD_ENCODING: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical),
    );
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n'))
        .collect();
    let bytes = GO_STD_ENCODING.decode(compact).ok()?;
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        // Go replaces each invalid byte on its own.
        text.extend(chunk.invalid().iter().map(|_| char::REPLACEMENT_CHARACTER));
    }
    Some(text)
}
