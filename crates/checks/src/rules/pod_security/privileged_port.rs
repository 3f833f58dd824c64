//! `privileged-port`: a container listens on a port below 1024.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};
use kubeward_yaml::NodeRef;

use crate::frameworks::nsa;
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: PrivilegedPort = PrivilegedPort;

pub(crate) struct PrivilegedPort;

/// The sysctl that moves the start of unprivileged ports in the pod's network namespace.
const UNPRIVILEGED_PORT_START: &str = "net.ipv4.ip_unprivileged_port_start";

static META: CheckMeta = CheckMeta {
    id: "privileged-port",
    title: "Container listens on a privileged port",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::NON_ROOT_CONTAINERS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at each `containerPort` from 1 to 1023 of a container, init container or ephemeral container. \
               It does not fire when the container adds `NET_BIND_SERVICE` (or `ALL`) or is privileged, which lets \
               a non-root process bind the port, nor when the pod's `sysctls` set \
               `net.ipv4.ip_unprivileged_port_start` at or below the port. Pods declaring `spec.os.name: windows` are \
               skipped: Windows has no privileged ports.",
        why: "On Linux, binding a port below 1024 needs root or `CAP_NET_BIND_SERVICE` unless the runtime lowered \
              the limit. Applications built to listen there are usually run as root to make it work, and keep \
              that when moved to a cluster. Listening on a high port lets the container run as an unprivileged \
              user with every capability dropped, while a Service still exposes port 80 or 443.",
        fix: "Make the application listen on a port of 1024 or more (8080, 8443) and map the well-known port in \
              the Service (`port: 80`, `targetPort: 8080`). If it cannot change, add only `NET_BIND_SERVICE` \
              after `drop: [ALL]`, or set the `net.ipv4.ip_unprivileged_port_start` sysctl.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - containerPort: 80\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - containerPort: 8080\n",
        references: &["https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"],
    },
};

/// The `net.ipv4.ip_unprivileged_port_start` the pod sets, if any.
fn unprivileged_port_start(spec: NodeRef<'_>) -> Option<i64> {
    security::pod_field(spec, &["sysctls"])?
        .1
        .items()
        .find(|item| {
            item.get_str("name")
                .is_some_and(|name| name.replace('/', ".") == UNPRIVILEGED_PORT_START)
        })?
        .get("value")?
        .text()?
        .trim()
        .parse()
        .ok()
}

impl Check for PrivilegedPort {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_port(ctx, true, |ctx, spec, container, port| {
            let Some((key, value)) = port.entry("containerPort") else {
                return;
            };
            let Some(number) = value.as_i64().filter(|n| (1..1024).contains(n)) else {
                return;
            };
            let may_bind = security::is_privileged(container)
                || security::capabilities(container, "add")
                    .any(|(_, name)| name == "NET_BIND_SERVICE" || name == "ALL")
                || unprivileged_port_start(spec).is_some_and(|start| start <= number);
            if !may_bind {
                let message = format_args!(
                    "{} listens on privileged port {number}, which needs root or NET_BIND_SERVICE",
                    general::describe(container)
                );
                ctx.report_container(container, key, message);
            }
        });
    }
}
