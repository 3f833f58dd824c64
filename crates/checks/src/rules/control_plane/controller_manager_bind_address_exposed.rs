//! `controller-manager-bind-address-exposed`: kube-controller-manager `--bind-address` is not loopback.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ControllerManagerBindAddressExposed = ControllerManagerBindAddressExposed;

pub(crate) struct ControllerManagerBindAddressExposed;

static META: CheckMeta = CheckMeta {
    id: "controller-manager-bind-address-exposed",
    title: "Controller manager listens beyond localhost",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.3.7"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-controller-manager's `--bind-address` is not a loopback address, or is not set (the default, 0.0.0.0, listens on all interfaces; kube-bench passes an unset flag, we do not, since the real default is all interfaces).",
        why: "The secure port serves health, metrics and, with profiling on, debugging endpoints. Reachable from the network, it is an attack surface that nothing but local health checks needs.",
        fix: "Set `--bind-address=127.0.0.1`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --bind-address=0.0.0.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --bind-address=127.0.0.1\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ControllerManagerBindAddressExposed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ControllerManager, |f| f.bind_address());
    }
}
