//! Turning command-line inputs into sources to read.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use kubeward_core::LoadError;

/// One stream to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A manifest file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// A Kustomize directory, rendered with `kubectl kustomize`.
    Kustomize(PathBuf),
    /// Bytes already in memory, under a display name.
    Bytes {
        /// The name reports use for it.
        name: String,
        /// The content.
        bytes: Vec<u8>,
    },
    /// An input that cannot be read, and why.
    Unreadable {
        /// The input as given.
        name: String,
        /// Why it cannot be read.
        reason: String,
    },
}

const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];
const KUSTOMIZATION_FILES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Expands command-line inputs: `-` is stdin, a Kustomize directory is rendered, any other
/// directory is walked recursively for `.yaml`, `.yml` and `.json` files (sorted, hidden entries
/// skipped), a file is read whatever its extension.
pub fn expand(inputs: &[String]) -> Vec<Source> {
    let mut sources = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            if KUSTOMIZATION_FILES.iter().any(|f| path.join(f).is_file()) {
                sources.push(Source::Kustomize(path.to_path_buf()));
            } else {
                walk(path, &mut sources);
            }
        } else if path.exists() {
            sources.push(Source::File(path.to_path_buf()));
        } else {
            sources.push(Source::Unreadable {
                name: input.clone(),
                reason: "no such file or directory".into(),
            });
        }
    }
    sources
}

fn walk(dir: &Path, sources: &mut Vec<Source>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            sources.push(Source::Unreadable {
                name: dir.display().to_string(),
                reason: e.to_string(),
            });
            return;
        }
    };
    // The entry's type comes with the directory listing; only symlinks need a stat.
    let mut paths: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let path = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => path.is_dir(),
            };
            (path, is_dir)
        })
        .collect();
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, sources);
        } else if path.extension().is_some_and(|e| {
            MANIFEST_EXTENSIONS
                .iter()
                .any(|m| e.eq_ignore_ascii_case(m))
        }) {
            sources.push(Source::File(path));
        }
    }
}

impl Source {
    /// Asks the kernel to start reading a file source into the page cache, so that reading it
    /// later does not wait on the disk. Nothing for other sources, on other systems, or when the
    /// file cannot be opened (reading it will say why).
    pub(crate) fn prefetch(&self) {
        #[cfg(target_os = "linux")]
        if let Source::File(path) = self
            && let Ok(file) = std::fs::File::open(path)
        {
            // A hint: if the kernel declines it, the read simply waits as it would have.
            let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::WillNeed);
        }
    }

    /// Reads the source: its display name and its bytes (borrowed for [`Source::Bytes`], which
    /// are already in memory).
    pub fn read(&self) -> Result<(Arc<str>, Cow<'_, [u8]>), LoadError> {
        let fail = |name: &str, message: String| LoadError {
            file: name.into(),
            line: 0,
            column: 0,
            message,
        };
        match self {
            Source::File(path) => {
                let name = path.display().to_string();
                std::fs::read(path)
                    .map(|b| (name.as_str().into(), Cow::Owned(b)))
                    .map_err(|e| fail(&name, e.to_string()))
            }
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map(|_| ("-".into(), Cow::Owned(bytes)))
                    .map_err(|e| fail("-", format!("cannot read standard input: {e}")))
            }
            Source::Kustomize(dir) => {
                let name = format!("{} (kustomize)", dir.display());
                render_kustomization(dir)
                    .map(|b| (name.as_str().into(), Cow::Owned(b)))
                    .map_err(|m| fail(&name, m))
            }
            Source::Bytes { name, bytes } => Ok((name.as_str().into(), Cow::Borrowed(bytes))),
            Source::Unreadable { name, reason } => Err(fail(name, reason.clone())),
        }
    }
}

fn render_kustomization(dir: &Path) -> Result<Vec<u8>, String> {
    let output = Command::new("kubectl").arg("kustomize").arg(dir).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "this is a Kustomize directory and rendering it needs `kubectl` on PATH; install kubectl, \
             or render it yourself and pipe it in: `kustomize build DIR | kubeward scan -`"
                .to_owned()
        } else {
            format!("cannot run `kubectl kustomize`: {e}")
        }
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("`kubectl kustomize` failed: {}", stderr.trim()));
    }
    Ok(output.stdout)
}
