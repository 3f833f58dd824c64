//! The JSON format. Its schema (version 1) is documented at the crate root; the types here
//! are that schema, kept apart from the core types so that the output only changes on purpose.

use std::io::{self, Write};

use std::collections::HashMap;

use kubeward_core::{CheckMeta, ExemptionSource, ObjectId, ScanResult, Severity};
use serde::Serialize;

/// The schema version; bumped on any incompatible change.
const VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    version: u32,
    findings: Findings<'a>,
    errors: Vec<Error<'a>>,
    objects: Objects<'a>,
    summary: Summary,
}

/// Findings are written one by one as they are converted: a scan can have hundreds of
/// thousands, and a converted copy of all of them would double the report's memory.
struct Findings<'a> {
    findings: &'a [kubeward_core::Finding],
    /// Pod Security controls by check id.
    pss: HashMap<&'a str, kubeward_core::PssControl>,
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.iter().map(|f| Finding {
            pss: self.pss.get(f.check).copied(),
            ..Finding::from(f)
        }))
    }
}

/// Object scores, written one by one like [`Findings`].
struct Objects<'a>(&'a [kubeward_core::ObjectScore]);

impl Serialize for Objects<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|s| Object {
            file: Some(&s.location.file),
            line: Some(s.location.line),
            score: Some(s.score),
            ..Object::id(&s.object)
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Finding<'a> {
    check: &'a str,
    severity: &'a str,
    category: &'a str,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    object: Object<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exempted: Option<Exempted<'a>>,
    /// The Pod Security Standards control, for checks that implement one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pss: Option<kubeward_core::PssControl>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Exempted<'a> {
    source: &'a str,
    reason: &'a str,
}

/// An object: its identity, and for the `objects` list where it is and its score.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Object<'a> {
    api_version: &'a str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u8>,
}

impl<'a> Object<'a> {
    fn id(id: &'a ObjectId) -> Self {
        Object {
            api_version: &id.api_version,
            kind: &id.kind,
            namespace: id.namespace.as_deref(),
            name: &id.name,
            file: None,
            line: None,
            score: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Error<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    files: usize,
    objects: usize,
    skipped: usize,
    findings: usize,
    by_severity: BySeverity,
    exempted: usize,
    errors: usize,
    score: u8,
}

/// Always all five severities, most severe first.
#[derive(Serialize, Default)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

impl<'a> From<&'a kubeward_core::Finding> for Finding<'a> {
    fn from(f: &'a kubeward_core::Finding) -> Self {
        Finding {
            check: f.check,
            severity: f.severity.as_str(),
            category: f.category.as_str(),
            message: &f.message,
            file: &f.location.file,
            line: f.location.line,
            column: f.location.column,
            object: Object::id(&f.object),
            container: f.container.as_deref(),
            exempted: f.exemption.as_ref().map(|e| Exempted {
                source: match e.source {
                    ExemptionSource::Config => "config",
                    ExemptionSource::Annotation => "annotation",
                },
                reason: &e.reason,
            }),
            pss: None,
        }
    }
}

pub(crate) fn render(
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let errors = result
        .errors
        .iter()
        .map(|e| Error {
            file: &e.file,
            line: e.line,
            column: e.column,
            message: &e.message,
        })
        .collect();
    let summary = &result.summary;
    let mut by_severity = BySeverity::default();
    for &(severity, n) in &summary.by_severity {
        let count = match severity {
            Severity::Critical => &mut by_severity.critical,
            Severity::High => &mut by_severity.high,
            Severity::Medium => &mut by_severity.medium,
            Severity::Low => &mut by_severity.low,
            Severity::Info => &mut by_severity.info,
        };
        *count += n;
    }
    let report = Report {
        version: VERSION,
        findings: Findings {
            findings: &result.findings,
            pss: catalogue
                .iter()
                .filter_map(|m| Some((m.id, m.mappings.pss?)))
                .collect(),
        },
        errors,
        objects: Objects(&result.scores),
        summary: Summary {
            files: summary.files,
            objects: summary.objects,
            skipped: summary.skipped,
            findings: summary.findings,
            by_severity,
            exempted: summary.exempted,
            errors: summary.errors,
            score: summary.score,
        },
    };
    // serde_json writes token by token: buffer here, so each token is a copy into memory
    // rather than a call through `dyn Write`.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, Pretty::default());
    report.serialize(&mut serializer)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// serde_json's pretty layout (two-space indent, `"key": value`), writing each line break and
/// its indentation as one slice: the stock formatter writes the indent level by level, which
/// cost more than the rest of the layout on reports with hundreds of thousands of findings.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn new_line<W: ?Sized + io::Write>(&self, out: &mut W) -> io::Result<()> {
        const LINE: &[u8] = b"\n                                                                ";
        let mut spaces = 2 * self.depth;
        let first = spaces.min(LINE.len() - 1);
        out.write_all(&LINE[..1 + first])?;
        spaces -= first;
        while spaces > 0 {
            let more = spaces.min(LINE.len() - 1);
            out.write_all(&LINE[1..1 + more])?;
            spaces -= more;
        }
        Ok(())
    }

