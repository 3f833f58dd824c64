//! Random small clusters for the differential tests, from a seed (so failures reproduce).

use std::fmt::Write;

/// What the generated cluster may contain.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Give pods `status.podIP`/`podIPs` (network-config-analyzer does not match pod
    /// addresses with ipBlocks, so its comparison leaves them out).
    pub pod_ips: bool,
    /// Include hostNetwork pods.
    pub host_network: bool,
    /// Leave out what network-config-analyzer 2.1.0 reads differently from the API (the
    /// scenario suite and the reference cover these): `Exists`/`DoesNotExist` in the podSelector
    /// of a peer that also has a namespaceSelector (it evaluates them in the policy's own
    /// namespace only, not in the selected namespaces), and `egress: []` without policyTypes (it
    /// isolates egress; the API adds Egress only when there are egress rules).
    pub avoid_nca_deviations: bool,
    /// Make some pods a StatefulSet's (grouped by owner, with per-pod labels).
    pub owners: bool,
    /// Multiplies the numbers of pods and policies (1: 3-8 pods and 1-6 policies).
    pub scale: usize,
}

/// Addresses outside the cluster that the tests probe: inside, outside and on the edges of the
/// generated ipBlocks.
pub const PROBE_ADDRESSES: &[&str] = &[
    "10.0.0.5",
    "10.0.1.5",
    "10.0.1.255",
    "10.0.2.0",
    "10.1.0.1",
    "8.8.8.8",
    "192.168.0.1",
    "fd00::1",
    "fd00:0:0:1::1",
    "2001:db8::1",
];

/// Ports the tests probe on every protocol: the generated rules' ports and their edges.
pub const PROBE_PORTS: &[u16] = &[
    1, 53, 79, 80, 81, 443, 7999, 8000, 8050, 8100, 8101, 8080, 9090, 65535,
];

const CIDRS: &[(&str, &[&str])] = &[
    ("10.0.0.0/8", &["10.0.1.0/24"]),
    ("10.0.0.0/16", &[]),
    ("10.0.1.0/24", &["10.0.1.128/25", "10.0.1.0/30"]),
    ("0.0.0.0/0", &["10.0.0.0/8", "192.168.0.0/16"]),
    ("0.0.0.0/0", &[]),
    ("fd00::/8", &["fd00:0:0:1::/64"]),
    ("::/0", &[]),
    ("192.168.0.0/16", &[]),
];

struct Gen {
    rng: fastrand::Rng,
    avoid_nca_deviations: bool,
    namespaces: Vec<String>,
}

impl Gen {
    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.rng.usize(..items.len())]
    }

    fn labels(&mut self, keys: &[(&str, &[&str])]) -> String {
        let mut parts = Vec::new();
        for (key, values) in keys {
            if self.rng.bool() {
                parts.push(format!("{key}: {}", self.pick(values)));
            }
        }
        format!("{{{}}}", parts.join(", "))
    }

    fn selector(&mut self, keys: &[(&str, &[&str])]) -> String {
        self.selector_with(keys, true)
    }

    /// A selector; `existence` allows `Exists` and `DoesNotExist` expressions.
    fn selector_with(&mut self, keys: &[(&str, &[&str])], existence: bool) -> String {
        match self.rng.u8(..6) {
            0 => "{}".to_owned(),
            1..=3 => {
                let (key, values) = keys[self.rng.usize(..keys.len())];
                format!("{{matchLabels: {{{key}: {}}}}}", self.pick(values))
            }
            _ => {
                let (key, values) = keys[self.rng.usize(..keys.len())];
                let expression = match self.rng.u8(..if existence { 4 } else { 2 }) {
                    0 => format!(
                        "{{key: {key}, operator: In, values: [{}, {}]}}",
                        self.pick(values),
                        self.pick(values)
                    ),
                    1 => format!(
                        "{{key: {key}, operator: NotIn, values: [{}]}}",
                        self.pick(values)
                    ),
                    2 => format!("{{key: {key}, operator: Exists}}"),
                    _ => format!("{{key: {key}, operator: DoesNotExist}}"),
                };
                format!("{{matchExpressions: [{expression}]}}")
            }
        }
    }

    fn peer(&mut self) -> String {
        match self.rng.u8(..7) {
            0 | 1 => format!("{{podSelector: {}}}", self.selector(POD_KEYS)),
            2 => format!("{{namespaceSelector: {}}}", self.namespace_selector()),
            3 | 4 => format!(
                "{{namespaceSelector: {}, podSelector: {}}}",
                self.namespace_selector(),
                self.selector_with(POD_KEYS, !self.avoid_nca_deviations)
            ),
            _ => {
                let (cidr, except) = CIDRS[self.rng.usize(..CIDRS.len())];
                let except: Vec<String> = except.iter().map(|e| format!("\"{e}\"")).collect();
                format!(
                    "{{ipBlock: {{cidr: \"{cidr}\", except: [{}]}}}}",
                    except.join(", ")
                )
            }
        }
    }

    fn namespace_selector(&mut self) -> String {
        if self.rng.u8(..4) == 0 {
            let name = self.namespaces[self.rng.usize(..self.namespaces.len())].clone();
            format!("{{matchLabels: {{kubernetes.io/metadata.name: {name}}}}}")
        } else {
            self.selector(NAMESPACE_KEYS)
        }
    }

    fn port(&mut self) -> String {
        match self.rng.u8(..8) {
            0 => "{port: 80}".to_owned(),
            1 => "{port: http}".to_owned(),
            2 => "{protocol: UDP, port: 53}".to_owned(),
            3 => "{protocol: UDP, port: dns}".to_owned(),
            4 => "{port: 8000, endPort: 8100}".to_owned(),
            5 => "{protocol: UDP}".to_owned(),
            6 => "{protocol: SCTP, port: 9090}".to_owned(),
            _ => "{port: metrics}".to_owned(),
        }
    }

    fn rules(&mut self, field: &str, peers: &str) -> String {
        let mut out = String::new();
        match self.rng.u8(..5) {
            0 => return out,
            1 => {
                let _ = writeln!(out, "  {field}: []");
                return out;
            }
            _ => {}
        }
        let _ = writeln!(out, "  {field}:");
        for _ in 0..self.rng.usize(1..3) {
            let mut fields = Vec::new();
            if self.rng.u8(..4) != 0 {
                let list: Vec<String> = (0..self.rng.usize(1..3)).map(|_| self.peer()).collect();
                fields.push(format!("{peers}: [{}]", list.join(", ")));
            }
            if self.rng.bool() {
                let list: Vec<String> = (0..self.rng.usize(1..3)).map(|_| self.port()).collect();
                fields.push(format!("ports: [{}]", list.join(", ")));
            }
            let _ = writeln!(out, "  - {{{}}}", fields.join(", "));
        }
        out
    }
}

