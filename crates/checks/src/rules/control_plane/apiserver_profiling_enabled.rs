//! `apiserver-profiling-enabled`: kube-apiserver leaves `--profiling` on.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverProfilingEnabled = ApiserverProfilingEnabled;

pub(crate) struct ApiserverProfilingEnabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-profiling-enabled",
    title: "API server profiling is enabled",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.2.15"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver sets `--profiling=true` or does not set it (the default is true).",
        why: "Profiling data reveals internals, and anyone authorized for the `/debug/pprof` non-resource URLs can trigger CPU profiles that slow the API server down. Profiling is rarely needed in production.",
        fix: "Set `--profiling=false`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --profiling=true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --profiling=false\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverProfilingEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| f.profiling());
    }
}
