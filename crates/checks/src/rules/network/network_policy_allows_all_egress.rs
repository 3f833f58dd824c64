//! `network-policy-allows-all-egress`: a NetworkPolicy egress rule admits every destination on every port.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, INSTANCE_METADATA_API, nsa};
use crate::util::network::{Direction, report_allow_all};
use crate::{Check, Context};

pub(crate) static CHECK: NetworkPolicyAllowsAllEgress = NetworkPolicyAllowsAllEgress;

pub(crate) struct NetworkPolicyAllowsAllEgress;

static META: CheckMeta = CheckMeta {
    id: "network-policy-allows-all-egress",
    title: "NetworkPolicy allows all egress",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["NetworkPolicy"],
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING, INSTANCE_METADATA_API],
        nsa: &[nsa::NETWORK_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each egress rule of a `networking.k8s.io` NetworkPolicy that restricts neither peers nor ports: a rule with no `ports` (or an empty list) and either no `to` (or an empty list) or a `to` peer whose `ipBlock.cidr` is `0.0.0.0/0` or `::/0` without `except`. Rules are only judged when the policy has the `Egress` type (explicitly, or by the API server's default), since Kubernetes ignores them otherwise. Selector peers (`namespaceSelector: {}`) are not reported: they reach pods, not the whole network. An empty peer `{}` is rejected by the API server and not reported.",
        why: "A rule that allows everything undoes the isolation the policy creates for the pods it selects, usually by accident (a stray `- {}` or a missing `to`), and leaves them as reachable as if no policy existed.",
        fix: "Name the peers (`podSelector`, `namespaceSelector`, a narrow `ipBlock`) and the `ports` the pods really need. If a policy really means to open its pods to everything, say so with an exemption and its reason.",
        failing: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Egress]\n  egress:\n    - {}\n",
        passing: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector:\n            matchLabels: {app: api}\n      ports:\n        - {port: 8080, protocol: TCP}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-egress-traffic",
        ],
    },
};

impl Check for NetworkPolicyAllowsAllEgress {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_allow_all(ctx, Direction::Egress);
    }
}
