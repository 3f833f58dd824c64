//! `kubeward render` end to end: output shapes, errors that do not stop rendering, exit codes.

use assert_cmd::Command;

fn render(format: &str, stdin: &str) -> (i32, String) {
    let output = Command::cargo_bin("kubeward")
        .unwrap()
        .args(["render", "-", "--format", format])
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

const STREAM: &str = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: flags}
data:
  enabled: yes
  mode: 0755
---
# only a comment
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {hostNetwork: on}}
---
a: 1
a: 2
---
apiVersion: v1
kind: Secret
metadata: {name: s}
";

#[test]
fn json_lines_in_input_order_with_errors_in_place() {
    let (code, out) = render("json", STREAM);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"file":"-","line":1,"object":{"apiVersion":"v1","data":{"enabled":true,"mode":493},"kind":"ConfigMap","metadata":{"name":"flags"}}}"#,
            r#"{"file":"-","line":13,"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"hostNetwork":true}}}"#,
            r#"{"file":"-","line":15,"error":"line 16, column 1: duplicate key \"a\" (first at line 15, column 1)"}"#,
            r#"{"file":"-","line":18,"object":{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}}"#,
        ]
    );
    assert_eq!(
        code, 2,
        "a document that cannot be read makes the exit status 2"
    );
}

#[test]
fn a_clean_stream_exits_zero() {
    let (code, out) = render("json", "a: [1.0, 1e21, '<&>']\n");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "{\"file\":\"-\",\"line\":1,\"object\":{\"a\":[1,1e+21,\"\\u003c\\u0026\\u003e\"]}}\n"
    );
}

#[test]
fn yaml_output_quotes_what_other_tools_would_misread() {
    let (code, out) = render(
        "yaml",
        "kind: ConfigMap\ndata:\n  a: 'yes'\n  b: yes\n  c: '1:30'\n  d: \"0755\"\n  e: |\n    two\n    lines\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "---\n# -:1\nkind: ConfigMap\ndata:\n  a: \"yes\"\n  b: true\n  c: \"1:30\"\n  d: \"0755\"\n  e: |\n    two\n    lines\n"
    );
}

#[test]
fn yaml_output_reports_errors_as_comments() {
    let (code, out) = render("yaml", "a: .inf\n---\nb: 1\n");
    assert_eq!(code, 2);
    assert_eq!(
        out,
        "---\n# -:1: error: line 1, column 4: value cannot be represented in JSON\n---\n# -:3\nb: 1\n"
    );
}

#[test]
fn an_unreadable_input_is_an_error_line_and_the_others_are_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "a: 1\n").unwrap();
    let output = Command::cargo_bin("kubeward")
        .unwrap()
        .arg("render")
        .arg(&file)
        .arg(dir.path().join("missing.yaml"))
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].ends_with(r#""line":1,"object":{"a":1}}"#), "{out}");
    assert!(
        lines[1].contains(r#""line":0,"error":"no such file or directory"}"#),
        "{out}"
    );
    assert_eq!(lines[0], lines[2]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn scan_reports_the_yaml_traps() {
    let output = Command::cargo_bin("kubeward")
        .unwrap()
        .args(["scan", "-", "--format", "json", "--no-config"])
        .args(["--checks", "yaml-ambiguous-scalar,yaml-merge-override,yaml-alias-in-security-field"])
        .write_stdin(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  hostNetwork: yes\n  containers:\n  - name: a\n    image: registry.example.com/a:1\n    securityContext: &sc {privileged: true}\n  - name: b\n    image: registry.example.com/b:1\n    securityContext:\n      <<: *sc\n      privileged: false\n",
        )
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("yaml-ambiguous-scalar".to_owned(), 5),
            ("yaml-alias-in-security-field".to_owned(), 13),
            ("yaml-merge-override".to_owned(), 14),
        ]
    );
}
