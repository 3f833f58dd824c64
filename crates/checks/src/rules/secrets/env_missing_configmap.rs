//! `env-missing-configmap`: a pod spec refers to a ConfigMap that is not part of the scan.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::secrets::report_missing_references;
use crate::{Check, Context};

pub(crate) static CHECK: EnvMissingConfigmap = EnvMissingConfigmap;

pub(crate) struct EnvMissingConfigmap;

static META: CheckMeta = CheckMeta {
    id: "env-missing-configmap",
    title: "Referenced ConfigMap does not exist",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires for each `env[].valueFrom.configMapKeyRef`, `envFrom[].configMapRef`, `volumes[].configMap` or a projected volume's `configMap` of a pod spec naming a ConfigMap that is not among the scanned objects in the workload's namespace, at the reference's name. References marked `optional: true` are skipped, and the check only fires when the scan contains at least one ConfigMap, so scanning workloads alone stays quiet; objects without a namespace match any namespace. `kube-root-ca.crt`, which Kubernetes creates in every namespace, always exists.",
        why: "A pod whose required ConfigMap is missing does not start: containers stay in `CreateContainerConfigError` or the pod in `ContainerCreating`, and a rollout hangs. Usually a typo or a ConfigMap left out of the chart.",
        fix: "Add the ConfigMap to the manifests, fix the name, or mark the reference `optional: true` if the workload copes without it.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      envFrom:\n        - configMapRef:\n            name: web-env\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: shop\ndata:\n  A: b\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      envFrom:\n        - configMapRef:\n            name: web-env\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-env\n  namespace: shop\ndata:\n  A: b\n",
        references: &["https://kubernetes.io/docs/concepts/configuration/configmap/"],
    },
};

impl Check for EnvMissingConfigmap {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_missing_references(ctx, "ConfigMap");
    }
}
