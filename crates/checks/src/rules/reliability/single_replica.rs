//! `single-replica`: a Deployment or StatefulSet runs fewer replicas than the configured minimum.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::key_or;
use crate::util::workloads::{REPLICATED_KINDS, is_autoscaled, replicas};
use crate::{Check, Context};

pub(crate) static CHECK: SingleReplica = SingleReplica;

pub(crate) struct SingleReplica;

static META: CheckMeta = CheckMeta {
    id: "single-replica",
    title: "Workload runs too few replicas",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: REPLICATED_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Deployment or StatefulSet sets `spec.replicas` below the `minReplicas` setting \
               (default 2), or leaves it unset so that Kubernetes runs one replica and `minReplicas` is above 1. \
               Does not fire when an autoscaler (HorizontalPodAutoscaler, KEDA ScaledObject) scanned alongside \
               scales the workload, nor for `replicas: 0` (deliberately stopped). DaemonSets, Jobs and CronJobs \
               have no replica count to judge.",
        why: "With one replica every node drain, eviction, crash or rollout of a StatefulSet is an outage: \
              there is no other pod to serve while the only one is rescheduled.",
        fix: "Set `spec.replicas` to at least 2 (and spread the replicas across nodes), or let a \
              HorizontalPodAutoscaler with `minReplicas: 2` manage the count. Raise or lower the threshold with \
              `minReplicas` in `.kubeward.yaml`.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas",
            "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
        ],
    },
};

impl Check for SingleReplica {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(replicas) = replicas(object) else {
            return;
        };
        let minimum = i64::from(ctx.settings().min_replicas);
        if replicas.count == 0
            || replicas.count >= minimum
            || is_autoscaled(ctx.inventory(), object)
        {
            return;
        }
        let (at, how) = match replicas.field {
            Some(field) => (field, "runs"),
            None => (
                key_or(object.root(), "spec"),
                "sets no replicas, so it runs",
            ),
        };
        let message = format_args!(
            "this {} {how} {} replica{}, fewer than {minimum}: any eviction or crash is an outage",
            object.kind(),
            replicas.count,
            if replicas.count == 1 { "" } else { "s" }
        );
        ctx.report(at, message);
    }
}
