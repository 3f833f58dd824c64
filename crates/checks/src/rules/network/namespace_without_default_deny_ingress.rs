//! `namespace-without-default-deny-ingress`: a scanned Namespace has no NetworkPolicy isolating
//! all its pods for ingress.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, NETWORK_MAPPING, nsa};
use crate::util::network::{Direction, report_missing_default_deny};
use crate::{Check, Context};

pub(crate) static CHECK: NamespaceWithoutDefaultDenyIngress = NamespaceWithoutDefaultDenyIngress;

pub(crate) struct NamespaceWithoutDefaultDenyIngress;

static META: CheckMeta = CheckMeta {
    id: "namespace-without-default-deny-ingress",
    title: "Namespace has no default-deny ingress NetworkPolicy",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["Namespace"],
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING, NETWORK_MAPPING],
        nsa: &[nsa::NETWORK_POLICIES],
        cis: &["5.3.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a Namespace object is scanned and no `networking.k8s.io` NetworkPolicy scanned in it \
               selects every pod (empty `podSelector`), has the `Ingress` policy type (given explicitly, or by \
               default when `policyTypes` is empty) and has no ingress rule open to every source on every port. \
               Such a policy may still allow some traffic (say, from the same namespace): what matters is that \
               every pod is isolated and anything not allowed is denied. `kube-system`, `kube-public` and \
               `kube-node-lease` are skipped. Policies applied by other means (another repository, a CNI's own \
               policy kinds) are invisible to the scan.",
        why: "Without a default-deny policy, any pod that no other policy selects (a new workload, a label typo) \
              accepts connections from every pod in the cluster, so a single compromised pod can reach it.",
        fix: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` and no ingress rules, then \
              allow the traffic each workload needs with narrower policies.",
        failing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        passing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic",
        ],
    },
};

impl Check for NamespaceWithoutDefaultDenyIngress {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_default_deny(ctx, Direction::Ingress);
    }
}
