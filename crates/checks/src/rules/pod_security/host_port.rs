//! `host-port`: a container binds a port of the node (`ports[].hostPort`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{nsa, pss};
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: HostPort = HostPort;

pub(crate) struct HostPort;

static META: CheckMeta = CheckMeta {
    id: "host-port",
    title: "Container binds a host port",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.13"],
        pss: Some(pss::HOST_PORTS),
    },
    docs: Docs {
        what: "Fires at each `hostPort` of a container, init container or ephemeral container's `ports` that is \
               set to a number other than 0. `hostPort: 0` and a missing `hostPort` mean no host port. With \
               `hostNetwork: true` every container port is a node port, which `host-network` reports.",
        why: "A host port opens the node's address to the container, bypassing the Service abstraction and often \
              NetworkPolicy enforcement, exposes the workload outside the cluster network, and ties the pod to \
              nodes where the port is free (two replicas cannot share a node). The Pod Security Standards forbid \
              host ports at the Baseline level unless an administrator allows a known list.",
        fix: "Remove `hostPort` and expose the container through a Service (ClusterIP, NodePort or LoadBalancer) or \
              an Ingress.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - containerPort: 8080\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for HostPort {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_port(ctx, false, |ctx, _, container, port| {
            if let Some((key, value)) = port.entry("hostPort")
                && let Some(number) = value.as_i64()
                && number != 0
            {
                let message = format_args!(
                    "{} binds host port {number} on the node",
                    general::describe(container)
                );
                ctx.report_container(container, key, message);
            }
        });
    }
}
