//! `privilege-escalation-allowed`: a container's effective `allowPrivilegeEscalation` is not `false`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::quoted;
use crate::util::security;
use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: PrivilegeEscalationAllowed = PrivilegeEscalationAllowed;

pub(crate) struct PrivilegeEscalationAllowed;

static META: CheckMeta = CheckMeta {
    id: "privilege-escalation-allowed",
    title: "Container allows privilege escalation",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.6"],
        pss: Some(pss::PRIVILEGE_ESCALATION),
    },
    docs: Docs {
        what: "Fires when a container, init container or ephemeral container does not set \
               `securityContext.allowPrivilegeEscalation: false` (a missing field counts, since Kubernetes defaults it \
               to true), and when it sets it to false but is privileged or adds `CAP_SYS_ADMIN` (or `ALL`), which make \
               escalation possible whatever the field says. Pods declaring `spec.os.name: windows` are skipped: the \
               field is Linux-only.",
        why: "Unless the field is false, the container's processes are started without the kernel's `no_new_privs` \
              flag, so a setuid or file-capability binary in the image (`su`, `sudo`, `ping`, or one an attacker \
              drops) can gain more privileges than the process that ran it, turning a code-execution bug into root \
              in the container and a shorter path to the node. The Pod Security Standards require false at the \
              Restricted level.",
        fix: "Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral \
              container. It costs nothing for applications that do not rely on setuid binaries; if one does, give it \
              the capability it needs instead. Remove `privileged: true` and `CAP_SYS_ADMIN`, which override it.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        allowPrivilegeEscalation: true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        allowPrivilegeEscalation: false\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
    },
};

impl Check for PrivilegeEscalationAllowed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_linux_container(ctx, |ctx, _, container| {
            let name = quoted(container.name);
            if let Some(at) = security::unless_flag(&container, "allowPrivilegeEscalation", false) {
                let message = format_args!(
                    "container {name} allows privilege escalation (allowPrivilegeEscalation is not false)"
                );
                ctx.report_container(&container, at, message);
            } else if let Some(cause) = overriding_cause(&container) {
                let at = security::container_anchor(&container, &[]);
                let message = format_args!(
                    "container {name} allows privilege escalation: {cause}, which overrides allowPrivilegeEscalation: false"
                );
                ctx.report_container(&container, at, message);
            }
        });
    }
}

/// What makes escalation possible although `allowPrivilegeEscalation` is false.
fn overriding_cause(container: &workload::Container<'_>) -> Option<&'static str> {
    if security::is_privileged(container) {
        Some("it is privileged")
    } else if security::adds_sys_admin(container) {
        Some("it adds CAP_SYS_ADMIN")
    } else {
        None
    }
}
