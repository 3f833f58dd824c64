//! Runs the real `kubeward` binary end to end.

mod common;
use common::repo;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn kubeward() -> Command {
    let mut cmd = Command::cargo_bin("kubeward").unwrap();
    cmd.current_dir(repo())
        .env_remove("NO_COLOR")
        .env_remove("KUBEWARD_CONFIG");
    cmd
}

fn json(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut cmd = kubeward();
    cmd.args(["scan", "--format", "json", "--no-config"])
        .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let output = cmd.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    (
        output.status.code().unwrap(),
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}")),
    )
}

fn findings<'a>(report: &'a Value, check: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check)
        .collect()
}

#[test]
fn scans_the_bundled_examples() {
    kubeward()
        .args(["scan", "examples/manifests", "--no-config"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("privileged-container"))
        .stdout(predicate::str::contains("examples/manifests/shop.yaml"))
        .stdout(predicate::str::contains("score"));
}

#[test]
fn json_findings_point_at_the_field() {
    let (code, report) = json(&["examples/manifests/shop.yaml"], None);
    assert_eq!(code, 1);
    let privileged = findings(&report, "privileged-container");
    assert_eq!(privileged.len(), 1, "{report:#}");
    let f = privileged[0];
    assert_eq!(
        (f["file"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
        (Some("examples/manifests/shop.yaml"), Some(66), Some(13))
    );
    assert_eq!(f["object"]["kind"], "Deployment");
    assert_eq!(f["object"]["name"], "checkout");
    assert_eq!(f["container"], "api");
    assert_eq!(report["summary"]["objects"], 4);
}

#[test]
fn stdin_is_scanned_as_dash() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n";
    let (_, report) = json(&["-"], Some(pod));
    let found = findings(&report, "host-pid");
    assert_eq!(
        (found[0]["file"].as_str(), found[0]["line"].as_u64()),
        (Some("-"), Some(5))
    );
}

#[test]
fn kustomize_directories_are_rendered() {
    let (_, report) = json(&["examples/kustomize/overlays/prod"], None);
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    let objects = report["objects"].as_array().unwrap();
    assert_eq!(objects[0]["namespace"], "shop-prod");
}

#[test]
fn kustomize_without_kubectl_is_a_clear_error() {
    kubeward()
        .env("PATH", "/nonexistent")
        .args(["scan", "examples/kustomize/overlays/prod", "--no-config"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("needs `kubectl` on PATH"));
}

#[test]
fn broken_document_is_reported_and_the_rest_scanned() {
    let stream = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostIPC: true}\n---\nkind: Pod\nmetadata: {name: [\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {hostIPC: true}\n";
    let (code, report) = json(&["-"], Some(stream));
    assert_eq!(code, 2);
    assert_eq!(report["errors"][0]["line"], 7);
    assert_eq!(report["errors"][0]["file"], "-");
    assert_eq!(findings(&report, "host-ipc").len(), 2);
}

#[test]
fn hostile_documents_fail_alone() {
    let mut laughs = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    let mut prev = 'a';
    for name in 'b'..='i' {
        laughs.push_str(&format!("  {name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = name;
    }
    let deep = format!("a: {}\n", "[".repeat(10_000));
    let stream = format!(
        "{laughs}---\n{deep}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: ok}}\nspec: {{hostIPC: true}}\n"
    );
    let mut bytes = stream.into_bytes();
    bytes.extend_from_slice(b"---\napiVersion: v1\nkind: Pod\nmetadata: {name: \xff}\n");
    let output = kubeward()
        .args(["scan", "--format", "json", "--no-config", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("aliases expand"), "{messages:?}");
    assert!(messages[2].contains("UTF-8"), "{messages:?}");
    assert_eq!(findings(&report, "host-ipc").len(), 1);
}

#[test]
fn fail_on_sets_the_exit_code() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers: [{name: c, image: registry.example.com/a:1}]\n";
    kubeward()
        .args(["scan", "--no-config", "--fail-on", "critical", "-"])
        .write_stdin(pod)
        .assert()
        .code(0);
    kubeward()
        .args(["scan", "--no-config", "--fail-on", "medium", "-"])
        .write_stdin(pod)
        .assert()
        .code(1);
    kubeward()
        .args(["scan", "--no-config", "--fail-on", "never", "-"])
        .write_stdin(pod)
        .assert()
        .code(0);
    kubeward()
        .args(["scan", "--no-config", "--fail-on", "severe", "-"])
        .assert()
        .code(2);
    kubeward()
        .args(["scan", "--no-config", "does-not-exist.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no such file"));
}

#[test]
fn config_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("policy.yaml");
    std::fs::write(
        &config,
        "checks:\n  privileged-containr:\n    enabled: false\n",
    )
    .unwrap();
    kubeward()
        .args(["scan", "examples/manifests", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("policy.yaml:2:3"))
        .stderr(predicate::str::contains("privileged-container"));
}

#[test]
fn config_is_discovered_upward_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".kubeward.yaml"),
        "checks:\n  host-pid:\n    severity: info\n",
    )
    .unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n";
    let output = Command::cargo_bin("kubeward")
        .unwrap()
        .current_dir(&nested)
        .args(["scan", "--format", "json", "-"])
        .write_stdin(pod)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings(&report, "host-pid")[0]["severity"], "info");
}

#[test]
fn example_policy_exempts_with_reasons() {
    let output = kubeward()
        .args([
            "scan",
            "--format",
            "json",
            "--config",
            "examples/kubeward.yaml",
            "examples/manifests",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let host_network = findings(&report, "host-network");
    assert_eq!(host_network[0]["exempted"]["source"], "config");
    let host_path = findings(&report, "host-path-volume");
    assert_eq!(host_path[0]["exempted"]["source"], "annotation");
    assert_eq!(
        host_path[0]["exempted"]["reason"],
        "reads container logs from the node"
    );
}

#[test]
fn every_format_renders() {
    for (format, start) in [
        ("text", "examples/"),
        ("json", "{"),
        ("sarif", "{"),
        ("junit", "<?xml"),
        ("markdown", ""),
    ] {
        let output = kubeward()
            .args([
                "scan",
                "--no-config",
                "--format",
                format,
                "examples/manifests",
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.starts_with(start), "{format}: {stdout}");
        assert!(
            !stdout.contains('\u{1b}'),
            "{format}: no colour when not a terminal"
        );
    }
    let sarif: Value = serde_json::from_slice(
        &kubeward()
            .args([
                "scan",
                "--no-config",
                "--format",
                "sarif",
                "examples/manifests",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let output = kubeward()
        .args([
            "scan",
            "--no-config",
            "--color",
            "always",
            "examples/manifests",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(output.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn secret_values_never_reach_a_report() {
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"password\":\"a3ctdW5pcXVlLVpxOXhUNw==\"}}'\ndata:\n  password: a3ctdW5pcXVlLVpxOXhUNw==\nstringData:\n  token: kw-plain-Rt5vQ2\n";
    for format in ["text", "json", "sarif", "junit", "markdown"] {
        let output = kubeward()
            .args(["scan", "--no-config", "--format", format, "-"])
            .write_stdin(secret)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            !stdout.contains("a3ctdW5pcXVlLVpxOXhUNw==") && !stdout.contains("kw-plain-Rt5vQ2"),
            "{format} leaks: {stdout}"
        );
    }
}

#[test]
fn checks_and_explain() {
    kubeward().arg("checks").assert().success().stdout(
        predicate::str::contains("privileged-container").and(predicate::str::contains("critical")),
    );
    kubeward()
        .args(["explain", "privileged-container"])
        .assert()
        .success()
        .stdout(predicate::str::contains("privileged: true"));
    kubeward()
        .args(["explain", "no-such-check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown check"));
}

#[test]
fn the_real_corpus_scans_without_a_crash() {
    let corpus = repo().join("../shared/corpus/real");
    if !corpus.is_dir() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let output = kubeward()
        .args(["scan", "--format", "json", "--no-config"])
        .arg(&corpus)
        .output()
        .unwrap();
    let code = output
        .status
        .code()
        .expect("exited normally, not by a signal");
    assert!(code == 1 || code == 2, "exit {code}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["summary"]["objects"].as_u64().unwrap() > 5_000,
        "{}",
        report["summary"]
    );
}

#[test]
fn checks_can_be_selected_and_skipped() {
    let (_, report) = json(
        &[
            "--checks",
            "privileged-container,hygiene",
            "examples/manifests",
        ],
        None,
    );
    let checks: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert!(
        checks.contains("privileged-container") && checks.contains("default-namespace"),
        "{checks:?}"
    );
    assert!(!checks.contains("host-network"));
    let (_, report) = json(&["--skip-checks", "security", "examples/manifests"], None);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["category"] != "security")
    );
    kubeward()
        .args([
            "scan",
            "--no-config",
            "--checks",
            "no-such",
            "examples/manifests",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown check, category or framework \"no-such\"",
        ));
}

#[test]
fn pss_mode_names_controls() {
    let (_, report) = json(&["--pss", "baseline", "examples/manifests"], None);
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|f| f["pss"]["level"] == "baseline"),
        "{findings:#?}"
    );
    kubeward()
        .args([
            "scan",
            "--no-config",
            "--pss",
            "baseline",
            "examples/manifests",
        ])
        .assert()
        .stdout(predicate::str::contains("[PSS: Privileged Containers]"));
}

#[test]
fn group_by_changes_the_text_layout() {
    kubeward()
        .args([
            "scan",
            "--no-config",
            "--group-by",
            "check",
            "examples/manifests",
        ])
        .assert()
        .stdout(predicate::str::contains(
            "privileged-container: Container runs privileged\n  examples/manifests/shop.yaml:66:13",
        ));
    kubeward()
        .args([
            "scan",
            "--no-config",
            "--group-by",
            "tactic",
            "--format",
            "markdown",
            "examples/manifests",
        ])
        .assert()
        .stdout(predicate::str::contains("#### Privilege escalation"));
}

#[test]
fn framework_coverage_lists_every_entry() {
    kubeward()
        .args(["checks", "--framework", "pss"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Baseline: Privileged Containers")
                .and(predicate::str::contains("privileged-container")),
        );
    kubeward()
        .args(["checks", "--framework", "mitre"])
        .assert()
        .success()
        .stdout(predicate::str::contains("MS-TA9018"));
}
