//! `etcd-client-tls-missing`: etcd lacks `--cert-file` or `--key-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: EtcdClientTlsMissing = EtcdClientTlsMissing;

pub(crate) struct EtcdClientTlsMissing;

static META: CheckMeta = CheckMeta {
    id: "etcd-client-tls-missing",
    title: "Etcd serves clients without TLS",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::ENCRYPTION],
        cis: &["2.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when etcd lacks `--cert-file` or `--key-file`. etcd also reads each flag from its `ETCD_*` environment variable (`ETCD_CLIENT_CERT_AUTH`), used when the flag is absent, and ignores both when `--config-file` is set (not judged then).",
        why: "Without a serving certificate etcd speaks plain HTTP to its clients: anyone on the path reads and alters all cluster state, Secrets included.",
        fix: "Set `--cert-file` and `--key-file`, and serve `https://` client URLs.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-client-urls=http://127.0.0.1:2379'\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - --cert-file=/pki/etcd/server.crt\n        - --key-file=/pki/etcd/server.key\n",
        references: &[
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EtcdClientTlsMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::Etcd, |f| {
            f.require(
                &["cert-file", "key-file"],
                "client traffic, including every Secret, travels unencrypted",
            )
        });
    }
}
