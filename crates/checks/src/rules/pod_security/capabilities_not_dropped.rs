//! `capabilities-not-dropped`: a container does not drop `ALL` capabilities.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::quoted;
use crate::util::security;
use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: CapabilitiesNotDropped = CapabilitiesNotDropped;

pub(crate) struct CapabilitiesNotDropped;

static META: CheckMeta = CheckMeta {
    id: "capabilities-not-dropped",
    title: "Container does not drop all capabilities",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &["5.2.9"],
        pss: Some(pss::CAPABILITIES_RESTRICTED),
    },
    docs: Docs {
        what: "Fires when a container, init container or ephemeral container's `securityContext.capabilities.drop` \
               does not contain `ALL` (in any letter case), including when it is missing. Pods declaring \
               `spec.os.name: windows` are skipped: capabilities are Linux-only.",
        why: "Without `drop: [ALL]` the container keeps the runtime's default capabilities, such as `NET_RAW` (forge \
              packets, spoof ARP and DNS on the node's network), `CHOWN`, `DAC_OVERRIDE`, `SETUID`, `SETGID` and \
              `MKNOD`. Most applications need none of them, and each one widens what an attacker can do after \
              breaking in and what a kernel bug can be reached with. The Pod Security Standards require dropping \
              `ALL` at the Restricted level.",
        fix: "Set `securityContext.capabilities.drop: [ALL]` and add back only what the application needs, typically \
              nothing or `NET_BIND_SERVICE` to listen on a port below 1024.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          drop: [NET_RAW]\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
    },
};

impl Check for CapabilitiesNotDropped {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_linux_container(ctx, |ctx, _, container| {
            if !security::drops_all(&container) {
                let at = security::container_anchor(&container, &["capabilities", "drop"]);
                let message = format_args!(
                    "container {} does not drop ALL capabilities",
                    quoted(container.name)
                );
                ctx.report_container(&container, at, message);
            }
        });
    }
}
