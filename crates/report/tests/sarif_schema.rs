//! The SARIF output validates against the SARIF 2.1.0 JSON schema (see `tests/data/README.md`
//! for where the schema file comes from).

mod common;

use kubeward_core::ScanResult;
use kubeward_report::Format;
use serde_json::{Value, json};

/// The schema's pattern for `language` (of `run` and of `toolComponent`) has a lone `]`: a
/// literal in ECMAScript's non-Unicode regexes, but refused by the validator's stricter check
/// of the schema itself. The escaped form means the same.
const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
const LANGUAGE_PATTERN_ESCAPED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";

fn validator() -> jsonschema::Validator {
    let mut schema: Value =
        serde_json::from_str(include_str!("data/sarif-2.1.0-rtm.5.json")).unwrap();
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(pattern, LANGUAGE_PATTERN);
        *pattern = json!(LANGUAGE_PATTERN_ESCAPED);
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(sarif: &str) {
    let instance: Value = serde_json::from_str(sarif).unwrap();
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn full_result_is_valid_sarif() {
    let sarif = common::render_to_string(Format::Sarif, &common::result(), false);
    assert_valid(&sarif);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let results = &log["runs"][0]["results"];
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "manifests/my%20apps.yaml"
    );
    assert_eq!(
        results[2]["suppressions"],
        json!([{"kind": "external", "justification": "sized by the operator"}])
    );
    // A load error about a whole file has no region.
    assert_eq!(
        log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"],
        json!({"artifactLocation": {"uri": "empty.yaml"}})
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[2]["properties"]["security-severity"], "0.0");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
}

#[test]
fn empty_result_is_valid_sarif() {
    let sarif = common::render_to_string(Format::Sarif, &ScanResult::default(), false);
    assert_valid(&sarif);
}

#[test]
fn the_schema_rejects_broken_logs() {
    // The validator really checks: a log without `version`, or with a result whose level is
    // not a SARIF level, is refused.
    let validator = validator();
    let mut log: Value = serde_json::from_str(&common::render_to_string(
        Format::Sarif,
        &common::result(),
        false,
    ))
    .unwrap();
    log["runs"][0]["results"][0]["level"] = json!("critical");
    assert!(!validator.is_valid(&log));
    log.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&log));
}
