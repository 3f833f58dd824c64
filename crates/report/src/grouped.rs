//! Findings grouped by something other than their file: object, check, category or tactic.

use std::collections::{BTreeMap, HashMap};

use kubeward_core::{Category, CheckMeta, Finding, ScanResult};

use crate::GroupBy;

/// The tactics of the Threat Matrix for Kubernetes, in the matrix's order.
const TACTICS: &[&str] = &[
    "Initial access",
    "Execution",
    "Persistence",
    "Privilege escalation",
    "Defense evasion",
    "Credential access",
    "Discovery",
    "Lateral movement",
    "Collection",
    "Impact",
];

/// A group's heading and its findings (unexempted ones first, each part in result order).
pub(crate) struct Group<'a> {
    pub heading: String,
    pub findings: Vec<&'a Finding>,
}

/// Groups every finding of `result` by `by` (which must not be [`GroupBy::File`]), in a stable
/// order: objects in input order, checks by id, categories and tactics in their canonical order.
pub(crate) fn groups<'a>(
    result: &'a ScanResult,
    catalogue: &[&CheckMeta],
    by: GroupBy,
) -> Vec<Group<'a>> {
    let meta = |id: &str| catalogue.iter().find(|m| m.id == id).copied();
    // (sort key, heading) → findings
    let mut groups: BTreeMap<(usize, String), Vec<&Finding>> = BTreeMap::new();
    let mut object_order: HashMap<&kubeward_core::ObjectId, usize> = HashMap::new();
    let ordered = result
        .active()
        .chain(result.findings.iter().filter(|f| f.exemption.is_some()));
    for finding in ordered {
        let key = match by {
            GroupBy::File | GroupBy::Object => {
                let next = object_order.len();
                let position = *object_order.entry(&finding.object).or_insert(next);
                (
                    position,
                    format!("{} ({})", finding.object, finding.location.file),
                )
            }
            GroupBy::Check => {
                let title = meta(finding.check).map(|m| m.title).unwrap_or_default();
                (0, format!("{}: {title}", finding.check))
            }
            GroupBy::Category => {
                let index = Category::ALL
                    .iter()
                    .position(|c| *c == finding.category)
                    .unwrap_or(0);
                (index, finding.category.as_str().to_owned())
            }
            GroupBy::Tactic => {
                let tactic = meta(finding.check)
                    .and_then(|m| m.mappings.mitre.first())
                    .map(|t| t.tactic);
                match tactic {
                    Some(t) => (
                        TACTICS
                            .iter()
                            .position(|x| *x == t)
                            .unwrap_or(TACTICS.len()),
                        t.to_owned(),
                    ),
                    None => (TACTICS.len() + 1, "no tactic".to_owned()),
                }
            }
        };
        groups.entry(key).or_default().push(finding);
    }
    groups
        .into_iter()
        .map(|((_, heading), findings)| Group { heading, findings })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata;

    fn headings(by: GroupBy) -> Vec<(String, usize)> {
        let result = testdata::result();
        groups(&result, &testdata::catalogue(), by)
            .into_iter()
            .map(|g| (g.heading, g.findings.len()))
            .collect()
    }

    #[test]
    fn groups_are_ordered_and_complete() {
        let total = testdata::result().findings.len();
        for by in [
            GroupBy::Object,
            GroupBy::Check,
            GroupBy::Category,
            GroupBy::Tactic,
        ] {
            let groups = headings(by);
            assert_eq!(
                groups.iter().map(|(_, n)| n).sum::<usize>(),
                total,
                "{by:?}"
            );
        }
        let categories: Vec<String> = headings(GroupBy::Category)
            .into_iter()
            .map(|(h, _)| h)
            .collect();
        assert_eq!(categories, ["security", "reliability", "hygiene"]);
        assert!(headings(GroupBy::Check)[0].0.starts_with("latest-tag: "));
        assert_eq!(headings(GroupBy::Tactic).last().unwrap().0, "no tactic");
    }
}
