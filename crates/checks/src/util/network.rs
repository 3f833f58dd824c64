//! Helpers for checks about Services, Ingresses and NetworkPolicies.
//!
//! NetworkPolicies are read as `networking.k8s.io/v1` defines them: a policy selects pods of its
//! own namespace by `podSelector` (empty or absent: every pod); `policyTypes`, when empty or
//! absent, is `Ingress` plus `Egress` when the policy has at least one egress rule; a pod is
//! isolated for a direction when any policy selecting it has that type.

use kubeward_core::{Object, workload};
use kubeward_yaml::{Kind, NodeRef};

use crate::util::general::{ImageRef, metadata_field};
use crate::{Context, Inventory};
use kubeward_core::Selector;

use kubeward_core::network;
pub(crate) use kubeward_core::network::Direction;

/// A NetworkPolicy of `networking.k8s.io`, read.
#[derive(Debug, Clone)]
pub(crate) struct Policy<'a> {
    /// The policy object.
    pub(crate) object: &'a Object,
    /// `spec` (an empty policy has none).
    pub(crate) spec: Option<NodeRef<'a>>,
    /// `spec.podSelector`.
    pub(crate) selector: Selector<'a>,
    ingress: bool,
    egress: bool,
}

impl<'a> Policy<'a> {
    /// Reads `object` when it is a `networking.k8s.io` NetworkPolicy.
    pub(crate) fn read(object: &'a Object) -> Option<Policy<'a>> {
        if object.kind() != "NetworkPolicy" || object.api_group() != "networking.k8s.io" {
            return None;
        }
        let spec = object.root().get("spec").filter(|s| s.kind() == Kind::Map);
        let selector = spec
            .and_then(|s| s.get("podSelector"))
            .filter(|s| !s.is_null())
            .map(Selector::label_selector)
            .unwrap_or_default();
        Some(Policy {
            object,
            spec,
            selector,
            ingress: network::isolates(spec, Direction::Ingress),
            egress: network::isolates(spec, Direction::Egress),
        })
    }

    /// Whether the policy isolates the pods it selects for `direction`.
    pub(crate) fn isolates(&self, direction: Direction) -> bool {
        match direction {
            Direction::Ingress => self.ingress,
            Direction::Egress => self.egress,
        }
    }

    /// Whether `podSelector` selects every pod of the namespace.
    pub(crate) fn selects_all(&self) -> bool {
        self.selector.is_empty()
    }

    /// The rules for `direction` (empty when the policy does not isolate that direction, whose
    /// rules Kubernetes ignores).
    pub(crate) fn rules(
        &self,
        direction: Direction,
    ) -> impl Iterator<Item = NodeRef<'a>> + use<'a> {
        let rules = self
            .spec
            .filter(|_| self.isolates(direction))
            .and_then(|s| s.get(direction.rules_field()));
        rules.into_iter().flat_map(|r| r.items())
    }

    /// Where a finding about the policy's isolation of `direction` points: the `policyTypes`
    /// item naming it, else the rules key, else `spec`, else the object.
    pub(crate) fn type_location(&self, direction: Direction) -> NodeRef<'a> {
        let Some(spec) = self.spec else {
            return self.object.root();
        };
        let named = spec
            .get("policyTypes")
            .into_iter()
            .flat_map(|t| t.items())
            .find(|t| t.as_str() == Some(direction.policy_type()));
        named
            .or_else(|| spec.entry(direction.rules_field()).map(|(key, _)| key))
            .unwrap_or(spec)
    }
}

/// The `networking.k8s.io` NetworkPolicies scanned in `namespace`.
pub(crate) fn policies_in<'a>(
    inventory: &Inventory<'a>,
    namespace: Option<&str>,
) -> Vec<Policy<'a>> {
    inventory
        .of_kind_in("NetworkPolicy", namespace)
        .filter_map(Policy::read)
        .collect()
}

