//! `no-pod-anti-affinity`: a replicated workload does nothing to keep its replicas apart.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use kubeward_yaml::NodeRef;

use crate::util::general::key_or;
use kubeward_core::Selector;
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
               autoscaler scanned alongside) has no `affinity.podAntiAffinity` term (required or preferred) and no \
               `topologySpreadConstraints` entry whose `labelSelector` selects its own pods: a term that selects other \
               pods does not keep these replicas apart. Single-replica workloads, DaemonSets and Jobs are not judged.",
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
        let template = workload::pod_template(object).unwrap_or(spec);
        // A term only spreads these pods if its selector selects them.
        let labels = template.get_path(&["metadata", "labels"]);
        let selects_own_pods =
            |term: NodeRef<'_>| term.get("labelSelector").is_some_and(|s| Selector::label_selector(s).matches(labels));
        let anti = spec.get_path(&["affinity", "podAntiAffinity"]);
        let required = anti.and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"));
        let preferred = anti.and_then(|a| a.get("preferredDuringSchedulingIgnoredDuringExecution"));
        let spreads = required.into_iter().flat_map(|r| r.items()).any(selects_own_pods)
            || preferred.into_iter().flat_map(|p| p.items()).filter_map(|p| p.get("podAffinityTerm")).any(selects_own_pods)
            || spec.get("topologySpreadConstraints").into_iter().flat_map(|c| c.items()).any(selects_own_pods);
        if spreads {
            return;
        }
        let message = format_args!(
            "this {} runs several replicas with no pod anti-affinity or topology spread constraint, so they may all land \
             on one node",
            object.kind()
        );
        ctx.report(key_or(template, "spec"), message);
    }
}
