//! What every integration test of the binary needs.

use std::path::{Path, PathBuf};

/// The repository root: where the bundled examples, `deploy/` and the docs are.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}
