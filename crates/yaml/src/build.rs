//! Turning one document's parser events into a [`Document`], within limits.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span, Tag};

use crate::common;
use crate::error::{DocumentError, ErrorKind};
use crate::resolve::{self, ScalarKind};
use crate::tree::{Document, Kind, Node, Position, Style};

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
    if bytes.len() > limits.max_document_bytes {
        return Err(DocumentError::new(
            ErrorKind::TooLarge,
            at(1, 1),
            format!(
                "document is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_document_bytes
            ),
        ));
    }
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
    parse_with_granit(text, first_line, limits)
}

/// Parses a chunk's text with granit-parser: the complete YAML path, and the reference the fast
/// path (`crate::fast`) must agree with.
pub(crate) fn parse_with_granit(
    text: &str,
    first_line: u32,
    limits: &Limits,
) -> Result<Option<Document>, DocumentError> {
    let at = |line: u32, column: u32| Position {
        line: first_line + line - 1,
        column,
    };
    let options = granit_parser::options! {
        block_nesting_limit: limits.max_depth,
        flow_nesting_limit: limits.max_depth,
    };
    let mut builder = Builder::new(text.len(), first_line, limits);
    for event in Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.map_err(|e| {
            let m = e.marker();
            DocumentError::new(
                ErrorKind::Syntax,
                at(m.line() as u32, m.col() as u32 + 1),
                e.info(),
            )
        })?;
        if builder.push(event, span)? == Flow::Done {
            break;
        }
    }
    Ok(builder.finish())
}

#[derive(PartialEq, Eq)]
enum Flow {
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

#[derive(Clone, Copy)]
struct Anchored {
    node: Node,
    expanded: u64,
    height: u32,
}

pub(crate) struct Builder<'l> {
    nodes: Vec<Node>,
    text: String,
    pending: Vec<Node>,
    pending_heights: Vec<u32>,
    stack: Vec<Frame>,
    anchors: Vec<Option<Anchored>>,
    root: Option<Node>,
    real_nodes: u64,
    expanded: u64,
    line_offset: u32,
    limits: &'l Limits,
    started: bool,
}

impl<'l> Builder<'l> {
    pub(crate) fn new(source_len: usize, first_line: u32, limits: &'l Limits) -> Self {
        Builder {
            nodes: Vec::with_capacity(source_len / 12),
            text: String::with_capacity(source_len / 2),
            pending: Vec::new(),
            pending_heights: Vec::new(),
            stack: Vec::new(),
            anchors: Vec::new(),
            root: None,
            real_nodes: 0,
            expanded: 0,
            line_offset: first_line - 1,
            limits,
            started: false,
        }
    }

    fn position(&self, span: &Span) -> Position {
        Position {
            line: span.start.line() as u32 + self.line_offset,
            column: span.start.col() as u32 + 1,
        }
    }

    fn in_key_position(&self) -> bool {
        self.stack.last().is_some_and(|f| {
            f.node.kind() == Kind::Map && (self.pending.len() - f.first_child).is_multiple_of(2)
        })
    }

