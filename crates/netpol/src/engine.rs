//! Reachability over equivalence classes.
//!
//! Policies see a pod only through its namespace's labels, its own labels, its named container
//! ports, whether it uses the host network, and which `ipBlock` atoms its addresses fall in. Pods
//! equal in all of these are one [`Class`]; every question is answered per class, and addresses
//! outside the cluster per atom. The two together are the parties of a connection.

use std::collections::{HashMap, HashSet};

use crate::ip::{Address, AtomId, Atoms};
use crate::model::{
    Cluster, ContainerPort, Direction, Endpoint, Labels, Peer, Policy, PortValue, Rule,
};
use crate::ports::PortSet;

/// One side of a connection: a class of pods, or an atom of addresses outside the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// Pods of class `n` ([`Analysis::classes`]).
    Pods(usize),
    /// Addresses of atom `n` ([`Analysis::atoms`]), outside the cluster.
    External(AtomId),
}

/// What policies see of a pod: namespace, labels, container ports, host network, atoms.
/// Labels are reduced to the keys some pod selector looks at: a StatefulSet's per-pod names, or a
/// `pod-template-hash`, then split no class.
type ClassKey<'e> = (
    usize,
    Vec<(&'e str, &'e str)>,
    &'e [ContainerPort],
    bool,
    Vec<AtomId>,
);

/// Pods that every policy treats alike.
#[derive(Debug, Clone)]
pub struct Class {
    /// An endpoint whose pods are in the class (ports are read from it).
    pub endpoint: usize,
    /// The pod of that endpoint whose labels the class has (`None`: its template).
    pub pod: Option<usize>,
    /// Index of its namespace in [`Cluster::namespaces`].
    pub namespace: usize,
    /// The atoms its pods' addresses fall in (empty when no address is known).
    pub atoms: Vec<AtomId>,
}

/// The classes and atoms of a cluster, and which policies select each class.
#[derive(Debug)]
pub struct Analysis<'c, 'a> {
    /// The cluster analysed.
    pub cluster: &'c Cluster<'a>,
    /// The address atoms.
    pub atoms: Atoms,
    /// The pod classes.
    pub classes: Vec<Class>,
    /// For each endpoint, the classes of its pods (one unless its pods' labels or addresses
    /// differ).
    pub endpoint_classes: Vec<Vec<usize>>,
    /// For each endpoint, the class of each of its pods (of its template when none was read).
    pod_classes: Vec<Vec<usize>>,
    /// For each class and direction (ingress, egress), the policies that select it and isolate it.
    selecting: Vec<[Vec<usize>; 2]>,
    /// For each namespace, its classes.
    classes_by_namespace: Vec<Vec<usize>>,
}

fn direction_index(direction: Direction) -> usize {
    match direction {
        Direction::Ingress => 0,
        Direction::Egress => 1,
    }
}

