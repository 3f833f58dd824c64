//! `rbac-ephemeral-containers`: a rule grants access to `pods/ephemeralcontainers`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{NEW_CONTAINER, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacEphemeralContainers = RbacEphemeralContainers;

pub(crate) struct RbacEphemeralContainers;

static META: CheckMeta = CheckMeta {
    id: "rbac-ephemeral-containers",
    title: "Role can add ephemeral containers",
    severity: Severity::High,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[NEW_CONTAINER],
        nsa: &[nsa::RBAC],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `update` or `patch` on `pods/ephemeralcontainers` (what `kubectl debug` uses). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "An ephemeral container runs any image inside an existing pod, sharing its network, volumes, service account and optionally its process namespace: it is exec with a tool-laden image of the subject's choice.",
        fix: "Grant `pods/ephemeralcontainers` only to break-glass debugging roles.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [pods, pods/ephemeralcontainers]\n    verbs: [patch]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [get, list, watch]\n",
        references: &["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
    },
};

impl Check for RbacEphemeralContainers {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(
                rule,
                &[("", "pods/ephemeralcontainers")],
                &["update", "patch"],
            )
            .map(|p| {
                format!("grants {p}: subjects can add a container with any image to running pods")
            })
        });
    }
}
