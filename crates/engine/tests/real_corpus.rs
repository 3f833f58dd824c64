//! Scans the real-world corpus (`../shared/corpus/real`, about 7,400 objects from public projects)
//! with the full catalogue and the default configuration, and compares the number of findings of
//! every check (and the objects, skipped documents and load errors) with the snapshot in
//! `tests/snapshots/real-corpus-counts.txt`.
//!
//! A change to a check that moves its count on real manifests must be a deliberate one: look at
//! the diff, then re-bless the snapshot with
//! `KUBEWARD_BLESS=1 cargo test -p kubeward-engine --test real_corpus`.
//! The test is skipped when the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kubeward_config::Config;
use kubeward_engine::Engine;
use kubeward_loader::{expand, load};

const BLESS: &str = "KUBEWARD_BLESS=1 cargo test -p kubeward-engine --test real_corpus";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real")
}

fn snapshot_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/real-corpus-counts.txt")
}

/// The counts as snapshot lines: `(objects) N`, `(skipped) N`, `(errors) N`, then
/// `check-id N` for every check of the catalogue (zero included), sorted by id.
fn counts(corpus: &Path) -> Vec<String> {
    let sources = expand(&[corpus.display().to_string()]);
    let loaded = load(&sources, &Default::default());
    let engine = Engine::new(Config::default());
    let result = engine.scan(&loaded);
    let mut per_check: BTreeMap<&str, usize> = engine
        .checks()
        .iter()
        .map(|check| (check.meta().id, 0))
        .collect();
    for finding in &result.findings {
        *per_check.entry(finding.check).or_default() += 1;
    }
    let mut lines = vec![
        format!("(objects) {}", loaded.objects.len()),
        format!("(skipped) {}", loaded.skipped),
        format!("(errors) {}", loaded.errors.len()),
    ];
    lines.extend(per_check.iter().map(|(id, n)| format!("{id} {n}")));
    lines
}

/// The lines that differ, as `-expected` / `+actual`, keyed by their name.
fn diff(expected: &[String], actual: &[String]) -> Vec<String> {
    let split = |lines: &[String]| -> BTreeMap<String, String> {
        lines
            .iter()
            .filter_map(|l| l.rsplit_once(' '))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    };
    let (old, new) = (split(expected), split(actual));
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| match (old.get(k), new.get(k)) {
            (Some(o), Some(n)) => format!("  {k}: {o} -> {n}"),
            (Some(o), None) => format!("- {k} {o} (no longer a check)"),
            (None, Some(n)) => format!("+ {k} {n} (new)"),
            (None, None) => unreachable!(),
        })
        .collect()
}

#[test]
fn real_corpus_counts_match_the_snapshot() {
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let actual = counts(&corpus);
    let path = snapshot_path();
    if std::env::var_os("KUBEWARD_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual.join("\n") + "\n").unwrap();
        println!("blessed {}", path.display());
        return;
    }
    let expected: Vec<String> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; create it with `{BLESS}`",
                path.display()
            )
        })
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let changes = diff(&expected, &actual);
    assert!(
        changes.is_empty(),
        "finding counts on {} differ from {} (expected -> actual):\n{}\n\n\
         If the change is intended, re-bless the snapshot with `{BLESS}` and commit it.",
        corpus.display(),
        path.display(),
        changes.join("\n")
    );
}
