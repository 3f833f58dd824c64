//! `apiserver-insecure-port-enabled`: kube-apiserver sets a non-zero `--insecure-port`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{ACCESS_API_SERVER, EXPOSED_SENSITIVE_INTERFACES, nsa};
use crate::util::control_plane::{self, Component, Problem};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverInsecurePortEnabled = ApiserverInsecurePortEnabled;

pub(crate) struct ApiserverInsecurePortEnabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-insecure-port-enabled",
    title: "API server serves an unauthenticated insecure port",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[ACCESS_API_SERVER, EXPOSED_SENSITIVE_INTERFACES],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &[],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when kube-apiserver sets `--insecure-port` to a non-zero number. The flag defaulted to 8080 before Kubernetes 1.20, to 0 from 1.20 and was removed in 1.24, so an unset flag is not reported.",
        why: "The insecure port serves plain HTTP and bypasses authentication and authorization entirely: anyone who can reach it is cluster-admin.",
        fix: "Remove `--insecure-port` (or set it to 0) and reach the API server through its secure port with credentials.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --insecure-port=8080\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --insecure-port=0\n",
        references: &[
            "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
            "https://kubernetes.io/docs/concepts/security/controlling-access/",
        ],
    },
};

impl Check for ApiserverInsecurePortEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.get("insecure-port").and_then(|flag| {
            let port = flag.value?.trim();
            (port.parse::<u32>().ok()? != 0).then(|| Problem {
                at: flag.at,
                message: format!("sets --insecure-port={port}: that port skips authentication and authorization"),
            })
        })
        });
    }
}
