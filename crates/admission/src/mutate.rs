//! `/mutate`: the policy's defaults set on an object where it leaves fields out, returned as
//! an RFC 6902 JSON Patch. A default never replaces a value the object sets, and never makes a
//! valid object invalid: `allowPrivilegeEscalation: false` is not set on privileged
//! containers, `runAsNonRoot` not on pods that ask for user 0, and resource defaults only
//! apply to resources a container sets neither a request nor a limit for.

use kubeward_config::Mutation;
use kubeward_core::workload::pod_template_path;
use serde_json::{Map, Value};

use crate::decision::{Policy, skip_reason};
use crate::review::{Request, ReviewError};

/// The JSON Patch for a `/mutate` request; empty when nothing is to change.
pub fn mutate(policy: &Policy, request: &Request<'_>) -> Result<json_patch::Patch, ReviewError> {
    let defaults = &policy.config().admission.mutation;
    if defaults.is_empty() || skip_reason(request).is_some() {
        return Ok(json_patch::Patch(Vec::new()));
    }
    let raw = request.object().ok_or_else(|| {
        ReviewError::Malformed(format!(
            "{} request has no object",
            request.operation.as_str()
        ))
    })?;
    let original: Value = serde_json::from_str(raw.get())
        .map_err(|e| ReviewError::Malformed(format!("object: {e}")))?;
    if !original.is_object() {
        return Err(ReviewError::Malformed("object: not a JSON object".into()));
    }
    let mut mutated = original.clone();
    apply(defaults, &mut mutated);
    Ok(json_patch::diff(&original, &mutated))
}

/// Sets `defaults` on `object` (a JSON object) where it leaves them out.
fn apply(defaults: &Mutation, object: &mut Value) {
    if !defaults.labels.is_empty()
        && let Some(labels) = child(object, "metadata").and_then(|m| child_of(m, "labels"))
    {
        for (key, value) in &defaults.labels {
            labels
                .entry(key.clone())
                .or_insert_with(|| Value::String(value.clone()));
        }
    }
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let api_version = object
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(path) = pod_template_path(kind, api_version) else {
        return;
    };
    let mut template = Some(&mut *object);
    for key in path {
        template = template.and_then(|t| t.get_mut(*key));
    }
    let Some(spec) = template
        .and_then(|t| t.get_mut("spec"))
        .filter(|s| s.is_object())
    else {
        return;
    };
    pod_defaults(defaults, spec);
    for list in ["initContainers", "containers"] {
        let Some(Value::Array(containers)) = spec.get_mut(list) else {
            continue;
        };
        for container in containers.iter_mut().filter(|c| c.is_object()) {
            container_defaults(defaults, container);
        }
    }
}

fn pod_defaults(defaults: &Mutation, spec: &mut Value) {
    let asks_for_root = spec
        .get("containers")
        .into_iter()
        .chain(spec.get("initContainers"))
        .filter_map(Value::as_array)
        .flatten()
        .chain(std::iter::once(&*spec))
        .any(|c| {
            c.pointer("/securityContext/runAsUser")
                .and_then(Value::as_i64)
                == Some(0)
        });
    let Some(context) = child(spec, "securityContext") else {
        return;
    };
    if let Some(non_root) = defaults.run_as_non_root
        && !asks_for_root
    {
        context
            .entry("runAsNonRoot")
            .or_insert(Value::Bool(non_root));
    }
    if let Some(profile) = &defaults.seccomp_profile {
        context
            .entry("seccompProfile")
            .or_insert_with(|| serde_json::json!({ "type": profile }));
    }
}

fn container_defaults(defaults: &Mutation, container: &mut Value) {
    if let Some(policy) = &defaults.image_pull_policy
        && (policy == "Always" || !floating_tag(container))
        && let Some(fields) = container.as_object_mut()
    {
        fields
            .entry("imagePullPolicy")
            .or_insert_with(|| Value::String(policy.clone()));
    }
    resource_defaults(defaults, container);
    let privileged = container
        .pointer("/securityContext/privileged")
        .and_then(Value::as_bool)
        == Some(true)
        || container
            .pointer("/securityContext/capabilities/add")
            .and_then(Value::as_array)
            .is_some_and(|caps| {
                caps.iter()
                    .any(|c| matches!(c.as_str(), Some("SYS_ADMIN" | "CAP_SYS_ADMIN")))
            });
    let Some(context) = child(container, "securityContext") else {
        return;
    };
    if let Some(escalation) = defaults.allow_privilege_escalation
        && (escalation || !privileged)
    {
        context
            .entry("allowPrivilegeEscalation")
            .or_insert(Value::Bool(escalation));
    }
    if let Some(read_only) = defaults.read_only_root_filesystem {
        context
            .entry("readOnlyRootFilesystem")
            .or_insert(Value::Bool(read_only));
    }
    if defaults.drop_all_capabilities
        && let Some(capabilities) = context
            .entry("capabilities")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
    {
        let drop = capabilities
            .entry("drop")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(drop) = drop
            && !drop.iter().any(|c| c.as_str() == Some("ALL"))
        {
            drop.push(Value::String("ALL".into()));
        }
    }
}

