//! `controller-manager-shared-credentials`: kube-controller-manager does not set `--use-service-account-credentials=true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ControllerManagerSharedCredentials = ControllerManagerSharedCredentials;

pub(crate) struct ControllerManagerSharedCredentials;

static META: CheckMeta = CheckMeta {
    id: "controller-manager-shared-credentials",
    title: "Controllers share the controller manager's credentials",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CLUSTER_ADMIN_BINDING],
        nsa: &[nsa::RBAC, nsa::CONTROL_PLANE],
        cis: &["1.3.3"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-controller-manager sets `--use-service-account-credentials=false` or does not set it (the default is false).",
        why: "With the flag on, each controller uses its own service account with only the rights it needs (`system:controller:*` roles); without it one credential holds the union of all controller rights, and a bug or compromise in any controller can use all of them.",
        fix: "Set `--use-service-account-credentials=true`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --use-service-account-credentials=false\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-controller-manager\n      image: registry.k8s.io/kube-controller-manager:v1.30.2\n      command:\n        - kube-controller-manager\n        - --use-service-account-credentials=true\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ControllerManagerSharedCredentials {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ControllerManager, |f| {
            f.reject_bool(
                "use-service-account-credentials",
                false,
                false,
                "every controller acts with the controller manager's own, very broad credentials",
            )
        });
    }
}
