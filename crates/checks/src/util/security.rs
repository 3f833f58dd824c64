//! Helpers for pod and container security checks.
//!
//! Kubernetes reads most security settings from the container's `securityContext`, and a few
//! (`runAsUser`, `runAsNonRoot`, `runAsGroup`, `seccompProfile`, `seLinuxOptions`,
//! `windowsOptions`) from the pod's as well, the container's value winning field by field. A null
//! value counts as unset, as it does for the API server.

use kubeward_core::workload::{self, Container};
use kubeward_yaml::NodeRef;

use crate::Context;

/// The key of the deepest entry along `path` that exists under `node`; `None` when even the
/// first key is missing.
pub(crate) fn deepest_key<'a>(node: NodeRef<'a>, path: &[&str]) -> Option<NodeRef<'a>> {
    let mut at = None;
    let mut current = node;
    for key in path {
        let Some((k, v)) = current.entry(key) else {
            break;
        };
        at = Some(k);
        current = v;
    }
    at
}

/// The entry (key, value) at `path` inside the `securityContext` of `owner` (a container or a pod
/// spec), when it is set to something other than null. Inlined, with the functions that call it,
/// so that the constant paths checks pass are looked up as constant keys (see `NodeRef::entry`).
#[inline(always)]
fn set_in<'a>(owner: NodeRef<'a>, path: &[&str]) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    let (last, parents) = path.split_last()?;
    owner
        .get("securityContext")?
        .get_path(parents)?
        .entry(last)
        .filter(|(_, value)| !value.is_null())
}

/// The container's own `securityContext` entry at `path` (e.g. `["capabilities", "add"]`), when set.
#[inline(always)]
pub(crate) fn container_field<'a>(
    container: &Container<'a>,
    path: &[&str],
) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    set_in(container.node, path)
}

/// Where to report a problem with the container's `securityContext` field at `path`: the field's
/// key when present, else the nearest enclosing key that is (`securityContext`, `capabilities`...), else
/// the container. An empty `path` gives the `securityContext` key, or the container.
pub(crate) fn container_anchor<'a>(container: &Container<'a>, path: &[&str]) -> NodeRef<'a> {
    match container.node.entry("securityContext") {
        Some((key, context)) => deepest_key(context, path).unwrap_or(key),
        None => container.node,
    }
}

/// The entry (key, value) that decides a field both the pod's and the container's
/// `securityContext` can set: the container's when it sets it, else the pod's.
#[inline(always)]
pub(crate) fn effective_field<'a>(
    pod_spec: NodeRef<'a>,
    container: &Container<'a>,
    path: &[&str],
) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    set_in(container.node, path).or_else(|| set_in(pod_spec, path))
}

/// Who sets an effective field (see [`effective_field`]) for the container: `"it"` when the
/// container does, else `"the pod"`, for messages.
pub(crate) fn setter(container: &Container<'_>, path: &[&str]) -> &'static str {
    if container_field(container, path).is_some() {
        "it"
    } else {
        "the pod"
    }
}

/// Where to report a problem with a field the pod can also set: the key that decides it (the
/// container's, or the pod's it inherits), else the container's nearest enclosing node.
pub(crate) fn effective_anchor<'a>(
    pod_spec: NodeRef<'a>,
    container: &Container<'a>,
    path: &[&str],
) -> NodeRef<'a> {
    effective_field(pod_spec, container, path)
        .map_or_else(|| container_anchor(container, path), |(key, _)| key)
}

/// Unless the container's `securityContext.<field>` is the boolean `wanted`, where to report it
/// (see [`container_anchor`]).
pub(crate) fn unless_flag<'a>(
    container: &Container<'a>,
    field: &str,
    wanted: bool,
) -> Option<NodeRef<'a>> {
    let set = container_field(container, &[field]).and_then(|(_, value)| value.as_bool());
    (set != Some(wanted)).then(|| container_anchor(container, &[field]))
}

/// Whether the pod declares it runs on Windows (`spec.os.name: windows`), where the API server
/// forbids the Linux-only fields (`allowPrivilegeEscalation`, `readOnlyRootFilesystem`,
/// `capabilities`, `runAsUser`, ...).
pub(crate) fn is_windows(pod_spec: NodeRef<'_>) -> bool {
    pod_spec
        .get("os")
        .and_then(|os| os.get_str("name"))
        .is_some_and(|name| name.eq_ignore_ascii_case("windows"))
}

