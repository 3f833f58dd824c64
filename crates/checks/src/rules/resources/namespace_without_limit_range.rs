//! `namespace-without-limit-range`: a scanned Namespace has no LimitRange among the scanned objects.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{DENIAL_OF_SERVICE, RESOURCE_HIJACKING, nsa};
use crate::util::workloads::report_namespace_without;
use crate::{Check, Context};

pub(crate) static CHECK: NamespaceWithoutLimitRange = NamespaceWithoutLimitRange;

pub(crate) struct NamespaceWithoutLimitRange;

static META: CheckMeta = CheckMeta {
    id: "namespace-without-limit-range",
    title: "Namespace has no LimitRange",
    severity: Severity::Low,
    category: Category::Efficiency,
    kinds: &["Namespace"],
    mappings: Mappings {
        mitre: &[RESOURCE_HIJACKING, DENIAL_OF_SERVICE],
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a Namespace object is scanned and no LimitRange in that namespace is among the scanned \
               objects. The namespaces Kubernetes manages itself (`kube-system`, `kube-public`, \
               `kube-node-lease`) are skipped. A LimitRange applied by other means (a platform team's policy \
               engine, a separate repository) is invisible to the scan: disable the check if that is how \
               yours are managed.",
        why: "A LimitRange gives containers that set no requests or limits sensible defaults and caps what a single \
              container may ask for. Without one, pods that forget their resources run unbounded (or, under a \
              ResourceQuota, are rejected outright), and one pod may request a whole node.",
        fix: "Add a LimitRange of `type: Container` in the namespace with `defaultRequest`, `default` and `max` for \
              CPU and memory.",
        failing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        passing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: shop\nspec:\n  limits:\n    - type: Container\n      defaultRequest: {cpu: 100m, memory: 128Mi}\n      default: {memory: 512Mi}\n",
        references: &["https://kubernetes.io/docs/concepts/policy/limit-range/"],
    },
};

impl Check for NamespaceWithoutLimitRange {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_namespace_without(ctx, "LimitRange");
    }
}
