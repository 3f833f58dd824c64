//! `apiserver-service-account-key-missing`: kube-apiserver has no `--service-account-key-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverServiceAccountKeyMissing = ApiserverServiceAccountKeyMissing;

pub(crate) struct ApiserverServiceAccountKeyMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-service-account-key-missing",
    title: "API server has no service account verification key",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::AUTHENTICATION, nsa::SERVICE_ACCOUNT_TOKENS],
        cis: &["1.2.22"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver does not set `--service-account-key-file`; it then verifies service account tokens with `--tls-private-key-file`.",
        why: "A dedicated, separately stored key pair for service account tokens lets the keys be rotated (listing old and new public keys) without touching the serving certificate, and keeps the token signing key off the serving path.",
        fix: "Set `--service-account-key-file` to the public key matching the controller manager's `--service-account-private-key-file`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --tls-private-key-file=/pki/apiserver.key\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverServiceAccountKeyMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(
                &["service-account-key-file"],
                "tokens are verified with the TLS serving key, which cannot be rotated separately",
            )
        });
    }
}
