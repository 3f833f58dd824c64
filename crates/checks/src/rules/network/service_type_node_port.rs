//! `service-type-node-port`: a Service opens its ports on every node.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::network::service_type;
use crate::{Check, Context};

pub(crate) static CHECK: ServiceTypeNodePort = ServiceTypeNodePort;

pub(crate) struct ServiceTypeNodePort;

static META: CheckMeta = CheckMeta {
    id: "service-type-node-port",
    title: "Service is exposed on every node's port",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["Service"],
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::NETWORK_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on a core Service of `type: NodePort`, at its `type`. LoadBalancer Services also allocate \
               node ports but are left to `service-type-load-balancer`. It is an exposure note: review that the \
               service is meant to be reachable from outside the cluster.",
        why: "A NodePort Service listens on a port of every node, on every node address. Wherever nodes are \
              reachable (a flat corporate network, public node IPs, a misconfigured firewall) the service is \
              reachable too, without the TLS, authentication and logging an Ingress would add, and NetworkPolicies \
              often do not see the original client address.",
        fix: "Use a ClusterIP Service behind an Ingress or Gateway, or an internal load balancer; if a NodePort \
              is required, firewall the node port range to the clients that need it.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, nodePort: 30080}]\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector: {app: web}\n  ports: [{port: 80}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
        ],
    },
};

impl Check for ServiceTypeNodePort {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        if let Some((at, "NodePort")) = service_type(ctx.object()) {
            ctx.report(at, "type NodePort opens the Service's ports on every node");
        }
    }
}
