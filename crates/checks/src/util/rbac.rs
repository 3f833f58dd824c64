//! Helpers for checks about RBAC rules, roles, bindings and aggregated ClusterRoles.
//!
//! Rules are matched the way the RBAC authorizer matches them: `*` in `apiGroups`, `resources`
//! and `verbs` matches anything (`*` in `resources` includes subresources), `*/exec` matches the
//! `exec` subresource of any resource, and a rule with `resourceNames` only applies to requests
//! that name one of those objects (so it never authorizes `create` or `deletecollection` of a
//! top-level resource, which carry no name).
//!
//! A ClusterRole with an `aggregationRule` has its `rules` overwritten by the aggregation
//! controller with the rules of every ClusterRole its selectors match, so its effective rules
//! are those of the matching scanned ClusterRoles (resolved recursively) and its own `rules`
//! are ignored.

use foldhash::{HashSet, HashSetExt};

use kubeward_core::Object;
use kubeward_yaml::{Kind, NodeRef};

use crate::{Context, Inventory};
use kubeward_core::Selector;

/// The RBAC API group.
pub(crate) const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// Kinds that hold rules.
pub(crate) const ROLE_KINDS: &[&str] = &["ClusterRole", "Role"];

/// Kinds that bind roles to subjects.
pub(crate) const BINDING_KINDS: &[&str] = &["ClusterRoleBinding", "RoleBinding"];

/// How many `resourceNames` a message lists before eliding the rest.
const NAMES_SHOWN: usize = 3;

/// The scalar items of a list field (a lone scalar is not a list: Kubernetes rejects it).
fn strings<'a>(node: Option<NodeRef<'a>>) -> Vec<&'a str> {
    node.filter(|n| n.kind() == Kind::Seq)
        .into_iter()
        .flat_map(|n| n.items())
        .filter_map(|item| item.text())
        .collect()
}

/// One `rules` item of a Role or ClusterRole.
#[derive(Debug, Clone)]
pub(crate) struct Rule<'a> {
    /// The rule's mapping (the `rules` list item).
    pub(crate) node: NodeRef<'a>,
    /// `apiGroups`.
    pub(crate) api_groups: Vec<&'a str>,
    /// `resources`.
    pub(crate) resources: Vec<&'a str>,
    /// `verbs`.
    pub(crate) verbs: Vec<&'a str>,
    /// `resourceNames` (empty: every object).
    pub(crate) resource_names: Vec<&'a str>,
}

impl<'a> Rule<'a> {
    /// Reads a `rules` item.
    pub(crate) fn parse(node: NodeRef<'a>) -> Rule<'a> {
        Rule {
            node,
            api_groups: strings(node.get("apiGroups")),
            resources: strings(node.get("resources")),
            verbs: strings(node.get("verbs")),
            resource_names: strings(node.get("resourceNames")),
        }
    }

    /// Whether `resourceNames` restricts the rule to some objects.
    pub(crate) fn is_named(&self) -> bool {
        !self.resource_names.is_empty()
    }

    /// Whether the rule grants `verb` on `resource` (`pods`, or `pods/exec` for a subresource)
    /// of API group `group` (`""` for the core group).
    pub(crate) fn allows(&self, group: &str, resource: &str, verb: &str) -> bool {
        // Looked up only where it matters: every rule is asked about a dozen resources.
        let subresource = || resource.split_once('/').map(|(_, sub)| sub);
        if self.is_named()
            && matches!(verb, "create" | "deletecollection")
            && subresource().is_none()
        {
            return false;
        }
        self.verbs.iter().any(|v| *v == "*" || *v == verb)
            && self.api_groups.iter().any(|g| *g == "*" || *g == group)
            && self.resources.iter().any(|r| {
                *r == "*"
                    || *r == resource
                    || r.strip_prefix("*/")
                        .is_some_and(|rs| subresource().is_some_and(|sub| rs == sub))
            })
    }

    /// Which of `verbs` the rule grants on `resource` of `group`, in the order given.
    pub(crate) fn allowed<'v>(
        &self,
        group: &str,
        resource: &str,
        verbs: &[&'v str],
    ) -> Vec<&'v str> {
        self.granted_verbs(group, resource, verbs).collect()
    }

    /// [`Self::allowed`] without collecting them.
    fn granted_verbs<'v>(
        &self,
        group: &str,
        resource: &str,
        verbs: &[&'v str],
    ) -> impl Iterator<Item = &'v str> {
        verbs
            .iter()
            .copied()
            .filter(move |verb| self.allows(group, resource, verb))
    }

    /// `" (only objects named a, b)"` for a rule restricted by `resourceNames`, else `""`.
    pub(crate) fn names_note(&self) -> String {
        if !self.is_named() {
            return String::new();
        }
        let mut shown: Vec<String> = self
            .resource_names
            .iter()
            .take(NAMES_SHOWN)
            .map(|n| format!("{n:?}"))
            .collect();
        if self.resource_names.len() > NAMES_SHOWN {
            shown.push(format!("{} more", self.resource_names.len() - NAMES_SHOWN));
        }
        format!(" (only objects named {})", shown.join(", "))
    }
}

