//! `apiserver-authorization-without-node`: kube-apiserver `--authorization-mode` omits Node.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAuthorizationWithoutNode = ApiserverAuthorizationWithoutNode;

pub(crate) struct ApiserverAuthorizationWithoutNode;

static META: CheckMeta = CheckMeta {
    id: "apiserver-authorization-without-node",
    title: "API server authorization lacks the Node authorizer",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::RBAC, nsa::CONTROL_PLANE],
        cis: &["1.2.7"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--authorization-mode` is set and does not include `Node` (an unset flag means AlwaysAllow, reported by `apiserver-authorization-always-allow`). Not judged when an item is a `$(VAR)` reference.",
        why: "The Node authorizer restricts each kubelet's credentials to the pods, Secrets and ConfigMaps of its own node. Without it, a kubelet credential stolen from one node must be granted broad RBAC rights, so compromising any node exposes the Secrets of all of them.",
        fix: "Add Node: `--authorization-mode=Node,RBAC`, and enable the NodeRestriction admission plugin.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --authorization-mode=RBAC\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--authorization-mode=Node,RBAC'\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/node/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAuthorizationWithoutNode {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.lacks(
                "authorization-mode",
                "Node",
                None,
                "kubelets are not limited to the objects of their own node",
            )
        });
    }
}
