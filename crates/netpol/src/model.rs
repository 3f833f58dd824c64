//! What the analyzer knows about a cluster: namespaces and their labels, the endpoints (pods
//! grouped by owner, or workload pod templates standing for their pods) and NetworkPolicies read
//! into typed rules. Anything the API server would reject is kept as an [`Issue`] and made to
//! match nothing, so one bad policy never hides the others.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use kubeward_core::{Location, Object, Selector, label_text, workload};
use kubeward_yaml::{Kind, NodeRef};

use crate::ip::{Address, AddressRange, parse_cidr};
use crate::ports::{MIN_PORT, Protocol};

/// Labels by key.
pub type Labels = BTreeMap<String, String>;

/// The label every namespace carries with its own name (Kubernetes 1.21 and later).
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Everything read from the inputs.
#[derive(Debug, Clone)]
pub struct Cluster<'a> {
    /// Every namespace named by an object or declared, sorted by name.
    pub namespaces: Vec<Namespace>,
    /// Pods grouped by owner, sorted by namespace, name and kind.
    pub endpoints: Vec<Endpoint>,
    /// NetworkPolicies, sorted by namespace and name.
    pub policies: Vec<Policy<'a>>,
    /// Services, to name a destination and its port as clients do.
    pub services: Vec<Service>,
    /// Parts of the inputs the API server would reject, or that kubeward cannot model.
    pub issues: Vec<Issue>,
}

/// A namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// `metadata.name`.
    pub name: String,
    /// Its labels, with the implicit `kubernetes.io/metadata.name`.
    pub labels: Labels,
    /// Whether a Namespace object was read (otherwise only its name is known).
    pub declared: bool,
    /// Where the Namespace object is defined, when one was read.
    pub location: Option<Location>,
}

/// A group of pods that behave alike: the pods of one owner, or one workload's pod template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The owner's kind (`Deployment`, ...), or `Pod` for a pod of its own.
    pub kind: String,
    /// The namespace.
    pub namespace: String,
    /// The owner's name.
    pub name: String,
    /// The pods read (`namespace` implied); empty when a pod template stands for them.
    pub pods: Vec<Member>,
    /// The labels all its pods share (a StatefulSet's pods differ by pod name); each pod's own
    /// labels are in [`Member::labels`].
    pub labels: Labels,
    /// Container ports, for named ports.
    pub ports: Vec<ContainerPort>,
    /// `hostNetwork: true`: the pods use the node's network (see the documentation).
    pub host_network: bool,
    /// Where the workload (or first pod) is defined.
    pub location: Location,
}

/// One pod read from the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// `metadata.name`.
    pub name: String,
    /// `status.podIP` and `status.podIPs`.
    pub ips: Vec<Address>,
    /// Its labels.
    pub labels: Labels,
}

impl Endpoint {
    /// `Kind namespace/name`.
    pub fn display(&self) -> String {
        format!("{} {}/{}", self.kind, self.namespace, self.name)
    }

    /// The value of label `key`.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.get(key).map(String::as_str)
    }
}

/// A core Service: clients connect to its port, and the Service address is translated to one of
/// the pods its selector selects, on the target port (which policies then see).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The namespace.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// `spec.selector` (empty: a Service without selector, whose endpoints are managed by hand).
    pub selector: Labels,
    /// `spec.ports`.
    pub ports: Vec<ServicePort>,
}

/// One port of a Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePort {
    /// `name`, when set.
    pub name: Option<String>,
    /// `port`: what clients connect to.
    pub port: u16,
    /// `protocol` (default TCP).
    pub protocol: Protocol,
    /// `targetPort` (default: `port`): a number, or a container port name of the pods.
    pub target: Result<u16, String>,
}

/// A container port.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContainerPort {
    /// `name`, when set.
    pub name: Option<String>,
    /// `containerPort`.
    pub port: u16,
    /// `protocol` (default TCP).
    pub protocol: Protocol,
}

pub use kubeward_core::network::Direction;

/// A `networking.k8s.io/v1` NetworkPolicy.
#[derive(Debug, Clone)]
pub struct Policy<'a> {
    /// The namespace.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// Where it is defined.
    pub location: Location,
    /// `spec.podSelector`: the pods of its namespace it applies to.
    pub pod_selector: Selector<'a>,
    /// Ingress rules when the policy isolates ingress, else `None`.
    pub ingress: Option<Vec<Rule<'a>>>,
    /// Egress rules when the policy isolates egress, else `None`.
    pub egress: Option<Vec<Rule<'a>>>,
}

