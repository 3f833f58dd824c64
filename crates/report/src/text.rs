//! The text format: for people at a terminal.
//!
//! Only files with findings are listed, each under its name, then each object with findings
//! under its kind, namespace and name:
//!
//! ```text
//! deploy/web.yaml
//! Deployment shop/web
//!   18:9   medium    missing-readiness-probe  container has no readiness probe [container app]
//!   20:11  critical  privileged-container     container runs privileged [container app]
//!   19:16  exempted  latest-tag               image uses a mutable tag [container app] (annotation: pinned)
//!
//! broken.yaml:3:7: error: mapping values are not allowed here
//!
//! 2 findings (1 critical, 1 medium), 1 exempted, 1 error; 2 objects in 2 files; score 80/100
//! ```
//!
//! Exempted findings come after the others of their object, dimmed. Load errors follow the
//! findings, then one summary line. Colour only when [`TextOptions::color`] is set.

use std::collections::HashMap;
use std::io;

use anstyle::{AnsiColor, Effects, Style};
use kubeward_core::{CheckMeta, Finding, ScanResult, Severity};

use crate::group::{self, FileGroup};
use crate::grouped::{self, Group};
use crate::{GroupBy, TextOptions};

const FILE: Style = AnsiColor::Magenta.on_default().effects(Effects::BOLD);
const OBJECT: Style = Style::new().effects(Effects::BOLD);
const POSITION: Style = AnsiColor::Green.on_default();
const EXEMPTED: Style = Style::new().effects(Effects::DIMMED);
const ERROR: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
const SCORE: Style = Style::new().effects(Effects::BOLD);

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => AnsiColor::Red.on_default().effects(Effects::BOLD),
        Severity::High => AnsiColor::Red.on_default(),
        Severity::Medium => AnsiColor::Yellow.on_default(),
        Severity::Low => AnsiColor::Cyan.on_default(),
        Severity::Info => AnsiColor::Blue.on_default(),
    }
}

/// Applies styles, or not, and knows what each line ends with.
struct Painter<'a> {
    color: bool,
    /// Pod Security control names by check id, shown after findings in `--pss` mode.
    controls: HashMap<&'a str, &'a str>,
}

impl Painter<'_> {
    /// What follows a finding's message: its container (unless the message names it) and, in
    /// Pod Security mode, the control it violates.
    fn suffix(&self, finding: &Finding) -> String {
        let control = self
            .controls
            .get(finding.check)
            .map(|c| format!(" [PSS: {c}]"))
            .unwrap_or_default();
        container(finding) + &control
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    /// Paints `text`, then pads it with unstyled spaces to `width` characters.
    fn paint_padded(&self, style: Style, text: &str, width: usize) -> String {
        let padding = width.saturating_sub(text.chars().count());
        format!("{}{}", self.paint(style, text), " ".repeat(padding))
    }
}

