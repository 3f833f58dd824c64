//! `kubelet-protect-kernel-defaults-disabled`: a KubeletConfiguration does not set `protectKernelDefaults: true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::nsa;
use crate::util::control_plane;
use crate::{Check, Context};

pub(crate) static CHECK: KubeletProtectKernelDefaultsDisabled =
    KubeletProtectKernelDefaultsDisabled;

pub(crate) struct KubeletProtectKernelDefaultsDisabled;

static META: CheckMeta = CheckMeta {
    id: "kubelet-protect-kernel-defaults-disabled",
    title: "Kubelet may change kernel settings",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["KubeletConfiguration"],
    mappings: Mappings {
        mitre: &[],
        nsa: &[nsa::WORKER_NODES],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a `KubeletConfiguration` sets `protectKernelDefaults: false` or leaves it unset (default false); an unset field is reported at `kind`. Earlier CIS versions list this; CIS 1.9 no longer does, so no CIS id is given.",
        why: "With the protection off, the kubelet overwrites kernel tunables (panic behaviour, overcommit) that the node's hardening set, instead of refusing to start on a mismatch.",
        fix: "Set `protectKernelDefaults: true` after setting the kernel parameters the kubelet expects (`vm.overcommit_memory=1`, `kernel.panic=10`, `kernel.panic_on_oops=1`).",
        failing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: false\n",
        passing: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\nprotectKernelDefaults: true\nmakeIPTablesUtilChains: true\nrotateCertificates: true\nserverTLSBootstrap: true\nstreamingConnectionIdleTimeout: 4h0m0s\nfeatureGates:\n  RotateKubeletServerCertificate: true\n",
        references: &[
            "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
            "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for KubeletProtectKernelDefaultsDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(root) = control_plane::kubelet_config(ctx.object()) else {
            return;
        };
        match root.entry("protectKernelDefaults") {
            Some((key, value)) if value.as_bool() == Some(false) => {
                ctx.report(key, "protectKernelDefaults is false: the kubelet silently changes kernel settings it disagrees with");
            }
            None => ctx.report(
                control_plane::top_level(root, "protectKernelDefaults"),
                "protectKernelDefaults is not set (default false): the kubelet silently changes kernel settings it disagrees with",
            ),
            _ => {}
        }
    }
}
