//! Helpers for checks about control-plane static Pods, kubelet and API server configuration.
//!
//! Control-plane components (kube-apiserver, kube-controller-manager, kube-scheduler, etcd) are
//! recognised by the binary a container runs, never by the pod's name: `command[0]` (or, with
//! `hyperkube`, its sub-command), or, when the container sets no `command`, its image's
//! repository name (`registry.k8s.io/kube-apiserver`). Their flags are read from `command` and
//! `args` as the components' flag parsers (spf13/pflag, Go's `flag` for etcd) read them.

use kubeward_core::Object;
use kubeward_core::workload::{self, Container};
use kubeward_yaml::{Kind, NodeRef};

use crate::Context;
use crate::util::general::{ImageRef, describe};

/// A control-plane component run from a static Pod manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Component {
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
}

impl Component {
    /// The component's binary.
    pub(crate) fn binary(self) -> &'static str {
        match self {
            Component::ApiServer => "kube-apiserver",
            Component::ControllerManager => "kube-controller-manager",
            Component::Scheduler => "kube-scheduler",
            Component::Etcd => "etcd",
        }
    }

    fn from_binary(name: &str) -> Option<Component> {
        let name = name.rsplit('/').next().unwrap_or(name);
        [
            Component::ApiServer,
            Component::ControllerManager,
            Component::Scheduler,
            Component::Etcd,
        ]
        .into_iter()
        .find(|c| c.binary() == name)
    }

    /// `hyperkube` sub-commands, with or without their `kube-` prefix.
    fn from_hyperkube(sub: &str) -> Option<Component> {
        match sub {
            "etcd" => None,
            _ => Component::from_binary(sub)
                .or_else(|| Component::from_binary(&format!("kube-{sub}"))),
        }
    }

    /// Boolean flags the checks read: written bare they mean true, and they never take the
    /// next argument as their value (pflag and Go's `flag` both require `--flag=false`).
    fn bool_flags(self) -> &'static [&'static str] {
        match self {
            Component::ApiServer => &["anonymous-auth", "profiling", "service-account-lookup"],
            Component::ControllerManager => &["profiling", "use-service-account-credentials"],
            Component::Scheduler => &["profiling"],
            Component::Etcd => &[
                "client-cert-auth",
                "auto-tls",
                "peer-client-cert-auth",
                "peer-auto-tls",
            ],
        }
    }
}

/// Which component a container runs, and how many leading `command` items name it.
fn identify(container: NodeRef<'_>) -> Option<(Component, usize)> {
    let mut command = container
        .get("command")
        .into_iter()
        .flat_map(|c| c.items())
        .filter_map(|i| i.text());
    match command.next() {
        Some(first) if first.rsplit('/').next() == Some("hyperkube") => {
            Component::from_hyperkube(command.next()?).map(|c| (c, 2))
        }
        Some(first) => Component::from_binary(first).map(|c| (c, 1)),
        None => {
            let image = container.get_str("image")?;
            // Every component's binary contains one of these: most images are not control-plane
            // images, and most control-plane checks look at every container.
            if !image.contains("kube-") && !image.contains("etcd") {
                return None;
            }
            Component::from_binary(ImageRef::parse(image)?.path).map(|c| (c, 0))
        }
    }
}

/// One flag as written: its name without dashes, its value (`None` when written bare) and the
/// list item carrying it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: Option<&'a str>,
    pub(crate) at: NodeRef<'a>,
}

/// The flags of one control-plane container.
#[derive(Debug)]
pub(crate) struct Flags<'a> {
    component: Component,
    flags: Vec<Flag<'a>>,
    /// Where a missing flag is reported: the `command` key, else the `args` key, else the
    /// container.
    anchor: NodeRef<'a>,
    env: Option<NodeRef<'a>>,
}

/// A problem found in a container's flags: where, and what (without the container's name).
pub(crate) struct Problem<'a> {
    pub(crate) at: NodeRef<'a>,
    pub(crate) message: String,
}

/// Parses Go's `strconv.ParseBool` spellings, as pflag and `flag` accept them.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Whether `host` (an address, `host:port` or URL host) is a loopback address.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

