//! `writable-root-filesystem`: a container does not set `securityContext.readOnlyRootFilesystem: true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::quoted;
use crate::util::security;
use crate::frameworks::{BACKDOOR_CONTAINER, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: WritableRootFilesystem = WritableRootFilesystem;

pub(crate) struct WritableRootFilesystem;

static META: CheckMeta = CheckMeta {
    id: "writable-root-filesystem",
    title: "Container root filesystem is writable",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[BACKDOOR_CONTAINER],
        nsa: &[nsa::IMMUTABLE_FILESYSTEMS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a container, init container or ephemeral container does not set \
               `securityContext.readOnlyRootFilesystem: true` (a missing field counts: the default is writable). Pods \
               declaring `spec.os.name: windows` are skipped: Windows containers cannot have a read-only root.",
        why: "A writable root filesystem lets an attacker who gets code execution download tools, plant binaries or \
              scripts, and alter the application's own files and configuration, and the changes persist for the \
              container's lifetime. An immutable root makes the container's content what the image says it is. The \
              Pod Security Standards do not require it, but the NSA/CISA Kubernetes Hardening Guidance does.",
        fix: "Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` volume at each path the \
              application must write to (for example `/tmp`, caches and pid files).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        readOnlyRootFilesystem: false\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        readOnlyRootFilesystem: true\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n  volumes:\n    - name: tmp\n      emptyDir: {}\n",
        references: &[
            "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF",
        ],
    },
};

impl Check for WritableRootFilesystem {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_linux_container(ctx, |ctx, _, container| {
            if let Some(at) = security::unless_flag(&container, "readOnlyRootFilesystem", true) {
                let message = format_args!(
                    "container {} has a writable root filesystem (readOnlyRootFilesystem is not true)",
                    quoted(container.name)
                );
                ctx.report_container(&container, at, message);
            }
        });
    }
}
