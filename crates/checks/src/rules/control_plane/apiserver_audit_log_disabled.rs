//! `apiserver-audit-log-disabled`: kube-apiserver has no audit backend or no audit policy.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{DELETE_KUBERNETES_EVENTS, nsa};
use crate::util::control_plane::{self, Component, Problem};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAuditLogDisabled = ApiserverAuditLogDisabled;

pub(crate) struct ApiserverAuditLogDisabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-audit-log-disabled",
    title: "API server writes no audit log",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[DELETE_KUBERNETES_EVENTS],
        nsa: &[nsa::AUDIT_LOGGING, nsa::CONTROL_PLANE],
        cis: &["1.2.16"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver has neither `--audit-log-path` nor `--audit-webhook-config-file` (no audit backend), or has a backend but no `--audit-policy-file` (without a policy the API server records nothing). Reported at `command`.",
        why: "Audit logs are the only record of who read which Secret, created which pod or deleted which events. Without them an intrusion cannot be detected or reconstructed.",
        fix: "Set `--audit-policy-file` and `--audit-log-path` (or a webhook backend), and mount both paths into the pod.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --audit-log-path=/var/log/audit.log\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --audit-policy-file=/etc/kubernetes/audit/policy.yaml\n        - --audit-log-path=/var/log/audit.log\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAuditLogDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            if !f.is_set("audit-log-path") && !f.is_set("audit-webhook-config-file") {
                f.require(&["audit-log-path"], "no audit events are recorded")
            } else if !f.is_set("audit-policy-file") {
                Some(Problem {
                at: f.anchor(),
                message: "sets an audit backend but no --audit-policy-file: without a policy no audit events are recorded".into(),
            })
            } else {
                None
            }
        });
    }
}
