//! `credentials-in-env`: a container sets a credential as a literal environment variable.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CREDENTIALS_IN_CONFIGURATION, nsa};
use crate::util::secrets::{Names, credential};
use crate::{Check, Context};

pub(crate) static CHECK: CredentialsInEnv = CredentialsInEnv;

pub(crate) struct CredentialsInEnv;

static META: CheckMeta = CheckMeta {
    id: "credentials-in-env",
    title: "Credential in a literal environment variable",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::SECRETS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each `env[].value` of a container, init container or ephemeral container that holds a literal credential, at its `value` key. `valueFrom` references are what it should be. A credential is recognised by its value (private key blocks, AWS access key ids `AKIA`/`ASIA`, GitHub `ghp_`/`github_pat_` tokens, Slack `xox?-` tokens and webhooks, JSON Web Tokens, URLs with a literal password) or by its name (a password, passphrase, secret, token, API/access/private/signing key or credentials name with a literal value, or a key/auth/salt/session name with a long random-looking value). Empty values, placeholders (`changeme`, `<password>`, `xxxx`, `true`), references (`$(VAR)`, `${VAR}`, `{{ template }}`), paths (`/run/secrets/db`, `team/db-creds`) and names that describe rather than hold a credential (`PASSWORD_FILE`, `SECRET_NAME`, `TOKEN_TTL`, `AWS_ACCESS_KEY_ID`) are not reported. Messages name the key and the kind of credential, never the value.",
        why: "A literal in a pod spec is stored unencrypted in Git, in the workload object (readable by anyone who can read Deployments, a much wider group than those who can read Secrets), in `last-applied` annotations and in CI logs; it cannot be rotated without a redeploy.",
        fix: "Put the value in a Secret (or an external secret store) and reference it with `valueFrom.secretKeyRef`, or better, mount it as a file.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - name: DB_PASSWORD\n          value: hunter2-prod\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: password\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
            "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables",
        ],
    },
};

impl Check for CredentialsInEnv {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()) {
            for var in container
                .node
                .get("env")
                .into_iter()
                .flat_map(|e| e.items())
            {
                // The name is only looked up for a literal string value: many variables are
                // `valueFrom` references.
                let Some((at, value)) = var.entry("value") else {
                    continue;
                };
                let Some(value) = value.as_str() else {
                    continue;
                };
                let name = var.get_str("name").unwrap_or_default();
                let Some(kind) = credential(name, value, Names::Trusted) else {
                    continue;
                };
                let message = format_args!(
                    "container {:?} sets env var {name:?} to a literal {kind}; reference a Secret instead",
                    container.name
                );
                ctx.report_container(&container, at, message);
            }
        }
    }
}