/// A capability as the container runtime reads it: upper case, without the `CAP_` prefix.
pub(crate) fn capability_name(item: NodeRef<'_>) -> Option<String> {
    capability_text(item).map(str::to_ascii_uppercase)
}

/// The items of the container's `securityContext.capabilities.<list>` (`add` or `drop`), each
/// with its [`capability_name`].
pub(crate) fn capabilities<'a>(
    container: &Container<'a>,
    list: &str,
) -> impl Iterator<Item = (NodeRef<'a>, String)> + use<'a> {
    capability_items(container, list).filter_map(|item| Some((item, capability_name(item)?)))
}

/// Whether `item` names the capability `wanted` (upper case, without `CAP_`): compared without
/// building the name, for the checks that look for one or two capabilities in every container.
fn is_capability(item: NodeRef<'_>, wanted: &str) -> bool {
    capability_text(item).is_some_and(|name| name.eq_ignore_ascii_case(wanted))
}

/// The text of a capability item without surrounding spaces and the `CAP_` prefix (in any
/// case), as written: [`capability_name`] without the upper-casing.
fn capability_text(item: NodeRef<'_>) -> Option<&str> {
    let text = item.text()?.trim();
    Some(match text.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("CAP_") => &text[4..],
        _ => text,
    })
}

/// The items of the container's `securityContext.capabilities.<list>` (`add` or `drop`).
fn capability_items<'a>(
    container: &Container<'a>,
    list: &str,
) -> impl Iterator<Item = NodeRef<'a>> + use<'a> {
    container_field(container, &["capabilities", list])
        .into_iter()
        .flat_map(|(_, items)| items.items())
}

/// Whether the container drops every capability (`capabilities.drop` holds `ALL`).
pub(crate) fn drops_all(container: &Container<'_>) -> bool {
    capability_items(container, "drop").any(|item| is_capability(item, "ALL"))
}

/// Whether the container adds `CAP_SYS_ADMIN`, directly or through `ALL`.
pub(crate) fn adds_sys_admin(container: &Container<'_>) -> bool {
    capability_items(container, "add")
        .any(|item| is_capability(item, "SYS_ADMIN") || is_capability(item, "ALL"))
}

/// Whether the container sets `securityContext.privileged: true`.
pub(crate) fn is_privileged(container: &Container<'_>) -> bool {
    container_field(container, &["privileged"]).and_then(|(_, value)| value.as_bool()) == Some(true)
}

/// Reports the pod spec's boolean `field` (`hostNetwork`, ...) when it is true, at its key, with
/// `consequence` saying what it gives the pod.
pub(crate) fn report_pod_flag(ctx: &mut Context<'_>, field: &str, consequence: &str) {
    let Some(spec) = workload::pod_spec(ctx.object()) else {
        return;
    };
    if let Some((key, value)) = spec.entry(field)
        && value.as_bool() == Some(true)
    {
        ctx.report(key, format_args!("{field} is true: {consequence}"));
    }
}

/// Calls `visit` with the pod spec and each container (init, regular and ephemeral) of the
/// object, when it is a workload.
pub(crate) fn each_container<'a>(
    ctx: &mut Context<'a>,
    visit: impl FnMut(&mut Context<'a>, NodeRef<'a>, Container<'a>),
) {
    visit_containers(ctx, false, visit);
}

/// Like [`each_container`], but skips pods that declare `spec.os.name: windows`, for checks of
/// Linux-only fields the API server forbids on Windows pods.
pub(crate) fn each_linux_container<'a>(
    ctx: &mut Context<'a>,
    visit: impl FnMut(&mut Context<'a>, NodeRef<'a>, Container<'a>),
) {
    visit_containers(ctx, true, visit);
}

fn visit_containers<'a>(
    ctx: &mut Context<'a>,
    skip_windows: bool,
    mut visit: impl FnMut(&mut Context<'a>, NodeRef<'a>, Container<'a>),
) {
    let Some(spec) = workload::pod_spec(ctx.object()) else {
        return;
    };
    if skip_windows && is_windows(spec) {
        return;
    }
    for container in workload::pod_containers(ctx.object()) {
        visit(ctx, spec, container);
    }
}