/// Whether `object` is a Role or ClusterRole of the RBAC API group.
fn is_role(object: &Object) -> bool {
    object.api_group() == RBAC_GROUP && ROLE_KINDS.contains(&object.kind())
}

/// ClusterRoles the API server creates at start-up, whose rules are what the control plane
/// needs. Anyone can name a role `system:...`, so the prefix alone proves nothing.
const BOOTSTRAP_ROLES: &[&str] = &[
    "system:auth-delegator",
    "system:basic-user",
    "system:discovery",
    "system:heapster",
    "system:kube-aggregator",
    "system:kube-controller-manager",
    "system:kube-dns",
    "system:kube-scheduler",
    "system:kubelet-api-admin",
    "system:monitoring",
    "system:node",
    "system:node-bootstrapper",
    "system:node-problem-detector",
    "system:node-proxier",
    "system:persistent-volume-provisioner",
    "system:public-info-viewer",
    "system:service-account-issuer-discovery",
    "system:volume-scheduler",
];

/// Prefixes of bootstrap roles created in families (one per controller, signer, aggregate).
const BOOTSTRAP_ROLE_PREFIXES: &[&str] = &[
    "system:controller:",
    "system:certificates.k8s.io:",
    "system:aggregate-to-",
    "system:leader-locking-",
];

/// Whether `object` is a role Kubernetes creates itself, which rule checks leave alone.
pub(crate) fn is_system(object: &Object) -> bool {
    let name = object.id.name.as_str();
    BOOTSTRAP_ROLES.contains(&name) || BOOTSTRAP_ROLE_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The `aggregationRule` key and its selectors, for a ClusterRole that aggregates.
fn aggregation(object: &Object) -> Option<(NodeRef<'_>, Vec<Selector<'_>>)> {
    if object.kind() != "ClusterRole" {
        return None;
    }
    let (key, rule) = object.root().entry("aggregationRule")?;
    if rule.kind() != Kind::Map {
        return None;
    }
    let selectors = rule
        .get("clusterRoleSelectors")
        .into_iter()
        .flat_map(|s| s.items())
        .filter(|s| s.kind() == Kind::Map)
        .map(Selector::label_selector)
        .collect();
    Some((key, selectors))
}

/// The rules of a role as written (`rules` items that are mappings).
pub(crate) fn own_rules(object: &Object) -> Vec<Rule<'_>> {
    object
        .root()
        .get("rules")
        .into_iter()
        .flat_map(|r| r.items())
        .filter(|r| r.kind() == Kind::Map)
        .map(Rule::parse)
        .collect()
}

/// The scanned ClusterRoles an aggregated ClusterRole picks up directly.
fn aggregated_from<'a>(
    inventory: &Inventory<'a>,
    object: &'a Object,
    selectors: &[Selector<'_>],
) -> Vec<&'a Object> {
    inventory
        .of_kind("ClusterRole")
        .filter(|other| !std::ptr::eq(*other, object) && is_role(other))
        .filter(|other| selectors.iter().any(|s| s.matches(other.labels())))
        .collect()
}

/// The effective rules of a role: its own, or for an aggregated ClusterRole those of every
/// scanned ClusterRole it aggregates (recursively; cycles are cut).
pub(crate) fn effective_rules<'a>(inventory: &Inventory<'a>, object: &'a Object) -> Vec<Rule<'a>> {
    let mut seen = HashSet::new();
    let mut rules = Vec::new();
    collect_rules(inventory, object, &mut seen, &mut rules);
    rules
}

fn collect_rules<'a>(
    inventory: &Inventory<'a>,
    object: &'a Object,
    seen: &mut HashSet<*const Object>,
    rules: &mut Vec<Rule<'a>>,
) {
    if !seen.insert(object as *const Object) {
        return;
    }
    match aggregation(object) {
        Some((_, selectors)) => {
            for source in aggregated_from(inventory, object, &selectors) {
                collect_rules(inventory, source, seen, rules);
            }
        }
        None => rules.extend(own_rules(object)),
    }
}

