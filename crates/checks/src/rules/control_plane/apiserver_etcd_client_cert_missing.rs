//! `apiserver-etcd-client-cert-missing`: kube-apiserver lacks `--etcd-certfile` or `--etcd-keyfile`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{LIST_KUBERNETES_SECRETS, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverEtcdClientCertMissing = ApiserverEtcdClientCertMissing;

pub(crate) struct ApiserverEtcdClientCertMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-etcd-client-cert-missing",
    title: "API server does not authenticate to etcd",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[LIST_KUBERNETES_SECRETS],
        nsa: &[nsa::ETCD, nsa::CONTROL_PLANE],
        cis: &["1.2.23"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver lacks `--etcd-certfile` or `--etcd-keyfile`.",
        why: "etcd holds every object including Secrets. If the API server has no client certificate, etcd must accept unauthenticated clients, and anyone who reaches its port owns the cluster.",
        fix: "Give the API server an etcd client certificate and key, and run etcd with `--client-cert-auth=true`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--etcd-servers=https://127.0.0.1:2379'\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --etcd-certfile=/pki/etcd-client.crt\n        - --etcd-keyfile=/pki/etcd-client.key\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://etcd.io/docs/v3.5/op-guide/security/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverEtcdClientCertMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(
                &["etcd-certfile", "etcd-keyfile"],
                "etcd can only be reached if it accepts clients without certificates",
            )
        });
    }
}
