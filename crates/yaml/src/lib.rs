//! Reads YAML and JSON manifests the way Kubernetes reads them, into a compact tree that keeps the
//! line and column of every node.
//!
//! - [`split_documents`] cuts a stream at kubectl's `---` separator lines, so one broken document
//!   does not hide the ones after it.
//! - [`parse_document`] parses one chunk with YAML 1.1 scalar rules as `sigs.k8s.io/yaml` applies
//!   them (`yes` and `on` are booleans, `0755` is octal), resolves anchors, aliases and `<<` merge
//!   keys, rejects duplicate keys, and enforces [`Limits`] against hostile input.
//! - [`parse_json`] reads one JSON value into the same tree, faster, without positions.
//!
//! ```
//! use kubeward_yaml::{parse_stream, Limits};
//!
//! let docs = parse_stream(b"a: yes\n---\nb: [1, 2]\n", &Limits::default());
//! let first = docs[0].as_ref().unwrap().as_ref().unwrap();
//! assert_eq!(first.root().get_bool("a"), Some(true));
//! assert_eq!(first.root().get("a").unwrap().position().line, 1);
//! let second = docs[1].as_ref().unwrap().as_ref().unwrap();
//! assert_eq!(second.root().get("b").unwrap().position().line, 3);
//! ```

#![deny(missing_docs)]

mod build;
mod common;
mod error;
mod fast;
mod granit;
mod json;
mod read_json;
mod resolve;
mod split;
mod tree;
mod yaml_out;

pub use build::{Limits, parse_document};
pub use common::{COMMON_TEXTS, Fingerprint};
pub use error::{DocumentError, ErrorKind};
pub use read_json::parse_json;
pub use split::{Chunk, split_documents};
pub use tree::{Document, Kind, NodeId, NodeRef, NotJson, Position, Style, Trap, TrapKind};

/// How a plain scalar reads under Kubernetes' rules (go-yaml v2, YAML 1.1), under YAML 1.2's
/// core schema, and as a YAML 1.1 base-60 number.
pub mod reading {
    pub use crate::resolve::{Reading, kubernetes_reading, sexagesimal, yaml12_reading};
}

/// Splits and parses a whole stream, one result per chunk (`Ok(None)` for empty chunks).
pub fn parse_stream(
    stream: &[u8],
    limits: &Limits,
) -> Vec<Result<Option<Document>, DocumentError>> {
    split_documents(stream)
        .iter()
        .map(|c| parse_chunk(c, limits))
        .collect()
}

/// Parses one chunk of [`split_documents`]: an error when it ends at an invalid separator line,
/// else [`parse_document`].
pub fn parse_chunk(chunk: &Chunk<'_>, limits: &Limits) -> Result<Option<Document>, DocumentError> {
    match chunk.invalid_separator {
        Some(line) => Err(split::invalid_separator_error(line)),
        None => parse_document(chunk.bytes, chunk.first_line, limits),
    }
}

#[cfg(test)]
mod tests;
