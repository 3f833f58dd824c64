//! `rbac-nodes-proxy`: a rule grants access to `nodes/proxy`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_KUBELET_API, EXEC_INTO_CONTAINER, nsa};
use crate::util::rbac::{grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacNodesProxy = RbacNodesProxy;

pub(crate) struct RbacNodesProxy;

static META: CheckMeta = CheckMeta {
    id: "rbac-nodes-proxy",
    title: "ClusterRole can proxy to kubelets",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["ClusterRole"],
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API, EXEC_INTO_CONTAINER],
        nsa: &[nsa::RBAC],
        cis: &["5.1.10"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a ClusterRole that grants any verb on `nodes/proxy`. Roles are not checked: nodes are cluster-scoped, so a Role cannot grant them. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "The kubelet API behind `nodes/proxy` runs commands in any container of the node (`/exec`, `/run`) and reads their logs, without the API server's exec authorization or audit trail of `pods/exec`.",
        fix: "Remove `nodes/proxy`; monitoring agents need `nodes/metrics` or `nodes/stats`, not the proxy.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: debugger\nrules:\n  - apiGroups: ['']\n    resources: [nodes, nodes/proxy]\n    verbs: [get]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: debugger\nrules:\n  - apiGroups: ['']\n    resources: [nodes]\n    verbs: [get, list, watch]\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
    },
};

impl Check for RbacNodesProxy {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, &[("", "nodes/proxy")], &["get", "create", "update", "patch", "delete"]).map(|p| format!("grants {p}: subjects can call the kubelet API of every node, running commands in its pods"))
        });
    }
}
