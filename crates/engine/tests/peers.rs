//! Runs other scanners' check fixtures (`../shared/corpus/peers`) through kubeward and compares
//! verdicts with what those tools expect, for every peer check that has a kubeward equivalent.
//!
//! A disagreement must be listed, with its reason, in `docs/peers.md` (some peers are wrong,
//! some check something kubeward deliberately does not); an unlisted disagreement, or a listed
//! one that no longer disagrees, fails the test. The agreement figures are printed
//! (`cargo test -p kubeward-engine --test peers -- --nocapture`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use kubeward_checks::applies_to;
use kubeward_config::{Config, parse_target_version};
use kubeward_engine::{Engine, Selection};
use kubeward_loader::{Source, load};

/// Peer check → the kubeward checks that cover the same ground. A fixture the peer expects to
/// fail must produce a finding of at least one of them; one it expects to pass, none. For
/// kube-score, which grades the first object of a file its check runs on, only findings on the
/// first object one of these checks applies to count; Polaris judges the whole file.
const EQUIVALENTS: &[(&str, &[&str])] = &[
    // kube-score
    ("container-image-tag", &["latest-image-tag"]),
    (
        "container-image-pull-policy",
        &["image-pull-policy-not-always"],
    ),
    (
        "container-resources",
        &[
            "missing-cpu-limit",
            "missing-cpu-request",
            "missing-memory-limit",
            "missing-memory-request",
        ],
    ),
    (
        "container-security-context-privileged",
        &["privileged-container"],
    ),
    (
        "container-security-context-readonlyrootfilesystem",
        &["writable-root-filesystem"],
    ),
    (
        "container-security-context-user-group-id",
        &[
            "run-as-root-allowed",
            "run-as-user-root",
            "run-as-group-root",
        ],
    ),
    ("container-seccomp-profile", &["seccomp-profile-missing"]),
    (
        "container-ephemeral-storage-request-and-limit",
        &[
            "missing-ephemeral-storage-request",
            "missing-ephemeral-storage-limit",
        ],
    ),
    ("cronjob-has-deadline", &["cronjob-missing-deadline"]),
    (
        "deployment-has-host-podantiaffinity",
        &["no-pod-anti-affinity"],
    ),
    (
        "statefulset-has-host-podantiaffinity",
        &["no-pod-anti-affinity"],
    ),
    ("deployment-has-poddisruptionbudget", &["pdb-missing"]),
    ("statefulset-has-poddisruptionbudget", &["pdb-missing"]),
    ("deployment-replicas", &["single-replica"]),
    (
        "deployment-strategy",
        &["recreate-strategy", "rollout-max-unavailable-all"],
    ),
    (
        "deployment-targeted-by-hpa-does-not-have-replicas-configured",
        &["static-replicas-under-hpa"],
    ),
    ("environment-variable-key-duplication", &["duplicate-env"]),
    (
        "horizontalpodautoscaler-has-target",
        &["hpa-missing-target"],
    ),
    ("horizontalpodautoscaler-replicas", &["hpa-min-max"]),
    (
        "ingress-targets-service",
        &["ingress-backend-missing", "ingress-backend-port-missing"],
    ),
    (
        "networkpolicy-targets-pod",
        &["network-policy-selects-nothing"],
    ),
    ("pod-networkpolicy", &["pod-not-selected-by-network-policy"]),
    (
        "pod-probes",
        &["missing-readiness-probe", "missing-liveness-probe"],
    ),
    ("pod-probes-identical", &["readiness-same-as-liveness"]),
    ("service-type", &["service-type-node-port"]),
    (
        "stable-version",
        &["deprecated-api-version", "removed-api-version"],
    ),
    (
        "service-targets-pod",
        &["service-selects-no-pods", "service-target-port-missing"],
    ),
    (
        "statefulset-has-servicename",
        &[
            "statefulset-service-missing",
            "statefulset-service-not-headless",
        ],
    ),
    (
        "statefulset-pod-selector-labels-match-template-metadata-labels",
        &["selector-mismatch"],
    ),
    // Polaris
    (
        "automountServiceAccountToken",
        &["automount-service-account-token"],
    ),
    (
        "clusterrolebindingClusterAdmin",
        &["cluster-admin-binding", "rbac-wildcard"],
    ),
    (
        "clusterrolebindingPodExecAttach",
        &["rbac-pods-exec", "rbac-pods-attach"],
    ),
    (
        "rolebindingClusterAdminClusterRole",
        &["cluster-admin-binding", "rbac-wildcard"],
    ),
    (
        "rolebindingClusterAdminRole",
        &["cluster-admin-binding", "rbac-wildcard"],
    ),
    (
        "rolebindingClusterRolePodExecAttach",
        &["rbac-pods-exec", "rbac-pods-attach"],
    ),
    (
        "rolebindingRolePodExecAttach",
        &["rbac-pods-exec", "rbac-pods-attach"],
    ),
    (
        "clusterrolePodExecAttach",
        &["rbac-pods-exec", "rbac-pods-attach"],
    ),
    ("rolePodExecAttach", &["rbac-pods-exec", "rbac-pods-attach"]),
    ("cpuLimitsMissing", &["missing-cpu-limit"]),
    ("cpuRequestsMissing", &["missing-cpu-request"]),
    ("memoryLimitsMissing", &["missing-memory-limit"]),
    ("memoryRequestsMissing", &["missing-memory-request"]),
    ("dangerousCapabilities", &["dangerous-capability-added"]),
    (
        "insecureCapabilities",
        &[
            "capabilities-not-dropped",
            "capability-added-beyond-baseline",
        ],
    ),
    ("deploymentMissingReplicas", &["single-replica"]),
    ("hostIPCSet", &["host-ipc"]),
    ("hostNetworkSet", &["host-network"]),
    ("hostPathSet", &["host-path-volume"]),
    ("hostPIDSet", &["host-pid"]),
    ("hostPortSet", &["host-port"]),
    ("hostProcess", &["windows-host-process"]),
    ("hpaMaxAvailability", &["hpa-min-max"]),
    ("hpaMinAvailability", &["hpa-min-max"]),
    (
        "linuxHardening",
        &[
            "seccomp-profile-missing",
            "seccomp-unconfined",
            "capabilities-not-dropped",
        ],
    ),
    ("livenessProbeMissing", &["missing-liveness-probe"]),
    ("readinessProbeMissing", &["missing-readiness-probe"]),
    (
        "missingNetworkPolicy",
        &["pod-not-selected-by-network-policy"],
    ),
    ("missingPodDisruptionBudget", &["pdb-missing"]),
    ("notReadOnlyRootFilesystem", &["writable-root-filesystem"]),
    ("pdbDisruptionsIsZero", &["pdb-blocks-eviction"]),
    (
        "pdbMinAvailableGreaterThanHPAMinReplicas",
        &["pdb-min-available-above-hpa-min"],
    ),
    ("priorityClassNotSet", &["missing-priority-class"]),
    (
        "privilegeEscalationAllowed",
        &["privilege-escalation-allowed"],
    ),
    ("procMount", &["proc-mount-unmasked"]),
    ("pullPolicyNotAlways", &["image-pull-policy-not-always"]),
    ("runAsPrivileged", &["privileged-container"]),
    (
        "runAsRootAllowed",
        &["run-as-root-allowed", "run-as-user-root"],
    ),
    ("sensitiveConfigmapContent", &["credentials-in-configmap"]),
    ("sensitiveContainerEnvVar", &["credentials-in-env"]),
    ("tagNotSpecified", &["latest-image-tag"]),
    ("tlsSettingsMissing", &["ingress-without-tls"]),
    ("topologySpreadConstraint", &["no-pod-anti-affinity"]),
];

