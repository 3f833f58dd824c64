//! The compact positioned tree.
//!
//! One [`Document`] owns a flat arena of fixed-size nodes and one string buffer holding every
//! scalar's text; a container's children sit next to each other in the arena. An alias is a copy
//! of its anchor's node, so it shares the anchor's children instead of duplicating them. This keeps
//! a parsed manifest at roughly the size of its source text, and lets many documents be held at
//! once for checks that relate objects to each other.

use crate::common;
use crate::resolve::{self, ScalarKind};

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Line, starting at 1.
    pub line: u32,
    /// Column, starting at 1.
    pub column: u32,
}

/// The type a node resolves to, as Kubernetes reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// `null`, `~` or nothing.
    Null,
    /// `true`/`false`, including YAML 1.1 spellings (`yes`, `on`, ...).
    Bool,
    /// An integer.
    Int,
    /// A floating-point number.
    Float,
    /// A string.
    Str,
    /// A sequence.
    Seq,
    /// A mapping.
    Map,
}

/// How a scalar was written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Style {
    /// Not a scalar.
    Container,
    /// Plain (unquoted).
    Plain,
    /// `'single'` or `"double"` quoted.
    Quoted,
    /// `|` literal or `>` folded block.
    Block,
    /// A mapping key that Kubernetes converts to a string (`y:` becomes `"true"`).
    ConvertedKey,
    /// A scalar with an explicit tag (`!!str 10`, `!!int "10"`): its type is written out.
    Tagged,
}

/// A node in 16 bytes: the column shares a word with the kind, style and boolean value (a
/// document is at most a few MiB, so 24 bits of column are plenty).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    line: u32,
    /// Bits 0-23: column. 24-26: kind. 27-29: style. 30: boolean value. 31: text is common.
    column_and_flags: u32,
    /// Scalars: byte offset into the text buffer, or index into [`common::TEXTS`].
    /// Containers: index of the first child.
    pub(crate) start: u32,
    /// Scalars: byte length. Sequences: item count. Mappings: entry count (children are pairs).
    pub(crate) len: u32,
}

const COLUMN_MASK: u32 = (1 << 24) - 1;
const BOOL_BIT: u32 = 1 << 30;
const COMMON_BIT: u32 = 1 << 31;

impl Node {
    pub(crate) fn new(
        kind: Kind,
        style: Style,
        bool_value: bool,
        pos: Position,
        start: u32,
        len: u32,
    ) -> Node {
        let flags =
            ((kind as u32) << 24) | ((style as u32) << 27) | if bool_value { BOOL_BIT } else { 0 };
        Node {
            line: pos.line,
            column_and_flags: pos.column.min(COLUMN_MASK) | flags,
            start,
            len,
        }
    }

    /// A scalar whose text is `common::TEXTS[index]` rather than in the document's buffer.
    pub(crate) fn with_common_text(mut self, index: u32) -> Node {
        self.column_and_flags |= COMMON_BIT;
        self.start = index;
        self.len = common::TEXTS[index as usize].len() as u32;
        self
    }

    // Matches rather than tables indexed by the bits: every lookup asks a node's kind, and the
    // matches compile to a clamp, without a table load or a bounds check.
    pub(crate) fn kind(&self) -> Kind {
        match (self.column_and_flags >> 24) & 0b111 {
            0 => Kind::Null,
            1 => Kind::Bool,
            2 => Kind::Int,
            3 => Kind::Float,
            4 => Kind::Str,
            5 => Kind::Seq,
            _ => Kind::Map,
        }
    }

    pub(crate) fn style(&self) -> Style {
        match (self.column_and_flags >> 27) & 0b111 {
            0 => Style::Container,
            1 => Style::Plain,
            2 => Style::Quoted,
            3 => Style::Block,
            4 => Style::ConvertedKey,
            _ => Style::Tagged,
        }
    }

