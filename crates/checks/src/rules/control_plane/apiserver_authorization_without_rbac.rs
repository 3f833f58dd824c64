//! `apiserver-authorization-without-rbac`: kube-apiserver `--authorization-mode` omits RBAC.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_API_SERVER, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAuthorizationWithoutRbac = ApiserverAuthorizationWithoutRbac;

pub(crate) struct ApiserverAuthorizationWithoutRbac;

static META: CheckMeta = CheckMeta {
    id: "apiserver-authorization-without-rbac",
    title: "API server authorization lacks RBAC",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_API_SERVER],
        nsa: &[nsa::RBAC, nsa::CONTROL_PLANE],
        cis: &["1.2.8"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--authorization-mode` is set and does not include `RBAC` (an unset flag is reported by `apiserver-authorization-always-allow`).",
        why: "Without the RBAC authorizer, Role and ClusterRole objects have no effect: access is decided only by the other authorizers (Node, ABAC, a webhook), so the cluster's least-privilege model silently does not apply.",
        fix: "Add RBAC: `--authorization-mode=Node,RBAC`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --authorization-mode=Node\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--authorization-mode=Node,RBAC'\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAuthorizationWithoutRbac {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.lacks(
                "authorization-mode",
                "RBAC",
                None,
                "Roles and RoleBindings are not enforced",
            )
        });
    }
}
