//! `host-network`: a pod uses the node's network namespace (`hostNetwork: true`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::security;
use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: HostNetwork = HostNetwork;

pub(crate) struct HostNetwork;

static META: CheckMeta = CheckMeta {
    id: "host-network",
    title: "Pod uses the host network",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.5"],
        pss: Some(pss::HOST_NAMESPACES),
    },
    docs: Docs {
        what: "Fires when a pod spec sets `hostNetwork: true` (YAML 1.1 spellings such as `yes` or `on` included).",
        why: "With the node's network namespace the pod sees and can sniff every interface of the node, reaches \
              services bound to the node's loopback (the kubelet's and other agents' local ports, cloud metadata \
              endpoints), bypasses NetworkPolicy, and binds ports on the node's addresses. The Pod Security Standards \
              forbid it at the Baseline level.",
        fix: "Remove `hostNetwork: true` and expose the application through a Service; use `hostPort` or a \
              NodePort Service if it must be reachable on the node's address. Node agents that truly need it (CNI, \
              kube-proxy) deserve a reviewed exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: false\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for HostNetwork {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_pod_flag(
            ctx,
            "hostNetwork",
            "the pod shares the node's network namespace",
        );
    }
}
