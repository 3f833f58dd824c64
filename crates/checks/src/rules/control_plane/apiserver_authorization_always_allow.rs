//! `apiserver-authorization-always-allow`: kube-apiserver authorizes with AlwaysAllow.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_API_SERVER, LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component, Problem};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAuthorizationAlwaysAllow = ApiserverAuthorizationAlwaysAllow;

pub(crate) struct ApiserverAuthorizationAlwaysAllow;

static META: CheckMeta = CheckMeta {
    id: "apiserver-authorization-always-allow",
    title: "API server authorizes every request",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_API_SERVER, LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::RBAC, nsa::CONTROL_PLANE],
        cis: &["1.2.6"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--authorization-mode` includes `AlwaysAllow`, or is not set at all (its default is `AlwaysAllow`), unless the structured `--authorization-config` file is used instead. The finding points at the flag, or at `command` when it is missing.",
        why: "Authorizers are consulted in turn and the first to allow wins, so `AlwaysAllow` anywhere in the list makes every authenticated (and, with anonymous auth, unauthenticated) request succeed: any service account token can read every Secret and create privileged pods.",
        fix: "Set `--authorization-mode=Node,RBAC` (without AlwaysAllow).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--authorization-mode=RBAC,AlwaysAllow'\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--authorization-mode=Node,RBAC'\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/authorization/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAuthorizationAlwaysAllow {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            if f.is_set("authorization-config") {
                None
            } else if f.get("authorization-mode").is_none() {
                Some(Problem {
                at: f.anchor(),
                message: "does not set --authorization-mode, so it defaults to AlwaysAllow: every authenticated request is allowed".into(),
            })
            } else {
                f.includes(
                    "authorization-mode",
                    "AlwaysAllow",
                    "every authenticated request is allowed, whatever RBAC says",
                )
            }
        });
    }
}
