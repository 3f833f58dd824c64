//! `secret-in-last-applied-annotation`: a Secret's last-applied annotation repeats its data.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};
use kubeward_yaml::{Limits, parse_stream};

use crate::frameworks::{CREDENTIALS_IN_CONFIGURATION, nsa};
use crate::{Check, Context};

pub(crate) static CHECK: SecretInLastAppliedAnnotation = SecretInLastAppliedAnnotation;

pub(crate) struct SecretInLastAppliedAnnotation;

static META: CheckMeta = CheckMeta {
    id: "secret-in-last-applied-annotation",
    title: "Secret data copied into the last-applied annotation",
    severity: Severity::High,
    category: Category::Security,
    kinds: &["Secret"],
    mappings: Mappings {
        mitre: &[CREDENTIALS_IN_CONFIGURATION],
        nsa: &[nsa::SECRETS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a Secret (core group) carries a `kubectl.kubernetes.io/last-applied-configuration` annotation whose recorded object has non-empty `data` or `stringData` values, at the annotation's key, naming the keys (never the values). Typically seen in manifests exported from a cluster after `kubectl apply`.",
        why: "`kubectl apply` copies the whole applied object, values included (`stringData` in plain text), into this annotation. Tools and people that show metadata but hide Secret values (`kubectl describe`, dashboards, exports, diffs) then show the values anyway.",
        fix: "Manage Secrets with `kubectl apply --server-side`, `kubectl create secret ... --dry-run=client -o yaml | kubectl replace`, or an external secrets operator, and remove the annotation from existing Secrets (`kubectl annotate secret NAME kubectl.kubernetes.io/last-applied-configuration-`).",
        failing: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},\"stringData\":{\"password\":\"hunter2\"}}\ntype: Opaque\ndata:\n  password: aHVudGVyMg==\n",
        passing: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: aHVudGVyMg==\n",
        references: &[
            "https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
    },
};

impl Check for SecretInLastAppliedAnnotation {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        if !object.api_group().is_empty() {
            return;
        }
        let annotations = object.root().get_path(&["metadata", "annotations"]);
        let Some((key, value)) =
            annotations.and_then(|a| a.entry("kubectl.kubernetes.io/last-applied-configuration"))
        else {
            return;
        };
        let Some(text) = value.as_str() else {
            return;
        };
        let Some(Ok(Some(document))) = parse_stream(text.as_bytes(), &Limits::default())
            .into_iter()
            .next()
        else {
            return;
        };
        let root = document.root();
        let mut keys = Vec::new();
        for field in ["data", "stringData"] {
            for (k, v) in root.get(field).into_iter().flat_map(|d| d.entries()) {
                if v.text().is_some_and(|t| !t.is_empty()) {
                    keys.push(format!("{:?}", k.text().unwrap_or_default()));
                }
            }
        }
        if keys.is_empty() {
            return;
        }
        let message = format_args!(
            "last-applied-configuration keeps a copy of the value{} of {} in the Secret's metadata",
            if keys.len() == 1 { "" } else { "s" },
            keys.join(", ")
        );
        ctx.report(key, message);
    }
}