    pub(crate) fn bool_value(&self) -> bool {
        self.column_and_flags & BOOL_BIT != 0
    }

    pub(crate) fn pos(&self) -> Position {
        Position {
            line: self.line,
            column: self.column_and_flags & COLUMN_MASK,
        }
    }

    pub(crate) fn set_pos(&mut self, pos: Position) {
        self.line = pos.line;
        self.column_and_flags =
            (self.column_and_flags & !COLUMN_MASK) | pos.column.min(COLUMN_MASK);
    }

    /// Whether two scalars of one document hold the same text. A text in the common table is
    /// always stored as a reference to it, so two such references are equal exactly when they
    /// name the same entry, and never equal a text stored in the buffer.
    #[inline]
    pub(crate) fn same_text(&self, other: &Node, buffer: &str) -> bool {
        let common = self.column_and_flags & COMMON_BIT;
        if common != other.column_and_flags & COMMON_BIT || self.len != other.len {
            return false;
        }
        if common != 0 {
            return self.start == other.start;
        }
        same_bytes(self.text_bytes(buffer), other.text_bytes(buffer))
    }

    /// The index of the scalar's text in [`common::TEXTS`], if it is stored there.
    pub(crate) fn common_index(&self) -> Option<u32> {
        (self.column_and_flags & COMMON_BIT != 0).then_some(self.start)
    }

    /// The scalar's text as bytes, without the UTF-8 boundary checks of slicing a `str`.
    fn text_bytes<'a>(&self, buffer: &'a str) -> &'a [u8] {
        if self.column_and_flags & COMMON_BIT != 0 {
            common::TEXTS[self.start as usize].as_bytes()
        } else {
            self.buffer_bytes(buffer)
        }
    }

    /// The bytes of a scalar whose text is stored in `buffer` (not in the common table).
    #[inline(always)]
    fn buffer_bytes<'a>(&self, buffer: &'a str) -> &'a [u8] {
        &buffer.as_bytes()[self.start as usize..(self.start + self.len) as usize]
    }

    /// The scalar's text, from `buffer` or the common table.
    pub(crate) fn text<'a>(&self, buffer: &'a str) -> &'a str {
        if self.column_and_flags & COMMON_BIT != 0 {
            common::TEXTS[self.start as usize]
        } else {
            &buffer[self.start as usize..(self.start + self.len) as usize]
        }
    }
}

/// One parsed YAML document.
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) nodes: Box<[Node]>,
    pub(crate) text: Box<str>,
    pub(crate) root: Node,
    /// Sorted by position.
    pub(crate) traps: Box<[Trap]>,
}

impl Document {
    /// The document's root node.
    pub fn root(&self) -> NodeRef<'_> {
        NodeRef {
            doc: self,
            node: self.root,
        }
    }

    /// Places where what Kubernetes reads differs from what the text seems to say, in source
    /// order.
    pub fn traps(&self) -> &[Trap] {
        &self.traps
    }

    /// The traps from `from` (included) to `to` (excluded; `None`: to the end).
    pub fn traps_between(&self, from: Position, to: Option<Position>) -> &[Trap] {
        let start = self.traps.partition_point(|t| t.position < from);
        let end = to.map_or(self.traps.len(), |to| {
            self.traps.partition_point(|t| t.position < to)
        });
        &self.traps[start..end.max(start)]
    }
}

/// A place where what Kubernetes reads differs from what the text seems to say, recorded while
/// the document is built (few documents have any, so they cost nothing in the tree itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Trap {
    /// Where: the scalar, the key set twice, or the alias.
    pub position: Position,
    /// What.
    pub kind: TrapKind,
}

