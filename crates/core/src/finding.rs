use std::sync::Arc;

use serde::Serialize;

use crate::{Category, Location, ObjectId, Severity};

/// One problem a check found in one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's id.
    pub check: &'static str,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// The check's category.
    pub category: Category,
    /// What is wrong, in one sentence, lowercase, no trailing period.
    pub message: Arc<str>,
    /// The offending field, or the nearest enclosing one when the field is missing.
    pub location: Location,
    /// The object (shared by all of its findings).
    pub object: Arc<ObjectId>,
    /// The container, for container-level findings (shared by the container's findings).
    pub container: Option<Arc<str>>,
    /// Set when configuration or an annotation exempts this finding (boxed: few are, and a
    /// scan can hold hundreds of thousands of findings).
    pub exemption: Option<Box<Exemption>>,
}

/// Why a finding does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exemption {
    /// Where the exemption comes from.
    pub source: ExemptionSource,
    /// The reason given for it.
    pub reason: String,
}

/// Where an exemption was declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExemptionSource {
    /// An `exemptions` entry of the configuration file.
    Config,
    /// The object's own `kubeward.io/exempt` annotation.
    Annotation,
}

impl ExemptionSource {
    /// The lowercase name used in reports (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            ExemptionSource::Config => "config",
            ExemptionSource::Annotation => "annotation",
        }
    }
}

/// A document that could not be read. The scan goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadError {
    /// The file, or `-` for stdin.
    pub file: Arc<str>,
    /// The line, when known (0 when the error concerns the whole file).
    pub line: u32,
    /// The column, when known (0 otherwise).
    pub column: u32,
    /// What went wrong.
    pub message: String,
}

/// One object's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectScore {
    /// The object.
    pub object: Arc<ObjectId>,
    /// Where it starts.
    pub location: Location,
    /// 0–100; 100 means no unexempted finding.
    pub score: u8,
}

/// Counts for the whole scan.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Kubernetes objects scanned.
    pub objects: usize,
    /// Documents skipped because they are not Kubernetes objects.
    pub skipped: usize,
    /// Unexempted findings.
    pub findings: usize,
    /// Unexempted findings per severity, most severe first.
    pub by_severity: Vec<(Severity, usize)>,
    /// Exempted findings.
    pub exempted: usize,
    /// Documents or files that could not be read.
    pub errors: usize,
    /// Mean of the object scores, 0–100 (100 when there are no objects).
    pub score: u8,
}

/// Everything a scan produced, in a deterministic order; the input of every report format.
#[derive(Debug, Clone, Default)]
pub struct ScanResult {
    /// Findings, exempted ones included, ordered by file, line, column, check.
    pub findings: Vec<Finding>,
    /// Load errors, ordered by file and line.
    pub errors: Vec<LoadError>,
    /// Per-object scores, in input order.
    pub scores: Vec<ObjectScore>,
    /// Totals.
    pub summary: Summary,
}

impl ScanResult {
    /// Findings that count (not exempted).
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.exemption.is_none())
    }
}
