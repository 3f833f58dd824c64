//! `rbac-binding-to-authenticated`: a binding grants a role to the group `system:authenticated`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::rbac::{BINDING_KINDS, report_subjects};
use crate::{Check, Context};

pub(crate) static CHECK: RbacBindingToAuthenticated = RbacBindingToAuthenticated;

pub(crate) struct RbacBindingToAuthenticated;

static META: CheckMeta = CheckMeta {
    id: "rbac-binding-to-authenticated",
    title: "Binding grants a role to every authenticated user",
    severity: Severity::High,
    category: Category::Security,
    kinds: BINDING_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::RBAC],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each subject of a RoleBinding or ClusterRoleBinding that is the group `system:authenticated`, at the subject's `name`. Bindings of the roles Kubernetes and kubeadm grant to everyone on purpose (`system:public-info-viewer`, `system:discovery`, `system:basic-user`, `system:service-account-issuer-discovery`, and kubeadm's `kubeadm:bootstrap-signer-clusterinfo` Role) are skipped; any other binding fires whatever its name.",
        why: "`system:authenticated` holds every identity the cluster accepts: every service account token of every pod, every node, and on some managed platforms any account of the cloud provider. A role bound to it is available to any compromised pod.",
        fix: "Bind the role to the specific users, groups or service accounts that need it.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: everyone-edits\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: system:authenticated\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: everyone-edits\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: developers\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
    },
};

impl Check for RbacBindingToAuthenticated {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_subjects(ctx, |subject, _| {
            let who = match (subject.kind, subject.name) {
                ("Group", "system:authenticated") => {
                    "every authenticated identity (group system:authenticated)"
                }
                _ => return None,
            };
            Some(who.to_owned())
        });
    }
}
