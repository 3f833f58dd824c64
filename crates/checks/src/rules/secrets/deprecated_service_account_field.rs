//! `deprecated-service-account-field`: a pod spec uses the deprecated `serviceAccount` field.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::{Check, Context};

pub(crate) static CHECK: DeprecatedServiceAccountField = DeprecatedServiceAccountField;

pub(crate) struct DeprecatedServiceAccountField;

static META: CheckMeta = CheckMeta {
    id: "deprecated-service-account-field",
    title: "Deprecated serviceAccount field",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a pod spec sets `serviceAccount` (a non-empty string), the deprecated alias of `serviceAccountName`.",
        why: "`serviceAccount` is kept only for compatibility; when both fields are set and differ, `serviceAccountName` wins, so the manifest says two things and readers (and tools that read only one field) get it wrong.",
        fix: "Rename `serviceAccount` to `serviceAccountName` (or delete it when `serviceAccountName` is already set).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccount: web\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context",
        ],
    },
};

impl Check for DeprecatedServiceAccountField {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(spec) = workload::pod_spec(ctx.object()) else {
            return;
        };
        let Some((key, value)) = spec.entry("serviceAccount") else {
            return;
        };
        let Some(old) = value.as_str().filter(|v| !v.is_empty()) else {
            return;
        };
        let message = match spec.get_str("serviceAccountName").filter(|v| !v.is_empty()) {
            Some(new) if new != old => format!(
                "serviceAccount {old:?} is deprecated and ignored: serviceAccountName {new:?} wins over it"
            ),
            Some(_) => {
                "serviceAccount is deprecated and repeats serviceAccountName; remove it".to_owned()
            }
            None => format!("serviceAccount is deprecated; use serviceAccountName: {old}"),
        };
        ctx.report(key, message);
    }
}
