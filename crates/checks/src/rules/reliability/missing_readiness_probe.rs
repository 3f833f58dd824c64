//! `missing-readiness-probe`: a long-running container has no `readinessProbe`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::{LONG_RUNNING_KINDS, report_missing_probe};
use crate::{Check, Context};

pub(crate) static CHECK: MissingReadinessProbe = MissingReadinessProbe;

pub(crate) struct MissingReadinessProbe;

static META: CheckMeta = CheckMeta {
    id: "missing-readiness-probe",
    title: "Container has no readiness probe",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: LONG_RUNNING_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Looks at each regular container of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet or \
               ReplicationController and fires when `readinessProbe` is unset. Run-to-completion work is left \
               alone: Jobs, CronJobs, Pods with `restartPolicy` `Never` or `OnFailure`, init and ephemeral \
               containers.",
        why: "Without a readiness probe a pod counts as ready as soon as its containers start. Services send it \
              traffic while it is still loading, and a rolling update moves on to the next replica before the new \
              one can serve: requests fail during every deploy, and a broken release rolls out completely.",
        fix: "Add a `readinessProbe` that succeeds only when the container can serve requests (an `httpGet` on a \
              health endpoint, or a `tcpSocket` on the serving port).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      readinessProbe:\n        tcpSocket:\n          port: 8080\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
            "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment",
        ],
    },
};

impl Check for MissingReadinessProbe {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_probe(ctx, "readinessProbe", "readiness");
    }
}
