//! Helpers for resource, probe, image and object-level checks.

use kubeward_core::Object;
use kubeward_core::workload::{self, Container, ContainerKind};
use kubeward_yaml::NodeRef;

use crate::{Context, Inventory};

/// How a finding names a container: `container "app"`, `init container "setup"`.
pub(crate) fn describe<'c>(container: &'c Container<'_>) -> impl std::fmt::Display + 'c {
    // Written straight into the finding's message, without a String of its own.
    struct Described<'c, 'a>(&'c Container<'a>);
    impl std::fmt::Display for Described<'_, '_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let opening = match self.0.kind {
                ContainerKind::Init => "init container \"",
                ContainerKind::Regular => "container \"",
                ContainerKind::Ephemeral => "ephemeral container \"",
            };
            write_quoted(f, opening, self.0.name)
        }
    }
    Described(container)
}

/// `text` in double quotes, escaped exactly as `{:?}` escapes a `str`.
pub(crate) fn quoted(text: &str) -> impl std::fmt::Display + '_ {
    struct Quoted<'t>(&'t str);
    impl std::fmt::Display for Quoted<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write_quoted(f, "\"", self.0)
        }
    }
    Quoted(text)
}

/// Writes `opening`, which ends with the opening quote, then `text` as `{:?}` writes a `str`.
/// Names in messages are nearly always printable ASCII that needs no escape: those are written
/// as they are, the quote in the same write as what comes before it, without `Debug`'s
/// character-by-character escaping.
fn write_quoted(f: &mut std::fmt::Formatter<'_>, opening: &str, text: &str) -> std::fmt::Result {
    let plain = text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
    if plain {
        f.write_str(opening)?;
        f.write_str(text)?;
        f.write_str("\"")
    } else {
        f.write_str(opening.strip_suffix('"').unwrap_or(opening))?;
        write!(f, "{text:?}")
    }
}

/// The key of `field` in `map` when present, else `map` itself: where a finding about a
/// missing or wrong field points.
pub(crate) fn key_or<'a>(map: NodeRef<'a>, field: &str) -> NodeRef<'a> {
    map.entry(field).map_or(map, |(key, _)| key)
}

/// A compute resource with requests and limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    /// `cpu`.
    Cpu,
    /// `memory`.
    Memory,
    /// `ephemeral-storage`.
    EphemeralStorage,
}

impl Resource {
    fn key(self) -> &'static str {
        match self {
            Resource::Cpu => "cpu",
            Resource::Memory => "memory",
            Resource::EphemeralStorage => "ephemeral-storage",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Resource::Cpu => "CPU",
            Resource::Memory => "memory",
            Resource::EphemeralStorage => "ephemeral storage",
        }
    }
}

/// A request or a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// `resources.requests`.
    Request,
    /// `resources.limits`.
    Limit,
}

impl Bound {
    fn field(self) -> &'static str {
        match self {
            Bound::Request => "requests",
            Bound::Limit => "limits",
        }
    }

    /// The fields of a namespace's LimitRange that default this bound for containers: a
    /// LimitRange's `default` (limits) also defaults requests.
    fn limit_range_defaults(self) -> &'static [&'static str] {
        match self {
            Bound::Request => &["defaultRequest", "default"],
            Bound::Limit => &["default"],
        }
    }
}

/// Whether a `resources` mapping sets `bound` for `resource`, counting a request Kubernetes
/// defaults from the limit.
fn sets_bound(resources: Option<NodeRef<'_>>, resource: Resource, bound: Bound) -> bool {
    let set = |field: &str| {
        resources
            .and_then(|r| r.get_path(&[field, resource.key()]))
            .is_some_and(|quantity| !quantity.is_null())
    };
    set(bound.field()) || (bound == Bound::Request && set(Bound::Limit.field()))
}

/// Whether a LimitRange scanned alongside `object`, in the same namespace, gives containers a
/// default `bound` for `resource`.
fn limit_range_defaults(
    inventory: &Inventory<'_>,
    object: &Object,
    resource: Resource,
    bound: Bound,
) -> bool {
    inventory
        .of_kind("LimitRange")
        .filter(|range| range.id.namespace == object.id.namespace)
        .filter_map(|range| range.root().get_path(&["spec", "limits"]))
        .flat_map(|limits| limits.items())
        .filter(|item| item.get_str("type") == Some("Container"))
        .any(|item| {
            bound.limit_range_defaults().iter().any(|field| {
                item.get_path(&[field, resource.key()])
                    .is_some_and(|q| !q.is_null())
            })
        })
}

