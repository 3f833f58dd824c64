//! `missing-recommended-labels`: a workload lacks the recommended `app.kubernetes.io/name` label.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::metadata_field;
use crate::util::workloads::is_owned;
use crate::{Check, Context};

pub(crate) static CHECK: MissingRecommendedLabels = MissingRecommendedLabels;

pub(crate) struct MissingRecommendedLabels;

static META: CheckMeta = CheckMeta {
    id: "missing-recommended-labels",
    title: "Workload lacks the recommended application labels",
    severity: Severity::Info,
    category: Category::Hygiene,
    kinds: &[
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
        "ReplicationController",
        "Pod",
        "Job",
        "CronJob",
    ],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a workload that no other object owns (owned Pods, ReplicaSets and Jobs are reported on their owner) lacks `app.kubernetes.io/name` or \
               `app.kubernetes.io/instance` in `metadata.labels`. Only these two of Kubernetes' recommended \
               labels are required: they identify the application and the installation of it; `version`, \
               `component`, `part-of` and `managed-by` are useful but not judged. Use `requiredLabels` to demand \
               more.",
        why: "Dashboards, cost reports, `kubectl` queries and tools such as Helm and Argo CD group objects by \
              these labels; a workload without them is hard to find, attribute and clean up.",
        fix: "Add `app.kubernetes.io/name` (the application, e.g. `postgresql`) and `app.kubernetes.io/instance` \
              (this installation, e.g. `orders-db`).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\n    app.kubernetes.io/instance: web-prod\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
        ],
    },
};

const RECOMMENDED: &[&str] = &["app.kubernetes.io/name", "app.kubernetes.io/instance"];

impl Check for MissingRecommendedLabels {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        if is_owned(object) {
            return;
        }
        let labels = object.labels();
        let missing: Vec<String> = RECOMMENDED
            .iter()
            .filter(|label| labels.and_then(|l| l.get(label)).is_none())
            .map(|label| format!("{label:?}"))
            .collect();
        if !missing.is_empty() {
            let noun = if missing.len() == 1 {
                "label"
            } else {
                "labels"
            };
            ctx.report(
                metadata_field(object, "labels"),
                format_args!("missing recommended {noun} {}", missing.join(", ")),
            );
        }
    }
}
