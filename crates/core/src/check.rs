use serde::Serialize;

use crate::{Category, Severity};

/// Everything known about a check except its logic: the single source for `kubeward checks`,
/// `kubeward explain`, the generated docs page and SARIF rule metadata.
#[derive(Debug, Clone, Serialize)]
pub struct CheckMeta {
    /// Stable id, kebab-case (`privileged-container`). Never reused for another meaning.
    pub id: &'static str,
    /// One line naming the problem.
    pub title: &'static str,
    /// Default severity; configuration may override it.
    pub severity: Severity,
    /// What the check protects.
    pub category: Category,
    /// Kinds the check applies to (`Deployment`, ...); empty means every kind.
    pub kinds: &'static [&'static str],
    /// Where the check sits in the frameworks security teams report against.
    pub mappings: Mappings,
    /// The check's documentation.
    pub docs: Docs,
}

/// A check's documentation, written once and rendered everywhere.
#[derive(Debug, Clone, Serialize)]
pub struct Docs {
    /// What the check looks at and when it fires.
    pub what: &'static str,
    /// Why the problem matters: the attack or the outage it enables.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// A manifest that fails the check.
    pub failing: &'static str,
    /// The same manifest, fixed.
    pub passing: &'static str,
    /// Links and benchmark references (Kubernetes docs, CIS, Pod Security Standards, MITRE).
    pub references: &'static [&'static str],
}

/// A check's place in the frameworks security teams report against.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Mappings {
    /// Techniques of Microsoft's Threat Matrix for Kubernetes (built on MITRE ATT&CK).
    pub mitre: &'static [Technique],
    /// Sections of the NSA/CISA Kubernetes Hardening Guidance.
    pub nsa: &'static [&'static str],
    /// CIS Kubernetes Benchmark recommendation ids (`5.2.2`).
    pub cis: &'static [&'static str],
    /// The Pod Security Standards control the check implements, if any.
    pub pss: Option<PssControl>,
}

impl Mappings {
    /// No mapping; a base for `..Mappings::NONE`.
    pub const NONE: Mappings = Mappings {
        mitre: &[],
        nsa: &[],
        cis: &[],
        pss: None,
    };
}

/// One technique of the Threat Matrix for Kubernetes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Technique {
    /// The tactic (`Privilege escalation`).
    pub tactic: &'static str,
    /// The matrix id (`MS-TA9018`) or ATT&CK id (`T1611`).
    pub id: &'static str,
    /// The technique's name (`Privileged container`).
    pub name: &'static str,
}

/// A control of the Pod Security Standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PssControl {
    /// The lowest level that enforces the control.
    pub level: PssLevel,
    /// The control's name as the standard writes it (`Privileged Containers`).
    pub control: &'static str,
}

/// A Pod Security Standards level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PssLevel {
    /// Prevents known privilege escalations.
    Baseline,
    /// Current pod hardening best practice.
    Restricted,
}

impl PssLevel {
    /// The lowercase name used in flags, namespace labels and reports (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            PssLevel::Baseline => "baseline",
            PssLevel::Restricted => "restricted",
        }
    }
}
