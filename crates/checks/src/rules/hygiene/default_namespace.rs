//! `default-namespace`: a namespaced object is explicitly placed in the `default` namespace.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::is_cluster_scoped;
use crate::frameworks::nsa;
use crate::{Check, Context};

pub(crate) static CHECK: DefaultNamespace = DefaultNamespace;

pub(crate) struct DefaultNamespace;

static META: CheckMeta = CheckMeta {
    id: "default-namespace",
    title: "Object placed in the default namespace",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings {
        nsa: &[nsa::NAMESPACES],
        cis: &["5.7.4"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when an object sets `metadata.namespace: default`. Cluster-scoped kinds (Namespace, \
               ClusterRole, ClusterRoleBinding, CustomResourceDefinition, PersistentVolume, StorageClass, \
               PriorityClass, webhook configurations, ...) and custom resources whose CustomResourceDefinition, \
               scanned alongside, has `scope: Cluster` never fire. Objects without a namespace are not reported: \
               where they land is decided at deploy time.",
        why: "The `default` namespace is shared by everything that forgot to choose one. Workloads there cannot be \
              isolated by namespace-scoped RBAC, NetworkPolicies, ResourceQuotas or Pod Security admission \
              levels without affecting everything else in it, and its `default` service account tends to collect \
              permissions.",
        fix: "Create a namespace for the application and set `metadata.namespace` to it (or leave it out and \
              choose the namespace at deploy time).",
        failing: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: fast\n",
        passing: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  mode: fast\n",
        references: &[
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
        ],
    },
};

impl Check for DefaultNamespace {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some((at, namespace)) = object
            .root()
            .get("metadata")
            .and_then(|m| m.entry("namespace"))
        else {
            return;
        };
        if namespace.as_str() == Some("default") && !is_cluster_scoped(ctx.inventory(), object) {
            ctx.report(
                at,
                "placed in the \"default\" namespace; give it a namespace of its own",
            );
        }
    }
}
