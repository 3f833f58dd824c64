//! `missing-cpu-request`: a container sets neither a CPU request nor a CPU limit.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{Bound, Resource, report_missing_resource};
use crate::frameworks::nsa;
use crate::{Check, Context};

pub(crate) static CHECK: MissingCpuRequest = MissingCpuRequest;

pub(crate) struct MissingCpuRequest;

static META: CheckMeta = CheckMeta {
    id: "missing-cpu-request",
    title: "Container has no CPU request",
    severity: Severity::Medium,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a container or init container sets no `resources.requests.cpu`. A CPU limit counts as a \
               request (Kubernetes copies the limit into the missing request), and so do pod-level \
               `spec.resources` and a `default`/`defaultRequest` of a Container LimitRange scanned in the same \
               namespace. Ephemeral containers cannot have resources and are skipped.",
        why: "The scheduler places pods by their requests. A container without a CPU request counts as needing \
              nothing: pods get packed onto nodes that cannot run them, the pod lands in the BestEffort or \
              Burstable QoS class and is starved of CPU (and evicted first) when the node is busy.",
        fix: "Set `resources.requests.cpu` to what the container needs under normal load (`100m` is a tenth of a \
              core); measure actual usage to size it.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests:\n              memory: 256Mi\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests:\n              cpu: 250m\n              memory: 256Mi\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/",
        ],
    },
};

impl Check for MissingCpuRequest {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_resource(ctx, Resource::Cpu, Bound::Request);
    }
}
