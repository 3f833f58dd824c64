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
/// spec), when it is set to something other than null.
fn set_in<'a>(owner: NodeRef<'a>, path: &[&str]) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    let (last, parents) = path.split_last()?;
    owner
        .get("securityContext")?
        .get_path(parents)?
        .entry(last)
        .filter(|(_, value)| !value.is_null())
}

/// The container's own `securityContext` entry at `path` (e.g. `["capabilities", "add"]`), when set.
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
    deepest_key(container.node, &[&["securityContext"][..], path].concat())
        .unwrap_or(container.node)
}

/// The entry (key, value) that decides a field both the pod's and the container's
/// `securityContext` can set: the container's when it sets it, else the pod's.
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
    let name = item.text()?.trim().to_ascii_uppercase();
    Some(name.strip_prefix("CAP_").map(str::to_owned).unwrap_or(name))
}

/// The items of the container's `securityContext.capabilities.<list>` (`add` or `drop`), each
/// with its [`capability_name`].
pub(crate) fn capabilities<'a>(
    container: &Container<'a>,
    list: &str,
) -> impl Iterator<Item = (NodeRef<'a>, String)> + use<'a> {
    container_field(container, &["capabilities", list])
        .into_iter()
        .flat_map(|(_, items)| items.items())
        .filter_map(|item| Some((item, capability_name(item)?)))
}

/// Whether the container drops every capability (`capabilities.drop` holds `ALL`).
pub(crate) fn drops_all(container: &Container<'_>) -> bool {
    capabilities(container, "drop").any(|(_, name)| name == "ALL")
}

/// Whether the container adds `CAP_SYS_ADMIN`, directly or through `ALL`.
pub(crate) fn adds_sys_admin(container: &Container<'_>) -> bool {
    capabilities(container, "add").any(|(_, name)| name == "SYS_ADMIN" || name == "ALL")
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
        ctx.report(key, format!("{field} is true: {consequence}"));
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
    for container in workload::containers(spec) {
        visit(ctx, spec, container);
    }
}
