//! `yaml-alias-in-security-field`: a YAML alias supplies a security-relevant field, so the
//! value the cluster gets is written somewhere else.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};
use kubeward_yaml::{NodeRef, Position, TrapKind};

use crate::{Check, Context};

pub(crate) static CHECK: YamlAliasInSecurityField = YamlAliasInSecurityField;

pub(crate) struct YamlAliasInSecurityField;

static META: CheckMeta = CheckMeta {
    id: "yaml-alias-in-security-field",
    title: "Security-relevant field holds a YAML alias",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires at a YAML alias (`*name`, also inside a `<<` merge) that supplies a security-relevant field, or a \
               value holding one: security contexts and their settings (`privileged`, `capabilities`, `runAsUser`, \
               `allowPrivilegeEscalation`, ...), host namespaces and `hostPath`, service accounts and token \
               automounting, volumes, and RBAC `rules`, `subjects` and `roleRef`. The finding names the line where \
               the aliased value is written and shows the security field's value (only that field's, never the \
               rest of an aliased container, whose environment may hold credentials).",
        why: "An alias shows a name, not a value: a reviewer reading `securityContext: *hardened` sees neither what \
              the anchor holds nor later edits to it, which change every place that uses it. Security settings \
              should be visible where they apply.",
        fix: "Write the value out where it is used (a templating tool or Kustomize can still share it), or at \
              least keep the anchor next to its uses and review both.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext: &ctx\n        privileged: true\n    - name: sidecar\n      image: registry.example.com/sidecar:1.0\n      securityContext: *ctx\n",
        passing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: &labels\n    app: web\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        references: &["https://yaml.org/spec/1.2.2/#71-alias-nodes"],
    },
};

/// Fields whose value decides what a workload or a role may do.
const SECURITY_FIELDS: &[&str] = &[
    "securityContext",
    "privileged",
    "allowPrivilegeEscalation",
    "capabilities",
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "readOnlyRootFilesystem",
    "seccompProfile",
    "seLinuxOptions",
    "appArmorProfile",
    "procMount",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "hostUsers",
    "hostPath",
    "hostPort",
    "volumes",
    "serviceAccountName",
    "automountServiceAccountToken",
    "rules",
    "subjects",
    "roleRef",
];

impl Check for YamlAliasInSecurityField {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        for trap in object.traps() {
            let TrapKind::Alias { path, anchor } = &trap.kind else {
                continue;
            };
            // A value merged by `<<` is no node of its own: the anchored one stands for it.
            let value = node_at(object.root(), trap.position)
                .or_else(|| node_at(object.root(), *anchor));
            let named = path
                .rsplit('.')
                .map(|segment| segment.split('[').next().unwrap_or_default())
                .find(|segment| SECURITY_FIELDS.contains(segment));
            // What the security field really holds, shown so the finding tells it; when the
            // alias holds more (a whole container), only that field, never the rest (env values
            // may be credentials).
            let (field, shown, inside) = match (named, value) {
                (Some(field), value) => (field, value, false),
                (None, Some(value)) => match security_field_inside(value, 0) {
                    Some((field, inner)) => (field, Some(inner), true),
                    None => continue,
                },
                (None, None) => continue,
            };
            let json = shown
                .and_then(|v| v.to_json().ok())
                .map(|json| match json.char_indices().nth(120) {
                    Some((cut, _)) => format!("{}...", &json[..cut]),
                    None => json,
                })
                .unwrap_or_default();
            let line = anchor.line;
            let detail = if inside {
                format!("inside the value written at line {line}, where it is {json}")
            } else {
                format!("with the value written at line {line}, {json}")
            };
            ctx.report_at(
                trap.position,
                format_args!(
                    "an alias supplies `{field}` here (at `{path}`) {detail}: write it out where it \
                     applies"
                ),
            );
        }
    }
}

/// The value at `position`: an alias's copy carries the alias's position, which no other value
/// has.
fn node_at(node: NodeRef<'_>, position: Position) -> Option<NodeRef<'_>> {
    node.items()
        .chain(node.entries().map(|(_, v)| v))
        .find_map(|child| {
            if child.position() == position {
                Some(child)
            } else {
                node_at(child, position)
            }
        })
}

/// The first security-relevant field inside `node`, a few levels deep, and its value.
fn security_field_inside(node: NodeRef<'_>, depth: usize) -> Option<(&'static str, NodeRef<'_>)> {
    if depth > 8 {
        return None;
    }
    node.entries()
        .find_map(|(key, value)| {
            let key = key.text().unwrap_or_default();
            SECURITY_FIELDS
                .iter()
                .find(|f| **f == key)
                .map(|f| (*f, value))
                .or_else(|| security_field_inside(value, depth + 1))
        })
        .or_else(|| {
            node.items()
                .find_map(|item| security_field_inside(item, depth + 1))
        })
}
