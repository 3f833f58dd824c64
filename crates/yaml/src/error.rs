//! Errors for one document.

use crate::tree::Position;

/// Why a document could not be read. The rest of its stream is still read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {}, column {}: {message}", .position.line, .position.column)]
pub struct DocumentError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where, in stream coordinates.
    pub position: Position,
    /// A sentence for the user.
    pub message: String,
}

impl DocumentError {
    pub(crate) fn new(kind: ErrorKind, position: Position, message: String) -> Self {
        DocumentError {
            kind,
            position,
            message,
        }
    }
}

/// The class of a [`DocumentError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not well-formed YAML.
    Syntax,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// Over [`crate::Limits::max_document_bytes`].
    TooLarge,
    /// Over [`crate::Limits::max_depth`].
    TooDeep,
    /// Over [`crate::Limits::max_expanded_nodes`].
    AliasExpansion,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// A key Kubernetes cannot turn into a JSON string (null, a collection).
    UnsupportedKey,
    /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
    MergeValue,
    /// A line starting with `---` with more than a comment after it, which kubectl refuses.
    InvalidSeparator,
}
