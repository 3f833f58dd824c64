//! `rbac-secrets-read`: a rule grants get, list or watch on Secrets.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, lists_secrets_everywhere, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacSecretsRead = RbacSecretsRead;

pub(crate) struct RbacSecretsRead;

static META: CheckMeta = CheckMeta {
    id: "rbac-secrets-read",
    title: "Role can read Secrets",
    severity: Severity::High,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::RBAC],
        cis: &["5.1.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `get`, `list` or `watch` on `secrets` (core group), except ClusterRole rules that grant `list` or `watch` on every Secret, which `rbac-secrets-list-cluster-wide` reports instead (one finding per rule). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Secrets hold service account tokens, registry credentials, TLS keys and database passwords. Whoever can read them can act as those identities; `list` and `watch` return every Secret of the namespace at once, values included.",
        fix: "Mount the Secrets a workload needs into its pods instead of reading them through the API; when API access is unavoidable, grant `get` with `resourceNames` naming only the Secrets needed.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [secrets]\n    verbs: [get, list]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n  - apiGroups: ['']\n    resources: [configmaps]\n    verbs: [get, list]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
    },
};

impl Check for RbacSecretsRead {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let kind = ctx.object().kind();
        report_rules(ctx, |rule| {
            if !lists_secrets_everywhere(kind, rule).is_empty() {
                return None;
            }
            grant_phrase(rule, &[("", "secrets")], &["get", "list", "watch"])
                .map(|p| format!("grants {p}: subjects can read Secret values"))
        });
    }
}
