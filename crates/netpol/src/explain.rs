//! Why one connection is allowed or denied: which policies isolate each side and which of their
//! rules admit it.

use kubeward_core::Location;

use crate::engine::{Analysis, Party};
use crate::model::Direction;
use crate::ports::{PortSet, Protocol};

/// The decision for one source and destination, over every port.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The ports on which the connection is allowed (both sides agree).
    pub allowed: PortSet,
    /// The source's egress side.
    pub egress: Side,
    /// The destination's ingress side.
    pub ingress: Side,
}

/// One side of a connection: the source's egress or the destination's ingress.
#[derive(Debug, Clone)]
pub struct Side {
    /// Which direction this side polices.
    pub direction: Direction,
    /// Whether policies restrict this side, and which.
    pub isolation: Isolation,
    /// What this side allows towards the other party.
    pub allowed: PortSet,
    /// The rules that admit the other party, with the ports each admits.
    pub rules: Vec<RuleMatch>,
}

/// Whether a side is restricted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// No policy selects the pods with this policy type: everything is allowed.
    NotSelected,
    /// The address is outside the cluster: NetworkPolicies do not police it.
    OutsideCluster,
    /// The pods use the host network: NetworkPolicies do not apply to them (see the docs).
    HostNetwork,
    /// These policies (`namespace/name`) select the pods and isolate this direction.
    Isolated(Vec<String>),
}

/// A rule that admits the other party.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    /// `namespace/name` of the policy.
    pub policy: String,
    /// The rule's position in its list, from 1.
    pub rule: usize,
    /// The peer that matched, from 1; `None` when the rule names no peers (everyone).
    pub peer: Option<usize>,
    /// The ports it admits towards the destination.
    pub ports: PortSet,
    /// Where the rule is defined.
    pub location: Location,
}

/// Explains the connection from `source` to `destination`.
pub fn explain(analysis: &Analysis<'_, '_>, source: Party, destination: Party) -> Explanation {
    let egress = side(analysis, source, Direction::Egress, destination);
    let ingress = side(analysis, destination, Direction::Ingress, source);
    Explanation {
        allowed: egress.allowed.intersection(&ingress.allowed),
        egress,
        ingress,
    }
}

fn side(analysis: &Analysis<'_, '_>, subject: Party, direction: Direction, other: Party) -> Side {
    let policies = analysis.isolating(subject, direction);
    let isolation = match subject {
        Party::External(_) => Isolation::OutsideCluster,
        Party::Pods(c) if analysis.endpoint(c).host_network => Isolation::HostNetwork,
        _ if policies.is_empty() => Isolation::NotSelected,
        _ => Isolation::Isolated(
            policies
                .iter()
                .map(|&p| analysis.cluster.policies[p].display())
                .collect(),
        ),
    };
    let destination = match direction {
        Direction::Ingress => subject,
        Direction::Egress => other,
    };
    let mut rules = Vec::new();
    if matches!(isolation, Isolation::Isolated(_)) {
        for &p in policies {
            let policy = &analysis.cluster.policies[p];
            for (r, rule) in policy
                .rules(direction)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let peer = if rule.peers.is_empty() {
                    Some(None)
                } else {
                    rule.peers
                        .iter()
                        .position(|peer| analysis.peer_matches(peer, &policy.namespace, other))
                        .map(|i| Some(i + 1))
                };
                let ports = analysis.rule_ports(rule, destination);
                if let Some(peer) = peer.filter(|_| !ports.is_empty()) {
                    rules.push(RuleMatch {
                        policy: policy.display(),
                        rule: r + 1,
                        peer,
                        ports,
                        location: rule.location.clone(),
                    });
                }
            }
        }
    }
    // What the side allows is what its matching rules admit (everything when not isolated).
    let allowed = if matches!(isolation, Isolation::Isolated(_)) {
        let mut allowed = PortSet::none();
        for rule in &rules {
            allowed.extend(&rule.ports);
        }
        allowed
    } else {
        PortSet::all()
    };
    Side {
        direction,
        isolation,
        allowed,
        rules,
    }
}

