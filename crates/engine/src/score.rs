//! Scores: 100 for an object without findings, less for each unexempted finding.

use kubeward_core::{Finding, Object, ObjectScore, ScanResult, Severity, Summary};
use kubeward_loader::Loaded;

/// Points one finding of a severity takes off its object's score.
pub const fn penalty(severity: Severity) -> u32 {
    match severity {
        Severity::Critical => 30,
        Severity::High => 15,
        Severity::Medium => 6,
        Severity::Low => 2,
        Severity::Info => 0,
    }
}

/// The score of `object`, from its findings.
pub(crate) fn object_score(object: &Object, findings: &[Finding]) -> ObjectScore {
    let lost: u32 = findings
        .iter()
        .filter(|f| f.exemption.is_none())
        .map(|f| penalty(f.severity))
        .sum();
    ObjectScore {
        object: object.id.clone(),
        location: object.start(),
        score: 100u32.saturating_sub(lost) as u8,
    }
}

/// The scan result of `loaded`, from its findings and object scores in input order.
pub(crate) fn result(
    loaded: &Loaded,
    findings: Vec<Finding>,
    scores: Vec<ObjectScore>,
) -> ScanResult {
    // One pass over the findings (hundreds of thousands, tens of megabytes), not one per count.
    let mut by_severity = [0usize; Severity::ALL.len()];
    let mut exempted = 0;
    for finding in &findings {
        match finding.exemption {
            None => by_severity[finding.severity as usize] += 1,
            Some(_) => exempted += 1,
        }
    }
    let score = if scores.is_empty() {
        100
    } else {
        let total: u64 = scores.iter().map(|s| u64::from(s.score)).sum();
        ((total as f64 / scores.len() as f64).round()) as u8
    };
    let summary = Summary {
        files: loaded.files,
        objects: loaded.objects.len(),
        skipped: loaded.skipped,
        findings: findings.len() - exempted,
        by_severity: Severity::ALL
            .iter()
            .map(|&s| (s, by_severity[s as usize]))
            .collect(),
        exempted,
        errors: loaded.errors.len(),
        score,
    };
    ScanResult {
        findings,
        errors: loaded.errors.clone(),
        scores,
        summary,
    }
}
