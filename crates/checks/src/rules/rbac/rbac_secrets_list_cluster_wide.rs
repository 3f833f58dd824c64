//! `rbac-secrets-list-cluster-wide`: a ClusterRole rule grants list or watch on all Secrets.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::rbac::{list, lists_secrets_everywhere, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacSecretsListClusterWide = RbacSecretsListClusterWide;

pub(crate) struct RbacSecretsListClusterWide;

static META: CheckMeta = CheckMeta {
    id: "rbac-secrets-list-cluster-wide",
    title: "ClusterRole can list every Secret",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: &["ClusterRole"],
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::RBAC],
        cis: &["5.1.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a ClusterRole that grants `list` or `watch` on `secrets` (core group) without `resourceNames`: bound by a ClusterRoleBinding, it returns every Secret of every namespace. Narrower reads (Roles, `get` only, named Secrets) are reported by `rbac-secrets-read` instead. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "One `list secrets` call across all namespaces returns every credential in the cluster, including the tokens of controllers that are themselves cluster-admin: holding this is very close to holding the cluster.",
        fix: "Grant Secret access per namespace with a Role, limited to `get` on named Secrets, or mount the Secrets into the pods that need them.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: secret-sync\nrules:\n  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [list, watch]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: secret-sync\nrules:\n  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get]\n    resourceNames: [sync-config]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets",
        ],
    },
};

impl Check for RbacSecretsListClusterWide {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let kind = ctx.object().kind();
        report_rules(ctx, |rule| {
            let verbs = lists_secrets_everywhere(kind, rule);
            (!verbs.is_empty()).then(|| {
                format!(
                    "grants {} on secrets: bound by a ClusterRoleBinding it reads every Secret of every namespace",
                    list(&verbs)
                )
            })
        });
    }
}
