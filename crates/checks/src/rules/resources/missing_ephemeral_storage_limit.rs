//! `missing-ephemeral-storage-limit`: a container sets no ephemeral-storage limit.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{DENIAL_OF_SERVICE, nsa};
use crate::util::general::{Bound, Resource, report_missing_resource};
use crate::{Check, Context};

pub(crate) static CHECK: MissingEphemeralStorageLimit = MissingEphemeralStorageLimit;

pub(crate) struct MissingEphemeralStorageLimit;

static META: CheckMeta = CheckMeta {
    id: "missing-ephemeral-storage-limit",
    title: "Container has no ephemeral-storage limit",
    severity: Severity::Low,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[DENIAL_OF_SERVICE],
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a container or init container sets no `resources.limits.ephemeral-storage`, unless \
               pod-level `spec.resources.limits` or the `default` of a Container LimitRange scanned in the same \
               namespace provides one. Ephemeral containers cannot have resources and are skipped.",
        why: "A container without an ephemeral-storage limit can fill its node's disk with logs, temporary files \
              or a runaway `emptyDir`; the node then comes under disk pressure and the kubelet evicts other pods \
              (and may stop admitting new ones). With a limit, only the offending pod is evicted.",
        fix: "Set `resources.limits.ephemeral-storage` (for example `2Gi`), and a `sizeLimit` on `emptyDir` \
              volumes.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 128Mi}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}\n            limits: {memory: 128Mi, ephemeral-storage: 2Gi}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage",
            "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/",
        ],
    },
};

impl Check for MissingEphemeralStorageLimit {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_resource(ctx, Resource::EphemeralStorage, Bound::Limit);
    }
}
