//! `bare-pod`: a long-running Pod is created directly, with no controller to replace it.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::key_or;
use crate::util::workloads::is_owned;
use crate::{Check, Context};

pub(crate) static CHECK: BarePod = BarePod;

pub(crate) struct BarePod;

static META: CheckMeta = CheckMeta {
    id: "bare-pod",
    title: "Pod is not managed by a controller",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &["Pod"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a Pod (core API group) has no `metadata.ownerReferences` and its `restartPolicy` is \
               `Always` (the default), i.e. it is meant to run indefinitely. One-off Pods (`restartPolicy: Never` \
               or `OnFailure`), Helm hook and test Pods (`helm.sh/hook` annotation) and static or mirror Pods \
               (`kubernetes.io/config.mirror` annotation) are skipped.",
        why: "Nothing recreates a bare Pod: when its node fails, is drained or is upgraded, the Pod is gone for \
              good, and it cannot be rolled out, scaled or protected by a PodDisruptionBudget's controller \
              logic.",
        fix: "Run it as a Deployment (or a StatefulSet or DaemonSet) with the Pod's spec as the template; use a \
              Job for work that finishes.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: smoke-test\nspec:\n  restartPolicy: Never\n  containers:\n    - name: test\n      image: registry.example.com/test:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs",
        ],
    },
};

impl Check for BarePod {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let pod = ctx.object();
        if !pod.api_group().is_empty()
            || is_owned(pod)
            || pod.annotation("helm.sh/hook").is_some()
            || pod.annotation("kubernetes.io/config.mirror").is_some()
        {
            return;
        }
        let policy = pod.root().get_path(&["spec", "restartPolicy"]);
        if policy.is_some_and(|p| !p.is_null() && p.as_str() != Some("Always")) {
            return;
        }
        ctx.report(
            key_or(pod.root(), "metadata"),
            "pod has no controller: nothing recreates it when its node fails or is drained",
        );
    }
}
