use std::fs;
use std::path::{Path, PathBuf};

use kubeward_core::{ObjectId, Severity};

use crate::{CheckOverride, Config, ConfigError};

const KNOWN: &[&str] = &[
    "latest-image-tag",
    "missing-liveness-probe",
    "host-network",
    "host-pid",
    "privileged-container",
];

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("conf/.kubeward.yaml"), KNOWN)
}

/// The error's line, column and message.
fn error(text: &str) -> (u32, u32, String) {
    let e = parse(text).expect_err("the configuration should be rejected");
    assert_eq!(e.file, Path::new("conf/.kubeward.yaml"));
    (e.line, e.column, e.message)
}

fn object(kind: &str, namespace: Option<&str>, name: &str) -> ObjectId {
    ObjectId {
        api_version: "apps/v1".into(),
        kind: kind.into(),
        namespace: namespace.map(str::to_owned),
        name: name.into(),
    }
}

const FULL: &str = "\
# .kubeward.yaml
checks:
  latest-image-tag:
    severity: high
  missing-liveness-probe:
    enabled: false
exemptions:
  - checks: [host-network, host-pid]
    namespaces: [kube-system, \"monitoring-*\"]
    kinds: [DaemonSet]
    names: [\"node-exporter*\"]
    reason: node agents need the host network
  - reason: >
      the legacy namespace is being retired
    namespaces: [legacy]
trustedRegistries: [registry.example.com, ghcr.io/acme/]
requiredLabels: [app.kubernetes.io/name, team]
annotationExemptions: no
";

#[test]
fn full_valid_config() {
    let config = parse(FULL).unwrap();
    assert_eq!(
        config.checks.get("latest-image-tag"),
        Some(&CheckOverride {
            enabled: None,
            severity: Some(Severity::High),
            action: None,
        })
    );
    assert_eq!(
        config.checks.get("missing-liveness-probe"),
        Some(&CheckOverride {
            enabled: Some(false),
            severity: None,
            action: None,
        })
    );
    assert_eq!(config.checks.len(), 2);
    assert_eq!(config.exemptions.len(), 2);
    let first = &config.exemptions[0];
    assert_eq!(first.reason, "node agents need the host network");
    assert_eq!(first.line, 8);
    let second = &config.exemptions[1];
    assert_eq!(second.reason, "the legacy namespace is being retired");
    assert_eq!(second.line, 13);
    assert_eq!(
        config.trusted_registries,
        ["registry.example.com", "ghcr.io/acme"]
    );
    assert_eq!(config.required_labels, ["app.kubernetes.io/name", "team"]);
    assert!(!config.annotation_exemptions);
    assert_eq!(
        config.source.as_deref(),
        Some(Path::new("conf/.kubeward.yaml"))
    );
    // Debug output shows the patterns as written.
    let debug = format!("{first:?}");
    assert!(debug.contains("\"monitoring-*\""), "{debug}");
}

#[test]
fn empty_files_are_the_default_configuration() {
    for text in [
        "",
        "\n\n",
        "# only a comment\n",
        "---\n",
        "~\n",
        "---\n# c\n---\n",
    ] {
        let config = parse(text).unwrap();
        assert!(
            config.checks.is_empty() && config.exemptions.is_empty(),
            "{text:?}"
        );
        assert!(config.trusted_registries.is_empty() && config.required_labels.is_empty());
        assert!(config.annotation_exemptions, "{text:?}");
        assert_eq!(
            config.source.as_deref(),
            Some(Path::new("conf/.kubeward.yaml"))
        );
    }
    let default = Config::default();
    assert!(default.annotation_exemptions && default.source.is_none());
    // Keys present with nothing under them are empty too.
    let config = parse("checks:\nexemptions:\ntrustedRegistries:\n").unwrap();
    assert!(config.checks.is_empty() && config.exemptions.is_empty());
}

#[test]
fn severity_override_and_disable() {
    let config = parse(FULL).unwrap();
    assert_eq!(
        config.severity("latest-image-tag", Severity::Medium),
        Severity::High
    );
    assert_eq!(
        config.severity("missing-liveness-probe", Severity::Low),
        Severity::Low
    );
    assert_eq!(
        config.severity("host-pid", Severity::Critical),
        Severity::Critical
    );
    assert!(!config.is_enabled("missing-liveness-probe"));
    assert!(config.is_enabled("latest-image-tag"));
    assert!(config.is_enabled("host-pid"));
    assert!(Config::default().is_enabled("anything"));

    let config = parse("checks:\n  host-pid: {enabled: yes, severity: CRITICAL}\n").unwrap();
    assert!(config.is_enabled("host-pid"));
    assert_eq!(
        config.severity("host-pid", Severity::Info),
        Severity::Critical
    );
}

#[test]
fn exemption_matching() {
    let config = parse(FULL).unwrap();
    let exporter = object("DaemonSet", Some("monitoring-eu"), "node-exporter-x1");
    let rule = config.exemption("host-network", &exporter).unwrap();
    assert_eq!(rule.line, 8);
    assert!(config.exemption("host-pid", &exporter).is_some());
    // Check not listed.
    assert!(
        config
            .exemption("privileged-container", &exporter)
            .is_none()
    );
    // Namespace glob: exact entry and pattern, and a miss.
    let in_kube_system = object("DaemonSet", Some("kube-system"), "node-exporter");
    assert!(config.exemption("host-network", &in_kube_system).is_some());
    let elsewhere = object("DaemonSet", Some("default"), "node-exporter");
    assert!(config.exemption("host-network", &elsewhere).is_none());
    // Kinds match exactly.
    let deployment = object("Deployment", Some("kube-system"), "node-exporter");
    assert!(config.exemption("host-network", &deployment).is_none());
    let lowercase = object("daemonset", Some("kube-system"), "node-exporter");
    assert!(config.exemption("host-network", &lowercase).is_none());
    // Name glob.
    let other_name = object("DaemonSet", Some("kube-system"), "fluentd");
    assert!(config.exemption("host-network", &other_name).is_none());
    // Cluster-scoped objects never match a rule that lists namespaces.
    let cluster_scoped = object("DaemonSet", None, "node-exporter");
    assert!(config.exemption("host-network", &cluster_scoped).is_none());
    // The second rule covers every check in `legacy`.
    let legacy = object("Deployment", Some("legacy"), "web");
    let rule = config.exemption("privileged-container", &legacy).unwrap();
    assert_eq!(rule.line, 13);
}

#[test]
fn star_checks_omitted_selectors_and_first_match() {
    let text = "\
exemptions:
  - checks: [\"*\"]
    kinds: [ClusterRole]
    reason: reviewed by security
  - checks: [host-pid, \"*\"]
    names: [\"debug-?\"]
    reason: debugging pods
  - checks: [host-pid]
    reason: everything may share the host PID namespace
";
    let config = parse(text).unwrap();
    let role = object("ClusterRole", None, "admin");
    assert_eq!(config.exemption("latest-image-tag", &role).unwrap().line, 2);
    assert_eq!(config.exemption("host-pid", &role).unwrap().line, 2);
    let debug = object("Pod", Some("dev"), "debug-1");
    assert_eq!(config.exemption("host-network", &debug).unwrap().line, 5);
    let debug_long = object("Pod", Some("dev"), "debug-12");
    assert!(config.exemption("host-network", &debug_long).is_none());
    // A rule without namespaces matches cluster-scoped objects too.
    let node_thing = object("Pod", None, "x");
    let rule = config.exemption("host-pid", &node_thing).unwrap();
    assert_eq!(
        (rule.line, rule.reason.as_str()),
        (8, "everything may share the host PID namespace")
    );
    assert!(rule.matches("host-pid", &debug_long));
    assert!(!rule.matches("host-network", &debug_long));
}

#[test]
fn unknown_top_level_key() {
    assert_eq!(
        error("checks: {}\ntrusted_registries: [a.io]\n"),
        (
            2,
            1,
            "unknown key \"trusted_registries\" (did you mean \"trustedRegistries\"?); valid keys \
             at the top level: checks, exemptions, trustedRegistries, requiredLabels, \
             requiredAnnotations, limitRequestRatio, minReplicas, annotationExemptions, \
             targetVersion, admission"
                .into()
        )
    );
    let (line, column, message) = error("policy: strict\n");
    assert_eq!((line, column), (1, 1));
    assert!(
        message.starts_with("unknown key \"policy\"; valid keys"),
        "{message}"
    );
}

#[test]
fn unknown_key_in_a_check_entry() {
    assert_eq!(
        error("checks:\n  latest-image-tag:\n    severty: high\n"),
        (
            3,
            5,
            "unknown key \"severty\" (did you mean \"severity\"?); valid keys in a check entry: \
             enabled, severity, action"
                .into()
        )
    );
}

#[test]
fn unknown_key_in_an_exemption() {
    assert_eq!(
        error("exemptions:\n  - checks: [host-pid]\n    reasn: debugging\n"),
        (
            3,
            5,
            "unknown key \"reasn\" (did you mean \"reason\"?); valid keys in an exemption: \
             checks, namespaces, kinds, names, users, groups, serviceAccounts, reason"
                .into()
        )
    );
    let (line, column, message) = error("exemptions:\n  - {reason: x, namespace: [a]}\n");
    assert_eq!((line, column), (2, 17));
    assert!(
        message.starts_with("unknown key \"namespace\" (did you mean \"namespaces\"?)"),
        "{message}"
    );
}

#[test]
fn unknown_check_ids() {
    assert_eq!(
        error("checks:\n  latest-image-tags:\n    enabled: false\n"),
        (
            2,
            3,
            "unknown check \"latest-image-tags\" (did you mean \"latest-image-tag\"?)".into()
        )
    );
    assert_eq!(
        error("exemptions:\n  - checks: [host-pid, hostnetwork]\n    reason: x\n"),
        (
            2,
            24,
            "unknown check \"hostnetwork\" (did you mean \"host-network\"?)".into()
        )
    );
    assert_eq!(
        error("checks:\n  no-such-thing: {}\n"),
        (2, 3, "unknown check \"no-such-thing\"".into())
    );
    let (line, column, message) = error("checks:\n  \"*\":\n    enabled: false\n");
    assert_eq!((line, column), (2, 3));
    assert!(
        message.contains("only allowed in an exemption"),
        "{message}"
    );
}

#[test]
fn wrong_types() {
    assert_eq!(
        error("checks:\n  host-pid:\n    enabled: \"maybe\"\n"),
        (
            3,
            14,
            "expected a boolean (true or false), found a string".into()
        )
    );
    assert_eq!(
        error("annotationExemptions: 1\n"),
        (
            1,
            23,
            "expected a boolean (true or false), found an integer".into()
        )
    );
    assert_eq!(
        error("checks:\n  host-pid: false\n"),
        (
            2,
            13,
            "expected a mapping with `enabled`, `severity` and/or `action`, found a boolean".into()
        )
    );
    assert_eq!(
        error("checks: [host-pid]\n"),
        (
            1,
            9,
            "expected a mapping from check ids to their settings, found a list".into()
        )
    );
    assert_eq!(
        error("trustedRegistries: ghcr.io\n"),
        (
            1,
            20,
            "expected a list of registries, found a string".into()
        )
    );
    assert_eq!(
        error("exemptions:\n  - host-pid\n"),
        (
            2,
            5,
            "expected an exemption rule (a mapping with checks, namespaces, kinds, names and \
             reason), found a string"
                .into()
        )
    );
    assert_eq!(
        error("exemptions:\n  - names: [on]\n    reason: x\n"),
        (
            2,
            13,
            "expected a string (name), found a boolean (quote it to use it as a string: \"on\")"
                .into()
        )
    );
    let (line, column, message) = error("- checks\n");
    assert_eq!((line, column), (1, 1));
    assert!(
        message.starts_with("expected a mapping at the top level"),
        "{message}"
    );
}

#[test]
fn bad_severities() {
    assert_eq!(
        error("checks:\n  host-pid:\n    severity: severe\n"),
        (
            3,
            15,
            "unknown severity \"severe\"; expected critical, high, medium, low or info".into()
        )
    );
    assert_eq!(
        error("checks:\n  host-pid:\n    severity: hgih\n").2,
        "unknown severity \"hgih\" (did you mean \"high\"?); expected critical, high, medium, \
         low or info"
    );
    assert_eq!(
        error("checks:\n  host-pid:\n    severity: 3\n"),
        (
            3,
            15,
            "expected a severity (critical, high, medium, low or info), found an integer".into()
        )
    );
}

#[test]
fn exemptions_need_a_reason() {
    assert_eq!(
        error("exemptions:\n  - checks: [host-pid]\n    kinds: [Pod]\n"),
        (
            2,
            5,
            "exemption has no `reason`; say why these findings are acceptable".into()
        )
    );
    assert_eq!(
        error("exemptions:\n  - checks: [host-pid]\n    reason: \"  \"\n"),
        (3, 13, "reason must not be empty".into())
    );
    assert_eq!(
        error("exemptions:\n  - checks: [host-pid]\n    reason:\n").2,
        "reason must not be empty"
    );
}

#[test]
fn selectors_must_list_something() {
    assert_eq!(
        error("exemptions:\n  - namespaces: []\n    reason: x\n"),
        (
            2,
            17,
            "expected a list of namespaces, found an empty list; omit `namespaces` to match any \
             namespace"
                .into()
        )
    );
    let (_, _, message) = error("exemptions:\n  - checks:\n    reason: x\n");
    assert!(
        message.starts_with("expected a list of check ids, found nothing"),
        "{message}"
    );
    assert_eq!(
        error("exemptions:\n  - kinds: [\"*\"]\n    reason: x\n"),
        (
            2,
            13,
            "kinds are matched exactly, not as globs: \"*\"".into()
        )
    );
}

#[test]
fn invalid_globs() {
    assert_eq!(
        error("exemptions:\n  - namespaces: [kube-system, \"team-[ab\"]\n    reason: x\n"),
        (
            2,
            31,
            "invalid glob \"team-[ab\": unclosed character class; missing ']'".into()
        )
    );
    let (line, column, message) =
        error("exemptions:\n  - names:\n      - \"web-{a,b\"\n    reason: x\n");
    assert_eq!((line, column), (3, 9));
    assert!(
        message.starts_with("invalid glob \"web-{a,b\""),
        "{message}"
    );
}

#[test]
fn registries_and_label_keys_are_validated() {
    assert_eq!(
        error("trustedRegistries: [\"https://ghcr.io/acme\"]\n"),
        (
            1,
            21,
            "registry \"https://ghcr.io/acme\" must not include a scheme; write \"ghcr.io/acme\""
                .into()
        )
    );
    for bad in [
        "\"team name\"",
        "-team",
        "Example.COM/team",
        "a/b/c",
        "\"\"",
    ] {
        let text = format!("requiredLabels: [team, {bad}]\n");
        let (line, column, message) = error(&text);
        assert_eq!((line, column), (1, 24), "{bad}");
        assert!(
            message.starts_with("invalid label key") || message.contains("must not be empty"),
            "{bad}: {message}"
        );
    }
    let config = parse("requiredLabels: [a.b-c/x_y.z, X, kubernetes.io/name]\n").unwrap();
    assert_eq!(config.required_labels.len(), 3);
}

#[test]
fn required_annotations_are_validated_like_label_keys() {
    let config = parse("requiredAnnotations: [example.com/owner, contact]\n").unwrap();
    assert_eq!(
        config.required_annotations,
        ["example.com/owner", "contact"]
    );
    let (line, column, message) = error("requiredAnnotations:\n  - owner\n  - -bad\n");
    assert_eq!((line, column), (3, 5));
    assert!(
        message.starts_with("invalid annotation key \"-bad\""),
        "{message}"
    );
    assert_eq!(
        error("requiredAnnotations: owner\n"),
        (
            1,
            22,
            "expected a list of annotation keys, found a string".into()
        )
    );
}

#[test]
fn limit_request_ratios_and_min_replicas() {
    let defaults = Config::default();
    assert_eq!(
        (
            defaults.limit_request_ratio.cpu,
            defaults.limit_request_ratio.memory
        ),
        (4.0, 2.0)
    );
    assert_eq!(defaults.min_replicas, 2);
    let config = parse("limitRequestRatio: {cpu: 10, memory: 1.5}\nminReplicas: 3\n").unwrap();
    assert_eq!(
        (
            config.limit_request_ratio.cpu,
            config.limit_request_ratio.memory
        ),
        (10.0, 1.5)
    );
    assert_eq!(config.min_replicas, 3);
    let only_memory = parse("limitRequestRatio:\n  memory: 1\n").unwrap();
    assert_eq!(
        (
            only_memory.limit_request_ratio.cpu,
            only_memory.limit_request_ratio.memory
        ),
        (4.0, 1.0)
    );
    assert_eq!(
        error("limitRequestRatio:\n  cpu: 0.5\n"),
        (
            2,
            8,
            "a limit/request ratio must be at least 1, found 0.5".into()
        )
    );
    assert_eq!(
        error("limitRequestRatio:\n  cpus: 2\n"),
        (
            2,
            3,
            "unknown key \"cpus\" (did you mean \"cpu\"?); valid keys in limitRequestRatio: cpu, memory"
                .into()
        )
    );
    assert_eq!(
        error("limitRequestRatio: {memory: lots}\n"),
        (
            1,
            29,
            "expected a number (a limit/request ratio), found a string".into()
        )
    );
    assert_eq!(
        error("limitRequestRatio: 4\n"),
        (
            1,
            20,
            "expected a mapping with `cpu` and/or `memory`, found an integer".into()
        )
    );
    assert_eq!(
        error("minReplicas: 0\n"),
        (1, 14, "minReplicas must be at least 1, found 0".into())
    );
    assert_eq!(
        error("minReplicas: \"2\"\n"),
        (
            1,
            14,
            "expected an integer (a replica count), found a string".into()
        )
    );
}

#[test]
fn target_version() {
    assert_eq!(Config::default().target_version, None);
    for (text, version) in [
        ("targetVersion: \"1.33\"\n", (1, 33)),
        ("targetVersion: v1.25\n", (1, 25)),
        ("targetVersion: \"1.29.4\"\n", (1, 29)),
        ("targetVersion: 1.30\n", (1, 30)),
        ("targetVersion: 1.9\n", (1, 9)),
    ] {
        assert_eq!(parse(text).unwrap().target_version, Some(version), "{text}");
    }
    assert_eq!(parse("targetVersion:\n").unwrap().target_version, None);
    assert_eq!(
        error("targetVersion: \"1.x\"\n"),
        (
            1,
            16,
            "invalid Kubernetes version \"1.x\": expected major.minor, such as \"1.33\"".into()
        )
    );
    assert_eq!(
        error("targetVersion: \"2.1\"\n"),
        (
            1,
            16,
            "unsupported Kubernetes version \"2.1\": only 1.x releases exist".into()
        )
    );
    assert_eq!(
        error("targetVersion: 133\n"),
        (
            1,
            16,
            "expected a Kubernetes version such as \"1.33\", found an integer".into()
        )
    );
    assert_eq!(
        error("targetVersion: [1, 33]\n"),
        (
            1,
            16,
            "expected a Kubernetes version such as \"1.33\", found a list".into()
        )
    );
    for bad in [
        "",
        "1",
        "1.",
        ".33",
        "1.33.",
        "1.33.4.5",
        "1.-3",
        "v",
        "1.33-rc.1",
    ] {
        assert!(crate::parse_target_version(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn yaml_errors_keep_their_position() {
    assert_eq!(
        error("checks:\n  host-pid:\n    enabled: [true\n"),
        (3, 14, "invalid YAML: unclosed bracket '['".into())
    );
    assert_eq!(
        error("checks:\n  host-pid: {}\n  host-pid: {}\n"),
        (
            3,
            3,
            "duplicate key \"host-pid\" (first at line 2, column 3)".into()
        )
    );
    assert_eq!(
        error("checks: {}\n---\nexemptions: []\n"),
        (
            2,
            1,
            "a configuration file holds a single YAML document; this `---` starts a second one"
                .into()
        )
    );
}

#[test]
fn error_display() {
    let e = ConfigError {
        file: PathBuf::from("a/.kubeward.yaml"),
        line: 3,
        column: 5,
        message: "bad".into(),
    };
    assert_eq!(e.to_string(), "a/.kubeward.yaml:3:5: bad");
    let e = ConfigError {
        line: 0,
        column: 0,
        ..e
    };
    assert_eq!(e.to_string(), "a/.kubeward.yaml: bad");
}

#[test]
fn load_reads_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".kubeward.yaml");
    fs::write(&path, FULL).unwrap();
    let config = Config::load(&path, KNOWN).unwrap();
    assert_eq!(config.source.as_deref(), Some(path.as_path()));
    assert_eq!(config.exemptions.len(), 2);

    fs::write(&path, b"checks:\n  host-pid:\n    enabled: \xff\n").unwrap();
    let e = Config::load(&path, KNOWN).unwrap_err();
    assert_eq!((e.line, e.column), (3, 14), "{e}");

    let missing = dir.path().join("missing.yaml");
    let e = Config::load(&missing, KNOWN).unwrap_err();
    assert_eq!((e.file.as_path(), e.line), (missing.as_path(), 0));
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot read", missing.display())),
        "{e}"
    );
}

#[test]
fn discovery_walks_up_from_nested_directories() {
    let root = tempfile::tempdir().unwrap();
    let top = root.path().join("repo");
    let nested = top.join("deploy/prod/apps");
    fs::create_dir_all(&nested).unwrap();
    let top_config = top.join(".kubeward.yaml");
    fs::write(&top_config, "").unwrap();

    assert_eq!(Config::discover(&nested), Some(top_config.clone()));
    assert_eq!(Config::discover(&top), Some(top_config.clone()));

    // From a file, its directory is the start.
    let manifest = nested.join("web.yaml");
    fs::write(&manifest, "kind: Pod\n").unwrap();
    assert_eq!(Config::discover(&manifest), Some(top_config.clone()));

    // The nearest directory wins, and `.yml` counts.
    let prod_config = top.join("deploy/prod/.kubeward.yml");
    fs::write(&prod_config, "").unwrap();
    assert_eq!(Config::discover(&nested), Some(prod_config.clone()));
    // `.yaml` is preferred to `.yml` in the same directory.
    let prod_yaml = top.join("deploy/prod/.kubeward.yaml");
    fs::write(&prod_yaml, "").unwrap();
    assert_eq!(Config::discover(&nested), Some(prod_yaml));

    // A directory named like the file is not a configuration file.
    let other = root.path().join("other/sub");
    fs::create_dir_all(other.join(".kubeward.yaml")).unwrap();
    let found = Config::discover(&other);
    assert!(
        found.as_deref().is_none_or(|p| !p.starts_with(root.path())),
        "{found:?}"
    );
}

const ADMISSION: &str = "\
checks:
  latest-image-tag:
    action: warn
exemptions:
  - users: [\"ci-*\"]
    reason: the CI pipeline deploys reviewed manifests
  - groups: [\"system:masters\"]
    checks: [host-pid]
    reason: cluster administrators debug nodes
  - serviceAccounts: [\"kube-system/*\"]
    reason: controllers of the control plane
admission:
  action: {medium: warn, low: audit}
  grandfatherUpdates: false
  failureAction: deny
  deadline: 750ms
  mutate:
    allowPrivilegeEscalation: false
    runAsNonRoot: true
    seccompProfile: RuntimeDefault
    dropAllCapabilities: true
    imagePullPolicy: IfNotPresent
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {memory: 1}
    labels: {team: unassigned}
";

#[test]
fn admission_settings() {
    use crate::{Action, FailureAction, Requester};
    let config = parse(ADMISSION).unwrap();
    let admission = &config.admission;
    assert_eq!(
        config.action("latest-image-tag", Severity::Critical),
        Action::Warn
    );
    assert_eq!(config.action("host-pid", Severity::Critical), Action::Deny);
    assert_eq!(config.action("host-pid", Severity::Medium), Action::Warn);
    assert_eq!(config.action("host-pid", Severity::Low), Action::Audit);
    assert_eq!(config.action("host-pid", Severity::Info), Action::Warn);
    assert!(!admission.grandfather_updates);
    assert_eq!(admission.failure_action, FailureAction::Deny);
    assert_eq!(admission.deadline, std::time::Duration::from_millis(750));
    let m = &admission.mutation;
    assert_eq!(m.allow_privilege_escalation, Some(false));
    assert_eq!(m.run_as_non_root, Some(true));
    assert_eq!(m.seccomp_profile.as_deref(), Some("RuntimeDefault"));
    assert!(m.drop_all_capabilities && !m.is_empty());
    assert_eq!(m.requests["cpu"], "100m");
    assert_eq!(m.limits["memory"], "1");
    assert_eq!(m.labels["team"], "unassigned");

    // Rules naming requesters never apply to a scan, only to requests they match.
    let pod = object("Pod", Some("shop"), "web");
    assert!(config.exemption("host-pid", &pod).is_none());
    let none: [String; 0] = [];
    let ci = Requester {
        username: "ci-deployer",
        groups: &none,
    };
    assert_eq!(
        config
            .requester_exemption("host-pid", &pod, &ci)
            .unwrap()
            .line,
        5
    );
    let admins = [
        "system:authenticated".to_owned(),
        "system:masters".to_owned(),
    ];
    let admin = Requester {
        username: "alice",
        groups: &admins,
    };
    assert_eq!(
        config
            .requester_exemption("host-pid", &pod, &admin)
            .unwrap()
            .line,
        7
    );
    assert!(
        config
            .requester_exemption("host-network", &pod, &admin)
            .is_none()
    );
    let controller = Requester {
        username: "system:serviceaccount:kube-system:deployment-controller",
        groups: &none,
    };
    assert_eq!(
        config
            .requester_exemption("host-network", &pod, &controller)
            .unwrap()
            .line,
        10
    );
    let other = Requester {
        username: "system:serviceaccount:shop:web",
        groups: &none,
    };
    assert!(
        config
            .requester_exemption("host-network", &pod, &other)
            .is_none()
    );

    let default = Config::default().admission;
    assert!(default.grandfather_updates && default.mutation.is_empty());
    assert_eq!(default.failure_action, FailureAction::Allow);
    assert_eq!(Config::default().action("x", Severity::Low), Action::Deny);
    assert_eq!(Config::default().action("x", Severity::Info), Action::Warn);
    assert_eq!(
        parse("admission: {action: audit}\n")
            .unwrap()
            .action("x", Severity::Critical),
        Action::Audit
    );
}

#[test]
fn admission_errors_have_positions_and_suggestions() {
    assert_eq!(
        error("admission:\n  failurePolicy: allow\n"),
        (
            2,
            3,
            "unknown key \"failurePolicy\"; valid keys in admission: action, grandfatherUpdates, \
             failureAction, deadline, mutate"
                .into()
        )
    );
    assert_eq!(
        error("checks:\n  host-pid: {action: deni}\n"),
        (
            2,
            22,
            "unknown value \"deni\" (did you mean \"deny\"?); expected one of: deny, warn, audit"
                .into()
        )
    );
    assert_eq!(
        error("admission:\n  action: {hgh: warn}\n").2,
        "unknown key \"hgh\" (did you mean \"high\"?); valid keys in admission.action: critical, \
         high, medium, low, info"
    );
    assert_eq!(
        error("admission:\n  mutate:\n    runAsNonroot: true\n").0,
        3
    );
    assert!(
        error("admission:\n  mutate:\n    runAsNonroot: true\n")
            .2
            .contains("did you mean \"runAsNonRoot\"")
    );
    assert_eq!(
        error("admission:\n  deadline: 0s\n"),
        (2, 13, "a duration must be more than 0, found \"0s\"".into())
    );
    assert!(
        error("admission:\n  deadline: 2\n")
            .2
            .starts_with("expected a string")
    );
    assert!(
        error("admission:\n  deadline: 2m\n")
            .2
            .starts_with("invalid duration \"2m\"")
    );
    assert_eq!(
        error("admission:\n  mutate:\n    resources:\n      requests: {cpu: 100mb}\n"),
        (
            4,
            23,
            "invalid quantity \"100mb\": expected a number with an optional suffix, such as \
             \"100m\" or \"128Mi\""
                .into()
        )
    );
    assert!(
        error("admission:\n  mutate:\n    imagePullPolicy: always\n")
            .2
            .contains("did you mean \"Always\"")
    );
    assert!(
        error("admission:\n  mutate:\n    labels: {\"-bad\": x}\n")
            .2
            .starts_with("invalid label key")
    );
    assert!(
        error("admission:\n  mutate:\n    labels: {team: \"a b\"}\n")
            .2
            .starts_with("invalid label value")
    );
    assert_eq!(
        error("exemptions:\n  - serviceAccounts: [deployer]\n    reason: x\n").2,
        "service account \"deployer\" must be written namespace/name (globs allowed: \"ci/*\")"
    );
    assert!(
        error("exemptions:\n  - users: []\n    reason: x\n")
            .2
            .contains("omit `users`")
    );
}
