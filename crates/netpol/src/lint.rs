//! Common NetworkPolicy mistakes, found from what the policies actually allow.

use kubeward_core::Location;
use serde::Serialize;

use crate::engine::{Analysis, Party};
use crate::ip::AddressRange;
use crate::model::{
    Cluster, ContainerPort, Direction, Endpoint, Labels, NAMESPACE_NAME_LABEL, Namespace, Peer,
    Policy,
};
use crate::ports::Protocol;

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which lint ([`LINTS`]).
    pub lint: &'static str,
    /// What is wrong, naming the objects.
    pub message: String,
    /// Where, when an object in the inputs is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Finding {
    fn at(lint: &'static str, location: &Location, message: String) -> Finding {
        Finding {
            lint,
            message,
            location: Some(location.clone()),
        }
    }
}

/// Every lint, with what it reports.
pub const LINTS: &[(&str, &str)] = &[
    (
        "invalid-policy",
        "part of a NetworkPolicy the API server would reject; it matches nothing",
    ),
    (
        "namespace-without-default-deny",
        "a namespace with workloads and no policy that selects every pod and denies ingress (or egress) by default",
    ),
    (
        "pod-not-selected",
        "a workload no NetworkPolicy selects: all its traffic is allowed",
    ),
    (
        "selector-matches-nothing",
        "a policy's podSelector, or a peer's podSelector or namespaceSelector, that matches nothing read",
    ),
    (
        "rule-never-matches",
        "a rule that admits no connection: no peer matches, or no destination has its ports",
    ),
    (
        "policy-shadowed",
        "a policy that changes nothing: other policies isolate the same pods and allow at least as much",
    ),
    (
        "egress-without-dns",
        "pods whose egress is isolated and allows no DNS (53/UDP) to kube-system or outside addresses",
    ),
    (
        "ip-block-everywhere",
        "an ipBlock whose cidr is the whole IPv4 or IPv6 internet",
    ),
];

/// The namespace and labels CoreDNS runs with, assumed when no kube-dns pods are read.
const DNS_NAMESPACE: &str = "kube-system";
const DNS_LABEL: (&str, &str) = ("k8s-app", "kube-dns");
const DNS_PORT: u16 = 53;

/// Lints the cluster's policies.
pub fn lint(cluster: &Cluster<'_>) -> Vec<Finding> {
    let (probed, dns_probe) = with_dns_probe(cluster);
    let analysis = Analysis::new(&probed, crate::atoms_for(&[&probed]));
    let workloads: Vec<usize> = (0..probed.endpoints.len())
        .filter(|&e| Some(e) != dns_probe)
        .collect();
    let mut findings: Vec<Finding> = cluster
        .issues
        .iter()
        .map(|issue| Finding {
            lint: "invalid-policy",
            message: issue.message.clone(),
            location: Some(issue.location.clone()),
        })
        .collect();
    namespaces_without_default_deny(&analysis, &workloads, &mut findings);
    pods_not_selected(&analysis, &workloads, &mut findings);
    selectors_matching_nothing(&analysis, &workloads, &mut findings);
    rules_never_matching(&analysis, &mut findings);
    shadowed_policies(&analysis, &mut findings);
    egress_without_dns(&analysis, &workloads, dns_probe, &mut findings);
    ip_blocks_everywhere(&analysis, &mut findings);
    findings
}

