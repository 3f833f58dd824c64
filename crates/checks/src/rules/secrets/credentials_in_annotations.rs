//! `credentials-in-annotations`: an annotation holds a credential.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CREDENTIALS_IN_CONFIGURATION, nsa};
use crate::util::secrets::{Names, credential};
use crate::{Check, Context};

pub(crate) static CHECK: CredentialsInAnnotations = CredentialsInAnnotations;

pub(crate) struct CredentialsInAnnotations;

static META: CheckMeta = CheckMeta {
    id: "credentials-in-annotations",
    title: "Credential in an annotation",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &[],
    mappings: Mappings {
        mitre: &[CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::SECRETS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each `metadata.annotations` entry of any object whose value holds a credential, at the annotation's key. Annotations often name Secrets (`auth-secret: basic-auth`, Vault paths), so a credential-like key only counts with a long random-looking value; value patterns always count. `kubectl.kubernetes.io/last-applied-configuration` is left to the checks of the object's own fields (and to `secret-in-last-applied-annotation`). A credential is recognised by its value (private key blocks, AWS access key ids `AKIA`/`ASIA`, GitHub `ghp_`/`github_pat_` tokens, Slack `xox?-` tokens and webhooks, JSON Web Tokens, URLs with a literal password) or by its key (a password, secret, token or key name with a long random-looking value). Empty values, placeholders (`changeme`, `<password>`, `xxxx`, `true`), references (`$(VAR)`, `${VAR}`, `{{ template }}`), paths (`/run/secrets/db`, `team/db-creds`) and names that describe rather than hold a credential (`PASSWORD_FILE`, `SECRET_NAME`, `TOKEN_TTL`, `AWS_ACCESS_KEY_ID`) are not reported. Messages name the key and the kind of credential, never the value.",
        why: "Annotations are metadata: they are shown by `kubectl describe`, copied by tools, readable by anyone who can list the object, and never encrypted. A credential there leaks far more widely than one in a Secret.",
        fix: "Move the credential to a Secret and let the controller that reads the annotation reference that Secret instead.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    example.com/api-key: Zk3j9QpX2mW8rT5vY1nB\nspec:\n  ports: [{port: 80}]\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    example.com/api-key-secret: web-api-key\nspec:\n  ports: [{port: 80}]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
    },
};

impl Check for CredentialsInAnnotations {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let annotations = ctx.object().root().get_path(&["metadata", "annotations"]);
        for (key, value) in annotations.into_iter().flat_map(|a| a.entries()) {
            let name = key.text().unwrap_or_default();
            if name == "kubectl.kubernetes.io/last-applied-configuration" {
                continue;
            }
            if let Some(kind) = value
                .as_str()
                .and_then(|v| credential(name, v, Names::WithEntropy))
            {
                ctx.report(
                    key,
                    format_args!("annotation {name:?} holds a literal {kind}; move it to a Secret"),
                );
            }
        }
    }
}
