//! `duplicate-env`: a container sets the same environment variable twice.

use foldhash::{HashSet, HashSetExt};

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{describe, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: DuplicateEnv = DuplicateEnv;

pub(crate) struct DuplicateEnv;

static META: CheckMeta = CheckMeta {
    id: "duplicate-env",
    title: "Container sets an environment variable twice",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires on each later entry of a container's `env` list (init, regular or ephemeral container) whose \
               `name` an earlier entry already set. Variables from `envFrom` are not compared.",
        why: "Only the last value takes effect, so whoever edits the first one changes nothing; server-side apply \
              and strategic merge patches key `env` by name and reject or mangle duplicates, making later \
              updates fail or drop variables.",
        fix: "Keep one entry per variable name.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - {name: LOG_LEVEL, value: info}\n        - {name: LOG_LEVEL, value: debug}\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - {name: LOG_LEVEL, value: debug}\n",
        references: &[
            "https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/",
        ],
    },
};

impl Check for DuplicateEnv {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()) {
            let Some(env) = container.node.get("env") else {
                continue;
            };
            let mut seen = HashSet::with_capacity(env.len());
            for entry in env.items() {
                let Some((key, name)) = entry.entry("name") else {
                    continue;
                };
                let Some(name) = name.as_str() else { continue };
                if !seen.insert(name) {
                    let message = format_args!(
                        "{} sets environment variable {} more than once",
                        describe(&container),
                        quoted(name)
                    );
                    ctx.report_container(&container, key, message);
                }
            }
        }
    }
}