/// Reports every regular and init container of the workload that sets no `bound` for
/// `resource` (ephemeral containers cannot have resources). A request defaulted from the
/// container's limit, pod-level resources and a namespace LimitRange default all count as set.
/// The finding points at `resources.requests`/`resources.limits`, else `resources`, else the
/// container.
pub(crate) fn report_missing_resource(ctx: &mut Context<'_>, resource: Resource, bound: Bound) {
    let object = ctx.object();
    let Some(spec) = workload::pod_spec(object) else {
        return;
    };
    if sets_bound(spec.get("resources"), resource, bound)
        || limit_range_defaults(ctx.inventory(), object, resource, bound)
    {
        return;
    }
    let noun = match bound {
        Bound::Request => "request",
        Bound::Limit => "limit",
    };
    for container in workload::pod_containers(object).filter(|c| c.kind != ContainerKind::Ephemeral)
    {
        let resources = container.node.entry("resources");
        if sets_bound(resources.map(|(_, value)| value), resource, bound) {
            continue;
        }
        let at = resources.map_or(container.node, |(key, value)| {
            value.entry(bound.field()).map_or(key, |(field, _)| field)
        });
        let message = format_args!(
            "{} sets no {} {noun}",
            describe(&container),
            resource.label()
        );
        ctx.report_container(&container, at, message);
    }
}

/// Kinds whose pods keep running, so probes matter (not Job or CronJob).
pub(crate) const LONG_RUNNING_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
];

/// Reports every regular container of a long-running workload without a `field` probe
/// (`livenessProbe`, `readinessProbe`), at the container. A pod with a `restartPolicy` other
/// than `Always` runs to completion and is skipped.
pub(crate) fn report_missing_probe(ctx: &mut Context<'_>, field: &str, probe: &str) {
    let Some(spec) = workload::pod_spec(ctx.object()) else {
        return;
    };
    if spec
        .get_str("restartPolicy")
        .is_some_and(|policy| policy != "Always")
    {
        return;
    }
    for container in
        workload::pod_containers(ctx.object()).filter(|c| c.kind == ContainerKind::Regular)
    {
        if container.node.get(field).is_some_and(|p| !p.is_null()) {
            continue;
        }
        let message = format_args!("{} has no {probe} probe", describe(&container));
        ctx.report_container(&container, key_or(container.node, field), message);
    }
}

/// Calls `each` with every container of the workload whose image a runtime could pull (see
/// [`ImageRef::parse`]): the `image` key, the image as written and its parts.
pub(crate) fn for_each_image<'a>(
    ctx: &mut Context<'a>,
    mut each: impl FnMut(&mut Context<'a>, &Container<'a>, NodeRef<'a>, &'a str, ImageRef<'a>),
) {
    for container in workload::pod_containers(ctx.object()) {
        if let Some((key, value)) = container.node.entry("image")
            && let Some(image) = value.as_str()
            && let Some(reference) = ctx.image_ref(image)
        {
            each(ctx, &container, key, image, reference);
        }
    }
}

/// Docker Hub, the registry of references that name none.
const DOCKER_HUB: &str = "docker.io";