impl<'a> Policy<'a> {
    /// `namespace/name`.
    pub fn display(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// Every rule of both directions, with its direction and its index in its list.
    pub fn each_rule(&self) -> impl Iterator<Item = (Direction, usize, &Rule<'a>)> {
        Direction::BOTH.into_iter().flat_map(move |direction| {
            let rules = self.rules(direction).unwrap_or_default();
            rules
                .iter()
                .enumerate()
                .map(move |(r, rule)| (direction, r, rule))
        })
    }

    /// The rules for `direction`, when the policy isolates it.
    pub fn rules(&self, direction: Direction) -> Option<&[Rule<'a>]> {
        match direction {
            Direction::Ingress => self.ingress.as_deref(),
            Direction::Egress => self.egress.as_deref(),
        }
    }
}

/// One ingress or egress rule.
#[derive(Debug, Clone)]
pub struct Rule<'a> {
    /// `from`/`to`; empty: every peer.
    pub peers: Vec<Peer<'a>>,
    /// `ports`; empty: every port.
    pub ports: Vec<PortSpec>,
    /// Where it is defined.
    pub location: Location,
}

/// One peer of a rule.
#[derive(Debug, Clone)]
pub enum Peer<'a> {
    /// Pods chosen by label: `namespaces` absent means the policy's own namespace, `pods` absent
    /// means every pod of the chosen namespaces. Both present: both must match (AND).
    Pods {
        /// `namespaceSelector`.
        namespaces: Option<Selector<'a>>,
        /// `podSelector`.
        pods: Option<Selector<'a>>,
    },
    /// `ipBlock`.
    IpBlock(IpBlock),
    /// A peer the API server would reject; matches nothing.
    Invalid,
}

/// An `ipBlock`: `cidr` minus every `except`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpBlock {
    /// `cidr`.
    pub cidr: AddressRange,
    /// `except`.
    pub except: Vec<AddressRange>,
    /// `cidr` as written.
    pub text: String,
}

impl IpBlock {
    /// Whether `address` is in the block.
    pub fn contains(&self, address: Address) -> bool {
        self.cidr.contains(address) && !self.except.iter().any(|e| e.contains(address))
    }
}

/// One `ports` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    /// `protocol` (default TCP).
    pub protocol: Protocol,
    /// `port` and `endPort`.
    pub port: PortValue,
    /// Where it is defined.
    pub location: Location,
}

/// Which ports of the protocol a `ports` item admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortValue {
    /// No `port`: every port.
    Any,
    /// A number, or `port` to `endPort`.
    Range(u16, u16),
    /// A container port name, resolved against the destination pod.
    Named(String),
    /// An item the API server would reject; admits nothing.
    Invalid,
}

/// Something in the inputs the API server would reject or kubeward cannot model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where.
    pub location: Location,
    /// What, and what kubeward does about it.
    pub message: String,
}

/// Kinds whose pod template stands for pods that run (a PodTemplate runs nothing itself).
fn runs_pods(kind: &str) -> bool {
    workload::WORKLOAD_KINDS.contains(&kind) && !matches!(kind, "Pod" | "PodTemplate")
}

fn labels_of(node: Option<NodeRef<'_>>) -> Labels {
    node.into_iter()
        .flat_map(|l| l.entries())
        .filter_map(|(k, v)| Some((k.text()?.to_owned(), label_text(v)?.to_owned())))
        .collect()
}

/// The controlling owner (`ownerReferences` with `controller: true`) of an object.
fn controller_of(object: &Object) -> Option<(String, String)> {
    object
        .root()
        .get_path(&["metadata", "ownerReferences"])?
        .items()
        .find(|r| r.get_bool("controller") == Some(true))
        .and_then(|r| Some((r.get_str("kind")?.to_owned(), r.get_str("name")?.to_owned())))
}

type OwnerKey = (String, String, String);

struct Builder<'a> {
    default_namespace: &'a str,
    namespaces: BTreeMap<String, Namespace>,
    issues: Vec<Issue>,
}

impl<'a> Builder<'a> {
    fn namespace_of(&mut self, object: &Object) -> String {
        let name = object
            .id
            .namespace
            .clone()
            .unwrap_or_else(|| self.default_namespace.to_owned());
        self.namespaces
            .entry(name.clone())
            .or_insert_with(|| Namespace {
                labels: Labels::from([(NAMESPACE_NAME_LABEL.to_owned(), name.clone())]),
                name: name.clone(),
                declared: false,
                location: None,
            });
        name
    }

