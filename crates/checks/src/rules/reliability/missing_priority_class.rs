//! `missing-priority-class`: a long-running workload sets no `priorityClassName`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{LONG_RUNNING_KINDS, key_or};
use crate::util::workloads::is_owned;
use crate::{Check, Context};

pub(crate) static CHECK: MissingPriorityClass = MissingPriorityClass;

pub(crate) struct MissingPriorityClass;

static META: CheckMeta = CheckMeta {
    id: "missing-priority-class",
    title: "Workload sets no priority class",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: LONG_RUNNING_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when the pod template of a long-running workload (Deployment, StatefulSet, DaemonSet, \
               ReplicaSet, ReplicationController, or a Pod no controller owns) sets no `priorityClassName`. Does \
               not fire when the scan contains a PriorityClass with `globalDefault: true`, which gives such pods \
               a priority anyway. Jobs and CronJobs are not judged.",
        why: "Pods without a priority class all get the default priority (0): when a node runs short, the \
              scheduler cannot tell a critical service from a batch job, evicts and preempts them alike, and a \
              full cluster may keep the important pods pending.",
        fix: "Define PriorityClasses for your tiers and set `priorityClassName` on each workload's pod template \
              (or make one PriorityClass the `globalDefault`).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      priorityClassName: business-critical\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
        ],
    },
};

impl Check for MissingPriorityClass {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let (Some(template), Some(spec)) =
            (workload::pod_template(object), workload::pod_spec(object))
        else {
            return;
        };
        if is_owned(object)
            || spec
                .get_str("priorityClassName")
                .is_some_and(|p| !p.is_empty())
        {
            return;
        }
        let has_default = ctx
            .inventory()
            .of_kind("PriorityClass")
            .any(|class| class.root().get_bool("globalDefault") == Some(true));
        if !has_default {
            ctx.report(
                key_or(template, "spec"),
                "pod template sets no priorityClassName, so its pods get the default priority",
            );
        }
    }
}
