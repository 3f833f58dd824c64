//! `apiserver-essential-admission-disabled`: kube-apiserver disables the ServiceAccount or NamespaceLifecycle admission plugin.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{CONTAINER_SERVICE_ACCOUNT, nsa};
use crate::util::control_plane::{self, Component};
use crate::{Check, Context};

pub(crate) static CHECK: ApiserverEssentialAdmissionDisabled = ApiserverEssentialAdmissionDisabled;

pub(crate) struct ApiserverEssentialAdmissionDisabled;

static META: CheckMeta = CheckMeta {
    id: "apiserver-essential-admission-disabled",
    title: "API server disables an essential admission plugin",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[CONTAINER_SERVICE_ACCOUNT],
        nsa: &[nsa::CONTROL_PLANE],
        cis: &["1.2.12", "1.2.13"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Applies to containers that run the component, recognised by `command[0]` (also `hyperkube <component>`) or, without `command`, by the image's repository name; never by the pod's name. Fires when `--disable-admission-plugins` lists `ServiceAccount` or `NamespaceLifecycle`, both on by default.",
        why: "The ServiceAccount plugin ties every pod to an existing service account and manages its token; NamespaceLifecycle stops objects from being created in terminating or missing namespaces (and protects `kube-system`, `default` and `kube-public` from deletion).",
        fix: "Remove them from `--disable-admission-plugins`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --disable-admission-plugins=ServiceAccount\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp1\n  namespace: kube-system\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.30.2\n      command:\n        - kube-apiserver\n        - --disable-admission-plugins=DefaultStorageClass\n",
        references: &[
            "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/",
            "https://www.cisecurity.org/benchmark/kubernetes",
        ],
    },
};

impl Check for ApiserverEssentialAdmissionDisabled {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        control_plane::check_component(ctx, Component::ApiServer, |f| {
            f.includes(
                "disable-admission-plugins",
                "ServiceAccount",
                "pods can run as service accounts that do not exist and tokens are not managed",
            )
            .or_else(|| {
                f.includes(
                    "disable-admission-plugins",
                    "NamespaceLifecycle",
                    "objects can be created in namespaces that are being deleted or do not exist",
                )
            })
        });
    }
}
