//! `duplicate-container-port`: two port entries of a pod claim the same port and protocol.

use foldhash::{HashSet, HashSetExt};

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::describe;
use crate::util::workloads::{container_ports, is_serving};
use crate::{Check, Context};

pub(crate) static CHECK: DuplicateContainerPort = DuplicateContainerPort;

pub(crate) struct DuplicateContainerPort;

static META: CheckMeta = CheckMeta {
    id: "duplicate-container-port",
    title: "Pod declares the same container port twice",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires on each later `ports` entry, in the pod's regular and sidecar containers (init containers \
               with `restartPolicy: Always`), whose `containerPort` and `protocol` (TCP by default) an earlier \
               entry of the same pod already declared. The same number with different protocols (DNS on 53/TCP \
               and 53/UDP) is fine; ordinary init containers run before the others and are not compared.",
        why: "Containers of a pod share one network namespace, so only one of them can listen on a port: the \
              other fails to bind or the declaration is wrong. Within one container, server-side apply keys \
              ports by number and protocol and rejects duplicates, so later updates fail.",
        fix: "Remove the duplicate entry, or give each container its own port.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports: [{containerPort: 8080}]\n    - name: proxy\n      image: registry.example.com/proxy:1.0\n      ports: [{containerPort: 8080}]\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports: [{containerPort: 8080}]\n    - name: proxy\n      image: registry.example.com/proxy:1.0\n      ports: [{containerPort: 8443}]\n",
        references: &[
            "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
        ],
    },
};

impl Check for DuplicateContainerPort {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let mut seen = HashSet::new();
        for container in workload::pod_containers(ctx.object()).filter(is_serving) {
            for port in container_ports(container.node) {
                let Some(number) = port.number else { continue };
                if !seen.insert((number, port.protocol)) {
                    let at = port
                        .node
                        .entry("containerPort")
                        .map_or(port.node, |(key, _)| key);
                    let message = format_args!(
                        "{} declares port {number}/{} that another entry of the pod already declares",
                        describe(&container),
                        port.protocol
                    );
                    ctx.report_container(&container, at, message);
                }
            }
        }
    }
}
