//! `missing-cpu-limit`: a container sets no CPU limit.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{Bound, Resource, report_missing_resource};
use crate::frameworks::{RESOURCE_HIJACKING, DENIAL_OF_SERVICE, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: MissingCpuLimit = MissingCpuLimit;

pub(crate) struct MissingCpuLimit;

static META: CheckMeta = CheckMeta {
    id: "missing-cpu-limit",
    title: "Container has no CPU limit",
    severity: Severity::Low,
    category: Category::Efficiency,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[RESOURCE_HIJACKING, DENIAL_OF_SERVICE],
        nsa: &[nsa::RESOURCE_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a container or init container sets no `resources.limits.cpu`, unless pod-level \
               `spec.resources.limits.cpu` or the `default` of a Container LimitRange scanned in the same \
               namespace provides one. Ephemeral containers cannot have resources and are skipped.",
        why: "A container without a CPU limit may use every idle core of its node; a busy loop or a load spike then \
              slows its neighbours, and its usage cannot be predicted or charged back. CPU limits also throttle \
              latency-sensitive services, which is why this check is only low severity: many teams rely on \
              requests alone and disable it.",
        fix: "Set `resources.limits.cpu` (for example `1` or `500m`), or disable this check if your clusters \
              deliberately run without CPU limits.",
        failing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: registry.example.com/db:15\n          resources:\n            requests:\n              cpu: 500m\n",
        passing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: registry.example.com/db:15\n          resources:\n            requests:\n              cpu: 500m\n            limits:\n              cpu: \"2\"\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/cpu-default-namespace/",
        ],
    },
};

impl Check for MissingCpuLimit {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_resource(ctx, Resource::Cpu, Bound::Limit);
    }
}
