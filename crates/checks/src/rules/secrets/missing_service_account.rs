//! `missing-service-account`: a pod spec names a ServiceAccount that is not part of the scan.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::secrets::{Lookup, in_namespace, lookup, scanned_any, service_account};
use crate::{Check, Context};

pub(crate) static CHECK: MissingServiceAccount = MissingServiceAccount;

pub(crate) struct MissingServiceAccount;

static META: CheckMeta = CheckMeta {
    id: "missing-service-account",
    title: "Service account does not exist",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a pod spec's `serviceAccountName` (or deprecated `serviceAccount`) names a ServiceAccount other than `default` (which Kubernetes creates in every namespace) that is not among the scanned objects in the workload's namespace. Only fires when the scan contains at least one ServiceAccount, so scanning workloads alone stays quiet; objects without a namespace match any namespace.",
        why: "The API server rejects pods whose service account does not exist: a Deployment's ReplicaSet keeps failing to create pods, and the rollout hangs with only an event to say why. Usually a typo, or a ServiceAccount left out of the chart.",
        fix: "Add the ServiceAccount to the manifests, or fix the name in `serviceAccountName`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\n",
        references: &[
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
        ],
    },
};

impl Check for MissingServiceAccount {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(spec) = workload::pod_spec(object) else {
            return;
        };
        let (account, Some(key)) = service_account(spec) else {
            return;
        };
        let inventory = ctx.inventory();
        if account == "default" || !scanned_any(inventory, "ServiceAccount") {
            return;
        }
        let namespace = object.id.namespace.as_deref();
        if lookup(inventory, "ServiceAccount", namespace, account) == Lookup::Missing {
            let message = format_args!(
                "service account {account:?} is not among the scanned objects{}; pods are rejected until it exists",
                in_namespace(namespace)
            );
            ctx.report(key, message);
        }
    }
}