impl<'a> Flags<'a> {
    /// Reads the flags of `container` when it runs `component`.
    pub(crate) fn read(container: NodeRef<'a>) -> Option<Flags<'a>> {
        let (component, skip) = identify(container)?;
        let anchor = ["command", "args"]
            .iter()
            .find_map(|k| container.entry(k).map(|(key, _)| key))
            .unwrap_or(container);
        let tokens: Vec<NodeRef<'a>> = ["command", "args"]
            .iter()
            .filter_map(|k| container.get(k))
            .flat_map(|list| list.items())
            .skip(skip)
            .collect();
        let mut flags = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let at = tokens[i];
            i += 1;
            let Some(text) = at.text() else { continue };
            if text == "--" {
                break;
            }
            let Some(body) = text.strip_prefix("--").or_else(|| text.strip_prefix('-')) else {
                continue;
            };
            let (name, mut value) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (body, None),
            };
            if value.is_none()
                && !component.bool_flags().contains(&name)
                && let Some(next) = tokens.get(i).and_then(|n| n.text())
                && !next.starts_with('-')
            {
                value = Some(next);
                i += 1;
            }
            if !name.is_empty() {
                flags.push(Flag { name, value, at });
            }
        }
        Some(Flags {
            component,
            flags,
            anchor,
            env: container.get("env"),
        })
    }

    /// Where a finding about a missing flag points.
    pub(crate) fn anchor(&self) -> NodeRef<'a> {
        self.anchor
    }

    /// The last occurrence of flag `name` (which wins), or for etcd its `ETCD_*` environment
    /// variable (which etcd reads when the flag is absent).
    pub(crate) fn get(&self, name: &str) -> Option<Flag<'a>> {
        if let Some(flag) = self.flags.iter().rev().find(|f| f.name == name) {
            return Some(*flag);
        }
        if self.component != Component::Etcd {
            return None;
        }
        let var = format!("ETCD_{}", name.replace('-', "_").to_ascii_uppercase());
        let item = self
            .env?
            .items()
            .find(|e| e.get_str("name") == Some(var.as_str()))?;
        let (key, value) = item.entry("value")?;
        Some(Flag {
            name: item.get_str("name").unwrap_or_default(),
            value: Some(value.text().unwrap_or_default()),
            at: key,
        })
    }

    /// Whether flag `name` is set to a non-empty value.
    pub(crate) fn is_set(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|f| f.value.is_none_or(|v| !v.is_empty()))
    }

    /// The value of boolean flag `name`: `None` when unset or not a boolean (`$(VAR)`
    /// references are unknown).
    pub(crate) fn bool(&self, name: &str) -> Option<(bool, NodeRef<'a>)> {
        let flag = self.get(name)?;
        let value = match flag.value {
            None => true,
            Some(text) => parse_bool(text)?,
        };
        Some((value, flag.at))
    }

    /// The items of comma-list flag `name`, each with the list item carrying it. pflag's
    /// string slices accumulate over repeated occurrences.
    pub(crate) fn list(&self, name: &str) -> Vec<(&'a str, NodeRef<'a>)> {
        self.flags
            .iter()
            .filter(|f| f.name == name)
            .flat_map(|f| {
                f.value
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(move |v| (v, f.at))
            })
            .collect()
    }

    /// The item of comma-list flag `name` that contains `value`, if any.
    pub(crate) fn list_item(&self, name: &str, value: &str) -> Option<NodeRef<'a>> {
        self.list(name)
            .into_iter()
            .find(|(v, _)| *v == value)
            .map(|(_, at)| at)
    }

    /// The value of feature gate `gate` in `--feature-gates` (`A=true,B=false`; later
    /// settings win).
    pub(crate) fn feature_gate(&self, gate: &str) -> Option<(bool, NodeRef<'a>)> {
        self.list("feature-gates")
            .into_iter()
            .rev()
            .find_map(|(item, at)| {
                let (name, value) = item.split_once('=')?;
                (name.trim() == gate).then_some((parse_bool(value.trim())?, at))
            })
    }

    /// Fires when comma-list flag `name` includes `value`, at the item that does.
    pub(crate) fn includes(
        &self,
        name: &str,
        value: &str,
        consequence: &str,
    ) -> Option<Problem<'a>> {
        self.list_item(name, value).map(|at| Problem {
            at,
            message: format!("includes {value} in --{name}: {consequence}"),
        })
    }

    /// Fires when comma-list flag `name` is set but lacks `value` (unless an item is an
    /// unresolved `$(VAR)` reference), at its last occurrence; `unset` says what an absent flag
    /// means (`None`: leave it alone).
    pub(crate) fn lacks(
        &self,
        name: &str,
        value: &str,
        unset: Option<&str>,
        consequence: &str,
    ) -> Option<Problem<'a>> {
        let Some(last) = self.flags.iter().rev().find(|f| f.name == name) else {
            return unset.map(|meaning| Problem {
                at: self.anchor,
                message: format!("does not set --{name}, {meaning}: {consequence}"),
            });
        };
        let items = self.list(name);
        if items.iter().any(|(v, _)| *v == value || v.contains("$(")) {
            return None;
        }
        Some(Problem {
            at: last.at,
            message: format!("sets --{name} without {value}: {consequence}"),
        })
    }

    /// Fires when any of `names` is unset (or empty).
    pub(crate) fn require(&self, names: &[&str], consequence: &str) -> Option<Problem<'a>> {
        let missing: Vec<String> = names
            .iter()
            .filter(|n| !self.is_set(n))
            .map(|n| format!("--{n}"))
            .collect();
        (!missing.is_empty()).then(|| Problem {
            at: self.anchor,
            message: format!("does not set {}: {consequence}", missing.join(" or ")),
        })
    }

    /// Fires when boolean flag `name`, whose default is `default`, is (or defaults to) `bad`.
    pub(crate) fn reject_bool(
        &self,
        name: &str,
        default: bool,
        bad: bool,
        consequence: &str,
    ) -> Option<Problem<'a>> {
        match self.bool(name) {
            Some((value, at)) if value == bad => Some(Problem {
                at,
                message: format!("sets --{name}={bad}: {consequence}"),
            }),
            None if default == bad && self.get(name).is_none() => Some(Problem {
                at: self.anchor,
                message: format!(
                    "does not set --{name}={}, so it defaults to {bad}: {consequence}",
                    !bad
                ),
            }),
            _ => None,
        }
    }

    /// Fires when the component's profiling endpoints are on (`--profiling`, default true).
    pub(crate) fn profiling(&self) -> Option<Problem<'a>> {
        self.reject_bool(
            "profiling",
            true,
            true,
            "/debug/pprof exposes profiling data and lets a caller slow the component down",
        )
    }

    /// Fires when the secure port listens beyond loopback (`--bind-address`, default
    /// `0.0.0.0`).
    pub(crate) fn bind_address(&self) -> Option<Problem<'a>> {
        let consequence =
            "its secure port is reachable from the network rather than only from the node";
        match self.get("bind-address") {
            None => Some(Problem {
                at: self.anchor,
                message: format!(
                    "does not set --bind-address=127.0.0.1, so it listens on all interfaces: {consequence}"
                ),
            }),
            Some(Flag {
                value: Some(addr),
                at,
                ..
            }) if !addr.contains("$(") && !is_loopback(addr) => Some(Problem {
                at,
                message: format!("sets --bind-address={addr}: {consequence}"),
            }),
            _ => None,
        }
    }
}

