//! Keeps generated documentation in step with the checks it is generated from.
//!
//! When a check changes, regenerate with:
//! `cargo run -- checks --format markdown > docs/checks.md` and
//! `KUBEWARD_BLESS=1 cargo test -p kubeward --test docs` (rewrites README's checks table).

mod common;
use common::repo;

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let output = Command::cargo_bin("kubeward")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn docs_page_is_current() {
    let generated = run(&["checks", "--format", "markdown"]);
    let committed = std::fs::read_to_string(repo().join("docs/checks.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/checks.md is stale: run `cargo run -- checks --format markdown > docs/checks.md`"
    );
}

#[test]
fn readme_checks_table_is_current() {
    let catalogue: serde_json::Value =
        serde_json::from_str(&run(&["checks", "--format", "json"])).unwrap();
    let mut table = String::from("| Check | Severity | Category | Title |\n|---|---|---|---|\n");
    for check in catalogue.as_array().unwrap() {
        table.push_str(&format!(
            "| [`{id}`](docs/checks.md#{id}) | {} | {} | {} |\n",
            check["severity"].as_str().unwrap(),
            check["category"].as_str().unwrap(),
            check["title"].as_str().unwrap(),
            id = check["id"].as_str().unwrap(),
        ));
    }
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- begin checks table -->\n", "<!-- end checks table -->");
    let start = readme.find(begin).expect("begin marker") + begin.len();
    let stop = readme.find(end).expect("end marker");
    if std::env::var_os("KUBEWARD_BLESS").is_some() {
        std::fs::write(
            &path,
            format!("{}{table}{}", &readme[..start], &readme[stop..]),
        )
        .unwrap();
        return;
    }
    assert!(
        readme[start..stop] == table,
        "README's checks table is stale: run `KUBEWARD_BLESS=1 cargo test -p kubeward --test docs`"
    );
}
