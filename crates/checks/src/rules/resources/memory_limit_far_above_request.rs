//! `memory-limit-far-above-request`: a container's memory limit is many times its request.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::workloads::report_limit_ratio;
use crate::{Check, Context};

pub(crate) static CHECK: MemoryLimitFarAboveRequest = MemoryLimitFarAboveRequest;

pub(crate) struct MemoryLimitFarAboveRequest;

static META: CheckMeta = CheckMeta {
    id: "memory-limit-far-above-request",
    title: "Container memory limit is far above its request",
    severity: Severity::Low,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a container or init container sets both `resources.requests.memory` and \
               `resources.limits.memory` and the limit is more than `limitRequestRatio.memory` times the request \
               (default 2). Quantities are compared exactly as Kubernetes reads them (`256Mi`, `1Gi`, `1e9`). Containers that \
               set only one of the two are left to the missing-request and missing-limit checks.",
        why: "Memory cannot be throttled. When containers on a node use memory far above their requests, the node \
              runs out, and the kernel or kubelet kills or evicts pods, starting with those above their \
              requests: the workload is OOM-killed under load although it never exceeded its own limit.",
        fix: "Raise the request towards what the container really uses, or lower the limit; tune the threshold \
              with `limitRequestRatio.memory` in `.kubeward.yaml`.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {memory: 256Mi}\n            limits: {memory: 2Gi}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {memory: 1Gi}\n            limits: {memory: 1536Mi}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/policy/limit-range/",
        ],
    },
};

impl Check for MemoryLimitFarAboveRequest {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ratio = ctx.settings().memory_limit_request_ratio;
        report_limit_ratio(ctx, "memory", "memory", ratio);
    }
}
