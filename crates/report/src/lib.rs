//! kubeward's reports: everything the scanner prints.
//!
//! A scan produces a [`ScanResult`]; [`render`] writes it in one of
//! five [`Format`]s:
//!
//! - [`Format::Text`]: for people at a terminal, grouped by file and object, optionally in
//!   colour ([`TextOptions`]).
//! - [`Format::Json`]: a stable, versioned schema for scripts (documented below).
//! - [`Format::Sarif`]: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//! - [`Format::Junit`]: JUnit XML, for CI test dashboards: one test suite per file, one test
//!   case per object.
//! - [`Format::Markdown`]: summary and findings tables, for pull-request comments.
//!
//! Three more functions render the check catalogue itself: [`catalogue_table`] (the
//! `kubeward checks` listing), [`explain`] (`kubeward explain <id>`) and [`docs_page`] (the
//! generated Markdown reference of every check).
//!
//! Reports only print what findings, load errors and scores contain (check ids, messages,
//! locations, object identities); they never see an object's contents, so a Secret's data
//! cannot end up in a report.
//!
//! # JSON schema (version 1)
//!
//! Pretty-printed, ending with a newline. Fields are never removed or renamed within a
//! version; new fields may be added.
//!
//! ```text
//! {
//!   "version": 1,
//!   "findings": [            // every finding, exempted ones included, by file, line, column, check
//!     {
//!       "check": "privileged-container",
//!       "severity": "critical" | "high" | "medium" | "low" | "info",
//!       "category": "security" | "reliability" | "efficiency" | "hygiene",
//!       "message": "container runs privileged",
//!       "file": "deploy/web.yaml",   // as given on the command line, "-" for stdin
//!       "line": 12,                  // 1-based
//!       "column": 9,                 // 1-based
//!       "object": {"apiVersion": "apps/v1", "kind": "Deployment",
//!                  "namespace": "shop" | null, "name": "web"},
//!       "container": "app",          // only for container-level findings
//!       "exempted": {                // only for exempted findings: filter on it
//!         "source": "config" | "annotation",
//!         "reason": "..."
//!       },
//!       "pss": {                     // only for Pod Security Standards controls
//!         "level": "baseline" | "restricted",
//!         "control": "Privileged Containers"
//!       }
//!     }
//!   ],
//!   "errors": [              // documents or files that could not be read
//!     {"file": "bad.yaml", "line": 3, "column": 7, "message": "..."}   // line and column 0: the whole file
//!   ],
//!   "objects": [             // every object scanned, in input order
//!     {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop" | null,
//!      "name": "web", "file": "deploy/web.yaml", "line": 1, "score": 87}
//!   ],
//!   "summary": {
//!     "files": 2,            // files read
//!     "objects": 3,          // objects scanned
//!     "skipped": 1,          // documents that are not Kubernetes objects
//!     "findings": 4,         // findings that are not exempted
//!     "bySeverity": {"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 0},
//!     "exempted": 1,
//!     "errors": 1,
//!     "score": 87            // 0-100, mean of the object scores
//!   }
//! }
//! ```
#![deny(missing_docs)]

use std::fmt;
use std::io;
use std::str::FromStr;

use kubeward_core::{CheckMeta, ScanResult};

mod catalogue;
mod group;
mod grouped;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

#[cfg(test)]
mod testdata;

pub use catalogue::{catalogue_table, docs_page, explain};

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Human-readable text, grouped by file and object.
    #[default]
    Text,
    /// JSON, with the versioned schema documented at the crate root.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
    /// Markdown, for pull-request comments.
    Markdown,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
    ];

    /// The lowercase name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFormatError {
    /// What was given.
    pub given: String,
}

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format {:?}, expected one of: text, json, sarif, junit, markdown",
            self.given
        )
    }
}

impl std::error::Error for ParseFormatError {}

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Parses a format name, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ParseFormatError {
                given: s.to_owned(),
            })
    }
}

/// Options of the text and Markdown formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextOptions {
    /// Use ANSI colours and styles. The caller decides (a terminal, and `NO_COLOR` unset);
    /// this crate never looks at the environment.
    pub color: bool,
    /// How findings are grouped.
    pub group_by: GroupBy,
    /// Name the Pod Security Standards control after each finding that implements one.
    pub pss_controls: bool,
}

/// How the text and Markdown reports group findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// By file, then object (the default).
    #[default]
    File,
    /// By object, in input order.
    Object,
    /// By check id.
    Check,
    /// By category (security, reliability, efficiency, hygiene).
    Category,
    /// By Threat Matrix tactic of the check (checks without one last).
    Tactic,
}

/// Writes `result` to `out` in `format`.
///
/// `catalogue` is the full list of checks: SARIF describes each of them as a rule, and the
/// other formats take the fix advice shown for a finding from it. `text` only matters for
/// [`Format::Text`]. Output is deterministic: the same result gives the same bytes.
pub fn render(
    format: Format,
    result: &ScanResult,
    catalogue: &[&CheckMeta],
    text: &TextOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::render(result, catalogue, text, out),
        Format::Json => json::render(result, catalogue, out),
        Format::Sarif => sarif::render(result, catalogue, out),
        Format::Junit => junit::render(result, catalogue, out),
        Format::Markdown => markdown::render(result, catalogue, text.group_by, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
        let err = "xml".parse::<Format>().unwrap_err();
        assert!(err.to_string().contains("\"xml\""));
        assert!(err.to_string().contains("junit"));
    }
}
