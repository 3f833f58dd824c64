//! `cluster-admin-binding`: a binding grants the `cluster-admin` ClusterRole.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: ClusterAdminBinding = ClusterAdminBinding;

pub(crate) struct ClusterAdminBinding;

const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

static META: CheckMeta = CheckMeta {
    id: "cluster-admin-binding",
    title: "Binding grants cluster-admin",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: &["ClusterRoleBinding", "RoleBinding"],
    mappings: Mappings {
        mitre: &[CLUSTER_ADMIN_BINDING],
        nsa: &[nsa::RBAC],
        cis: &["5.1.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a ClusterRoleBinding or RoleBinding (`rbac.authorization.k8s.io`) has a `roleRef` naming \
               the ClusterRole `cluster-admin`, and lists the subjects it grants it to. A RoleBinding grants it \
               within its namespace only, which still means every permission there, Secrets and RBAC included.",
        why: "`cluster-admin` can do anything to any object: read every Secret, run privileged pods on any node, \
              and grant itself or others any further access. Whoever holds a bound user, group or service \
              account token owns the cluster, so a single leaked CI token or compromised pod becomes a full \
              cluster compromise.",
        fix: "Bind a Role or ClusterRole with only the verbs and resources the subject needs; keep \
              `cluster-admin` for break-glass human access outside your manifests.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: deployer\n    namespace: ci\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: deployer\nsubjects:\n  - kind: ServiceAccount\n    name: deployer\n    namespace: ci\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
    },
};

impl Check for ClusterAdminBinding {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let root = object.root();
        let Some(role) = root.get("roleRef") else {
            return;
        };
        let Some((at, name)) = role.entry("name") else {
            return;
        };
        if object.api_group() != RBAC_GROUP
            || role.get_str("kind") != Some("ClusterRole")
            || role
                .get_str("apiGroup")
                .is_some_and(|group| group != RBAC_GROUP)
            || name.as_str() != Some("cluster-admin")
        {
            return;
        }
        let subjects: Vec<String> = root
            .get("subjects")
            .into_iter()
            .flat_map(|s| s.items())
            .map(|subject| {
                let name = subject.get_str("name").unwrap_or_default();
                let kind = subject.get_str("kind").unwrap_or_default();
                match subject.get_str("namespace") {
                    Some(namespace) if kind == "ServiceAccount" => {
                        format!("{kind}/{namespace}/{name}")
                    }
                    _ => format!("{kind}/{name}"),
                }
            })
            .collect();
        let scope = match &object.id.namespace {
            Some(namespace) if object.kind() == "RoleBinding" => {
                format!(" in namespace {namespace:?}")
            }
            _ => String::new(),
        };
        let message = if subjects.is_empty() {
            format!("grants cluster-admin{scope} (no subjects yet)")
        } else {
            format!("grants cluster-admin{scope} to {}", subjects.join(", "))
        };
        ctx.report(at, message);
    }
}