/// The cluster with a kube-dns pod in kube-system when none was read, to ask whether DNS is
/// reachable; its index among the endpoints.
fn with_dns_probe<'a>(cluster: &Cluster<'a>) -> (Cluster<'a>, Option<usize>) {
    let mut probed = cluster.clone();
    if cluster
        .endpoints
        .iter()
        .any(|e| e.label(DNS_LABEL.0) == Some(DNS_LABEL.1))
    {
        return (probed, None);
    }
    if probed.namespace(DNS_NAMESPACE).is_none() {
        probed.namespaces.push(Namespace {
            name: DNS_NAMESPACE.to_owned(),
            labels: Labels::from([(NAMESPACE_NAME_LABEL.to_owned(), DNS_NAMESPACE.to_owned())]),
            declared: false,
            location: None,
        });
        probed.namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let dns = |name: &str, protocol| ContainerPort {
        name: Some(name.to_owned()),
        port: DNS_PORT,
        protocol,
    };
    probed.endpoints.push(Endpoint {
        kind: "Deployment".to_owned(),
        namespace: DNS_NAMESPACE.to_owned(),
        name: "coredns (assumed)".to_owned(),
        pods: Vec::new(),
        labels: Labels::from([(DNS_LABEL.0.to_owned(), DNS_LABEL.1.to_owned())]),
        ports: vec![dns("dns-tcp", Protocol::Tcp), dns("dns", Protocol::Udp)],
        host_network: false,
        location: Location {
            file: "(assumed)".into(),
            line: 0,
            column: 0,
        },
    });
    let index = probed.endpoints.len() - 1;
    (probed, Some(index))
}

fn is_system_namespace(name: &str) -> bool {
    name.starts_with("kube-")
}

/// A policy that selects every pod of its namespace and isolates `direction` without a rule
/// open to every peer on every port.
fn is_default_deny(policy: &Policy<'_>, direction: Direction) -> bool {
    policy.pod_selector.is_empty()
        && policy.rules(direction).is_some_and(|rules| {
            rules
                .iter()
                .all(|r| !(r.peers.is_empty() && r.ports.is_empty()))
        })
}

fn namespaces_without_default_deny(
    analysis: &Analysis<'_, '_>,
    workloads: &[usize],
    findings: &mut Vec<Finding>,
) {
    let cluster = analysis.cluster;
    for namespace in &cluster.namespaces {
        let has_workloads = workloads
            .iter()
            .any(|&e| cluster.endpoints[e].namespace == namespace.name);
        if !has_workloads || is_system_namespace(&namespace.name) {
            continue;
        }
        for direction in Direction::BOTH {
            let denied = cluster
                .policies
                .iter()
                .any(|p| p.namespace == namespace.name && is_default_deny(p, direction));
            if !denied {
                findings.push(Finding {
                    lint: "namespace-without-default-deny",
                    message: format!(
                        "namespace {} has no policy that selects every pod and denies {} by default",
                        namespace.name,
                        direction.rules_field()
                    ),
                    location: namespace.location.clone(),
                });
            }
        }
    }
}

fn pods_not_selected(
    analysis: &Analysis<'_, '_>,
    workloads: &[usize],
    findings: &mut Vec<Finding>,
) {
    for &e in workloads {
        let endpoint = &analysis.cluster.endpoints[e];
        if endpoint.host_network || is_system_namespace(&endpoint.namespace) {
            continue;
        }
        let selected = analysis.endpoint_classes[e].iter().any(|&c| {
            Direction::BOTH
                .iter()
                .any(|&d| !analysis.isolating(Party::Pods(c), d).is_empty())
        });
        if !selected {
            findings.push(Finding::at(
                "pod-not-selected",
                &endpoint.location,
                format!(
                    "{} is selected by no NetworkPolicy: all traffic to and from it is allowed",
                    endpoint.display()
                ),
            ));
        }
    }
}

fn selectors_matching_nothing(
    analysis: &Analysis<'_, '_>,
    workloads: &[usize],
    findings: &mut Vec<Finding>,
) {
    let cluster = analysis.cluster;
    if workloads.is_empty() {
        // Policies read without any workload: every selector would "match nothing".
        return;
    }
    for policy in &cluster.policies {
        let namespace_has_pods = workloads
            .iter()
            .any(|&e| cluster.endpoints[e].namespace == policy.namespace);
        if namespace_has_pods
            && policy.pod_selector.is_valid()
            && analysis.selected_classes(policy).is_empty()
        {
            findings.push(Finding::at("selector-matches-nothing", &policy.location, format!(
                    "policy {} selects no pod: its podSelector {} matches no workload in namespace {}",
                    policy.display(),
                    policy.pod_selector,
                    policy.namespace
                )));
        }
        for (direction, r, rule) in policy.each_rule() {
            for (i, peer) in rule.peers.iter().enumerate() {
                let Peer::Pods { namespaces, pods } = peer else {
                    continue;
                };
                if !namespaces.as_ref().is_none_or(|s| s.is_valid())
                    || !pods.as_ref().is_none_or(|s| s.is_valid())
                {
                    continue; // reported as invalid-policy
                }
                let namespace_matches = |n: &Namespace| match namespaces {
                    None => n.name == policy.namespace,
                    Some(s) => s.matches_with(|k| n.labels.get(k).map(String::as_str)),
                };
                let applies_to: Vec<&str> = cluster
                    .namespaces
                    .iter()
                    .filter(|n| namespace_matches(n))
                    .map(|n| n.name.as_str())
                    .collect();
                let what = match namespaces {
                    Some(selector) if applies_to.is_empty() => {
                        format!("namespaceSelector {selector} matches no namespace")
                    }
                    _ => {
                        // Pods of namespaces with no workload read may well exist elsewhere.
                        let has_workloads = workloads.iter().any(|&e| {
                            applies_to.contains(&cluster.endpoints[e].namespace.as_str())
                        });
                        if !has_workloads
                            || workloads
                                .iter()
                                .any(|&e| peer_matches_endpoint(analysis, policy, peer, e))
                        {
                            continue;
                        }
                        let pods = pods.as_ref().map_or("{}".to_owned(), ToString::to_string);
                        format!(
                            "podSelector {pods} matches no workload in namespaces {}",
                            applies_to.join(", ")
                        )
                    }
                };
                findings.push(Finding::at(
                    "selector-matches-nothing",
                    &rule.location,
                    format!(
                        "policy {} {} rule {} peer {}: {what}",
                        policy.display(),
                        direction.rules_field(),
                        r + 1,
                        i + 1
                    ),
                ));
            }
        }
    }
}

fn peer_matches_endpoint(
    analysis: &Analysis<'_, '_>,
    policy: &Policy<'_>,
    peer: &Peer<'_>,
    endpoint: usize,
) -> bool {
    analysis.endpoint_classes[endpoint]
        .iter()
        .any(|&c| analysis.peer_matches(peer, &policy.namespace, Party::Pods(c)))
}

fn rules_never_matching(analysis: &Analysis<'_, '_>, findings: &mut Vec<Finding>) {
    let cluster = analysis.cluster;
    let parties: Vec<Party> = analysis.parties().collect();
    for policy in &cluster.policies {
        let selected = analysis.selected_classes(policy);
        if selected.is_empty() {
            continue;
        }
        for (direction, r, rule) in policy.each_rule() {
            let peers: Vec<Party> = parties
                .iter()
                .copied()
                .filter(|&p| analysis.rule_matches(rule, &policy.namespace, p))
                .collect();
            let admits = match direction {
                Direction::Ingress => selected
                    .iter()
                    .any(|&c| !analysis.rule_ports(rule, Party::Pods(c)).is_empty()),
                Direction::Egress => peers
                    .iter()
                    .any(|&p| !analysis.rule_ports(rule, p).is_empty()),
            };
            let reason = if peers.is_empty() {
                "none of its peers matches a pod, a namespace's pods or an address"
            } else if !admits {
                "none of its ports exists on the destinations (named ports are looked up on them)"
            } else {
                continue;
            };
            findings.push(Finding::at(
                "rule-never-matches",
                &rule.location,
                format!(
                    "policy {} {} rule {} never admits a connection: {reason}",
                    policy.display(),
                    direction.rules_field(),
                    r + 1
                ),
            ));
        }
    }
}

fn shadowed_policies(analysis: &Analysis<'_, '_>, findings: &mut Vec<Finding>) {
    let cluster = analysis.cluster;
    let parties: Vec<Party> = analysis.parties().collect();
    for (p, policy) in cluster.policies.iter().enumerate() {
        let selected = analysis.selected_classes(policy);
        if selected.is_empty() {
            continue;
        }
        let shadowed = Direction::BOTH.iter().all(|&direction| {
            policy.rules(direction).is_none()
                || selected.iter().all(|&c| {
                    let subject = Party::Pods(c);
                    let others: Vec<usize> = analysis
                        .isolating(subject, direction)
                        .iter()
                        .copied()
                        .filter(|&o| o != p)
                        .collect();
                    !others.is_empty()
                        && parties.iter().all(|&other| {
                            analysis
                                .allowed_by(&[p], subject, direction, other)
                                .is_subset(&analysis.allowed_by(&others, subject, direction, other))
                        })
                })
        });
        if shadowed {
            findings.push(Finding::at("policy-shadowed", &policy.location, format!(
                    "policy {} changes nothing: the other policies selecting its pods isolate them as well and allow everything it allows",
                    policy.display()
                )));
        }
    }
}

fn egress_without_dns(
    analysis: &Analysis<'_, '_>,
    workloads: &[usize],
    dns_probe: Option<usize>,
    findings: &mut Vec<Finding>,
) {
    let cluster = analysis.cluster;
    // DNS servers by endpoint: a class may hold other pods that policies cannot tell apart.
    let servers = cluster
        .endpoints
        .iter()
        .enumerate()
        .filter(|(e, endpoint)| {
            endpoint.namespace == DNS_NAMESPACE
                || endpoint.label(DNS_LABEL.0) == Some(DNS_LABEL.1)
                || Some(*e) == dns_probe
        });
    let resolvers: Vec<Party> = servers
        .flat_map(|(e, _)| analysis.endpoint_classes[e].iter().map(|&c| Party::Pods(c)))
        .chain((0..analysis.atoms.ranges().len()).map(Party::External))
        .collect();
    for &e in workloads {
        let endpoint = &cluster.endpoints[e];
        for &c in &analysis.endpoint_classes[e] {
            let source = Party::Pods(c);
            let policies = analysis.isolating(source, Direction::Egress);
            if policies.is_empty() || endpoint.host_network {
                continue;
            }
            let reaches_dns = resolvers.iter().any(|&resolver| {
                analysis
                    .allowed(source, Direction::Egress, resolver)
                    .contains(Protocol::Udp, DNS_PORT)
            });
            if !reaches_dns {
                let names: Vec<String> = policies
                    .iter()
                    .map(|&p| cluster.policies[p].display())
                    .collect();
                findings.push(Finding::at("egress-without-dns", &endpoint.location, format!(
                        "{}'s egress is isolated (by {}) and allows no DNS: nothing admits 53/UDP to kube-system or outside addresses",
                        endpoint.display(),
                        names.join(", ")
                    )));
                break;
            }
        }
    }
}

fn ip_blocks_everywhere(analysis: &Analysis<'_, '_>, findings: &mut Vec<Finding>) {
    for policy in &analysis.cluster.policies {
        for (direction, r, rule) in policy.each_rule() {
            for peer in &rule.peers {
                let Peer::IpBlock(block) = peer else { continue };
                if block.cidr != AddressRange::everything(block.cidr.family) {
                    continue;
                }
                let except = if block.except.is_empty() {
                    String::new()
                } else {
                    let list: Vec<String> = block.except.iter().map(ToString::to_string).collect();
                    format!(" except {}", list.join(", "))
                };
                let towards = match direction {
                    Direction::Ingress => "from",
                    Direction::Egress => "to",
                };
                findings.push(Finding::at("ip-block-everywhere", &rule.location, format!(
                            "policy {} {} rule {} allows traffic {towards} the whole internet: ipBlock {}{except}",
                            policy.display(),
                            direction.rules_field(),
                            r + 1,
                            block.text
                        )));
            }
        }
    }
}
