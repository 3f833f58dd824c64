//! `rbac-csr-approval`: a ClusterRole can approve CertificateSigningRequests.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_ADMIN_BINDING, nsa};
use crate::util::rbac::{effective_rules, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacCsrApproval = RbacCsrApproval;

pub(crate) struct RbacCsrApproval;

static META: CheckMeta = CheckMeta {
    id: "rbac-csr-approval",
    title: "ClusterRole can approve certificate signing requests",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["ClusterRole"],
    mappings: Mappings {
        mitre: &[CLUSTER_ADMIN_BINDING],
        nsa: &[nsa::RBAC],
        cis: &["5.1.11"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a ClusterRole that grants `update` or `patch` on `certificatesigningrequests/approval` (`certificates.k8s.io`) when the role's effective rules also grant `approve` on `signers`: both are needed to approve a request. Roles are not checked (both resources are cluster-scoped). Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Approving a request for the `kubernetes.io/kube-apiserver-client` signer mints a client certificate for any user and group, `system:masters` included; certificates cannot be revoked before they expire.",
        fix: "Leave approval to the controller manager and to a small break-glass role; limit `approve` on `signers` with `resourceNames` to the signers a controller really handles.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: csr-approver\nrules:\n  - apiGroups: [certificates.k8s.io]\n    resources: [certificatesigningrequests/approval]\n    verbs: [update]\n  - apiGroups: [certificates.k8s.io]\n    resources: [signers]\n    verbs: [approve]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: csr-approver\nrules:\n  - apiGroups: [certificates.k8s.io]\n    resources: [certificatesigningrequests]\n    verbs: [get, list, watch]\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing",
        ],
    },
};

impl Check for RbacCsrApproval {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let can_approve = effective_rules(ctx.inventory(), object)
            .iter()
            .any(|rule| rule.allows("certificates.k8s.io", "signers", "approve"));
        if !can_approve {
            return;
        }
        report_rules(ctx, |rule| {
            grant_phrase(
                rule,
                &[("certificates.k8s.io", "certificatesigningrequests/approval")],
                &["update", "patch"],
            )
            .map(|p| format!("grants {p} with approve on signers: subjects can issue certificates for any identity"))
        });
    }
}
