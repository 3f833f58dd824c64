//! `run-as-group-root`: a container runs with group 0 (`runAsGroup`, `supplementalGroups`, `fsGroup`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa};
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: RunAsGroupRoot = RunAsGroupRoot;

pub(crate) struct RunAsGroupRoot;

static META: CheckMeta = CheckMeta {
    id: "run-as-group-root",
    title: "Container runs with the root group",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::NON_ROOT_CONTAINERS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when group 0 is given explicitly: at a container, init container or ephemeral container's \
               `securityContext.runAsGroup: 0`; at the pod's `securityContext.runAsGroup: 0` when at least one \
               container does not override it (once, naming those containers); at each 0 in the pod's \
               `supplementalGroups`; and at the pod's `fsGroup: 0`. An unset `runAsGroup` (the image's group) is \
               not reported. Pods declaring `spec.os.name: windows` are skipped: these fields are Linux-only.",
        why: "Group 0 owns many files on the node and in images (`/etc`, sockets, device nodes, kubelet and \
              runtime directories on some distributions). A process in the root group can read or write whatever \
              is group-accessible to root, which matters as soon as a host path, a shared volume or a kernel bug \
              is involved. `fsGroup: 0` also makes every volume group-owned by root.",
        fix: "Set `runAsGroup`, `fsGroup` and `supplementalGroups` to non-zero GIDs (for example the \
              application's own group, 10001), at the pod level so every container inherits them.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 0\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n    fsGroup: 10001\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
    },
};

impl Check for RunAsGroupRoot {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(spec) = workload::pod_spec(ctx.object()) else {
            return;
        };
        if security::is_windows(spec) {
            return;
        }
        let is_root = |value: kubeward_yaml::NodeRef<'_>| value.as_i64() == Some(0);
        if let Some((key, value)) = security::pod_field(spec, &["runAsGroup"])
            && is_root(value)
        {
            let inheriting: Vec<String> = workload::pod_containers(ctx.object())
                .filter(|c| security::container_field(c, &["runAsGroup"]).is_none())
                .map(|c| format!("{:?}", c.name))
                .collect();
            if !inheriting.is_empty() {
                let (noun, verb) = if inheriting.len() == 1 {
                    ("container", "runs")
                } else {
                    ("containers", "run")
                };
                let message = format_args!(
                    "the pod sets runAsGroup: 0: {noun} {} {verb} with root as primary group",
                    inheriting.join(", ")
                );
                ctx.report(key, message);
            }
        }
        for container in workload::pod_containers(ctx.object()) {
            if let Some((key, value)) = security::container_field(&container, &["runAsGroup"])
                && is_root(value)
            {
                let message = format_args!(
                    "{} sets runAsGroup: 0: it runs with root as primary group",
                    general::describe(&container)
                );
                ctx.report_container(&container, key, message);
            }
        }
        if let Some((_, groups)) = security::pod_field(spec, &["supplementalGroups"]) {
            for group in groups.items().filter(|g| is_root(*g)) {
                ctx.report(group, "the pod adds group 0 (root) to supplementalGroups");
            }
        }
        if let Some((key, value)) = security::pod_field(spec, &["fsGroup"])
            && is_root(value)
        {
            ctx.report(
                key,
                "the pod sets fsGroup: 0: its volumes are owned by group root and every container joins it",
            );
        }
    }
}
