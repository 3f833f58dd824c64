//! `hpa-missing-target`: a HorizontalPodAutoscaler scales a workload that is not in the scan.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::SCALABLE_KINDS;
use crate::{Check, Context};

pub(crate) static CHECK: HpaMissingTarget = HpaMissingTarget;

pub(crate) struct HpaMissingTarget;

static META: CheckMeta = CheckMeta {
    id: "hpa-missing-target",
    title: "Autoscaler targets a workload that does not exist",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["HorizontalPodAutoscaler"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a HorizontalPodAutoscaler's `scaleTargetRef` names a Deployment, StatefulSet, ReplicaSet \
               or ReplicationController (or an object of a custom kind that the scan contains others of) that is \
               not among the scanned objects in the HPA's namespace. Only fires when the scan includes at least \
               one workload, so scanning an HPA on its own stays quiet.",
        why: "An autoscaler whose target does not exist does nothing: the workload it was meant to protect runs \
              at its static replica count and falls over under load. The usual cause is a renamed workload or a \
              typo in the kind or name.",
        fix: "Make `scaleTargetRef.kind` and `scaleTargetRef.name` name the workload exactly (same namespace as \
              the autoscaler).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: webb}\n  minReplicas: 2\n  maxReplicas: 10\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n",
        references: &["https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"],
    },
};

impl Check for HpaMissingTarget {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let hpa = ctx.object();
        let inventory = ctx.inventory();
        if hpa.api_group() != "autoscaling" || !inventory.has_pod_templates() {
            return;
        }
        let Some(target) = hpa.root().get_path(&["spec", "scaleTargetRef"]) else {
            return;
        };
        let (Some(kind), Some((name_key, name))) = (
            target.get_str("kind"),
            target
                .entry("name")
                .and_then(|(k, v)| Some((k, v.as_str()?))),
        ) else {
            return;
        };
        if !SCALABLE_KINDS.contains(&kind) && inventory.of_kind(kind).next().is_none() {
            return;
        }
        if inventory
            .find(kind, hpa.id.namespace.as_deref(), name)
            .is_none()
        {
            ctx.report(name_key, format_args!("scale target {kind} {name:?} is not among the scanned objects in this namespace"));
        }
    }
}
