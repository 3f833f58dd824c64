//! `capability-added-beyond-baseline`: a container adds a capability outside the runtime's default set.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::general;
use crate::util::security::{self, AddedCapability};
use crate::{Check, Context};

pub(crate) static CHECK: CapabilityAddedBeyondBaseline = CapabilityAddedBeyondBaseline;

pub(crate) struct CapabilityAddedBeyondBaseline;

static META: CheckMeta = CheckMeta {
    id: "capability-added-beyond-baseline",
    title: "Container adds a capability beyond the Baseline set",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &["5.2.9"],
        pss: Some(pss::CAPABILITIES_BASELINE),
    },
    docs: Docs {
        what: "Fires at each entry of a container, init container or ephemeral container's \
               `securityContext.capabilities.add` that the Pod Security Standards' Baseline level forbids and that \
               `dangerous-capability-added` does not already report: a capability outside `AUDIT_WRITE`, `CHOWN`, \
               `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, \
               `SETPCAP`, `SETUID` and `SYS_CHROOT` (for example `SYS_NICE`, `SYS_RESOURCE`, `IPC_LOCK`, \
               `WAKE_ALARM`), and an allowed one spelled otherwise than Pod Security admission compares it (`chown`, \
               `CAP_CHOWN`), which admission rejects although the runtime would accept it. Together with \
               `dangerous-capability-added` it covers the whole Baseline control, each capability reported once.",
        why: "The Baseline level lets containers keep only the runtime's default capabilities. Each extra one \
              widens what a compromised process can do to the node (raise its priority or resource limits, lock \
              memory, keep the node awake) and the kernel surface it can reach. A namespace enforcing Baseline \
              rejects such pods outright.",
        fix: "Remove the capability from `capabilities.add`, or spell an allowed one exactly as listed (upper case, \
              without `CAP_`). If the workload really needs it, run it under a reviewed exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          add: [SYS_NICE]\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for CapabilityAddedBeyondBaseline {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_added_capabilities(
            ctx,
            AddedCapability::BeyondBaseline,
            false,
            |container, raw, name| {
                let who = general::describe(container);
                if security::BASELINE_CAPABILITIES.contains(&name) {
                    format!(
                        "{who} adds capability {raw:?}: Pod Security admission only accepts the exact spelling {name}"
                    )
                } else {
                    format!("{who} adds capability {name}, outside the Baseline default set")
                }
            },
        );
    }
}