/// The kinds of [`Trap`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TrapKind {
    /// A plain scalar that Kubernetes (YAML 1.1) and YAML 1.2 tools read differently (`yes`,
    /// `0755`, `1_000`), that YAML 1.1 tools read as a base-60 number (`1:30`), or that is an
    /// infinity or NaN (`.inf`), which the JSON Kubernetes sends cannot hold; see
    /// [`crate::reading`]. For a mapping key, the key as written (`y`), which Kubernetes turned
    /// into another string (`"true"`).
    Scalar {
        /// The scalar as written.
        written: Box<str>,
        /// Whether it is a mapping key.
        key: bool,
    },
    /// A key set more than once in one mapping through `<<` merge keys: Kubernetes keeps the
    /// value set last, and strict decoding rejects the document.
    MergeOverride {
        /// The key.
        key: Box<str>,
        /// Where the key was set first (the explicit key, or the `<<` that merged it).
        first: Position,
    },
    /// An alias (`*name`): the value written at `anchor` is used at `path`.
    Alias {
        /// Keys and `[index]`es from the document root, dot-separated
        /// (`spec.containers[0].securityContext`); a `<<` merge appears as `<<`.
        path: Box<str>,
        /// Where the anchored value is written.
        anchor: Position,
    },
}

/// A node of a [`Document`] kept without borrowing it; [`Document::node`] turns it back into a
/// [`NodeRef`]. Lets an owner hold a document and a node inside it (an item of a `List`).
#[derive(Debug, Clone, Copy)]
pub struct NodeId(Node);

impl Document {
    /// The node `id` names. `id` must come from this document.
    pub fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef {
            doc: self,
            node: id.0,
        }
    }
}

/// A cheap, copyable handle to one node of a [`Document`].
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    doc: &'a Document,
    node: Node,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?}@{}:{}",
            self.kind(),
            self.node.pos().line,
            self.node.pos().column
        )
    }
}

impl<'a> NodeRef<'a> {
    /// This node as a [`NodeId`] that does not borrow the document.
    pub fn id(&self) -> NodeId {
        NodeId(self.node)
    }

    /// What the node resolves to.
    pub fn kind(&self) -> Kind {
        self.node.kind()
    }

    /// How the scalar was written.
    pub fn style(&self) -> Style {
        self.node.style()
    }

    /// Where the node starts in the source.
    pub fn position(&self) -> Position {
        self.node.pos()
    }

