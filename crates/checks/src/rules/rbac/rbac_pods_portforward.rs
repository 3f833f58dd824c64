//! `rbac-pods-portforward`: a rule grants access to `pods/portforward`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacPodsPortforward = RbacPodsPortforward;

pub(crate) struct RbacPodsPortforward;

static META: CheckMeta = CheckMeta {
    id: "rbac-pods-portforward",
    title: "Role can port-forward to pods",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING],
        nsa: &[nsa::RBAC],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `create` or `get` on `pods/portforward`. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Port-forwarding tunnels through the kubelet into the pod's network namespace: the subject reaches admin and debug ports that no Service exposes, and NetworkPolicies do not apply to the tunnel.",
        fix: "Remove `pods/portforward` from the role, or limit it with `resourceNames` to the pods a developer must reach.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [pods, pods/portforward]\n    verbs: [create]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debugger\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [get, list, watch]\n",
        references: &["https://kubernetes.io/docs/concepts/security/rbac-good-practices/"],
    },
};

impl Check for RbacPodsPortforward {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, &[("", "pods/portforward")], &["create", "get"]).map(|p| format!("grants {p}: subjects can connect to any port of the pods, bypassing Services and NetworkPolicies"))
        });
    }
}
