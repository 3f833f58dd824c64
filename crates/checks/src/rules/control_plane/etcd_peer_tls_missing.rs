//! `etcd-peer-tls-missing`: etcd lacks `--peer-cert-file` or `--peer-key-file`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: EtcdPeerTlsMissing = EtcdPeerTlsMissing;

pub(crate) struct EtcdPeerTlsMissing;

static META: CheckMeta = CheckMeta {
    id: "etcd-peer-tls-missing",
    title: "Etcd peers communicate without TLS",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::ENCRYPTION],
        cis: &["2.4"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when etcd listens for peers beyond loopback and lacks `--peer-cert-file` or `--peer-key-file`. Peer checks are skipped when every `--listen-peer-urls` address is loopback (the default, `http://localhost:2380`): a single member has no peer traffic on the network. etcd also reads each flag from its `ETCD_*` environment variable (`ETCD_CLIENT_CERT_AUTH`), used when the flag is absent, and ignores both when `--config-file` is set (not judged then).",
        why: "Members replicate the whole keyspace to each other; without peer TLS anyone on the path reads every Secret and can inject writes.",
        fix: "Set `--peer-cert-file` and `--peer-key-file` and use `https://` peer URLs.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-peer-urls=http://10.0.0.10:2380'\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-peer-urls=https://10.0.0.10:2380'\n        - --peer-cert-file=/pki/etcd/peer.crt\n        - --peer-key-file=/pki/etcd/peer.key\n",
        references: &[
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EtcdPeerTlsMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_etcd_peers(ctx, |f| {
            f.require(
                &["peer-cert-file", "peer-key-file"],
                "replication traffic between members, Secrets included, is unencrypted",
            )
        });
    }
}