    fn issue(&mut self, object: &Object, node: NodeRef<'_>, message: impl Into<String>) {
        self.issues.push(Issue {
            location: object.location(node),
            message: message.into(),
        });
    }
}

impl<'a> Cluster<'a> {
    /// Reads namespaces, pods, workloads and NetworkPolicies from `objects`; objects without a
    /// namespace are put in `default_namespace`, as kubectl would.
    pub fn from_objects(objects: &'a [Object], default_namespace: &str) -> Cluster<'a> {
        let mut builder = Builder {
            default_namespace,
            namespaces: BTreeMap::new(),
            issues: Vec::new(),
        };
        let mut policies = Vec::new();
        let mut services = Vec::new();
        let mut templates: BTreeMap<OwnerKey, Endpoint> = BTreeMap::new();
        let mut owners: HashMap<OwnerKey, (String, String)> = HashMap::new();
        let mut pods = Vec::new();
        for object in objects {
            let group = object.api_group();
            match object.kind() {
                "Namespace" if group.is_empty() => {
                    let name = object.id.name.clone();
                    let mut labels = labels_of(object.labels());
                    labels.insert(NAMESPACE_NAME_LABEL.to_owned(), name.clone());
                    builder.namespaces.insert(
                        name.clone(),
                        Namespace {
                            name,
                            labels,
                            declared: true,
                            location: Some(object.start()),
                        },
                    );
                }
                "NetworkPolicy" if group == "networking.k8s.io" => {
                    let namespace = builder.namespace_of(object);
                    policies.push(read_policy(&mut builder, object, namespace));
                }
                "Pod" if group.is_empty() => pods.push(object),
                "Service" if group.is_empty() => {
                    let namespace = builder.namespace_of(object);
                    services.push(read_service(object, namespace));
                }
                kind if runs_pods(kind) && workload::pod_template(object).is_some() => {
                    let namespace = builder.namespace_of(object);
                    if let Some(owner) = controller_of(object) {
                        owners.insert(
                            (namespace.clone(), kind.to_owned(), object.id.name.clone()),
                            owner,
                        );
                    }
                    let endpoint = template_endpoint(object, namespace);
                    templates.insert(
                        (
                            endpoint.namespace.clone(),
                            endpoint.kind.clone(),
                            endpoint.name.clone(),
                        ),
                        endpoint,
                    );
                }
                _ => {}
            }
        }
        // A workload owned by another one read here (a Deployment's ReplicaSet) is its owner's.
        let owned: Vec<OwnerKey> = templates
            .keys()
            .filter(|key| {
                owners.get(*key).is_some_and(|(kind, name)| {
                    templates.contains_key(&(key.0.clone(), kind.clone(), name.clone()))
                })
            })
            .cloned()
            .collect();
        for key in owned {
            templates.remove(&key);
        }
        let mut endpoints: BTreeMap<OwnerKey, Endpoint> = templates;
        let mut with_pods: BTreeMap<OwnerKey, Vec<Endpoint>> = BTreeMap::new();
        for pod in pods {
            let namespace = builder.namespace_of(pod);
            let endpoint = pod_endpoint(&mut builder, pod, namespace.clone());
            let owner = resolve_owner(pod, &namespace, &owners, &endpoint.labels);
            with_pods
                .entry((namespace, owner.0, owner.1))
                .or_default()
                .push(endpoint);
        }
        for (key, group) in with_pods {
            endpoints.remove(&key);
            for endpoint in merge_pods(&key, group) {
                // Pods read for a workload supersede its template: they carry their addresses.
                endpoints.insert(
                    (
                        endpoint.namespace.clone(),
                        endpoint.kind.clone(),
                        endpoint.name.clone(),
                    ),
                    endpoint,
                );
            }
        }
        let mut endpoints: Vec<Endpoint> = endpoints.into_values().collect();
        endpoints.sort_by(|a, b| {
            (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind))
        });
        policies.sort_by(|a: &Policy<'_>, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        Cluster {
            namespaces: builder.namespaces.into_values().collect(),
            endpoints,
            policies,
            services,
            issues: builder.issues,
        }
    }

