//! `scheduler-bind-address-exposed`: kube-scheduler `--bind-address` is not loopback.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: SchedulerBindAddressExposed = SchedulerBindAddressExposed;

pub(crate) struct SchedulerBindAddressExposed;

static META: CheckMeta = CheckMeta {
    id: "scheduler-bind-address-exposed",
    title: "Scheduler listens beyond localhost",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.4.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-scheduler's `--bind-address` is not a loopback address, or is not set (the default, 0.0.0.0, listens on all interfaces).",
        why: "The secure port serves health, metrics and, with profiling on, debugging endpoints. Reachable from the network, it is an attack surface that nothing but local health checks needs.",
        fix: "Set `--bind-address=127.0.0.1`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-scheduler\n      image: registry.k8s.io/kube-scheduler:v1.30.2\n      command:\n        - kube-scheduler\n        - --bind-address=0.0.0.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-scheduler\n      image: registry.k8s.io/kube-scheduler:v1.30.2\n      command:\n        - kube-scheduler\n        - --bind-address=127.0.0.1\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for SchedulerBindAddressExposed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::Scheduler, |f| f.bind_address());
    }
}
