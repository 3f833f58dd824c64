//! `untrusted-registry`: a container image comes from a registry not in `trusted_registries`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{COMPROMISED_IMAGE_IN_REGISTRY, nsa};
use crate::util::general::{describe, for_each_image, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: UntrustedRegistry = UntrustedRegistry;

pub(crate) struct UntrustedRegistry;

static META: CheckMeta = CheckMeta {
    id: "untrusted-registry",
    title: "Container image comes from an untrusted registry",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[COMPROMISED_IMAGE_IN_REGISTRY],
        nsa: &[nsa::SECURE_IMAGES],
        cis: &["5.5.1"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "When the `trusted_registries` setting lists any registries, fires for each container, init \
               container or ephemeral container whose image comes from none of them. The registry is read as \
               Docker does: the first path component if it contains `.` or `:` or is `localhost`, otherwise \
               Docker Hub (`docker.io`, official images under `docker.io/library`). An entry is a registry \
               host (with its port, if the registry uses one) or a host and path prefix, matched on whole path \
               components: `ghcr.io/example` trusts `ghcr.io/example/app` but not `ghcr.io/example-fork/app`.",
        why: "Whoever controls the registry controls the code your cluster runs. Images from public or unknown \
              registries skip your build pipeline, vulnerability scanning and signing, and can be replaced, \
              typosquatted or taken over by their publisher at any time.",
        fix: "Mirror or rebuild the image into one of your trusted registries and reference it there, or add the \
              registry to `trusted_registries` in `.kubeward.yaml` if it is in fact trusted.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: docker.io/someone/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/someone/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/containers/images/#image-names",
            "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#imagepolicywebhook",
        ],
    },
};

impl Check for UntrustedRegistry {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let trusted = &ctx.settings().trusted_registries;
        if trusted.is_empty() {
            return;
        }
        for_each_image(ctx, |ctx, container, at, image, reference| {
            if !trusted.iter().any(|entry| reference.is_from(entry)) {
                let message = format_args!(
                    "{} pulls image {} from registry {}, which is not trusted",
                    describe(container),
                    quoted(image),
                    quoted(reference.registry)
                );
                ctx.report_container(container, at, message);
            }
        });
    }
}