impl<'c, 'a> Analysis<'c, 'a> {
    /// Classifies the cluster's pods and addresses; `atoms` must cut the address space at least
    /// at every boundary of the cluster's `ipBlock`s (see [`Cluster::ip_ranges`]).
    pub fn new(cluster: &'c Cluster<'a>, atoms: Atoms) -> Analysis<'c, 'a> {
        let mut index: HashMap<ClassKey<'_>, usize> = HashMap::new();
        let mut classes = Vec::new();
        let mut endpoint_classes = Vec::with_capacity(cluster.endpoints.len());
        let mut pod_classes = Vec::with_capacity(cluster.endpoints.len());
        let mut selected_keys: HashSet<&str> = HashSet::new();
        for policy in &cluster.policies {
            selected_keys.extend(policy.pod_selector.keys());
            for (_, _, rule) in policy.each_rule() {
                for peer in &rule.peers {
                    if let Peer::Pods {
                        pods: Some(selector),
                        ..
                    } = peer
                    {
                        selected_keys.extend(selector.keys());
                    }
                }
            }
        }
        let seen = |labels: &'c Labels| -> Vec<(&'c str, &'c str)> {
            labels
                .iter()
                .filter(|(k, _)| selected_keys.contains(k.as_str()))
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect()
        };
        for (e, endpoint) in cluster.endpoints.iter().enumerate() {
            let namespace = cluster
                .namespaces
                .binary_search_by(|n| n.name.cmp(&endpoint.namespace))
                .expect("every endpoint's namespace is recorded");
            // Each pod (or the template) as policies see it: its labels and address atoms.
            let views: Vec<(Option<usize>, &Labels, Vec<AtomId>)> = if endpoint.pods.is_empty() {
                vec![(None, &endpoint.labels, Vec::new())]
            } else {
                endpoint
                    .pods
                    .iter()
                    .enumerate()
                    .map(|(i, pod)| {
                        let mut set: Vec<AtomId> =
                            pod.ips.iter().map(|ip| atoms.atom_of(*ip)).collect();
                        set.sort_unstable();
                        set.dedup();
                        (Some(i), &pod.labels, set)
                    })
                    .collect()
            };
            let mut mine = Vec::new();
            let mut per_pod = Vec::new();
            for (pod, labels, set) in views {
                let key = (
                    namespace,
                    seen(labels),
                    endpoint.ports.as_slice(),
                    endpoint.host_network,
                    set.clone(),
                );
                let id = *index.entry(key).or_insert_with(|| {
                    classes.push(Class {
                        endpoint: e,
                        pod,
                        namespace,
                        atoms: set,
                    });
                    classes.len() - 1
                });
                per_pod.push(id);
                if !mine.contains(&id) {
                    mine.push(id);
                }
            }
            pod_classes.push(per_pod);
            endpoint_classes.push(mine);
        }
        let mut classes_by_namespace = vec![Vec::new(); cluster.namespaces.len()];
        for (c, class) in classes.iter().enumerate() {
            classes_by_namespace[class.namespace].push(c);
        }
        let mut analysis = Analysis {
            cluster,
            atoms,
            selecting: vec![[Vec::new(), Vec::new()]; classes.len()],
            classes,
            endpoint_classes,
            pod_classes,
            classes_by_namespace,
        };
        for (p, policy) in cluster.policies.iter().enumerate() {
            for c in analysis.selected_classes(policy) {
                for direction in Direction::BOTH {
                    if policy.rules(direction).is_some() {
                        analysis.selecting[c][direction_index(direction)].push(p);
                    }
                }
            }
        }
        analysis
    }

    /// The classes a policy's `podSelector` selects (pods on the host network never are).
    pub fn selected_classes(&self, policy: &Policy<'_>) -> Vec<usize> {
        let Some(namespace) = self.namespace_index(&policy.namespace) else {
            return Vec::new();
        };
        self.classes_by_namespace[namespace]
            .iter()
            .copied()
            .filter(|&c| {
                let endpoint = self.endpoint(c);
                !endpoint.host_network && policy.pod_selector.matches_with(|k| self.label(c, k))
            })
            .collect()
    }

    fn namespace_index(&self, name: &str) -> Option<usize> {
        self.cluster
            .namespaces
            .binary_search_by(|n| n.name.as_str().cmp(name))
            .ok()
    }

    /// The endpoint a class's ports come from.
    pub fn endpoint(&self, class: usize) -> &'c Endpoint {
        &self.cluster.endpoints[self.classes[class].endpoint]
    }

    /// The labels of a class's first pod: its pods agree on every label a pod selector looks at.
    pub fn labels(&self, class: usize) -> &'c Labels {
        let endpoint = self.endpoint(class);
        match self.classes[class].pod {
            Some(pod) => &endpoint.pods[pod].labels,
            None => &endpoint.labels,
        }
    }

    /// The value of label `key` of a class's pods.
    pub fn label(&self, class: usize, key: &str) -> Option<&'c str> {
        self.labels(class).get(key).map(String::as_str)
    }

    /// The class of pod `pod` of endpoint `endpoint` (`0` for a template).
    pub fn pod_class(&self, endpoint: usize, pod: usize) -> usize {
        self.pod_classes[endpoint][pod]
    }

    /// Every party: the classes, then the atoms.
    pub fn parties(&self) -> impl Iterator<Item = Party> + use<> {
        let classes = self.classes.len();
        let atoms = self.atoms.ranges().len();
        (0..classes)
            .map(Party::Pods)
            .chain((0..atoms).map(Party::External))
    }

    /// The number of parties.
    pub fn party_count(&self) -> usize {
        self.classes.len() + self.atoms.ranges().len()
    }

    fn party_index(&self, party: Party) -> usize {
        match party {
            Party::Pods(c) => c,
            Party::External(a) => self.classes.len() + a,
        }
    }

    /// The party of an address: the pods holding it, else its atom.
    pub fn party_of_address(&self, address: Address) -> Party {
        let atom = self.atoms.atom_of(address);
        for (c, class) in self.classes.iter().enumerate() {
            let endpoint = self.endpoint(c);
            if endpoint.pods.iter().any(|p| p.ips.contains(&address)) && class.atoms.contains(&atom)
            {
                return Party::Pods(c);
            }
        }
        Party::External(atom)
    }

    /// The policies that select a class and isolate it for `direction`.
    pub fn isolating(&self, party: Party, direction: Direction) -> &[usize] {
        match party {
            Party::Pods(c) => &self.selecting[c][direction_index(direction)],
            Party::External(_) => &[],
        }
    }

    /// Whether a peer of a policy in namespace `policy_namespace` matches `party`.
    pub fn peer_matches(&self, peer: &Peer<'_>, policy_namespace: &str, party: Party) -> bool {
        match (peer, party) {
            (Peer::Pods { namespaces, pods }, Party::Pods(c)) => {
                let endpoint = self.endpoint(c);
                let namespace = &self.cluster.namespaces[self.classes[c].namespace];
                !endpoint.host_network
                    && match namespaces {
                        None => namespace.name == policy_namespace,
                        Some(selector) => {
                            selector.matches_with(|k| namespace.labels.get(k).map(String::as_str))
                        }
                    }
                    && pods
                        .as_ref()
                        .is_none_or(|selector| selector.matches_with(|k| self.label(c, k)))
            }
            (Peer::IpBlock(block), Party::Pods(c)) => self.classes[c]
                .atoms
                .iter()
                .any(|&a| self.atom_in(block, a)),
            (Peer::IpBlock(block), Party::External(a)) => self.atom_in(block, a),
            _ => false,
        }
    }

    fn atom_in(&self, block: &crate::model::IpBlock, atom: AtomId) -> bool {
        let range = self.atoms.ranges()[atom];
        block.contains(Address {
            family: range.family,
            value: range.first,
        })
    }

    /// Whether a rule's peers match `party` (no peers: everything).
    pub fn rule_matches(&self, rule: &Rule<'_>, policy_namespace: &str, party: Party) -> bool {
        rule.peers.is_empty()
            || rule
                .peers
                .iter()
                .any(|peer| self.peer_matches(peer, policy_namespace, party))
    }

    /// The ports a rule admits towards `destination` (named ports are the destination pods'
    /// container ports of that name and protocol).
    pub fn rule_ports(&self, rule: &Rule<'_>, destination: Party) -> PortSet {
        if rule.ports.is_empty() {
            return PortSet::all();
        }
        let mut set = PortSet::none();
        for spec in &rule.ports {
            match &spec.port {
                PortValue::Any => set.extend(&PortSet::protocol(spec.protocol)),
                PortValue::Range(first, last) => {
                    set.extend(&PortSet::range(spec.protocol, *first, *last))
                }
                PortValue::Named(name) => {
                    if let Party::Pods(c) = destination {
                        for port in &self.endpoint(c).ports {
                            if port.protocol == spec.protocol && port.name.as_ref() == Some(name) {
                                set.extend(&PortSet::range(spec.protocol, port.port, port.port));
                            }
                        }
                    }
                }
                PortValue::Invalid => {}
            }
        }
        set
    }

    /// Whether NetworkPolicies leave `party` alone: outside the cluster or on the host network.
    pub fn unpoliced(&self, party: Party) -> bool {
        match party {
            Party::Pods(c) => self.endpoint(c).host_network,
            Party::External(_) => true,
        }
    }

    /// What `subject`'s policies for `direction` allow with `other` (the source for ingress, the
    /// destination for egress). Unisolated subjects allow everything.
    pub fn allowed(&self, subject: Party, direction: Direction, other: Party) -> PortSet {
        let policies = self.isolating(subject, direction);
        if self.unpoliced(subject) || policies.is_empty() {
            return PortSet::all();
        }
        self.allowed_by(policies, subject, direction, other)
    }

    /// What the rules for `direction` of `policies` (indices into [`Cluster::policies`]) allow
    /// `subject` with `other`, whether or not they select `subject`.
    pub fn allowed_by(
        &self,
        policies: &[usize],
        subject: Party,
        direction: Direction,
        other: Party,
    ) -> PortSet {
        let destination = match direction {
            Direction::Ingress => subject,
            Direction::Egress => other,
        };
        let mut set = PortSet::none();
        for &p in policies {
            let policy = &self.cluster.policies[p];
            for rule in policy.rules(direction).unwrap_or_default() {
                if self.rule_matches(rule, &policy.namespace, other) {
                    set.extend(&self.rule_ports(rule, destination));
                }
            }
        }
        set
    }

    /// The ports on which `source` may connect to `destination`: both the source's egress and
    /// the destination's ingress must allow them.
    pub fn connection(&self, source: Party, destination: Party) -> PortSet {
        self.allowed(source, Direction::Egress, destination)
            .intersection(&self.allowed(destination, Direction::Ingress, source))
    }

    /// Every connection between every pair of parties, computed rule by rule over classes.
    pub fn matrix(&self) -> Matrix {
        Matrix::compute(self)
    }
}

