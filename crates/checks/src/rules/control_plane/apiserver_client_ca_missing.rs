//! `apiserver-client-ca-missing`: kube-apiserver has no `--client-ca-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_API_SERVER, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverClientCaMissing = ApiserverClientCaMissing;

pub(crate) struct ApiserverClientCaMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-client-ca-missing",
    title: "API server does not accept client certificates",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_API_SERVER],
        nsa: &[nsa::AUTHENTICATION, nsa::CONTROL_PLANE],
        cis: &["1.2.25"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver does not set `--client-ca-file`.",
        why: "The client CA is how kubelets, the controller manager and the scheduler authenticate. Without it those components need bearer tokens or static credentials, which are easier to steal and cannot be tied to a node's identity.",
        fix: "Set `--client-ca-file` to the cluster CA.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --tls-cert-file=/pki/apiserver.crt\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --client-ca-file=/etc/kubernetes/pki/ca.crt\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#x509-client-certificates",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverClientCaMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(&["client-ca-file"], "client certificates are not verified, so components fall back to weaker credentials")
        });
    }
}
