//! `cronjob-concurrency-allowed`: a CronJob lets runs overlap.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::key_or;
use crate::{Check, Context};

pub(crate) static CHECK: CronjobConcurrencyAllowed = CronjobConcurrencyAllowed;

pub(crate) struct CronjobConcurrencyAllowed;

static META: CheckMeta = CheckMeta {
    id: "cronjob-concurrency-allowed",
    title: "CronJob allows overlapping runs",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: &["CronJob"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a CronJob leaves `spec.concurrencyPolicy` unset or sets it to `Allow` (the default). \
               `Forbid` and `Replace` pass.",
        why: "With `Allow`, a run that takes longer than the schedule interval is joined by the next one, and the \
              next: runs pile up, compete for the same data and resources, and a stuck job can fill the cluster \
              with copies of itself.",
        fix: "Set `concurrencyPolicy: Forbid` (skip a run while the previous one is still going) or `Replace` \
              (stop the old run). Keep `Allow` only for jobs that are safe to run in parallel, and say so by \
              setting it explicitly and disabling this check for the object.",
        failing: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: report, image: registry.example.com/report:1.0}]\n",
        passing: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"*/5 * * * *\"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: report, image: registry.example.com/report:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy",
        ],
    },
};

impl Check for CronjobConcurrencyAllowed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let cronjob = ctx.object();
        if cronjob.api_group() != "batch" {
            return;
        }
        let Some(spec) = cronjob.root().get("spec") else {
            return;
        };
        match spec.entry("concurrencyPolicy") {
            Some((key, value)) if value.as_str() == Some("Allow") => {
                ctx.report(key, "concurrencyPolicy Allow lets runs overlap and pile up");
            }
            Some((_, value)) if !value.is_null() => {}
            _ => ctx.report(
                key_or(cronjob.root(), "spec"),
                "concurrencyPolicy is unset, so it defaults to Allow and runs may overlap and pile up",
            ),
        }
    }
}
