//! `etcd-peer-client-cert-auth-disabled`: etcd does not set `--peer-client-cert-auth=true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: EtcdPeerClientCertAuthDisabled = EtcdPeerClientCertAuthDisabled;

pub(crate) struct EtcdPeerClientCertAuthDisabled;

static META: CheckMeta = CheckMeta {
    id: "etcd-peer-client-cert-auth-disabled",
    title: "Etcd does not authenticate its peers",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::AUTHENTICATION],
        cis: &["2.5"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when etcd listens for peers beyond loopback and sets `--peer-client-cert-auth=false` or does not set it (default false). Peer checks are skipped when every `--listen-peer-urls` address is loopback (the default, `http://localhost:2380`): a single member has no peer traffic on the network. etcd also reads each flag from its `ETCD_*` environment variable (`ETCD_CLIENT_CERT_AUTH`), used when the flag is absent, and ignores both when `--config-file` is set (not judged then).",
        why: "Without peer certificate authentication, a host that reaches the peer port can pose as a member and receive the replicated keyspace.",
        fix: "Set `--peer-client-cert-auth=true` and `--peer-trusted-ca-file`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-peer-urls=https://10.0.0.10:2380'\n        - --peer-client-cert-auth=false\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - '--listen-peer-urls=https://10.0.0.10:2380'\n        - --peer-client-cert-auth=true\n",
        references: &[
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EtcdPeerClientCertAuthDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_etcd_peers(ctx, |f| {
            f.reject_bool(
                "peer-client-cert-auth",
                false,
                false,
                "anything that reaches the peer port can join or talk to the cluster as a member",
            )
        });
    }
}
