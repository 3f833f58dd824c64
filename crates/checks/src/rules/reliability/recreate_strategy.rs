//! `recreate-strategy`: a replicated Deployment is updated by stopping every pod first.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::is_replicated;
use crate::{Check, Context};

pub(crate) static CHECK: RecreateStrategy = RecreateStrategy;

pub(crate) struct RecreateStrategy;

static META: CheckMeta = CheckMeta {
    id: "recreate-strategy",
    title: "Replicated Deployment uses the Recreate strategy",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: &["Deployment"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Deployment that runs two or more replicas (or is scaled by an autoscaler scanned \
               alongside) sets `spec.strategy.type: Recreate`. Single-replica Deployments, which often use \
               Recreate on purpose (a ReadWriteOnce volume, a singleton), are not judged.",
        why: "strategy Recreate stops every old pod before starting new ones, so each rollout is a full outage for the \
              time the new pods take to become ready, even though the workload has replicas that could have \
              kept serving.",
        fix: "Use the default `RollingUpdate` strategy; if old and new versions must never run side by side, \
              document why and disable this check for the object.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    type: Recreate\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    type: RollingUpdate\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment",
        ],
    },
};

impl Check for RecreateStrategy {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some((key, kind)) = object
            .root()
            .get_path(&["spec", "strategy"])
            .and_then(|s| s.entry("type"))
        else {
            return;
        };
        if kind.as_str() == Some("Recreate") && is_replicated(ctx.inventory(), object) {
            ctx.report(key, "strategy Recreate stops every replica before starting new ones, so each rollout is an outage");
        }
    }
}
