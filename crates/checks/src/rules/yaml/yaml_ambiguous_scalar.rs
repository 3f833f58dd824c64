//! `yaml-ambiguous-scalar`: an unquoted value or key that Kubernetes reads differently from
//! YAML 1.2 tools (`yes`, `0755`, `1_000`, `y:`), or that YAML 1.1 tools read as a number (`1:30`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};
use kubeward_yaml::{NodeRef, Position, TrapKind};
use kubeward_yaml::reading::{Reading, kubernetes_reading, sexagesimal, yaml12_reading};

use crate::{Check, Context};

pub(crate) static CHECK: YamlAmbiguousScalar = YamlAmbiguousScalar;

pub(crate) struct YamlAmbiguousScalar;

static META: CheckMeta = CheckMeta {
    id: "yaml-ambiguous-scalar",
    title: "Unquoted value that YAML tools read differently",
    severity: Severity::Low,
    category: Category::Hygiene,
    kinds: &[],
    mappings: Mappings::NONE,
    docs: Docs {
        what: "Fires at an unquoted scalar whose meaning depends on the YAML version reading it. Kubernetes reads \
               manifests with YAML 1.1 rules (go-yaml v2 under `sigs.k8s.io/yaml`): `yes`, `no`, `on`, `off`, `y` and \
               `n` in any capitalisation are booleans, `0755` is the octal 493, `0b11` is 3 and `1_000` is 1000. YAML 1.2 \
               tools (yq, most editors and linters) read the first ones as strings, `0755` as 755 and `1_000` as a \
               string. Mapping keys are converted too: `y:` becomes the key `\"true\"` and `010:` the key `\"8\"`. \
               Base-60 numbers such as `1:30` are strings for Kubernetes and YAML 1.2 but 90 for YAML 1.1 tools such \
               as PyYAML and Ansible. `.inf`, `-.inf` and `.nan` (in their accepted spellings) are floats JSON \
               cannot hold, so the API server can never receive the object. Quoted and tagged scalars, and `true`/`false`, `null`, decimal numbers, are \
               read the same everywhere and never fire. Neither do octal file modes (`defaultMode: 0644`, \
               `mode: 0400`): Kubernetes documents writing them so, and the tools that process manifests \
               (kubectl, Helm, Kustomize, yq) read them as octal too.",
        why: "A manifest should mean one thing to everyone who reads it, and the tools in between do not \
              agree: `kubectl kustomize` (YAML 1.2 for booleans) rewrites `hostNetwork: yes` as the string \
              `\"yes\"`, which the API server then refuses, while `kubectl apply` of the same file sends `true`. \
              Policy engines, diff viewers and the reviewer's editor disagree the same way: a value can pass review \
              as the string `\"on\"` and reach the API server as `true`, or `0755` be read as 755 by a policy \
              and as 493 by the kubelet.",
        fix: "Quote the value if the text is meant (`\"yes\"`, `\"0755\"`, `\"1:30\"`), or write the value every \
              version reads alike: `true`/`false`, a decimal number (`493`, `1000`) or a `0o` octal (`0o755`). \
              For keys, quote them (`\"y\":`).",
        failing: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  debug: \"false\"\n  dryRun: \"true\"\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: off\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: false\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://yaml.org/type/bool.html",
            "https://yaml.org/spec/1.2.2/#1032-tag-resolution",
            "https://github.com/kubernetes-sigs/yaml",
        ],
    },
};

impl Check for YamlAmbiguousScalar {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let object = ctx.object();
        for trap in object.traps() {
            let TrapKind::Scalar { written, key } = &trap.kind else {
                continue;
            };
            if !key && is_octal(written) && is_file_mode(object.root(), trap.position) {
                continue;
            }
            ctx.report_at(trap.position, message(written, *key));
        }
    }
}

/// `0644`: a leading-zero octal integer.
fn is_octal(written: &str) -> bool {
    written.len() > 1 && written.starts_with('0') && written.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the value at `position` is a file mode (`defaultMode`, `mode`).
fn is_file_mode(node: NodeRef<'_>, position: Position) -> bool {
    node.entries().any(|(key, value)| {
        (value.position() == position && matches!(key.text(), Some("defaultMode" | "mode")))
            || is_file_mode(value, position)
    }) || node.items().any(|item| is_file_mode(item, position))
}

fn message(written: &str, key: bool) -> String {
    let kubernetes = kubernetes_reading(written);
    if key {
        let converted = match kubernetes {
            Reading::Str => written.to_owned(),
            other => other.to_string(),
        };
        return format!(
            "the key `{written}` becomes \"{converted}\" for Kubernetes (YAML 1.1); quote it (\"{written}\") \
             if the key `{written}` is meant"
        );
    }
    if let Reading::Float(v) = kubernetes
        && !v.is_finite()
    {
        let what = match v {
            v if v.is_nan() => "NaN (not a number)",
            v if v > 0.0 => "infinity",
            _ => "minus infinity",
        };
        return format!(
            "`{written}` is {what}, which JSON cannot hold: Kubernetes cannot convert this document \
             (\"json: unsupported value\"); quote it (\"{written}\") if the text is meant"
        );
    }
    if let (Reading::Str, Some(number)) = (kubernetes, sexagesimal(written)) {
        return format!(
            "`{written}` is the string \"{written}\" for Kubernetes but the number {number} for YAML 1.1 tools \
             (PyYAML, Ansible); quote it"
        );
    }
    let yaml12 = match yaml12_reading(written) {
        Reading::Str => format!("the string \"{written}\""),
        other => other.to_string(),
    };
    // A file mode is clearest in the octal both versions read: `0o755`.
    let unsigned = written.trim_start_matches(['-', '+']);
    let canonical = match kubernetes {
        Reading::Int(_) if unsigned.len() > 1 && unsigned.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}0o{}", &written[..written.len() - unsigned.len()], &unsigned[1..])
        }
        other => other.to_string(),
    };
    format!(
        "`{written}` is {} for Kubernetes (YAML 1.1) but {yaml12} for YAML 1.2 tools; write `{canonical}` if \
         that is meant, or quote it (\"{written}\")",
        describe(kubernetes)
    )
}

fn describe(reading: Reading) -> String {
    match reading {
        Reading::Bool(b) => format!("the boolean {b}"),
        Reading::Int(_) | Reading::Float(_) => format!("the number {reading}"),
        other => other.to_string(),
    }
}
