//! `service-target-port-missing`: a Service forwards to a port its pods do not expose.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};
use kubeward_yaml::NodeRef;

use kubeward_core::Selector;
use crate::util::workloads::{PortRef, container_ports, serving_containers};
use crate::{Check, Context};

pub(crate) static CHECK: ServiceTargetPortMissing = ServiceTargetPortMissing;

pub(crate) struct ServiceTargetPortMissing;

static META: CheckMeta = CheckMeta {
    id: "service-target-port-missing",
    title: "Service targets a port its pods do not expose",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["Service"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "For each port of a Service with a selector, fires when its `targetPort` (the `port` when unset) is a \
               name that some selected pod template's containers (regular and sidecar) do not give any port, or \
               a number (with the port's protocol, TCP by default) that no selected container declares while \
               every selected pod template declares some ports. Only pod templates among the scanned objects in \
               the Service's namespace count; a Service that selects none is left to `service-selects-no-pods`, \
               and `ExternalName` Services are skipped.",
        why: "A named target port that a pod does not define gives that pod no endpoint: the Service silently \
              routes around it or has no endpoints at all. A number the pods do not list usually means a port \
              was changed on one side only, and connections are refused.",
        fix: "Make `targetPort` the name or number of a port in the pods' `ports` (prefer names, and keep them in \
              step), or add the port to the containers.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          ports: [{name: http, containerPort: 8080}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: web\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          ports: [{name: http, containerPort: 8080}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports",
        ],
    },
};

/// Whether a pod template exposes `target` over `protocol`; `None` when the template declares
/// no ports at all and `target` is a number (nothing to judge).
fn exposes(template: NodeRef<'_>, target: PortRef<'_>, protocol: &str) -> Option<bool> {
    let spec = template.get("spec")?;
    let mut declared = false;
    for container in serving_containers(spec) {
        for port in container_ports(container.node) {
            declared = true;
            let hit = match target {
                PortRef::Number(n) => port.number == Some(n) && port.protocol == protocol,
                PortRef::Name(name) => port.name == Some(name),
            };
            if hit {
                return Some(true);
            }
        }
    }
    match target {
        PortRef::Number(_) if !declared => None,
        _ => Some(false),
    }
}

impl Check for ServiceTargetPortMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let service = ctx.object();
        let Some(spec) = service.root().get("spec") else {
            return;
        };
        let Some(selector) = spec.get("selector").filter(|s| !s.is_empty()) else {
            return;
        };
        if spec.get_str("type") == Some("ExternalName") {
            return;
        }
        let selector = Selector::map(Some(selector));
        let inventory = ctx.inventory();
        let namespace = service.id.namespace.as_deref();
        let templates: Vec<NodeRef<'_>> = inventory
            .templates_selected(namespace, &selector)
            .map(|(_, t)| t)
            .collect();
        if templates.is_empty() {
            return;
        }
        for port in spec.get("ports").into_iter().flat_map(|p| p.items()) {
            let (at, value) = match port.entry("targetPort").filter(|(_, v)| !v.is_null()) {
                Some((key, value)) => (key, value),
                None => match port.get("port") {
                    Some(value) => (port, value),
                    None => continue,
                },
            };
            let Some(target) = PortRef::read(value) else {
                continue;
            };
            let protocol = port.get_str("protocol").unwrap_or("TCP");
            let verdicts: Vec<Option<bool>> = templates
                .iter()
                .map(|&t| exposes(t, target, protocol))
                .collect();
            let fires = match target {
                PortRef::Name(_) => verdicts.contains(&Some(false)),
                PortRef::Number(_) => verdicts.iter().all(|v| *v == Some(false)),
            };
            if fires {
                let message = match target {
                    PortRef::Name(_) => {
                        format!("target port {target} is not a port name of every selected pod")
                    }
                    PortRef::Number(_) => format!(
                        "target port {target}/{protocol} is not declared by any selected pod"
                    ),
                };
                ctx.report(at, message);
            }
        }
    }
}
