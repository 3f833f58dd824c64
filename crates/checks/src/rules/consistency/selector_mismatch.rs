//! `selector-mismatch`: a workload's selector does not select its own pod template.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};
use kubeward_yaml::Kind;

use kubeward_core::Selector;
use crate::{Check, Context};

pub(crate) static CHECK: SelectorMismatch = SelectorMismatch;

pub(crate) struct SelectorMismatch;

static META: CheckMeta = CheckMeta {
    id: "selector-mismatch",
    title: "Workload selector does not match its pod template",
    severity: Severity::High,
    category: Category::Reliability,
    kinds: &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when `spec.selector` of a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController \
               or Job (with a hand-written selector) does not select the labels of its own `spec.template`, or when \
               the selector is empty where Kubernetes requires one.",
        why: "The API server rejects such a workload (`selector does not match template labels`), so the deployment \
              fails at apply time; catching it in CI saves a broken rollout. An empty selector would select every \
              pod in the namespace.",
        fix: "Copy the pod template's identifying labels into `spec.selector.matchLabels` (or, for a \
              ReplicationController, `spec.selector`), and keep them in step when either changes.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: website}\n    spec:\n      containers: [{name: web, image: nginx}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx}]\n",
        references: &["https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector"],
    },
};

impl Check for SelectorMismatch {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(spec) = object.root().get("spec") else { return };
        let Some((field, selector)) = spec.entry("selector") else { return };
        let Some(template) = workload::pod_template(object) else { return };
        let labels = template.get_path(&["metadata", "labels"]);
        // ReplicationControllers use a plain map; the others a LabelSelector.
        let parsed = if object.kind() == "ReplicationController" {
            Selector::map(Some(selector))
        } else {
            Selector::label_selector(selector)
        };
        if selector.kind() != Kind::Map || parsed.is_empty() {
            ctx.report(field, "selector is empty, so it would select every pod in the namespace");
        } else if !parsed.matches(labels) {
            ctx.report(field, "selector does not match the pod template's labels; the API server rejects this");
        }
    }
}
