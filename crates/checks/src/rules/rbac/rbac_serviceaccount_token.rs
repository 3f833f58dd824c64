//! `rbac-serviceaccount-token`: a rule grants access to `serviceaccounts/token`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacServiceaccountToken = RbacServiceaccountToken;

pub(crate) struct RbacServiceaccountToken;

static META: CheckMeta = CheckMeta {
    id: "rbac-serviceaccount-token",
    title: "Role can create service account tokens",
    severity: Severity::High,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::RBAC],
        cis: &["5.1.13"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `create` on `serviceaccounts/token` (the TokenRequest API). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "A TokenRequest returns a fresh, valid token for the service account: the subject gets every permission of every service account it may request tokens for, for as long as the token lives.",
        fix: "Remove `serviceaccounts/token`, or limit it with `resourceNames` to the service accounts the subject must act as.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [serviceaccounts, serviceaccounts/token]\n    verbs: [create]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [serviceaccounts]\n    verbs: [get, list, watch]\n",
        references: &[
            "https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
    },
};

impl Check for RbacServiceaccountToken {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, &[("", "serviceaccounts/token")], &["create"]).map(|p| format!("grants {p}: subjects can mint tokens for those service accounts and act with their permissions"))
        });
    }
}
