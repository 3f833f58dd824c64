//! `missing-liveness-probe`: a long-running container has no `livenessProbe`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::{LONG_RUNNING_KINDS, report_missing_probe};
use crate::{Check, Context};

pub(crate) static CHECK: MissingLivenessProbe = MissingLivenessProbe;

pub(crate) struct MissingLivenessProbe;

static META: CheckMeta = CheckMeta {
    id: "missing-liveness-probe",
    title: "Container has no liveness probe",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: LONG_RUNNING_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a container of a long-running workload (Pod, Deployment, StatefulSet, DaemonSet, \
               ReplicaSet, ReplicationController) sets no `livenessProbe`. Jobs, CronJobs, Pods whose \
               `restartPolicy` is not `Always`, init and ephemeral containers are skipped: they run to \
               completion.",
        why: "Without a liveness probe the kubelet restarts a container only when its process exits. A server \
              that deadlocks, wedges on a lost connection or stops accepting requests keeps running and keeps \
              failing its share of traffic until someone notices and restarts it by hand.",
        fix: "Add a `livenessProbe` (`httpGet`, `tcpSocket`, `grpc` or `exec`) that fails only when the process \
              cannot recover by itself, with a generous `failureThreshold`; do not make it depend on \
              downstream services, or one outage restarts every replica.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
        ],
    },
};

impl Check for MissingLivenessProbe {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_probe(ctx, "livenessProbe", "liveness");
    }
}