/// Whether the container's image has no tag or `latest` (and no digest): Kubernetes pulls
/// those `Always` by default, and a default that stops pulling them would run stale images.
fn floating_tag(container: &Value) -> bool {
    let image = container
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if image.contains('@') {
        return false;
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.split_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

fn resource_defaults(defaults: &Mutation, container: &mut Value) {
    if defaults.requests.is_empty() && defaults.limits.is_empty() {
        return;
    }
    let Some(resources) = child(container, "resources") else {
        return;
    };
    let set = |resources: &Map<String, Value>, which: &str, name: &str| {
        resources
            .get(which)
            .and_then(|r| r.get(name))
            .is_some_and(|v| !v.is_null())
    };
    let untouched: Vec<&String> = defaults
        .requests
        .keys()
        .chain(defaults.limits.keys())
        .filter(|name| !set(resources, "requests", name) && !set(resources, "limits", name))
        .collect();
    for (which, values) in [
        ("requests", &defaults.requests),
        ("limits", &defaults.limits),
    ] {
        let wanted: Vec<(&String, &String)> = values
            .iter()
            .filter(|(name, _)| untouched.contains(name))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let Some(target) = resources
            .entry(which)
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
        else {
            continue;
        };
        for (name, quantity) in wanted {
            target.insert(name.clone(), Value::String(quantity.clone()));
        }
    }
}

/// The mapping under `key` of `value`, created when absent or `null`; `None` when `value` is
/// not a mapping or `key` holds something else.
fn child<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    child_of(value.as_object_mut()?, key)
}

fn child_of<'a>(map: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let entry = map.entry(key).or_insert(Value::Null);
    if entry.is_null() {
        *entry = Value::Object(Map::new());
    }
    entry.as_object_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn all_defaults() -> Mutation {
        Mutation {
            allow_privilege_escalation: Some(false),
            run_as_non_root: Some(true),
            read_only_root_filesystem: Some(true),
            seccomp_profile: Some("RuntimeDefault".into()),
            drop_all_capabilities: true,
            image_pull_policy: Some("IfNotPresent".into()),
            requests: [
                ("cpu".into(), "100m".into()),
                ("memory".into(), "128Mi".into()),
            ]
            .into(),
            limits: [("memory".into(), "256Mi".into())].into(),
            labels: [("team".into(), "unassigned".into())].into(),
        }
    }

    #[test]
    fn fills_what_is_missing_and_keeps_what_is_set() {
        let mut deployment = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"team": "shop"}},
        "spec": {"template": {"metadata": {}, "spec": {
            "containers": [
                {"name": "app", "image": "a", "imagePullPolicy": "Always",
                 "securityContext": {"capabilities": {"drop": ["NET_RAW"]}},
                 "resources": {"limits": {"memory": "1Gi"}}},
                {"name": "debug", "image": "b", "securityContext": {"privileged": true}}
            ]}}}});
        apply(&all_defaults(), &mut deployment);
        assert_eq!(deployment["metadata"]["labels"], json!({"team": "shop"}));
        let spec = &deployment["spec"]["template"]["spec"];
        assert_eq!(
            spec["securityContext"],
            json!({"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}})
        );
        let app = &spec["containers"][0];
        assert_eq!(app["imagePullPolicy"], "Always");
        assert_eq!(
            app["securityContext"],
            json!({"capabilities": {"drop": ["NET_RAW", "ALL"]}, "allowPrivilegeEscalation": false,
                   "readOnlyRootFilesystem": true})
        );
        // Memory is left alone (a limit is set); CPU gets its request.
        assert_eq!(
            app["resources"],
            json!({"limits": {"memory": "1Gi"}, "requests": {"cpu": "100m"}})
        );
        // An untagged image is pulled `Always` by Kubernetes; the default does not change that.
        let debug = &spec["containers"][1];
        assert!(debug.get("imagePullPolicy").is_none());
        assert!(
            debug["securityContext"]
                .get("allowPrivilegeEscalation")
                .is_none()
        );
        assert_eq!(
            debug["resources"],
            json!({"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}})
        );
    }

    #[test]
    fn root_pods_and_other_kinds() {
        let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"securityContext": {"runAsUser": 0}, "containers": [{"name": "c", "image": "i"}]}});
        apply(&all_defaults(), &mut pod);
        assert!(pod["spec"]["securityContext"].get("runAsNonRoot").is_none());
        assert_eq!(pod["metadata"]["labels"], json!({"team": "unassigned"}));
        let mut map = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
            "data": {"spec": "x"}});
        apply(&all_defaults(), &mut map);
        assert_eq!(
            map,
            json!({"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "c", "labels": {"team": "unassigned"}}, "data": {"spec": "x"}})
        );
    }
}
