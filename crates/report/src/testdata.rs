//! A small hand-built scan result and catalogue for the unit tests.

use std::sync::Arc;

use kubeward_core::{
    Category, CheckMeta, Docs, Exemption, ExemptionSource, Finding, LoadError, Location, Mappings,
    ObjectId, ObjectScore, PssControl, PssLevel, ScanResult, Severity, Summary,
};

pub(crate) const PRIVILEGED: CheckMeta = CheckMeta {
    id: "privileged-container",
    title: "Container runs privileged",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: &["Pod", "Deployment"],
    mappings: Mappings {
        cis: &["5.2.2"],
        pss: Some(PssControl {
            level: PssLevel::Baseline,
            control: "Privileged Containers",
        }),
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when `securityContext.privileged` is true.",
        why: "A privileged container has every capability of the host.",
        fix: "Remove `privileged: true`.",
        failing: "securityContext:\n  privileged: true\n",
        passing: "securityContext:\n  privileged: false\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
            "CIS 5.2.1",
        ],
    },
};

pub(crate) const PROBES: CheckMeta = CheckMeta {
    id: "missing-readiness-probe",
    title: "Container has no readiness probe",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a container has no `readinessProbe`.",
        why: "Traffic reaches pods | before they are ready.",
        fix: "Add a `readinessProbe`.",
        failing: "containers:\n- name: app\n",
        passing: "containers:\n- name: app\n  readinessProbe:\n    httpGet: {path: /, port: 80}\n",
        references: &[],
    },
};

pub(crate) const LATEST: CheckMeta = CheckMeta {
    id: "latest-tag",
    title: "Image uses a mutable tag",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["Pod"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires on images without a tag or with `latest`.",
        why: "The image can change under you.",
        fix: "Pin a version or a digest.",
        failing: "image: nginx:latest\n",
        passing: "image: nginx:1.27\n",
        references: &["https://kubernetes.io/docs/concepts/containers/images/"],
    },
};

pub(crate) const NAKED: CheckMeta = CheckMeta {
    id: "naked-pod",
    title: "Pod without a controller",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &["Pod"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires on bare Pods.",
        why: "Nothing recreates them.",
        fix: "Use a Deployment.",
        failing: "kind: Pod\n",
        passing: "kind: Deployment\n",
        references: &[],
    },
};

pub(crate) fn catalogue() -> Vec<&'static CheckMeta> {
    vec![&PRIVILEGED, &PROBES, &LATEST, &NAKED]
}

fn loc(file: &Arc<str>, line: u32, column: u32) -> Location {
    Location {
        file: file.clone(),
        line,
        column,
    }
}

pub(crate) fn web() -> ObjectId {
    ObjectId {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        namespace: Some("shop".into()),
        name: "web".into(),
    }
}

/// Three files: `deploy/web.yaml` (a Deployment with two findings and an exempted one, and a
/// Service without findings), `pod.yaml` (a Pod without namespace, one finding) and
/// `broken.yaml` (a load error).
pub(crate) fn result() -> ScanResult {
    let web_file: Arc<str> = "deploy/web.yaml".into();
    let pod_file: Arc<str> = "pod.yaml".into();
    let service = ObjectId {
        api_version: "v1".into(),
        kind: "Service".into(),
        namespace: Some("shop".into()),
        name: "web".into(),
    };
    let pod = ObjectId {
        api_version: "v1".into(),
        kind: "Pod".into(),
        namespace: None,
        name: "debug".into(),
    };
    ScanResult {
        findings: vec![
            Finding {
                check: "missing-readiness-probe",
                severity: Severity::Medium,
                category: Category::Reliability,
                message: "container has no readiness probe | traffic <may> arrive early".into(),
                location: loc(&web_file, 18, 9),
                object: web().into(),
                container: Some("app".into()),
                exemption: None,
            },
            Finding {
                check: "latest-tag",
                severity: Severity::Low,
                category: Category::Security,
                message: "image \"nginx:latest\" uses a mutable tag".into(),
                location: loc(&web_file, 19, 16),
                object: web().into(),
                container: Some("app".into()),
                exemption: Some(Box::new(Exemption {
                    source: ExemptionSource::Annotation,
                    reason: "pinned by the registry mirror".into(),
                })),
            },
            Finding {
                check: "privileged-container",
                severity: Severity::Critical,
                category: Category::Security,
                message: "container runs privileged".into(),
                location: loc(&web_file, 20, 11),
                object: web().into(),
                container: Some("app".into()),
                exemption: None,
            },
            Finding {
                check: "naked-pod",
                severity: Severity::Low,
                category: Category::Hygiene,
                message: "pod is not managed by a controller".into(),
                location: loc(&pod_file, 1, 1),
                object: pod.clone().into(),
                container: None,
                exemption: None,
            },
        ],
        errors: vec![LoadError {
            file: "broken.yaml".into(),
            line: 3,
            column: 7,
            message: "mapping values are not allowed here".into(),
        }],
        scores: vec![
            ObjectScore {
                object: web().into(),
                location: loc(&web_file, 1, 1),
                score: 60,
            },
            ObjectScore {
                object: service.into(),
                location: loc(&web_file, 40, 1),
                score: 100,
            },
            ObjectScore {
                object: pod.into(),
                location: loc(&pod_file, 1, 1),
                score: 95,
            },
        ],
        summary: Summary {
            files: 3,
            objects: 3,
            skipped: 1,
            findings: 3,
            by_severity: vec![
                (Severity::Critical, 1),
                (Severity::High, 0),
                (Severity::Medium, 1),
                (Severity::Low, 1),
                (Severity::Info, 0),
            ],
            exempted: 1,
            errors: 1,
            score: 85,
        },
    }
}

/// Renders `result` in `format` into a string.
pub(crate) fn render(format: crate::Format, result: &ScanResult, color: bool) -> String {
    let mut out = Vec::new();
    crate::render(
        format,
        result,
        &catalogue(),
        &crate::TextOptions {
            color,
            ..Default::default()
        },
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}
