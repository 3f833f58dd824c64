//! `statefulset-service-not-headless`: a StatefulSet's governing Service has a cluster IP.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::quoted;
use crate::util::workloads::statefulset_service;
use crate::{Check, Context};

pub(crate) static CHECK: StatefulsetServiceNotHeadless = StatefulsetServiceNotHeadless;

pub(crate) struct StatefulsetServiceNotHeadless;

static META: CheckMeta = CheckMeta {
    id: "statefulset-service-not-headless",
    title: "StatefulSet's governing Service is not headless",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["StatefulSet"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when the Service that a StatefulSet's `spec.serviceName` names is among the scanned objects \
               (same namespace) and its `spec.clusterIP` is not `None`, i.e. it is a normal load-balanced \
               Service. Missing Services are left to `statefulset-service-missing`.",
        why: "Per-pod DNS records (`db-0.db.ns.svc`) are only published for a headless Service. With a cluster \
              IP those names do not resolve, so replicas that address each other individually (database \
              replication, quorum members) cannot find their peers.",
        fix: "Set `clusterIP: None` on the governing Service (create a separate normal Service for clients if \
              they need a load-balanced address). `clusterIP` cannot be changed in place: recreate the Service.",
        failing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: registry.example.com/db:15}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector: {app: db}\n  ports: [{port: 5432}]\n",
        passing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: registry.example.com/db:15}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#limitations",
            "https://kubernetes.io/docs/concepts/services-networking/service/#headless-services",
        ],
    },
};

impl Check for StatefulsetServiceNotHeadless {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some((key, name, Some(service))) = statefulset_service(ctx.inventory(), ctx.object())
        else {
            return;
        };
        let cluster_ip = service
            .root()
            .get_path(&["spec", "clusterIP"])
            .and_then(|ip| ip.as_str());
        if cluster_ip != Some("None") {
            ctx.report(key, format_args!("governing Service {} is not headless (clusterIP is not None), so pods get no stable DNS names", quoted(name)));
        }
    }
}