/// Peer checks with expectation rows that kubeward has no equivalent for, and why. Every peer
/// check must be in [`EQUIVALENTS`] or here, so a new peer check is not silently ignored.
const NO_EQUIVALENT: &[(&str, &str)] = &[
    // kube-score
    (
        "container-cpu-requests-equal-limits",
        "kubeward bounds the limit/request ratio (cpu-limit-far-above-request) instead of requiring equality",
    ),
    (
        "container-memory-requests-equal-limits",
        "kubeward bounds the limit/request ratio (memory-limit-far-above-request) instead of requiring equality",
    ),
    (
        "container-resource-requests-equal-limits",
        "kubeward bounds the limit/request ratios instead of requiring equality",
    ),
    (
        "container-ephemeral-storage-request-equals-limit",
        "kubeward does not require ephemeral-storage requests to equal limits",
    ),
    (
        "container-ports-check",
        "port names and missing containerPort are schema validity; kubeward only reports duplicate ports",
    ),
    (
        "poddisruptionbudget-has-policy",
        "kubeward has no check for a PodDisruptionBudget that sets neither minAvailable nor maxUnavailable",
    ),
    (
        "cronjob-restartpolicy",
        "an invalid Job restartPolicy is an API validation error, not a kubeward check",
    ),
    (
        "pod-topology-spread-constraints",
        "malformed topologySpreadConstraints are API validation errors, not a kubeward check",
    ),
    // Polaris: these folders exercise custom schema checks defined in their check.yaml, not
    // the built-in checks of the same name.
    (
        "nakedPod",
        "custom check: app.kubernetes.io/name must equal the Pod's name",
    ),
    (
        "oneController",
        "custom check: app.kubernetes.io/name must equal the StatefulSet's name",
    ),
    (
        "resourceRange",
        "custom check: CPU and memory limits within a configured range",
    ),
    (
        "metadataAndInstanceMismatched",
        "kubeward requires app.kubernetes.io/instance to be present, not equal to metadata.name",
    ),
];

