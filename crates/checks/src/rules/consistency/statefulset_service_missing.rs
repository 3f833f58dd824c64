//! `statefulset-service-missing`: a StatefulSet's governing Service is not in the scan.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::statefulset_service;
use crate::{Check, Context};

pub(crate) static CHECK: StatefulsetServiceMissing = StatefulsetServiceMissing;

pub(crate) struct StatefulsetServiceMissing;

static META: CheckMeta = CheckMeta {
    id: "statefulset-service-missing",
    title: "StatefulSet's governing Service does not exist",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["StatefulSet"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a StatefulSet's `spec.serviceName` names a Service that is not among the scanned \
               Services in its namespace. Only fires when the scan contains at least one Service; StatefulSets \
               without `serviceName` are not judged.",
        why: "The governing Service gives each replica its stable DNS name (`web-0.web.ns.svc`). Without it \
              those names do not resolve, so peers cannot find each other: clustered databases fail to form a \
              quorum and clients configured with per-pod addresses cannot connect.",
        fix: "Create a headless Service (`clusterIP: None`) with that name selecting the StatefulSet's pods, or \
              correct `serviceName`.",
        failing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db-headless\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: registry.example.com/db:15}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n",
        passing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: registry.example.com/db:15}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id",
        ],
    },
};

impl Check for StatefulsetServiceMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some((key, name, service)) = statefulset_service(ctx.inventory(), ctx.object()) else {
            return;
        };
        if service.is_none() && ctx.inventory().of_kind("Service").next().is_some() {
            ctx.report(
                key,
                format_args!(
                    "governing Service {name:?} is not among the scanned Services in this namespace"
                ),
            );
        }
    }
}
