//! `audit-policy-logs-secret-data`: an audit Policy logs request or response bodies of Secrets, ConfigMaps or TokenReviews.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CREDENTIALS_IN_CONFIGURATION, LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, RuleMatch};
use crate::{Check, Context};

pub(crate) static CHECK: AuditPolicyLogsSecretData = AuditPolicyLogsSecretData;

pub(crate) struct AuditPolicyLogsSecretData;

static META: CheckMeta = CheckMeta {
    id: "audit-policy-logs-secret-data",
    title: "Audit policy writes secret data to the audit log",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["Policy"],
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS, CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::AUDIT_LOGGING, nsa::SECRETS],
        cis: &["3.2.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on an audit `Policy` rule at level `Request` or `RequestResponse` that applies to Secrets, ConfigMaps or TokenReviews (by name, by `*`, by naming the whole group, or by naming no resources), unless an earlier rule already matches every request for them (rules are matched in order, first match wins). Reported at the rule's `level`, naming the resources.",
        why: "Request and response bodies of these resources contain secret values and bearer tokens. Logging them copies every credential into audit files and whatever log pipeline ingests them, usually with far weaker access control than etcd.",
        fix: "Add a rule logging `secrets`, `configmaps` and `authentication.k8s.io/tokenreviews` at `Metadata` before any broader rule that logs bodies.",
        failing: "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n",
        passing: "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: None\n    users: [\"system:kube-proxy\"]\n    verbs: [watch]\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [secrets, configmaps]\n      - group: authentication.k8s.io\n        resources: [tokenreviews]\n  - level: RequestResponse\n    resources:\n      - group: \"\"\n        resources: [pods]\n  - level: Metadata\n",
        references: &[
            "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for AuditPolicyLogsSecretData {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(root) = control_plane::audit_policy(ctx.object()) else {
            return;
        };
        let Some(rules) = root.get("rules") else {
            return;
        };
        const SENSITIVE: &[(&str, &str)] = &[
            ("", "secrets"),
            ("", "configmaps"),
            ("authentication.k8s.io", "tokenreviews"),
        ];
        let mut shadowed = [false; SENSITIVE.len()];
        for rule in rules.items() {
            let Some((key, level)) = rule.entry("level") else {
                continue;
            };
            let logs_bodies = matches!(level.as_str(), Some("Request" | "RequestResponse"));
            let mut leaked = Vec::new();
            for (i, (group, resource)) in SENSITIVE.iter().enumerate() {
                if shadowed[i] {
                    continue;
                }
                let matched = control_plane::audit_rule_matches(rule, group, resource);
                if matched != RuleMatch::No && logs_bodies {
                    leaked.push(*resource);
                }
                shadowed[i] |= matched == RuleMatch::All;
            }
            if !leaked.is_empty() {
                let level = level.as_str().unwrap_or_default();
                ctx.report(
                    key,
                    format_args!("this rule logs {} at level {level}: their contents (secret values, tokens) are written to the audit log", leaked.join(", ")),
                );
            }
        }
    }
}
