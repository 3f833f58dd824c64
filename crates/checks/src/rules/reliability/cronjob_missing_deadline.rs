//! `cronjob-missing-deadline`: a CronJob sets no `startingDeadlineSeconds`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::key_or;
use crate::{Check, Context};

pub(crate) static CHECK: CronjobMissingDeadline = CronjobMissingDeadline;

pub(crate) struct CronjobMissingDeadline;

static META: CheckMeta = CheckMeta {
    id: "cronjob-missing-deadline",
    title: "CronJob sets no starting deadline",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: &["CronJob"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a CronJob (`batch` API group) leaves `spec.startingDeadlineSeconds` unset.",
        why: "Without a deadline the controller counts every schedule missed since the last run (while the \
              controller was down, the CronJob suspended, or runs forbidden by `concurrencyPolicy`); past 100 \
              missed schedules it stops starting the job altogether and only logs an error. A deadline bounds \
              the look-back, and also stops a long-missed run from starting at an unexpected time.",
        fix: "Set `startingDeadlineSeconds` to how late a run may still start (for example a fraction of the \
              schedule interval, at least 10 seconds).",
        failing: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: report, image: registry.example.com/report:1.0}]\n",
        passing: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 * * * *\"\n  startingDeadlineSeconds: 600\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: report, image: registry.example.com/report:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation",
        ],
    },
};

impl Check for CronjobMissingDeadline {
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
        if spec
            .get("startingDeadlineSeconds")
            .is_none_or(|d| d.is_null())
        {
            ctx.report(
                key_or(cronjob.root(), "spec"),
                "startingDeadlineSeconds is unset: after 100 missed schedules the CronJob stops starting jobs",
            );
        }
    }
}
