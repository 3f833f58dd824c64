//! The JUnit XML format, for CI test dashboards.
//!
//! The report is named `kubeward`; each file is a test suite, each object a test case named
//! `Kind namespace/name` with the file as class name. An object with findings fails: the
//! failure's message counts them, its type is the highest severity, and its text lists each
//! finding with its location and how to fix it. Objects without findings pass. Exempted
//! findings do not fail a test case; they are listed in its `system-out`. A document that
//! could not be read is a test case in error, named after its line.

use std::io;

use kubeward_core::{CheckMeta, Finding, ScanResult};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::group::{self, ObjectGroup};

fn position(finding: &Finding) -> String {
    format!(
        "{}:{}:{}",
        finding.location.file, finding.location.line, finding.location.column
    )
}

fn container(finding: &Finding) -> String {
    finding
        .container
        .as_deref()
        .map(|c| format!(" [container {c}]"))
        .unwrap_or_default()
}

fn object_case(file: &str, object: &ObjectGroup<'_>, catalogue: &[&CheckMeta]) -> TestCase {
    let status = match object.active.iter().map(|f| f.severity).max() {
        None => TestCaseStatus::success(),
        Some(highest) => {
            let n = object.active.len();
            let mut description = String::new();
            for finding in &object.active {
                description.push_str(&format!(
                    "{}: {} {}: {}{}\n",
                    position(finding),
                    finding.severity,
                    finding.check,
                    finding.message,
                    container(finding)
                ));
                if let Some(meta) = catalogue.iter().find(|m| m.id == finding.check) {
                    description.push_str(&format!("  fix: {}\n", meta.docs.fix));
                }
            }
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(format!(
                    "{n} {} (highest severity {highest})",
                    if n == 1 { "finding" } else { "findings" }
                ))
                .set_type(highest.as_str())
                .set_description(description);
            status
        }
    };
    let mut case = TestCase::new(object.id.to_string(), status);
    case.set_classname(file);
    if !object.exempted.is_empty() {
        let mut out = String::new();
        for finding in &object.exempted {
            let reason = finding
                .exemption
                .as_ref()
                .map(|e| e.reason.as_str())
                .unwrap_or_default();
            out.push_str(&format!(
                "exempted: {}: {} {}: {}{} ({reason})\n",
                position(finding),
                finding.severity,
                finding.check,
                finding.message,
                container(finding)
            ));
        }
        case.set_system_out(out);
    }
    case
}

pub(crate) fn render(
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut report = Report::new("kubeward");
    for group in group::by_file(result) {
        let mut suite = TestSuite::new(group.file);
        for object in &group.objects {
            suite.add_test_case(object_case(group.file, object, catalogue));
        }
        for error in &group.errors {
            let name = if error.line == 0 {
                "load error".to_owned()
            } else {
                format!("load error at line {}", error.line)
            };
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message(error.message.as_str())
                .set_type("load-error");
            let mut case = TestCase::new(name, status);
            case.set_classname(group.file);
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report.serialize(&mut *out).map_err(io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use quick_junit::{NonSuccessKind, Report, TestCaseStatus};

    use crate::Format;
    use crate::testdata;

    fn xml() -> String {
        testdata::render(Format::Junit, &testdata::result(), false)
    }

    #[test]
    fn well_formed_and_round_trips() {
        let xml = xml();
        assert!(xml.starts_with("<?xml"));
        let report = Report::deserialize_from_str(&xml).unwrap();
        assert_eq!(report.name.as_ref().unwrap().as_str(), "kubeward");
        assert_eq!((report.tests, report.failures, report.errors), (4, 2, 1));
        let suites: Vec<&str> = report.test_suites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(suites, ["broken.yaml", "deploy/web.yaml", "pod.yaml"]);
    }

    #[test]
    fn one_case_per_object() {
        let report = Report::deserialize_from_str(&xml()).unwrap();
        let web = &report.test_suites[1];
        let names: Vec<&str> = web.test_cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Deployment shop/web", "Service shop/web"]);
        match &web.test_cases[0].status {
            TestCaseStatus::NonSuccess {
                kind: NonSuccessKind::Failure,
                message,
                ty,
                description,
                ..
            } => {
                assert_eq!(
                    message.as_ref().unwrap().as_str(),
                    "2 findings (highest severity critical)"
                );
                assert_eq!(ty.as_ref().unwrap().as_str(), "critical");
                let description = description.as_ref().unwrap().as_str();
                assert!(description.contains(
                    "deploy/web.yaml:20:11: critical privileged-container: container runs privileged [container app]"
                ));
                assert!(description.contains("  fix: Remove `privileged: true`."));
                assert!(!description.contains("latest-tag"));
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        let system_out = web.test_cases[0].system_out.as_ref().unwrap().as_str();
        assert!(system_out.contains("exempted: deploy/web.yaml:19:16: low latest-tag"));
        assert!(matches!(
            web.test_cases[1].status,
            TestCaseStatus::Success { .. }
        ));
        let pod = &report.test_suites[2].test_cases[0];
        assert_eq!(pod.name.as_str(), "Pod debug");
    }

    #[test]
    fn load_errors_are_errors() {
        let report = Report::deserialize_from_str(&xml()).unwrap();
        let case = &report.test_suites[0].test_cases[0];
        assert_eq!(case.name.as_str(), "load error at line 3");
        match &case.status {
            TestCaseStatus::NonSuccess {
                kind: NonSuccessKind::Error,
                message,
                ..
            } => assert_eq!(
                message.as_ref().unwrap().as_str(),
                "mapping values are not allowed here"
            ),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn markup_in_messages_is_escaped() {
        let mut result = testdata::result();
        result.findings[0].message = "a <b> & \"c\" ]]> d".into();
        let xml = testdata::render(Format::Junit, &result, false);
        let report = Report::deserialize_from_str(&xml).unwrap();
        let TestCaseStatus::NonSuccess { description, .. } =
            &report.test_suites[1].test_cases[0].status
        else {
            panic!("expected a failure");
        };
        assert!(
            description
                .as_ref()
                .unwrap()
                .as_str()
                .contains("a <b> & \"c\" ]]> d")
        );
    }
}