struct Case {
    peer: &'static str,
    check: String,
    fixture: PathBuf,
    /// The expectation row's configuration cell (kube-score only; empty for Polaris).
    config: String,
    expect_fail: bool,
}

fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/peers")
}

/// Rows of the expectation tables: kube-score's `| `score/testdata/x.yaml` | kinds | config |
/// PASS (ok) | ...` under `### Title (`check-id`)`, Polaris's `| `failure.x.yaml` | kinds |
/// FAIL (...) |` under `### checkId` (fixtures relative to `polaris/<checkId>/`).
fn cases(peers: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for (peer, file, base) in [
        ("kube-score", "kube-score-EXPECTATIONS.md", "kube-score"),
        ("polaris", "polaris-EXPECTATIONS.md", "polaris"),
    ] {
        let Ok(text) = std::fs::read_to_string(peers.join(file)) else {
            continue;
        };
        let mut check = String::new();
        for line in text.lines() {
            if line.starts_with("## ") {
                check.clear();
                continue;
            }
            if let Some(heading) = line.strip_prefix("### ") {
                check = match heading.rsplit_once("(`") {
                    Some((_, id)) => id.trim_end_matches("`)").to_owned(),
                    None => heading.trim().to_owned(),
                };
                continue;
            }
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if check.is_empty()
                || cells.len() < 4
                || !cells[1].starts_with('`')
                || !cells[1].ends_with(".yaml`")
            {
                continue;
            }
            let Some(expected) = cells
                .iter()
                .position(|c| c.starts_with("PASS") || c.starts_with("FAIL"))
            else {
                continue;
            };
            let name = cells[1].trim_matches('`');
            let fixture = if peer == "polaris" {
                peers.join(base).join(&check).join(name)
            } else {
                peers.join(base).join(name)
            };
            cases.push(Case {
                peer,
                check: check.clone(),
                fixture,
                config: if expected > 3 {
                    cells[3].to_owned()
                } else {
                    String::new()
                },
                expect_fail: cells[expected].starts_with("FAIL"),
            });
        }
    }
    cases
}

/// Applies the kube-score settings of an expectation row that kubeward can express: the
/// Kubernetes version is kubeward's `targetVersion`, `MinReplicasDeployment`/`MinReplicasHPA` are
/// its `minReplicas`, and `Ignore{Cpu,Memory}LimitRequirement` drop the limit check. Other
/// settings (optional checks, annotation handling) have no kubeward counterpart and are ignored.
fn apply_peer_config(cell: &str, config: &mut Config, ours: &mut Vec<String>) {
    for setting in cell.split(';').map(str::trim) {
        if let Some(version) = setting.strip_prefix("Kubernetes version ") {
            config.target_version = Some(parse_target_version(version).expect("a release"));
            continue;
        }
        let Some((key, value)) = setting.split_once('=') else {
            continue;
        };
        match (key, value) {
            ("MinReplicasDeployment" | "MinReplicasHPA", n) => {
                config.min_replicas = n.parse().expect("a replica count");
            }
            ("IgnoreContainerCpuLimitRequirement", "true") => {
                ours.retain(|c| c != "missing-cpu-limit");
            }
            ("IgnoreContainerMemoryLimitRequirement", "true") => {
                ours.retain(|c| c != "missing-memory-limit");
            }
            _ => {}
        }
    }
}

