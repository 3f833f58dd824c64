//! Reads Kubernetes objects from the inputs a user names: files, directories (recursively,
//! `.yaml`, `.yml` and `.json`), `-` for stdin, and Kustomize directories (rendered with
//! `kubectl kustomize`).
//!
//! Files and the documents of large streams are parsed in parallel; the result keeps input
//! order. A document that cannot be read becomes a [`LoadError`] with its file and line and the
//! rest is still read; documents that are not Kubernetes objects are counted, not errors;
//! `List` and `*List` objects are flattened into their items.
//!
//! ```
//! use kubeward_loader::{load, Source};
//!
//! let loaded = load(&[Source::Bytes { name: "-".into(), bytes: b"apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n".to_vec() }], &Default::default());
//! assert_eq!(loaded.objects[0].id.name, "a");
//! ```

#![deny(missing_docs)]

mod inputs;

use std::sync::Arc;

use kubeward_core::{LoadError, Object};
use kubeward_yaml::{Document, Kind, Limits, NodeRef, parse_chunk, split_documents};
use rayon::prelude::*;

pub use inputs::{Source, expand};

/// What was read from all inputs.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Kubernetes objects, in input order.
    pub objects: Vec<Object>,
    /// Documents or inputs that could not be read, in input order.
    pub errors: Vec<LoadError>,
    /// Documents that are not Kubernetes objects (no `apiVersion` or `kind`).
    pub skipped: usize,
    /// Files (or streams) read.
    pub files: usize,
}

/// How many files ahead of the one being read the kernel is asked to read (see
/// [`Source::prefetch`]): a file is read from the disk while the files before it are parsed.
const PREFETCH_AHEAD: usize = 8;

/// Reads every source, in parallel, keeping input order.
pub fn load(sources: &[Source], limits: &Limits) -> Loaded {
    // Each thread reads a run of consecutive sources: while it parses one, the file
    // `PREFETCH_AHEAD` sources on is being read into the page cache.
    sources
        .iter()
        .take(PREFETCH_AHEAD)
        .for_each(Source::prefetch);
    let per_source: Vec<Loaded> = sources
        .par_iter()
        .enumerate()
        .map(|(i, source)| {
            if let Some(ahead) = sources.get(i + PREFETCH_AHEAD) {
                ahead.prefetch();
            }
            load_source(source, limits)
        })
        .collect();
    // Sized once: grown by doubling, the list of every object was copied several times and
    // left its old copies behind in the allocator.
    let mut all = Loaded {
        objects: Vec::with_capacity(per_source.iter().map(|part| part.objects.len()).sum()),
        ..Loaded::default()
    };
    for part in per_source {
        all.objects.extend(part.objects);
        all.errors.extend(part.errors);
        all.skipped += part.skipped;
        all.files += part.files;
    }
    all
}

fn load_source(source: &Source, limits: &Limits) -> Loaded {
    match source.read() {
        Ok((name, bytes)) => load_stream(name, &bytes, limits),
        Err(error) => Loaded {
            errors: vec![error],
            ..Loaded::default()
        },
    }
}

/// Reads one stream of YAML or JSON documents.
pub fn load_stream(file: Arc<str>, bytes: &[u8], limits: &Limits) -> Loaded {
    let chunks = split_documents(bytes);
    let parse = |chunk: &kubeward_yaml::Chunk<'_>| parse_chunk(chunk, limits);
    // Small streams are not worth a task per document.
    let documents: Vec<_> = if chunks.len() > 16 {
        chunks.par_iter().map(parse).collect()
    } else {
        chunks.iter().map(parse).collect()
    };
    let mut loaded = Loaded {
        files: 1,
        ..Loaded::default()
    };
    for document in documents {
        match document {
            Ok(Some(document)) => add_document(&file, Arc::new(document), &mut loaded),
            Ok(None) => {}
            Err(error) => loaded.errors.push(LoadError {
                file: file.clone(),
                line: error.position.line,
                column: error.position.column,
                message: error.message,
            }),
        }
    }
    loaded
}

fn add_document(file: &Arc<str>, document: Arc<Document>, loaded: &mut Loaded) {
    let root = document.root();
    if let Some(items) = list_items(root) {
        let mut items = items.items().peekable();
        while let Some(item) = items.next() {
            let next = items.peek().map(|n| n.position());
            add_object(file, &document, item, next, loaded);
        }
    } else {
        add_object(file, &document, root, None, loaded);
    }
}

fn add_object(
    file: &Arc<str>,
    document: &Arc<Document>,
    node: NodeRef<'_>,
    next: Option<kubeward_yaml::Position>,
    loaded: &mut Loaded,
) {
    match Object::new(file.clone(), document.clone(), node.id()) {
        Some(object) => loaded.objects.push(match next {
            Some(end) => object.with_traps_before(end),
            None => object,
        }),
        None => loaded.skipped += 1,
    }
}

/// The `items` of a `List` or `*List` object (`v1/List`, `PodList`, ...): a string `apiVersion`,
/// a string `kind` ending in `List`, and `items` that are a sequence or null.
pub fn list_items(root: NodeRef<'_>) -> Option<NodeRef<'_>> {
    let kind = root.get_str("kind")?;
    root.get_str("apiVersion")?;
    if !kind.ends_with("List") {
        return None;
    }
    root.get("items")
        .filter(|items| items.kind() == Kind::Seq || items.is_null())
}

#[cfg(test)]
mod tests;
