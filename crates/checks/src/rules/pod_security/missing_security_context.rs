//! `missing-security-context`: neither a container nor its pod sets any `securityContext`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::nsa;
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: MissingSecurityContext = MissingSecurityContext;

pub(crate) struct MissingSecurityContext;

static META: CheckMeta = CheckMeta {
    id: "missing-security-context",
    title: "Container has no security context",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each container, init container or ephemeral container that has no `securityContext` (or \
               a null or empty one) when the pod spec has no `securityContext` either (or a null or empty one), at \
               the container's empty `securityContext` key or else the container. A security context at either \
               level, whatever it sets, silences it: the specific checks (`run-as-root-allowed`, \
               `seccomp-profile-missing`, `capabilities-not-dropped`...) judge its content.",
        why: "A workload that sets no security context at all runs with every default of the image and the \
              runtime: often as root, with the default capabilities, a writable root filesystem and privilege \
              escalation allowed. It usually means nobody considered the workload's privileges, and it is the \
              first thing a reviewer or an admission policy will ask for.",
        fix: "Add a pod-level `securityContext` (for example `runAsNonRoot: true` and `seccompProfile: {type: \
              RuntimeDefault}`) and a container-level one (`allowPrivilegeEscalation: false`, \
              `readOnlyRootFilesystem: true`, `capabilities: {drop: [ALL]}`).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
    },
};

impl Check for MissingSecurityContext {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(spec) = workload::pod_spec(ctx.object()) else {
            return;
        };
        if !security::is_unset(spec.get("securityContext")) {
            return;
        }
        for container in workload::pod_containers(ctx.object()) {
            let own = container.node.entry("securityContext");
            if security::is_unset(own.map(|(_, value)| value)) {
                let message = format_args!(
                    "{} has no security context, and neither has the pod",
                    general::describe(&container)
                );
                ctx.report_container(
                    &container,
                    own.map_or(container.node, |(key, _)| key),
                    message,
                );
            }
        }
    }
}
