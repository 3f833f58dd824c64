//! `service-selects-no-pods`: a Service's selector matches no pod template among the scanned
//! objects.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use kubeward_core::Selector;
use crate::{Check, Context};

pub(crate) static CHECK: ServiceSelectsNoPods = ServiceSelectsNoPods;

pub(crate) struct ServiceSelectsNoPods;

static META: CheckMeta = CheckMeta {
    id: "service-selects-no-pods",
    title: "Service selects no pods",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["Service"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Service has a `selector` and no workload or Pod among the scanned objects, in the same \
               namespace, has a pod template whose labels satisfy it. Services without a selector (backed by \
               hand-made EndpointSlices) and `ExternalName` Services are skipped. Only fires when the scan includes \
               at least one workload, so scanning a Service on its own stays quiet.",
        why: "A Service whose selector matches nothing has no endpoints: every connection to it is refused or times \
              out. The usual cause is a label typo or a label changed on one side only, and nothing in Kubernetes \
              reports it.",
        fix: "Make the Service's `selector` equal to labels the pod template carries (compare \
              `spec.selector` with `spec.template.metadata.labels` of the workload).",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: wbe\n  ports: [{port: 80}]\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports: [{port: 80}]\n",
        references: &["https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service"],
    },
};

impl Check for ServiceSelectsNoPods {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let service = ctx.object();
        let spec = service.root().get("spec");
        let Some((field, selector_node)) = spec.and_then(|s| s.entry("selector")) else { return };
        if selector_node.is_empty() || spec.and_then(|s| s.get_str("type")) == Some("ExternalName") {
            return;
        }
        let inventory = ctx.inventory();
        if !inventory.has_pod_templates() {
            return;
        }
        let selector = Selector::map(Some(selector_node));
        let namespace = service.id.namespace.as_deref();
        if inventory.templates_selected(namespace, &selector).next().is_none() {
            ctx.report(field, "selector matches no pod template among the scanned objects in this namespace");
        }
    }
}
