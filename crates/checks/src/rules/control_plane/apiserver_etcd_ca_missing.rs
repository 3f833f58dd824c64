//! `apiserver-etcd-ca-missing`: kube-apiserver has no `--etcd-cafile`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverEtcdCaMissing = ApiserverEtcdCaMissing;

pub(crate) struct ApiserverEtcdCaMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-etcd-ca-missing",
    title: "API server does not verify etcd's certificate",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::CONTROL_PLANE],
        cis: &["1.2.26"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver does not set `--etcd-cafile`.",
        why: "Without the CA the API server cannot verify etcd's serving certificate, so a man in the middle can read and rewrite all cluster state.",
        fix: "Set `--etcd-cafile` to the CA that signed etcd's serving certificate.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --etcd-certfile=/pki/etcd-client.crt\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverEtcdCaMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(
                &["etcd-cafile"],
                "the API server cannot verify that it is talking to the real etcd",
            )
        });
    }
}
