//! `kubelet-server-certificate-rotation-disabled`: a KubeletConfiguration turns the RotateKubeletServerCertificate feature gate off.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_KUBELET_API, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletServerCertificateRotationDisabled =
    KubeletServerCertificateRotationDisabled;

pub(crate) struct KubeletServerCertificateRotationDisabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-server-certificate-rotation-disabled",
    title: "Kubelet disables serving certificate rotation",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API],
        nsa: &[nsa::WORKER_NODES],
        cis: &["4.2.11"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `featureGates.RotateKubeletServerCertificate: false` (the gate is on by default).",
        why: "Serving certificates that are never rotated stay valid long after a node is compromised, and cannot be issued by the cluster CA through `serverTLSBootstrap`, which the API server needs to verify kubelets.",
        fix: "Remove the `RotateKubeletServerCertificate: false` feature gate.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: false\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletServerCertificateRotationDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["featureGates", "RotateKubeletServerCertificate"],
            |v| v.as_bool() == Some(false),
            |value| {
                format!(
                    "feature gate RotateKubeletServerCertificate is {value}: the kubelet never renews its serving certificate"
                )
            },
        );
    }
}
