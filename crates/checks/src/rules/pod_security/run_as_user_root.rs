//! `run-as-user-root`: a container's effective `runAsUser` is 0.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::quoted;
use crate::util::security;
use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: RunAsUserRoot = RunAsUserRoot;

pub(crate) struct RunAsUserRoot;

static META: CheckMeta = CheckMeta {
    id: "run-as-user-root",
    title: "Container runs as user 0",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::NON_ROOT_CONTAINERS],
        cis: &["5.2.7"],
        pss: Some(pss::RUNNING_AS_NON_ROOT_USER),
    },
    docs: Docs {
        what: "Fires when a container, init container or ephemeral container's effective `runAsUser` is 0: the \
               container's `securityContext.runAsUser` when set, else the pod's `securityContext.runAsUser`. The \
               finding points at the field that decides it, in the container or in the pod.",
        why: "UID 0 is root. Explicitly asking for it overrides a non-root `USER` in the image, and a root process is \
              one kernel bug, writable host mount or added capability away from root on the node; it can also \
              rewrite everything in the container's filesystem. The Pod Security Standards forbid `runAsUser: 0` at \
              the Restricted level.",
        fix: "Set `runAsUser` to a non-zero UID the image works with (and `runAsNonRoot: true`), or remove it and \
              build the image with a numeric non-root `USER`. A container-level value overrides the pod's, so check \
              both.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        runAsUser: 0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        runAsUser: 10001\n        runAsNonRoot: true\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
    },
};

impl Check for RunAsUserRoot {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_container(ctx, |ctx, spec, container| {
            let path = &["runAsUser"];
            if let Some((key, value)) = security::effective_field(spec, &container, path)
                && value.as_i64() == Some(0)
            {
                let by = security::setter(&container, path);
                let message = format_args!(
                    "container {} runs as root: {by} sets runAsUser: 0",
                    quoted(container.name)
                );
                ctx.report_container(&container, key, message);
            }
        });
    }
}
