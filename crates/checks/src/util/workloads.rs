//! Helpers for checks about replicas, probes, disruption budgets, autoscalers and rollout settings.

use kubeward_core::Object;
use kubeward_core::workload::{self, Container, ContainerKind};
use kubeward_yaml::{Kind, NodeRef};

use crate::util::general::{describe, metadata_field};
use crate::{Context, Inventory};
use kubeward_core::Selector;

/// Kinds that run a fixed number of interchangeable replicas that checks about replica counts,
/// disruption budgets and spreading apply to.
pub(crate) const REPLICATED_KINDS: &[&str] = &["Deployment", "StatefulSet"];

/// Kinds an autoscaler can scale among the built-in ones.
pub(crate) const SCALABLE_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// A workload's replica count: `spec.replicas`, or 1 when it is unset, with its key if set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Replicas<'a> {
    /// The number of replicas the controller runs when nothing else scales it.
    pub(crate) count: i64,
    /// The `replicas` key, when the manifest sets it.
    pub(crate) field: Option<NodeRef<'a>>,
}

/// The replica count of a Deployment, StatefulSet, ReplicaSet or ReplicationController (of the
/// built-in API groups). `None` for other objects, or when `replicas` is not an integer (a
/// template placeholder, say).
pub(crate) fn replicas(object: &Object) -> Option<Replicas<'_>> {
    workload::pod_template(object)?;
    if !SCALABLE_KINDS.contains(&object.kind()) {
        return None;
    }
    let spec = object.root().get("spec")?;
    match spec.entry("replicas") {
        None => Some(Replicas {
            count: 1,
            field: None,
        }),
        Some((_, value)) if value.is_null() => Some(Replicas {
            count: 1,
            field: None,
        }),
        Some((key, value)) => Some(Replicas {
            count: value.as_i64()?,
            field: Some(key),
        }),
    }
}

/// Whether an autoscaler scanned alongside `object` scales it.
pub(crate) fn is_autoscaled(inventory: &Inventory<'_>, object: &Object) -> bool {
    inventory.autoscalers_of(object).next().is_some()
}

/// The HorizontalPodAutoscalers (not other autoscalers) that scale `object`.
pub(crate) fn hpas_of<'a>(
    inventory: &'a Inventory<'a>,
    object: &'a Object,
) -> impl Iterator<Item = &'a Object> + 'a {
    inventory
        .autoscalers_of(object)
        .filter(|a| a.kind() == "HorizontalPodAutoscaler")
}

/// An HPA's `minReplicas` (1 when unset) and its key if set. `None` when it is not an integer.
pub(crate) fn hpa_min_replicas(hpa: &Object) -> Option<(i64, Option<NodeRef<'_>>)> {
    let spec = hpa.root().get("spec")?;
    match spec.entry("minReplicas") {
        Some((key, value)) if !value.is_null() => Some((value.as_i64()?, Some(key))),
        _ => Some((1, None)),
    }
}

/// Whether a Deployment or StatefulSet runs, or may run, more than one pod: it sets two or more
/// replicas, or an autoscaler scales it.
pub(crate) fn is_replicated(inventory: &Inventory<'_>, object: &Object) -> bool {
    REPLICATED_KINDS.contains(&object.kind())
        && replicas(object).is_some_and(|r| r.count >= 2 || is_autoscaled(inventory, object))
}

/// For a label selector at `spec.<field>` of `object`: the selector's key when it has some
/// requirement, the scan has pod templates, and no pod template in the object's namespace
/// satisfies it. Empty selectors (which select every pod) and absent ones give `None`.
pub(crate) fn selector_matching_nothing<'a>(
    inventory: &Inventory<'_>,
    object: &'a Object,
    field: &str,
) -> Option<NodeRef<'a>> {
    let (key, node) = object.root().get("spec")?.entry(field)?;
    let selector = Selector::label_selector(node);
    if selector.is_empty() || !inventory.has_pod_templates() {
        return None;
    }
    let namespace = object.id.namespace.as_deref();
    let none = inventory
        .templates_selected(namespace, &selector)
        .next()
        .is_none();
    none.then_some(key)
}

/// A StatefulSet's `serviceName` key, the name, and the Service of that name scanned in its
/// namespace. `None` for other objects or when `serviceName` is unset or empty.
pub(crate) fn statefulset_service<'a>(
    inventory: &Inventory<'a>,
    object: &'a Object,
) -> Option<(NodeRef<'a>, &'a str, Option<&'a Object>)> {
    if object.kind() != "StatefulSet" || object.api_group() != "apps" {
        return None;
    }
    let (key, name) = object.root().get("spec")?.entry("serviceName")?;
    let name = name.as_str().filter(|n| !n.is_empty())?;
    let service = inventory.find("Service", object.id.namespace.as_deref(), name);
    Some((key, name, service))
}

