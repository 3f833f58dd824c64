//! `apparmor-unconfined`: the pod or a container disables or replaces the default AppArmor profile.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: ApparmorUnconfined = ApparmorUnconfined;

pub(crate) struct ApparmorUnconfined;

/// The prefix of the legacy per-container AppArmor annotations of a pod.
const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

static META: CheckMeta = CheckMeta {
    id: "apparmor-unconfined",
    title: "AppArmor confinement is disabled",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        cis: &[],
        pss: Some(pss::APPARMOR),
    },
    docs: Docs {
        what: "Fires at each `securityContext.appArmorProfile.type` of the pod spec, or of a container, init \
               container or ephemeral container, other than `RuntimeDefault` or `Localhost` (that is \
               `Unconfined`), and at each pod annotation `container.apparmor.security.beta.kubernetes.io/<container>` \
               (in the pod template's metadata) whose value is not empty, `runtime/default` or `localhost/<profile>` \
               (that is `unconfined`). Each setting is judged on its own, as the Pod Security Standards' Baseline \
               level does. A missing profile is fine: the runtime applies its default one.",
        why: "On nodes with AppArmor (Ubuntu, Debian, COS, Bottlerocket...) the runtime's default profile stops a \
              container from mounting filesystems, writing to most of `/proc` and `/sys`, and other moves used to \
              break out. `Unconfined` removes that layer, so a single added capability or kernel bug goes further. \
              The Pod Security Standards forbid it at the Baseline level.",
        fix: "Remove `appArmorProfile.type: Unconfined` and the `unconfined` annotation (the annotations are \
              deprecated anyway), or use `type: Localhost` with a profile written for the workload.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        appArmorProfile:\n          type: Unconfined\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/tutorials/security/apparmor/",
        ],
    },
};

impl Check for ApparmorUnconfined {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_unconfined_profiles(ctx, "appArmorProfile", |who, kind, _| {
            format!("{who} sets appArmorProfile type {kind:?}: no AppArmor confinement")
        });
        let annotations = workload::pod_template(ctx.object())
            .and_then(|template| template.get_path(&["metadata", "annotations"]));
        for (key, value) in annotations.into_iter().flat_map(|a| a.entries()) {
            let Some(container) = key.as_str().and_then(|k| k.strip_prefix(ANNOTATION_PREFIX))
            else {
                continue;
            };
            let profile = value.text().unwrap_or_default();
            if profile.is_empty()
                || profile == "runtime/default"
                || profile.starts_with("localhost/")
            {
                continue;
            }
            let message = format_args!(
                "annotation {ANNOTATION_PREFIX}{container} is {profile:?}: container {container:?} has no AppArmor confinement"
            );
            ctx.report(key, message);
        }
    }
}
