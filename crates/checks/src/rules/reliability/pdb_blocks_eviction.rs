//! `pdb-blocks-eviction`: a PodDisruptionBudget allows no voluntary eviction at all.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use kubeward_core::Selector;
use crate::util::workloads::{Amount, is_autoscaled, replicas};
use crate::{Check, Context};

pub(crate) static CHECK: PdbBlocksEviction = PdbBlocksEviction;

pub(crate) struct PdbBlocksEviction;

static META: CheckMeta = CheckMeta {
    id: "pdb-blocks-eviction",
    title: "PodDisruptionBudget allows no eviction",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["PodDisruptionBudget"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a PodDisruptionBudget sets `maxUnavailable` to `0` or `\"0%\"`, `minAvailable` to \
               `\"100%\"`, or an integer `minAvailable` at least the total replica count of the Deployments, \
               StatefulSets, ReplicaSets and ReplicationControllers it selects among the scanned objects (only \
               when all the selected pods come from such workloads with a fixed `replicas` and no autoscaler: \
               for autoscaled workloads see `pdb-min-available-above-hpa-min`).",
        why: "A budget that tolerates no disruption makes every node drain hang: cluster upgrades, node \
              autoscaler scale-downs and maintenance stall until someone deletes the budget or the pods by hand, \
              which then happens in a hurry and without the protection the budget was meant to give.",
        fix: "Allow at least one pod to be evicted: `maxUnavailable: 1`, or a `minAvailable` below the replica \
              count (and run enough replicas for that to be safe).",
        failing: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels: {app: web}\n",
        passing: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n",
        references: &[
            "https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions",
            "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",
        ],
    },
};

impl Check for PdbBlocksEviction {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let pdb = ctx.object();
        let Some(spec) = pdb.root().get("spec") else {
            return;
        };
        if let Some((key, value)) = spec.entry("maxUnavailable")
            && matches!(
                Amount::read(value),
                Some(Amount::Count(0) | Amount::Percent(0))
            )
        {
            ctx.report(
                key,
                "maxUnavailable 0 allows no voluntary eviction, so node drains hang",
            );
            return;
        }
        let Some((key, value)) = spec.entry("minAvailable") else {
            return;
        };
        let wanted = match Amount::read(value) {
            Some(Amount::Percent(p)) if p >= 100 => {
                ctx.report(
                    key,
                    "minAvailable 100% allows no voluntary eviction, so node drains hang",
                );
                return;
            }
            Some(Amount::Count(n)) if n > 0 => n,
            _ => return,
        };
        let Some(selector) = spec.get("selector").filter(|s| !s.is_empty()) else {
            return;
        };
        let selector = Selector::label_selector(selector);
        let inventory = ctx.inventory();
        let mut total = 0;
        for (workload, _) in inventory.templates_selected(pdb.id.namespace.as_deref(), &selector) {
            match replicas(workload) {
                Some(r) if !is_autoscaled(inventory, workload) => total += r.count,
                _ => return,
            }
        }
        if total > 0 && wanted >= total {
            ctx.report(
                key,
                format_args!(
                    "minAvailable {wanted} is not below the {total} replicas it selects, so it allows no voluntary \
                     eviction and node drains hang"
                ),
            );
        }
    }
}