    /// The scalar's text after YAML escape processing, whatever it resolved to
    /// (`"0755"` for an octal integer, `"yes"` for a boolean). `None` for containers.
    pub fn text(&self) -> Option<&'a str> {
        match self.node.kind() {
            Kind::Seq | Kind::Map => None,
            _ => Some(self.node.text(&self.doc.text)),
        }
    }

    /// The index of the scalar's text in [`COMMON_TEXTS`](crate::COMMON_TEXTS) when it is stored
    /// there (most keys of manifests are), so a key can be recognised without reading its bytes.
    /// `None` for other scalars and for containers.
    #[inline(always)]
    pub fn common_index(&self) -> Option<u32> {
        self.node.common_index()
    }

    /// The string value, if the node is a string.
    pub fn as_str(&self) -> Option<&'a str> {
        (self.node.kind() == Kind::Str)
            .then(|| self.text())
            .flatten()
    }

    /// The boolean value, if the node is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        (self.node.kind() == Kind::Bool).then_some(self.node.bool_value())
    }

    /// The integer value, if the node is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        if self.node.kind() != Kind::Int {
            return None;
        }
        resolve::parse_go_int(self.text()?).and_then(|v| i64::try_from(v).ok())
    }

    /// The numeric value of an integer or float node.
    pub fn as_f64(&self) -> Option<f64> {
        match self.node.kind() {
            Kind::Int => resolve::parse_go_int(self.text()?).map(|v| v as f64),
            Kind::Float => resolve::parse_float(self.text()?),
            _ => None,
        }
    }

    /// `true` for a null node.
    pub fn is_null(&self) -> bool {
        self.node.kind() == Kind::Null
    }

    /// Items of a sequence, or entries of a mapping; 0 for scalars.
    pub fn len(&self) -> usize {
        match self.node.kind() {
            Kind::Seq | Kind::Map => self.node.len as usize,
            _ => 0,
        }
    }

    /// `true` when [`len`](Self::len) is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn child(&self, index: usize) -> NodeRef<'a> {
        NodeRef {
            doc: self.doc,
            node: self.doc.nodes[self.node.start as usize + index],
        }
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(&self) -> impl ExactSizeIterator<Item = NodeRef<'a>> + use<'a> {
        let this = *self;
        let count = if this.node.kind() == Kind::Seq {
            this.node.len as usize
        } else {
            0
        };
        (0..count).map(move |i| this.child(i))
    }

    /// The `(key, value)` entries of a mapping (empty for anything else). Keys are string nodes.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = (NodeRef<'a>, NodeRef<'a>)> + use<'a> {
        let this = *self;
        let count = if this.node.kind() == Kind::Map {
            this.node.len as usize
        } else {
            0
        };
        (0..count).map(move |i| (this.child(2 * i), this.child(2 * i + 1)))
    }

    /// The `(key, value)` entries of a mapping, as [`entries`](Self::entries) gives them, read
    /// from one slice of the arena: no bounds check per child, for walks that visit every entry
    /// of every mapping.
    #[inline]
    pub fn entry_pairs(
        &self,
    ) -> impl ExactSizeIterator<Item = (NodeRef<'a>, NodeRef<'a>)> + use<'a> {
        let doc = self.doc;
        self.pairs()
            .iter()
            .map(move |&[key, value]| (NodeRef { doc, node: key }, NodeRef { doc, node: value }))
    }

    /// A mapping's keys, each with its value, as one slice of the arena; empty for other nodes.
    fn pairs(&self) -> &'a [[Node; 2]] {
        if self.node.kind() != Kind::Map {
            return &[];
        }
        let start = self.node.start as usize;
        self.doc.nodes[start..start + 2 * self.node.len as usize]
            .as_chunks()
            .0
    }

    /// The key and value of a mapping entry.
    ///
    /// Checks look keys up constantly, nearly always constant keys from the common table. A
    /// common text is always stored as a reference to the table (see [`Node::same_text`]), so
    /// such a key is found by comparing table indexes alone, and any other key only among the
    /// keys stored in the buffer. Inlined so that, for a constant key, finding it in the table
    /// is done at compile time.
    #[inline(always)]
    pub fn entry(&self, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
        let at = match common::find(key) {
            Some(index) => self.common_key_at(index),
            None => self.buffer_key_at(key.as_bytes()),
        }?;
        Some((self.child(at), self.child(at + 1)))
    }

    /// The index among the mapping's children of the key that is `common::TEXTS[index]`.
    fn common_key_at(&self, index: u32) -> Option<usize> {
        let pair = self
            .pairs()
            .iter()
            .position(|[key, _]| key.common_index() == Some(index))?;
        Some(2 * pair)
    }

    /// The index among the mapping's children of the key `key`, which is not a common text.
    fn buffer_key_at(&self, key: &[u8]) -> Option<usize> {
        let pair = self.pairs().iter().position(|[candidate, _]| {
            candidate.len as usize == key.len()
                && candidate.common_index().is_none()
                && same_bytes(candidate.buffer_bytes(&self.doc.text), key)
        })?;
        Some(2 * pair)
    }

    /// The value under `key` in a mapping.
    #[inline]
    pub fn get(&self, key: &str) -> Option<NodeRef<'a>> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The value at a path of mapping keys, e.g. `["spec", "template", "spec"]`.
    ///
    /// Inlined like [`entry`](Self::entry), so that a constant path's keys are found in the
    /// common table at compile time.
    #[inline(always)]
    pub fn get_path(&self, path: &[&str]) -> Option<NodeRef<'a>> {
        // A plain loop rather than `try_fold`, which the compiler keeps out of line.
        let mut node = *self;
        for key in path {
            node = node.get(key)?;
        }
        Some(node)
    }

    /// The string under `key`, if present and a string.
    #[inline]
    pub fn get_str(&self, key: &str) -> Option<&'a str> {
        self.get(key).and_then(|v| v.as_str())
    }

    /// The boolean under `key`, if present and a boolean.
    #[inline]
    pub fn get_bool(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(|v| v.as_bool())
    }

    /// The integer under `key`, if present and an integer.
    pub fn get_i64(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.as_i64())
    }

    /// The value as JSON, exactly as `sigs.k8s.io/yaml` converts it for the API server: keys
    /// sorted, numbers and strings formatted as Go's `encoding/json` formats them.
    ///
    /// Fails on values JSON cannot hold (`.inf`, `.nan`), as `sigs.k8s.io/yaml` does.
    pub fn to_json(&self) -> Result<String, NotJson> {
        let mut out = String::new();
        crate::json::write(*self, &mut out)?;
        Ok(out)
    }

    /// The value as a YAML document body that every YAML tool (YAML 1.1 or 1.2) reads as
    /// Kubernetes reads this node: strings that could read as anything else are quoted.
    ///
    /// Fails on values JSON cannot hold, like [`to_json`](Self::to_json).
    pub fn to_yaml(&self) -> Result<String, NotJson> {
        let mut out = String::new();
        crate::yaml_out::write(*self, &mut out)?;
        Ok(out)
    }
}