/// Reports every rule of the checked Role or ClusterRole for which `grants` says what dangerous
/// access it gives (a phrase like `lets subjects exec into pods`). Own rules are reported at
/// their `rules` item; for an aggregated ClusterRole, one finding per aggregated ClusterRole
/// that contributes such a rule, at `aggregationRule`. Kubernetes' bootstrap roles are skipped.
pub(crate) fn report_rules(ctx: &mut Context<'_>, grants: impl Fn(&Rule<'_>) -> Option<String>) {
    let object = ctx.object();
    if !is_role(object) || is_system(object) {
        return;
    }
    let inventory = ctx.inventory();
    match aggregation(object) {
        Some((key, selectors)) => {
            for source in aggregated_from(inventory, object, &selectors) {
                let found = effective_rules(inventory, source)
                    .into_iter()
                    .find_map(|rule| grants(&rule).map(|what| (what, rule.names_note())));
                if let Some((what, note)) = found {
                    let message = format_args!(
                        "{what}{note}, via aggregated ClusterRole {:?}",
                        source.id.name
                    );
                    ctx.report(key, message);
                }
            }
        }
        None => {
            for rule in ctx.own_rules().iter() {
                if let Some(what) = grants(rule) {
                    ctx.report(rule.node, format_args!("{what}{}", rule.names_note()));
                }
            }
        }
    }
}

/// `"a, b and c"`.
pub(crate) fn list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Checks one kind of access: verbs on resources of API groups. Returns the phrase
/// `"<verbs> on <resources>"` of what the rule grants, or `None`.
pub(crate) fn grant_phrase(
    rule: &Rule<'_>,
    wanted: &[(&str, &str)],
    verbs: &[&str],
) -> Option<String> {
    let mut granted_verbs: Vec<&str> = Vec::new();
    let mut granted_resources: Vec<&str> = Vec::new();
    for (group, resource) in wanted {
        let mut allowed = rule.granted_verbs(group, resource, verbs).peekable();
        if allowed.peek().is_none() {
            continue;
        }
        granted_resources.push(resource);
        for verb in allowed {
            if !granted_verbs.contains(&verb) {
                granted_verbs.push(verb);
            }
        }
    }
    (!granted_resources.is_empty())
        .then(|| format!("{} on {}", list(&granted_verbs), list(&granted_resources)))
}

/// How an API group is named in messages: `core` for `""`, `every API group` for `*`.
pub(crate) fn group_label(group: &str) -> String {
    match group {
        "" => "the core group".to_owned(),
        "*" => "every API group".to_owned(),
        g => format!("{g:?}"),
    }
}

/// The verbs (`list`, `watch`) with which a ClusterRole rule reads every Secret of every
/// namespace at once: not restricted by `resourceNames`, and cluster-wide as soon as a
/// ClusterRoleBinding grants it. Empty for Roles.
pub(crate) fn lists_secrets_everywhere(role_kind: &str, rule: &Rule<'_>) -> Vec<&'static str> {
    if role_kind != "ClusterRole" || rule.is_named() {
        return Vec::new();
    }
    rule.allowed("", "secrets", &["list", "watch"])
}

/// One subject of a binding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subject<'a> {
    /// Where findings about it point: its `name` key, else the item.
    pub(crate) at: NodeRef<'a>,
    /// `kind`.
    pub(crate) kind: &'a str,
    /// `name`.
    pub(crate) name: &'a str,
    /// `namespace` (service accounts).
    pub(crate) namespace: Option<&'a str>,
}

/// The subjects of a RoleBinding or ClusterRoleBinding of the RBAC API group.
pub(crate) fn subjects(object: &Object) -> Vec<Subject<'_>> {
    if object.api_group() != RBAC_GROUP || !BINDING_KINDS.contains(&object.kind()) {
        return Vec::new();
    }
    object
        .root()
        .get("subjects")
        .into_iter()
        .flat_map(|s| s.items())
        .filter(|s| s.kind() == Kind::Map)
        .map(|item| Subject {
            at: item.entry("name").map_or(item, |(key, _)| key),
            kind: item.get_str("kind").unwrap_or_default(),
            name: item.get_str("name").unwrap_or_default(),
            namespace: item.get_str("namespace"),
        })
        .collect()
}

/// `ClusterRole "view"` or `Role "reader"`: the role a binding grants.
pub(crate) fn role_ref(object: &Object) -> String {
    let role = object.root().get("roleRef");
    let kind = role.and_then(|r| r.get_str("kind")).unwrap_or("role");
    let name = role.and_then(|r| r.get_str("name")).unwrap_or_default();
    format!("{kind} {name:?}")
}

/// Roles Kubernetes (and kubeadm) itself grants to every user, anonymous ones included: they
/// only expose discovery, version and self-review endpoints, or the public `cluster-info`.
const PUBLIC_ROLES: &[(&str, &str)] = &[
    ("ClusterRole", "system:public-info-viewer"),
    ("ClusterRole", "system:discovery"),
    ("ClusterRole", "system:basic-user"),
    ("ClusterRole", "system:service-account-issuer-discovery"),
    ("Role", "kubeadm:bootstrap-signer-clusterinfo"),
];