/// Runs `eval` on the flags of every container of the object that runs `component`, and
/// reports what it finds at the container.
pub(crate) fn check_component<'a>(
    ctx: &mut Context<'a>,
    component: Component,
    eval: impl Fn(&Flags<'a>) -> Option<Problem<'a>>,
) {
    let problems: Vec<_> = ctx
        .control_plane()
        .iter()
        .filter(|(_, flags)| flags.component == component && !ignores_flags(flags))
        .filter_map(|(container, flags)| Some((*container, eval(flags)?)))
        .collect();
    for (container, problem) in problems {
        let binary = component.binary();
        let message = if container.name == binary {
            format!("{} {}", describe(&container), problem.message)
        } else {
            format!("{} ({binary}) {}", describe(&container), problem.message)
        };
        ctx.report_container(&container, problem.at, message);
    }
}

/// The containers of `object`'s pod spec that run a control-plane component, with their flags.
pub(crate) fn containers(object: &Object) -> Vec<(Container<'_>, Flags<'_>)> {
    workload::pod_containers(object)
        .filter_map(|container| Some((container, Flags::read(container.node)?)))
        .collect()
}

/// Like [`check_component`] for etcd's peer settings, skipping members whose peer URLs
/// (`--listen-peer-urls`, default `http://localhost:2380`) are all on loopback: a lone member has
/// no peer traffic on the network.
pub(crate) fn check_etcd_peers<'a>(
    ctx: &mut Context<'a>,
    eval: impl Fn(&Flags<'a>) -> Option<Problem<'a>>,
) {
    check_component(ctx, Component::Etcd, |f| {
        if urls_on_loopback(f, "listen-peer-urls", "http://localhost:2380") {
            None
        } else {
            eval(f)
        }
    });
}

