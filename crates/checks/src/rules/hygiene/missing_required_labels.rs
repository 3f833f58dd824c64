//! `missing-required-labels`: an object lacks labels that `required_labels` demands.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::general::metadata_field;
use crate::{Check, Context};

pub(crate) static CHECK: MissingRequiredLabels = MissingRequiredLabels;

pub(crate) struct MissingRequiredLabels;

static META: CheckMeta = CheckMeta {
    id: "missing-required-labels",
    title: "Object lacks required labels",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "When the `required_labels` setting lists labels, fires once for each object whose \
               `metadata.labels` lacks any of them, naming every missing label. A label that is present counts \
               whatever its value. Labels of pod templates are not looked at.",
        why: "Ownership and application labels are how people and tools find who to page, which team pays, what \
              to select in dashboards and policies, and what to clean up. An unlabelled object is an orphan \
              nobody answers for.",
        fix: "Add the missing labels under `metadata.labels` (for example `app.kubernetes.io/name` and `team`).",
        failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\nspec:\n  ports:\n    - port: 80\n",
        passing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\n    team: storefront\nspec:\n  ports:\n    - port: 80\n",
        references: &[
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/",
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/",
        ],
    },
};

impl Check for MissingRequiredLabels {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let required = &ctx.settings().required_labels;
        // Nearly every scan requires none: skip looking the labels up.
        if required.is_empty() {
            return;
        }
        let object = ctx.object();
        let labels = object.labels();
        let missing: Vec<String> = required
            .iter()
            .filter(|label| labels.and_then(|l| l.get(label)).is_none())
            .map(|label| format!("{label:?}"))
            .collect();
        if missing.is_empty() {
            return;
        }
        let noun = if missing.len() == 1 {
            "label"
        } else {
            "labels"
        };
        let message = format_args!("missing required {noun} {}", missing.join(", "));
        ctx.report(metadata_field(object, "labels"), message);
    }
}