/// Whether a binding grants one of the roles meant for everyone ([`PUBLIC_ROLES`]).
pub(crate) fn grants_public_role(object: &Object) -> bool {
    let role = object.root().get("roleRef");
    let kind = role.and_then(|r| r.get_str("kind")).unwrap_or_default();
    let name = role.and_then(|r| r.get_str("name")).unwrap_or_default();
    PUBLIC_ROLES.contains(&(kind, name))
}

/// `roles` and `clusterroles` of the RBAC API group, for `bind` and `escalate`.
pub(crate) const ROLE_RESOURCES: &[(&str, &str)] =
    &[(RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")];

/// Reports each subject of the checked binding that `who` describes (as the identity the role
/// is granted to), at the subject's `name`. Bindings of [`PUBLIC_ROLES`] are skipped.
pub(crate) fn report_subjects(
    ctx: &mut Context<'_>,
    who: impl Fn(&Subject<'_>, &Object) -> Option<String>,
) {
    let object = ctx.object();
    if grants_public_role(object) {
        return;
    }
    let role = role_ref(object);
    for subject in subjects(object) {
        if let Some(who) = who(&subject, object) {
            ctx.report(subject.at, format_args!("grants {role} to {who}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use kubeward_yaml::{Limits, parse_stream};

    use super::*;

    fn objects(src: &str) -> Vec<Object> {
        parse_stream(src.as_bytes(), &Limits::default())
            .into_iter()
            .filter_map(|d| Object::from_root("t.yaml".into(), Arc::new(d.unwrap().unwrap())))
            .collect()
    }

    fn rule(src: &str) -> Vec<Object> {
        objects(&format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {{name: r}}\nrules:\n- {src}\n"
        ))
    }

    fn first(objects: &[Object]) -> Rule<'_> {
        own_rules(&objects[0]).remove(0)
    }

    #[test]
    fn wildcards_and_subresources_match_like_the_authorizer() {
        let all = rule("{apiGroups: ['*'], resources: ['*'], verbs: ['*']}");
        let r = first(&all);
        assert!(r.allows("", "pods/exec", "create") && r.allows("apps", "deployments", "patch"));
        let sub = rule("{apiGroups: [''], resources: ['*/exec'], verbs: [create]}");
        let r = first(&sub);
        assert!(r.allows("", "pods/exec", "create"));
        assert!(!r.allows("", "pods", "create") && !r.allows("", "pods/attach", "create"));
        let pods = rule("{apiGroups: [''], resources: [pods], verbs: [get, create]}");
        let r = first(&pods);
        assert!(!r.allows("", "pods/exec", "create") && !r.allows("apps", "pods", "create"));
        assert_eq!(
            r.allowed("", "pods", &["get", "list", "create"]),
            ["get", "create"]
        );
    }

    #[test]
    fn resource_names_never_authorize_unnamed_requests() {
        let named = rule(
            "{apiGroups: [''], resources: [pods, pods/exec], verbs: [create, get], resourceNames: [a]}",
        );
        let r = first(&named);
        assert!(!r.allows("", "pods", "create") && r.allows("", "pods", "get"));
        assert!(r.allows("", "pods/exec", "create"));
        assert_eq!(r.names_note(), " (only objects named \"a\")");
    }

    #[test]
    fn aggregation_is_resolved_recursively_and_cycles_are_cut() {
        let src = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: top, labels: {agg: mid}}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {agg: top}}]\nrules: [{apiGroups: [''], resources: [nodes], verbs: [get]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: mid, labels: {agg: top}}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {agg: mid}}, {matchLabels: {agg: leaf}}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: leaf, labels: {agg: leaf}}\nrules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]\n";
        let all = objects(src);
        let inventory = Inventory::new(&all);
        let rules = effective_rules(&inventory, &all[0]);
        assert_eq!(rules.len(), 1);
        assert!(rules[0].allows("", "secrets", "get"));
    }

    #[test]
    fn phrases_name_verbs_and_resources() {
        let src = rule(
            "{apiGroups: ['', apps], resources: [pods, deployments], verbs: [create, delete]}",
        );
        let r = first(&src);
        let wanted = [("", "pods"), ("apps", "deployments"), ("batch", "jobs")];
        assert_eq!(
            grant_phrase(&r, &wanted, &["create"]).as_deref(),
            Some("create on pods and deployments")
        );
        assert_eq!(grant_phrase(&r, &wanted, &["get"]), None);
    }
}
