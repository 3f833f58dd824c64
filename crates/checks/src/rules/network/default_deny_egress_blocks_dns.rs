//! `default-deny-egress-blocks-dns`: pods are isolated for egress and no NetworkPolicy in their
//! namespace lets them reach DNS.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::nsa;
use crate::util::network::{Direction, Policy, egress_rule_allows_dns, policies_in};
use crate::{Check, Context};

pub(crate) static CHECK: DefaultDenyEgressBlocksDns = DefaultDenyEgressBlocksDns;

pub(crate) struct DefaultDenyEgressBlocksDns;

static META: CheckMeta = CheckMeta {
    id: "default-deny-egress-blocks-dns",
    title: "Egress NetworkPolicies block DNS",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["NetworkPolicy"],
    mappings: Mappings {
        nsa: &[nsa::NETWORK_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on a `networking.k8s.io` NetworkPolicy that isolates its pods for egress (the `Egress` type, \
               listed or implied by egress rules) when no policy scanned in the same namespace has an egress rule \
               that may let pods reach a DNS server. An egress rule counts when its `ports` admit port 53 (a \
               `port` of 53, a range containing it, a port named `dns`, `dns-tcp` or `dns-udp`, or an entry with \
               no `port`), whatever its destinations; or when it has no `ports` and its destinations are not only \
               pods of the policy's own namespace (no `to`, a `namespaceSelector` or an `ipBlock` all count). \
               TCP and UDP are not told apart. Egress allowed by other means (a CNI's own policy kinds, a policy \
               in another repository) is invisible to the scan.",
        why: "Egress isolation blocks everything not explicitly allowed, including the queries pods send to \
              CoreDNS. The pods then fail every name lookup: connections to Services by name time out and the \
              application is down, although the policy was meant only to limit where it may connect.",
        fix: "Add an egress rule allowing UDP and TCP port 53, ideally to the cluster DNS pods only \
              (`namespaceSelector` matching `kubernetes.io/metadata.name: kube-system` and `podSelector` matching \
              `k8s-app: kube-dns`), to a policy that selects the same pods.",
        failing: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-egress\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector:\n            matchLabels: {app: db}\n      ports:\n        - {port: 5432, protocol: TCP}\n",
        passing: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-egress\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector:\n            matchLabels: {app: db}\n      ports:\n        - {port: 5432, protocol: TCP}\n    - to:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: kube-system}\n          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n      ports:\n        - {port: 53, protocol: UDP}\n        - {port: 53, protocol: TCP}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic",
            "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/",
        ],
    },
};

impl Check for DefaultDenyEgressBlocksDns {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(policy) = Policy::read(ctx.object()) else {
            return;
        };
        if !policy.isolates(Direction::Egress) {
            return;
        }
        let namespace = policy.object.id.namespace.as_deref();
        let dns_allowed = policies_in(ctx.inventory(), namespace).iter().any(|other| {
            other
                .rules(Direction::Egress)
                .any(|rule| egress_rule_allows_dns(rule, namespace))
        });
        if !dns_allowed {
            ctx.report(
                policy.type_location(Direction::Egress),
                "isolates pods for egress but no NetworkPolicy in this namespace allows DNS (port 53), so name lookups fail",
            );
        }
    }
}
