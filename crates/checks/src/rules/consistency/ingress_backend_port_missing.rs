//! `ingress-backend-port-missing`: an Ingress routes to a port its Service does not have.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::{PortRef, ingress_backends};
use crate::{Check, Context};

pub(crate) static CHECK: IngressBackendPortMissing = IngressBackendPortMissing;

pub(crate) struct IngressBackendPortMissing;

static META: CheckMeta = CheckMeta {
    id: "ingress-backend-port-missing",
    title: "Ingress routes to a port its Service does not have",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["Ingress"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires for each Ingress backend whose Service is among the scanned objects (same namespace) but has \
               no port with the backend's `port.number` (or `servicePort` number) or `port.name` (or \
               `servicePort` name) in its `spec.ports`. Backends whose Service is missing are left to \
               `ingress-backend-missing`.",
        why: "The ingress controller finds no endpoint for that port and answers every request for the host and \
              path with an error; it usually follows a Service port renumbered or renamed on one side only.",
        fix: "Use the Service's `port` number (not the container's `targetPort`) or the port's `name` in the \
              backend.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 8080}}\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service: {name: web, port: {name: http}}\n",
        references: &[
            "https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressBackend",
        ],
    },
};

impl Check for IngressBackendPortMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ingress = ctx.object();
        let inventory = ctx.inventory();
        let namespace = ingress.id.namespace.as_deref();
        for backend in ingress_backends(ingress) {
            let Some((port_at, port)) = backend.port else {
                continue;
            };
            let Some(service) = inventory.find("Service", namespace, backend.service) else {
                continue;
            };
            let mut ports = service
                .root()
                .get_path(&["spec", "ports"])
                .into_iter()
                .flat_map(|p| p.items());
            let found = ports.any(|p| match port {
                PortRef::Number(n) => p.get_i64("port") == Some(n),
                PortRef::Name(name) => p.get_str("name") == Some(name),
            });
            if !found {
                let message = format_args!("backend Service {:?} has no port {port}", backend.service);
                ctx.report(port_at, message);
            }
        }
    }
}
