//! `kubelet-read-only-port-enabled`: a KubeletConfiguration sets a non-zero `readOnlyPort`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_KUBELET_API, NETWORK_MAPPING, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletReadOnlyPortEnabled = KubeletReadOnlyPortEnabled;

pub(crate) struct KubeletReadOnlyPortEnabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-read-only-port-enabled",
    title: "Kubelet serves its unauthenticated read-only port",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API, NETWORK_MAPPING],
        nsa: &[nsa::WORKER_NODES, nsa::AUTHENTICATION],
        cis: &["4.2.4"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `readOnlyPort` to a non-zero port. The file's default is 0 (disabled), so an unset field is fine.",
        why: "The read-only port (conventionally 10255) serves `/pods`, `/spec` and metrics with no authentication or authorization: anyone who reaches the node maps the workloads and reads their environment variables, often including credentials.",
        fix: "Set `readOnlyPort: 0` or remove it.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 10255\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletReadOnlyPortEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["readOnlyPort"],
            |v| v.as_i64().is_some_and(|port| port != 0),
            |value| {
                format!(
                    "readOnlyPort is {value}: pod specs, including environment variables, are served without authentication"
                )
            },
        );
    }
}
