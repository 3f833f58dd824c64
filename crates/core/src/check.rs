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
