//! `private-registry-without-pull-secret`: an image from a private-looking registry, while
//! neither the pod nor its (scanned) ServiceAccount provides pull credentials.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};
use kubeward_yaml::NodeRef;

use crate::util::general::{describe, for_each_image, quoted};
use crate::{Check, Context};

pub(crate) static CHECK: PrivateRegistryWithoutPullSecret = PrivateRegistryWithoutPullSecret;

pub(crate) struct PrivateRegistryWithoutPullSecret;

/// Host suffixes of private networks' names.
const PRIVATE_SUFFIXES: &[&str] = &[
    ".local",
    ".internal",
    ".lan",
    ".corp",
    ".intranet",
    ".home.arpa",
    ".svc",
];

static META: CheckMeta = CheckMeta {
    id: "private-registry-without-pull-secret",
    title: "Image from a private registry without pull secrets",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires for a container, init container or ephemeral container whose image comes from a registry \
               that looks private, at the `image` key, when the pod sets no `imagePullSecrets` and its \
               ServiceAccount (`serviceAccountName`, else `default`) is among the scanned objects and sets none \
               either. A registry looks private when its host is an IP address other than loopback, carries a \
               port, or ends in `.local`, `.internal`, `.lan`, `.corp`, `.intranet`, `.home.arpa` or `.svc`. \
               `localhost` and loopback registries (node-local development registries, usually without \
               authentication), public and cloud registries (whose credentials nodes often get from their cloud \
               identity) are not judged, and neither is any pod whose ServiceAccount is not scanned, since it may \
               carry pull secrets added out of band. Nodes configured with registry credentials make this a false \
               positive: disable the check if yours are.",
        why: "A registry that requires authentication refuses anonymous pulls: pods stay in ImagePullBackOff, \
              typically discovered only at deploy time or when a node without a cached copy has to pull.",
        fix: "Create a `kubernetes.io/dockerconfigjson` Secret for the registry and list it in the pod's \
              `imagePullSecrets` or in its ServiceAccount's `imagePullSecrets`.",
        failing: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: registry.corp.internal:5000/web:1.0\n",
        passing: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nimagePullSecrets:\n  - name: corp-registry\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: registry.corp.internal:5000/web:1.0\n",
        references: &[
            "https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod",
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#add-imagepullsecrets-to-a-service-account",
        ],
    },
};

/// Whether an image registry host looks private (see the check's documentation).
fn looks_private(registry: &str) -> bool {
    let registry = registry.to_ascii_lowercase();
    let (host, port) = match registry.strip_prefix('[') {
        // An IPv6 literal: `[fd00::1]:5000`.
        Some(rest) => match rest.split_once(']') {
            Some((host, rest)) => (host, rest.strip_prefix(':')),
            None => return false,
        },
        None => match registry.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (registry.as_str(), None),
        },
    };
    if host == "localhost" {
        return false;
    }
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return !ip.is_loopback();
    }
    port.is_some() || PRIVATE_SUFFIXES.iter().any(|suffix| host.ends_with(suffix))
}

/// Whether a pod spec or ServiceAccount lists at least one pull secret.
fn has_pull_secrets(node: NodeRef<'_>) -> bool {
    node.get("imagePullSecrets").is_some_and(|s| !s.is_empty())
}

impl Check for PrivateRegistryWithoutPullSecret {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        let Some(spec) = workload::pod_spec(object) else {
            return;
        };
        if has_pull_secrets(spec) {
            return;
        }
        let account = spec
            .get_str("serviceAccountName")
            .or_else(|| spec.get_str("serviceAccount"))
            .filter(|name| !name.is_empty())
            .unwrap_or("default");
        let namespace = object.id.namespace.as_deref();
        let Some(account) = ctx.inventory().find("ServiceAccount", namespace, account) else {
            return;
        };
        if has_pull_secrets(account.root()) {
            return;
        }
        let account = account.id.name.as_str();
        for_each_image(ctx, |ctx, container, at, image, reference| {
            if !looks_private(reference.registry) {
                return;
            }
            let message = format_args!(
                "{} pulls image {} from private-looking registry {}, but neither the pod nor service account {} has imagePullSecrets",
                describe(container),
                quoted(image),
                quoted(reference.registry),
                quoted(account)
            );
            ctx.report_container(container, at, message);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::looks_private;

    #[test]
    fn private_looking_registries() {
        for private in [
            "10.0.0.5",
            "10.0.0.5:5000",
            "registry:5000",
            "harbor.corp",
            "reg.example.internal",
            "[fd00::1]:5000",
            "Registry.LAN",
        ] {
            assert!(looks_private(private), "{private}");
        }
        for public in [
            "docker.io",
            "ghcr.io",
            "quay.io",
            "registry.k8s.io",
            "localhost",
            "localhost:5000",
            "127.0.0.1:5000",
            "[::1]:5000",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "myorg.azurecr.io",
            "registry.example.com",
        ] {
            assert!(!looks_private(public), "{public}");
        }
    }
}
