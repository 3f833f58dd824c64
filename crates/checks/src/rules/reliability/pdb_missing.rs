//! `pdb-missing`: a replicated workload has no PodDisruptionBudget while the scan uses them.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::metadata_field;
use crate::util::workloads::{REPLICATED_KINDS, is_replicated};
use crate::{Check, Context};

pub(crate) static CHECK: PdbMissing = PdbMissing;

pub(crate) struct PdbMissing;

static META: CheckMeta = CheckMeta {
    id: "pdb-missing",
    title: "Replicated workload has no PodDisruptionBudget",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: REPLICATED_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Deployment or StatefulSet runs two or more replicas (or is scaled by an autoscaler \
               scanned alongside) and no PodDisruptionBudget in its namespace selects its pod template's labels. \
               Only fires when the scan contains at least one PodDisruptionBudget: a scan without any says \
               nothing about budgets managed elsewhere, while a scan that has some shows that budgets are part \
               of these manifests and this workload was missed.",
        why: "Without a budget, a node drain (cluster upgrade, autoscaler scale-down) may evict every replica at \
              once; the replicas then restart together and the service is down in the meantime.",
        fix: "Add a PodDisruptionBudget selecting the workload's pods with `maxUnavailable: 1` (or a \
              `minAvailable` below the replica count).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: api}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",
            "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
        ],
    },
};

impl Check for PdbMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let inventory = ctx.inventory();
        if inventory.of_kind("PodDisruptionBudget").next().is_none()
            || !is_replicated(inventory, object)
        {
            return;
        }
        let Some(template) = workload::pod_template(object) else {
            return;
        };
        let labels = template.get_path(&["metadata", "labels"]);
        if inventory
            .budgets_selecting(object.id.namespace.as_deref(), labels)
            .next()
            .is_some()
        {
            return;
        }
        let message = format_args!(
            "no PodDisruptionBudget selects this {}'s pods, so a node drain may evict every replica at once",
            object.kind()
        );
        ctx.report(metadata_field(object, "name"), message);
    }
}
