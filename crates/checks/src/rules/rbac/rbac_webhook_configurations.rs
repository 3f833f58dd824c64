//! `rbac-webhook-configurations`: a ClusterRole rule can create, change or delete admission webhook configurations.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{MALICIOUS_ADMISSION_CONTROLLER, nsa};
use crate::util::rbac::{grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacWebhookConfigurations = RbacWebhookConfigurations;

pub(crate) struct RbacWebhookConfigurations;

static META: CheckMeta = CheckMeta {
    id: "rbac-webhook-configurations",
    title: "ClusterRole can manage admission webhooks",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: &["ClusterRole"],
    mappings: Mappings {
        mitre: &[MALICIOUS_ADMISSION_CONTROLLER],
        nsa: &[nsa::RBAC],
        cis: &["5.1.12"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a ClusterRole that grants `create`, `update`, `patch` or `delete` on `mutatingwebhookconfigurations` or `validatingwebhookconfigurations` (`admissionregistration.k8s.io`). Roles are not checked: webhook configurations are cluster-scoped, so a Role cannot grant them. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. A rule limited by `resourceNames` still fires, saying which objects it is limited to. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "A mutating webhook sees and can rewrite every object sent to the API server, Secrets included: whoever registers one can inject containers into every new pod. Deleting or editing a validating webhook switches off the policies it enforces.",
        fix: "Keep webhook configuration writes to the controllers that own them, limited with `resourceNames` to their own configurations.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: hooks\nrules:\n  - apiGroups: [admissionregistration.k8s.io]\n    resources: [mutatingwebhookconfigurations]\n    verbs: [create, update, patch]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: hooks\nrules:\n  - apiGroups: [admissionregistration.k8s.io]\n    resources: [mutatingwebhookconfigurations]\n    verbs: [get, list, watch]\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks",
        ],
    },
};

impl Check for RbacWebhookConfigurations {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, &[("admissionregistration.k8s.io", "mutatingwebhookconfigurations"), ("admissionregistration.k8s.io", "validatingwebhookconfigurations")], &["create", "update", "patch", "delete"]).map(|p| format!("grants {p}: subjects can intercept, rewrite or switch off admission of every object"))
        });
    }
}