/// `docs/peers.md`'s justified disagreements: rows `| peer | check | `fixture` | reason |`.
fn justified() -> BTreeSet<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/peers.md");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells.len() >= 6 && cells[3].starts_with('`') && !cells[4].is_empty()).then(|| {
                (
                    cells[2].trim_matches('`').to_owned(),
                    cells[3].trim_matches('`').to_owned(),
                )
            })
        })
        .collect()
}

/// Whether kubeward fails the case: any active finding (Polaris), or any on the first object one
/// of `ours` applies to (kube-score grades that object).
fn kubeward_fails(case: &Case, ours: &[String], config: Config) -> bool {
    let selection = Selection {
        only: ours.to_vec(),
        ..Selection::default()
    };
    let engine = Engine::with_selection(config, &selection)
        .unwrap_or_else(|e| panic!("{} maps to a check kubeward does not have: {e}", case.check));
    let loaded = load(&[Source::File(case.fixture.clone())], &Default::default());
    assert!(
        loaded.errors.is_empty() && !loaded.objects.is_empty(),
        "{}: cannot be loaded: {:?}",
        case.fixture.display(),
        loaded.errors
    );
    let result = engine.scan(&loaded);
    if case.peer == "polaris" {
        return result.active().next().is_some();
    }
    let graded = loaded.objects.iter().find(|object| {
        ours.iter().any(|id| {
            kubeward_checks::find(id).is_some_and(|check| applies_to(check, object.kind()))
        })
    });
    graded.is_some_and(|object| result.active().any(|f| f.object == object.id))
}

#[test]
fn peers_fixtures_agree_or_are_justified() {
    let peers = peers_dir();
    if !peers.is_dir() {
        eprintln!("skipping: {} not found", peers.display());
        return;
    }
    let cases = cases(&peers);
    assert!(
        cases.len() > 300,
        "expectation tables not parsed: {} cases",
        cases.len()
    );
    let unmapped: BTreeSet<&str> = cases
        .iter()
        .map(|c| c.check.as_str())
        .filter(|check| {
            !EQUIVALENTS.iter().any(|(peer, _)| peer == check)
                && !NO_EQUIVALENT.iter().any(|(peer, _)| peer == check)
        })
        .collect();
    assert!(
        unmapped.is_empty(),
        "peer checks neither in EQUIVALENTS nor in NO_EQUIVALENT: {unmapped:?}"
    );
    let justified = justified();
    // Per peer: rows compared, rows agreeing.
    let mut figures: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut disagreeing = BTreeSet::new();
    let mut justified_rows = 0;
    for case in &cases {
        let Some((_, ours)) = EQUIVALENTS.iter().find(|(peer, _)| *peer == case.check) else {
            continue;
        };
        let mut ours: Vec<String> = ours.iter().map(|s| s.to_string()).collect();
        let mut config = Config::default();
        apply_peer_config(&case.config, &mut config, &mut ours);
        let we_fail = kubeward_fails(case, &ours, config);
        let figure = figures.entry(case.peer).or_default();
        figure.0 += 1;
        let relative = case
            .fixture
            .strip_prefix(&peers)
            .unwrap()
            .display()
            .to_string();
        if we_fail == case.expect_fail {
            figure.1 += 1;
            continue;
        }
        let key = (case.check.clone(), relative.clone());
        disagreeing.insert(key.clone());
        if justified.contains(&key) {
            justified_rows += 1;
        } else {
            unexplained.push(format!(
                "{} {} {relative} [{}]: peer expects {}, kubeward {}",
                case.peer,
                case.check,
                case.config,
                if case.expect_fail { "FAIL" } else { "PASS" },
                if we_fail { "fails it" } else { "passes it" }
            ));
        }
    }
    let (compared, agreed) = figures
        .values()
        .fold((0, 0), |(c, a), (fc, fa)| (c + fc, a + fa));
    for (peer, (c, a)) in &figures {
        println!("{peer}: {c} expectation rows compared, {a} agreeing");
    }
    println!(
        "peer expectation rows with a kubeward equivalent: {compared}; agreeing: {agreed}; \
         justified disagreements: {justified_rows} rows ({} fixture/check pairs in docs/peers.md)",
        justified.len()
    );
    let stale: Vec<_> = justified.difference(&disagreeing).collect();
    assert!(
        unexplained.is_empty(),
        "disagreements to fix or justify in docs/peers.md:\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "docs/peers.md lists disagreements that no longer disagree: {stale:?}"
    );
}