/// A party named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The party.
    pub party: Party,
    /// How to print it: `Kind namespace/name` or the address.
    pub name: String,
    /// The Service it was named through ([`Cluster::services`](crate::Cluster::services)):
    /// ports are then the Service's.
    pub service: Option<usize>,
}

/// The single class of endpoint `e`, or why there is none.
fn endpoint_target(analysis: &Analysis<'_, '_>, e: usize) -> Result<Target, String> {
    let endpoint = &analysis.cluster.endpoints[e];
    match analysis.endpoint_classes[e].as_slice() {
        [class] => Ok(Target {
            party: Party::Pods(*class),
            name: endpoint.display(),
            service: None,
        }),
        _ => Err(format!(
            "the pods of {} differ by labels or addresses, and policies may treat them differently; name one pod",
            endpoint.display()
        )),
    }
}

/// The workload a Service's selector selects, when it is exactly one.
fn service_target(analysis: &Analysis<'_, '_>, s: usize) -> Result<Target, String> {
    let service = &analysis.cluster.services[s];
    let what = format!("Service {}/{}", service.namespace, service.name);
    if service.selector.is_empty() {
        return Err(format!(
            "{what} has no selector: its endpoints are not known from manifests"
        ));
    }
    let selects = |labels: &crate::Labels| {
        service
            .selector
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
    };
    let selected: Vec<usize> = (0..analysis.cluster.endpoints.len())
        .filter(|&e| {
            let endpoint = &analysis.cluster.endpoints[e];
            endpoint.namespace == service.namespace
                && (selects(&endpoint.labels) || endpoint.pods.iter().any(|p| selects(&p.labels)))
        })
        .collect();
    match selected.as_slice() {
        [e] => {
            let target = endpoint_target(analysis, *e)?;
            Ok(Target {
                name: format!("{} (via {what})", target.name),
                service: Some(s),
                ..target
            })
        }
        [] => Err(format!("{what} selects no workload or Pod read")),
        _ => Err(format!(
            "{what} selects several workloads ({}); name one",
            selected
                .iter()
                .map(|&e| analysis.cluster.endpoints[e].display())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Finds the party `text` names: `namespace/name` or `name` (in `default_namespace`) of a workload
/// or Pod, `namespace/Kind/name` when names clash, a Service (`namespace/Service/name`, or
/// `namespace/name` when nothing else has that name: the one workload it selects), or an IP
/// address (a pod's known address, else an address outside the cluster).
pub fn resolve(
    analysis: &Analysis<'_, '_>,
    text: &str,
    default_namespace: &str,
) -> Result<Target, String> {
    if let Ok(ip) = text.parse::<std::net::IpAddr>() {
        let party = analysis.party_of_address(ip.into());
        let name = match party {
            Party::Pods(c) => format!("{} ({ip})", analysis.endpoint(c).display()),
            Party::External(_) => ip.to_string(),
        };
        return Ok(Target {
            party,
            name,
            service: None,
        });
    }
    let parts: Vec<&str> = text.split('/').collect();
    let (namespace, kind, name) = match parts.as_slice() {
        [name] => (default_namespace, None, *name),
        [namespace, name] => (*namespace, None, *name),
        [namespace, kind, name] => (*namespace, Some(*kind), *name),
        _ => {
            return Err(format!(
                "{text:?} is not namespace/name, namespace/Kind/name or an IP address"
            ));
        }
    };
    let cluster = analysis.cluster;
    let kind_matches = |k: &str| kind.is_none_or(|kind| kind.eq_ignore_ascii_case(k));
    let mut found: Vec<Result<Target, String>> = Vec::new();
    for (e, endpoint) in cluster.endpoints.iter().enumerate() {
        if endpoint.namespace != namespace {
            continue;
        }
        if endpoint.name == name && kind_matches(&endpoint.kind) {
            found.push(endpoint_target(analysis, e));
        }
        let named = |pod: &crate::model::Member| pod.name == name && endpoint.name != name;
        for (i, _) in endpoint.pods.iter().enumerate().filter(|(_, p)| named(p)) {
            if kind_matches("Pod") {
                found.push(Ok(Target {
                    party: Party::Pods(analysis.pod_class(e, i)),
                    name: format!("Pod {namespace}/{name} (of {})", endpoint.display()),
                    service: None,
                }));
            }
        }
    }
    // A Service is what clients name; it stands for its workload when nothing else has its name.
    if found.is_empty() || kind.is_some_and(|k| k.eq_ignore_ascii_case("Service")) {
        let service = cluster
            .services
            .iter()
            .position(|s| s.namespace == namespace && s.name == name);
        if let Some(s) = service.filter(|_| kind_matches("Service")) {
            found.push(service_target(analysis, s));
        }
    }
    match found.len() {
        1 => found.remove(0),
        0 => Err(format!(
            "no Pod, workload or Service named {name:?} in namespace {namespace:?}"
        )),
        _ => Err(format!(
            "{name:?} in namespace {namespace:?} names several objects ({}); write namespace/Kind/name",
            found
                .iter()
                .map(|t| match t {
                    Ok(t) => t.name.clone(),
                    Err(e) => e.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Reads a port as `--port` gives it: `5432/TCP`, `53/UDP`, `5432` (TCP), or a name (`http`,
/// `dns/UDP`). For a destination named through a Service the port is the Service's (number or
/// name), translated to its target port on the pods, as the Service's address translation does;
/// otherwise a name is a container port of the destination pods.
pub fn resolve_port(
    analysis: &Analysis<'_, '_>,
    to: &Target,
    text: &str,
) -> Result<(Protocol, u16), String> {
    let (value, protocol) = match text.split_once('/') {
        Some((value, protocol)) => {
            let protocol = Protocol::parse(&protocol.to_ascii_uppercase())
                .ok_or_else(|| format!("{text:?}: the protocol must be TCP, UDP or SCTP"))?;
            (value, Some(protocol))
        }
        None => (text, None),
    };
    let number = value.parse::<u16>().ok();
    let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    if numeric && !matches!(number, Some(1..)) {
        return Err(format!("{text:?}: ports run from 1 to 65535"));
    }
    let named_on_pods = |protocol: Protocol, name: &str| -> Result<u16, String> {
        let Party::Pods(class) = to.party else {
            return Err(format!(
                "{text:?}: a port name needs a destination pod to look it up on"
            ));
        };
        let endpoint = analysis.endpoint(class);
        endpoint
            .ports
            .iter()
            .find(|p| p.protocol == protocol && p.name.as_deref() == Some(name))
            .map(|p| p.port)
            .ok_or_else(|| {
                format!(
                    "{text:?}: {} has no {protocol} container port named {name:?}",
                    endpoint.display()
                )
            })
    };
    if let Some(s) = to.service {
        let service = &analysis.cluster.services[s];
        let port = service
            .ports
            .iter()
            .find(|p| {
                protocol.is_none_or(|wanted| wanted == p.protocol)
                    && (number == Some(p.port) || p.name.as_deref() == Some(value))
            })
            .ok_or_else(|| {
                format!(
                    "{text:?}: Service {}/{} has no such port",
                    service.namespace, service.name
                )
            })?;
        return match &port.target {
            Ok(target) => Ok((port.protocol, *target)),
            Err(name) => Ok((port.protocol, named_on_pods(port.protocol, name)?)),
        };
    }
    let protocol = protocol.unwrap_or(Protocol::Tcp);
    match number {
        Some(number) => Ok((protocol, number)),
        None => Ok((protocol, named_on_pods(protocol, value)?)),
    }
}
