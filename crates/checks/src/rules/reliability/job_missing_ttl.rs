//! `job-missing-ttl`: a finished Job is never cleaned up.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::key_or;
use crate::util::workloads::is_owned;
use crate::{Check, Context};

pub(crate) static CHECK: JobMissingTtl = JobMissingTtl;

pub(crate) struct JobMissingTtl;

static META: CheckMeta = CheckMeta {
    id: "job-missing-ttl",
    title: "Job is never cleaned up after it finishes",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: &["Job"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Job (`batch` API group) that no other object owns sets no \
               `spec.ttlSecondsAfterFinished`. Jobs made by a CronJob (which has its own history limits) carry \
               `ownerReferences` and are skipped; the `jobTemplate` of a CronJob is not a Job and is not judged.",
        why: "A finished Job and its pods stay in the cluster until someone deletes them. Jobs created by \
              pipelines and releases accumulate by the thousand, slow down the API server and `kubectl`, and a \
              re-apply of the same Job name fails because the old one still exists.",
        fix: "Set `ttlSecondsAfterFinished` (for example `86400` to keep a day for debugging).",
        failing: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: migrate, image: registry.example.com/migrate:1.0}]\n",
        passing: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  ttlSecondsAfterFinished: 86400\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: migrate, image: registry.example.com/migrate:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/",
        ],
    },
};

impl Check for JobMissingTtl {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let job = ctx.object();
        if job.api_group() != "batch" || is_owned(job) {
            return;
        }
        let Some(spec) = job.root().get("spec") else {
            return;
        };
        if spec
            .get("ttlSecondsAfterFinished")
            .is_none_or(|t| t.is_null())
        {
            ctx.report(
                key_or(job.root(), "spec"),
                "ttlSecondsAfterFinished is unset, so the finished Job and its pods are never removed",
            );
        }
    }
}
