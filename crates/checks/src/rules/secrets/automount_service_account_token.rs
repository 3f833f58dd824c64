//! `automount-service-account-token`: pods get a service account token they may not need.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::secrets::{Lookup, lookup, service_account, spec_key};
use crate::{Check, Context};

pub(crate) static CHECK: AutomountServiceAccountToken = AutomountServiceAccountToken;

pub(crate) struct AutomountServiceAccountToken;

static META: CheckMeta = CheckMeta {
    id: "automount-service-account-token",
    title: "Service account token mounted automatically",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::SERVICE_ACCOUNT_TOKENS],
        cis: &["5.1.6"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a workload's pod spec sets `automountServiceAccountToken: true` (at that key), or leaves it unset (at the pod spec) while its ServiceAccount is not among the scanned objects or does not set `automountServiceAccountToken: false` itself. The pod spec's setting wins over the ServiceAccount's, as in Kubernetes. A non-boolean value is left to validation.",
        why: "The token is mounted into every container, where any code execution or file-read vulnerability hands it to an attacker, who can then call the API server with the service account's permissions. Most applications never talk to the API server.",
        fix: "Set `automountServiceAccountToken: false` on the ServiceAccount (or the pod spec); pods that do call the API can mount a short-lived token through a `projected` `serviceAccountToken` volume, or opt back in explicitly.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
            "https://kubernetes.io/docs/concepts/security/service-accounts/",
        ],
    },
};

impl Check for AutomountServiceAccountToken {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(spec) = workload::pod_spec(object) else {
            return;
        };
        let (account, _) = service_account(spec);
        match spec.entry("automountServiceAccountToken") {
            Some((key, value)) if value.as_bool() == Some(true) => {
                let message = format_args!(
                    "automountServiceAccountToken: true mounts the token of service account {account:?} into every container"
                );
                ctx.report(key, message);
            }
            Some(_) => {}
            None => {
                let namespace = object.id.namespace.as_deref();
                if lookup(ctx.inventory(), "ServiceAccount", namespace, account)
                    == Lookup::Found(Some(false))
                {
                    return;
                }
                let Some(at) = spec_key(object) else {
                    return;
                };
                let message = format_args!(
                    "the token of service account {account:?} is mounted into every container: neither the pod spec nor the ServiceAccount sets automountServiceAccountToken: false"
                );
                ctx.report(at, message);
            }
        }
    }
}