/// Whether the scan includes at least one NetworkPolicy, in any namespace.
pub(crate) fn scan_has_policies(inventory: &Inventory<'_>) -> bool {
    inventory.of_kind("NetworkPolicy").next().is_some()
}

/// Whether `cidr` is the whole IPv4 or IPv6 address space: a prefix length of 0 (the address
/// bits are then masked away, as Go's `net.ParseCIDR` does).
fn is_everywhere(cidr: &str) -> bool {
    let Some((address, bits)) = cidr.trim().split_once('/') else {
        return false;
    };
    bits.parse::<u8>() == Ok(0) && address.parse::<std::net::IpAddr>().is_ok()
}

/// For a rule of `direction`, the node that makes it allow every peer on every port: the rule
/// itself when it names no peers, or the `cidr` of an `ipBlock` covering the whole address space
/// without `except`; `None` when the rule limits peers or ports. An empty peer `{}` is rejected
/// by the API server ("must specify a peer") and does not count.
pub(crate) fn allows_all<'a>(rule: NodeRef<'a>, direction: Direction) -> Option<NodeRef<'a>> {
    if rule.kind() != Kind::Map && !rule.is_null() {
        return None;
    }
    if rule.get("ports").is_some_and(|p| !p.is_empty()) {
        return None;
    }
    let peers = rule.get(direction.peers_field()).filter(|p| !p.is_empty());
    let Some(peers) = peers else {
        return Some(rule);
    };
    peers.items().find_map(|peer| {
        let block = peer.get("ipBlock")?;
        let (key, cidr) = block.entry("cidr")?;
        let everywhere = cidr.as_str().is_some_and(is_everywhere);
        let excepted = block.get("except").is_some_and(|e| !e.is_empty());
        (everywhere && !excepted).then_some(key)
    })
}

/// Whether a policy that selects every pod isolates the namespace for `direction`: it has that
/// type and none of its rules for it allows every peer on every port.
pub(crate) fn is_default_deny(policy: &Policy<'_>, direction: Direction) -> bool {
    policy.selects_all()
        && policy.isolates(direction)
        && policy
            .rules(direction)
            .all(|rule| allows_all(rule, direction).is_none())
}

/// For a NetworkPolicy, reports every rule for `direction` that allows every peer on every port
/// ([`allows_all`]), when the policy has that type (Kubernetes ignores the rules otherwise).
pub(crate) fn report_allow_all(ctx: &mut Context<'_>, direction: Direction) {
    let Some(policy) = Policy::read(ctx.object()) else {
        return;
    };
    let (source, target) = match direction {
        Direction::Ingress => ("every source", "to"),
        Direction::Egress => ("every destination", "from"),
    };
    for rule in policy.rules(direction) {
        if let Some(at) = allows_all(rule, direction) {
            let message = format_args!(
                "{} rule allows traffic {target} the selected pods with {source} on every port",
                direction.rules_field()
            );
            ctx.report(at, message);
        }
    }
}

/// For a Namespace object, reports its name when no NetworkPolicy scanned in it isolates every
/// pod for `direction` ([`is_default_deny`]). The namespaces Kubernetes manages itself
/// (`kube-system`, `kube-public`, `kube-node-lease`) are skipped.
pub(crate) fn report_missing_default_deny(ctx: &mut Context<'_>, direction: Direction) {
    let namespace = ctx.object();
    let name = namespace.id.name.as_str();
    if name.is_empty() || name.starts_with("kube-") || !namespace.api_group().is_empty() {
        return;
    }
    let policies = policies_in(ctx.inventory(), Some(name));
    if policies.iter().any(|p| is_default_deny(p, direction)) {
        return;
    }
    let message = format_args!(
        "namespace {name:?} has no scanned NetworkPolicy that selects all its pods and denies {} by default",
        direction.rules_field()
    );
    ctx.report(metadata_field(namespace, "name"), message);
}

