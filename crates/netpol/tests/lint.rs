//! Each lint on a small cluster made to trigger it, and a clean cluster that triggers none.

mod common;

use kubeward_netpol::Cluster;
use kubeward_netpol::lint::{LINTS, lint};

fn findings(yaml: &str) -> Vec<(String, String)> {
    let objects = common::objects(yaml);
    let cluster = Cluster::from_objects(&objects, "default");
    lint(&cluster)
        .into_iter()
        .map(|f| (f.lint.to_owned(), f.message))
        .collect()
}

/// The messages of the findings of one lint, in order.
fn messages_of<'a>(found: &'a [(String, String)], lint: &str) -> Vec<&'a str> {
    found
        .iter()
        .filter(|(l, _)| l == lint)
        .map(|(_, m)| m.as_str())
        .collect()
}

const POD_A: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\nspec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}\n---\n";

/// Default-deny in both directions, with DNS allowed: nothing to report.
const LOCKED: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: x}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], ports: [{port: 53, protocol: UDP}]}]\n---\n";

fn policy(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: x}}\nspec:\n{spec}---\n"
    )
}

#[test]
fn a_locked_down_namespace_is_clean() {
    assert_eq!(findings(&format!("{POD_A}{LOCKED}")), []);
}

#[test]
fn missing_default_deny_and_unselected_pods_are_reported() {
    let found = findings(POD_A);
    let lints: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        lints,
        [
            "namespace-without-default-deny",
            "namespace-without-default-deny",
            "pod-not-selected"
        ],
        "{found:?}"
    );
    assert!(found[0].1.contains("denies ingress") && found[1].1.contains("denies egress"));
    // A default-deny whose rule opens everything is no default-deny.
    let open = policy(
        "open",
        "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n  egress: [{ports: [{port: 53, protocol: UDP}]}]\n",
    );
    let found = findings(&format!("{POD_A}{open}"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("denies ingress by default"));
}

#[test]
fn selectors_matching_nothing_are_reported() {
    let ghost = policy(
        "ghost",
        "  podSelector: {matchLabels: {app: ghost}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: nobody}}}]}]\n",
    );
    let peer = policy(
        "peer",
        "  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: b}}}]}]\n",
    );
    let found = findings(&format!("{POD_A}{LOCKED}{ghost}{peer}"));
    let messages = messages_of(&found, "selector-matches-nothing");
    assert_eq!(
        messages,
        [
            "policy x/ghost selects no pod: its podSelector app=ghost matches no workload in namespace x",
            "policy x/ghost ingress rule 1 peer 1: namespaceSelector team=nobody matches no namespace",
            "policy x/peer ingress rule 1 peer 1: podSelector app=b matches no workload in namespaces x",
        ],
        "{found:?}"
    );
}

#[test]
fn rules_that_never_match_are_reported() {
    let named = policy(
        "named",
        "  podSelector: {matchLabels: {app: a}}\n  ingress: [{ports: [{port: grpc}]}]\n",
    );
    let found = findings(&format!("{POD_A}{LOCKED}{named}"));
    assert!(
        found.contains(&("rule-never-matches".into(), "policy x/named ingress rule 1 never admits a connection: none of its ports exists on the destinations (named ports are looked up on them)".into())),
        "{found:?}"
    );
}

#[test]
fn shadowed_policies_are_reported_and_needed_ones_are_not() {
    let wide = policy(
        "wide",
        "  podSelector: {matchLabels: {app: a}}\n  ingress: [{ports: [{port: 8000, endPort: 9000}]}]\n",
    );
    let narrow = policy(
        "narrow",
        "  podSelector: {}\n  ingress: [{ports: [{port: 8080}]}]\n",
    );
    let found = findings(&format!("{POD_A}{LOCKED}{wide}{narrow}"));
    let shadowed = messages_of(&found, "policy-shadowed");
    // `narrow` adds nothing to `wide` for pod a; `wide` adds 8000-9000 beyond `narrow`; `deny`
    // is the only one isolating egress.
    assert_eq!(shadowed.len(), 1, "{found:?}");
    assert!(
        shadowed[0].starts_with("policy x/narrow changes nothing"),
        "{found:?}"
    );
}

#[test]
fn egress_without_dns_and_internet_wide_ip_blocks_are_reported() {
    let deny = policy(
        "deny",
        "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 443}]}]\n",
    );
    let found = findings(&format!("{POD_A}{deny}"));
    assert!(
        found.iter().any(|(l, m)| l == "egress-without-dns"
            && m.starts_with("Pod x/a's egress is isolated (by x/deny)")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(l, m)| l == "ip-block-everywhere"
            && m.ends_with("ipBlock 0.0.0.0/0 except 10.0.0.0/8")),
        "{found:?}"
    );
    // DNS to real kube-dns pods counts.
    let dns = "apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\n---\n";
    let to_dns = policy(
        "dns",
        "  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: UDP}]}]\n",
    );
    let found = findings(&format!("{POD_A}{deny}{dns}{to_dns}"));
    assert!(
        !found.iter().any(|(l, _)| l == "egress-without-dns"),
        "{found:?}"
    );
}

#[test]
fn every_lint_is_documented_once() {
    let mut ids: Vec<&str> = LINTS.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 8);
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/netpol.md"))
            .unwrap();
    for id in ids {
        assert!(
            docs.contains(&format!("| `{id}` |")),
            "docs/netpol.md does not list {id}"
        );
    }
}