    fn open<W: ?Sized + io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(out)?;
        }
        out.write_all(bracket)
    }

    fn item<W: ?Sized + io::Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.new_line(out)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::Format;
    use crate::testdata;

    fn parsed() -> (String, Value) {
        let text = testdata::render(Format::Json, &testdata::result(), false);
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    #[test]
    fn layout_is_serde_jsons_pretty_layout() {
        let (_, report) = parsed();
        // Deeper than the formatter's indentation slice, with empty collections inside.
        let mut deep = json!({"b": [], "c": {}});
        for _ in 0..40 {
            deep = json!([deep]);
        }
        for value in [report, deep] {
            let mut out = Vec::new();
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut out, super::Pretty::default());
            serde::Serialize::serialize(&value, &mut serializer).unwrap();
            let expected = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn pretty_with_trailing_newline() {
        let (text, _) = parsed();
        assert!(text.starts_with("{\n  \"version\": 1,\n"));
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn findings() {
        let (_, v) = parsed();
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 4);
        assert_eq!(
            findings[0],
            json!({
                "check": "missing-readiness-probe",
                "severity": "medium",
                "category": "reliability",
                "message": "container has no readiness probe | traffic <may> arrive early",
                "file": "deploy/web.yaml",
                "line": 18,
                "column": 9,
                "object": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
                "container": "app"
            })
        );
        assert_eq!(
            findings[1]["exempted"],
            json!({"source": "annotation", "reason": "pinned by the registry mirror"})
        );
        assert!(findings[0].get("exempted").is_none());
        // A finding without container or namespace.
        let naked = &findings[3];
        assert!(naked.get("container").is_none());
        assert_eq!(naked["object"]["namespace"], Value::Null);
        assert_eq!(naked["object"]["kind"], "Pod");
    }

    #[test]
    fn errors_objects_and_summary() {
        let (_, v) = parsed();
        assert_eq!(
            v["errors"],
            json!([{"file": "broken.yaml", "line": 3, "column": 7, "message": "mapping values are not allowed here"}])
        );
        assert_eq!(v["objects"].as_array().unwrap().len(), 3);
        assert_eq!(
            v["objects"][2],
            json!({"apiVersion": "v1", "kind": "Pod", "namespace": null, "name": "debug",
                   "file": "pod.yaml", "line": 1, "score": 95})
        );
        assert_eq!(
            v["summary"],
            json!({
                "files": 3, "objects": 3, "skipped": 1, "findings": 3,
                "bySeverity": {"critical": 1, "high": 0, "medium": 1, "low": 1, "info": 0},
                "exempted": 1, "errors": 1, "score": 85
            })
        );
    }

    #[test]
    fn by_severity_keeps_its_order_and_fills_gaps() {
        let mut result = testdata::result();
        result.summary.by_severity = vec![(kubeward_core::Severity::High, 2)];
        let text = testdata::render(Format::Json, &result, false);
        let start = text.find("\"bySeverity\"").unwrap();
        let keys: Vec<usize> = ["critical", "high", "medium", "low", "info"]
            .iter()
            .map(|k| text[start..].find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["summary"]["bySeverity"]["high"], 2);
        assert_eq!(v["summary"]["bySeverity"]["critical"], 0);
    }
}

#[cfg(test)]
mod pss_tests {
    use serde_json::{Value, json};

    use crate::Format;
    use crate::testdata;

    #[test]
    fn pod_security_findings_carry_their_control() {
        let text = testdata::render(Format::Json, &testdata::result(), false);
        let report: Value = serde_json::from_str(&text).unwrap();
        let findings = report["findings"].as_array().unwrap();
        let privileged = findings
            .iter()
            .find(|f| f["check"] == "privileged-container")
            .unwrap();
        assert_eq!(
            privileged["pss"],
            json!({"level": "baseline", "control": "Privileged Containers"})
        );
        assert!(
            findings
                .iter()
                .filter(|f| f["check"] != "privileged-container")
                .all(|f| f.get("pss").is_none())
        );
    }
}