/// The DNS port and the names CoreDNS and kube-dns give it.
const DNS_PORT: i64 = 53;
const DNS_PORT_NAMES: &[&str] = &["dns", "dns-tcp", "dns-udp"];

/// Whether a `ports` item of an egress rule admits port 53: no `port` (every port of its
/// protocol), port 53 or a range containing it, or a name DNS servers use.
fn port_admits_dns(item: NodeRef<'_>) -> bool {
    let Some(port) = item.get("port").filter(|p| !p.is_null()) else {
        return item.kind() == Kind::Map || item.is_null();
    };
    if let Some(name) = port.as_str() {
        return DNS_PORT_NAMES.contains(&name) || name.parse::<i64>() == Ok(DNS_PORT);
    }
    let Some(number) = port.as_i64() else {
        return false;
    };
    let end = item.get_i64("endPort").unwrap_or(number);
    (number..=end).contains(&DNS_PORT)
}

/// Whether an egress rule may let a pod reach a DNS server. A rule that names port 53 (or a DNS
/// port name) counts whatever its destinations; a rule open on every port counts unless its
/// destinations are only pods of the policy's own namespace (and that namespace is not
/// `kube-system`). When unsure, this answers yes.
pub(crate) fn egress_rule_allows_dns(rule: NodeRef<'_>, namespace: Option<&str>) -> bool {
    let ports = rule.get("ports").filter(|p| !p.is_empty());
    match ports {
        Some(ports) => ports.items().any(port_admits_dns),
        None => {
            let peers = rule.get("to").filter(|p| !p.is_empty());
            let Some(peers) = peers else { return true };
            namespace == Some("kube-system")
                || peers.items().any(|peer| {
                    peer.get("namespaceSelector").is_some() || peer.get("ipBlock").is_some()
                })
        }
    }
}

/// A core Service's `type` key and value, when set to a string.
pub(crate) fn service_type(service: &Object) -> Option<(NodeRef<'_>, &str)> {
    if service.kind() != "Service" || !service.api_group().is_empty() {
        return None;
    }
    let (key, value) = service.root().get("spec")?.entry("type")?;
    Some((key, value.as_str()?))
}

/// Annotations that make a cloud load balancer internal (reachable only from the private
/// network), with the values that do so (`None`: any value but `false`).
const INTERNAL_LB_ANNOTATIONS: &[(&str, Option<&str>)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        None,
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        Some("internal"),
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        None,
    ),
    ("networking.gke.io/load-balancer-type", Some("Internal")),
    ("cloud.google.com/load-balancer-type", Some("Internal")),
    (
        "service.beta.kubernetes.io/oci-load-balancer-internal",
        None,
    ),
    (
        "service.beta.kubernetes.io/openstack-internal-load-balancer",
        None,
    ),
    (
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
        Some("intranet"),
    ),
];

/// Whether annotations make a LoadBalancer Service's load balancer internal.
pub(crate) fn is_internal_load_balancer(service: &Object) -> bool {
    INTERNAL_LB_ANNOTATIONS.iter().any(|(key, wanted)| {
        service.annotation(key).is_some_and(|value| match wanted {
            Some(wanted) => value.eq_ignore_ascii_case(wanted),
            None => !value.eq_ignore_ascii_case("false") && !value.is_empty(),
        })
    })
}

/// Whether a Service limits its load balancer's clients with `loadBalancerSourceRanges` that do
/// not include the whole address space.
pub(crate) fn has_source_ranges(service: &Object) -> bool {
    let ranges = service
        .root()
        .get_path(&["spec", "loadBalancerSourceRanges"])
        .filter(|r| !r.is_empty());
    ranges.is_some_and(|r| {
        r.items()
            .all(|c| c.as_str().is_some_and(|c| !is_everywhere(c)))
    })
}

/// Whether `object` is an Ingress of a built-in API group.
pub(crate) fn is_ingress(object: &Object) -> bool {
    object.kind() == "Ingress" && matches!(object.api_group(), "networking.k8s.io" | "extensions")
}

