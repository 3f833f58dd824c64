//! `apiserver-audit-log-retention-short`: kube-apiserver audit log rotation keeps less than the CIS minimums.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{DELETE_KUBERNETES_EVENTS, nsa};
use crate::util::control_plane::{self, Component, Problem};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAuditLogRetentionShort = ApiserverAuditLogRetentionShort;

pub(crate) struct ApiserverAuditLogRetentionShort;

static META: CheckMeta = CheckMeta {
    id: "apiserver-audit-log-retention-short",
    title: "API server keeps too little audit log",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[DELETE_KUBERNETES_EVENTS],
        nsa: &[nsa::AUDIT_LOGGING],
        cis: &["1.2.17", "1.2.18", "1.2.19"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver writes an audit log file (`--audit-log-path`, not `-` for stdout) and sets `--audit-log-maxage` below 30, `--audit-log-maxbackup` below 10 or `--audit-log-maxsize` below 100, the CIS minimums. 0 (the default for all three) means no limit and keeps everything, so unset or zero values are not reported (unlike kube-bench, which fails them).",
        why: "Intrusions are often found weeks later; if the log files have been rotated away by then, so is the evidence.",
        fix: "Set `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100` or more, or ship audit logs off the node.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --audit-log-path=/var/log/audit.log\n        - --audit-log-maxage=7\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --audit-log-path=/var/log/audit.log\n        - --audit-log-maxage=30\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#log-backend",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAuditLogRetentionShort {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            if f.get("audit-log-path")
                .and_then(|p| p.value)
                .is_none_or(|p| p == "-")
            {
                return None;
            }
            [("audit-log-maxage", 30, "days"), ("audit-log-maxbackup", 10, "files"), ("audit-log-maxsize", 100, "MB")]
                .into_iter()
                .find_map(|(name, minimum, unit)| {
                    let flag = f.get(name)?;
                    let value: u64 = flag.value?.trim().parse().ok()?;
                    (value > 0 && value < minimum).then(|| Problem {
                        at: flag.at,
                        message: format!("sets --{name}={value}: audit logs are rotated away before the recommended {minimum} {unit}"),
                    })
                })
        });
    }
}