/// A container image reference, split as Docker and the container runtimes read it:
/// `[registry/]path[:tag][@digest]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// The registry host (with its port, if any); `docker.io` when the reference names none.
    pub(crate) registry: &'a str,
    /// The repository path inside the registry, as written (`nginx`, `team/app`).
    pub(crate) path: &'a str,
    /// The tag, if any.
    pub(crate) tag: Option<&'a str>,
    /// The digest (`sha256:...`), if any.
    pub(crate) digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Splits `reference`. `None` for what no runtime would pull: empty, whitespace, or an empty
    /// path, tag or digest.
    pub(crate) fn parse(reference: &'a str) -> Option<Self> {
        // Every container's image is parsed by several checks: the separators are ASCII, so
        // bytes are searched rather than characters decoded.
        let bytes = reference.as_bytes();
        let whitespace = if reference.is_ascii() {
            // `char::is_whitespace` on ASCII: space and `\t`..=`\r`.
            bytes.iter().any(|&b| matches!(b, b' ' | b'\t'..=b'\r'))
        } else {
            reference.contains(char::is_whitespace)
        };
        if reference.is_empty() || whitespace {
            return None;
        }
        let (name, digest) = match bytes.iter().position(|&b| b == b'@') {
            Some(at) => (&reference[..at], Some(&reference[at + 1..])),
            None => (reference, None),
        };
        // A tag is a `:` after the last `/`; one before it belongs to a registry port.
        let name_bytes = name.as_bytes();
        let last = name_bytes
            .iter()
            .rposition(|&b| b == b'/')
            .map_or(0, |i| i + 1);
        let (name, tag) = match name_bytes[last..].iter().rposition(|&b| b == b':') {
            Some(i) => (&name[..last + i], Some(&name[last + i + 1..])),
            None => (name, None),
        };
        // The first component is a registry if it looks like a host: a dot, a port, `localhost`
        // or an upper-case letter (repository paths are lower case).
        let first_slash = name.as_bytes().iter().position(|&b| b == b'/');
        let (registry, path) = match first_slash.map(|at| (&name[..at], &name[at + 1..])) {
            Some((first, rest))
                if first
                    .bytes()
                    .any(|b| b == b'.' || b == b':' || b.is_ascii_uppercase())
                    || first == "localhost" =>
            {
                (first, rest)
            }
            _ => (DOCKER_HUB, name),
        };
        let registry = if registry == "index.docker.io" {
            DOCKER_HUB
        } else {
            registry
        };
        if registry.is_empty() || path.is_empty() || [tag, digest].contains(&Some("")) {
            return None;
        }
        Some(ImageRef {
            registry,
            path,
            tag,
            digest,
        })
    }

    /// Whether the reference floats: no digest, and tag `latest` or none (which means
    /// `latest`).
    pub(crate) fn is_latest(&self) -> bool {
        self.digest.is_none() && self.tag.is_none_or(|tag| tag == "latest")
    }

    /// The repository path as the registry knows it: Docker Hub's official images live under
    /// `library/`.
    fn full_path(&self) -> String {
        if self.registry == DOCKER_HUB && !self.path.contains('/') {
            format!("library/{}", self.path)
        } else {
            self.path.to_owned()
        }
    }

    /// Whether a trusted-registry entry covers this image: an entry is a registry (host, with
    /// its port if the image names one), or a registry and a path prefix that matches whole
    /// path components (`ghcr.io/example` covers `ghcr.io/example/app`, not
    /// `ghcr.io/example-other/app`).
    pub(crate) fn is_from(&self, entry: &str) -> bool {
        let entry = entry.trim().trim_end_matches('/');
        // Split at the first `/` by bytes: a character search costs more than the rest here.
        let (host, prefix) = match entry.bytes().position(|b| b == b'/') {
            Some(at) => (&entry[..at], &entry[at + 1..]),
            None => (entry, ""),
        };
        let host = if host == "index.docker.io" {
            DOCKER_HUB
        } else {
            host
        };
        if !host.eq_ignore_ascii_case(self.registry) {
            return false;
        }
        let path = self.full_path();
        prefix.is_empty()
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// Kinds that live outside namespaces.
const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterTrustBundle",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "DeviceClass",
    "FlowSchema",
    "IngressClass",
    "IPAddress",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "ResourceSlice",
    "RuntimeClass",
    "SelfSubjectAccessReview",
    "SelfSubjectReview",
    "SelfSubjectRulesReview",
    "ServiceCIDR",
    "StorageClass",
    "StorageVersion",
    "StorageVersionMigration",
    "SubjectAccessReview",
    "TokenReview",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
    "VolumeAttributesClass",
];

/// Whether `object` is cluster-scoped: a built-in cluster-scoped kind, or a custom resource
/// whose CustomResourceDefinition (scanned alongside) says `scope: Cluster`.
pub(crate) fn is_cluster_scoped(inventory: &Inventory<'_>, object: &Object) -> bool {
    CLUSTER_SCOPED_KINDS.contains(&object.kind())
        || inventory
            .of_kind("CustomResourceDefinition")
            .map(Object::root)
            .any(|crd| {
                crd.get_path(&["spec", "group"]).and_then(|g| g.as_str())
                    == Some(object.api_group())
                    && crd
                        .get_path(&["spec", "names", "kind"])
                        .and_then(|k| k.as_str())
                        == Some(object.kind())
                    && crd.get_path(&["spec", "scope"]).and_then(|s| s.as_str()) == Some("Cluster")
            })
}

