//! `rbac-pods-exec`: a rule grants access to `pods/exec`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{EXEC_INTO_CONTAINER, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacPodsExec = RbacPodsExec;

pub(crate) struct RbacPodsExec;

static META: CheckMeta = CheckMeta {
    id: "rbac-pods-exec",
    title: "Role can exec into pods",
    severity: Severity::High,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[EXEC_INTO_CONTAINER],
        nsa: &[nsa::RBAC],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `create` or `get` on `pods/exec` (`get` suffices for exec over WebSockets on clusters older than 1.31). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Exec runs arbitrary commands inside running containers: the subject gets the containers' files, mounted Secrets and service account tokens, and whatever those pods can reach.",
        fix: "Remove `pods/exec` from the role; grant it only to break-glass roles, ideally through a time-limited binding.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [pods, pods/exec]\n    verbs: [create]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [get, list, watch]\n",
        references: &[
            "https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
    },
};

impl Check for RbacPodsExec {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, &[("", "pods/exec")], &["create", "get"])
                .map(|p| format!("grants {p}: subjects can run commands in the pods' containers"))
        });
    }
}
