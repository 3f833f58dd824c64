//! `run-as-root-allowed`: nothing guarantees that a container runs as a non-root user.

use kubeward_core::workload::Container;
use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};
use kubeward_yaml::NodeRef;

use crate::util::general::quoted;
use crate::util::security;
use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: RunAsRootAllowed = RunAsRootAllowed;

pub(crate) struct RunAsRootAllowed;

static META: CheckMeta = CheckMeta {
    id: "run-as-root-allowed",
    title: "Container may run as root",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::NON_ROOT_CONTAINERS],
        cis: &["5.2.7"],
        pss: Some(pss::RUNNING_AS_NON_ROOT),
    },
    docs: Docs {
        what: "Fires when a container, init container or ephemeral container's effective `runAsNonRoot` is not true: \
               the container's `securityContext.runAsNonRoot` when set (so a container's `false` overrides the pod's \
               `true`), else the pod's `securityContext.runAsNonRoot`. It does not fire when the effective \
               `runAsUser` (container, else pod) is a non-zero UID, which also guarantees a non-root user, nor, for \
               pods declaring `spec.os.name: windows`, when the effective `windowsOptions.runAsUserName` is another \
               user than `ContainerAdministrator`.",
        why: "Without `runAsNonRoot: true` the container runs as whatever user its image names, and very many images \
              default to root. A root process in a container is one kernel bug, writable host mount or added \
              capability away from root on the node, and it can modify everything in its own filesystem. With the \
              field set, the kubelet refuses to start a container that would run as UID 0. The Pod Security Standards \
              require it at the Restricted level.",
        fix: "Set `securityContext.runAsNonRoot: true` in the pod spec (it applies to every container) and build the \
              image with a numeric non-root `USER`, or set `runAsUser` to a non-zero UID. Remove any container-level \
              `runAsNonRoot: false`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
    },
};

impl Check for RunAsRootAllowed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_container(ctx, |ctx, spec, container| {
            let path = &["runAsNonRoot"];
            let non_root = security::effective_field(spec, &container, path);
            if non_root.and_then(|(_, value)| value.as_bool()) == Some(true)
                || runs_as_named_user(spec, &container)
            {
                return;
            }
            let reason = match non_root {
                Some((_, value)) => {
                    let by = security::setter(&container, path);
                    match value.as_bool() {
                        Some(false) => format!("{by} sets runAsNonRoot: false"),
                        _ => format!(
                            "{by} sets runAsNonRoot to {}, not true",
                            quoted(value.text().unwrap_or_default())
                        ),
                    }
                }
                None => "neither it nor the pod sets runAsNonRoot: true".to_owned(),
            };
            let at = security::effective_anchor(spec, &container, path);
            ctx.report_container(
                &container,
                at,
                format_args!(
                    "container {} may run as root: {reason}",
                    quoted(container.name)
                ),
            );
        });
    }
}

/// Whether the container's effective user is set and is not root: a non-zero `runAsUser`, or on
/// Windows a `runAsUserName` other than `ContainerAdministrator`.
fn runs_as_named_user(spec: NodeRef<'_>, container: &Container<'_>) -> bool {
    let uid = security::effective_field(spec, container, &["runAsUser"])
        .and_then(|(_, value)| value.as_i64());
    let windows_user =
        security::effective_field(spec, container, &["windowsOptions", "runAsUserName"])
            .and_then(|(_, value)| value.as_str())
            .filter(|_| security::is_windows(spec));
    uid.is_some_and(|uid| uid > 0)
        || windows_user.is_some_and(|user| !user.eq_ignore_ascii_case("ContainerAdministrator"))
}
