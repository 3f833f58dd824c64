//! `proc-mount-unmasked`: a container asks for an unmasked `/proc` (`procMount` other than `Default`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: ProcMountUnmasked = ProcMountUnmasked;

pub(crate) struct ProcMountUnmasked;

static META: CheckMeta = CheckMeta {
    id: "proc-mount-unmasked",
    title: "Container has an unmasked /proc",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &[],
        pss: Some(pss::PROC_MOUNT),
    },
    docs: Docs {
        what: "Fires at a container, init container or ephemeral container's `securityContext.procMount` when it \
               is set to anything other than `Default` (that is `Unmasked`). As in the current Pod Security \
               Standards' Baseline level, pods in a user namespace (`spec.hostUsers: false`) are exempt; the \
               Restricted level forbids it for them too, which this check does not report.",
        why: "The runtime masks and makes read-only the parts of `/proc` that reveal or change the node's kernel \
              (`/proc/kcore`, `/proc/sysrq-trigger`, `/proc/sys`, timer and key lists...). `Unmasked` exposes them \
              to the container; without a user namespace a root process can then read kernel memory layouts or \
              change kernel settings shared with the node. The Pod Security Standards forbid it at the Baseline \
              level.",
        fix: "Remove `procMount` or set it to `Default`. Nested container runtimes that need an unmasked `/proc` \
              should run in a user namespace (`hostUsers: false`).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        procMount: Unmasked\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        procMount: Default\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for ProcMountUnmasked {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_container(ctx, |ctx, spec, container| {
            if spec.get_bool("hostUsers") == Some(false) {
                return;
            }
            let Some((key, value)) = security::container_field(&container, &["procMount"]) else {
                return;
            };
            let mount = value.text().unwrap_or_default();
            if mount != "Default" {
                let message = format_args!(
                    "{} sets procMount {mount:?}: the node's /proc is not masked",
                    general::describe(&container)
                );
                ctx.report_container(&container, key, message);
            }
        });
    }
}
