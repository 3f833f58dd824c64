//! `missing-ephemeral-storage-request`: a container sets no ephemeral-storage request.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{DENIAL_OF_SERVICE, nsa};
use crate::util::general::{Bound, Resource, report_missing_resource};
use crate::{Check, Context};

pub(crate) static CHECK: MissingEphemeralStorageRequest = MissingEphemeralStorageRequest;

pub(crate) struct MissingEphemeralStorageRequest;

static META: CheckMeta = CheckMeta {
    id: "missing-ephemeral-storage-request",
    title: "Container has no ephemeral-storage request",
    severity: Severity::Info,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[DENIAL_OF_SERVICE],
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a container or init container sets no `resources.requests.ephemeral-storage` and no \
               limit it would default from, unless pod-level `spec.resources` or the `defaultRequest`/`default` \
               of a Container LimitRange scanned in the same namespace provides one. Ephemeral containers cannot \
               have resources and are skipped.",
        why: "The scheduler places pods by their requests; without an ephemeral-storage request it assumes the \
              container writes nothing to its node's disk (logs, `emptyDir`, the writable layer), packs pods onto \
              nodes whose disks then fill, and the kubelet starts evicting pods under disk pressure.",
        fix: "Set `resources.requests.ephemeral-storage` to the disk space the container typically uses (for \
              example `1Gi`).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 128Mi}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          resources:\n            requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}\n            limits: {memory: 128Mi, ephemeral-storage: 2Gi}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage",
            "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/",
        ],
    },
};

impl Check for MissingEphemeralStorageRequest {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_resource(ctx, Resource::EphemeralStorage, Bound::Request);
    }
}
