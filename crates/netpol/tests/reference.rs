//! A pair-by-pair reference evaluator, written straight from the networking.k8s.io/v1 rules
//! for one pod, one address, one protocol and one port at a time, compared with the class-based
//! engine on random clusters (fixed seeds, so a failure names the seed that reproduces it).

mod common;

use std::net::IpAddr;

use common::generate::{self, Options, PROBE_ADDRESSES, PROBE_PORTS};
use kubeward_netpol::ip::Address;
use kubeward_netpol::{
    Analysis, Cluster, Direction, Endpoint, Member, Party, Peer, PortValue, Protocol, Rule,
    atoms_for,
};

/// One side of a connection as the reference sees it: a single pod, or an address.
#[derive(Clone, Copy)]
enum Side<'c> {
    Pod {
        endpoint: &'c Endpoint,
        pod: &'c Member,
    },
    Address(Address),
}

fn peer_matches(
    cluster: &Cluster<'_>,
    peer: &Peer<'_>,
    policy_namespace: &str,
    side: Side<'_>,
) -> bool {
    match (peer, side) {
        (Peer::Pods { namespaces, pods }, Side::Pod { endpoint, pod }) => {
            if endpoint.host_network {
                return false;
            }
            let namespace = cluster.namespace(&endpoint.namespace).unwrap();
            let namespace_ok = match namespaces {
                None => endpoint.namespace == policy_namespace,
                Some(s) => s.matches_with(|k| namespace.labels.get(k).map(String::as_str)),
            };
            let pod_ok = match pods {
                None => true,
                Some(s) => s.matches_with(|k| pod.labels.get(k).map(String::as_str)),
            };
            namespace_ok && pod_ok
        }
        (Peer::IpBlock(block), Side::Pod { pod, .. }) => {
            pod.ips.iter().any(|ip| block.contains(*ip))
        }
        (Peer::IpBlock(block), Side::Address(ip)) => block.contains(ip),
        _ => false,
    }
}

fn port_matches(rule: &Rule<'_>, destination: Side<'_>, protocol: Protocol, port: u16) -> bool {
    rule.ports.is_empty()
        || rule.ports.iter().any(|spec| {
            spec.protocol == protocol
                && match &spec.port {
                    PortValue::Any => true,
                    PortValue::Range(first, last) => *first <= port && port <= *last,
                    PortValue::Named(name) => match destination {
                        Side::Pod { endpoint, .. } => endpoint.ports.iter().any(|p| {
                            p.name.as_ref() == Some(name)
                                && p.protocol == protocol
                                && p.port == port
                        }),
                        Side::Address(_) => false,
                    },
                    PortValue::Invalid => false,
                }
        })
}

/// Whether `subject`'s policies for `direction` let it talk with `other` on `protocol`/`port`.
fn side_allows(
    cluster: &Cluster<'_>,
    subject: Side<'_>,
    direction: Direction,
    other: Side<'_>,
    protocol: Protocol,
    port: u16,
) -> bool {
    let Side::Pod { endpoint, pod } = subject else {
        return true;
    };
    if endpoint.host_network {
        return true;
    }
    let destination = if direction == Direction::Ingress {
        subject
    } else {
        other
    };
    let mut isolated = false;
    for policy in &cluster.policies {
        if policy.namespace != endpoint.namespace
            || !policy
                .pod_selector
                .matches_with(|k| pod.labels.get(k).map(String::as_str))
        {
            continue;
        }
        let Some(rules) = policy.rules(direction) else {
            continue;
        };
        isolated = true;
        for rule in rules {
            let peer_ok = rule.peers.is_empty()
                || rule
                    .peers
                    .iter()
                    .any(|p| peer_matches(cluster, p, &policy.namespace, other));
            if peer_ok && port_matches(rule, destination, protocol, port) {
                return true;
            }
        }
    }
    !isolated
}

fn allowed(
    cluster: &Cluster<'_>,
    from: Side<'_>,
    to: Side<'_>,
    protocol: Protocol,
    port: u16,
) -> bool {
    side_allows(cluster, from, Direction::Egress, to, protocol, port)
        && side_allows(cluster, to, Direction::Ingress, from, protocol, port)
}

/// The answers compared, and the workloads whose pods fall into several classes.
fn compare(seed: u64, options: Options) -> (usize, usize) {
    let yaml = generate::cluster(seed, options);
    let objects = common::objects(&yaml);
    let cluster = Cluster::from_objects(&objects, "default");
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let matrix = analysis.matrix();
    // Every pod on its own, with the party the engine puts it in.
    let mut sides: Vec<(Side<'_>, Party, String)> = Vec::new();
    for (e, endpoint) in cluster.endpoints.iter().enumerate() {
        for (i, pod) in endpoint.pods.iter().enumerate() {
            let class = analysis.pod_class(e, i);
            sides.push((
                Side::Pod { endpoint, pod },
                Party::Pods(class),
                format!("{}/{}", endpoint.namespace, pod.name),
            ));
        }
    }
    for text in PROBE_ADDRESSES {
        let address = Address::from(text.parse::<IpAddr>().unwrap());
        sides.push((
            Side::Address(address),
            Party::External(analysis.atoms.atom_of(address)),
            text.to_string(),
        ));
    }
    let mut compared = 0;
    for (from, from_party, from_name) in &sides {
        for (to, to_party, to_name) in &sides {
            if matches!((from, to), (Side::Address(_), Side::Address(_))) {
                continue;
            }
            let engine = matrix.get(*from_party, *to_party);
            assert_eq!(
                engine,
                &analysis.connection(*from_party, *to_party),
                "seed {seed}"
            );
            for protocol in Protocol::ALL {
                for &port in PROBE_PORTS {
                    let expected = allowed(&cluster, *from, *to, protocol, port);
                    assert_eq!(
                        engine.contains(protocol, port),
                        expected,
                        "seed {seed}: {from_name} -> {to_name} {port}/{protocol}; engine says {engine}\n{yaml}"
                    );
                    compared += 1;
                }
            }
        }
    }
    let split = analysis
        .endpoint_classes
        .iter()
        .filter(|c| c.len() > 1)
        .count();
    (compared, split)
}

#[test]
fn class_engine_agrees_with_the_pair_by_pair_reference() {
    let options = Options {
        pod_ips: true,
        host_network: true,
        scale: 1,
        avoid_nca_deviations: false,
        owners: true,
    };
    let (compared, split) = (0..400)
        .map(|seed| compare(seed, options))
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
    assert!(compared > 1_000_000, "{compared}");
    // Owners whose pods differ by labels or addresses were exercised.
    assert!(split > 50, "{split}");
}
