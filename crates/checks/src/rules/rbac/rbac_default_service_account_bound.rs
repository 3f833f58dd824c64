//! `rbac-default-service-account-bound`: a binding grants a role to a namespace's `default` ServiceAccount.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::rbac::{BINDING_KINDS, report_subjects};
use crate::{Check, Context};

pub(crate) static CHECK: RbacDefaultServiceAccountBound = RbacDefaultServiceAccountBound;

pub(crate) struct RbacDefaultServiceAccountBound;

static META: CheckMeta = CheckMeta {
    id: "rbac-default-service-account-bound",
    title: "Binding grants a role to a default service account",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: BINDING_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::RBAC],
        cis: &["5.1.5"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each subject of a RoleBinding or ClusterRoleBinding that is a ServiceAccount named `default`, at the subject's `name`. Groups such as `system:serviceaccounts` are not reported here. Bindings of the roles Kubernetes and kubeadm grant to everyone on purpose (`system:public-info-viewer`, `system:discovery`, `system:basic-user`, `system:service-account-issuer-discovery`, and kubeadm's `kubeadm:bootstrap-signer-clusterinfo` Role) are skipped; any other binding fires whatever its name.",
        why: "Every pod that names no service account runs as `default`, so permissions given to it go to every such pod of the namespace, including ones added later by anyone who can create pods there.",
        fix: "Create a dedicated ServiceAccount for the workload that needs the role, bind the role to it, and set `serviceAccountName` in that workload.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-reader\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: shop\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-reader\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: shop-api\n    namespace: shop\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
    },
};

impl Check for RbacDefaultServiceAccountBound {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_subjects(ctx, |subject, binding| {
            if (subject.kind, subject.name) != ("ServiceAccount", "default") {
                return None;
            }
            let namespace = subject
                .namespace
                .or(binding.id.namespace.as_deref())
                .unwrap_or("default");
            Some(format!(
                "the default service account of namespace {namespace:?}, which every pod there without serviceAccountName uses"
            ))
        });
    }
}
