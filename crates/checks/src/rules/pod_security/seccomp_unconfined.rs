//! `seccomp-unconfined`: the pod or a container sets `seccompProfile.type` to `Unconfined`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: SeccompUnconfined = SeccompUnconfined;

pub(crate) struct SeccompUnconfined;

static META: CheckMeta = CheckMeta {
    id: "seccomp-unconfined",
    title: "Seccomp filtering is disabled",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &["5.7.2"],
        pss: Some(pss::SECCOMP_BASELINE),
    },
    docs: Docs {
        what: "Fires at each `securityContext.seccompProfile.type` of the pod spec, or of a container, init \
               container or ephemeral container, whose value is neither `RuntimeDefault` nor `Localhost` (in \
               practice `Unconfined`). As in the Pod Security Standards' Baseline level, every explicit setting is \
               judged on its own: a pod-level `Unconfined` is reported even when containers override it, and a \
               container's `Unconfined` is reported whatever the pod sets. A profile that is simply not set is \
               left to `seccomp-profile-missing`.",
        why: "Seccomp filters the system calls a container may make. `Unconfined` turns the filter off, so the \
              container can call `unshare`, `keyctl`, `bpf`, `userfaultfd`, `mount` and the other rarely needed \
              calls through which most kernel exploits and container escapes go. The Pod Security Standards \
              forbid it at the Baseline level.",
        fix: "Set `seccompProfile.type: RuntimeDefault` (or `Localhost` with a profile tailored to the \
              application) in the pod's `securityContext`, and remove `Unconfined` from every container.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        seccompProfile:\n          type: Unconfined\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/tutorials/security/seccomp/",
        ],
    },
};

impl Check for SeccompUnconfined {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_unconfined_profiles(ctx, "seccompProfile", |who, kind, container| {
            let consequence = if container {
                "it runs without system call filtering"
            } else {
                "containers that set no profile of their own run without system call filtering"
            };
            format!("{who} sets seccompProfile type {kind:?}: {consequence}")
        });
    }
}
