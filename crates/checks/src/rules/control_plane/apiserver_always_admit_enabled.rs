//! `apiserver-always-admit-enabled`: kube-apiserver enables AlwaysAdmit.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{MALICIOUS_ADMISSION_CONTROLLER, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverAlwaysAdmitEnabled = ApiserverAlwaysAdmitEnabled;

pub(crate) struct ApiserverAlwaysAdmitEnabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-always-admit-enabled",
    title: "API server enables the AlwaysAdmit admission plugin",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[MALICIOUS_ADMISSION_CONTROLLER],
        nsa: &[nsa::CONTROL_PLANE, nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["1.2.10"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--enable-admission-plugins` (or the older `--admission-control`) lists `AlwaysAdmit`, at the flag.",
        why: "AlwaysAdmit is a deprecated plugin that accepts every request; enabling it signals that admission control is being bypassed rather than configured, and it gives no protection.",
        fix: "Remove AlwaysAdmit from `--enable-admission-plugins`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - '--enable-admission-plugins=NodeRestriction,AlwaysAdmit'\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --enable-admission-plugins=NodeRestriction\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverAlwaysAdmitEnabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            let consequence = "AlwaysAdmit is deprecated and admits every request without checks";
            f.includes("enable-admission-plugins", "AlwaysAdmit", consequence)
                .or_else(|| f.includes("admission-control", "AlwaysAdmit", consequence))
        });
    }
}
