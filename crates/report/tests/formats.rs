//! Every format through the public API.

mod common;

use kubeward_core::ScanResult;
use kubeward_report::{Format, catalogue_table, docs_page, explain};

#[test]
fn every_format_renders_deterministically() {
    let result = common::result();
    for format in Format::ALL {
        let first = common::render_to_string(format, &result, false);
        let second = common::render_to_string(format, &result, false);
        assert!(!first.is_empty(), "{format}");
        assert!(
            first.ends_with('\n'),
            "{format} output ends without a newline"
        );
        assert_eq!(first, second, "{format} is not deterministic");
    }
}

#[test]
fn every_format_renders_an_empty_scan() {
    for format in Format::ALL {
        common::render_to_string(format, &ScanResult::default(), false);
    }
    let text = common::render_to_string(Format::Text, &ScanResult::default(), false);
    assert_eq!(text, "no findings; 0 objects in 0 files; score 0/100\n");
}

#[test]
fn reports_only_print_what_findings_contain() {
    let result = common::result();
    for format in Format::ALL {
        for color in [false, true] {
            let out = common::render_to_string(format, &result, color);
            assert!(!out.contains(common::SECRET_VALUE), "{format}");
            // ANSI only in coloured text.
            assert_eq!(
                out.contains('\x1b'),
                color && format == Format::Text,
                "{format} color={color}"
            );
        }
    }
}

#[test]
fn text_report() {
    let text = common::render_to_string(Format::Text, &common::result(), false);
    assert_eq!(
        text,
        "\
manifests\\my apps.yaml
Pod debug
  7:3    high      host-network         pod uses the host network
StatefulSet data/db
  30:13  medium    secret-in-plain-env  environment variable \"DB_PASSWORD\" holds a literal value [container postgres]
  32:9   exempted  no-memory-limit      container has no memory limit [container postgres] (config: sized by the operator)

empty.yaml: error: file is not valid UTF-8

2 findings (1 high, 1 medium), 1 exempted, 1 error; 2 objects in 2 files; score 85/100
"
    );
}

#[test]
fn json_report_filters_on_exempted() {
    let json = common::render_to_string(Format::Json, &common::result(), false);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let active: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("exempted").is_none())
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(active, ["host-network", "secret-in-plain-env"]);
    assert_eq!(v["errors"][0]["line"], 0);
    assert_eq!(v["summary"]["bySeverity"]["info"], 0);
}

#[test]
fn junit_report_round_trips() {
    let xml = common::render_to_string(Format::Junit, &common::result(), false);
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!((report.tests, report.failures, report.errors), (3, 2, 1));
    let names: Vec<&str> = report
        .test_suites
        .iter()
        .flat_map(|s| s.test_cases.iter().map(|c| c.name.as_str()))
        .collect();
    assert_eq!(names, ["load error", "Pod debug", "StatefulSet data/db"]);
}

#[test]
fn markdown_report() {
    let md = common::render_to_string(Format::Markdown, &common::result(), false);
    assert!(md.contains("| 0 | 1 | 1 | 0 | 0 | 1 | 1 | 85/100 |"));
    assert!(md.contains(
        "| manifests\\\\my apps.yaml:7:3 | Pod debug | `host-network` | high | pod uses the host network |"
    ));
    assert!(md.contains("| empty.yaml | file is not valid UTF-8 |"));
}

#[test]
fn catalogue_views() {
    let catalogue = common::catalogue();
    let table = catalogue_table(&catalogue);
    assert_eq!(table.lines().count(), 3);
    assert!(
        table.starts_with(
            "host-network         high    security    Pod shares the host's network\n"
        )
    );
    let text = explain(&common::SECRET_IN_ENV);
    for heading in [
        "What it checks",
        "Why it matters",
        "How to fix",
        "Example (failing)",
        "Use instead (passing)",
    ] {
        assert!(text.contains(&format!("\n{heading}\n")), "{heading}");
    }
    let page = docs_page(&catalogue);
    assert!(
        page.contains(
            "- [Efficiency](#efficiency)\n  - [`no-memory-limit`](#no-memory-limit) (info)"
        )
    );
    assert!(page.contains("### secret-in-plain-env"));
}
