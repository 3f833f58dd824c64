//! `no-pod-anti-affinity`: a replicated workload does nothing to keep its replicas apart.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::key_or;
use crate::util::workloads::{REPLICATED_KINDS, is_replicated};
use crate::{Check, Context};

pub(crate) static CHECK: NoPodAntiAffinity = NoPodAntiAffinity;

pub(crate) struct NoPodAntiAffinity;

static META: CheckMeta = CheckMeta {
    id: "no-pod-anti-affinity",
    title: "Replicas are not spread across nodes",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: REPLICATED_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Deployment or StatefulSet that runs two or more replicas (or is scaled by an \
               autoscaler scanned alongside) has neither `affinity.podAntiAffinity` (required or preferred) nor \
               `topologySpreadConstraints` in its pod template. Single-replica workloads, DaemonSets and Jobs are \
               not judged.",
        why: "Without a spreading rule the scheduler may place every replica on the same node or zone, so one \
              node failure, drain or zone outage takes all of them down at once and the replica count buys no \
              availability.",
        fix: "Add a `topologySpreadConstraints` entry on `kubernetes.io/hostname` (and `topology.kubernetes.io/zone`) \
              selecting the workload's pods, or a preferred `podAntiAffinity` term with the same selector.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels: {app: web}\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
            "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity",
        ],
    },
};

impl Check for NoPodAntiAffinity {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(spec) = workload::pod_spec(object) else {
            return;
        };
        if !is_replicated(ctx.inventory(), object) {
            return;
        }
        let present = |node: Option<kubeward_yaml::NodeRef<'_>>| {
            node.is_some_and(|n| !n.is_null() && !n.is_empty())
        };
        if present(spec.get_path(&["affinity", "podAntiAffinity"]))
            || present(spec.get("topologySpreadConstraints"))
        {
            return;
        }
        let template = workload::pod_template(object).unwrap_or(spec);
        let message = format!(
            "this {} runs several replicas with no pod anti-affinity or topology spread constraint, so they may all land \
             on one node",
            object.kind()
        );
        ctx.report(key_or(template, "spec"), message);
    }
}
