//! `missing-memory-request`: a container sets neither a memory request nor a memory limit.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{Bound, Resource, report_missing_resource};
use crate::frameworks::nsa;
use crate::{Check, Context};

pub(crate) static CHECK: MissingMemoryRequest = MissingMemoryRequest;

pub(crate) struct MissingMemoryRequest;

static META: CheckMeta = CheckMeta {
    id: "missing-memory-request",
    title: "Container has no memory request",
    severity: Severity::Medium,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Looks at `resources.requests.memory` of every container and init container (ephemeral containers \
               cannot have resources) and fires where it is unset, unless something else supplies it: the \
               container's memory limit (Kubernetes copies it into the request), pod-level `spec.resources`, or \
               a Container LimitRange `default`/`defaultRequest` in the same namespace among the scanned files.",
        why: "The scheduler reserves memory by requests only. Without one, pods are packed onto nodes that do not \
              have the memory they use; under memory pressure the kubelet evicts pods that use more than they \
              requested first, so this container is among the first to be killed.",
        fix: "Set `resources.requests.memory` to the container's steady-state usage (for example `256Mi`), \
              measured from real load.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      resources:\n        requests:\n          cpu: 250m\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      resources:\n        requests:\n          cpu: 250m\n          memory: 256Mi\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/",
        ],
    },
};

impl Check for MissingMemoryRequest {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_resource(ctx, Resource::Memory, Bound::Request);
    }
}
