//! `apiserver-service-account-lookup-disabled`: kube-apiserver sets `--service-account-lookup=false`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverServiceAccountLookupDisabled =
    ApiserverServiceAccountLookupDisabled;

pub(crate) struct ApiserverServiceAccountLookupDisabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-service-account-lookup-disabled",
    title: "API server accepts tokens of deleted service accounts",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::AUTHENTICATION, nsa::SERVICE_ACCOUNT_TOKENS],
        cis: &["1.2.21"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver sets `--service-account-lookup=false`. The default is true, so an unset flag is fine.",
        why: "Without the lookup the API server only checks a token's signature: deleting a leaked token's Secret or its service account does not revoke it.",
        fix: "Remove `--service-account-lookup=false` (or set it to true).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --service-account-lookup=false\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --service-account-lookup=true\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverServiceAccountLookupDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.reject_bool(
                "service-account-lookup",
                true,
                false,
                "tokens stay valid after their service account or Secret is deleted",
            )
        });
    }
}
