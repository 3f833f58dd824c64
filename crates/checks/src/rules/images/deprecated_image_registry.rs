//! `deprecated-image-registry`: a container image comes from a registry that is frozen or gone.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::nsa;
use crate::util::general::{describe, for_each_image, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: DeprecatedImageRegistry = DeprecatedImageRegistry;

pub(crate) struct DeprecatedImageRegistry;

/// Deprecated registries (host, or host and path prefix) and what happened to them.
const DEPRECATED: &[(&str, &str)] = &[
    ("k8s.gcr.io", "frozen since April 2023; use registry.k8s.io"),
    (
        "gcr.io/google_containers",
        "the frozen backing store of k8s.gcr.io; use registry.k8s.io",
    ),
    (
        "gcr.io/google-containers",
        "the frozen backing store of k8s.gcr.io; use registry.k8s.io",
    ),
    (
        "docker.pkg.github.com",
        "GitHub's retired Docker registry; use ghcr.io",
    ),
];

/// Registries whose service has shut down, matched by host suffix.
const SHUT_DOWN_SUFFIXES: &[(&str, &str)] = &[(".bintray.io", "JFrog Bintray shut down in 2021")];

static META: CheckMeta = CheckMeta {
    id: "deprecated-image-registry",
    title: "Container image comes from a deprecated registry",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::UPGRADING],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when the `image` of a container, init container or ephemeral container comes from a \
               registry that is frozen or shut down, at the `image` key: `k8s.gcr.io` (frozen on 3 April 2023, \
               replaced by `registry.k8s.io`) and its backing repositories `gcr.io/google_containers` and \
               `gcr.io/google-containers`; `docker.pkg.github.com` (GitHub Packages' old Docker registry, \
               replaced by `ghcr.io`); and any `*.bintray.io` host (Bintray was shut down in 2021).",
        why: "A frozen registry receives no new releases or security fixes, so workloads pulling from it are stuck \
              on old, vulnerable versions; and once the registry goes away (as Bintray did, and as Google's \
              Container Registry is winding down) pods fail with ImagePullBackOff on the next reschedule, in the \
              middle of an incident or a node upgrade.",
        fix: "Pull the same image from its new home (`registry.k8s.io/pause:3.9` instead of \
              `k8s.gcr.io/pause:3.9`, `ghcr.io/...` instead of `docker.pkg.github.com/...`), or mirror it into \
              your own registry.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dns\nspec:\n  containers:\n    - name: coredns\n      image: k8s.gcr.io/coredns/coredns:v1.9.3\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dns\nspec:\n  containers:\n    - name: coredns\n      image: registry.k8s.io/coredns/coredns:v1.9.3\n",
        references: &[
            "https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/",
            "https://kubernetes.io/blog/2022/11/28/registry-k8s-io-faster-cheaper-ga/",
            "https://docs.github.com/en/packages/working-with-a-github-packages-registry/migrating-to-the-container-registry-from-the-docker-registry",
        ],
    },
};

impl Check for DeprecatedImageRegistry {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for_each_image(ctx, |ctx, container, at, image, reference| {
            let host = reference.registry.as_bytes();
            let why = DEPRECATED
                .iter()
                .find(|(entry, _)| reference.is_from(entry))
                .or_else(|| {
                    SHUT_DOWN_SUFFIXES
                        .iter()
                        .find(|(suffix, _)| {
                            host.len() >= suffix.len()
                                && host[host.len() - suffix.len()..]
                                    .eq_ignore_ascii_case(suffix.as_bytes())
                        })
                })
                .map(|(_, why)| why);
            if let Some(why) = why {
                let message = format_args!(
                    "{} pulls image {} from {}: {why}",
                    describe(container),
                    quoted(image),
                    reference.registry
                );
                ctx.report_container(container, at, message);
            }
        });
    }
}
