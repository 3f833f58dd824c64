//! `etcd-peer-auto-tls-enabled`: etcd sets `--peer-auto-tls=true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: EtcdPeerAutoTlsEnabled = EtcdPeerAutoTlsEnabled;

pub(crate) struct EtcdPeerAutoTlsEnabled;

static META: CheckMeta = CheckMeta {
    id: "etcd-peer-auto-tls-enabled",
    title: "Etcd peers use self-signed certificates",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::ENCRYPTION],
        cis: &["2.6"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when etcd listens for peers beyond loopback and sets `--peer-auto-tls=true` (default false). Peer checks are skipped when every `--listen-peer-urls` address is loopback (the default, `http://localhost:2380`): a single member has no peer traffic on the network. etcd also reads each flag from its `ETCD_*` environment variable (`ETCD_CLIENT_CERT_AUTH`), used when the flag is absent, and ignores both when `--config-file` is set (not judged then).",
        why: "Auto-generated peer certificates cannot be verified, so peer authentication is meaningless and peer traffic can be intercepted.",
        fix: "Remove `--peer-auto-tls` and configure peer certificates signed by the etcd CA.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-peer-urls=https://10.0.0.10:2380'\n        - --peer-auto-tls=true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-peer-urls=https://10.0.0.10:2380'\n        - --peer-auto-tls=false\n",
        references: &[
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EtcdPeerAutoTlsEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_etcd_peers(ctx, |f| {
            f.reject_bool(
                "peer-auto-tls",
                false,
                true,
                "members cannot verify each other's generated self-signed certificates",
            )
        });
    }
}
