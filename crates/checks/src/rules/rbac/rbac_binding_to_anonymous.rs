//! `rbac-binding-to-anonymous`: a binding grants a role to `system:anonymous` or `system:unauthenticated`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::rbac::{BINDING_KINDS, report_subjects};
use crate::{Check, Context};

pub(crate) static CHECK: RbacBindingToAnonymous = RbacBindingToAnonymous;

pub(crate) struct RbacBindingToAnonymous;

static META: CheckMeta = CheckMeta {
    id: "rbac-binding-to-anonymous",
    title: "Binding grants a role to anonymous users",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: BINDING_KINDS,
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::RBAC],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each subject of a RoleBinding or ClusterRoleBinding that is the user `system:anonymous` or the group `system:unauthenticated`, at the subject's `name`. Bindings of the roles Kubernetes and kubeadm grant to everyone on purpose (`system:public-info-viewer`, `system:discovery`, `system:basic-user`, `system:service-account-issuer-discovery`, and kubeadm's `kubeadm:bootstrap-signer-clusterinfo` Role) are skipped; any other binding fires whatever its name.",
        why: "Anonymous requests need no credentials at all: anyone who can reach the API server, from the internet if it is exposed, gets the role's permissions. Past incidents of clusters mined or wiped started this way.",
        fix: "Bind the role to authenticated users, groups or service accounts that need it; keep anonymous access limited to the health and discovery endpoints Kubernetes grants by default.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: public-read\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: system:unauthenticated\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: public-read\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: readers\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles",
            "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests",
        ],
    },
};

impl Check for RbacBindingToAnonymous {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_subjects(ctx, |subject, _| {
            let who = match (subject.kind, subject.name) {
                ("User", "system:anonymous") => "anonymous users (system:anonymous)",
                ("Group", "system:unauthenticated") => {
                    "every unauthenticated request (group system:unauthenticated)"
                }
                _ => return None,
            };
            Some(who.to_owned())
        });
    }
}