    /// The namespace named `name`.
    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces
            .binary_search_by(|n| n.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.namespaces[i])
    }

    /// This cluster's namespaces and endpoints with `other`'s policies: what `other`'s policies
    /// would allow for these workloads.
    pub fn with_policies_of(&self, other: &Cluster<'a>) -> Cluster<'a> {
        let mut cluster = self.clone();
        cluster.policies = other.policies.clone();
        for policy in &other.policies {
            if cluster.namespace(&policy.namespace).is_none() {
                let namespace = other.namespace(&policy.namespace).cloned();
                cluster.namespaces.extend(namespace);
            }
        }
        cluster.namespaces.sort_by(|a, b| a.name.cmp(&b.name));
        cluster
    }

    /// Every `ipBlock` of every rule.
    pub fn ip_blocks(&self) -> impl Iterator<Item = &IpBlock> {
        self.policies
            .iter()
            .flat_map(|p| p.each_rule())
            .flat_map(|(_, _, r)| &r.peers)
            .filter_map(|peer| match peer {
                Peer::IpBlock(block) => Some(block),
                _ => None,
            })
    }

    /// Every address range an `ipBlock` names (`cidr` and `except`).
    pub fn ip_ranges(&self) -> impl Iterator<Item = &AddressRange> {
        self.ip_blocks()
            .flat_map(|b| std::iter::once(&b.cidr).chain(&b.except))
    }
}

/// Follows controlling owners through the workloads read (Pod → ReplicaSet → Deployment); a
/// ReplicaSet not read is mapped to its Deployment by the `pod-template-hash` naming rule.
fn resolve_owner(
    pod: &Object,
    namespace: &str,
    owners: &HashMap<OwnerKey, (String, String)>,
    labels: &Labels,
) -> (String, String) {
    let Some(mut owner) = controller_of(pod) else {
        return ("Pod".to_owned(), pod.id.name.clone());
    };
    for _ in 0..4 {
        match owners.get(&(namespace.to_owned(), owner.0.clone(), owner.1.clone())) {
            Some(next) => owner = next.clone(),
            None => break,
        }
    }
    if owner.0 == "ReplicaSet" {
        let hash = labels.get("pod-template-hash");
        let deployment = hash.and_then(|h| owner.1.strip_suffix(h.as_str())?.strip_suffix('-'));
        if let Some(deployment) = deployment {
            owner = ("Deployment".to_owned(), deployment.to_owned());
        }
    }
    owner
}

/// The endpoints for the pods of one owner: one when they share ports and network mode, else
/// one per pod. Labels may differ (a StatefulSet labels each pod with its name): the analysis
/// classifies each pod by its own.
fn merge_pods(key: &OwnerKey, mut group: Vec<Endpoint>) -> Vec<Endpoint> {
    let first = &group[0];
    let uniform = group
        .iter()
        .all(|e| e.ports == first.ports && e.host_network == first.host_network);
    if !uniform || key.1 == "Pod" {
        return group;
    }
    let mut merged = group.remove(0);
    merged.kind = key.1.clone();
    merged.name = key.2.clone();
    for other in group {
        merged.labels.retain(|k, v| other.labels.get(k) == Some(v));
        merged.pods.extend(other.pods);
    }
    vec![merged]
}

fn template_endpoint(object: &Object, namespace: String) -> Endpoint {
    let template = workload::pod_template(object);
    let spec = workload::pod_spec(object);
    Endpoint {
        kind: object.kind().to_owned(),
        namespace,
        name: object.id.name.clone(),
        pods: Vec::new(),
        labels: labels_of(template.and_then(|t| t.get_path(&["metadata", "labels"]))),
        ports: spec.map(container_ports).unwrap_or_default(),
        host_network: spec.and_then(|s| s.get_bool("hostNetwork")) == Some(true),
        location: object.start(),
    }
}

fn pod_endpoint(builder: &mut Builder<'_>, pod: &Object, namespace: String) -> Endpoint {
    let mut endpoint = template_endpoint(pod, namespace);
    let status = pod.root().get("status");
    let listed = status
        .and_then(|s| s.get("podIPs"))
        .into_iter()
        .flat_map(|ips| ips.items())
        .filter_map(|item| item.get("ip"));
    let mut ips = Vec::new();
    for node in status
        .and_then(|s| s.get("podIP"))
        .into_iter()
        .chain(listed)
    {
        match node.as_str().map(str::parse::<IpAddr>) {
            Some(Ok(ip)) => ips.push(Address::from(ip)),
            _ => builder.issue(pod, node, "pod IP is not an IP address; ignored"),
        }
    }
    ips.sort_unstable();
    ips.dedup();
    endpoint.pods.push(Member {
        name: pod.id.name.clone(),
        ips,
        labels: endpoint.labels.clone(),
    });
    endpoint
}