/// Capabilities worth a finding when added (`dangerous-capability-added`), whether critical
/// (enough on its own to take the node), and what each gives. The other capability checks skip
/// these, so that an added capability is reported once.
pub(crate) const DANGEROUS_CAPABILITIES: &[(&str, bool, &str)] = &[
    ("ALL", true, "every capability, as good as privileged"),
    (
        "SYS_ADMIN",
        true,
        "mount, namespaces, BPF and most of root's other powers, enough to escape to the node",
    ),
    (
        "SYS_MODULE",
        true,
        "loading kernel modules, that is running code in the node's kernel",
    ),
    (
        "SYS_RAWIO",
        true,
        "raw access to I/O ports, devices and kernel memory",
    ),
    (
        "DAC_READ_SEARCH",
        true,
        "reading any file regardless of permissions, used to escape through open_by_handle_at",
    ),
    (
        "SYS_PTRACE",
        false,
        "tracing and injecting code into other processes",
    ),
    (
        "SYS_BOOT",
        false,
        "rebooting the node or loading a new kernel",
    ),
    (
        "NET_ADMIN",
        false,
        "reconfiguring interfaces, routes and firewall rules, and intercepting traffic",
    ),
    (
        "NET_RAW",
        false,
        "raw sockets, to forge packets and spoof ARP or DNS towards neighbouring pods",
    ),
    ("BPF", false, "loading eBPF programs into the kernel"),
    (
        "PERFMON",
        false,
        "kernel performance monitoring, a frequent path to kernel exploits and leaks",
    ),
    (
        "SYS_TIME",
        false,
        "setting the clock, which the node and all its pods share",
    ),
    (
        "SYS_CHROOT",
        false,
        "chroot, a step of several container escapes",
    ),
    ("MKNOD", false, "creating device files"),
    (
        "SETFCAP",
        false,
        "granting file capabilities to binaries, a way to escalate",
    ),
    (
        "MAC_ADMIN",
        false,
        "changing the AppArmor or SELinux policy",
    ),
    ("MAC_OVERRIDE", false, "bypassing AppArmor or SELinux"),
    (
        "SYSLOG",
        false,
        "reading the kernel log and addresses, which defeats KASLR",
    ),
    (
        "AUDIT_CONTROL",
        false,
        "turning off or changing kernel auditing",
    ),
];

/// The capabilities the Pod Security Standards' Baseline level lets a container add (the
/// container runtimes' default set), spelled exactly as Pod Security admission compares them.
pub(crate) const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Which capability check reports an entry of `capabilities.add`, so that each is reported once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddedCapability {
    /// In [`DANGEROUS_CAPABILITIES`]: `dangerous-capability-added`.
    Dangerous,
    /// Not in the Baseline set as Pod Security admission spells it (exact, upper case, no
    /// `CAP_`): `capability-added-beyond-baseline`.
    BeyondBaseline,
    /// In the Baseline set but not `NET_BIND_SERVICE`: `capability-added-beyond-restricted`.
    BeyondRestricted,
    /// `NET_BIND_SERVICE`, allowed at every level.
    Allowed,
}

/// Classifies an entry of `capabilities.add` as written (`raw`) and as the runtime reads it
/// (`name`, see [`capability_name`]).
pub(crate) fn classify_added(raw: &str, name: &str) -> AddedCapability {
    if DANGEROUS_CAPABILITIES
        .iter()
        .any(|(cap, _, _)| *cap == name)
    {
        AddedCapability::Dangerous
    } else if !BASELINE_CAPABILITIES.contains(&raw) {
        AddedCapability::BeyondBaseline
    } else if raw != "NET_BIND_SERVICE" {
        AddedCapability::BeyondRestricted
    } else {
        AddedCapability::Allowed
    }
}

