//! `rbac-escalate`: a rule grants the escalate verb on roles or clusterroles.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::util::rbac::{ROLE_KINDS, ROLE_RESOURCES, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacEscalate = RbacEscalate;

pub(crate) struct RbacEscalate;

static META: CheckMeta = CheckMeta {
    id: "rbac-escalate",
    title: "Role can escalate role permissions",
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
        what: "Fires for each rule of a Role or ClusterRole that grants `escalate` on `roles` or `clusterroles` (`rbac.authorization.k8s.io`). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "RBAC normally forbids writing a role with permissions one does not hold; `escalate` lifts that check, so a subject that can update a role it is bound to adds `*` on `*` to it.",
        fix: "Remove `escalate`; role authors should hold the permissions they grant.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-admin\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles, clusterroles]\n    verbs: [update, escalate]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-admin\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles, clusterroles]\n    verbs: [update]\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb",
        ],
    },
};

impl Check for RbacEscalate {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            let phrase = grant_phrase(rule, ROLE_RESOURCES, &["escalate"])?;
            Some(format!(
                "grants {phrase}: subjects can give roles permissions they do not hold"
            ))
        });
    }
}
