//! `dangerous-capability-added`: a container adds a capability that gives power over the node or its network.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::general::quoted;
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: DangerousCapabilityAdded = DangerousCapabilityAdded;

pub(crate) struct DangerousCapabilityAdded;

static META: CheckMeta = CheckMeta {
    id: "dangerous-capability-added",
    title: "Container adds a dangerous capability",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &["5.2.8", "5.2.9"],
        pss: Some(pss::CAPABILITIES_BASELINE),
    },
    docs: Docs {
        what: "Fires once for each dangerous capability in a container, init container or ephemeral container's \
               `securityContext.capabilities.add`: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `DAC_READ_SEARCH` \
               (marked critical in the message), `SYS_PTRACE`, `SYS_BOOT`, `NET_ADMIN`, `NET_RAW`, `BPF`, `PERFMON`, \
               `SYS_TIME`, `SYS_CHROOT`, `MKNOD`, `SETFCAP`, `MAC_ADMIN`, `MAC_OVERRIDE`, `SYSLOG` and \
               `AUDIT_CONTROL`, written with or without the `CAP_` prefix, in any letter case. Adding one back after \
               `drop: [ALL]` counts too.",
        why: "Capabilities split root's powers; these are the ones that reach beyond the container: into the kernel \
              (modules, eBPF, raw memory), other processes (ptrace), the node's files and devices, or the network \
              shared with neighbouring pods. `SYS_ADMIN` alone is close to privileged and also defeats \
              `allowPrivilegeEscalation: false`. The Pod Security Standards allow none of them at the Baseline level \
              except the runtime defaults, and only `NET_BIND_SERVICE` at the Restricted level.",
        fix: "Remove the capability from `capabilities.add`. If the workload really needs it (a CNI plugin, a \
              debugging tool), run it as a dedicated, reviewed workload and record an exemption; ordinary \
              applications need at most `NET_BIND_SERVICE`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          add: [SYS_ADMIN]\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for DangerousCapabilityAdded {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_container(ctx, |ctx, _, container| {
            for (item, name) in security::capabilities(&container, "add") {
                let Some((_, critical, gives)) = security::DANGEROUS_CAPABILITIES
                    .iter()
                    .find(|(cap, _, _)| *cap == name)
                else {
                    continue;
                };
                let level = if *critical { "critical " } else { "" };
                let message = format_args!(
                    "container {} adds {level}capability {name}: {gives}",
                    quoted(container.name)
                );
                ctx.report_container(&container, item, message);
            }
        });
    }
}