/// Interned port sets, so that a matrix cell is a number and set operations are memoized.
#[derive(Debug, Default)]
struct Interner {
    sets: Vec<PortSet>,
    ids: HashMap<PortSet, u32>,
    unions: HashMap<(u32, u32), u32>,
    intersections: HashMap<(u32, u32), u32>,
}

const NONE: u32 = 0;
const ALL: u32 = 1;

impl Interner {
    fn new() -> Interner {
        let mut interner = Interner::default();
        interner.intern(PortSet::none());
        interner.intern(PortSet::all());
        interner
    }

    fn intern(&mut self, set: PortSet) -> u32 {
        if let Some(&id) = self.ids.get(&set) {
            return id;
        }
        let id = self.sets.len() as u32;
        self.sets.push(set.clone());
        self.ids.insert(set, id);
        id
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        if a == b || b == NONE || a == ALL {
            return a;
        }
        if a == NONE || b == ALL {
            return b;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&id) = self.unions.get(&key) {
            return id;
        }
        let id = self.intern(self.sets[a as usize].union(&self.sets[b as usize]));
        self.unions.insert(key, id);
        id
    }

    fn intersection(&mut self, a: u32, b: u32) -> u32 {
        if a == b || b == ALL {
            return a;
        }
        if a == ALL {
            return b;
        }
        if a == NONE || b == NONE {
            return NONE;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&id) = self.intersections.get(&key) {
            return id;
        }
        let id = self.intern(self.sets[a as usize].intersection(&self.sets[b as usize]));
        self.intersections.insert(key, id);
        id
    }
}

