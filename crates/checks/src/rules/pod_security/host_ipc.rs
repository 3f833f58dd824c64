//! `host-ipc`: a pod uses the node's IPC namespace (`hostIPC: true`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::security;
use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: HostIpc = HostIpc;

pub(crate) struct HostIpc;

static META: CheckMeta = CheckMeta {
    id: "host-ipc",
    title: "Pod uses the host IPC namespace",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.4"],
        pss: Some(pss::HOST_NAMESPACES),
    },
    docs: Docs {
        what: "Fires when a pod spec sets `hostIPC: true` (YAML 1.1 spellings such as `yes` or `on` included).",
        why: "With the node's IPC namespace the pod can read and write the shared memory segments, semaphores and \
              message queues of every process on the node that uses System V or POSIX IPC, including `/dev/shm`, \
              to steal data or tamper with other workloads. The Pod Security Standards forbid it at the Baseline \
              level.",
        fix: "Remove `hostIPC: true`. Containers of one pod already share an IPC namespace; to exchange data with \
              other pods, use the network or a volume.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostIPC: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostIPC: false\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for HostIpc {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_pod_flag(ctx, "hostIPC", "the pod shares the node's IPC namespace");
    }
}
