//! `apiserver-token-auth-file`: kube-apiserver sets `--token-auth-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_API_SERVER, CREDENTIALS_IN_CONFIGURATION, nsa};
use crate::util::control_plane::{self, Component, Problem};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverTokenAuthFile = ApiserverTokenAuthFile;

pub(crate) struct ApiserverTokenAuthFile;

static META: CheckMeta = CheckMeta {
    id: "apiserver-token-auth-file",
    title: "API server accepts static bearer tokens",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_API_SERVER, CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::AUTHENTICATION],
        cis: &["1.2.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver sets `--token-auth-file`, at the flag.",
        why: "Static tokens are stored in clear text, never expire and can only be revoked by restarting the API server with an edited file.",
        fix: "Remove `--token-auth-file` and use client certificates, OIDC or service account tokens.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --token-auth-file=/etc/kubernetes/tokens.csv\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --client-ca-file=/etc/kubernetes/pki/ca.crt\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverTokenAuthFile {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.get("token-auth-file").filter(|t| t.value.is_some_and(|v| !v.is_empty())).map(|flag| Problem {
            at: flag.at,
            message: "sets --token-auth-file: static tokens never expire and are kept in clear text on the node".into(),
        })
        });
    }
}