/// A set of parties as a bitmap.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut word = word;
            std::iter::from_fn(move || {
                (word != 0).then(|| {
                    let bit = word.trailing_zeros() as usize;
                    word &= word - 1;
                    w * 64 + bit
                })
            })
        })
    }
}

/// The allowed ports between every pair of parties.
#[derive(Debug)]
pub struct Matrix {
    parties: usize,
    classes: usize,
    sets: Vec<PortSet>,
    /// Row-major: source, then destination.
    cells: Vec<u32>,
}

impl Matrix {
    fn compute(analysis: &Analysis<'_, '_>) -> Matrix {
        let parties: Vec<Party> = analysis.parties().collect();
        let n = parties.len();
        let mut interner = Interner::new();
        // Which parties each rule's peers match, per policy and direction.
        let mut peer_sets: HashMap<(usize, Direction, usize), Bits> = HashMap::new();
        let mut fixed_ports: HashMap<(usize, Direction, usize), Option<u32>> = HashMap::new();
        for (p, policy) in analysis.cluster.policies.iter().enumerate() {
            for (direction, r, rule) in policy.each_rule() {
                peer_sets.insert((p, direction, r), rule_peer_set(analysis, policy, rule, n));
                let named = rule
                    .ports
                    .iter()
                    .any(|s| matches!(s.port, PortValue::Named(_)));
                let fixed = (!named)
                    .then(|| interner.intern(analysis.rule_ports(rule, Party::External(0))));
                fixed_ports.insert((p, direction, r), fixed);
            }
        }
        let mut cells = vec![ALL; n * n];
        // Egress, row by row.
        for (s, &source) in parties.iter().enumerate() {
            let policies = analysis.isolating(source, Direction::Egress);
            if analysis.unpoliced(source) || policies.is_empty() {
                continue;
            }
            let row = &mut cells[s * n..(s + 1) * n];
            row.fill(NONE);
            for &p in policies {
                let policy = &analysis.cluster.policies[p];
                for (r, rule) in policy
                    .rules(Direction::Egress)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let key = (p, Direction::Egress, r);
                    let fixed = fixed_ports[&key];
                    for d in peer_sets[&key].ones() {
                        let ports = match fixed {
                            Some(id) => id,
                            None => interner.intern(analysis.rule_ports(rule, parties[d])),
                        };
                        row[d] = interner.union(row[d], ports);
                    }
                }
            }
        }
        // Ingress, column by column, intersected with the egress already there.
        let mut column = vec![NONE; n];
        for (d, &destination) in parties.iter().enumerate() {
            let policies = analysis.isolating(destination, Direction::Ingress);
            if analysis.unpoliced(destination) || policies.is_empty() {
                continue;
            }
            column.fill(NONE);
            for &p in policies {
                let policy = &analysis.cluster.policies[p];
                for (r, rule) in policy
                    .rules(Direction::Ingress)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let key = (p, Direction::Ingress, r);
                    let ports = match fixed_ports[&key] {
                        Some(id) => id,
                        None => interner.intern(analysis.rule_ports(rule, destination)),
                    };
                    for s in peer_sets[&key].ones() {
                        column[s] = interner.union(column[s], ports);
                    }
                }
            }
            for (s, &allowed) in column.iter().enumerate() {
                let cell = &mut cells[s * n + d];
                *cell = interner.intersection(*cell, allowed);
            }
        }
        Matrix {
            parties: n,
            classes: analysis.classes.len(),
            sets: interner.sets,
            cells,
        }
    }

    fn index(&self, party: Party) -> usize {
        match party {
            Party::Pods(c) => c,
            Party::External(a) => self.classes + a,
        }
    }

    /// The ports on which `source` may connect to `destination`.
    pub fn get(&self, source: Party, destination: Party) -> &PortSet {
        let cell = self.cells[self.index(source) * self.parties + self.index(destination)];
        &self.sets[cell as usize]
    }

    /// The number of distinct port sets in the matrix (memory is one number per cell plus these).
    pub fn distinct_sets(&self) -> usize {
        self.sets.len()
    }
}

