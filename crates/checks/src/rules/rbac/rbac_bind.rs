//! `rbac-bind`: a rule grants the bind verb on roles or clusterroles.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::util::rbac::{ROLE_KINDS, ROLE_RESOURCES, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacBind = RbacBind;

pub(crate) struct RbacBind;

static META: CheckMeta = CheckMeta {
    id: "rbac-bind",
    title: "Role can bind any role",
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
        what: "Fires for each rule of a Role or ClusterRole that grants `bind` on `roles` or `clusterroles` (`rbac.authorization.k8s.io`). Bind lets a subject that can create bindings grant roles holding permissions it does not have itself. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "RBAC normally forbids granting permissions one does not hold; `bind` lifts that check. With it and `create` on bindings, a subject binds `cluster-admin` to itself.",
        fix: "Remove `bind`, or limit it with `resourceNames` to the specific roles the subject hands out.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: granter\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [bind]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: granter\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [get, list]\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#bind-verb",
        ],
    },
};

impl Check for RbacBind {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, ROLE_RESOURCES, &["bind"]).map(|p| {
                format!("grants {p}: subjects can grant roles with permissions they do not hold")
            })
        });
    }
}
