//! `yaml-merge-override`: a key set more than once in one mapping through `<<` merge keys.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};
use kubeward_yaml::TrapKind;

use crate::{Check, Context};

pub(crate) static CHECK: YamlMergeOverride = YamlMergeOverride;

pub(crate) struct YamlMergeOverride;

static META: CheckMeta = CheckMeta {
    id: "yaml-merge-override",
    title: "Merge key sets a key that is set again",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires where a key of a mapping is set a second time because of a `<<` merge key: a key written next to \
               `<<: *defaults` that the merged mapping also holds, a `<<` written after a key it overrides, or two \
               merged mappings holding the same key. Kubernetes' decoder applies keys in the order written (a `<<` \
               sets the keys of its mappings, the first mapping of a list winning), so the value written last is the \
               one the cluster gets.",
        why: "Merges hide values: the reader of the mapping sees the explicit keys, not the ones the merge brings or \
              replaces, and which one wins depends on where the `<<` is written. Strict YAML decoding \
              (`sigs.k8s.io/yaml`'s `YAMLToJSONStrict`, used where YAML is validated strictly) rejects the \
              document outright (\"key already set in map\").",
        fix: "Write the value once: drop the key from the merged mapping or from this one, or write the mapping out \
              without `<<`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext: &restricted\n        runAsNonRoot: true\n        allowPrivilegeEscalation: false\n    - name: sidecar\n      image: registry.example.com/sidecar:1.0\n      securityContext:\n        <<: *restricted\n        allowPrivilegeEscalation: true\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext: &restricted\n        runAsNonRoot: true\n        allowPrivilegeEscalation: false\n    - name: sidecar\n      image: registry.example.com/sidecar:1.0\n      securityContext:\n        <<: *restricted\n        readOnlyRootFilesystem: true\n",
        references: &["https://yaml.org/type/merge.html"],
    },
};

impl Check for YamlMergeOverride {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        for trap in object.traps() {
            let TrapKind::MergeOverride { key, first } = &trap.kind else {
                continue;
            };
            let message = if *first == trap.position {
                format!(
                    "`{key}` is in more than one mapping this `<<` merges: Kubernetes keeps the first \
                     one's value, and strict YAML decoding rejects the document"
                )
            } else {
                format!(
                    "`{key}` is set at line {} and again here, through a `<<` merge: Kubernetes keeps \
                     the value set here, and strict YAML decoding rejects the document",
                    first.line
                )
            };
            ctx.report_at(trap.position, message);
        }
    }
}
