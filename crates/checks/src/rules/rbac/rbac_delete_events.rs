//! `rbac-delete-events`: a rule grants access to `events`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{DELETE_KUBERNETES_EVENTS, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacDeleteEvents = RbacDeleteEvents;

pub(crate) struct RbacDeleteEvents;

static META: CheckMeta = CheckMeta {
    id: "rbac-delete-events",
    title: "Role can delete events",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[DELETE_KUBERNETES_EVENTS],
        nsa: &[nsa::RBAC],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `delete` or `deletecollection` on `events` (core group or `events.k8s.io`). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Events are the cluster's short-term history (pods created, images pulled, probes failing); deleting them hides an attacker's activity from anyone investigating with `kubectl get events`.",
        fix: "Remove delete verbs on events; the API server expires them on its own.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [events]\n    verbs: [delete]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [events]\n    verbs: [get, list, watch]\n",
        references: &["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
    },
};

impl Check for RbacDeleteEvents {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(
                rule,
                &[("", "events"), ("events.k8s.io", "events")],
                &["delete", "deletecollection"],
            )
            .map(|p| {
                format!("grants {p}: subjects can erase the record of what happened in the cluster")
            })
        });
    }
}
