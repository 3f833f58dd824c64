//! `cpu-limit-far-above-request`: a container's CPU limit is many times its request.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::workloads::report_limit_ratio;
use crate::{Check, Context};

pub(crate) static CHECK: CpuLimitFarAboveRequest = CpuLimitFarAboveRequest;

pub(crate) struct CpuLimitFarAboveRequest;

static META: CheckMeta = CheckMeta {
    id: "cpu-limit-far-above-request",
    title: "Container CPU limit is far above its request",
    severity: Severity::Low,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a container or init container sets both `resources.requests.cpu` and \
               `resources.limits.cpu` and the limit is more than `limitRequestRatio.cpu` times the request \
               (default 4). Quantities are compared exactly as Kubernetes reads them (`100m`, `0.5`, `2`). Containers that \
               set only one of the two are left to the missing-request and missing-limit checks.",
        why: "The scheduler reserves only the request. A container allowed to burst far above it competes for \
              CPU that other pods were promised, so its own latency swings with its neighbours' load and it \
              looks healthy in testing but is throttled in a busy node.",
        fix: "Raise the request towards what the container really uses, or lower the limit; tune the threshold \
              with `limitRequestRatio.cpu` in `.kubeward.yaml`.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {cpu: 100m}\n            limits: {cpu: \"2\"}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {cpu: 500m}\n            limits: {cpu: \"2\"}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/policy/limit-range/",
        ],
    },
};

impl Check for CpuLimitFarAboveRequest {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ratio = ctx.settings().cpu_limit_request_ratio;
        report_limit_ratio(ctx, "cpu", "CPU", ratio);
    }
}
