//! `namespace-without-resource-quota`: a scanned Namespace has no ResourceQuota among the scanned objects.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{DENIAL_OF_SERVICE, RESOURCE_HIJACKING, nsa};
use crate::util::workloads::report_namespace_without;
use crate::{Check, Context};

pub(crate) static CHECK: NamespaceWithoutResourceQuota = NamespaceWithoutResourceQuota;

pub(crate) struct NamespaceWithoutResourceQuota;

static META: CheckMeta = CheckMeta {
    id: "namespace-without-resource-quota",
    title: "Namespace has no ResourceQuota",
    severity: Severity::Low,
    category: Category::Efficiency,
    kinds: &["Namespace"],
    mappings: Mappings {
        mitre: &[RESOURCE_HIJACKING, DENIAL_OF_SERVICE],
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a Namespace object is scanned and no ResourceQuota in that namespace is among the scanned \
               objects. The namespaces Kubernetes manages itself (`kube-system`, `kube-public`, \
               `kube-node-lease`) are skipped. A ResourceQuota applied by other means (a platform team's policy \
               engine, a separate repository) is invisible to the scan: disable the check if that is how \
               yours are managed.",
        why: "Without a quota nothing bounds what the namespace's workloads, or an attacker or runaway controller \
              in it, can create: pods, CPU and memory requests, load balancers and volumes can grow until the \
              cluster is exhausted and other tenants' pods cannot be scheduled.",
        fix: "Add a ResourceQuota in the namespace bounding at least `requests.cpu`, `requests.memory`, \
              `limits.memory` and object counts such as `pods` and `services.loadbalancers`.",
        failing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        passing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: shop\nspec:\n  hard:\n    requests.cpu: \"20\"\n    requests.memory: 64Gi\n    pods: \"200\"\n",
        references: &["https://kubernetes.io/docs/concepts/policy/resource-quotas/"],
    },
};

impl Check for NamespaceWithoutResourceQuota {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_namespace_without(ctx, "ResourceQuota");
    }
}
