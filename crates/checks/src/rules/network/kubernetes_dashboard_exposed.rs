//! `kubernetes-dashboard-exposed`: the Kubernetes Dashboard is published outside the cluster or
//! runs with its login or settings protection turned off.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};
use kubeward_yaml::NodeRef;

use crate::frameworks::{EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::general::describe;
use crate::util::network::{
    ingress_backends, is_dashboard_reference, is_dashboard_service, is_ingress, service_type,
};
use crate::{Check, Context};

pub(crate) static CHECK: KubernetesDashboardExposed = KubernetesDashboardExposed;

pub(crate) struct KubernetesDashboardExposed;

/// Dashboard flags that remove a protection, when set (bare or `=true`).
const UNSAFE_FLAGS: &[&str] = &["--enable-skip-login", "--disable-settings-authorizer"];

static META: CheckMeta = CheckMeta {
    id: "kubernetes-dashboard-exposed",
    title: "Kubernetes Dashboard is exposed",
    severity: Severity::High,
    category: Category::Security,
    kinds: &[
        "Service",
        "Ingress",
        "Deployment",
        "DaemonSet",
        "StatefulSet",
        "ReplicaSet",
        "ReplicationController",
        "Pod",
        "PodTemplate",
        "Job",
        "CronJob",
    ],
    mappings: Mappings {
        mitre: &[EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::AUTHENTICATION],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on a core Service of `type: LoadBalancer` or `NodePort` that fronts the Kubernetes Dashboard \
               (its name or a selector value contains `kubernetes-dashboard`, or it selects a scanned pod template \
               running a `kubernetesui/dashboard` image, from any registry); on an Ingress backend naming such a \
               Service (by name, or a scanned Service recognised as above); and on a container running a Dashboard \
               image with `--enable-skip-login` or `--disable-settings-authorizer` in its `args` or `command` \
               (bare or `=true`; `=false` is not reported). ClusterIP Services reached through `kubectl proxy` \
               are not reported.",
        why: "The Dashboard is a full cluster-management UI. Published on the internet it is a well-known \
              initial-access target (the 2018 Tesla cryptojacking began at an open Dashboard); with skip-login \
              anyone reaching it acts with the Dashboard's own service account, often highly privileged.",
        fix: "Keep the Dashboard's Service ClusterIP and reach it with `kubectl proxy` or `kubectl port-forward`, \
              or put it behind an authenticating proxy; remove `--enable-skip-login` and \
              `--disable-settings-authorizer`.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes-dashboard\n  namespace: kubernetes-dashboard\nspec:\n  type: LoadBalancer\n  selector: {k8s-app: kubernetes-dashboard}\n  ports: [{port: 443, targetPort: 8443}]\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes-dashboard\n  namespace: kubernetes-dashboard\nspec:\n  type: ClusterIP\n  selector: {k8s-app: kubernetes-dashboard}\n  ports: [{port: 443, targetPort: 8443}]\n",
        references: &[
            "https://github.com/kubernetes/dashboard/blob/master/docs/user/accessing-dashboard/README.md",
            "https://github.com/kubernetes/dashboard/blob/master/docs/common/arguments.md",
        ],
    },
};

impl Check for KubernetesDashboardExposed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let inventory = ctx.inventory();
        if let Some((at, kind @ ("LoadBalancer" | "NodePort"))) = service_type(object) {
            if is_dashboard_service(inventory, object) {
                ctx.report(
                    at,
                    format_args!("type {kind} exposes the Kubernetes Dashboard outside the cluster"),
                );
            }
        } else if is_ingress(object) {
            let namespace = object.id.namespace.as_deref();
            for (at, name) in ingress_backends(object) {
                let dashboard = name.contains("kubernetes-dashboard")
                    || inventory
                        .find("Service", namespace, name)
                        .is_some_and(|s| is_dashboard_service(inventory, s));
                if dashboard {
                    ctx.report(
                        at,
                        format_args!("backend Service {name:?} publishes the Kubernetes Dashboard"),
                    );
                }
            }
        } else {
            for container in workload::pod_containers(object) {
                let reference = container
                    .node
                    .get_str("image")
                    .and_then(|image| ctx.image_ref(image));
                if !reference.is_some_and(|r| is_dashboard_reference(&r)) {
                    continue;
                }
                for flag in unsafe_flags(container.node) {
                    let text = flag.text().unwrap_or_default();
                    let message = format_args!(
                        "{} runs the Kubernetes Dashboard with {text}",
                        describe(&container)
                    );
                    ctx.report_container(&container, flag, message);
                }
            }
        }
    }
}

/// The `args` and `command` items of a container that turn a Dashboard protection off.
fn unsafe_flags<'a>(container: NodeRef<'a>) -> impl Iterator<Item = NodeRef<'a>> {
    ["command", "args"]
        .into_iter()
        .filter_map(move |field| container.get(field))
        .flat_map(|list| list.items())
        .filter(|item| {
            item.as_str().is_some_and(|arg| {
                UNSAFE_FLAGS
                    .iter()
                    .any(|flag| match arg.strip_prefix(flag) {
                        Some("") => true,
                        Some(value) => value.strip_prefix('=').is_some_and(|v| {
                            v.eq_ignore_ascii_case("true")
                                || v == "1"
                                || v.eq_ignore_ascii_case("t")
                        }),
                        None => false,
                    })
            })
        })
}
