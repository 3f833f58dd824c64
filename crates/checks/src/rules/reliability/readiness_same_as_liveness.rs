//! `readiness-same-as-liveness`: a container's liveness probe checks exactly what its readiness
//! probe checks, and gives up no later.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};
use kubeward_yaml::NodeRef;

use crate::util::general::{LONG_RUNNING_KINDS, describe};
use crate::util::workloads::{same_value, is_serving};
use crate::{Check, Context};

pub(crate) static CHECK: ReadinessSameAsLiveness = ReadinessSameAsLiveness;

pub(crate) struct ReadinessSameAsLiveness;

static META: CheckMeta = CheckMeta {
    id: "readiness-same-as-liveness",
    title: "Liveness probe is identical to the readiness probe",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: LONG_RUNNING_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires when a container (or sidecar) has a `livenessProbe` and a `readinessProbe` with the same \
               handler (the same `exec` command, `httpGet`, `tcpSocket` or `grpc` target) and the liveness probe \
               gives up no later than the readiness probe (its `failureThreshold` and `periodSeconds`, defaults \
               3 and 10, are both at most the readiness probe's). A liveness probe on the same endpoint that \
               tolerates failures for longer is a common, sound pattern and does not fire.",
        why: "Readiness failures mean \"send me no traffic for now\"; liveness failures mean \"kill me\". When both \
              probe the same thing with the same patience, an overloaded or briefly degraded pod is restarted at \
              the moment it would only have been taken out of rotation, and a slow dependency turns into a \
              restart loop across every replica.",
        fix: "Make the liveness probe check only that the process is alive (a cheap `/livez` that does not touch \
              dependencies), or keep the endpoint and give the liveness probe a clearly higher \
              `failureThreshold` or `periodSeconds`.",
        failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          readinessProbe:\n            httpGet: {path: /healthz, port: 8080}\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n          readinessProbe:\n            httpGet: {path: /ready, port: 8080}\n          livenessProbe:\n            httpGet: {path: /livez, port: 8080}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
        ],
    },
};

/// The fields of a probe that say what it checks.
const HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "grpc"];

/// The probe's handler (field name and value), if it has exactly one.
fn handler(probe: NodeRef<'_>) -> Option<(&'static str, NodeRef<'_>)> {
    let mut found = HANDLERS
        .iter()
        .filter_map(|&field| Some((field, probe.get(field).filter(|h| !h.is_null())?)));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// `failureThreshold` and `periodSeconds`, with Kubernetes' defaults.
fn patience(probe: NodeRef<'_>) -> Option<(i64, i64)> {
    let field = |name: &str, default: i64| match probe.get(name) {
        None => Some(default),
        Some(value) if value.is_null() => Some(default),
        Some(value) => value.as_i64(),
    };
    Some((field("failureThreshold", 3)?, field("periodSeconds", 10)?))
}

impl Check for ReadinessSameAsLiveness {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()).filter(is_serving) {
            let (Some((key, liveness)), Some(readiness)) = (
                container.node.entry("livenessProbe"),
                container.node.get("readinessProbe"),
            ) else {
                continue;
            };
            let (Some(live), Some(ready)) = (handler(liveness), handler(readiness)) else {
                continue;
            };
            let (Some((live_failures, live_period)), Some((ready_failures, ready_period))) =
                (patience(liveness), patience(readiness))
            else {
                continue;
            };
            if live.0 == ready.0
                && same_value(live.1, ready.1)
                && live_failures <= ready_failures
                && live_period <= ready_period
            {
                let message = format_args!(
                    "{} has a liveness probe identical to its readiness probe ({}), so a pod that should only stop \
                     receiving traffic is restarted",
                    describe(&container),
                    live.0
                );
                ctx.report_container(&container, key, message);
            }
        }
    }
}
