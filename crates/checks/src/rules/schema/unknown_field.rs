//! `unknown-field`: a built-in object has a key its schema does not define (a misspelled or
//! misindented field).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::schema::{Problem, report_issues};
use crate::{Check, Context};

pub(crate) static CHECK: UnknownField = UnknownField;

pub(crate) struct UnknownField;

static META: CheckMeta = CheckMeta {
    id: "unknown-field",
    title: "Object has a field its Kubernetes schema does not define",
    severity: Severity::Medium,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires at each key of a built-in object (Pod, Deployment, Service, Role, Ingress, ... at an apiVersion \
               the Kubernetes OpenAPI schema of the newest release kubeward knows defines) that is not a field of \
               the type at that place: a misspelling (`livenessprobe`), a wrong case (`ImagePullPolicy`), or a field \
               indented under the wrong parent (`securityContext` at the pod level holding `privileged`). Field \
               names are compared case-sensitively, as the API server does; the finding suggests the closest \
               field. Does not fire inside free-form maps (labels, annotations, `data`, `nodeSelector`, resource \
               lists), in the object's `status`, nor for custom resources or apiVersions the schema does not know.",
        why: "With strict field validation (the default of `kubectl` since 1.27 and of server-side apply) the API \
              server rejects the object; without it, the field is silently dropped. Either way the setting the \
              author meant, often a guardrail such as a probe, a resource limit or a securityContext, never \
              exists in the cluster, and nothing else reports it.",
        fix: "Rename the field to the one suggested, or move it to the level where the schema defines it \
              (`kubectl explain <kind>.<path>` shows the fields of each level).",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      livenessprobe:\n        httpGet: {path: /healthz, port: 8080}\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      livenessProbe:\n        httpGet: {path: /healthz, port: 8080}\n",
        references: &[
            "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
            "https://kubernetes.io/docs/reference/kubernetes-api/",
        ],
    },
};

impl Check for UnknownField {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_issues(ctx, |issue| {
            let Problem::UnknownField { owner, name } = &issue.problem else {
                return None;
            };
            let place = match issue.path.is_empty() {
                true => format!("the top level of {}", owner.short_name()),
                false => format!("{} ({})", issue.place(), owner.short_name()),
            };
            let mut message = format!("unknown field {name:?} in {place}");
            if let Some(near) = owner.suggest(name) {
                message.push_str(&format!("; did you mean {near:?}?"));
            } else if let Some(parent) = owner.child_with(name) {
                message.push_str(&format!(
                    "; it is a field of `{parent}`: is it indented correctly?"
                ));
            }
            Some(message)
        });
    }
}
