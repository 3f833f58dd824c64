//! `missing-memory-limit`: a container sets no memory limit.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{Bound, Resource, report_missing_resource};
use crate::frameworks::{DENIAL_OF_SERVICE, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: MissingMemoryLimit = MissingMemoryLimit;

pub(crate) struct MissingMemoryLimit;

static META: CheckMeta = CheckMeta {
    id: "missing-memory-limit",
    title: "Container has no memory limit",
    severity: Severity::Medium,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[DENIAL_OF_SERVICE],
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Looks at `resources.limits.memory` of every container and init container (ephemeral containers \
               cannot have resources) and fires where it is unset. A pod-level `spec.resources.limits.memory`, or \
               a Container LimitRange `default` in the same namespace among the scanned files, satisfies it.",
        why: "Memory cannot be throttled, only reclaimed by killing. A container without a memory limit that leaks \
              or spikes takes memory from every pod on its node until the kernel's OOM killer or the kubelet's \
              eviction picks victims, often other workloads; one bad deployment becomes a node-wide outage.",
        fix: "Set `resources.limits.memory` somewhat above the container's peak usage (for example `512Mi`).",
        failing: "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: registry.example.com/agent:3.1\n          resources:\n            requests:\n              memory: 128Mi\n",
        passing: "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: registry.example.com/agent:3.1\n          resources:\n            requests:\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/",
        ],
    },
};

impl Check for MissingMemoryLimit {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_resource(ctx, Resource::Memory, Bound::Limit);
    }
}
