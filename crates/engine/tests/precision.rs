//! Precision: well-configured, realistic manifests (`tests/precision/*.yaml`: a hardened web tier
//! with Service, TLS Ingress, PodDisruptionBudget and autoscaler; default-deny NetworkPolicies with
//! DNS egress; least-privilege RBAC; a StatefulSet with its headless Service; a CronJob and a Job;
//! a node-agent DaemonSet with a justified exemption; Namespaces with Pod Security labels, quotas
//! and limit ranges) must produce no finding with the full catalogue and trusted registries set.
//!
//! A finding here is either a false positive of the check (fix the check) or a manifest that is
//! not as well configured as it claims (fix the manifest).

use std::path::{Path, PathBuf};

use kubeward_config::Config;
use kubeward_engine::Engine;
use kubeward_loader::{Source, load};

fn manifests() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/precision");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn well_configured_manifests_have_no_findings() {
    let files = manifests();
    assert!(!files.is_empty(), "no manifests in tests/precision");
    let sources: Vec<Source> = files.iter().cloned().map(Source::File).collect();
    let loaded = load(&sources, &Default::default());
    assert!(loaded.errors.is_empty(), "load errors: {:?}", loaded.errors);
    let config = Config {
        trusted_registries: vec!["registry.example.com".to_owned()],
        ..Config::default()
    };
    let engine = Engine::new(config);
    let result = engine.scan(&loaded);

    let exempted: Vec<_> = result
        .findings
        .iter()
        .filter_map(|f| f.exemption.as_ref().map(|e| (f, e)))
        .collect();
    for (finding, exemption) in &exempted {
        assert!(
            exemption.reason != "no reason given",
            "{} on {} is exempted without a reason",
            finding.check,
            finding.object.name
        );
    }
    println!(
        "{} objects in {} files, {} checks: {} findings, {} exempted with a reason",
        loaded.objects.len(),
        files.len(),
        engine.checks().len(),
        result.findings.len() - exempted.len(),
        exempted.len()
    );

    let active: Vec<String> = result
        .active()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}/{}: {}",
                f.location.file,
                f.location.line,
                f.location.column,
                f.check,
                f.object.kind,
                f.object.name,
                f.message
            )
        })
        .collect();
    assert!(
        active.is_empty(),
        "{} findings on manifests meant to be clean (a false positive, or a manifest to fix):\n{}",
        active.len(),
        active.join("\n")
    );
}