/// Reports every entry of a container's `capabilities.add` that [`classify_added`] puts in
/// `wanted`, at the entry, with `message(container, raw, name)`.
pub(crate) fn report_added_capabilities(
    ctx: &mut Context<'_>,
    wanted: AddedCapability,
    skip_windows: bool,
    message: impl Fn(&Container<'_>, &str, &str) -> String,
) {
    visit_containers(ctx, skip_windows, |ctx, _, container| {
        for (item, name) in capabilities(&container, "add") {
            let raw = item.text().unwrap_or_default().trim();
            if classify_added(raw, &name) == wanted {
                ctx.report_container(&container, item, message(&container, raw, &name));
            }
        }
    });
}

/// Who sets a `securityContext` field: the pod, or one of its containers.
pub(crate) type Setter<'a> = Option<Container<'a>>;

/// How a message names a [`Setter`]: `the pod`, `container "app"`, `init container "setup"`.
pub(crate) fn setter_name(setter: &Setter<'_>) -> String {
    setter.as_ref().map_or_else(
        || "the pod".to_owned(),
        |c| super::general::describe(c).to_string(),
    )
}

/// Reports at `at` on behalf of `setter` (naming the container when there is one).
pub(crate) fn report_for(
    ctx: &mut Context<'_>,
    setter: &Setter<'_>,
    at: NodeRef<'_>,
    message: String,
) {
    match setter {
        Some(container) => ctx.report_container(container, at, message),
        None => ctx.report(at, message),
    }
}

/// Calls `visit` with every explicit (non-null) setting of the `securityContext` field at `path`:
/// the pod's, then each container's (init, regular, ephemeral), with the entry's key and value.
/// Pod Security admission judges each setting on its own, whichever one wins.
pub(crate) fn each_setting<'a>(
    ctx: &mut Context<'a>,
    path: &[&str],
    mut visit: impl FnMut(&mut Context<'a>, Setter<'a>, NodeRef<'a>, NodeRef<'a>),
) {
    let Some(spec) = workload::pod_spec(ctx.object()) else {
        return;
    };
    if let Some((key, value)) = set_in(spec, path) {
        visit(ctx, None, key, value);
    }
    for container in workload::pod_containers(ctx.object()) {
        if let Some((key, value)) = set_in(container.node, path) {
            visit(ctx, Some(container), key, value);
        }
    }
}

/// Reports each explicit `securityContext.<field>.type` (`seccompProfile`, `appArmorProfile`) of
/// the pod or a container that is neither `RuntimeDefault` nor `Localhost`, at its key, each
/// setting judged on its own as Pod Security admission does, with
/// `message(setter name, type, whether a container sets it)`.
pub(crate) fn report_unconfined_profiles(
    ctx: &mut Context<'_>,
    field: &str,
    message: impl Fn(&str, &str, bool) -> String,
) {
    each_setting(ctx, &[field, "type"], |ctx, setter, key, value| {
        let kind = value.text().unwrap_or_default();
        if !matches!(kind, "RuntimeDefault" | "Localhost") {
            let text = message(&setter_name(&setter), kind, setter.is_some());
            report_for(ctx, &setter, key, text);
        }
    });
}

/// The entry (key, value) at `path` inside the pod spec's own `securityContext`, when set.
pub(crate) fn pod_field<'a>(
    pod_spec: NodeRef<'a>,
    path: &[&str],
) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    set_in(pod_spec, path)
}

/// Whether `node` is missing, null or an empty mapping: a `securityContext` that sets nothing.
pub(crate) fn is_unset(node: Option<NodeRef<'_>>) -> bool {
    node.is_none_or(|n| n.is_null() || (n.kind() == kubeward_yaml::Kind::Map && n.is_empty()))
}

/// Calls `visit` with every entry of every container's `ports` (init, regular and ephemeral).
pub(crate) fn each_port<'a>(
    ctx: &mut Context<'a>,
    skip_windows: bool,
    mut visit: impl FnMut(&mut Context<'a>, NodeRef<'a>, &Container<'a>, NodeRef<'a>),
) {
    visit_containers(ctx, skip_windows, |ctx, spec, container| {
        for port in container
            .node
            .get("ports")
            .into_iter()
            .flat_map(|ports| ports.items())
        {
            visit(ctx, spec, &container, port);
        }
    });
}

/// One `hostPath` volume of a pod spec.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostPathVolume<'a> {
    /// The volume's `name`, or empty.
    pub(crate) name: &'a str,
    /// The key of `hostPath.path` when present, else the `hostPath` key.
    pub(crate) at: NodeRef<'a>,
    /// `hostPath.path` as written, when set.
    pub(crate) path: Option<&'a str>,
}

