//! `wrong-field-type`: a field of a built-in object holds a value of a type the API server
//! refuses to decode (a number where a string is expected, a string where a boolean is...).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::util::schema::{Problem, expected, found, report_issues};
use crate::{Check, Context};

pub(crate) static CHECK: WrongFieldType = WrongFieldType;

pub(crate) struct WrongFieldType;

static META: CheckMeta = CheckMeta {
    id: "wrong-field-type",
    title: "Field holds a value of the wrong type",
    severity: Severity::Medium,
    category: Category::Reliability,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires at a field of a built-in object (Pod, Deployment, Service, ConfigMap, ... at an apiVersion the \
               Kubernetes OpenAPI schema of the newest release kubeward knows defines) whose value has a JSON type \
               the API server cannot decode into it: a number or boolean where a string is expected (`value: 8080` \
               in an env var, `\"true\"` annotations written as `true`), a quoted string where a number or boolean is \
               expected (`replicas: \"3\"`, `privileged: \"true\"`), a scalar where a mapping or list is expected. It \
               accepts what the server accepts: integers or strings for int-or-string fields (ports, `maxSurge`), \
               strings or numbers for quantities (`cpu: 1`, `memory: 1Gi`), integral numbers for integers, `null` \
               anywhere, and YAML 1.1 booleans (`yes`, `on`) for booleans. Free-form fields, `status`, custom \
               resources and unknown apiVersions are not checked.",
        why: "The API server rejects the whole object (\"cannot unmarshal number into Go struct field EnvVar.value \
              of type string\"), so the apply fails, typically in a pipeline after the change was reviewed; the \
              usual cause is YAML reading an unquoted value as a number or boolean.",
        fix: "Write the value with the type the field expects: quote strings that look like numbers or booleans \
              (`value: \"8080\"`, `\"true\"`), unquote numbers and booleans, and check the indentation of mappings \
              and lists.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - name: PORT\n          value: 8080\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      env:\n        - name: PORT\n          value: \"8080\"\n",
        references: &[
            "https://kubernetes.io/docs/reference/kubernetes-api/",
            "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
        ],
    },
};

impl Check for WrongFieldType {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_issues(ctx, |issue| {
            let Problem::WrongType { expected: ty } = issue.problem else {
                return None;
            };
            Some(format!(
                "{} must be {}, found {}",
                issue.place(),
                expected(ty),
                found(ty, issue.value)
            ))
        });
    }
}