/// Whether `object` has owners (`metadata.ownerReferences`): a Pod made by a controller, a Job
/// made by a CronJob. Findings belong on the owner.
pub(crate) fn is_owned(object: &Object) -> bool {
    object
        .root()
        .get_path(&["metadata", "ownerReferences"])
        .is_some_and(|owners| !owners.is_empty())
}

/// Containers of a pod spec whose ports serve while the pod runs (see [`is_serving`]).
pub(crate) fn serving_containers(spec: NodeRef<'_>) -> impl Iterator<Item = Container<'_>> {
    workload::containers(spec).filter(is_serving)
}

/// Whether a container's ports serve while the pod runs: regular containers and sidecars (init
/// containers with `restartPolicy: Always`).
pub(crate) fn is_serving(container: &Container<'_>) -> bool {
    match container.kind {
        ContainerKind::Regular => true,
        ContainerKind::Init => container.node.get_str("restartPolicy") == Some("Always"),
        ContainerKind::Ephemeral => false,
    }
}

/// One entry of a container's `ports`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContainerPort<'a> {
    /// The entry's mapping.
    pub(crate) node: NodeRef<'a>,
    /// `containerPort`, if an integer.
    pub(crate) number: Option<i64>,
    /// `name`, if set.
    pub(crate) name: Option<&'a str>,
    /// `protocol`, `TCP` when unset.
    pub(crate) protocol: &'a str,
}

/// The `ports` a container declares.
pub(crate) fn container_ports<'a>(
    container: NodeRef<'a>,
) -> impl Iterator<Item = ContainerPort<'a>> + use<'a> {
    container
        .get("ports")
        .into_iter()
        .flat_map(|ports| ports.items())
        .filter(|port| port.kind() == Kind::Map)
        .map(|node| ContainerPort {
            node,
            number: node.get_i64("containerPort"),
            name: node.get_str("name"),
            protocol: node.get_str("protocol").unwrap_or("TCP"),
        })
}

/// A port reference as Kubernetes' `IntOrString` holds it: a number or a port name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PortRef<'a> {
    /// A port number.
    Number(i64),
    /// A named port.
    Name(&'a str),
}

impl<'a> PortRef<'a> {
    /// Reads a `port`/`targetPort` value. `None` for anything else (null, lists, floats).
    pub(crate) fn read(node: NodeRef<'a>) -> Option<PortRef<'a>> {
        match node.kind() {
            Kind::Int => node.as_i64().map(PortRef::Number),
            Kind::Str => node.as_str().filter(|s| !s.is_empty()).map(PortRef::Name),
            _ => None,
        }
    }
}

impl std::fmt::Display for PortRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(name) => write!(f, "{name:?}"),
        }
    }
}

/// One Service backend of an Ingress.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IngressBackend<'a> {
    /// The Service's name.
    pub(crate) service: &'a str,
    /// The key naming the Service (`name` or `serviceName`).
    pub(crate) name_key: NodeRef<'a>,
    /// The port key (`number`, `name` or `servicePort`) and the port it names, if readable.
    pub(crate) port: Option<(NodeRef<'a>, PortRef<'a>)>,
}

/// A port entry's key and the port it names.
fn read_port<'a>(entry: Option<(NodeRef<'a>, NodeRef<'a>)>) -> Option<(NodeRef<'a>, PortRef<'a>)> {
    entry.and_then(|(key, value)| Some((key, PortRef::read(value)?)))
}

/// The Service backends of an Ingress (`networking.k8s.io` or `extensions`): `defaultBackend`,
/// the older `backend`, and every rule path's, in the `service` and older `serviceName` forms.
pub(crate) fn ingress_backends(ingress: &Object) -> Vec<IngressBackend<'_>> {
    if !matches!(ingress.api_group(), "networking.k8s.io" | "extensions") {
        return Vec::new();
    }
    let Some(spec) = ingress.root().get("spec") else {
        return Vec::new();
    };
    let paths = spec
        .get("rules")
        .into_iter()
        .flat_map(|rules| rules.items())
        .filter_map(|rule| rule.get_path(&["http", "paths"]))
        .flat_map(|paths| paths.items())
        .filter_map(|path| path.get("backend"));
    let backends = ["defaultBackend", "backend"]
        .into_iter()
        .filter_map(|field| spec.get(field))
        .chain(paths);
    backends
        .filter_map(|backend| {
            if let Some(service) = backend.get("service") {
                let (name_key, name) = service.entry("name")?;
                let port = service.get("port");
                let port = read_port(port.and_then(|p| p.entry("number")))
                    .or_else(|| read_port(port.and_then(|p| p.entry("name"))));
                Some(IngressBackend {
                    service: name.as_str()?,
                    name_key,
                    port,
                })
            } else {
                let (name_key, name) = backend.entry("serviceName")?;
                Some(IngressBackend {
                    service: name.as_str()?,
                    name_key,
                    port: read_port(backend.entry("servicePort")),
                })
            }
        })
        .collect()
}

