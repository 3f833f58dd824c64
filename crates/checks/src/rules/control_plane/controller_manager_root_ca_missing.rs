//! `controller-manager-root-ca-missing`: kube-controller-manager has no `--root-ca-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONNECT_FROM_PROXY, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ControllerManagerRootCaMissing = ControllerManagerRootCaMissing;

pub(crate) struct ControllerManagerRootCaMissing;

static META: CheckMeta = CheckMeta {
    id: "controller-manager-root-ca-missing",
    title: "Controller manager does not publish the cluster CA",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONNECT_FROM_PROXY],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.3.5"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-controller-manager does not set `--root-ca-file`.",
        why: "The root CA is published to pods (`ca.crt` next to their token) so they can verify the API server. Without it pods must skip verification, exposing their tokens to man-in-the-middle attacks.",
        fix: "Set `--root-ca-file` to the cluster CA bundle.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --service-account-private-key-file=/etc/kubernetes/pki/sa.key\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --root-ca-file=/etc/kubernetes/pki/ca.crt\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ControllerManagerRootCaMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ControllerManager, |f| {
            f.require(&["root-ca-file"], "pods cannot verify the API server's certificate with the CA in their service account token")
        });
    }
}
