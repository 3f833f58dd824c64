//! `network-policy-selects-nothing`: a NetworkPolicy's pod selector matches no pod.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::nsa;
use crate::util::workloads::selector_matching_nothing;
use crate::{Check, Context};

pub(crate) static CHECK: NetworkPolicySelectsNothing = NetworkPolicySelectsNothing;

pub(crate) struct NetworkPolicySelectsNothing;

static META: CheckMeta = CheckMeta {
    id: "network-policy-selects-nothing",
    title: "NetworkPolicy selects no pods",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["NetworkPolicy"],
    mappings: Mappings {
        nsa: &[nsa::NETWORK_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a NetworkPolicy's `spec.podSelector` has requirements and no workload or Pod among the \
               scanned objects, in the policy's namespace, has a pod template that satisfies it. An empty \
               `podSelector` (every pod of the namespace) is not judged, and the check only fires when the scan \
               includes at least one pod template.",
        why: "A policy that selects nothing isolates nothing: the pods it was written for accept and send \
              traffic as if it did not exist. The usual cause is a label typo or a label changed on the \
              workload only, and nothing in Kubernetes reports it.",
        fix: "Make `podSelector` match the labels of the pods the policy is meant to protect.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: registry.example.com/db:15}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-ingress\nspec:\n  podSelector:\n    matchLabels: {app: database}\n  policyTypes: [Ingress]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: registry.example.com/db:15}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-ingress\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource",
        ],
    },
};

impl Check for NetworkPolicySelectsNothing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let policy = ctx.object();
        if policy.api_group() != "networking.k8s.io" {
            return;
        }
        if let Some(key) = selector_matching_nothing(ctx.inventory(), policy, "podSelector") {
            ctx.report(
                key,
                "podSelector matches no pod template among the scanned objects in this namespace",
            );
        }
    }
}
