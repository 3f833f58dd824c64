//! `latest-image-tag`: a container image is not pinned: tag `latest`, or no tag and no digest.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{COMPROMISED_IMAGE_IN_REGISTRY, nsa};
use crate::util::general::{describe, for_each_image, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: LatestImageTag = LatestImageTag;

pub(crate) struct LatestImageTag;

static META: CheckMeta = CheckMeta {
    id: "latest-image-tag",
    title: "Container image uses the latest tag",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[COMPROMISED_IMAGE_IN_REGISTRY],
        nsa: &[nsa::SECURE_IMAGES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when the `image` of a container, init container or ephemeral container has the tag `latest`, \
               or no tag and no digest (which pulls `latest`). A `:` before the last `/` is a registry port, not a \
               tag (`registry:5000/app` has no tag); a digest pins the image whatever its tag says \
               (`app:latest@sha256:...` passes).",
        why: "`latest` moves: two nodes pulling the same manifest can run different code, a rollback redeploys \
              whatever is newest rather than what ran before, and a compromised or careless push reaches \
              production at the next pod restart without any change to the manifest being reviewed.",
        fix: "Pin a version tag (`nginx:1.27.2`), or better a digest (`nginx@sha256:...`), and update it \
              deliberately, for example with a dependency bot.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:latest\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n",
        references: &[
            "https://kubernetes.io/docs/concepts/containers/images/#image-names",
            "https://kubernetes.io/docs/concepts/configuration/overview/#container-images",
        ],
    },
};

impl Check for LatestImageTag {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for_each_image(ctx, |ctx, container, at, image, reference| {
            if !reference.is_latest() {
                return;
            }
            let how = if reference.tag.is_some() {
                "the mutable tag \"latest\""
            } else {
                "no tag or digest, so it pulls \"latest\""
            };
            let message = format_args!(
                "{} uses image {} with {how}",
                describe(container),
                quoted(image)
            );
            ctx.report_container(container, at, message);
        });
    }
}
