//! `namespace-without-default-deny-egress`: a scanned Namespace has no NetworkPolicy isolating
//! all its pods for egress.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, INSTANCE_METADATA_API, nsa};
use crate::util::network::{Direction, report_missing_default_deny};
use crate::{Check, Context};

pub(crate) static CHECK: NamespaceWithoutDefaultDenyEgress = NamespaceWithoutDefaultDenyEgress;

pub(crate) struct NamespaceWithoutDefaultDenyEgress;

static META: CheckMeta = CheckMeta {
    id: "namespace-without-default-deny-egress",
    title: "Namespace has no default-deny egress NetworkPolicy",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["Namespace"],
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING, INSTANCE_METADATA_API],
        nsa: &[nsa::NETWORK_POLICIES],
        cis: &["5.3.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a Namespace object is scanned and no `networking.k8s.io` NetworkPolicy scanned in it \
               selects every pod (empty `podSelector`), has the `Egress` policy type (listed in `policyTypes`, or \
               implied by egress rules when `policyTypes` is empty) and has no egress rule open to every \
               destination on every port. Such a policy may still allow some traffic (DNS, say). `kube-system`, \
               `kube-public` and `kube-node-lease` are skipped. Policies applied by other means are invisible to \
               the scan.",
        why: "Without egress isolation a compromised pod can reach every other pod, the cloud instance metadata \
              endpoint and the internet: it can scan the cluster, steal node credentials and exfiltrate data.",
        fix: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Egress]` whose only rule allows DNS, \
              then allow the destinations each workload needs with narrower policies.",
        failing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        passing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - {port: 53, protocol: UDP}\n        - {port: 53, protocol: TCP}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic",
        ],
    },
};

impl Check for NamespaceWithoutDefaultDenyEgress {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_default_deny(ctx, Direction::Egress);
    }
}
