//! `pdb-selects-nothing`: a PodDisruptionBudget's selector matches no pod.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::selector_matching_nothing;
use crate::{Check, Context};

pub(crate) static CHECK: PdbSelectsNothing = PdbSelectsNothing;

pub(crate) struct PdbSelectsNothing;

static META: CheckMeta = CheckMeta {
    id: "pdb-selects-nothing",
    title: "PodDisruptionBudget selects no pods",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["PodDisruptionBudget"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a PodDisruptionBudget's `spec.selector` has requirements and no workload or Pod among \
               the scanned objects, in its namespace, has a pod template that satisfies it. Empty selectors are \
               not judged, and the check only fires when the scan includes at least one pod template.",
        why: "A budget that selects nothing protects nothing: the pods it was written for can all be evicted at \
              once by a node drain, while the budget gives the impression they are covered.",
        fix: "Make `spec.selector` match the labels of the workload's pod template.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: website}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n",
        references: &[
            "https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget",
        ],
    },
};

impl Check for PdbSelectsNothing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let pdb = ctx.object();
        if pdb.api_group() != "policy" {
            return;
        }
        if let Some(key) = selector_matching_nothing(ctx.inventory(), pdb, "selector") {
            ctx.report(
                key,
                "selector matches no pod template among the scanned objects in this namespace",
            );
        }
    }
}