/// etcd ignores every other flag and environment variable when given `--config-file`.
fn ignores_flags(flags: &Flags<'_>) -> bool {
    flags.component == Component::Etcd && flags.is_set("config-file")
}

/// Whether every URL of etcd list flag `name` (default `default`) listens on loopback only.
pub(crate) fn urls_on_loopback(flags: &Flags<'_>, name: &str, default: &str) -> bool {
    let urls = match flags.get(name).and_then(|f| f.value) {
        Some(value) => value,
        None => default,
    };
    urls.split(',').map(str::trim).all(|url| {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split('/').next().unwrap_or(rest);
        let host = match host.rfind(':') {
            Some(i) if !host.ends_with(']') => &host[..i],
            _ => host,
        };
        is_loopback(host)
    })
}

/// The object's root when it is a configuration object of `kind` in API group `group`.
pub(crate) fn config_object<'a>(
    object: &'a Object,
    group: &str,
    kind: &str,
) -> Option<NodeRef<'a>> {
    (object.kind() == kind && object.api_group() == group).then(|| object.root())
}

/// The root of a `KubeletConfiguration` (kubelet.config.k8s.io).
pub(crate) fn kubelet_config(object: &Object) -> Option<NodeRef<'_>> {
    config_object(object, "kubelet.config.k8s.io", "KubeletConfiguration")
        .filter(|root| root.kind() == Kind::Map)
}

/// Reports a `KubeletConfiguration` field at `path` whose value satisfies `bad`, at its key.
/// Unset fields are left alone: the kubelet's command-line flags override the file.
pub(crate) fn report_kubelet_field(
    ctx: &mut Context<'_>,
    path: &[&str],
    bad: impl Fn(NodeRef<'_>) -> bool,
    message: impl Fn(&str) -> String,
) {
    let Some(root) = kubelet_config(ctx.object()) else {
        return;
    };
    let (parent, last) = path.split_at(path.len() - 1);
    let Some((key, value)) = root.get_path(parent).and_then(|p| p.entry(last[0])) else {
        return;
    };
    if bad(value) {
        let shown = match value.as_bool() {
            Some(b) => b.to_string(),
            None => value.text().unwrap_or("?").to_owned(),
        };
        ctx.report(key, message(&shown));
    }
}

/// Where a finding about the missing field at `path` of a configuration object points: the key
/// of the deepest part of the path that exists, else `kind`.
pub(crate) fn nearest<'a>(root: NodeRef<'a>, path: &[&str]) -> NodeRef<'a> {
    let Some((mut at, mut node)) = root.entry(path[0]) else {
        return top_level(root, path[0]);
    };
    for field in &path[1..] {
        match node.entry(field) {
            Some((key, value)) => {
                at = key;
                node = value;
            }
            None => break,
        }
    }
    at
}

/// How an audit policy rule applies to the requests for one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleMatch {
    /// Never.
    No,
    /// Only to some of them (some users, verbs, namespaces or object names).
    Some,
    /// To every request for the resource.
    All,
}

/// Conditions that narrow an audit rule to some requests.
const RULE_CONDITIONS: &[&str] = &["users", "userGroups", "verbs", "namespaces"];

fn non_empty(node: Option<NodeRef<'_>>) -> bool {
    node.is_some_and(|n| !n.is_null() && !n.is_empty())
}

/// How audit policy `rule` applies to requests for `resource` in API `group` (`""`: core).
/// Rules list `resources` as `{group, resources, resourceNames}`; no `resources` (and no
/// `nonResourceURLs`) matches every resource; an empty `resources` list in an entry matches
/// the whole group; `*` matches every resource.
pub(crate) fn audit_rule_matches(rule: NodeRef<'_>, group: &str, resource: &str) -> RuleMatch {
    let conditional = RULE_CONDITIONS.iter().any(|c| non_empty(rule.get(c)));
    let scope = match rule.get("resources").filter(|r| !r.is_empty()) {
        None if non_empty(rule.get("nonResourceURLs")) => RuleMatch::No,
        None => RuleMatch::All,
        Some(entries) => entries
            .items()
            .filter(|e| e.get_str("group").unwrap_or_default() == group)
            .filter(|e| {
                e.get("resources").is_none_or(|r| {
                    r.is_empty()
                        || r.items()
                            .filter_map(|p| p.as_str())
                            .any(|p| p == resource || p == "*")
                })
            })
            .map(|e| {
                if non_empty(e.get("resourceNames")) {
                    RuleMatch::Some
                } else {
                    RuleMatch::All
                }
            })
            .max_by_key(|m| *m == RuleMatch::All)
            .unwrap_or(RuleMatch::No),
    };
    match scope {
        RuleMatch::All if conditional => RuleMatch::Some,
        other => other,
    }
}

