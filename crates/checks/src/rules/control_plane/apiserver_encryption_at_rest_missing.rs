//! `apiserver-encryption-at-rest-missing`: kube-apiserver has no `--encryption-provider-config`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverEncryptionAtRestMissing = ApiserverEncryptionAtRestMissing;

pub(crate) struct ApiserverEncryptionAtRestMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-encryption-at-rest-missing",
    title: "API server does not encrypt Secrets at rest",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ENCRYPTION, nsa::ETCD],
        cis: &["1.2.27"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver does not set `--encryption-provider-config`. Reported at `command`.",
        why: "Without an encryption configuration the API server stores Secrets unencrypted in etcd: anyone with an etcd backup, disk snapshot or etcd client certificate reads every credential in the cluster.",
        fix: "Write an EncryptionConfiguration with a `kms` (v2) or `aesgcm`/`aescbc`/`secretbox` provider first for `secrets`, and pass it with `--encryption-provider-config`. Then rewrite existing Secrets so they are encrypted.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--etcd-servers=https://127.0.0.1:2379'\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --encryption-provider-config=/etc/kubernetes/enc/encryption.yaml\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverEncryptionAtRestMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(
                &["encryption-provider-config"],
                "Secrets are stored in etcd in plain text",
            )
        });
    }
}
