//! The SARIF 2.1.0 format, as GitHub code scanning reads it.
//!
//! One run. Every check of the catalogue is a rule (`tool.driver.rules`), whether it fired or
//! not, with its documentation as help text, its default severity as
//! `defaultConfiguration.level` (critical and high → `error`, medium → `warning`, low and
//! info → `note`) and a `security-severity` property (critical 9.5, high 8.0, medium 5.5,
//! low 3.0, info 0.0). Every finding is a result whose level follows its own (possibly
//! overridden) severity; exempted findings carry a suppression (`external` for the
//! configuration file, `inSource` for the object's own annotation) with the reason as
//! justification. Load errors are error notifications of the one invocation; the invocation
//! still counts as successful, since the scan went on without the documents it could not read.
//!
//! Artifact URIs are the file paths as given, with forward slashes, percent-encoded where a
//! URI needs it.

use std::io;

use kubeward_core::{CheckMeta, ExemptionSource, Finding, LoadError, ScanResult, Severity};
use serde_json::{Map, Value, json};

use crate::catalogue::yaml_block;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity`: a number from 0.0 to 10.0, as a string.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// `privileged-container` → `PrivilegedContainer`, the rule's `name`.
fn rule_name(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A file path as a relative URI reference: forward slashes, and percent-encoding for every
/// byte that may not appear as is in a URI path.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Tags viewers can filter on: the category and every framework id (`CIS-5.2.2`,
/// `MS-TA9018`, `PSS-baseline`).
fn tags(meta: &CheckMeta) -> Vec<String> {
    let m = &meta.mappings;
    let mut tags = vec!["kubernetes".to_owned(), meta.category.as_str().to_owned()];
    tags.extend(m.mitre.iter().map(|t| t.id.to_owned()));
    tags.extend(m.cis.iter().map(|id| format!("CIS-{id}")));
    if let Some(pss) = m.pss {
        tags.push(format!(
            "PSS-{}",
            if pss.level == kubeward_core::PssLevel::Baseline {
                "baseline"
            } else {
                "restricted"
            }
        ));
    }
    tags
}

fn rule(meta: &CheckMeta) -> Value {
    let docs = &meta.docs;
    let mut text = format!(
        "{}\n\nWhy it matters: {}\n\nHow to fix: {}",
        docs.what, docs.why, docs.fix
    );
    let mut markdown = format!(
        "{}\n\n**Why it matters.** {}\n\n**How to fix.** {}",
        docs.what, docs.why, docs.fix
    );
    if !docs.failing.is_empty() {
        text.push_str(&format!(
            "\n\nExample (failing):\n{}",
            docs.failing.trim_end()
        ));
        markdown.push_str(&format!(
            "\n\nExample (failing):\n\n{}",
            yaml_block(docs.failing).trim_end()
        ));
    }
    if !docs.passing.is_empty() {
        text.push_str(&format!(
            "\n\nUse instead (passing):\n{}",
            docs.passing.trim_end()
        ));
        markdown.push_str(&format!(
            "\n\nUse instead (passing):\n\n{}",
            yaml_block(docs.passing).trim_end()
        ));
    }
    let mappings = crate::catalogue::mapping_lines(meta);
    if !mappings.is_empty() {
        text.push_str("\n\nMappings:");
        markdown.push_str("\n\nMappings:\n");
        for line in &mappings {
            text.push_str(&format!("\n- {line}"));
            markdown.push_str(&format!("\n- {line}"));
        }
    }
    if !docs.references.is_empty() {
        text.push_str("\n\nReferences:");
        markdown.push_str("\n\nReferences:\n");
        for reference in docs.references {
            text.push_str(&format!("\n- {reference}"));
            markdown.push_str(&format!("\n- {reference}"));
        }
    }
    let mut rule = json!({
        "id": meta.id,
        "name": rule_name(meta.id),
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": docs.what},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": {
            "category": meta.category.as_str(),
            "severity": meta.severity.as_str(),
            "tags": tags(meta),
            "security-severity": security_severity(meta.severity),
        },
    });
    if let Some(help_uri) = docs
        .references
        .iter()
        .find(|r| r.starts_with("https://") || r.starts_with("http://"))
    {
        rule["helpUri"] = json!(help_uri);
    }
    rule
}

fn physical_location(file: &str, line: u32, column: u32) -> Value {
    let mut location = json!({"artifactLocation": {"uri": uri(file)}});
    if line > 0 {
        let mut region = json!({"startLine": line});
        if column > 0 {
            region["startColumn"] = json!(column);
        }
        location["region"] = region;
    }
    location
}

fn result(finding: &Finding, catalogue: &[&CheckMeta]) -> Value {
    let object = &finding.object;
    let mut properties = Map::new();
    properties.insert("severity".into(), json!(finding.severity.as_str()));
    properties.insert("category".into(), json!(finding.category.as_str()));
    properties.insert(
        "object".into(),
        json!({
            "apiVersion": object.api_version,
            "kind": object.kind,
            "namespace": object.namespace,
            "name": object.name,
        }),
    );
    if let Some(container) = &finding.container {
        properties.insert("container".into(), json!(container));
    }
    let identity = format!(
        "{}|{}|{}|{}|{}|{}",
        finding.check,
        object.api_version,
        object.kind,
        object.namespace.as_deref().unwrap_or(""),
        object.name,
        finding.container.as_deref().unwrap_or("")
    );
    let mut result = json!({
        "ruleId": finding.check,
        "level": level(finding.severity),
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": physical_location(
                &finding.location.file,
                finding.location.line,
                finding.location.column,
            ),
        }],
        "partialFingerprints": {"kubewardObject/v1": identity},
        "properties": properties,
    });
    if let Some(index) = catalogue.iter().position(|m| m.id == finding.check) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(exemption) = &finding.exemption {
        let kind = match exemption.source {
            ExemptionSource::Config => "external",
            ExemptionSource::Annotation => "inSource",
        };
        result["suppressions"] = json!([{"kind": kind, "justification": exemption.reason}]);
    }
    result
}

fn notification(error: &LoadError) -> Value {
    json!({
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": physical_location(&error.file, error.line, error.column)}],
    })
}

pub(crate) fn render(
    scan: &ScanResult,
    catalogue: &[&CheckMeta],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut invocation = json!({"executionSuccessful": true});
    if !scan.errors.is_empty() {
        invocation["toolExecutionNotifications"] =
            scan.errors.iter().map(notification).collect::<Value>();
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kubeward",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": catalogue.iter().map(|m| rule(m)).collect::<Value>(),
                },
            },
            "invocations": [invocation],
            "results": scan.findings.iter().map(|f| result(f, catalogue)).collect::<Value>(),
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::Format;
    use crate::testdata;

    fn sarif() -> Value {
        serde_json::from_str(&testdata::render(Format::Sarif, &testdata::result(), false)).unwrap()
    }

    #[test]
    fn header_and_driver() {
        let log = sarif();
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "kubeward");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert!(
            driver["informationUri"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
    }

    #[test]
    fn every_check_is_a_rule() {
        let log = sarif();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "privileged-container",
                "missing-readiness-probe",
                "latest-tag",
                "naked-pod"
            ]
        );
        let privileged = &rules[0];
        assert_eq!(privileged["name"], "PrivilegedContainer");
        assert_eq!(
            privileged["shortDescription"]["text"],
            "Container runs privileged"
        );
        assert_eq!(
            privileged["fullDescription"]["text"],
            "Fires when `securityContext.privileged` is true."
        );
        assert_eq!(privileged["defaultConfiguration"]["level"], "error");
        assert_eq!(privileged["properties"]["security-severity"], "9.5");
        assert_eq!(privileged["properties"]["category"], "security");
        assert_eq!(
            privileged["helpUri"],
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
        );
        let markdown = privileged["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains("**How to fix.** Remove `privileged: true`."));
        assert!(markdown.contains("```yaml\nsecurityContext:\n  privileged: true\n```"));
        assert!(
            privileged["help"]["text"]
                .as_str()
                .unwrap()
                .contains("CIS 5.2.1")
        );
        // No URL among the references: no helpUri.
        assert!(rules[3].get("helpUri").is_none());
        assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
        assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
    }

    #[test]
    fn results() {
        let log = sarif();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 4);
        let probe = &results[0];
        assert_eq!(probe["ruleId"], "missing-readiness-probe");
        assert_eq!(probe["ruleIndex"], 1);
        assert_eq!(probe["level"], "warning");
        assert_eq!(
            probe["locations"][0]["physicalLocation"],
            json!({"artifactLocation": {"uri": "deploy/web.yaml"},
                   "region": {"startLine": 18, "startColumn": 9}})
        );
        assert_eq!(probe["properties"]["container"], "app");
        assert!(probe.get("suppressions").is_none());
        assert_eq!(
            results[1]["suppressions"],
            json!([{"kind": "inSource", "justification": "pinned by the registry mirror"}])
        );
        assert_eq!(results[2]["level"], "error");
        assert_eq!(results[3]["properties"]["object"]["namespace"], Value::Null);
        assert!(results[3]["properties"].get("container").is_none());
    }

    #[test]
    fn load_errors_are_notifications() {
        let log = sarif();
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], true);
        assert_eq!(
            invocation["toolExecutionNotifications"],
            json!([{
                "level": "error",
                "message": {"text": "mapping values are not allowed here"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "broken.yaml"},
                    "region": {"startLine": 3, "startColumn": 7},
                }}],
            }])
        );
    }

    #[test]
    fn uris() {
        assert_eq!(uri("deploy\\web.yaml"), "deploy/web.yaml");
        assert_eq!(uri("my dir/50%.yaml"), "my%20dir/50%25.yaml");
        assert_eq!(uri("-"), "-");
        assert_eq!(uri("é.yaml"), "%C3%A9.yaml");
    }
}
