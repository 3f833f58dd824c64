//! `static-replicas-under-hpa`: a workload sets `replicas` while an autoscaler manages it.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::quoted;
use crate::util::workloads::{REPLICATED_KINDS, replicas};
use crate::{Check, Context};

pub(crate) static CHECK: StaticReplicasUnderHpa = StaticReplicasUnderHpa;

pub(crate) struct StaticReplicasUnderHpa;

static META: CheckMeta = CheckMeta {
    id: "static-replicas-under-hpa",
    title: "Autoscaled workload sets a static replica count",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: REPLICATED_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Deployment or StatefulSet sets `spec.replicas` while a HorizontalPodAutoscaler or \
               KEDA ScaledObject scanned alongside scales it. Workloads that leave `replicas` unset do not fire.",
        why: "Every `kubectl apply` (or GitOps sync) writes the manifest's `replicas` back, resetting whatever the \
              autoscaler chose: a deployment during a traffic peak scales the workload down to the static count \
              until the autoscaler catches up, and GitOps tools report endless drift.",
        fix: "Remove `spec.replicas` from the manifest and let the autoscaler own it (when migrating a live \
              object, follow the documented steps so the removal does not scale it to 1).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n",
        references: &[
            "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling",
        ],
    },
};

impl Check for StaticReplicasUnderHpa {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(field) = replicas(object).and_then(|r| r.field) else {
            return;
        };
        let Some(scaler) = ctx.inventory().autoscalers_of(object).next() else {
            return;
        };
        let message = format_args!(
            "replicas is set while {} {} scales this {}: every apply resets the autoscaler's choice",
            scaler.kind(),
            quoted(&scaler.id.name),
            object.kind()
        );
        ctx.report(field, message);
    }
}
