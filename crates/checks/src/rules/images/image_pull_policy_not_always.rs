//! `image-pull-policy-not-always`: a container image referenced by a mutable tag may run from a
//! stale copy cached on the node.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{IMAGES_FROM_PRIVATE_REGISTRY, nsa};
use crate::util::general::{describe, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: ImagePullPolicyNotAlways = ImagePullPolicyNotAlways;

pub(crate) struct ImagePullPolicyNotAlways;

static META: CheckMeta = CheckMeta {
    id: "image-pull-policy-not-always",
    title: "Image pull policy lets nodes reuse a cached tag",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[IMAGES_FROM_PRIVATE_REGISTRY],
        nsa: &[nsa::SECURE_IMAGES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for a container, init container or ephemeral container whose image is referenced by tag \
               (no digest) when its effective pull policy is not `Always`: `imagePullPolicy` is `IfNotPresent` \
               or `Never` (reported at that key), or it is unset and the image has a tag other than `latest`, \
               for which Kubernetes defaults to `IfNotPresent` (reported at the container). Unset policies on \
               `:latest` or untagged images default to `Always` and are not reported; images pinned by digest \
               are not reported, since a digest cannot go stale.",
        why: "With `IfNotPresent`, a node runs whatever copy of the tag it pulled first: a re-pushed tag (a \
              security fix) does not reach nodes that already have it, so replicas run different code. It also \
              skips the registry's authorisation: a pod can start from a private image another workload's \
              credentials pulled onto the node.",
        fix: "Pin the image by digest (and keep `IfNotPresent`), or set `imagePullPolicy: Always`. Clusters \
              shared by tenants should also enable the `AlwaysPullImages` admission plugin.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n      imagePullPolicy: IfNotPresent\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n      imagePullPolicy: Always\n",
        references: &[
            "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
            "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages",
        ],
    },
};

impl Check for ImagePullPolicyNotAlways {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for container in workload::pod_containers(ctx.object()) {
            let Some(image) = container.node.get_str("image") else {
                continue;
            };
            let Some(reference) = ctx.image_ref(image).filter(|r| r.digest.is_none()) else {
                continue;
            };
            let policy = container
                .node
                .entry("imagePullPolicy")
                .filter(|(_, v)| !v.is_null());
            match policy {
                Some((key, value)) => {
                    if let Some(p @ ("IfNotPresent" | "Never")) = value.as_str() {
                        let message = format_args!(
                            "{} pulls tag-referenced image {} with imagePullPolicy {p}",
                            describe(&container),
                            quoted(image)
                        );
                        ctx.report_container(&container, key, message);
                    }
                }
                None if !reference.is_latest() => {
                    let message = format_args!(
                        "{} sets no imagePullPolicy, so tag-referenced image {} defaults to IfNotPresent",
                        describe(&container),
                        quoted(image)
                    );
                    ctx.report_container(&container, container.node, message);
                }
                None => {}
            }
        }
    }
}
