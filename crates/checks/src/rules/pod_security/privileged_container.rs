//! `privileged-container`: a container runs with `securityContext.privileged: true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::general::quoted;
use crate::{Check, Context};

pub(crate) static CHECK: PrivilegedContainer = PrivilegedContainer;

pub(crate) struct PrivilegedContainer;

static META: CheckMeta = CheckMeta {
    id: "privileged-container",
    title: "Container runs privileged",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.2"],
        pss: Some(pss::PRIVILEGED_CONTAINERS),
    },
    docs: Docs {
        what: "Fires when a container, init container or ephemeral container sets `securityContext.privileged: true` \
               (YAML 1.1 spellings such as `yes` or `on` included, as Kubernetes reads them).",
        why: "A privileged container has every capability and full access to the host's devices: it can mount the \
              host's disks, load kernel modules and escape to the node, and from there reach every pod on it. \
              The Pod Security Standards forbid it at the Baseline level.",
        fix: "Remove `privileged: true`. If the workload needs one specific power, add only that capability \
              (`capabilities.add`) or use a device plugin.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        privileged: true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        privileged: false\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for PrivilegedContainer {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()) {
            let privileged = container.node.get("securityContext").and_then(|sc| sc.entry("privileged"));
            if let Some((field, value)) = privileged
                && value.as_bool() == Some(true)
            {
                ctx.report_container(&container, field, format_args!("container {} runs privileged", quoted(container.name)));
            }
        }
    }
}
