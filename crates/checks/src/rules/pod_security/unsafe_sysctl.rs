//! `unsafe-sysctl`: the pod sets a sysctl outside the Pod Security Standards' safe set.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: UnsafeSysctl = UnsafeSysctl;

pub(crate) struct UnsafeSysctl;

/// The sysctls the Pod Security Standards' Baseline level allows: namespaced, and isolated from
/// other pods and the node.
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

static META: CheckMeta = CheckMeta {
    id: "unsafe-sysctl",
    title: "Pod sets an unsafe sysctl",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &[],
        pss: Some(pss::SYSCTLS),
    },
    docs: Docs {
        what: "Fires at each entry of the pod spec's `securityContext.sysctls` whose `name` is not one of the safe \
               sysctls of the Pod Security Standards' Baseline level: `kernel.shm_rmid_forced`, \
               `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, \
               `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`, `net.ipv4.tcp_keepalive_time`, \
               `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`, \
               `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem`. A name written with slashes \
               (`net/ipv4/tcp_syncookies`), which the kubelet accepts, is compared in its dotted form.",
        why: "Other sysctls are either not namespaced, so setting them changes the whole node for every pod \
              (`kernel.*`, `vm.*`), or namespaced but able to weaken the node or its neighbours (memory for IPC, \
              connection tracking, routing and forwarding). The kubelet refuses unsafe sysctls unless an \
              administrator allowed them, and the Pod Security Standards forbid them at the Baseline level.",
        fix: "Remove the sysctl, or tune it on the nodes (for example through a node configuration DaemonSet \
              under a reviewed exemption) instead of in an application pod.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    sysctls:\n      - name: kernel.msgmax\n        value: \"65536\"\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.ip_local_port_range\n        value: \"1024 65535\"\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
        ],
    },
};

impl Check for UnsafeSysctl {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(sysctls) = workload::pod_spec(ctx.object())
            .and_then(|spec| spec.get_path(&["securityContext", "sysctls"]))
        else {
            return;
        };
        for item in sysctls.items() {
            let Some((key, name)) = item.entry("name") else {
                continue;
            };
            let Some(name) = name.text().map(str::trim).filter(|n| !n.is_empty()) else {
                continue;
            };
            let dotted = if name.contains('/') {
                name.replace('/', ".")
            } else {
                name.to_owned()
            };
            if !SAFE_SYSCTLS.contains(&dotted.as_str()) {
                ctx.report(key, format_args!("the pod sets unsafe sysctl {name}"));
            }
        }
    }
}
