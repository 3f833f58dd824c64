//! `selinux-custom-options`: the pod or a container sets a custom SELinux type, user or role.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: SelinuxCustomOptions = SelinuxCustomOptions;

pub(crate) struct SelinuxCustomOptions;

/// The SELinux types the Pod Security Standards' Baseline level allows, besides empty.
const ALLOWED_TYPES: &[&str] = &[
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

static META: CheckMeta = CheckMeta {
    id: "selinux-custom-options",
    title: "Custom SELinux options are set",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &[],
        pss: Some(pss::SELINUX),
    },
    docs: Docs {
        what: "Fires at each `securityContext.seLinuxOptions` field of the pod spec, or of a container, init \
               container or ephemeral container, that the Pod Security Standards' Baseline level forbids: a `type` \
               other than empty, `container_t`, `container_init_t`, `container_kvm_t` or `container_engine_t`, and \
               any non-empty `user` or `role`. `level` (the MCS categories) is free. Each setting is judged on its \
               own, whichever one wins.",
        why: "On SELinux nodes (RHEL, Fedora, OpenShift) the container's SELinux type decides what it may touch on \
              the node. Another type, such as `spc_t` (super-privileged container) or `unconfined_t`, lifts that \
              confinement, and a custom user or role can grant the same. The Pod Security Standards forbid them at \
              the Baseline level.",
        fix: "Remove `seLinuxOptions.type`, `user` and `role`, or use one of the container types; set only `level` \
              to give the pod its own categories.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        seLinuxOptions:\n          type: spc_t\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seLinuxOptions:\n      level: \"s0:c123,c456\"\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for SelinuxCustomOptions {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for field in ["type", "user", "role"] {
            security::each_setting(
                ctx,
                &["seLinuxOptions", field],
                |ctx, setter, key, value| {
                    let text = value.text().unwrap_or_default();
                    if text.is_empty() || (field == "type" && ALLOWED_TYPES.contains(&text)) {
                        return;
                    }
                    let who = security::setter_name(&setter);
                    let message = if field == "type" {
                        format!("{who} sets SELinux type {text:?}, outside the container types")
                    } else {
                        format!("{who} sets a custom SELinux {field} {text:?}")
                    };
                    security::report_for(ctx, &setter, key, message);
                },
            );
        }
    }
}
