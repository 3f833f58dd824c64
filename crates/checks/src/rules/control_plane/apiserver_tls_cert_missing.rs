//! `apiserver-tls-cert-missing`: kube-apiserver lacks `--tls-cert-file` or `--tls-private-key-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONNECT_FROM_PROXY, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverTlsCertMissing = ApiserverTlsCertMissing;

pub(crate) struct ApiserverTlsCertMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-tls-cert-missing",
    title: "API server has no serving certificate",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONNECT_FROM_PROXY],
        nsa: &[nsa::ENCRYPTION, nsa::CONTROL_PLANE],
        cis: &["1.2.24"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver lacks `--tls-cert-file` or `--tls-private-key-file`.",
        why: "Without them the API server generates a self-signed certificate; clients must then skip verification, which exposes credentials to anyone who can intercept traffic.",
        fix: "Set both flags to a certificate signed by the cluster CA that covers the API server's names and addresses.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --tls-cert-file=/pki/apiserver.crt\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --tls-cert-file=/pki/apiserver.crt\n        - --tls-private-key-file=/pki/apiserver.key\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverTlsCertMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(
                &["tls-cert-file", "tls-private-key-file"],
                "it serves a generated self-signed certificate that clients cannot verify",
            )
        });
    }
}
