//! `capability-added-beyond-restricted`: a container adds a default capability other than `NET_BIND_SERVICE`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::general;
use crate::util::security::{self, AddedCapability};
use crate::{Check, Context};

pub(crate) static CHECK: CapabilityAddedBeyondRestricted = CapabilityAddedBeyondRestricted;

pub(crate) struct CapabilityAddedBeyondRestricted;

static META: CheckMeta = CheckMeta {
    id: "capability-added-beyond-restricted",
    title: "Container adds a capability other than NET_BIND_SERVICE",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &["5.2.9"],
        pss: Some(pss::CAPABILITIES_RESTRICTED),
    },
    docs: Docs {
        what: "Fires at each entry of a container, init container or ephemeral container's \
               `securityContext.capabilities.add` that the Baseline level allows but the Restricted level does not: \
               `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `SETGID`, `SETPCAP` or `SETUID`. \
               The Restricted level allows only `NET_BIND_SERVICE`; the other added capabilities are reported by \
               `dangerous-capability-added` (including `MKNOD`, `SETFCAP`, `SYS_CHROOT`) or \
               `capability-added-beyond-baseline`, so each is reported once, and the missing `drop: [ALL]` by \
               `capabilities-not-dropped`. Pods declaring `spec.os.name: windows` are skipped, as the standard \
               exempts them.",
        why: "These capabilities are harmless to the node on their own but let a compromised process ignore file \
              permissions (`DAC_OVERRIDE`, `FOWNER`, `CHOWN`), switch to any user or group (`SETUID`, `SETGID`), or \
              signal any process of the pod (`KILL`), which turns a foothold into full control of the container. \
              The Pod Security Standards allow only `NET_BIND_SERVICE` at the Restricted level.",
        fix: "Remove the capability and fix the need at its source: give files the right owner in the image, run as \
              the user the application needs, and use `fsGroup` for volume permissions.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [CHOWN]\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
    },
};

impl Check for CapabilityAddedBeyondRestricted {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_added_capabilities(
            ctx,
            AddedCapability::BeyondRestricted,
            true,
            |container, _, name| {
                format!(
                    "{} adds capability {name}: only NET_BIND_SERVICE may be added",
                    general::describe(container)
                )
            },
        );
    }
}
