//! `rollout-max-unavailable-all`: a rolling update may take every pod down at once.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::{Amount, is_autoscaled, replicas};
use crate::{Check, Context};

pub(crate) static CHECK: RolloutMaxUnavailableAll = RolloutMaxUnavailableAll;

pub(crate) struct RolloutMaxUnavailableAll;

static META: CheckMeta = CheckMeta {
    id: "rollout-max-unavailable-all",
    title: "Rolling update may take every pod down at once",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["Deployment", "StatefulSet", "DaemonSet"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when the rolling-update `maxUnavailable` of a Deployment (`spec.strategy.rollingUpdate`), \
               StatefulSet or DaemonSet (`spec.updateStrategy.rollingUpdate`) is `\"100%\"` or more, or, for a \
               Deployment or StatefulSet with two or more fixed replicas and no autoscaler, an integer at least \
               the replica count. Single-replica workloads are left to `single-replica`; `Recreate` and \
               `OnDelete` strategies are not rolling updates and are not judged here.",
        why: "A rolling update is meant to replace pods a few at a time so the rest keep serving. Allowing every \
              pod to be unavailable turns each rollout (and each bad image) into a full outage.",
        fix: "Use a small `maxUnavailable` (`1`, or a percentage such as `25%`) and, for Deployments, a \
              `maxSurge` to roll forward quickly.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 100%\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 1\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/app:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable",
            "https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/",
        ],
    },
};

impl Check for RolloutMaxUnavailableAll {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        if object.api_group() != "apps" {
            return;
        }
        let field = if object.kind() == "Deployment" {
            "strategy"
        } else {
            "updateStrategy"
        };
        let Some(strategy) = object.root().get_path(&["spec", field]) else {
            return;
        };
        if strategy
            .get_str("type")
            .is_some_and(|t| t != "RollingUpdate")
        {
            return;
        }
        let Some((key, value)) = strategy
            .get("rollingUpdate")
            .and_then(|r| r.entry("maxUnavailable"))
        else {
            return;
        };
        let message = match Amount::read(value) {
            Some(Amount::Percent(p)) if p >= 100 => {
                format!("maxUnavailable {p}% lets a rollout stop every pod at once")
            }
            Some(Amount::Count(n)) => {
                let Some(r) = replicas(object) else { return };
                if r.count < 2 || n < r.count || is_autoscaled(ctx.inventory(), object) {
                    return;
                }
                format!(
                    "maxUnavailable {n} is not below the {} replicas, so a rollout may stop every pod at once",
                    r.count
                )
            }
            _ => return,
        };
        ctx.report(key, message);
    }
}
