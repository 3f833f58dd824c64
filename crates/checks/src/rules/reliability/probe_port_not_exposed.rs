//! `probe-port-not-exposed`: a probe targets a port its container does not declare.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::describe;
use crate::util::workloads::{PortRef, container_ports};
use crate::{Check, Context};

pub(crate) static CHECK: ProbePortNotExposed = ProbePortNotExposed;

pub(crate) struct ProbePortNotExposed;

static META: CheckMeta = CheckMeta {
    id: "probe-port-not-exposed",
    title: "Probe targets a port the container does not expose",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when the `httpGet`, `tcpSocket` or `grpc` port of a container's liveness, readiness or startup \
               probe is a port name that none of that container's `ports` carries (the kubelet cannot resolve \
               it, so the probe always fails), or a port number that the container does not list while it does \
               list other ports. A numeric port on a container that lists no ports at all is not judged (listing \
               ports is optional), nor is a probe with `host` set, which probes another address.",
        why: "A probe on the wrong port fails from the first attempt: a liveness probe then restarts the container \
              forever, a readiness probe keeps it out of every Service, a startup probe never lets it start. The \
              usual cause is a port renamed or renumbered in `ports` and not in the probe.",
        fix: "Point the probe at a port the container declares (by the same name or number), or add the port to \
              the container's `ports`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - {name: http, containerPort: 8080}\n      readinessProbe:\n        httpGet: {path: /ready, port: htttp}\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - {name: http, containerPort: 8080}\n      readinessProbe:\n        httpGet: {path: /ready, port: http}\n",
        references: &[
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port",
        ],
    },
};

const PROBES: &[(&str, &str)] = &[
    ("livenessProbe", "liveness"),
    ("readinessProbe", "readiness"),
    ("startupProbe", "startup"),
];
const HANDLERS: &[&str] = &["httpGet", "tcpSocket", "grpc"];

impl Check for ProbePortNotExposed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()) {
            for (field, probe_name) in PROBES {
                let Some(probe) = container.node.get(field) else {
                    continue;
                };
                for handler in HANDLERS.iter().filter_map(|h| probe.get(h)) {
                    let Some((key, value)) = handler.entry("port") else {
                        continue;
                    };
                    if handler.get("host").is_some_and(|h| !h.is_null()) {
                        continue;
                    }
                    let Some(port) = PortRef::read(value) else {
                        continue;
                    };
                    let mut ports = container_ports(container.node).peekable();
                    let declares_any = ports.peek().is_some();
                    let found = ports.any(|p| match port {
                        PortRef::Number(n) => p.number == Some(n),
                        PortRef::Name(name) => p.name == Some(name),
                    });
                    let message = match port {
                        _ if found => continue,
                        PortRef::Name(name) => format!(
                            "{} {probe_name} probe targets port {name:?}, which none of its ports is named, so the \
                             probe always fails",
                            describe(&container)
                        ),
                        PortRef::Number(n) if declares_any => format!(
                            "{} {probe_name} probe targets port {n}, which is not among its declared ports",
                            describe(&container)
                        ),
                        PortRef::Number(_) => continue,
                    };
                    ctx.report_container(&container, key, message);
                }
            }
        }
    }
}
