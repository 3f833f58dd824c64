//! `controller-manager-profiling-enabled`: kube-controller-manager leaves `--profiling` on.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ControllerManagerProfilingEnabled = ControllerManagerProfilingEnabled;

pub(crate) struct ControllerManagerProfilingEnabled;

static META: CheckMeta = CheckMeta {
    id: "controller-manager-profiling-enabled",
    title: "Controller manager profiling is enabled",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.3.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-controller-manager sets `--profiling=true` or does not set it (the default is true).",
        why: "The `/debug/pprof` endpoints reveal internals and can be used to slow the controller manager down; they are rarely needed in production.",
        fix: "Set `--profiling=false`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --profiling=true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --profiling=false\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ControllerManagerProfilingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ControllerManager, |f| f.profiling());
    }
}