fn rule_peer_set(
    analysis: &Analysis<'_, '_>,
    policy: &Policy<'_>,
    rule: &Rule<'_>,
    n: usize,
) -> Bits {
    let mut bits = Bits::new(n);
    if rule.peers.is_empty() {
        for i in 0..n {
            bits.set(i);
        }
        return bits;
    }
    for peer in &rule.peers {
        match peer {
            Peer::Pods { namespaces, .. } => {
                // Only classes in the namespaces the peer can reach need their labels read.
                let candidate_namespaces: Vec<usize> = match namespaces {
                    None => analysis
                        .namespace_index(&policy.namespace)
                        .into_iter()
                        .collect(),
                    Some(selector) => analysis
                        .cluster
                        .namespaces
                        .iter()
                        .enumerate()
                        .filter(|(_, ns)| {
                            selector.matches_with(|k| ns.labels.get(k).map(String::as_str))
                        })
                        .map(|(i, _)| i)
                        .collect(),
                };
                for ns in candidate_namespaces {
                    for &c in &analysis.classes_by_namespace[ns] {
                        if analysis.peer_matches(peer, &policy.namespace, Party::Pods(c)) {
                            bits.set(analysis.party_index(Party::Pods(c)));
                        }
                    }
                }
            }
            Peer::IpBlock(_) => {
                for party in analysis.parties() {
                    if analysis.peer_matches(peer, &policy.namespace, party) {
                        bits.set(analysis.party_index(party));
                    }
                }
            }
            Peer::Invalid => {}
        }
    }
    bits
}