/// An `IntOrString` that may be a percentage, as in `maxUnavailable` and `minAvailable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Amount {
    /// An absolute number of pods.
    Count(i64),
    /// A percentage of the pods (`"25%"`).
    Percent(i64),
}

impl Amount {
    /// Reads an integer or a `"N%"` string. `None` for anything else.
    pub(crate) fn read(node: NodeRef<'_>) -> Option<Amount> {
        match node.kind() {
            Kind::Int => node.as_i64().map(Amount::Count),
            Kind::Str => {
                let digits = node.as_str()?.strip_suffix('%')?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse().ok().map(Amount::Percent)
            }
            _ => None,
        }
    }
}

/// Whether two YAML values are the same value: equal scalars of the same kind, sequences with
/// the same items in order, mappings with the same entries in any order.
pub(crate) fn same_value(a: NodeRef<'_>, b: NodeRef<'_>) -> bool {
    if a.kind() != b.kind() || a.len() != b.len() {
        return false;
    }
    match a.kind() {
        Kind::Seq => a.items().zip(b.items()).all(|(x, y)| same_value(x, y)),
        Kind::Map => a.entries().all(|(key, value)| {
            key.text()
                .and_then(|k| b.get(k))
                .is_some_and(|other| same_value(value, other))
        }),
        Kind::Null => true,
        _ => a.text() == b.text(),
    }
}

/// A Kubernetes resource quantity (`100m`, `1.5`, `2Gi`, `1e3`, `1k`) in billionths of the unit
/// (nano-cores, nano-bytes), rounded up as Kubernetes rounds values finer than a nano-unit.
/// `None` when the text is not a quantity Kubernetes accepts, is negative, or is too large to
/// hold.
pub(crate) fn parse_quantity(text: &str) -> Option<u128> {
    let text = text.strip_prefix('+').unwrap_or(text);
    let number_end = text
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(number_end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return None;
    }
    let (binary, decimal): (u32, i32) = match suffix {
        "" => (0, 0),
        "n" => (0, -9),
        "u" => (0, -6),
        "m" => (0, -3),
        "k" => (0, 3),
        "M" => (0, 6),
        "G" => (0, 9),
        "T" => (0, 12),
        "P" => (0, 15),
        "E" => (0, 18),
        "Ki" => (10, 0),
        "Mi" => (20, 0),
        "Gi" => (30, 0),
        "Ti" => (40, 0),
        "Pi" => (50, 0),
        "Ei" => (60, 0),
        _ => {
            let exponent = suffix.strip_prefix(['e', 'E'])?;
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            (0, exponent.parse().ok()?)
        }
    };
    // The significant digits, without leading zeros, so long zero-padded input still fits: at
    // most 36, which a u128 always holds.
    let mut mantissa: u128 = 0;
    let mut significant = 0;
    for digit in whole.bytes().chain(fraction.bytes()) {
        if significant == 0 && digit == b'0' {
            continue;
        }
        significant += 1;
        if significant > 36 {
            return None;
        }
        mantissa = mantissa * 10 + u128::from(digit - b'0');
    }
    let mantissa = mantissa.checked_mul(1u128.checked_shl(binary)?)?;
    // value = mantissa × 10^exponent nano-units.
    let exponent = decimal + 9 - i32::try_from(fraction.len()).ok()?;
    if exponent >= 0 {
        mantissa.checked_mul(10u128.checked_pow(u32::try_from(exponent).ok()?)?)
    } else {
        let divisor = 10u128.checked_pow(exponent.unsigned_abs());
        match divisor {
            Some(divisor) => Some(mantissa.div_ceil(divisor)),
            // Smaller than any representable fraction: rounds up to one nano-unit unless zero.
            None => Some(u128::from(mantissa > 0)),
        }
    }
}

