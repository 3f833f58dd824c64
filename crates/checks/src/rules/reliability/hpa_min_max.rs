//! `hpa-min-max`: a HorizontalPodAutoscaler's replica range is inverted, empty or too low.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::key_or;
use crate::util::workloads::hpa_min_replicas;
use crate::{Check, Context};

pub(crate) static CHECK: HpaMinMax = HpaMinMax;

pub(crate) struct HpaMinMax;

static META: CheckMeta = CheckMeta {
    id: "hpa-min-max",
    title: "Autoscaler replica range is inverted, fixed or too low",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: &["HorizontalPodAutoscaler"],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires once per HorizontalPodAutoscaler when `minReplicas` (1 when unset) is above `maxReplicas` \
               (the API server rejects it), equal to it (the autoscaler can never scale), or, with a wider range, \
               below the `minReplicas` setting (default 2). `minReplicas: 0` (scale to zero, a deliberate \
               feature-gated choice) is not judged.",
        why: "An inverted range fails at apply time; an equal one is a fixed replica count dressed up as \
              autoscaling; a minimum of one replica means that whenever load is low, a single pod carries all \
              traffic and any eviction or crash is an outage.",
        fix: "Set `minReplicas` to at least 2 and `maxReplicas` above it.",
        failing: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 5\n  maxReplicas: 5\n",
        passing: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n",
        references: &["https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"],
    },
};

impl Check for HpaMinMax {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let hpa = ctx.object();
        if hpa.api_group() != "autoscaling" {
            return;
        }
        let Some(spec) = hpa.root().get("spec") else {
            return;
        };
        let Some((max_key, max)) = spec
            .entry("maxReplicas")
            .and_then(|(k, v)| Some((k, v.as_i64()?)))
        else {
            return;
        };
        let Some((min, min_key)) = hpa_min_replicas(hpa) else {
            return;
        };
        let min_at = min_key.unwrap_or_else(|| key_or(hpa.root(), "spec"));
        let floor = i64::from(ctx.settings().min_replicas);
        if min > max {
            ctx.report(
                min_at,
                format_args!(
                    "minReplicas {min} is above maxReplicas {max}; the API server rejects this"
                ),
            );
        } else if min == max {
            ctx.report(
                max_key,
                format_args!(
                    "maxReplicas equals minReplicas ({max}), so the autoscaler can never scale"
                ),
            );
        } else if min >= 1 && min < floor {
            let set = if min_key.is_some() { "" } else { " (unset)" };
            ctx.report(
                min_at,
                format_args!("minReplicas {min}{set} is below {floor}: at low load one eviction or crash is an outage"),
            );
        }
    }
}
