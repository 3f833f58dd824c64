//! `secret-in-env`: a container reads a Secret into environment variables.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::util::general::{describe, quoted};
use crate::frameworks::{CREDENTIALS_IN_CONFIGURATION, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: SecretInEnv = SecretInEnv;

pub(crate) struct SecretInEnv;

static META: CheckMeta = CheckMeta {
    id: "secret-in-env",
    title: "Secret exposed through environment variables",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::SECRETS],
        cis: &["5.4.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each `env[].valueFrom.secretKeyRef` and each `envFrom[].secretRef` of a container, init \
               container or ephemeral container.",
        why: "Environment variables leak: they are inherited by every child process, printed by crash handlers, \
              debug endpoints and `env` in a shell, readable from `/proc/<pid>/environ`, and often logged by \
              frameworks at startup. They also never change while the container runs, so a rotated secret needs \
              a restart.",
        fix: "Mount the Secret as a volume (`volumes[].secret` and `volumeMounts`) and have the application read \
              the file; mounted files are updated when the Secret changes.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: password\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: db\n          mountPath: /etc/db\n          readOnly: true\n  volumes:\n    - name: db\n      secret:\n        secretName: db\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
    },
};

impl Check for SecretInEnv {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()) {
            let who = describe(&container);
            let list = |field| {
                container
                    .node
                    .get(field)
                    .into_iter()
                    .flat_map(|l| l.items())
            };
            for var in list("env") {
                if let Some((at, secret)) =
                    var.get("valueFrom").and_then(|v| v.entry("secretKeyRef"))
                    && !secret.is_null()
                {
                    let message = format_args!(
                        "{who} reads key {} of secret {} into env var {}; mount it as a file instead",
                        quoted(secret.get_str("key").unwrap_or_default()),
                        quoted(secret.get_str("name").unwrap_or_default()),
                        quoted(var.get_str("name").unwrap_or_default()),
                    );
                    ctx.report_container(&container, at, message);
                }
            }
            for source in list("envFrom") {
                if let Some((at, secret)) = source.entry("secretRef")
                    && !secret.is_null()
                {
                    let message = format_args!(
                        "{who} loads every key of secret {} into its environment; mount it as a file instead",
                        quoted(secret.get_str("name").unwrap_or_default()),
                    );
                    ctx.report_container(&container, at, message);
                }
            }
        }
    }
}
