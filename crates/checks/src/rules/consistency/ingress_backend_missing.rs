//! `ingress-backend-missing`: an Ingress routes to a Service that is not in the scan.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::workloads::ingress_backends;
use crate::{Check, Context};

pub(crate) static CHECK: IngressBackendMissing = IngressBackendMissing;

pub(crate) struct IngressBackendMissing;

static META: CheckMeta = CheckMeta {
    id: "ingress-backend-missing",
    title: "Ingress routes to a Service that does not exist",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["Ingress"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires for each backend of an Ingress (`networking.k8s.io` or `extensions`; `defaultBackend`, \
               `backend` and every rule path, in the `service.name` and older `serviceName` forms) whose Service \
               is not among the scanned Services in the Ingress's namespace. Only fires when the scan contains at \
               least one Service; `resource` backends are skipped.",
        why: "Requests for that host and path get a 503 from the ingress controller. The usual cause is a renamed \
              Service or a typo, which nothing reports at apply time.",
        fix: "Make the backend's `service.name` the name of the Service (in the Ingress's namespace).",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: wbe, port: {number: 80}}\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web, port: {number: 80}}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource",
        ],
    },
};

impl Check for IngressBackendMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let ingress = ctx.object();
        let inventory = ctx.inventory();
        if inventory.of_kind("Service").next().is_none() {
            return;
        }
        let namespace = ingress.id.namespace.as_deref();
        for backend in ingress_backends(ingress) {
            if inventory
                .find("Service", namespace, backend.service)
                .is_none()
            {
                let message = format_args!(
                    "backend Service {:?} is not among the scanned Services in this namespace",
                    backend.service
                );
                ctx.report(backend.name_key, message);
            }
        }
    }
}