/// Reports every regular and init container whose `resources.limits.<resource>` is more than
/// `ratio` times its `resources.requests.<resource>` (both set and readable), at the limit.
pub(crate) fn report_limit_ratio(ctx: &mut Context<'_>, resource: &str, label: &str, ratio: f64) {
    // Compare in thousandths so the comparison stays exact in integers.
    let ratio_milli = (ratio * 1000.0).round() as u128;
    for container in
        workload::pod_containers(ctx.object()).filter(|c| c.kind != ContainerKind::Ephemeral)
    {
        let Some(resources) = container.node.get("resources") else {
            continue;
        };
        let request = resources.get_path(&["requests", resource]);
        let limit = resources
            .get("limits")
            .and_then(|limits| limits.entry(resource));
        let (Some(request), Some((key, limit))) = (request, limit) else {
            continue;
        };
        let (Some(requested), Some(limited)) = (quantity(request), quantity(limit)) else {
            continue;
        };
        let (Some(scaled_limit), Some(scaled_request)) = (
            limited.checked_mul(1000),
            requested.checked_mul(ratio_milli),
        ) else {
            continue;
        };
        if requested > 0 && scaled_limit > scaled_request {
            let message = format_args!(
                "{} {label} limit {} is more than {ratio} times its request {}",
                describe(&container),
                limit.text().unwrap_or_default(),
                request.text().unwrap_or_default()
            );
            ctx.report_container(&container, key, message);
        }
    }
}

/// For a Namespace object, reports it when the scan has no object of `kind` in it. The
/// namespaces Kubernetes manages itself (`kube-system`, `kube-public`, `kube-node-lease`) are
/// not judged.
pub(crate) fn report_namespace_without(ctx: &mut Context<'_>, kind: &'static str) {
    let namespace = ctx.object();
    let name = namespace.id.name.as_str();
    if name.is_empty()
        || name.starts_with("kube-")
        || ctx
            .inventory()
            .of_kind_in(kind, Some(name))
            .next()
            .is_some()
    {
        return;
    }
    ctx.report(
        metadata_field(namespace, "name"),
        format_args!("namespace {name:?} has no {kind} among the scanned objects"),
    );
}

/// The quantity of a resource field (`"500m"`, `2`, `1.5`), read from the scalar's text.
pub(crate) fn quantity(node: NodeRef<'_>) -> Option<u128> {
    match node.kind() {
        Kind::Str | Kind::Int | Kind::Float => parse_quantity(node.text()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NANO: u128 = 1_000_000_000;

    #[test]
    fn parses_kubernetes_quantities_exactly() {
        let cases: &[(&str, u128)] = &[
            ("100m", NANO / 10),
            ("1.5", 3 * NANO / 2),
            ("2", 2 * NANO),
            ("+2", 2 * NANO),
            ("2Gi", 2 * (1 << 30) * NANO),
            ("500Mi", 500 * (1 << 20) * NANO),
            ("1e3", 1000 * NANO),
            ("1E3", 1000 * NANO),
            ("1e-3", NANO / 1000),
            ("1k", 1000 * NANO),
            ("1M", 1_000_000 * NANO),
            ("1E", 1_000_000_000_000_000_000 * NANO),
            ("1Ei", (1 << 60) * NANO),
            ("0.5Gi", (1 << 29) * NANO),
            (".5", NANO / 2),
            ("5.", 5 * NANO),
            ("250u", 250_000),
            ("3n", 3),
            ("0", 0),
            ("0.1n", 1),
            ("0000000000000000000000000000000000000000001", NANO),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_quantity(text), Some(*expected), "{text}");
        }
    }

    #[test]
    fn rejects_what_kubernetes_rejects() {
        for bad in [
            "", ".", "-1", "1.2.3", "1 Gi", "1gi", "1KB", "Gi", "1e", "1e+", "1ee3", "1Gi5", "m",
            "1e99999",
        ] {
            assert_eq!(parse_quantity(bad), None, "{bad:?}");
        }
    }

    fn doc(src: &str) -> kubeward_yaml::Document {
        kubeward_yaml::parse_stream(src.as_bytes(), &kubeward_yaml::Limits::default())
            .remove(0)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn same_value_ignores_key_order_only() {
        let same = |a: &str, b: &str| same_value(doc(a).root(), doc(b).root());
        assert!(same("{path: /a, port: 80}\n", "{port: 80, path: /a}\n"));
        assert!(same("{command: [a, b]}\n", "command:\n- a\n- b\n"));
        assert!(!same("{command: [a, b]}\n", "{command: [b, a]}\n"));
        assert!(!same("{port: 80}\n", "{port: '80'}\n"));
        assert!(!same("{port: 80}\n", "{port: 80, host: x}\n"));
        assert!(!same("{port: 80, a: 1}\n", "{port: 80, b: 1}\n"));
    }

    #[test]
    fn amounts_are_counts_or_percentages() {
        let read = |src: &str| Amount::read(doc(src).root());
        assert_eq!(read("0\n"), Some(Amount::Count(0)));
        assert_eq!(read("'100%'\n"), Some(Amount::Percent(100)));
        assert_eq!(read("'0%'\n"), Some(Amount::Percent(0)));
        assert_eq!(read("'%'\n"), None);
        assert_eq!(read("'1.5%'\n"), None);
        assert_eq!(read("'5'\n"), None);
    }
}
