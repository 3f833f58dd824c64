//! `seccomp-profile-missing`: neither a container nor its pod sets a seccomp profile.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: SeccompProfileMissing = SeccompProfileMissing;

pub(crate) struct SeccompProfileMissing;

static META: CheckMeta = CheckMeta {
    id: "seccomp-profile-missing",
    title: "Container sets no seccomp profile",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &["5.7.2"],
        pss: Some(pss::SECCOMP_RESTRICTED),
    },
    docs: Docs {
        what: "Fires for each container, init container or ephemeral container whose effective \
               `securityContext.seccompProfile.type` is unset: the container sets none and the pod's \
               `securityContext` sets none either. A profile set at either level (the container's winning) \
               satisfies it; an explicit `Unconfined` is reported by `seccomp-unconfined` instead. Pods declaring \
               `spec.os.name: windows` are skipped, as the Pod Security Standards exempt them.",
        why: "Without a profile, the kubelet runs the container `Unconfined` unless the cluster enabled the \
              `--seccomp-default` kubelet option on every node, which a manifest cannot rely on. Unfiltered \
              system calls are the way most kernel exploits and container escapes go. The Pod Security Standards \
              require `RuntimeDefault` or `Localhost` to be set explicitly at the Restricted level.",
        fix: "Set `securityContext.seccompProfile.type: RuntimeDefault` in the pod spec; it applies to every \
              container. Use `Localhost` with a tailored profile for stricter filtering.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
            "https://kubernetes.io/docs/tutorials/security/seccomp/",
        ],
    },
};

impl Check for SeccompProfileMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_linux_container(ctx, |ctx, spec, container| {
            let path = &["seccompProfile", "type"];
            if security::effective_field(spec, &container, path).is_some() {
                return;
            }
            let at = security::container_anchor(&container, path);
            let message = format_args!(
                "{} has no seccomp profile: neither it nor the pod sets seccompProfile.type",
                general::describe(&container)
            );
            ctx.report_container(&container, at, message);
        });
    }
}
