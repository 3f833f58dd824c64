//! Runs every check on its fixtures and on its documentation examples.
//!
//! `fixtures/<check-id>/fail*.yaml` must produce exactly one finding of that check on each line
//! marked `# expect: <check-id>` (a line expecting two findings carries the marker twice);
//! `fixtures/<check-id>/pass*.yaml` must produce none. Fixtures
//! are scanned with [`fixture_settings`], so trusted-registry and required-label checks have
//! something to test against.

use std::path::{Path, PathBuf};

use kubeward_checks::{Check, Context, Inventory, MessageTable, Settings, applies_to, catalogue};
use kubeward_core::{Finding, Object};
use kubeward_yaml::Limits;

fn fixture_settings() -> Settings {
    Settings {
        trusted_registries: vec!["registry.example.com".into(), "ghcr.io/example".into()],
        required_labels: vec!["app.kubernetes.io/name".into(), "team".into()],
        required_annotations: vec!["example.com/owner".into()],
        ..Settings::default()
    }
}

fn load(name: &str, source: &str) -> Vec<Object> {
    let loaded = kubeward_loader::load_stream(name.into(), source.as_bytes(), &Limits::default());
    assert_eq!(loaded.errors, vec![], "{name} must be readable");
    loaded.objects
}

fn run(check: &dyn Check, objects: &[Object]) -> Vec<Finding> {
    let settings = fixture_settings();
    let inventory = Inventory::new(objects);
    let messages = MessageTable::default();
    let mut findings = Vec::new();
    for object in objects.iter().filter(|o| applies_to(check, o.kind())) {
        Context::new(object, &inventory, &settings, &mut findings, &messages).run(check);
    }
    findings
}

fn fixture_files(id: &str, prefix: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(id);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("{id}: no fixtures directory {}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{id}: needs at least one {prefix}*.yaml fixture"
    );
    files
}

#[test]
fn fail_fixtures_fire_on_marked_lines() {
    for check in catalogue() {
        let id = check.meta().id;
        for path in fixture_files(id, "fail") {
            let source = std::fs::read_to_string(&path).unwrap();
            let marker = format!("expect: {id}");
            let expected: Vec<u32> = source
                .lines()
                .enumerate()
                .flat_map(|(i, line)| {
                    std::iter::repeat_n(i as u32 + 1, line.matches(&marker).count())
                })
                .collect();
            assert!(
                !expected.is_empty(),
                "{}: no `{marker}` marker",
                path.display()
            );
            let findings = run(check, &load(&path.display().to_string(), &source));
            let mut found: Vec<u32> = findings.iter().map(|f| f.location.line).collect();
            found.sort_unstable();
            assert_eq!(
                found,
                expected,
                "{}: lines with findings vs marked lines\n{findings:#?}",
                path.display()
            );
            for f in &findings {
                assert!(
                    f.message.starts_with(|c: char| !c.is_uppercase()) && !f.message.ends_with('.'),
                    "{id}: messages start lowercase and have no trailing period: {:?}",
                    f.message
                );
            }
        }
    }
}

#[test]
fn pass_fixtures_are_clean() {
    for check in catalogue() {
        let id = check.meta().id;
        for path in fixture_files(id, "pass") {
            let source = std::fs::read_to_string(&path).unwrap();
            let findings = run(check, &load(&path.display().to_string(), &source));
            assert!(
                findings.is_empty(),
                "{}: expected no finding, got {findings:#?}",
                path.display()
            );
        }
    }
}

#[test]
fn documentation_examples_behave_as_documented() {
    for check in catalogue() {
        let docs = &check.meta().docs;
        let id = check.meta().id;
        assert!(
            !run(check, &load("failing example", docs.failing)).is_empty(),
            "{id}: failing example passes"
        );
        let passing = run(check, &load("passing example", docs.passing));
        assert!(
            passing.is_empty(),
            "{id}: passing example fails: {passing:#?}"
        );
    }
}
