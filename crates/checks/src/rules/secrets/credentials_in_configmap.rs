//! `credentials-in-configmap`: a ConfigMap holds a credential.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CREDENTIALS_IN_CONFIGURATION, nsa};
use crate::util::secrets::{Names, credential, decode_base64, text_credential};
use crate::{Check, Context};

pub(crate) static CHECK: CredentialsInConfigmap = CredentialsInConfigmap;

pub(crate) struct CredentialsInConfigmap;

static META: CheckMeta = CheckMeta {
    id: "credentials-in-configmap",
    title: "Credential in a ConfigMap",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["ConfigMap"],
    mappings: Mappings {
        mitre: &[CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::SECRETS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each `data` or `binaryData` (decoded, when it is UTF-8 text) key of a ConfigMap whose value holds a credential, at the key: either the whole value under a credential-like key, or, in configuration files, a line that holds one (`password=...`, `\"apiKey\": \"...\"`, `token: ...`), named with its setting and line. A credential is recognised by its value (private key blocks, AWS access key ids `AKIA`/`ASIA`, GitHub `ghp_`/`github_pat_` tokens, Slack `xox?-` tokens and webhooks, JSON Web Tokens, URLs with a literal password) or by its name (a password, passphrase, secret, token, API/access/private/signing key or credentials name with a literal value, or a key/auth/salt/session name with a long random-looking value). Empty values, placeholders (`changeme`, `<password>`, `xxxx`, `true`), references (`$(VAR)`, `${VAR}`, `{{ template }}`), paths (`/run/secrets/db`, `team/db-creds`) and names that describe rather than hold a credential (`PASSWORD_FILE`, `SECRET_NAME`, `TOKEN_TTL`, `AWS_ACCESS_KEY_ID`) are not reported. Messages name the key and the kind of credential, never the value.",
        why: "ConfigMaps are not meant for secrets: they are readable by every role that can read configuration (including the built-in `view` role), are never encrypted at rest, and end up in Git, logs and support bundles.",
        fix: "Move the credential to a Secret (mounted as a file or referenced from the environment) and keep only non-secret settings in the ConfigMap.",
        failing: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_HOST: db.shop.svc\n  DB_PASSWORD: hunter2-prod\n",
        passing: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_HOST: db.shop.svc\n  DB_PASSWORD_FILE: /run/secrets/db/password\n",
        references: &[
            "https://kubernetes.io/docs/concepts/configuration/configmap/",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
    },
};

impl Check for CredentialsInConfigmap {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        if !object.api_group().is_empty() {
            return;
        }
        let root = object.root();
        for field in ["data", "binaryData"] {
            for (key, value) in root.get(field).into_iter().flat_map(|d| d.entries()) {
                let name = key.text().unwrap_or_default();
                let decoded;
                let text = match (field, value.text()) {
                    ("data", Some(text)) => text,
                    (_, Some(encoded)) => {
                        match decode_base64(encoded).and_then(|bytes| String::from_utf8(bytes).ok())
                        {
                            Some(text) => {
                                decoded = text;
                                decoded.as_str()
                            }
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                // A multi-line value is a file: read line by line, which also says where.
                let single_line = !text.contains('\n');
                let message = if let Some(kind) = single_line
                    .then(|| credential(name, text, Names::Trusted))
                    .flatten()
                {
                    format!("{field} key {name:?} holds a literal {kind}; move it to a Secret")
                } else if let Some(hit) = text_credential(text) {
                    let setting = hit
                        .setting
                        .map(|s| format!(" in setting {s:?}"))
                        .unwrap_or_default();
                    format!(
                        "{field} key {name:?} holds a literal {}{setting} (line {} of the value); move it to a Secret",
                        hit.kind, hit.line
                    )
                } else {
                    continue;
                };
                ctx.report(key, message);
            }
        }
    }
}
