//! `pod-not-selected-by-network-policy`: no scanned NetworkPolicy selects a workload's pods.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, NETWORK_MAPPING, nsa};
use crate::util::network::{policies_in, scan_has_policies};
use crate::{Check, Context};

pub(crate) static CHECK: PodNotSelectedByNetworkPolicy = PodNotSelectedByNetworkPolicy;

pub(crate) struct PodNotSelectedByNetworkPolicy;

static META: CheckMeta = CheckMeta {
    id: "pod-not-selected-by-network-policy",
    title: "Pods are selected by no NetworkPolicy",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING, NETWORK_MAPPING],
        nsa: &[nsa::NETWORK_POLICIES],
        cis: &["5.3.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when no `networking.k8s.io` NetworkPolicy scanned in a workload's namespace selects its pod \
               template (by `podSelector`, `matchLabels` and `matchExpressions` evaluated as Kubernetes does; an \
               empty `podSelector` selects every pod). It only fires when the scan includes at least one \
               NetworkPolicy, in any namespace: a scan without any is taken to come from a repository whose \
               policies live elsewhere, which this check cannot see. Pods with `hostNetwork: true` are skipped \
               (NetworkPolicies do not apply to them), and so are PodTemplates, which run nothing.",
        why: "A pod no NetworkPolicy selects accepts connections from every pod in the cluster and may connect \
              anywhere. Once any pod is compromised, unisolated pods are the attacker's next hop for scanning \
              and lateral movement.",
        fix: "Add a NetworkPolicy that selects the pods (or a default-deny policy with an empty `podSelector` for \
              the namespace) and allow only the traffic they need.",
        failing: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: registry.example.com/web:1.0}]\n",
        passing: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: registry.example.com/web:1.0}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation",
        ],
    },
};

impl Check for PodNotSelectedByNetworkPolicy {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let inventory = ctx.inventory();
        let Some(template) = workload::pod_template(object) else {
            return;
        };
        if object.kind() == "PodTemplate"
            || !scan_has_policies(inventory)
            || workload::pod_spec(object).and_then(|s| s.get_bool("hostNetwork")) == Some(true)
        {
            return;
        }
        let labels = template.get_path(&["metadata", "labels"]);
        let namespace = object.id.namespace.as_deref();
        if policies_in(inventory, namespace)
            .iter()
            .any(|policy| policy.selector.matches(labels))
        {
            return;
        }
        let at = match template.entry("metadata") {
            Some((key, metadata)) => metadata.entry("labels").map_or(key, |(labels, _)| labels),
            None => template,
        };
        let place = namespace.map_or_else(
            || "its namespace".to_owned(),
            |ns| format!("namespace {ns:?}"),
        );
        ctx.report(
            at,
            format_args!("no NetworkPolicy scanned in {place} selects these pods"),
        );
    }
}
