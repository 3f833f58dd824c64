//! `kubelet-client-ca-missing`: a KubeletConfiguration has no `authentication.x509.clientCAFile`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{ACCESS_KUBELET_API, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletClientCaMissing = KubeletClientCaMissing;

pub(crate) struct KubeletClientCaMissing;

static META: CheckMeta = CheckMeta {
    id: "kubelet-client-ca-missing",
    title: "Kubelet does not verify client certificates",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[ACCESS_KUBELET_API],
        nsa: &[nsa::AUTHENTICATION, nsa::WORKER_NODES],
        cis: &["4.2.3"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` has no (or an empty) `authentication.x509.clientCAFile`, at the deepest part of that path that exists. The `--client-ca-file` flag could still set it, but kubelet configuration files normally carry it.",
        why: "The API server authenticates to kubelets with a client certificate (for exec, logs, port-forward). Without a client CA the kubelet must rely on anonymous or token authentication, and cannot tell the API server from any other client.",
        fix: "Set `authentication.x509.clientCAFile` to the cluster CA.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletClientCaMissing {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(root) = control_plane::kubelet_config(ctx.object()) else {
            return;
        };
        let path = ["authentication", "x509", "clientCAFile"];
        if root
            .get_path(&path)
            .and_then(|v| v.as_str())
            .is_none_or(str::is_empty)
        {
            ctx.report(control_plane::nearest(root, &path), "authentication.x509.clientCAFile is not set: the kubelet cannot authenticate the API server's client certificate");
        }
    }
}
