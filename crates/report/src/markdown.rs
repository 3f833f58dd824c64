//! The Markdown format, for pull-request comments.
//!
//! A summary table (findings per severity, exempted, errors, score), a findings table
//! (`file:line`, object, check, severity, message), how to fix each check that fired, the
//! exempted findings in a collapsed `<details>` block, and the load errors. Text taken from
//! manifests is escaped so that it cannot break a table or inject markup.

use std::io;

use kubeward_core::{CheckMeta, Finding, ScanResult, Severity};

use crate::GroupBy;
use crate::grouped;

/// Escapes `text` for a table cell: Markdown punctuation and HTML are backslash-escaped,
/// line breaks become spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn location(file: &str, line: u32, column: u32) -> String {
    match (line, column) {
        (0, _) => escape(file),
        (line, 0) => format!("{}:{line}", escape(file)),
        (line, column) => format!("{}:{line}:{column}", escape(file)),
    }
}

fn finding_location(finding: &Finding) -> String {
    let at = &finding.location;
    location(&at.file, at.line, at.column)
}

fn message(finding: &Finding) -> String {
    let mut text = escape(&finding.message);
    if let Some(container) = &finding.container {
        text.push_str(&format!(" (container {})", escape(container)));
    }
    text
}

pub(crate) fn render(
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    group_by: GroupBy,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let summary = &result.summary;
    let count = |severity: Severity| -> usize {
        summary
            .by_severity
            .iter()
            .filter(|(s, _)| *s == severity)
            .map(|(_, n)| n)
            .sum()
    };

    writeln!(out, "## kubeward\n")?;
    writeln!(
        out,
        "| Critical | High | Medium | Low | Info | Exempted | Errors | Score |"
    )?;
    writeln!(
        out,
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )?;
    write!(out, "|")?;
    for severity in Severity::ALL {
        write!(out, " {} |", count(severity))?;
    }
    writeln!(
        out,
        " {} | {} | {}/100 |\n",
        summary.exempted, summary.errors, summary.score
    )?;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    write!(
        out,
        "{} in {} scanned",
        plural(summary.objects, "object", "objects"),
        plural(summary.files, "file", "files")
    )?;
    if summary.skipped > 0 {
        write!(
            out,
            ", {} skipped",
            plural(summary.skipped, "document", "documents")
        )?;
    }
    writeln!(out, ".\n")?;

    let active: Vec<&Finding> = result.active().collect();
    writeln!(out, "### Findings\n")?;
    if active.is_empty() {
        writeln!(out, "No findings.")?;
    } else {
        let groups = if group_by == GroupBy::File {
            vec![(None, active.clone())]
        } else {
            grouped::groups(result, catalogue, group_by)
                .into_iter()
                .map(|g| {
                    let findings = g
                        .findings
                        .into_iter()
                        .filter(|f| f.exemption.is_none())
                        .collect::<Vec<_>>();
                    (Some(g.heading), findings)
                })
                .filter(|(_, findings)| !findings.is_empty())
                .collect()
        };
        for (i, (heading, findings)) in groups.into_iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            if let Some(heading) = heading {
                writeln!(out, "#### {}\n", escape(&heading))?;
            }
            writeln!(out, "| Location | Object | Check | Severity | Message |")?;
            writeln!(out, "| --- | --- | --- | --- | --- |")?;
            for finding in findings {
                writeln!(
                    out,
                    "| {} | {} | `{}` | {} | {} |",
                    finding_location(finding),
                    escape(&finding.object.to_string()),
                    finding.check,
                    finding.severity,
                    message(finding),
                )?;
            }
        }

        // How to fix each check that fired, once, in catalogue order.
        let fired: Vec<&&CheckMeta> = catalogue
            .iter()
            .filter(|m| active.iter().any(|f| f.check == m.id))
            .collect();
        if !fired.is_empty() {
            writeln!(out, "\n### How to fix\n")?;
            for meta in fired {
                writeln!(
                    out,
                    "- **`{}`** ({}): {}",
                    meta.id,
                    meta.title,
                    meta.docs.fix.trim_end().replace('\n', "\n  ")
                )?;
            }
        }
    }

    let exempted: Vec<&Finding> = result
        .findings
        .iter()
        .filter(|f| f.exemption.is_some())
        .collect();
    if !exempted.is_empty() {
        writeln!(
            out,
            "\n<details><summary>{}</summary>\n",
            plural(exempted.len(), "exempted finding", "exempted findings")
        )?;
        writeln!(out, "| Location | Object | Check | Message | Reason |")?;
        writeln!(out, "| --- | --- | --- | --- | --- |")?;
        for finding in exempted {
            let reason = finding
                .exemption
                .as_ref()
                .map(|e| escape(&e.reason))
                .unwrap_or_default();
            writeln!(
                out,
                "| {} | {} | `{}` | {} | {} |",
                finding_location(finding),
                escape(&finding.object.to_string()),
                finding.check,
                message(finding),
                reason,
            )?;
        }
        writeln!(out, "\n</details>")?;
    }

    if !result.errors.is_empty() {
        writeln!(out, "\n### Errors\n")?;
        writeln!(out, "| Location | Message |")?;
        writeln!(out, "| --- | --- |")?;
        for error in &result.errors {
            writeln!(
                out,
                "| {} | {} |",
                location(&error.file, error.line, error.column),
                escape(&error.message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::testdata;

    fn markdown() -> String {
        testdata::render(Format::Markdown, &testdata::result(), false)
    }

    #[test]
    fn summary_table() {
        let md = markdown();
        assert!(md.starts_with("## kubeward\n\n| Critical | High | Medium | Low | Info |"));
        assert!(md.contains("\n| 1 | 0 | 1 | 1 | 0 | 1 | 1 | 85/100 |\n"));
        assert!(md.contains("3 objects in 3 files scanned, 1 document skipped.\n"));
    }

    #[test]
    fn findings_table_escapes_pipes() {
        let md = markdown();
        assert!(md.contains(
            "| deploy/web.yaml:18:9 | Deployment shop/web | `missing-readiness-probe` | medium | \
             container has no readiness probe \\| traffic \\<may\\> arrive early (container app) |"
        ));
        assert!(md.contains(
            "| pod.yaml:1:1 | Pod debug | `naked-pod` | low | pod is not managed by a controller |"
        ));
        // Every table row has the same number of unescaped pipes as its header.
        for line in md.lines().filter(|l| l.starts_with("| ")) {
            let cells = line.replace("\\|", "").matches('|').count();
            assert!(cells == 6 || cells == 3 || cells == 9, "{line}");
        }
    }

    #[test]
    fn fixes_exempted_and_errors() {
        let md = markdown();
        assert!(md.contains("### How to fix\n\n- **`privileged-container`** (Container runs privileged): Remove `privileged: true`.\n"));
        // The exempted check did not fire, so it has no fix line.
        assert!(!md.contains("- **`latest-tag`**"));
        assert!(md.contains("<details><summary>1 exempted finding</summary>"));
        assert!(md.contains("pinned by the registry mirror |"));
        assert!(md.contains(
            "### Errors\n\n| Location | Message |\n| --- | --- |\n| broken.yaml:3:7 | mapping values are not allowed here |\n"
        ));
    }

    #[test]
    fn clean_scan() {
        let mut result = testdata::result();
        result.findings.clear();
        result.errors.clear();
        let md = testdata::render(Format::Markdown, &result, false);
        assert!(md.contains("### Findings\n\nNo findings.\n"));
        assert!(!md.contains("Errors\n"));
        assert!(!md.contains("<details>"));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape("a|b\nc <x> `y` *z*"),
            "a\\|b c \\<x\\> \\`y\\` \\*z\\*"
        );
    }
}
