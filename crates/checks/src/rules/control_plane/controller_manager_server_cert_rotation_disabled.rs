//! `controller-manager-server-cert-rotation-disabled`: kube-controller-manager turns the RotateKubeletServerCertificate feature gate off.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_KUBELET_API, nsa};
use crate::util::control_plane::{self, Component, Problem};
use crate::{Check, Context};

pub(crate) static CHECK: ControllerManagerServerCertRotationDisabled =
    ControllerManagerServerCertRotationDisabled;

pub(crate) struct ControllerManagerServerCertRotationDisabled;

static META: CheckMeta = CheckMeta {
    id: "controller-manager-server-cert-rotation-disabled",
    title: "Controller manager disables kubelet serving certificate rotation",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.3.6"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--feature-gates` sets `RotateKubeletServerCertificate=false` (the gate is on by default).",
        why: "Kubelet serving certificates that are never rotated stay valid long after a node is compromised, and long-lived keys are more likely to leak.",
        fix: "Remove `RotateKubeletServerCertificate=false` from `--feature-gates`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --feature-gates=RotateKubeletServerCertificate=false\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --feature-gates=RotateKubeletServerCertificate=true\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ControllerManagerServerCertRotationDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ControllerManager, |f| {
            f.feature_gate("RotateKubeletServerCertificate").filter(|(on, _)| !on).map(|(_, at)| Problem {
            at,
            message: "sets RotateKubeletServerCertificate=false in --feature-gates: kubelet serving certificates are not approved or rotated".into(),
        })
        });
    }
}