/// The `hostPath` volumes of a pod spec.
pub(crate) fn host_path_volumes(pod_spec: NodeRef<'_>) -> impl Iterator<Item = HostPathVolume<'_>> {
    pod_spec
        .get("volumes")
        .into_iter()
        .flat_map(|volumes| volumes.items())
        .filter_map(|volume| {
            let (key, host_path) = volume.entry("hostPath")?;
            let path = host_path.entry("path");
            Some(HostPathVolume {
                name: volume.get_str("name").unwrap_or_default(),
                at: path.map_or(key, |(k, _)| k),
                path: path.and_then(|(_, value)| value.text()),
            })
        })
}

/// Reports each `hostPath` volume of the workload whose normalised path (see
/// [`normalize_host_path`]) `classify` recognises, at its `path`, with
/// `message(volume name, path as written, what classify found)`.
pub(crate) fn report_host_paths(
    ctx: &mut Context<'_>,
    classify: impl Fn(&str) -> Option<&'static str>,
    message: impl Fn(&str, &str, &str) -> String,
) {
    let Some(spec) = workload::pod_spec(ctx.object()) else {
        return;
    };
    for volume in host_path_volumes(spec) {
        let Some(path) = volume.path else { continue };
        if let Some(found) = normalize_host_path(path).and_then(|p| classify(&p)) {
            ctx.report(volume.at, message(volume.name, path, found));
        }
    }
}

/// A host path as the node resolves it: absolute, without empty, `.` or `..` components or a
/// trailing slash, and with `/var/run` (a symbolic link to `/run` on every current distribution)
/// spelled `/run`. `None` for a relative path, which the API server rejects.
pub(crate) fn normalize_host_path(path: &str) -> Option<String> {
    let path = path.trim();
    if !path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    if parts.len() >= 2 && parts[0] == "var" && parts[1] == "run" {
        parts.remove(0);
    }
    Some(format!("/{}", parts.join("/")))
}

/// Whether normalised path `path` is `base` or lies below it.
fn within(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || base == "/")
}

/// Container runtime API sockets (normalised, see [`normalize_host_path`]).
const RUNTIME_SOCKETS: &[&str] = &[
    "/run/docker.sock",
    "/run/docker/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run/crio/crio.sock",
    "/run/cri-dockerd.sock",
    "/run/dockershim.sock",
    "/run/podman/podman.sock",
    "/var/snap/microk8s/common/run/containerd.sock",
];

/// When normalised host path `path` exposes a container runtime's API, the socket it reaches: the
/// socket itself, a directory holding it (`/run/containerd`, `/run`), or anything under a
/// runtime's own directory (`/run/containerd/...`). `/` and `/var`, which contain one only
/// through `/run` or MicroK8s's snap, are left to the sensitive-path list.
pub(crate) fn runtime_socket(path: &str) -> Option<&'static str> {
    if path == "/" || path == "/var" {
        return None;
    }
    RUNTIME_SOCKETS.iter().copied().find(|socket| {
        within(socket, path) || {
            let dir = &socket[..socket.rfind('/').unwrap_or(0)];
            dir != "/run" && within(path, dir)
        }
    })
}

/// Host paths whose content gives control of the node or the cluster, with what each holds.
/// A volume is sensitive when its path is one of these, lies below one, or contains one (so
/// `/var` and `/var/lib` count for `/var/lib/kubelet/pods`). `/etc` and `/var/lib/kubelet` count
/// only as a whole (see [`SENSITIVE_WHOLE`]): files such as `/etc/localtime`, `/etc/ssl/certs` or
/// the CSI sockets under `/var/lib/kubelet/plugins` are common and harmless, and their dangerous
/// parts are listed here on their own.
const SENSITIVE_PATHS: &[(&str, &str)] = &[
    ("/proc", "the node's processes and kernel settings"),
    ("/sys", "the node's kernel, devices and cgroups"),
    ("/boot", "the node's kernel and boot loader"),
    ("/root", "root's home with its SSH keys and credentials"),
    (
        "/var/lib/kubelet/pods",
        "every pod's volumes, secrets and service account tokens",
    ),
    (
        "/var/lib/kubelet/pki",
        "the kubelet's client and serving keys",
    ),
    ("/var/lib/kubelet/kubeconfig", "the kubelet's credentials"),
    ("/var/lib/etcd", "the cluster's etcd database"),
    (
        "/var/lib/docker",
        "every container's filesystem and configuration",
    ),
    (
        "/var/lib/containerd",
        "every container's filesystem and configuration",
    ),
    (
        "/var/lib/containers",
        "every container's filesystem and configuration",
    ),
    (
        "/etc/kubernetes",
        "the node's Kubernetes credentials and static pod manifests",
    ),
    ("/etc/shadow", "the node's password hashes"),
    ("/etc/sudoers", "the node's sudo rules"),
    ("/etc/sudoers.d", "the node's sudo rules"),
    ("/etc/ssh", "the node's SSH keys and configuration"),
    ("/etc/cron.d", "the node's scheduled jobs"),
    ("/etc/crontab", "the node's scheduled jobs"),
    ("/etc/systemd", "the node's services"),
];

/// Directories sensitive only as a whole (see [`SENSITIVE_PATHS`]).
const SENSITIVE_WHOLE: &[(&str, &str)] = &[
    ("/", "the node's whole filesystem"),
    (
        "/etc",
        "the node's whole configuration, credentials included",
    ),
    (
        "/var/lib/kubelet",
        "the kubelet's credentials and every pod's volumes and secrets",
    ),
];