/// Whether audit policy `rule` matches every request, resource or not.
pub(crate) fn audit_rule_is_catch_all(rule: NodeRef<'_>) -> bool {
    !RULE_CONDITIONS
        .iter()
        .chain(&["resources", "nonResourceURLs"])
        .any(|c| non_empty(rule.get(c)))
}

/// The root of an audit `Policy` (audit.k8s.io).
pub(crate) fn audit_policy(object: &Object) -> Option<NodeRef<'_>> {
    config_object(object, "audit.k8s.io", "Policy").filter(|root| root.kind() == Kind::Map)
}

/// Where a finding about a missing top-level field of a configuration object points: the
/// field's key when present, else `kind`.
pub(crate) fn top_level<'a>(root: NodeRef<'a>, field: &str) -> NodeRef<'a> {
    root.entry(field)
        .or_else(|| root.entry("kind"))
        .map_or(root, |(key, _)| key)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use kubeward_yaml::{Limits, parse_stream};

    use super::*;

    fn with_flags<R>(src: &str, f: impl FnOnce(Option<Flags<'_>>) -> R) -> R {
        let doc = Arc::new(
            parse_stream(src.as_bytes(), &Limits::default())
                .remove(0)
                .unwrap()
                .unwrap(),
        );
        f(Flags::read(doc.root()))
    }

    #[test]
    fn identifies_components_by_binary_not_name() {
        let cases = [
            (
                "{name: x, command: [kube-apiserver]}",
                Some(Component::ApiServer),
            ),
            (
                "{name: x, command: [/usr/local/bin/kube-scheduler, --v=2]}",
                Some(Component::Scheduler),
            ),
            (
                "{name: x, command: [/hyperkube, controller-manager]}",
                Some(Component::ControllerManager),
            ),
            (
                "{name: x, command: [/hyperkube, kube-apiserver]}",
                Some(Component::ApiServer),
            ),
            (
                "{name: x, image: 'registry.k8s.io/etcd:3.5.9-0', args: [--auto-tls]}",
                Some(Component::Etcd),
            ),
            ("{name: kube-apiserver, image: nginx}", None),
            (
                "{name: x, command: [sh, -c, kube-apiserver], image: 'registry.k8s.io/kube-apiserver:v1.30'}",
                None,
            ),
            ("{name: x, command: [kube-apiserver-proxy]}", None),
        ];
        for (src, want) in cases {
            with_flags(src, |flags| {
                assert_eq!(flags.map(|f| f.component), want, "{src}")
            });
        }
    }

    #[test]
    fn parses_every_flag_form() {
        let src = "{command: [kube-apiserver, --a=1, --b, two, --anonymous-auth, --c, --d=x, -e=5, --d=y], \
                   args: ['--authorization-mode=Node', --authorization-mode, RBAC, '--feature-gates=A=true,B=false', --feature-gates=A=false]}";
        with_flags(src, |flags| {
            let flags = flags.unwrap();
            assert_eq!(flags.get("a").unwrap().value, Some("1"));
            assert_eq!(flags.get("b").unwrap().value, Some("two"));
            assert_eq!(flags.bool("anonymous-auth").map(|b| b.0), Some(true));
            assert_eq!(flags.get("c").unwrap().value, None);
            assert_eq!(
                flags.get("d").unwrap().value,
                Some("y"),
                "the last occurrence wins"
            );
            assert_eq!(flags.get("e").unwrap().value, Some("5"));
            let modes: Vec<&str> = flags
                .list("authorization-mode")
                .into_iter()
                .map(|m| m.0)
                .collect();
            assert_eq!(modes, ["Node", "RBAC"], "slices accumulate");
            assert_eq!(flags.feature_gate("A").map(|g| g.0), Some(false));
            assert_eq!(flags.feature_gate("B").map(|g| g.0), Some(false));
            assert!(flags.feature_gate("C").is_none());
            assert!(flags.get("two").is_none());
        });
    }

    #[test]
    fn bool_flags_never_take_the_next_argument_and_unknown_values_are_unknown() {
        with_flags(
            "{command: [kube-apiserver, --profiling, --x, --anonymous-auth=$(ANON)]}",
            |flags| {
                let flags = flags.unwrap();
                assert_eq!(flags.bool("profiling").map(|b| b.0), Some(true));
                assert!(flags.get("x").is_some());
                assert!(flags.bool("anonymous-auth").is_none());
                assert!(
                    flags
                        .reject_bool("anonymous-auth", true, true, "c")
                        .is_none()
                );
            },
        );
    }

    #[test]
    fn etcd_reads_environment_variables_when_the_flag_is_absent() {
        let src = "{command: [etcd, --auto-tls=false], env: [{name: ETCD_CLIENT_CERT_AUTH, value: 'true'}, {name: ETCD_AUTO_TLS, value: 'true'}]}";
        with_flags(src, |flags| {
            let flags = flags.unwrap();
            assert_eq!(flags.bool("client-cert-auth").map(|b| b.0), Some(true));
            assert_eq!(
                flags.bool("auto-tls").map(|b| b.0),
                Some(false),
                "the flag wins"
            );
        });
        with_flags(
            "{command: [kube-apiserver], env: [{name: ETCD_X, value: a}]}",
            |flags| {
                assert!(flags.unwrap().get("x").is_none());
            },
        );
    }

    #[test]
    fn parses_go_booleans_and_loopback_addresses() {
        assert_eq!(parse_bool("T"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
        assert!(is_loopback("127.0.0.1") && is_loopback("[::1]") && is_loopback("localhost"));
        assert!(!is_loopback("0.0.0.0") && !is_loopback("10.0.0.1"));
        with_flags(
            "{command: [etcd, '--listen-peer-urls=https://127.0.0.1:2380,http://[::1]:2380']}",
            |flags| {
                let flags = flags.unwrap();
                assert!(urls_on_loopback(
                    &flags,
                    "listen-peer-urls",
                    "http://localhost:2380"
                ));
                assert!(!urls_on_loopback(
                    &flags,
                    "listen-client-urls",
                    "https://10.0.0.1:2379"
                ));
                assert!(urls_on_loopback(
                    &flags,
                    "initial-cluster",
                    "http://localhost:2380"
                ));
            },
        );
    }

    #[test]
    fn bind_address_defaults_to_all_interfaces() {
        with_flags("{command: [kube-scheduler]}", |f| {
            assert!(f.unwrap().bind_address().is_some())
        });
        with_flags(
            "{command: [kube-scheduler, --bind-address=127.0.0.1]}",
            |f| assert!(f.unwrap().bind_address().is_none()),
        );
        with_flags(
            "{command: [kube-scheduler, --bind-address, 0.0.0.0]}",
            |f| assert!(f.unwrap().bind_address().is_some()),
        );
    }

    #[test]
    fn audit_rules_match_resources_as_the_api_server_does() {
        let cases = [
            ("{level: Metadata}", RuleMatch::All),
            (
                "{level: Metadata, nonResourceURLs: [/healthz]}",
                RuleMatch::No,
            ),
            (
                "{level: Metadata, resources: [{group: '', resources: [secrets]}]}",
                RuleMatch::All,
            ),
            (
                "{level: Metadata, resources: [{resources: [secrets, configmaps]}]}",
                RuleMatch::All,
            ),
            (
                "{level: Metadata, resources: [{group: ''}]}",
                RuleMatch::All,
            ),
            (
                "{level: Metadata, resources: [{group: apps}]}",
                RuleMatch::No,
            ),
            (
                "{level: Metadata, resources: [{group: '', resources: [pods]}]}",
                RuleMatch::No,
            ),
            (
                "{level: Metadata, resources: [{group: '', resources: ['*']}]}",
                RuleMatch::All,
            ),
            (
                "{level: Metadata, users: [admin], resources: [{resources: [secrets]}]}",
                RuleMatch::Some,
            ),
            (
                "{level: Metadata, resources: [{resources: [secrets], resourceNames: [a]}]}",
                RuleMatch::Some,
            ),
        ];
        for (src, want) in cases {
            let doc = parse_stream(src.as_bytes(), &Limits::default())
                .remove(0)
                .unwrap()
                .unwrap();
            assert_eq!(audit_rule_matches(doc.root(), "", "secrets"), want, "{src}");
        }
        let doc = parse_stream(b"{level: None, verbs: [get]}", &Limits::default())
            .remove(0)
            .unwrap()
            .unwrap();
        assert!(!audit_rule_is_catch_all(doc.root()));
        let doc = parse_stream(b"{level: None}", &Limits::default())
            .remove(0)
            .unwrap()
            .unwrap();
        assert!(audit_rule_is_catch_all(doc.root()));
    }
}
