use std::path::Path;

use kubeward_core::{ExemptionSource, Severity};
use kubeward_loader::{Source, load};

use super::*;

const PRIVILEGED: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext:
        privileged: true
";

fn engine(config: &str) -> Engine {
    let ids: Vec<&str> = catalogue().iter().map(|c| c.meta().id).collect();
    Engine::new(Config::parse(config, Path::new(".kubeward.yaml"), &ids).expect("valid config"))
}

fn scan(engine: &Engine, src: &str) -> ScanResult {
    engine.scan(&load(
        &[Source::Bytes {
            name: "in.yaml".into(),
            bytes: src.as_bytes().to_vec(),
        }],
        &Default::default(),
    ))
}

fn privileged(result: &ScanResult) -> &Finding {
    result
        .findings
        .iter()
        .find(|f| f.check == "privileged-container")
        .expect("privileged-container finding")
}

#[test]
fn finds_and_locates() {
    let result = scan(&engine(""), PRIVILEGED);
    let f = privileged(&result);
    assert_eq!(
        (f.location.line, f.location.column, f.container.as_deref()),
        (11, 9, Some("app"))
    );
    assert_eq!(f.severity, Severity::Critical);
    assert!(result.summary.score < 100);
}

#[test]
fn severity_override_and_disable() {
    let result = scan(
        &engine("checks:\n  privileged-container:\n    severity: low\n"),
        PRIVILEGED,
    );
    assert_eq!(privileged(&result).severity, Severity::Low);
    let result = scan(
        &engine("checks:\n  privileged-container:\n    enabled: false\n"),
        PRIVILEGED,
    );
    assert!(
        result
            .findings
            .iter()
            .all(|f| f.check != "privileged-container")
    );
}

#[test]
fn config_exemption_is_kept_and_marked() {
    let config = "exemptions:\n  - checks: [privileged-container]\n    namespaces: [sh*]\n    reason: storage driver\n";
    let result = scan(&engine(config), PRIVILEGED);
    let exemption = privileged(&result).exemption.clone().expect("exempted");
    assert_eq!(
        (exemption.source, exemption.reason.as_str()),
        (ExemptionSource::Config, "storage driver")
    );
    assert!(result.active().all(|f| f.check != "privileged-container"));
    assert!(result.summary.exempted >= 1);
}

#[test]
fn annotation_exemption_unless_forbidden() {
    let annotated = PRIVILEGED.replace(
        "  namespace: shop\n",
        "  namespace: shop\n  annotations:\n    kubeward.io/exempt: other-check, privileged-container\n    kubeward.io/exempt-reason: needs /dev/fuse\n",
    );
    let result = scan(&engine(""), &annotated);
    let exemption = privileged(&result).exemption.clone().expect("exempted");
    assert_eq!(
        (exemption.source, exemption.reason.as_str()),
        (ExemptionSource::Annotation, "needs /dev/fuse")
    );
    let result = scan(&engine("annotationExemptions: false\n"), &annotated);
    assert!(privileged(&result).exemption.is_none());
}

#[test]
fn output_is_the_same_on_one_core_and_many() {
    let stream: String = (0..300)
        .map(|i| PRIVILEGED.replace("name: web", &format!("name: web{i}")) + "---\n")
        .collect();
    let engine = engine("");
    let parallel = scan(&engine, &stream);
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| scan(&engine, &stream));
    assert_eq!(parallel.findings, single.findings);
    assert_eq!(parallel.summary, single.summary);
    let lines: Vec<u32> = parallel
        .findings
        .iter()
        .filter(|f| f.check == "privileged-container")
        .map(|f| f.location.line)
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn scores_fall_with_severity() {
    let result = scan(&engine(""), PRIVILEGED);
    assert_eq!(result.scores.len(), 1);
    let expected: u32 = result.active().map(|f| score::penalty(f.severity)).sum();
    assert_eq!(
        u32::from(result.scores[0].score),
        100u32.saturating_sub(expected)
    );
    let clean = scan(
        &engine(""),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {mode: fast}\n",
    );
    assert_eq!(clean.summary.score, 100);
}

fn selected(selection: Selection) -> Engine {
    Engine::with_selection(Config::default(), &selection).expect("known selectors")
}

#[test]
fn selection_by_id_category_and_framework() {
    let only = selected(Selection {
        only: vec!["privileged-container".into()],
        ..Selection::default()
    });
    assert_eq!(
        only.checks()
            .iter()
            .map(|c| c.meta().id)
            .collect::<Vec<_>>(),
        ["privileged-container"]
    );
    let no_security = selected(Selection {
        skip: vec!["security".into()],
        ..Selection::default()
    });
    assert!(
        no_security
            .checks()
            .iter()
            .all(|c| c.meta().category != kubeward_core::Category::Security)
    );
    let pss = selected(Selection {
        only: vec!["pss".into()],
        ..Selection::default()
    });
    assert!(
        !pss.checks().is_empty() && pss.checks().iter().all(|c| c.meta().mappings.pss.is_some())
    );
    let err = Engine::with_selection(
        Config::default(),
        &Selection {
            skip: vec!["nope".into()],
            ..Selection::default()
        },
    );
    assert_eq!(err.err().map(|e| e.token), Some("nope".to_owned()));
}

#[test]
fn pss_mode_follows_namespace_labels() {
    // Privileged (baseline) and privilege escalation allowed (restricted) in two namespaces.
    let pod = |ns: &str| PRIVILEGED.replace("namespace: shop", &format!("namespace: {ns}"));
    let stream = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: relaxed\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n---\n\
         apiVersion: v1\nkind: Namespace\nmetadata:\n  name: base\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n---\n{}---\n{}---\n{}",
        pod("relaxed"),
        pod("base"),
        pod("unlabelled"),
    );
    let engine = selected(Selection {
        pss: Some(PssLevel::Restricted),
        ..Selection::default()
    });
    let result = scan(&engine, &stream);
    let checks_in = |ns: &str| -> Vec<&str> {
        result
            .findings
            .iter()
            .filter(|f| f.object.namespace.as_deref() == Some(ns))
            .map(|f| f.check)
            .collect()
    };
    assert!(
        checks_in("relaxed").is_empty(),
        "privileged namespaces are held to nothing"
    );
    assert!(checks_in("base").contains(&"privileged-container"));
    assert!(
        !checks_in("base").contains(&"privilege-escalation-allowed"),
        "restricted controls skipped at baseline"
    );
    assert!(
        checks_in("unlabelled").contains(&"privilege-escalation-allowed"),
        "--pss level applies"
    );
    assert!(
        result
            .findings
            .iter()
            .all(|f| f.check != "missing-cpu-limit"),
        "only PSS controls run"
    );
}

#[test]
fn one_object_alone_gets_the_findings_of_a_scan_of_it_alone() {
    let engine = engine("checks:\n  privileged-container: {severity: low}\n");
    let loaded = load(
        &[Source::Bytes {
            name: "in.yaml".into(),
            bytes: PRIVILEGED.as_bytes().to_vec(),
        }],
        &Default::default(),
    );
    let alone = engine.check_one(&loaded.objects[0]);
    assert_eq!(alone, engine.scan(&loaded).findings);
    assert!(
        alone
            .iter()
            .any(|f| f.check == "privileged-container" && f.severity == Severity::Low)
    );
}
