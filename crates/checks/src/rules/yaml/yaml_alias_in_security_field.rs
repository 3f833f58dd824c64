//! `yaml-alias-in-security-field`: a YAML alias supplies a security-relevant field, so the
//! value the cluster gets is written somewhere else.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};
use kubeward_yaml::{Kind, NodeRef, Position, TrapKind};

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
               the aliased value is written.",
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
            let field = path
                .rsplit('.')
                .map(|segment| segment.split('[').next().unwrap_or_default())
                .find(|segment| SECURITY_FIELDS.contains(segment))
                .map(str::to_owned)
                .or_else(|| {
                    node_at(object.root(), trap.position)
                        .and_then(|value| security_field_inside(value, 0))
                        .map(str::to_owned)
                });
            if let Some(field) = field {
                ctx.report_at(
                    trap.position,
                    format!(
                        "an alias supplies `{field}` here (at `{path}`), with the value written at line {}: \
                         write it out where it applies",
                        anchor.line
                    ),
                );
            }
        }
    }
}

/// The node at `position` (an alias's copy carries the alias's position).
fn node_at(node: NodeRef<'_>, position: Position) -> Option<NodeRef<'_>> {
    if node.position() == position && matches!(node.kind(), Kind::Map | Kind::Seq) {
        return Some(node);
    }
    node.items()
        .chain(node.entries().map(|(_, v)| v))
        .find_map(|child| node_at(child, position))
}

/// The first security-relevant key inside `node`, a few levels deep.
fn security_field_inside(node: NodeRef<'_>, depth: usize) -> Option<&'static str> {
    if depth > 8 {
        return None;
    }
    node.entries()
        .find_map(|(key, value)| {
            let key = key.text().unwrap_or_default();
            SECURITY_FIELDS
                .iter()
                .find(|f| **f == key)
                .copied()
                .or_else(|| security_field_inside(value, depth + 1))
        })
        .or_else(|| {
            node.items()
                .find_map(|item| security_field_inside(item, depth + 1))
        })
}
