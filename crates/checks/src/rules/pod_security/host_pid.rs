//! `host-pid`: a pod uses the node's process namespace (`hostPID: true`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::security;
use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: HostPid = HostPid;

pub(crate) struct HostPid;

static META: CheckMeta = CheckMeta {
    id: "host-pid",
    title: "Pod uses the host process namespace",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.3"],
        pss: Some(pss::HOST_NAMESPACES),
    },
    docs: Docs {
        what: "Fires when a pod spec sets `hostPID: true` (YAML 1.1 spellings such as `yes` or `on` included).",
        why: "With the node's process namespace the pod sees every process on the node, with their command lines \
              and environment (often holding secrets), can signal them, and, with `SYS_PTRACE` or as the same user, \
              attach to them and inject code, or enter their namespaces through `/proc/<pid>/root`: a short path to \
              the node. The Pod Security Standards forbid it at the Baseline level.",
        fix: "Remove `hostPID: true`. To share processes between the pod's own containers, use \
              `shareProcessNamespace: true` instead.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  shareProcessNamespace: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for HostPid {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_pod_flag(
            ctx,
            "hostPID",
            "the pod shares the node's process namespace",
        );
    }
}
