//! `env-missing-secret`: a pod spec refers to a Secret that is not part of the scan.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::secrets::report_missing_references;
use crate::{Check, Context};

pub(crate) static CHECK: EnvMissingSecret = EnvMissingSecret;

pub(crate) struct EnvMissingSecret;

static META: CheckMeta = CheckMeta {
    id: "env-missing-secret",
    title: "Referenced Secret does not exist",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires for each `env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`, `volumes[].secret.secretName` or a projected volume's `secret` of a pod spec naming a Secret that is not among the scanned objects in the workload's namespace, at the reference's name. References marked `optional: true` are skipped, and the check only fires when the scan contains at least one Secret, so scanning workloads alone stays quiet; objects without a namespace match any namespace.",
        why: "A pod whose required Secret is missing does not start: containers stay in `CreateContainerConfigError` or the pod in `ContainerCreating`, and a rollout hangs. Usually a typo or a Secret left out of the chart.",
        fix: "Add the Secret to the manifests, fix the name, or mark the reference `optional: true` if the workload copes without it.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      envFrom:\n        - secretRef:\n            name: web-env\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: other\n  namespace: shop\ndata:\n  A: b\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      envFrom:\n        - secretRef:\n            name: web-env\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web-env\n  namespace: shop\ndata:\n  A: b\n",
        references: &["https://kubernetes.io/docs/concepts/configuration/secret/"],
    },
};

impl Check for EnvMissingSecret {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_references(ctx, "Secret");
    }
}