/// Makes text taken from manifests safe for a terminal: control characters (an escape
/// sequence hidden in a name or a message) are shown escaped instead of being sent as is.
fn clean(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Pads `text` with spaces to `width` characters.
fn pad(text: &str, width: usize) -> String {
    format!("{text:<width$}")
}

fn position(finding: &Finding) -> String {
    format!("{}:{}", finding.location.line, finding.location.column)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn render(
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    options: &TextOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let controls = if options.pss_controls {
        catalogue
            .iter()
            .filter_map(|m| Some((m.id, m.mappings.pss?.control)))
            .collect()
    } else {
        HashMap::new()
    };
    let painter = Painter {
        color: options.color,
        controls,
    };
    let mut first = true;
    if options.group_by != GroupBy::File {
        for group in grouped::groups(result, catalogue, options.group_by) {
            if !first {
                writeln!(out)?;
            }
            first = false;
            write_group(&painter, &group, options.group_by, out)?;
        }
    }
    let by_file = if options.group_by == GroupBy::File {
        group::by_file(result)
    } else {
        Vec::new()
    };
    for group in by_file {
        if group
            .objects
            .iter()
            .all(|o| o.active.is_empty() && o.exempted.is_empty())
        {
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        write_file(&painter, &group, out)?;
    }
    if !result.errors.is_empty() {
        if !first {
            writeln!(out)?;
        }
        first = false;
        for error in &result.errors {
            let place = match (error.line, error.column) {
                (0, _) => error.file.to_string(),
                (line, 0) => format!("{}:{line}", error.file),
                (line, column) => format!("{}:{line}:{column}", error.file),
            };
            writeln!(
                out,
                "{}: {}: {}",
                painter.paint(OBJECT, &clean(&place)),
                painter.paint(ERROR, "error"),
                clean(&error.message)
            )?;
        }
    }
    if !first {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(&painter, result))
}

/// One group of a non-file grouping: its heading, then one line per finding with its place
/// (and its object, unless grouped by object).
fn write_group(
    painter: &Painter,
    group: &Group<'_>,
    by: GroupBy,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let place = |f: &Finding| match by {
        GroupBy::Object => position(f),
        _ => format!("{}:{}", f.location.file, position(f)),
    };
    let place_width = group
        .findings
        .iter()
        .map(|f| place(f).chars().count())
        .max()
        .unwrap_or(0);
    let check_width = group
        .findings
        .iter()
        .map(|f| f.check.len())
        .max()
        .unwrap_or(0);
    writeln!(out, "{}", painter.paint(OBJECT, &clean(&group.heading)))?;
    for finding in &group.findings {
        let object = if by == GroupBy::Object {
            String::new()
        } else {
            format!(" ({})", finding.object)
        };
        let (severity, style) = match &finding.exemption {
            None => (finding.severity.as_str(), severity_style(finding.severity)),
            Some(_) => ("exempted", EXEMPTED),
        };
        writeln!(
            out,
            "  {}  {}  {}  {}{}{}",
            painter.paint_padded(POSITION, &clean(&place(finding)), place_width),
            painter.paint_padded(style, severity, 8),
            pad(finding.check, check_width),
            clean(&finding.message),
            painter.suffix(finding),
            clean(&object),
        )?;
    }
    Ok(())
}

fn write_file(painter: &Painter, group: &FileGroup<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let findings = || {
        group
            .objects
            .iter()
            .flat_map(|o| o.active.iter().chain(&o.exempted))
    };
    let position_width = findings().map(|f| position(f).len()).max().unwrap_or(0);
    let check_width = findings().map(|f| f.check.len()).max().unwrap_or(0);

    writeln!(out, "{}", painter.paint(FILE, &clean(group.file)))?;
    for object in &group.objects {
        if object.active.is_empty() && object.exempted.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{}",
            painter.paint(OBJECT, &clean(&object.id.to_string()))
        )?;
        for finding in &object.active {
            writeln!(
                out,
                "  {}  {}  {}  {}{}",
                painter.paint_padded(POSITION, &position(finding), position_width),
                painter.paint_padded(
                    severity_style(finding.severity),
                    finding.severity.as_str(),
                    8
                ),
                pad(finding.check, check_width),
                clean(&finding.message),
                painter.suffix(finding),
            )?;
        }
        for finding in &object.exempted {
            let reason = finding
                .exemption
                .as_ref()
                .map(|e| format!(" ({}: {})", e.source.as_str(), e.reason))
                .unwrap_or_default();
            let line = format!(
                "  {}  exempted  {}  {}{}{}",
                pad(&position(finding), position_width),
                pad(finding.check, check_width),
                clean(&finding.message),
                painter.suffix(finding),
                clean(&reason),
            );
            writeln!(out, "{}", painter.paint(EXEMPTED, &line))?;
        }
    }
    Ok(())
}

/// Names the container unless the message already does, to keep lines short.
fn container(finding: &Finding) -> String {
    finding
        .container
        .as_deref()
        .filter(|c| !finding.message.contains(&format!("{c:?}")))
        .map(|c| format!(" [container {}]", clean(c)))
        .unwrap_or_default()
}

fn summary_line(painter: &Painter, result: &ScanResult) -> String {
    let summary = &result.summary;
    let mut line = if summary.findings == 0 {
        "no findings".to_owned()
    } else {
        let counts: Vec<String> = Severity::ALL
            .into_iter()
            .filter_map(|severity| {
                let n = summary
                    .by_severity
                    .iter()
                    .filter(|(s, _)| *s == severity)
                    .map(|(_, n)| n)
                    .sum::<usize>();
                (n > 0).then(|| painter.paint(severity_style(severity), &format!("{n} {severity}")))
            })
            .collect();
        let mut line = plural(summary.findings, "finding", "findings");
        if !counts.is_empty() {
            line.push_str(&format!(" ({})", counts.join(", ")));
        }
        line
    };
    if summary.exempted > 0 {
        line.push_str(&format!(", {} exempted", summary.exempted));
    }
    if summary.errors > 0 {
        line.push_str(", ");
        line.push_str(&painter.paint(ERROR, &plural(summary.errors, "error", "errors")));
    }
    line.push_str(&format!(
        "; {} in {}",
        plural(summary.objects, "object", "objects"),
        plural(summary.files, "file", "files")
    ));
    if summary.skipped > 0 {
        line.push_str(&format!(
            ", {} skipped",
            plural(summary.skipped, "document", "documents")
        ));
    }
    line.push_str("; ");
    line.push_str(&painter.paint(SCORE, &format!("score {}/100", summary.score)));
    line
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::testdata;

    #[test]
    fn groups_by_file_and_object() {
        let text = testdata::render(Format::Text, &testdata::result(), false);
        let expected = "\
deploy/web.yaml
Deployment shop/web
  18:9   medium    missing-readiness-probe  container has no readiness probe | traffic <may> arrive early [container app]
  20:11  critical  privileged-container     container runs privileged [container app]
  19:16  exempted  latest-tag               image \"nginx:latest\" uses a mutable tag [container app] (annotation: pinned by the registry mirror)

pod.yaml
Pod debug
  1:1  low       naked-pod  pod is not managed by a controller

broken.yaml:3:7: error: mapping values are not allowed here

3 findings (1 critical, 1 medium, 1 low), 1 exempted, 1 error; 3 objects in 3 files, 1 document skipped; score 85/100
";
        assert_eq!(text, expected);
    }

    #[test]
    fn no_ansi_without_color() {
        let text = testdata::render(Format::Text, &testdata::result(), false);
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn ansi_with_color() {
        let text = testdata::render(Format::Text, &testdata::result(), true);
        assert!(text.contains("\x1b["));
        // Dimmed exempted line, and the reset after it.
        assert!(text.contains("\x1b[2m  19:16  exempted"));
        assert!(text.contains("\x1b[0m"));
        // Stripping the escapes gives the plain report back.
        let stripped = strip_ansi(&text);
        assert_eq!(
            stripped,
            testdata::render(Format::Text, &testdata::result(), false)
        );
    }

    #[test]
    fn clean_scan_is_one_line() {
        let mut result = testdata::result();
        result.findings.clear();
        result.errors.clear();
        result.summary.findings = 0;
        result.summary.exempted = 0;
        result.summary.errors = 0;
        result.summary.skipped = 0;
        result.summary.by_severity.clear();
        result.summary.score = 100;
        let text = testdata::render(Format::Text, &result, false);
        assert_eq!(text, "no findings; 3 objects in 3 files; score 100/100\n");
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut result = testdata::result();
        result.findings[0].message = "bad \x1b[31mred".into();
        let text = testdata::render(Format::Text, &result, false);
        assert!(!text.contains('\x1b'));
        assert!(text.contains("bad \\u{1b}[31mred"));
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