/// Equal byte strings of equal length; the first and last bytes are compared inline before the
/// whole, which settles most mismatches without a call.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    match (a.first(), b.first(), a.last(), b.last()) {
        (Some(a0), Some(b0), Some(a1), Some(b1)) => a0 == b0 && a1 == b1 && a == b,
        _ => a == b,
    }
}

/// A value JSON cannot represent (an infinite or NaN float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("line {}, column {}: value cannot be represented in JSON", .0.line, .0.column)]
pub struct NotJson(pub Position);

impl From<ScalarKind> for Kind {
    fn from(kind: ScalarKind) -> Self {
        match kind {
            ScalarKind::Null => Kind::Null,
            ScalarKind::Bool(_) => Kind::Bool,
            ScalarKind::Int => Kind::Int,
            ScalarKind::Float => Kind::Float,
            ScalarKind::Str => Kind::Str,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::common::TEXTS;

    /// A mapping of `keys`, each mapped to its index.
    fn mapping(keys: &[String]) -> super::Document {
        let entries: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| format!("{}: {i}", serde_json::to_string(key).expect("a string")))
            .collect();
        let json = format!("{{{}}}", entries.join(", "));
        crate::parse_json(json.as_bytes(), &Default::default())
            .expect("valid JSON")
            .expect("a document")
    }

    /// A looked-up key finds the key with its bytes, whether either is a common text or not,
    /// near misses of common texts included.
    #[test]
    fn keys_match_exactly_their_own_text() {
        let mut candidates: Vec<String> = vec![String::new(), "x".into(), "nam".into()];
        for text in TEXTS {
            candidates.push(format!("{text}s"));
            candidates.push(text[1..].to_string());
            for at in 0..text.len() {
                let mut changed = text.as_bytes().to_vec();
                changed[at] ^= 1;
                candidates.push(String::from_utf8(changed).expect("ASCII"));
            }
        }
        candidates.sort();
        candidates.dedup();
        candidates.retain(|c| !TEXTS.contains(&c.as_str()));
        let common: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
        for (stored, looked_up) in [(&common, &candidates), (&candidates, &common)] {
            let document = mapping(stored);
            let root = document.root();
            for (i, key) in stored.iter().enumerate() {
                assert_eq!(root.get_i64(key), Some(i as i64), "{key:?}");
            }
            for key in looked_up {
                assert!(root.get(key).is_none(), "{key:?}");
            }
        }
    }
}
