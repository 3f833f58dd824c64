//! `apiserver-node-restriction-disabled`: kube-apiserver does not enable the NodeRestriction admission plugin.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverNodeRestrictionDisabled = ApiserverNodeRestrictionDisabled;

pub(crate) struct ApiserverNodeRestrictionDisabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-node-restriction-disabled",
    title: "API server does not enable NodeRestriction",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::CONTROL_PLANE, nsa::RBAC],
        cis: &["1.2.14"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--enable-admission-plugins` does not list `NodeRestriction` (it is not in the default set), at the flag, or at `command` when the flag is missing. Not judged when an item is a `$(VAR)` reference.",
        why: "NodeRestriction limits what a kubelet may change to its own Node object and the pods bound to it. Without it a compromised node can relabel other nodes (to attract sensitive workloads) and alter their pods.",
        fix: "Add NodeRestriction to `--enable-admission-plugins` (together with the Node authorizer).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --enable-admission-plugins=PodSecurity\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --enable-admission-plugins=NodeRestriction\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverNodeRestrictionDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            if f.includes("admission-control", "NodeRestriction", "")
                .is_some()
            {
                return None;
            }
            f.lacks(
                "enable-admission-plugins",
                "NodeRestriction",
                Some("and NodeRestriction is not on by default"),
                "a kubelet can modify other nodes and the pods bound to them",
            )
        });
    }
}
