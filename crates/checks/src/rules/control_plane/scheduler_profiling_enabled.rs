//! `scheduler-profiling-enabled`: kube-scheduler leaves `--profiling` on.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: SchedulerProfilingEnabled = SchedulerProfilingEnabled;

pub(crate) struct SchedulerProfilingEnabled;

static META: CheckMeta = CheckMeta {
    id: "scheduler-profiling-enabled",
    title: "Scheduler profiling is enabled",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.4.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-scheduler sets `--profiling=true` or does not set it (the default is true). Not reported when `--config` is given: the scheduler then ignores `--profiling` and reads `enableProfiling` from its configuration file.",
        why: "The `/debug/pprof` endpoints reveal internals and can be used to slow the scheduler down; they are rarely needed in production.",
        fix: "Set `--profiling=false` (or `enableProfiling: false` in the KubeSchedulerConfiguration).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-scheduler\n      image: registry.k8s.io/kube-scheduler:v1.30.2\n      command:\n        - kube-scheduler\n        - --profiling=true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-scheduler\n      image: registry.k8s.io/kube-scheduler:v1.30.2\n      command:\n        - kube-scheduler\n        - --profiling=false\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for SchedulerProfilingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::Scheduler, |f| {
            if f.is_set("config") {
                None
            } else {
                f.profiling()
            }
        });
    }
}
