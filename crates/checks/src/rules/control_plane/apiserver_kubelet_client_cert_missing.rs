//! `apiserver-kubelet-client-cert-missing`: kube-apiserver lacks `--kubelet-client-certificate` or `--kubelet-client-key`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_KUBELET_API, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverKubeletClientCertMissing = ApiserverKubeletClientCertMissing;

pub(crate) struct ApiserverKubeletClientCertMissing;

static META: CheckMeta = CheckMeta {
    id: "apiserver-kubelet-client-cert-missing",
    title: "API server has no client certificate for kubelets",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API],
        nsa: &[nsa::CONTROL_PLANE, nsa::AUTHENTICATION],
        cis: &["1.2.4"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver lacks `--kubelet-client-certificate` or `--kubelet-client-key`; the message names the missing flags.",
        why: "Kubelets authenticate the API server by this client certificate. Without it, exec, logs and port-forward only work against kubelets that accept anonymous requests, which lets anyone on the network run commands in every container.",
        fix: "Set both flags to a client certificate signed by the kubelets' client CA, with the rights granted by `system:kubelet-api-admin`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --kubelet-client-certificate=/pki/kc.crt\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --kubelet-client-certificate=/pki/kc.crt\n        - --kubelet-client-key=/pki/kc.key\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverKubeletClientCertMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.require(
            &["kubelet-client-certificate", "kubelet-client-key"],
            "kubelets cannot authenticate the API server, so their APIs must accept unauthenticated requests",
        )
        });
    }
}
