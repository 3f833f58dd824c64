//! `etcd-client-cert-auth-disabled`: etcd does not set `--client-cert-auth=true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: EtcdClientCertAuthDisabled = EtcdClientCertAuthDisabled;

pub(crate) struct EtcdClientCertAuthDisabled;

static META: CheckMeta = CheckMeta {
    id: "etcd-client-cert-auth-disabled",
    title: "Etcd does not require client certificates",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::AUTHENTICATION],
        cis: &["2.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when etcd sets `--client-cert-auth=false` or does not set it (the default is false). etcd also reads each flag from its `ETCD_*` environment variable (`ETCD_CLIENT_CERT_AUTH`), used when the flag is absent, and ignores both when `--config-file` is set (not judged then).",
        why: "etcd has no other authorization in a Kubernetes setup: without client certificate authentication, anything that can connect (a pod with host networking, another node) reads every Secret and can rewrite RBAC.",
        fix: "Set `--client-cert-auth=true` and `--trusted-ca-file`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - --client-cert-auth=false\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: etcd\n      image: registry.k8s.io/etcd:3.5.12-0\n      command:\n        - etcd\n        - --client-cert-auth=true\n",
        references: &[
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for EtcdClientCertAuthDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::Etcd, |f| {
            f.reject_bool(
                "client-cert-auth",
                false,
                false,
                "any client that reaches etcd can read and write all cluster data",
            )
        });
    }
}