const POD_KEYS: &[(&str, &[&str])] = &[("app", &["a", "b", "c"]), ("role", &["x", "y"])];
const NAMESPACE_KEYS: &[(&str, &[&str])] = &[("team", &["a", "b"]), ("env", &["prod", "dev"])];
const CONTAINER_PORTS: &[&str] = &[
    "{name: http, containerPort: 80}",
    "{name: http, containerPort: 8080}",
    "{name: dns, containerPort: 53, protocol: UDP}",
    "{name: metrics, containerPort: 9090, protocol: SCTP}",
    "{name: metrics, containerPort: 8050}",
    "{containerPort: 443}",
];

/// A random cluster as a YAML stream: namespaces, bare Pods and NetworkPolicies.
pub fn cluster(seed: u64, options: Options) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let namespaces = (0..rng.usize(2..5)).map(|i| format!("ns{i}")).collect();
    let mut g = Gen {
        rng,
        namespaces,
        avoid_nca_deviations: options.avoid_nca_deviations,
    };
    let mut out = String::new();
    for name in g.namespaces.clone() {
        let labels = g.labels(NAMESPACE_KEYS);
        let _ = writeln!(
            out,
            "apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}, labels: {labels}}}\n---"
        );
    }
    for i in 0..g.rng.usize(3..9) * options.scale {
        let namespace = g.namespaces[g.rng.usize(..g.namespaces.len())].clone();
        let labels = g.labels(POD_KEYS);
        // Port names are unique within a pod.
        let mut ports: Vec<&str> = Vec::new();
        for port in CONTAINER_PORTS {
            let name = port.split(',').next().unwrap_or_default();
            if g.rng.u8(..3) == 0 && !ports.iter().any(|p| p.starts_with(name)) {
                ports.push(port);
            }
        }
        let host = options.host_network && g.rng.u8(..6) == 0;
        // Some pods belong to a StatefulSet: same ports, but each labelled with its own name.
        let owner = options.owners && g.rng.u8(..3) == 0;
        let (labels, owner) = if owner {
            let set = g.rng.u8(..2);
            ports = vec![CONTAINER_PORTS[usize::from(set) * 2]];
            let labels = labels.replacen(
                '{',
                &format!("{{statefulset.kubernetes.io/pod-name: pod{i}, "),
                1,
            );
            let reference = format!(
                ", ownerReferences: [{{kind: StatefulSet, name: set{set}, controller: true}}]"
            );
            (labels.replace(", }", "}"), reference)
        } else {
            (labels, String::new())
        };
        let _ = writeln!(
            out,
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: pod{i}, namespace: {namespace}, labels: {labels}{owner}}}\nspec:\n  hostNetwork: {host}\n  containers: [{{name: c, image: img, ports: [{}]}}]",
            ports.join(", ")
        );
        if options.pod_ips && g.rng.u8(..3) != 0 {
            let v4 = format!("10.0.{}.{}", g.rng.u8(..3), 10 + i);
            if g.rng.bool() {
                let _ = writeln!(
                    out,
                    "status: {{podIP: {v4}, podIPs: [{{ip: {v4}}}, {{ip: \"fd00::{:x}\"}}]}}",
                    0x10 + i
                );
            } else {
                let _ = writeln!(out, "status: {{podIP: {v4}}}");
            }
        }
        out.push_str("---\n");
    }
    for i in 0..g.rng.usize(1..7) * options.scale {
        let namespace = g.namespaces[g.rng.usize(..g.namespaces.len())].clone();
        let selector = g.selector(POD_KEYS);
        let _ = writeln!(
            out,
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: policy{i}, namespace: {namespace}}}\nspec:\n  podSelector: {selector}"
        );
        let types = ["", "[Ingress]", "[Egress]", "[Ingress, Egress]"][g.rng.usize(..4)];
        if !types.is_empty() {
            let _ = writeln!(out, "  policyTypes: {types}");
        }
        // Rules of a type the policy does not list are ignored by Kubernetes but rejected by
        // network-config-analyzer; the scenario suite covers them.
        if types.is_empty() || types.contains("Ingress") {
            let ingress = g.rules("ingress", "from");
            out.push_str(&ingress);
        }
        if types.is_empty() || types.contains("Egress") {
            let egress = g.rules("egress", "to");
            if !(g.avoid_nca_deviations && types.is_empty() && egress == "  egress: []\n") {
                out.push_str(&egress);
            }
        }
        out.push_str("---\n");
    }
    out
}