fn read_service(object: &Object, namespace: String) -> Service {
    let spec = object.root().get("spec");
    let ports = spec
        .and_then(|s| s.get("ports"))
        .into_iter()
        .flat_map(|p| p.items())
        .filter_map(|item| {
            let port = port_number(item.get("port")?)?;
            let protocol = match item.get_str("protocol") {
                None => Protocol::Tcp,
                Some(p) => Protocol::parse(p)?,
            };
            let target = match item.get("targetPort").filter(|t| !t.is_null()) {
                None => Ok(port),
                Some(t) if t.kind() == Kind::Int => Ok(port_number(t)?),
                Some(t) => Err(t.as_str()?.to_owned()),
            };
            Some(ServicePort {
                name: item
                    .get_str("name")
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                port,
                protocol,
                target,
            })
        })
        .collect();
    Service {
        namespace,
        name: object.id.name.clone(),
        selector: labels_of(spec.and_then(|s| s.get("selector"))),
        ports,
    }
}

fn container_ports(spec: NodeRef<'_>) -> Vec<ContainerPort> {
    let mut ports: Vec<ContainerPort> = workload::containers(spec)
        .flat_map(|c| c.node.get("ports").into_iter().flat_map(|p| p.items()))
        .filter_map(|port| {
            let number = u16::try_from(port.get_i64("containerPort")?).ok()?;
            let protocol = match port.get_str("protocol") {
                None => Protocol::Tcp,
                Some(p) => Protocol::parse(p)?,
            };
            Some(ContainerPort {
                name: port
                    .get_str("name")
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                port: number,
                protocol,
            })
        })
        .collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

fn read_policy<'a>(builder: &mut Builder<'_>, object: &'a Object, namespace: String) -> Policy<'a> {
    let spec = object.root().get("spec").filter(|s| s.kind() == Kind::Map);
    let pod_selector = match spec
        .and_then(|s| s.get("podSelector"))
        .filter(|s| !s.is_null())
    {
        Some(node) => read_selector(builder, object, node),
        None => Selector::default(),
    };
    let isolates = |direction: Direction| kubeward_core::network::isolates(spec, direction);
    for item in spec
        .and_then(|s| s.get("policyTypes"))
        .into_iter()
        .flat_map(|t| t.items())
    {
        if !matches!(item.as_str(), Some("Ingress" | "Egress")) {
            builder.issue(
                object,
                item,
                "policyTypes item is neither Ingress nor Egress; ignored",
            );
        }
    }
    let mut rules = |direction: Direction| {
        let node = spec.and_then(|s| s.get(direction.rules_field()));
        if !isolates(direction) {
            if let Some(node) = node.filter(|n| !n.is_empty()) {
                builder.issue(
                    object,
                    node,
                    format!(
                        "{} rules are ignored: policyTypes does not include {}",
                        direction.rules_field(),
                        direction.policy_type()
                    ),
                );
            }
            return None;
        }
        Some(
            node.into_iter()
                .flat_map(|n| n.items())
                .map(|rule| read_rule(builder, object, rule, direction))
                .collect(),
        )
    };
    let ingress = rules(Direction::Ingress);
    let egress = rules(Direction::Egress);
    Policy {
        namespace,
        name: object.id.name.clone(),
        location: object.start(),
        pod_selector,
        ingress,
        egress,
    }
}

fn read_selector<'a>(
    builder: &mut Builder<'_>,
    object: &Object,
    node: NodeRef<'a>,
) -> Selector<'a> {
    let selector = Selector::label_selector(node);
    if !selector.is_valid() || node.kind() != Kind::Map {
        builder.issue(
            object,
            node,
            "label selector cannot be read; it matches nothing",
        );
    }
    selector
}

fn read_rule<'a>(
    builder: &mut Builder<'_>,
    object: &'a Object,
    rule: NodeRef<'a>,
    direction: Direction,
) -> Rule<'a> {
    let peers = rule
        .get(direction.peers_field())
        .into_iter()
        .flat_map(|p| p.items())
        .map(|peer| read_peer(builder, object, peer))
        .collect();
    let ports = rule
        .get("ports")
        .into_iter()
        .flat_map(|p| p.items())
        .map(|port| read_port(builder, object, port))
        .collect();
    Rule {
        peers,
        ports,
        location: object.location(rule),
    }
}