/// The backend Service names of an Ingress (`v1` `service.name` and `v1beta1` `serviceName`),
/// with the node naming each, from the default backend and every path.
pub(crate) fn ingress_backends(ingress: &Object) -> Vec<(NodeRef<'_>, &str)> {
    let Some(spec) = ingress.root().get("spec") else {
        return Vec::new();
    };
    let default = ["defaultBackend", "backend"]
        .into_iter()
        .filter_map(|field| spec.get(field));
    let paths = spec
        .get("rules")
        .into_iter()
        .flat_map(|r| r.items())
        .filter_map(|rule| rule.get_path(&["http", "paths"]))
        .flat_map(|p| p.items())
        .filter_map(|path| path.get("backend"));
    default
        .chain(paths)
        .filter_map(|backend| {
            let named = backend
                .get("service")
                .and_then(|s| s.entry("name"))
                .or_else(|| backend.entry("serviceName"))?;
            Some((named.0, named.1.as_str()?))
        })
        .collect()
}

/// The name the Kubernetes Dashboard's manifests and chart give its objects and labels.
const DASHBOARD: &str = "kubernetes-dashboard";

/// Whether `image` is a Kubernetes Dashboard image, from any registry or mirror:
/// `kubernetesui/dashboard` and its v7 parts (`dashboard-web`, `dashboard-api`,
/// `dashboard-auth`), or the old `kubernetes-dashboard-amd64` family.
pub(crate) fn is_dashboard_image(image: &str) -> bool {
    ImageRef::parse(image).is_some_and(|reference| is_dashboard_reference(&reference))
}

/// [`is_dashboard_image`] for an image already parsed.
pub(crate) fn is_dashboard_reference(reference: &ImageRef<'_>) -> bool {
    let path = reference.path;
    let last = path.rsplit('/').next().unwrap_or(path);
    path.ends_with("kubernetesui/dashboard")
        || path.contains("kubernetesui/dashboard-")
        || last.starts_with(DASHBOARD)
}

/// Whether a pod template runs a Kubernetes Dashboard container.
fn runs_dashboard(template: NodeRef<'_>) -> bool {
    template
        .get("spec")
        .into_iter()
        .flat_map(workload::containers)
        .any(|c| c.node.get_str("image").is_some_and(is_dashboard_image))
}

/// Whether a Service fronts the Kubernetes Dashboard: its name or a selector value contains
/// `kubernetes-dashboard`, or it selects a scanned pod template running a Dashboard image.
pub(crate) fn is_dashboard_service(inventory: &Inventory<'_>, service: &Object) -> bool {
    if service.id.name.contains(DASHBOARD) {
        return true;
    }
    let Some(selector) = service
        .root()
        .get_path(&["spec", "selector"])
        .filter(|s| !s.is_empty())
    else {
        return false;
    };
    if selector
        .entries()
        .any(|(_, value)| value.text().is_some_and(|v| v.contains(DASHBOARD)))
    {
        return true;
    }
    let selector = Selector::map(Some(selector));
    inventory
        .templates_selected(service.id.namespace.as_deref(), &selector)
        .any(|(_, template)| runs_dashboard(template))
}

#[cfg(test)]
mod tests {
    use kubeward_yaml::{Document, Limits, parse_stream};

    use super::*;

    fn doc(src: &str) -> Document {
        parse_stream(src.as_bytes(), &Limits::default())
            .remove(0)
            .unwrap()
            .unwrap()
    }

    fn object(src: &str) -> Object {
        Object::from_root("test.yaml".into(), std::sync::Arc::new(doc(src))).unwrap()
    }

