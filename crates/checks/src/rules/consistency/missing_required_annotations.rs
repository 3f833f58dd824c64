//! `missing-required-annotations`: an object lacks annotations that `requiredAnnotations` demands.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::metadata_field;
use crate::{Check, Context};

pub(crate) static CHECK: MissingRequiredAnnotations = MissingRequiredAnnotations;

pub(crate) struct MissingRequiredAnnotations;

static META: CheckMeta = CheckMeta {
    id: "missing-required-annotations",
    title: "Object lacks required annotations",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "When the `requiredAnnotations` setting lists annotation keys, fires once for each object whose \
               `metadata.annotations` lacks any of them, naming every missing key. An annotation that is present \
               counts whatever its value. Annotations of pod templates are not looked at. Does nothing when the \
               setting is empty (the default).",
        why: "Organisations use annotations for what labels cannot hold: owner contacts, runbook links, cost \
              centres, change tickets. An object without them leaves on-call engineers and audits without the \
              information the policy promised.",
        fix: "Add the missing annotations under `metadata.annotations`.",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    example.com/owner: storefront\nspec:\n  ports:\n    - port: 80\n",
        references: &[
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/",
        ],
    },
};

impl Check for MissingRequiredAnnotations {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let required = &ctx.settings().required_annotations;
        // Nearly every scan requires none: skip looking the annotations up.
        if required.is_empty() {
            return;
        }
        let object = ctx.object();
        let annotations = object.root().get_path(&["metadata", "annotations"]);
        let missing: Vec<String> = required
            .iter()
            .filter(|key| annotations.and_then(|a| a.get(key)).is_none())
            .map(|key| format!("{key:?}"))
            .collect();
        if missing.is_empty() {
            return;
        }
        let noun = if missing.len() == 1 {
            "annotation"
        } else {
            "annotations"
        };
        let message = format_args!("missing required {noun} {}", missing.join(", "));
        ctx.report(metadata_field(object, "annotations"), message);
    }
}
