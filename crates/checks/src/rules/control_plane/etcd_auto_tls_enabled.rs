//! `etcd-auto-tls-enabled`: etcd sets `--auto-tls=true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: EtcdAutoTlsEnabled = EtcdAutoTlsEnabled;

pub(crate) struct EtcdAutoTlsEnabled;

static META: CheckMeta = CheckMeta {
    id: "etcd-auto-tls-enabled",
    title: "Etcd uses self-signed client certificates",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::ENCRYPTION],
        cis: &["2.3"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when etcd sets `--auto-tls=true` (default false). etcd also reads each flag from its `ETCD_*` environment variable (`ETCD_CLIENT_CERT_AUTH`), used when the flag is absent, and ignores both when `--config-file` is set (not judged then).",
        why: "Auto TLS generates a self-signed serving certificate that clients cannot verify, so they must skip verification and are open to man-in-the-middle attacks.",
        fix: "Remove `--auto-tls` and configure `--cert-file`/`--key-file` signed by the etcd CA.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - --auto-tls=true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - --auto-tls=false\n",
        references: &[
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EtcdAutoTlsEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::Etcd, |f| {
            f.reject_bool(
                "auto-tls",
                false,
                true,
                "clients cannot verify a generated self-signed certificate",
            )
        });
    }
}