    #[test]
    fn policy_types_default_as_the_api_server_does() {
        let types = |spec: &str| {
            let src = format!(
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p}}\nspec: {spec}\n"
            );
            let o = object(&src);
            let p = Policy::read(&o).unwrap();
            (
                p.isolates(Direction::Ingress),
                p.isolates(Direction::Egress),
            )
        };
        assert_eq!(types("{podSelector: {}}"), (true, false));
        assert_eq!(types("{podSelector: {}, egress: []}"), (true, false));
        assert_eq!(types("{podSelector: {}, egress: [{}]}"), (true, true));
        assert_eq!(types("{podSelector: {}, policyTypes: []}"), (true, false));
        assert_eq!(
            types("{podSelector: {}, policyTypes: [Egress]}"),
            (false, true)
        );
        assert_eq!(
            types("{podSelector: {}, policyTypes: [Egress], ingress: [{}]}"),
            (false, true)
        );
    }

    #[test]
    fn allow_all_rules() {
        let all = |rule: &str| allows_all(doc(rule).root(), Direction::Egress).is_some();
        assert!(all("{}"));
        assert!(all("{to: []}"));
        assert!(all("{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}"));
        assert!(all("{to: [{ipBlock: {cidr: '::/0'}}]}"));
        assert!(all(
            "{to: [{podSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0, except: []}}]}"
        ));
        assert!(!all(
            "{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}"
        ));
        assert!(!all("{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}"));
        assert!(all("{to: [{ipBlock: {cidr: 10.0.0.0/0}}]}"));
        assert!(!all("{ports: [{port: 443}]}"));
        assert!(!all("{to: [{}]}"));
        assert!(!all("{to: [{namespaceSelector: {}}]}"));
    }

    #[test]
    fn dns_rules() {
        let dns = |rule: &str, ns| egress_rule_allows_dns(doc(rule).root(), ns);
        assert!(dns("{}", Some("shop")));
        assert!(dns("{ports: [{port: 53, protocol: UDP}]}", Some("shop")));
        assert!(dns("{ports: [{port: '53'}]}", Some("shop")));
        assert!(dns("{ports: [{port: dns}]}", Some("shop")));
        assert!(dns("{ports: [{port: 1, endPort: 100}]}", Some("shop")));
        assert!(dns("{ports: [{protocol: UDP}]}", Some("shop")));
        assert!(!dns("{ports: [{port: 5432}]}", Some("shop")));
        assert!(!dns("{ports: [{port: 54, endPort: 100}]}", Some("shop")));
        assert!(!dns(
            "{to: [{podSelector: {matchLabels: {app: db}}}]}",
            Some("shop")
        ));
        assert!(dns(
            "{to: [{podSelector: {matchLabels: {app: db}}}]}",
            Some("kube-system")
        ));
        assert!(dns("{to: [{namespaceSelector: {}}]}", Some("shop")));
        assert!(dns("{to: [{ipBlock: {cidr: 10.0.0.10/32}}]}", Some("shop")));
    }

    #[test]
    fn dashboard_images() {
        assert!(is_dashboard_image("kubernetesui/dashboard:v2.7.0"));
        assert!(is_dashboard_image(
            "docker.io/kubernetesui/dashboard-web:1.6.0"
        ));
        assert!(is_dashboard_image(
            "registry.example.com/mirror/kubernetesui/dashboard@sha256:abc"
        ));
        assert!(is_dashboard_image(
            "k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1"
        ));
        assert!(!is_dashboard_image("grafana/grafana:11.0.0"));
        assert!(!is_dashboard_image("kubernetesui/metrics-scraper:v1.0.8"));
        assert!(!is_dashboard_image("example/dashboard:1"));
    }

    #[test]
    fn everywhere_cidrs() {
        assert!(is_everywhere("0.0.0.0/0"));
        assert!(is_everywhere("::/0"));
        assert!(!is_everywhere("0.0.0.0/1"));
        assert!(is_everywhere("10.0.0.0/0"));
        assert!(!is_everywhere("nowhere/0"));
        assert!(!is_everywhere("0.0.0.0"));
    }
}
