//! `pdb-min-available-above-hpa-min`: a PodDisruptionBudget demands as many pods as the
//! autoscaler may scale down to.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use kubeward_core::Selector;
use crate::util::workloads::{Amount, hpa_min_replicas, hpas_of};
use crate::{Check, Context};

pub(crate) static CHECK: PdbMinAvailableAboveHpaMin = PdbMinAvailableAboveHpaMin;

pub(crate) struct PdbMinAvailableAboveHpaMin;

static META: CheckMeta = CheckMeta {
    id: "pdb-min-available-above-hpa-min",
    title: "PodDisruptionBudget minAvailable is not below the autoscaler's minimum",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["PodDisruptionBudget"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a PodDisruptionBudget with an integer `minAvailable` selects the pods of exactly one \
               workload among the scanned objects, a HorizontalPodAutoscaler scanned alongside scales that \
               workload, and `minAvailable` is at least the autoscaler's `minReplicas` (1 when unset). Budgets \
               selecting several workloads, percentages and `maxUnavailable` budgets are not judged.",
        why: "Whenever the autoscaler has scaled the workload down to its minimum, the budget allows no \
              eviction: node drains, upgrades and cluster-autoscaler scale-downs hang exactly when load is low \
              and they are most likely to run.",
        fix: "Keep `minAvailable` below the autoscaler's `minReplicas` (or use `maxUnavailable: 1`), or raise \
              `minReplicas`.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels: {app: web}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 3\n  maxReplicas: 10\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels: {app: web}\n",
        references: &[
            "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
            "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
        ],
    },
};

impl Check for PdbMinAvailableAboveHpaMin {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let pdb = ctx.object();
        let Some(spec) = pdb.root().get("spec") else {
            return;
        };
        let Some((key, value)) = spec.entry("minAvailable") else {
            return;
        };
        let Some(Amount::Count(wanted)) = Amount::read(value) else {
            return;
        };
        let Some(selector) = spec.get("selector").filter(|s| !s.is_empty()) else {
            return;
        };
        let selector = Selector::label_selector(selector);
        let inventory = ctx.inventory();
        let mut selected = inventory.templates_selected(pdb.id.namespace.as_deref(), &selector);
        let (Some((workload, _)), None) = (selected.next(), selected.next()) else {
            return;
        };
        let lowest = hpas_of(inventory, workload)
            .filter_map(|hpa| Some((hpa_min_replicas(hpa)?.0, hpa)))
            .min_by_key(|(min, _)| *min);
        if let Some((min, hpa)) = lowest
            && wanted >= min
        {
            let message = format_args!(
                "minAvailable {wanted} is not below minReplicas {min} of HorizontalPodAutoscaler {:?}, so no pod \
                 can be evicted while it runs at its minimum",
                hpa.id.name
            );
            ctx.report(key, message);
        }
    }
}
