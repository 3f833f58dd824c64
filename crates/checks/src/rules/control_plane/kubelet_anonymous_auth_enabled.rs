//! `kubelet-anonymous-auth-enabled`: a KubeletConfiguration sets `authentication.anonymous.enabled: true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_KUBELET_API, EXEC_INTO_CONTAINER, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletAnonymousAuthEnabled = KubeletAnonymousAuthEnabled;

pub(crate) struct KubeletAnonymousAuthEnabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-anonymous-auth-enabled",
    title: "Kubelet accepts anonymous requests",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API, EXEC_INTO_CONTAINER],
        nsa: &[nsa::AUTHENTICATION, nsa::WORKER_NODES],
        cis: &["4.2.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` (kubelet.config.k8s.io) sets `authentication.anonymous.enabled: true` (YAML 1.1 spellings included). An unset field is not reported: the configuration file's default is false (only the `--anonymous-auth` command-line flag defaults to true), and command-line flags override the file, which a manifest scan cannot see.",
        why: "The kubelet API on port 10250 can list pods, read logs and exec into any container on the node. With anonymous access, and especially with `authorization.mode: AlwaysAllow`, anyone who reaches the node runs commands in every container.",
        fix: "Set `authentication.anonymous.enabled: false` and `authentication.webhook.enabled: true`.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletAnonymousAuthEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["authentication", "anonymous", "enabled"],
            |v| v.as_bool() == Some(true),
            |value| {
                format!(
                    "authentication.anonymous.enabled is {value}: requests to the kubelet API without credentials are served as system:anonymous"
                )
            },
        );
    }
}
