//! A scan result and catalogue shared by the integration tests.

#![allow(dead_code)]

use std::sync::Arc;

use kubeward_core::{
    Category, CheckMeta, Docs, Exemption, ExemptionSource, Finding, LoadError, Location, Mappings,
    ObjectId, ObjectScore, ScanResult, Severity, Summary,
};
use kubeward_report::{Format, TextOptions, render};

pub const HOST_NETWORK: CheckMeta = CheckMeta {
    id: "host-network",
    title: "Pod shares the host's network",
    severity: Severity::High,
    category: Category::Security,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when `hostNetwork` is true.",
        why: "The pod sees every connection of the node.",
        fix: "Remove `hostNetwork: true`.",
        failing: "spec:\n  hostNetwork: true\n",
        passing: "spec: {}\n",
        references: &["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    },
};

pub const SECRET_IN_ENV: CheckMeta = CheckMeta {
    id: "secret-in-plain-env",
    title: "Secret value written in an environment variable",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires on environment variables whose name looks like a credential.",
        why: "Anyone who can read the manifest can read the credential.",
        fix: "Use `valueFrom.secretKeyRef`.",
        failing: "env:\n- name: PASSWORD\n  value: x\n",
        passing: "env:\n- name: PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}\n",
        references: &[],
    },
};

pub const NO_LIMITS: CheckMeta = CheckMeta {
    id: "no-memory-limit",
    title: "Container has no memory limit",
    severity: Severity::Info,
    category: Category::Efficiency,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when `resources.limits.memory` is missing.",
        why: "One container can starve its node.",
        fix: "Set a memory limit.",
        failing: "resources: {}\n",
        passing: "resources:\n  limits:\n    memory: 256Mi\n",
        references: &[],
    },
};

pub fn catalogue() -> Vec<&'static CheckMeta> {
    vec![&HOST_NETWORK, &SECRET_IN_ENV, &NO_LIMITS]
}

/// The value a check must never print; the result below does not contain it either.
pub const SECRET_VALUE: &str = "hunter2-s3cr3t";

fn loc(file: &Arc<str>, line: u32, column: u32) -> Location {
    Location {
        file: file.clone(),
        line,
        column,
    }
}

/// Files with spaces and backslashes in their names, a finding without namespace or
/// container, an exempted one from the configuration, an error on a whole file.
pub fn result() -> ScanResult {
    let apps: Arc<str> = "manifests\\my apps.yaml".into();
    let pod = ObjectId {
        api_version: "v1".into(),
        kind: "Pod".into(),
        namespace: None,
        name: "debug".into(),
    };
    let db = ObjectId {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        namespace: Some("data".into()),
        name: "db".into(),
    };
    ScanResult {
        findings: vec![
            Finding {
                check: "host-network",
                severity: Severity::High,
                category: Category::Security,
                message: "pod uses the host network".into(),
                location: loc(&apps, 7, 3),
                object: pod.clone().into(),
                container: None,
                exemption: None,
            },
            Finding {
                check: "secret-in-plain-env",
                severity: Severity::Medium,
                category: Category::Security,
                message: "environment variable \"DB_PASSWORD\" holds a literal value".into(),
                location: loc(&apps, 30, 13),
                object: db.clone().into(),
                container: Some("postgres".into()),
                exemption: None,
            },
            Finding {
                check: "no-memory-limit",
                severity: Severity::Info,
                category: Category::Efficiency,
                message: "container has no memory limit".into(),
                location: loc(&apps, 32, 9),
                object: db.clone().into(),
                container: Some("postgres".into()),
                exemption: Some(Box::new(Exemption {
                    source: ExemptionSource::Config,
                    reason: "sized by the operator".into(),
                })),
            },
        ],
        errors: vec![LoadError {
            file: "empty.yaml".into(),
            line: 0,
            column: 0,
            message: "file is not valid UTF-8".into(),
        }],
        scores: vec![
            ObjectScore {
                object: pod.into(),
                location: loc(&apps, 1, 1),
                score: 80,
            },
            ObjectScore {
                object: db.into(),
                location: loc(&apps, 15, 1),
                score: 90,
            },
        ],
        summary: Summary {
            files: 2,
            objects: 2,
            skipped: 0,
            findings: 2,
            by_severity: vec![(Severity::High, 1), (Severity::Medium, 1)],
            exempted: 1,
            errors: 1,
            score: 85,
        },
    }
}

pub fn render_to_string(format: Format, result: &ScanResult, color: bool) -> String {
    let mut out = Vec::new();
    render(
        format,
        result,
        &catalogue(),
        &TextOptions {
            color,
            ..Default::default()
        },
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}
