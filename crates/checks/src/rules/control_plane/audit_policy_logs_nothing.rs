//! `audit-policy-logs-nothing`: an audit Policy has no rules, or only rules at level None.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{DELETE_KUBERNETES_EVENTS, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: AuditPolicyLogsNothing = AuditPolicyLogsNothing;

pub(crate) struct AuditPolicyLogsNothing;

static META: CheckMeta = CheckMeta {
    id: "audit-policy-logs-nothing",
    title: "Audit policy records nothing",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["Policy"],
    mappings: Mappings {
        mitre: &[DELETE_KUBERNETES_EVENTS],
        nsa: &[nsa::AUDIT_LOGGING],
        cis: &["3.2.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on an audit `Policy` (audit.k8s.io) that has no rules (at `rules`, or `kind` when missing), whose rules are all `level: None` (at `rules`), or whose first catch-all rule (no users, groups, verbs, resources, namespaces or URLs) is `level: None` before any rule that logs (at that rule's `level`): rules are matched in order and the first match wins. Kyverno's `Policy` and other kinds of the same name are ignored.",
        why: "An audit policy that logs nothing leaves the cluster with no record of who read Secrets, exec'd into pods or changed RBAC, while looking configured.",
        fix: "Log at least `Metadata` for all requests (a final `- level: Metadata` rule), with narrower rules before it.",
        failing: "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n",
        passing: "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: None\n    users: [\"system:kube-proxy\"]\n    verbs: [watch]\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [secrets, configmaps]\n      - group: authentication.k8s.io\n        resources: [tokenreviews]\n  - level: RequestResponse\n    resources:\n      - group: \"\"\n        resources: [pods]\n  - level: Metadata\n",
        references: &[
            "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for AuditPolicyLogsNothing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(root) = control_plane::audit_policy(ctx.object()) else {
            return;
        };
        let rules = root.get("rules").filter(|r| !r.is_null() && !r.is_empty());
        let Some(rules) = rules else {
            ctx.report(
                control_plane::top_level(root, "rules"),
                "the policy has no rules: the API server records no audit events",
            );
            return;
        };
        for rule in rules.items() {
            let Some((key, level)) = rule.entry("level") else {
                return;
            };
            if level.as_str() != Some("None") {
                return;
            }
            if control_plane::audit_rule_is_catch_all(rule) {
                ctx.report(key, "a catch-all rule at level None comes before any rule that logs: the API server records no audit events");
                return;
            }
        }
        ctx.report(
            control_plane::top_level(root, "rules"),
            "every rule has level None: the API server records no audit events",
        );
    }
}
