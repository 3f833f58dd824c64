//! `encryption-secrets-not-encrypted`: an EncryptionConfiguration writes Secrets with the `identity` provider, or covers no Secrets.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: EncryptionSecretsNotEncrypted = EncryptionSecretsNotEncrypted;

pub(crate) struct EncryptionSecretsNotEncrypted;

static META: CheckMeta = CheckMeta {
    id: "encryption-secrets-not-encrypted",
    title: "Encryption configuration leaves Secrets unencrypted",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["EncryptionConfiguration"],
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ENCRYPTION, nsa::SECRETS],
        cis: &["1.2.28"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires on an `EncryptionConfiguration` (apiserver.config.k8s.io) when the first `resources` entry that covers `secrets` (by name, `*.` or `*.*`; the API server uses the first match) lists `identity` as its first provider (the one used for writes), at that provider; or when no entry covers Secrets, at `resources`. `identity` later in the list, used only to read old data during a migration, is fine.",
        why: "The first provider encrypts every write. With `identity` first, Secrets land in etcd, its backups and disk snapshots in plain text, even though an encryption configuration appears to be in place.",
        fix: "Put a real provider first (`kms` v2 preferred; `aesgcm`, `aescbc` or `secretbox` otherwise), keep `identity` last to read existing data, then rewrite all Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`).",
        failing: "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n      - aesgcm:\n          keys:\n            - name: key1\n              secret: c2VjcmV0IGlzIHNlY3VyZQ==\n",
        passing: "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n      - configmaps\n    providers:\n      - kms:\n          apiVersion: v2\n          name: vault\n          endpoint: unix:///var/run/kms/vault.sock\n      - identity: {}\n",
        references: &[
            "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EncryptionSecretsNotEncrypted {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(root) = control_plane::config_object(
            ctx.object(),
            "apiserver.config.k8s.io",
            "EncryptionConfiguration",
        ) else {
            return;
        };
        let covers_secrets = |entry: &kubeward_yaml::NodeRef<'_>| {
            entry.get("resources").is_some_and(|r| {
                r.items()
                    .filter_map(|i| i.as_str())
                    .any(|i| matches!(i, "secrets" | "*." | "*.*"))
            })
        };
        let Some(entry) = root
            .get("resources")
            .and_then(|r| r.items().find(covers_secrets))
        else {
            ctx.report(
                control_plane::top_level(root, "resources"),
                "no resources entry covers secrets: Secrets are stored in etcd in plain text",
            );
            return;
        };
        let first = entry.get("providers").and_then(|p| p.items().next());
        if let Some((key, _)) = first.and_then(|p| p.entry("identity")) {
            ctx.report(key, "the first provider for secrets is identity: new and updated Secrets are written to etcd in plain text");
        }
    }
}
