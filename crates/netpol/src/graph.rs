//! The matrix at the granularity users think in: workloads (pods grouped by owner) and the
//! groups of outside addresses that the policies' ipBlocks tell apart.

use std::collections::HashMap;

use crate::engine::{Analysis, Matrix, Party};
use crate::ip::{AddressRange, AtomId, Atoms};
use crate::model::{Cluster, IpBlock};
use crate::ports::PortSet;

/// Outside addresses grouped by the ipBlocks that contain them: every address of a group is
/// treated alike by every policy.
#[derive(Debug, Clone)]
pub struct ExternalGroups {
    groups: Vec<(Vec<AtomId>, String)>,
}

impl ExternalGroups {
    /// Groups `atoms` by the ipBlocks of `clusters` that contain them. A group that is exactly
    /// one ipBlock is named like it (`0.0.0.0/0 except 10.0.0.0/8`), else by its CIDR blocks.
    pub fn new(atoms: &Atoms, clusters: &[&Cluster<'_>]) -> ExternalGroups {
        let mut blocks: Vec<&IpBlock> = clusters.iter().flat_map(|c| c.ip_blocks()).collect();
        blocks.sort_by_key(|b| (b.cidr, b.except.clone()));
        blocks.dedup();
        let inside = |atom: &AddressRange, block: &IpBlock| {
            block.contains(crate::ip::Address {
                family: atom.family,
                value: atom.first,
            })
        };
        let mut by_signature: HashMap<Vec<bool>, Vec<AtomId>> = HashMap::new();
        let mut order = Vec::new();
        for (a, atom) in atoms.ranges().iter().enumerate() {
            let signature: Vec<bool> = blocks.iter().map(|b| inside(atom, b)).collect();
            let group = by_signature.entry(signature.clone()).or_default();
            if group.is_empty() {
                order.push(signature);
            }
            group.push(a);
        }
        let groups = order
            .into_iter()
            .map(|signature| {
                let members = by_signature.remove(&signature).unwrap_or_default();
                let exact = blocks.iter().find(|b| {
                    atoms
                        .ranges()
                        .iter()
                        .enumerate()
                        .all(|(a, atom)| inside(atom, b) == members.contains(&a))
                });
                let name = match exact {
                    Some(block) if block.except.is_empty() => block.cidr.to_string(),
                    Some(block) => {
                        let except: Vec<String> =
                            block.except.iter().map(ToString::to_string).collect();
                        format!("{} except {}", block.cidr, except.join(","))
                    }
                    None => merged(members.iter().map(|&a| atoms.ranges()[a]))
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                };
                (members, name)
            })
            .collect();
        ExternalGroups { groups }
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there is no group (never: the address space is never empty).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The atoms of group `g`.
    pub fn atoms(&self, g: usize) -> &[AtomId] {
        &self.groups[g].0
    }

    /// How to print group `g`.
    pub fn name(&self, g: usize) -> &str {
        &self.groups[g].1
    }
}

/// Adjacent ranges joined.
fn merged(ranges: impl Iterator<Item = AddressRange>) -> Vec<AddressRange> {
    let mut out: Vec<AddressRange> = Vec::new();
    for range in ranges {
        match out.last_mut() {
            Some(last)
                if last.family == range.family && last.last.checked_add(1) == Some(range.first) =>
            {
                last.last = range.last;
            }
            _ => out.push(range),
        }
    }
    out
}

/// A vertex of the graph: an endpoint of the cluster, or an atom of outside addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// [`crate::Cluster::endpoints`]`[n]`.
    Endpoint(usize),
    /// Group `n` of [`ExternalGroups`].
    External(usize),
}

/// The allowed ports from one node to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The source.
    pub from: Node,
    /// The destination.
    pub to: Node,
    /// The ports allowed for some pod pair (all pairs unless `partial`).
    pub ports: PortSet,
    /// Whether the endpoints' pods differ (by address) and only some pairs get all of `ports`.
    pub partial: bool,
}

/// How to print a node: `Kind namespace/name` or the addresses of an external group.
pub fn node_name(analysis: &Analysis<'_, '_>, groups: &ExternalGroups, node: Node) -> String {
    match node {
        Node::Endpoint(e) => analysis.cluster.endpoints[e].display(),
        Node::External(g) => groups.name(g).to_owned(),
    }
}

/// The namespace of a node (`None` outside the cluster).
pub fn node_namespace<'c>(analysis: &Analysis<'c, '_>, node: Node) -> Option<&'c str> {
    match node {
        Node::Endpoint(e) => Some(analysis.cluster.endpoints[e].namespace.as_str()),
        Node::External(_) => None,
    }
}

/// Every node: endpoints, then external groups.
pub fn nodes(analysis: &Analysis<'_, '_>, groups: &ExternalGroups) -> Vec<Node> {
    (0..analysis.cluster.endpoints.len())
        .map(Node::Endpoint)
        .chain((0..groups.len()).map(Node::External))
        .collect()
}

fn parties(analysis: &Analysis<'_, '_>, groups: &ExternalGroups, node: Node) -> Vec<Party> {
    match node {
        Node::Endpoint(e) => analysis.endpoint_classes[e]
            .iter()
            .map(|&c| Party::Pods(c))
            .collect(),
        // The atoms of a group behave alike: one stands for all.
        Node::External(g) => vec![Party::External(groups.atoms(g)[0])],
    }
}

/// Every non-empty connection between nodes that `keep` accepts (as source or destination),
/// outside-to-outside excepted, ordered by source then destination.
pub fn connections(
    analysis: &Analysis<'_, '_>,
    groups: &ExternalGroups,
    matrix: &Matrix,
    keep: impl Fn(Node) -> bool,
) -> Vec<Connection> {
    let nodes = nodes(analysis, groups);
    let party_lists: Vec<Vec<Party>> = nodes
        .iter()
        .map(|&n| parties(analysis, groups, n))
        .collect();
    let mut out = Vec::new();
    for (i, &from) in nodes.iter().enumerate() {
        for (j, &to) in nodes.iter().enumerate() {
            if matches!((from, to), (Node::External(_), Node::External(_)))
                || !(keep(from) || keep(to))
            {
                continue;
            }
            let mut union = PortSet::none();
            let mut first: Option<&PortSet> = None;
            let mut partial = false;
            for &source in &party_lists[i] {
                for &destination in &party_lists[j] {
                    let ports = matrix.get(source, destination);
                    partial |= first.is_some_and(|f| f != ports);
                    first.get_or_insert(ports);
                    union.extend(ports);
                }
            }
            if !union.is_empty() {
                out.push(Connection {
                    from,
                    to,
                    ports: union,
                    partial,
                });
            }
        }
    }
    out
}
