//! `rbac-impersonate`: a rule grants the impersonate verb.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacImpersonate = RbacImpersonate;

pub(crate) struct RbacImpersonate;

static META: CheckMeta = CheckMeta {
    id: "rbac-impersonate",
    title: "Role can impersonate users, groups or service accounts",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[CLUSTER_ADMIN_BINDING],
        nsa: &[nsa::RBAC],
        cis: &["5.1.8"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a ClusterRole that grants `impersonate` on users, groups, service accounts or uids (`authentication.k8s.io`), and of a Role that grants it on service accounts (users and groups are not namespaced, so a Role cannot grant impersonating them). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Impersonation lets the subject send requests as someone else. Impersonating the group `system:masters` or any admin user is cluster-admin; impersonating a service account gives all of its permissions.",
        fix: "Remove `impersonate`; if a proxy needs it, limit it with `resourceNames` to the identities it serves.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: proxy\nrules:\n  - apiGroups: ['']\n    resources: [users, groups]\n    verbs: [impersonate]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: proxy\nrules:\n  - apiGroups: ['']\n    resources: [users]\n    verbs: [get, list]\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb",
        ],
    },
};

impl Check for RbacImpersonate {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let wanted: &[(&str, &str)] = if ctx.object().kind() == "Role" {
            &[("", "serviceaccounts")]
        } else {
            &[
                ("", "users"),
                ("", "groups"),
                ("", "serviceaccounts"),
                ("authentication.k8s.io", "uids"),
            ]
        };
        report_rules(ctx, |rule| {
            grant_phrase(rule, wanted, &["impersonate"]).map(|p| {
                format!("grants {p}: subjects can act with the permissions of those identities")
            })
        });
    }
}
