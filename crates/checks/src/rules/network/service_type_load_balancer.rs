//! `service-type-load-balancer`: a Service is exposed through an external cloud load balancer.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::network::{has_source_ranges, is_internal_load_balancer, service_type};
use crate::{Check, Context};

pub(crate) static CHECK: ServiceTypeLoadBalancer = ServiceTypeLoadBalancer;

pub(crate) struct ServiceTypeLoadBalancer;

static META: CheckMeta = CheckMeta {
    id: "service-type-load-balancer",
    title: "Service is exposed through a load balancer",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["Service"],
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::NETWORK_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on a core Service of `type: LoadBalancer`, at its `type`, unless the load balancer is \
               internal (the cloud providers' annotations, such as \
               `service.beta.kubernetes.io/aws-load-balancer-internal`, \
               `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`, \
               `service.beta.kubernetes.io/azure-load-balancer-internal`, \
               `networking.gke.io/load-balancer-type: Internal`) or `loadBalancerSourceRanges` limits its \
               clients to ranges narrower than the whole internet. It is an exposure note: review that the \
               service is meant to be public.",
        why: "A LoadBalancer Service usually gets a public address: anyone on the internet can reach its ports, \
              bypassing the Ingress controller's TLS, authentication and logging. Databases, admin consoles and \
              internal APIs published this way are a common initial-access path.",
        fix: "Use a ClusterIP Service behind an Ingress or Gateway for HTTP, make the load balancer internal \
              with your provider's annotation, or restrict `loadBalancerSourceRanges` to the clients that need \
              it.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 443}]\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n  selector: {app: web}\n  ports: [{port: 443}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",
            "https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/",
        ],
    },
};

impl Check for ServiceTypeLoadBalancer {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let service = ctx.object();
        let Some((at, "LoadBalancer")) = service_type(service) else {
            return;
        };
        if is_internal_load_balancer(service) || has_source_ranges(service) {
            return;
        }
        ctx.report(
            at,
            "type LoadBalancer exposes the Service's ports through an external load balancer open to any client",
        );
    }
}
