//! `apiserver-kubelet-ca-missing`: kube-apiserver has no `--kubelet-certificate-authority`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_KUBELET_API, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverKubeletCaMissing = ApiserverKubeletCaMissing;

pub(crate) struct ApiserverKubeletCaMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-kubelet-ca-missing",
    title: "API server does not verify kubelets' certificates",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API],
        nsa: &[nsa::CONTROL_PLANE, nsa::AUTHENTICATION],
        cis: &["1.2.5"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver does not set `--kubelet-certificate-authority`. kubeadm does not set it by default, since kubelets' serving certificates are self-signed unless `serverTLSBootstrap` is on.",
        why: "Without it the API server accepts any certificate from a kubelet, so whoever can intercept or impersonate a node's address receives exec sessions, logs and port-forwards meant for it.",
        fix: "Enable kubelet serving certificates signed by the cluster CA (`serverTLSBootstrap: true`), then set `--kubelet-certificate-authority`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --kubelet-client-certificate=/pki/kc.crt\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverKubeletCaMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(&["kubelet-certificate-authority"], "connections to kubelets (exec, logs, port-forward) do not verify the kubelet's serving certificate")
        });
    }
}
