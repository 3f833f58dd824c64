//! `rbac-wildcard`: a rule grants `*` verbs on `*` resources.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::util::rbac::{ROLE_KINDS, group_label, list, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacWildcard = RbacWildcard;

pub(crate) struct RbacWildcard;

static META: CheckMeta = CheckMeta {
    id: "rbac-wildcard",
    title: "Role grants every verb on every resource",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[CLUSTER_ADMIN_BINDING],
        nsa: &[nsa::RBAC],
        cis: &["5.1.3"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole whose `verbs` and `resources` both contain `*`, in `*` API groups or in a built-in group (the core group, dot-less groups such as `apps` or `batch`, and `*.k8s.io` groups). It does NOT fire for `*` verbs on named resources, for read-only verbs on `*` resources (see `rbac-secrets-read`), or for wildcards limited to a custom resource group such as `example.com`, which operators commonly hold over their own CRDs. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "A rule with every verb on every resource of the core or RBAC group is cluster-admin in disguise: it reads every Secret, runs pods with any service account, and edits RBAC to grant anything else. It also silently picks up every resource and verb added in future Kubernetes versions.",
        fix: "List the resources and verbs the subject needs; if it truly needs everything, say so with a binding to `cluster-admin` that reviewers can see.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: ['*']\n    resources: ['*']\n    verbs: ['*']\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, list, watch, update, patch]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege",
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources",
        ],
    },
};

impl Check for RbacWildcard {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            if !rule.verbs.contains(&"*") || !rule.resources.contains(&"*") {
                return None;
            }
            let built_in = |g: &&&str| !g.contains('.') || g.ends_with(".k8s.io");
            let groups: Vec<String> = if rule.api_groups.contains(&"*") {
                vec![group_label("*")]
            } else {
                rule.api_groups
                    .iter()
                    .filter(built_in)
                    .map(|g| group_label(g))
                    .collect()
            };
            if groups.is_empty() {
                return None;
            }
            let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
            Some(format!(
                "grants every verb on every resource of {}",
                list(&groups)
            ))
        });
    }
}
