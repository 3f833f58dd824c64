//! The connections a change opens and closes.
//!
//! Three analyses share one partition of the address space: the base, the head, and the head's
//! workloads under the base's policies. A connection is *opened* when the head allows ports the
//! base did not, *closed* the other way round, and *forbidden* when it is opened and the base's
//! policies would have denied it to the head's workloads: the policy change itself lets it
//! through (a new workload that the existing policies already admit is opened, not forbidden).

use std::collections::BTreeMap;

use crate::engine::Analysis;
use crate::graph::{self, ExternalGroups, Node};
use crate::ip::Atoms;
use crate::model::Cluster;
use crate::ports::PortSet;

/// How one connection changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The source: `Kind namespace/name` or CIDR blocks.
    pub from: String,
    /// The destination.
    pub to: String,
    /// Ports allowed in the head and not in the base.
    pub opened: PortSet,
    /// Ports allowed in the base and not in the head.
    pub closed: PortSet,
    /// The opened ports the base's policies deny to the head's workloads.
    pub forbidden: PortSet,
}

type Connections = BTreeMap<(String, String), PortSet>;

fn connections(
    cluster: &Cluster<'_>,
    atoms: &Atoms,
    groups: &ExternalGroups,
    namespace: Option<&str>,
) -> Connections {
    let analysis = Analysis::new(cluster, atoms.clone());
    let matrix = analysis.matrix();
    let keep =
        |node: Node| namespace.is_none_or(|ns| graph::node_namespace(&analysis, node) == Some(ns));
    let name = |node: Node| graph::node_name(&analysis, groups, node);
    graph::connections(&analysis, groups, &matrix, keep)
        .into_iter()
        .map(|c| ((name(c.from), name(c.to)), c.ports))
        .collect()
}

/// The connections that differ between `base` and `head`, ordered by source and destination;
/// with `namespace`, only those with an end in it.
pub fn diff(base: &Cluster<'_>, head: &Cluster<'_>, namespace: Option<&str>) -> Vec<Change> {
    let atoms = crate::atoms_for(&[base, head]);
    // Outside addresses are grouped by both sides' ipBlocks, so their names match.
    let groups = ExternalGroups::new(&atoms, &[base, head]);
    let before = connections(base, &atoms, &groups, namespace);
    let after = connections(head, &atoms, &groups, namespace);
    let guarded = connections(&head.with_policies_of(base), &atoms, &groups, namespace);
    let none = PortSet::none();
    let mut keys: Vec<&(String, String)> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let old = before.get(key).unwrap_or(&none);
            let new = after.get(key).unwrap_or(&none);
            let opened = new.difference(old);
            let closed = old.difference(new);
            if opened.is_empty() && closed.is_empty() {
                return None;
            }
            let forbidden = opened.difference(guarded.get(key).unwrap_or(&none));
            Some(Change {
                from: key.0.clone(),
                to: key.1.clone(),
                opened,
                closed,
                forbidden,
            })
        })
        .collect()
}
