//! `controller-manager-service-account-key-missing`: kube-controller-manager has no `--service-account-private-key-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ControllerManagerServiceAccountKeyMissing =
    ControllerManagerServiceAccountKeyMissing;

pub(crate) struct ControllerManagerServiceAccountKeyMissing;

static META: CheckMeta = CheckMeta {
    id: "controller-manager-service-account-key-missing",
    title: "Controller manager has no service account signing key",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::SERVICE_ACCOUNT_TOKENS, nsa::CONTROL_PLANE],
        cis: &["1.3.4"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-controller-manager does not set `--service-account-private-key-file`.",
        why: "The controller manager signs legacy service account token Secrets with this key; without a dedicated key the token controller is off or tokens are signed with keys that cannot be rotated independently.",
        fix: "Set `--service-account-private-key-file` to the key whose public half the API server lists in `--service-account-key-file`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --root-ca-file=/etc/kubernetes/pki/ca.crt\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --service-account-private-key-file=/etc/kubernetes/pki/sa.key\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ControllerManagerServiceAccountKeyMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ControllerManager, |f| {
            f.require(
                &["service-account-private-key-file"],
                "it cannot sign service account tokens, so their keys cannot be managed or rotated",
            )
        });
    }
}
