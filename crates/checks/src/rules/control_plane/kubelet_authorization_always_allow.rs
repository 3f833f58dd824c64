//! `kubelet-authorization-always-allow`: a KubeletConfiguration sets `authorization.mode: AlwaysAllow`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_KUBELET_API, EXEC_INTO_CONTAINER, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletAuthorizationAlwaysAllow = KubeletAuthorizationAlwaysAllow;

pub(crate) struct KubeletAuthorizationAlwaysAllow;

static META: CheckMeta = CheckMeta {
    id: "kubelet-authorization-always-allow",
    title: "Kubelet authorizes every request",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API, EXEC_INTO_CONTAINER],
        nsa: &[nsa::RBAC, nsa::WORKER_NODES],
        cis: &["4.2.2"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `authorization.mode: AlwaysAllow`. An unset mode is not reported: the configuration file's default is Webhook (the `--authorization-mode` flag's default is AlwaysAllow, but flags are outside a manifest scan).",
        why: "With AlwaysAllow, any client the kubelet authenticates (every service account token, with webhook authentication) may use the whole kubelet API: exec into every container on the node, read its logs and its pods' Secrets.",
        fix: "Set `authorization.mode: Webhook`, so the kubelet asks the API server (SubjectAccessReview) for each request.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: AlwaysAllow\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletAuthorizationAlwaysAllow {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["authorization", "mode"],
            |v| v.as_str() == Some("AlwaysAllow"),
            |value| {
                format!(
                    "authorization.mode is {value}: every request that passes authentication may exec into containers and read logs"
                )
            },
        );
    }
}
