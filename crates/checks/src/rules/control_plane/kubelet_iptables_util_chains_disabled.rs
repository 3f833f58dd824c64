//! `kubelet-iptables-util-chains-disabled`: a KubeletConfiguration sets `makeIPTablesUtilChains: false`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{CLUSTER_INTERNAL_NETWORKING, nsa};
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletIptablesUtilChainsDisabled = KubeletIptablesUtilChainsDisabled;

pub(crate) struct KubeletIptablesUtilChainsDisabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-iptables-util-chains-disabled",
    title: "Kubelet does not manage its iptables chains",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[CLUSTER_INTERNAL_NETWORKING],
        nsa: &[nsa::WORKER_NODES, nsa::NETWORK_POLICIES],
        cis: &["4.2.6"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `makeIPTablesUtilChains: false` (YAML 1.1 spellings included). The default is true.",
        why: "The kubelet keeps its iptables utility chains (such as the ones that drop martian packets to node ports) in step with pod networking; managing them by hand drifts and can leave traffic unfiltered.",
        fix: "Remove `makeIPTablesUtilChains: false`.",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: false\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletIptablesUtilChainsDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::report_kubelet_field(
            ctx,
            &["makeIPTablesUtilChains"],
            |v| v.as_bool() == Some(false),
            |value| {
                format!(
                    "makeIPTablesUtilChains is {value}: the kubelet leaves its iptables utility chains unmanaged"
                )
            },
        );
    }
}