/// When normalised host path `path` is sensitive, what it exposes.
pub(crate) fn sensitive_host_path(path: &str) -> Option<&'static str> {
    if let Some((_, what)) = SENSITIVE_WHOLE.iter().find(|(whole, _)| *whole == path) {
        return Some(what);
    }
    SENSITIVE_PATHS
        .iter()
        .find(|(sensitive, _)| within(path, sensitive) || within(sensitive, path))
        .map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_host_paths() {
        let n = |p| normalize_host_path(p);
        assert_eq!(
            n("/var/run/docker.sock").as_deref(),
            Some("/run/docker.sock")
        );
        assert_eq!(n("/var/run/").as_deref(), Some("/run"));
        assert_eq!(n("//run///containerd/").as_deref(), Some("/run/containerd"));
        assert_eq!(n("/var/lib/../run/./x").as_deref(), Some("/run/x"));
        assert_eq!(n("/..").as_deref(), Some("/"));
        assert_eq!(n("/").as_deref(), Some("/"));
        assert_eq!(n("/var/runner").as_deref(), Some("/var/runner"));
        assert_eq!(n("var/run"), None);
    }

    #[test]
    fn finds_runtime_sockets() {
        let s = |p: &str| runtime_socket(&normalize_host_path(p).unwrap());
        for exposed in [
            "/var/run/docker.sock",
            "/run/docker.sock/",
            "/var/run",
            "/run",
            "/run/containerd",
            "/var/run/containerd/containerd.sock",
            "/run/containerd/io.containerd.runtime.v2.task",
            "/var/run/crio",
            "/var/run/cri-dockerd.sock",
            "/var/run/docker",
            "/run/k3s",
            "/var/snap/microk8s/common/run",
        ] {
            assert!(s(exposed).is_some(), "{exposed}");
        }
        for other in [
            "/",
            "/var",
            "/var/run/secrets",
            "/run/udev",
            "/var/lib/docker",
            "/var/run/docker.sock.bak",
            "/tmp/docker.sock",
        ] {
            assert_eq!(s(other), None, "{other}");
        }
    }

    #[test]
    fn finds_sensitive_paths() {
        let s = |p: &str| sensitive_host_path(&normalize_host_path(p).unwrap());
        for sensitive in [
            "/",
            "/etc",
            "/etc/",
            "/proc",
            "/proc/1/root",
            "/sys/fs/cgroup",
            "/var",
            "/var/lib",
            "/var/lib/kubelet/pods",
            "/var/lib/kubelet",
            "/var/lib/kubelet/pki/kubelet.key",
            "/etc/kubernetes/manifests",
            "/etc/ssh/",
            "/boot",
            "/root/.ssh",
        ] {
            assert!(s(sensitive).is_some(), "{sensitive}");
        }
        for harmless in [
            "/etc/localtime",
            "/etc/ssl/certs",
            "/etc/machine-id",
            "/var/log",
            "/var/log/pods",
            "/data",
            "/mnt/disks/ssd0",
            "/run",
            "/var/lib/kubelet-plugins",
            "/var/lib/kubelet/plugins_registry",
            "/var/lib/kubelet/plugins/csi.example.com",
            "/sysroot",
            "/dev",
        ] {
            assert_eq!(s(harmless), None, "{harmless}");
        }
    }

    #[test]
    fn classifies_added_capabilities_once() {
        use AddedCapability::*;
        let c = |raw: &str| {
            let upper = raw.to_ascii_uppercase();
            let name = upper.strip_prefix("CAP_").unwrap_or(&upper).to_owned();
            classify_added(raw, &name)
        };
        assert_eq!(c("SYS_ADMIN"), Dangerous);
        assert_eq!(c("cap_net_raw"), Dangerous);
        assert_eq!(c("MKNOD"), Dangerous);
        assert_eq!(c("SYS_NICE"), BeyondBaseline);
        assert_eq!(c("IPC_LOCK"), BeyondBaseline);
        assert_eq!(c("CAP_CHOWN"), BeyondBaseline);
        assert_eq!(c("chown"), BeyondBaseline);
        assert_eq!(c("CHOWN"), BeyondRestricted);
        assert_eq!(c("SETUID"), BeyondRestricted);
        assert_eq!(c("NET_BIND_SERVICE"), Allowed);
        assert_eq!(c("net_bind_service"), BeyondBaseline);
    }
}