/// Where a finding about `metadata.<field>` points: that field's key, else `metadata`'s key,
/// else the object.
pub(crate) fn metadata_field<'a>(object: &'a Object, field: &str) -> NodeRef<'a> {
    let root = object.root();
    match root.entry("metadata") {
        Some((key, metadata)) => metadata.entry(field).map_or(key, |(field, _)| field),
        None => root,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_matches_debug_formatting() {
        for text in [
            "app",
            "",
            "with space",
            "quote\"inside",
            "back\\slash",
            "tab\there",
            "new\nline",
            "caf\u{e9}",
            "\u{301}combining",
            "bell\u{7}",
            "del\u{7f}",
            "it's",
        ] {
            assert_eq!(quoted(text).to_string(), format!("{text:?}"), "{text:?}");
        }
    }

    #[test]
    fn parses_registry_path_tag_and_digest() {
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let pinned = format!("app@{digest}");
        let both = format!("registry.example.com:443/app:1.0@{digest}");
        type Parts<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);
        let cases: &[(&str, Parts)] = &[
            ("nginx", ("docker.io", "nginx", None, None)),
            ("nginx:1.25", ("docker.io", "nginx", Some("1.25"), None)),
            (
                "bitnami/redis:7",
                ("docker.io", "bitnami/redis", Some("7"), None),
            ),
            ("registry:5000/app", ("registry:5000", "app", None, None)),
            (
                "registry:5000/app:1.2",
                ("registry:5000", "app", Some("1.2"), None),
            ),
            ("localhost/app:dev", ("localhost", "app", Some("dev"), None)),
            (
                "ghcr.io/example/tools/cli:v2",
                ("ghcr.io", "example/tools/cli", Some("v2"), None),
            ),
            (
                "index.docker.io/library/nginx",
                ("docker.io", "library/nginx", None, None),
            ),
            ("MyRegistry/app", ("MyRegistry", "app", None, None)),
            (&pinned, ("docker.io", "app", None, Some(digest))),
            (
                &both,
                ("registry.example.com:443", "app", Some("1.0"), Some(digest)),
            ),
        ];
        for (reference, expected) in cases {
            let r = ImageRef::parse(reference).unwrap_or_else(|| panic!("{reference}"));
            assert_eq!(
                (r.registry, r.path, r.tag, r.digest),
                *expected,
                "{reference}"
            );
        }
    }

    #[test]
    fn rejects_what_no_runtime_pulls() {
        for bad in [
            "",
            "nginx:",
            "app@",
            "registry.example.com/",
            " nginx",
            "a b",
            "a\tb",
            "app\u{b}",
            "app\u{a0}",
            "caf\u{e9}\u{2003}",
        ] {
            assert_eq!(ImageRef::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn latest_means_no_digest_and_latest_or_no_tag() {
        let latest = |r| ImageRef::parse(r).unwrap().is_latest();
        assert!(latest("nginx"));
        assert!(latest("nginx:latest"));
        assert!(latest("registry:5000/app"));
        assert!(latest("localhost:5000/team/app:latest"));
        assert!(!latest("registry:5000/app:1.2"));
        assert!(!latest("nginx:1.25"));
        assert!(!latest("nginx@sha256:abc"));
        assert!(!latest("nginx:latest@sha256:abc"));
    }

    #[test]
    fn trusted_entries_match_hosts_and_whole_path_prefixes() {
        let from = |image, entry| ImageRef::parse(image).unwrap().is_from(entry);
        assert!(from("registry.example.com/app:1", "registry.example.com"));
        assert!(from("Registry.Example.com/app:1", "registry.example.com"));
        assert!(from("registry.example.com/app:1", "registry.example.com/"));
        assert!(!from(
            "registry.example.com.evil.io/app",
            "registry.example.com"
        ));
        assert!(!from(
            "registry.example.com:5000/app",
            "registry.example.com"
        ));
        assert!(from(
            "registry.example.com:5000/app",
            "registry.example.com:5000"
        ));
        assert!(from("ghcr.io/example/app", "ghcr.io/example"));
        assert!(from("ghcr.io/example", "ghcr.io/example"));
        assert!(from("ghcr.io/example/tools/cli", "ghcr.io/example/tools"));
        assert!(!from("ghcr.io/example-evil/app", "ghcr.io/example"));
        assert!(!from("ghcr.io/other/app", "ghcr.io/example"));
        assert!(!from("example/app", "ghcr.io/example"));
        assert!(from("nginx", "docker.io"));
        assert!(from("nginx", "docker.io/library"));
        assert!(from("index.docker.io/library/nginx", "docker.io/library"));
        assert!(from("nginx", "index.docker.io"));
        assert!(!from("bitnami/redis", "docker.io/library"));
        assert!(!from("docker.io.evil.io/nginx", "docker.io"));
    }
}
