//! `kubelet-certificate-rotation-disabled`: a KubeletConfiguration sets `rotateCertificates: false`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{KUBECONFIG_FILE, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletCertificateRotationDisabled = KubeletCertificateRotationDisabled;

pub(crate) struct KubeletCertificateRotationDisabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-certificate-rotation-disabled",
    title: "Kubelet does not rotate its client certificate",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[KUBECONFIG_FILE],
        nsa: &[nsa::WORKER_NODES, nsa::AUTHENTICATION],
        cis: &["4.2.10"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `rotateCertificates: false`. The file's default is also false, but the `--rotate-certificates` flag may enable it, so only an explicit false is reported (as CIS 4.2.10 asks: not set to false).",
        why: "Without rotation the kubelet's client certificate is long-lived: a stolen key stays valid for its whole lifetime, and the node drops out of the cluster when it expires.",
        fix: "Set `rotateCertificates: true`.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: false\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletCertificateRotationDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["rotateCertificates"],
            |v| v.as_bool() == Some(false),
            |value| {
                format!(
                    "rotateCertificates is {value}: the kubelet keeps one client certificate until it expires"
                )
            },
        );
    }
}
