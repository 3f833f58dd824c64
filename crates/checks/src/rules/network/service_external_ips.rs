//! `service-external-ips`: a Service sets `externalIPs` (CVE-2020-8554).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: ServiceExternalIps = ServiceExternalIps;

pub(crate) struct ServiceExternalIps;

static META: CheckMeta = CheckMeta {
    id: "service-external-ips",
    title: "Service sets externalIPs",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["Service"],
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES, CLUSTER_INTERNAL_NETWORKING],
        nsa: &[nsa::NETWORK_POLICIES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on a core Service whose `spec.externalIPs` lists at least one address, at the \
               `externalIPs` key. An empty list is not reported.",
        why: "kube-proxy routes traffic for a Service's external IPs to the Service's pods on every node, \
              without checking who owns the address (CVE-2020-8554, unpatchable in Kubernetes itself). Anyone \
              able to create or edit Services can claim any IP, such as a public DNS resolver or another \
              Service's address, and intercept the cluster's traffic to it. The Kubernetes project recommends \
              forbidding the field with the `DenyServiceExternalIPs` admission plugin or a policy.",
        fix: "Remove `externalIPs` and use a LoadBalancer Service, an Ingress or a Gateway. If the addresses are \
              genuinely yours, allow them explicitly in an admission policy and exempt this object.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n  externalIPs: [198.51.100.10]\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n",
        references: &[
            "https://github.com/kubernetes/kubernetes/issues/97076",
            "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips",
        ],
    },
};

impl Check for ServiceExternalIps {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let service = ctx.object();
        if !service.api_group().is_empty() {
            return;
        }
        let Some((key, ips)) = service
            .root()
            .get("spec")
            .and_then(|s| s.entry("externalIPs"))
        else {
            return;
        };
        if ips.is_empty() {
            return;
        }
        let list: Vec<&str> = ips.items().filter_map(|ip| ip.text()).collect();
        ctx.report(
            key,
            format_args!(
                "externalIPs {} let kube-proxy capture traffic to these addresses cluster-wide (CVE-2020-8554)",
                list.join(", ")
            ),
        );
    }
}
