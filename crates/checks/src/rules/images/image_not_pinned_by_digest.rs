//! `image-not-pinned-by-digest`: a container image is referenced by tag, not by digest.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{COMPROMISED_IMAGE_IN_REGISTRY, nsa};
use crate::util::general::{describe, for_each_image, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: ImageNotPinnedByDigest = ImageNotPinnedByDigest;

pub(crate) struct ImageNotPinnedByDigest;

static META: CheckMeta = CheckMeta {
    id: "image-not-pinned-by-digest",
    title: "Container image is not pinned by digest",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[COMPROMISED_IMAGE_IN_REGISTRY],
        nsa: &[nsa::SECURE_IMAGES],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when the `image` of a container, init container or ephemeral container has no digest \
               (`@sha256:...`), whatever its tag, at the `image` key. References no runtime could pull (empty, \
               containing spaces) are not judged. `:latest` images are also reported by `latest-image-tag`.",
        why: "Tags are mutable: whoever can push to the repository (its publisher, an attacker holding their \
              credentials, a compromised CI job) can make the same manifest run different code at the next pull. \
              A digest names exactly one image, so what was reviewed and scanned is what runs.",
        fix: "Reference the image by digest (`registry.example.com/app:1.4.2@sha256:...`; the tag is kept for \
              readability) and let a dependency bot update it.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2@sha256:4c0f2d8c6e8d1b1c3a7f8f8e0b6b9f5e2a1d3c4b5a6978812345678909abcdef\n",
        references: &[
            "https://kubernetes.io/docs/concepts/containers/images/#image-pull-operations",
            "https://kubernetes.io/docs/concepts/configuration/overview/#container-images",
        ],
    },
};

impl Check for ImageNotPinnedByDigest {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for_each_image(ctx, |ctx, container, at, image, reference| {
            if reference.digest.is_none() {
                let message = format_args!(
                    "{} uses image {} without a digest",
                    describe(container),
                    quoted(image)
                );
                ctx.report_container(container, at, message);
            }
        });
    }
}