    fn push(&mut self, event: Event<'_>, span: Span) -> Result<Flow, DocumentError> {
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
                self.add_child(node, anchored.expanded, anchored.height, pos)?;
            }
            _ => {}
        }
        Ok(Flow::More)
    }

    /// A scalar event: `value` written in `style` at `pos` (stream coordinates). The granit path
    /// and the fast path (`crate::fast`) both build scalars through here.
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
        self.stack.push(Frame {
            node: Node::new(kind, Style::Container, false, pos, 0, 0),
            anchor,
            first_child: self.pending.len(),
            expanded_before: self.expanded,
            child_height: 0,
        });
        Ok(())
    }

    /// The end of the innermost open collection; `pos` only locates a limit error.
    pub(crate) fn end_collection(&mut self, pos: Position) -> Result<(), DocumentError> {
        let frame = self.stack.pop().expect("parser balances collections");
        let mut node = frame.node;
        if node.kind() == Kind::Map {
            self.close_mapping(&mut node, frame.first_child)?;
        } else {
            node.start = self.nodes.len() as u32;
            node.len = (self.pending.len() - frame.first_child) as u32;
            self.nodes.extend(self.pending.drain(frame.first_child..));
        }
        self.pending_heights.truncate(frame.first_child);
        let height = frame.child_height + 1;
        self.expanded += 1;
        let expanded = self.expanded - frame.expanded_before;
        self.remember(frame.anchor, node, expanded, height);
        self.add_child(node, 0, height, pos)
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

    fn add_child(
        &mut self,
        node: Node,
        expanded: u64,
        height: u32,
        pos: Position,
    ) -> Result<(), DocumentError> {
        self.expanded += expanded;
        if self.expanded > self.limits.max_expanded_nodes && self.expanded > 2 * self.real_nodes {
            return Err(DocumentError::new(
                ErrorKind::AliasExpansion,
                pos,
                format!(
                    "aliases expand the document to more than {} nodes (from {} written)",
                    self.limits.max_expanded_nodes, self.real_nodes
                ),
            ));
        }
        if self.stack.len() + height as usize > self.limits.max_depth {
            return Err(DocumentError::new(
                ErrorKind::TooDeep,
                pos,
                format!("nesting is deeper than {} levels", self.limits.max_depth),
            ));
        }
        match self.stack.last_mut() {
            Some(parent) => {
                parent.child_height = parent.child_height.max(height);
                self.pending.push(node);
                self.pending_heights.push(height);
            }
            None => self.root = Some(node),
        }
        Ok(())
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
        let start = self.text.len() as u32;
        self.text.push_str(text);
        Node::new(kind, style, bool_value, pos, start, text.len() as u32)
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
        let core_tag = tag.and_then(|t| t.core_suffix());
        let resolved = match (core_tag, written) {
            (Some("str" | "binary"), _) => ScalarKind::Str,
            (Some(t @ ("bool" | "int" | "float" | "null")), _) => {
                let kind = resolve::resolve_plain(value);
                let matches = matches!(
                    (t, kind),
                    ("bool", ScalarKind::Bool(_))
                        | ("int", ScalarKind::Int)
                        | ("float", ScalarKind::Float | ScalarKind::Int)
                        | ("null", ScalarKind::Null)
                );
                if !matches {
                    return Err(DocumentError::new(
                        ErrorKind::Syntax,
                        pos,
                        format!("cannot read {value:?} as !!{t}"),
                    ));
                }
                if t == "float" {
                    ScalarKind::Float
                } else {
                    kind
                }
            }
            (_, Style::Plain) => resolve::resolve_plain(value),
            _ => ScalarKind::Str,
        };
        if is_key {
            return self.key_scalar(value, written, resolved, pos);
        }
        Ok(self.scalar_node(
            resolved.into(),
            written,
            matches!(resolved, ScalarKind::Bool(true)),
            pos,
            value,
        ))
    }

    /// Kubernetes turns every mapping key into a JSON string: `y:` becomes `"true"`, `010:` `"8"`.
    fn key_scalar(
        &mut self,
        value: &str,
        written: Style,
        resolved: ScalarKind,
        pos: Position,
    ) -> Result<Node, DocumentError> {
        let converted: Cow<'_, str> = match resolved {
            ScalarKind::Str => Cow::Borrowed(value),
            ScalarKind::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            ScalarKind::Int => match resolve::parse_go_int(value) {
                Some(v) => Cow::Owned(v.to_string()),
                None => Cow::Borrowed(value),
            },
            ScalarKind::Float => match resolve::parse_float(value) {
                Some(v) if v.is_finite() => Cow::Owned(v.to_string()),
                _ => {
                    return Err(DocumentError::new(
                        ErrorKind::UnsupportedKey,
                        pos,
                        format!("mapping key {value:?} cannot be converted to a JSON string"),
                    ));
                }
            },
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
            Style::ConvertedKey
        };
        Ok(self.scalar_node(Kind::Str, style, false, pos, &converted))
    }

    fn key_text(&self, node: &Node) -> &str {
        node.text(&self.text)
    }

    fn is_merge_key(&self, key: &Node) -> bool {
        key.style() == Style::Plain && self.key_text(key) == "<<"
    }

    /// Moves a finished mapping's entries into the arena, expanding `<<` merge keys (explicit keys
    /// win over merged ones, earlier merged mappings over later ones) and rejecting duplicate keys.
    fn close_mapping(&mut self, node: &mut Node, first_child: usize) -> Result<(), DocumentError> {
        // Without merge keys (nearly always), the entries move into the arena as they are.
        let written = &self.pending[first_child..];
        if !written.iter().step_by(2).any(|k| self.is_merge_key(k)) {
            self.reject_duplicates(written.iter().step_by(2))?;
            node.start = self.nodes.len() as u32;
            node.len = (written.len() / 2) as u32;
            self.nodes.extend(self.pending.drain(first_child..));
            return Ok(());
        }
        let children: Vec<Node> = self.pending.drain(first_child..).collect();
        let mut explicit: Vec<(Node, Node)> = Vec::with_capacity(children.len() / 2);
        let mut merged: Vec<(Node, Node)> = Vec::new();
        for pair in children.chunks_exact(2) {
            let (key, value) = (pair[0], pair[1]);
            if self.is_merge_key(&key) {
                self.merge_sources(&value, &mut merged)?;
            } else {
                explicit.push((key, value));
            }
        }
        self.reject_duplicates(explicit.iter().map(|(k, _)| k))?;
        if !merged.is_empty() {
            let mut seen: std::collections::HashSet<String> = explicit
                .iter()
                .map(|(k, _)| self.key_text(k).to_owned())
                .collect();
            for (k, v) in merged {
                if seen.insert(self.key_text(&k).to_owned()) {
                    explicit.push((k, v));
                }
            }
        }
        node.start = self.nodes.len() as u32;
        node.len = explicit.len() as u32;
        for (k, v) in explicit {
            self.nodes.push(k);
            self.nodes.push(v);
        }
        Ok(())
    }

    fn merge_sources(
        &self,
        value: &Node,
        out: &mut Vec<(Node, Node)>,
    ) -> Result<(), DocumentError> {
        let sources: Vec<Node> = match value.kind() {
            Kind::Map => vec![*value],
            Kind::Seq => {
                let start = value.start as usize;
                self.nodes[start..start + value.len as usize].to_vec()
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
        for source in sources {
            let start = source.start as usize;
            let entries = &self.nodes[start..start + 2 * source.len as usize];
            out.extend(entries.chunks_exact(2).map(|p| (p[0], p[1])));
        }
        Ok(())
    }

    fn reject_duplicates<'k>(
        &self,
        keys: impl ExactSizeIterator<Item = &'k Node> + Clone,
    ) -> Result<(), DocumentError> {
        let duplicate = |first: &Node, second: &Node| {
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
        };
        if keys.len() <= 16 {
            for (i, later) in keys.clone().enumerate() {
                if let Some(earlier) = keys
                    .clone()
                    .take(i)
                    .find(|k| k.same_text(later, &self.text))
                {
                    return Err(duplicate(earlier, later));
                }
            }
        } else {
            let mut seen = std::collections::HashMap::with_capacity(keys.len());
            for key in keys {
                if let Some(earlier) = seen.insert(self.key_text(key), key) {
                    return Err(duplicate(earlier, key));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Option<Document> {
        let root = self.root.filter(|r| r.kind() != Kind::Null)?;
        // Documents outlive parsing (checks relate them to each other): keep only what is used.
        self.nodes.shrink_to_fit();
        self.text.shrink_to_fit();
        Some(Document {
            nodes: self.nodes,
            text: self.text,
            root,
        })
    }
}