fn read_peer<'a>(builder: &mut Builder<'_>, object: &'a Object, peer: NodeRef<'a>) -> Peer<'a> {
    let pods = peer.get("podSelector").filter(|s| !s.is_null());
    let namespaces = peer.get("namespaceSelector").filter(|s| !s.is_null());
    let block = peer.get("ipBlock").filter(|s| !s.is_null());
    match (block, pods.is_some() || namespaces.is_some()) {
        (Some(_), true) => {
            builder.issue(
                object,
                peer,
                "a peer with ipBlock may not also select pods or namespaces; it matches nothing",
            );
            Peer::Invalid
        }
        (Some(block), false) => read_ip_block(builder, object, block),
        (None, true) => Peer::Pods {
            namespaces: namespaces.map(|n| read_selector(builder, object, n)),
            pods: pods.map(|p| read_selector(builder, object, p)),
        },
        (None, false) => {
            builder.issue(object, peer, "peer selects nothing (no podSelector, namespaceSelector or ipBlock); it matches nothing");
            Peer::Invalid
        }
    }
}

fn read_ip_block<'a>(builder: &mut Builder<'_>, object: &Object, block: NodeRef<'a>) -> Peer<'a> {
    let Some(text) = block.get_str("cidr") else {
        builder.issue(object, block, "ipBlock has no cidr; it matches nothing");
        return Peer::Invalid;
    };
    let cidr = match parse_cidr(text) {
        Ok(cidr) => cidr,
        Err(message) => {
            builder.issue(
                object,
                block,
                format!("{message}; the peer matches nothing"),
            );
            return Peer::Invalid;
        }
    };
    let mut except = Vec::new();
    for item in block.get("except").into_iter().flat_map(|e| e.items()) {
        match item.as_str().map(parse_cidr) {
            Some(Ok(range))
                if range.family == cidr.family
                    && cidr.first <= range.first
                    && range.last <= cidr.last =>
            {
                except.push(range)
            }
            Some(Ok(_)) => {
                builder.issue(
                    object,
                    item,
                    format!("except is not inside cidr {text}; the peer matches nothing"),
                );
                return Peer::Invalid;
            }
            _ => {
                builder.issue(
                    object,
                    item,
                    "except is not a CIDR block; the peer matches nothing",
                );
                return Peer::Invalid;
            }
        }
    }
    Peer::IpBlock(IpBlock {
        cidr,
        except,
        text: text.to_owned(),
    })
}

fn port_number(node: NodeRef<'_>) -> Option<u16> {
    u16::try_from(node.as_i64()?)
        .ok()
        .filter(|p| *p >= MIN_PORT)
}

fn read_port(builder: &mut Builder<'_>, object: &Object, item: NodeRef<'_>) -> PortSpec {
    let location = object.location(item);
    let protocol = match item.get("protocol").filter(|p| !p.is_null()) {
        None => Some(Protocol::Tcp),
        Some(node) => node.as_str().and_then(Protocol::parse),
    };
    let port = item.get("port").filter(|p| !p.is_null());
    let end = item.get("endPort").filter(|p| !p.is_null());
    let value = match (port, end) {
        (None, None) => Ok(PortValue::Any),
        (None, Some(_)) => Err("endPort requires port"),
        (Some(port), end) if port.kind() == Kind::Int => match (port_number(port), end) {
            (None, _) => Err("port is not between 1 and 65535"),
            (Some(first), None) => Ok(PortValue::Range(first, first)),
            (Some(first), Some(end)) => match port_number(end) {
                Some(last) if last >= first => Ok(PortValue::Range(first, last)),
                _ => Err("endPort is not a port at or above port"),
            },
        },
        (Some(port), None) => match port.as_str() {
            Some(name) if !name.is_empty() && name.bytes().any(|b| b.is_ascii_alphabetic()) => {
                Ok(PortValue::Named(name.to_owned()))
            }
            _ => Err("port is neither a number nor a port name"),
        },
        (Some(_), Some(_)) => Err("endPort requires a numeric port"),
    };
    let port = match (protocol, value) {
        (Some(_), Ok(value)) => value,
        (None, _) => {
            builder.issue(
                object,
                item,
                "protocol is not TCP, UDP or SCTP; the item admits nothing",
            );
            PortValue::Invalid
        }
        (_, Err(message)) => {
            builder.issue(object, item, format!("{message}; the item admits nothing"));
            PortValue::Invalid
        }
    };
    PortSpec {
        protocol: protocol.unwrap_or(Protocol::Tcp),
        port,
        location,
    }
}
