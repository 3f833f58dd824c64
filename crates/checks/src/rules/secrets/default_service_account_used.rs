//! `default-service-account-used`: pods run as their namespace's `default` ServiceAccount.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::secrets::{service_account, spec_key};
use crate::{Check, Context};

pub(crate) static CHECK: DefaultServiceAccountUsed = DefaultServiceAccountUsed;

pub(crate) struct DefaultServiceAccountUsed;

static META: CheckMeta = CheckMeta {
    id: "default-service-account-used",
    title: "Pods run as the default service account",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::SERVICE_ACCOUNT_TOKENS],
        cis: &["5.1.5"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a workload's pod spec sets no `serviceAccountName` (nor the deprecated `serviceAccount`), at the pod spec, or names `default`, at that key. It does NOT fire when the pod spec sets `automountServiceAccountToken: false`: such pods carry no token, so which account they run as does not matter.",
        why: "Every pod of the namespace that names no account shares `default`: permissions granted to it for one workload go to all of them, and audit logs cannot tell the workloads apart.",
        fix: "Create a ServiceAccount per workload, grant it only what that workload needs, and set `serviceAccountName`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts",
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
        ],
    },
};

impl Check for DefaultServiceAccountUsed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(spec) = workload::pod_spec(object) else {
            return;
        };
        if spec.get_bool("automountServiceAccountToken") == Some(false) {
            return;
        }
        match service_account(spec) {
            ("default", Some(key)) => {
                ctx.report(key, "pod spec names the default service account, shared by every pod of the namespace that names none")
            }
            ("default", None) => {
                if let Some(at) = spec_key(object) {
                    ctx.report(at, "pod spec sets no serviceAccountName, so its pods run as the namespace's default service account")
                }
            }
            _ => {}
        }
    }
}
