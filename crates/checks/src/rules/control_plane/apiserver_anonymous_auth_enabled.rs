//! `apiserver-anonymous-auth-enabled`: kube-apiserver leaves `--anonymous-auth` at its default, true.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_API_SERVER, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAnonymousAuthEnabled = ApiserverAnonymousAuthEnabled;

pub(crate) struct ApiserverAnonymousAuthEnabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-anonymous-auth-enabled",
    title: "API server accepts anonymous requests",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_API_SERVER],
        nsa: &[nsa::AUTHENTICATION, nsa::CONTROL_PLANE],
        cis: &["1.2.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver sets `--anonymous-auth=true`, or does not set it (the default is true), unless an `--authentication-config` file (which can configure anonymous access itself) is given. Values that are `$(VAR)` references are not judged. Note that kubeadm does not set this flag: its manifests fire.",
        why: "Anonymous requests are authenticated as `system:anonymous` in group `system:unauthenticated`. With RBAC they get only discovery and health endpoints by default, but any binding to those subjects (a common mistake) opens the API to the whole network without credentials.",
        fix: "Set `--anonymous-auth=false`. Health probes then need credentials; on Kubernetes 1.32+ an AuthenticationConfiguration can keep anonymous access for `/livez`, `/readyz` and `/healthz` only.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --anonymous-auth=true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --anonymous-auth=false\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAnonymousAuthEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            if f.get("anonymous-auth").is_none() && f.is_set("authentication-config") {
                None
            } else {
                f.reject_bool(
                    "anonymous-auth",
                    true,
                    true,
                    "requests without credentials are served as system:anonymous",
                )
            }
        });
    }
}
