//! The NetworkPolicy analyzer behind `kubeward netpol`: what a set of `networking.k8s.io/v1`
//! NetworkPolicies allows, exactly, why, what is wrong with them, and what a change opens or
//! closes.
//!
//! - [`Cluster`]: namespaces, endpoints (pods grouped by owner, or workload pod templates) and
//!   policies, read from the same objects `kubeward scan` reads.
//! - [`Analysis`]: pods that policies cannot tell apart form one class; every answer is computed
//!   per class (and per atom of the address space for addresses outside the cluster), so the cost
//!   follows the number of classes, not pods. [`Analysis::matrix`] answers for every pair.
//! - [`graph`]: the matrix between workloads and outside address ranges.
//! - [`explain`]: one connection, with the policies and rules that decide it.
//! - [`lint`]: common mistakes, judged from what the policies allow.
//! - [`diff`]: the connections a change opens and closes.
//! - [`nca`]: network-config-analyzer's answers, read for comparison.
//!
//! ```
//! use kubeward_netpol::{Analysis, Cluster, Party, Protocol};
//! # use kubeward_loader::{load, Source};
//! let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n---\n\
//! apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\n---\n\
//! apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\n\
//! spec: {podSelector: {matchLabels: {app: db}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]}\n";
//! # let loaded = load(&[Source::Bytes { name: "-".into(), bytes: yaml.as_bytes().to_vec() }], &Default::default());
//! let cluster = Cluster::from_objects(&loaded.objects, "default");
//! let analysis = Analysis::new(&cluster, kubeward_netpol::atoms_for(&[&cluster]));
//! let (db, web) = (Party::Pods(analysis.endpoint_classes[0][0]), Party::Pods(analysis.endpoint_classes[1][0]));
//! let ports = analysis.connection(web, db);
//! assert!(ports.contains(Protocol::Tcp, 5432) && !ports.contains(Protocol::Tcp, 22));
//! assert!(analysis.connection(db, web).is_all());
//! ```

#![deny(missing_docs)]

pub mod diff;
mod engine;
pub mod explain;
pub mod graph;
pub mod ip;
pub mod lint;
mod model;
pub mod nca;
mod ports;

pub use engine::{Analysis, Class, Matrix, Party};
pub use model::{
    Cluster, ContainerPort, Direction, Endpoint, IpBlock, Issue, Labels, Member,
    NAMESPACE_NAME_LABEL, Namespace, Peer, Policy, PortSpec, PortValue, Rule, Service, ServicePort,
};
pub use ports::{MAX_PORT, MIN_PORT, PortRange, PortSet, Protocol};

/// The atoms for analysing `clusters` side by side: the address space cut at every `ipBlock`
/// boundary of any of them, so their answers can be compared party by party.
pub fn atoms_for(clusters: &[&Cluster<'_>]) -> ip::Atoms {
    ip::Atoms::new(clusters.iter().flat_map(|c| c.ip_ranges()))
}
