//! `workload-in-kube-system`: an application workload runs in the `kube-system` namespace.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::nsa;
use crate::util::general::metadata_field;
use crate::util::workloads::is_owned;
use crate::{Check, Context};

pub(crate) static CHECK: WorkloadInKubeSystem = WorkloadInKubeSystem;

pub(crate) struct WorkloadInKubeSystem;

static META: CheckMeta = CheckMeta {
    id: "workload-in-kube-system",
    title: "Application workload runs in kube-system",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::NAMESPACES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a workload's `metadata.namespace` is `kube-system` and nothing marks it as a cluster \
               component. Objects are taken as cluster components (and skipped) when the object or its pod \
               template carries a `k8s-app`, `component` or `tier: control-plane` label, a \
               `kubernetes.io/cluster-service` or `addonmanager.kubernetes.io/mode` label, or when its pods use \
               the `system-cluster-critical` or `system-node-critical` priority class — the conventions that \
               CoreDNS, kube-proxy, metrics-server, CNI and CSI agents and the control plane follow. Pods owned \
               by a controller are reported on the controller.",
        why: "`kube-system` holds the cluster's own components and is usually exempt from Pod Security \
              admission, network policies and quotas; application workloads there escape those controls, and \
              their ServiceAccounts sit next to highly privileged ones.",
        fix: "Move the workload to its own namespace; if it is in fact a cluster add-on, label it (`k8s-app`) or \
              give it a system priority class.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: registry.example.com/shop:1.0}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: coredns\n  namespace: kube-system\n  labels:\n    k8s-app: kube-dns\nspec:\n  template:\n    metadata:\n      labels:\n        k8s-app: kube-dns\n    spec:\n      priorityClassName: system-cluster-critical\n      containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.1}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces",
        ],
    },
};

const SYSTEM_LABELS: &[&str] = &[
    "k8s-app",
    "component",
    "kubernetes.io/cluster-service",
    "addonmanager.kubernetes.io/mode",
];

impl Check for WorkloadInKubeSystem {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        if object.id.namespace.as_deref() != Some("kube-system")
            || (object.kind() == "Pod" && is_owned(object))
        {
            return;
        }
        let template = workload::pod_template(object);
        let template_labels = template.and_then(|t| t.get_path(&["metadata", "labels"]));
        let system = [object.labels(), template_labels]
            .into_iter()
            .flatten()
            .any(|labels| {
                SYSTEM_LABELS.iter().any(|key| labels.get(key).is_some())
                    || labels.get_str("tier") == Some("control-plane")
            });
        let priority =
            workload::pod_spec(object).and_then(|spec| spec.get_str("priorityClassName"));
        if system
            || matches!(
                priority,
                Some("system-cluster-critical" | "system-node-critical")
            )
        {
            return;
        }
        let message = format_args!(
            "this {} runs in kube-system, outside the controls applied to application namespaces",
            object.kind()
        );
        ctx.report(metadata_field(object, "namespace"), message);
    }
}
