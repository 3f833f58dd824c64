//! `kubelet-streaming-timeout-disabled`: a KubeletConfiguration sets `streamingConnectionIdleTimeout` to zero.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{EXEC_INTO_CONTAINER, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletStreamingTimeoutDisabled = KubeletStreamingTimeoutDisabled;

pub(crate) struct KubeletStreamingTimeoutDisabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-streaming-timeout-disabled",
    title: "Kubelet streaming connections never time out",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[EXEC_INTO_CONTAINER],
        nsa: &[nsa::WORKER_NODES],
        cis: &["4.2.5"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `streamingConnectionIdleTimeout` to a zero duration (`0`, `0s`, `0m0s`). The default is 4h.",
        why: "Idle exec and port-forward sessions that never close keep a foothold open and exhaust the node's resources.",
        fix: "Set a timeout such as `streamingConnectionIdleTimeout: 5m`, or remove the field.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletStreamingTimeoutDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["streamingConnectionIdleTimeout"],
            |v| {
                v.text().is_some_and(|t| {
                    t.chars().any(|c| c.is_ascii_digit())
                        && t.chars().filter(char::is_ascii_digit).all(|c| c == '0')
                })
            },
            |value| {
                format!(
                    "streamingConnectionIdleTimeout is {value}: idle exec, attach and port-forward sessions are never closed"
                )
            },
        );
    }
}
