//! Where pod specs and containers live in each workload kind.
//!
//! ```
//! # use std::sync::Arc;
//! use kubeward_core::{Object, workload};
//! use kubeward_yaml::{parse_stream, Limits};
//!
//! let src = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: init, image: busybox}]\n          containers: [{name: main, image: app}]\n";
//! let doc = Arc::new(parse_stream(src.as_bytes(), &Limits::default()).remove(0).unwrap().unwrap());
//! let object = Object::from_root("cron.yaml".into(), doc).unwrap();
//! let spec = workload::pod_spec(&object).unwrap();
//! let names: Vec<_> = workload::containers(spec).map(|c| c.name).collect();
//! assert_eq!(names, ["init", "main"]);
//! ```

use kubeward_yaml::NodeRef;

use crate::Object;

/// Kinds that carry a pod spec, with the API groups they belong to and the path to the pod
/// template (the mapping holding `metadata` and `spec`).
const WORKLOADS: &[(&str, &[&str], &[&str])] = &[
    ("Pod", &[""], &[]),
    ("PodTemplate", &[""], &["template"]),
    ("ReplicationController", &[""], &["spec", "template"]),
    ("Deployment", &["apps", "extensions"], &["spec", "template"]),
    ("StatefulSet", &["apps"], &["spec", "template"]),
    ("DaemonSet", &["apps", "extensions"], &["spec", "template"]),
    ("ReplicaSet", &["apps", "extensions"], &["spec", "template"]),
    ("Job", &["batch"], &["spec", "template"]),
    (
        "CronJob",
        &["batch"],
        &["spec", "jobTemplate", "spec", "template"],
    ),
];

/// The namespace labels through which Pod Security Admission reads a namespace's level.
pub const POD_SECURITY_LABELS: [&str; 3] = [
    "pod-security.kubernetes.io/enforce",
    "pod-security.kubernetes.io/warn",
    "pod-security.kubernetes.io/audit",
];

/// Every kind that carries a pod spec.
pub const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "PodTemplate",
    "ReplicationController",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
];

/// The pod template of a workload: the mapping with the pods' `metadata` and `spec`. For a Pod,
/// the Pod itself.
pub fn pod_template(object: &Object) -> Option<NodeRef<'_>> {
    object.template()
}

/// Where the pod template of an object of `kind` and `api_version` is, under `root`.
pub(crate) fn find_pod_template<'a>(
    root: NodeRef<'a>,
    kind: &str,
    api_version: &str,
) -> Option<NodeRef<'a>> {
    root.get_path(pod_template_path(kind, api_version)?)
}

/// The keys leading from an object of `kind` and `api_version` to its pod template (empty for
/// a Pod), or `None` for kinds without pods.
pub fn pod_template_path(kind: &str, api_version: &str) -> Option<&'static [&'static str]> {
    let group = crate::object::api_group(api_version);
    WORKLOADS
        .iter()
        .find(|(k, groups, _)| *k == kind && groups.contains(&group))
        .map(|(_, _, path)| *path)
}

/// The pod spec of a workload.
pub fn pod_spec(object: &Object) -> Option<NodeRef<'_>> {
    object.pod_spec()
}

/// The containers of a workload's pod spec, as [`containers`] lists them: found when the
/// object was read, since most checks go through them.
pub fn pod_containers(object: &Object) -> impl Iterator<Item = Container<'_>> {
    object.pod_containers()
}

/// Which list of a pod spec a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// `initContainers`.
    Init,
    /// `containers`.
    Regular,
    /// `ephemeralContainers`.
    Ephemeral,
}

impl ContainerKind {
    /// The pod spec field holding this kind of container.
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Init => "initContainers",
            ContainerKind::Regular => "containers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }
}

/// One container of a pod spec.
#[derive(Debug, Clone, Copy)]
pub struct Container<'a> {
    /// Which list it is in.
    pub kind: ContainerKind,
    /// The container's mapping.
    pub node: NodeRef<'a>,
    /// `name`, or empty.
    pub name: &'a str,
}

/// All containers of a pod spec: init containers, then containers, then ephemeral containers.
pub fn containers(pod_spec: NodeRef<'_>) -> impl Iterator<Item = Container<'_>> {
    [
        ContainerKind::Init,
        ContainerKind::Regular,
        ContainerKind::Ephemeral,
    ]
    .into_iter()
    .flat_map(move |kind| {
        pod_spec
            .get(kind.field())
            .into_iter()
            .flat_map(|list| list.items())
            .filter(|node| node.kind() == kubeward_yaml::Kind::Map)
            .map(move |node| Container {
                kind,
                node,
                name: node.get_str("name").unwrap_or_default(),
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(src: &str) -> Object {
        crate::object::tests::object(src).expect("a Kubernetes object")
    }

    #[test]
    fn finds_pod_specs_in_every_workload_kind() {
        let spec = "spec: {containers: [{name: c}]}";
        let cases = [
            format!("apiVersion: v1\nkind: Pod\n{spec}"),
            format!("apiVersion: v1\nkind: PodTemplate\ntemplate: {{{spec}}}"),
            format!("apiVersion: v1\nkind: ReplicationController\nspec: {{template: {{{spec}}}}}"),
            format!("apiVersion: apps/v1\nkind: Deployment\nspec: {{template: {{{spec}}}}}"),
            format!("apiVersion: apps/v1\nkind: StatefulSet\nspec: {{template: {{{spec}}}}}"),
            format!("apiVersion: apps/v1\nkind: DaemonSet\nspec: {{template: {{{spec}}}}}"),
            format!("apiVersion: apps/v1\nkind: ReplicaSet\nspec: {{template: {{{spec}}}}}"),
            format!("apiVersion: batch/v1\nkind: Job\nspec: {{template: {{{spec}}}}}"),
            format!(
                "apiVersion: batch/v1\nkind: CronJob\nspec: {{jobTemplate: {{spec: {{template: {{{spec}}}}}}}}}"
            ),
        ];
        for case in &cases {
            let o = object(case);
            let names: Vec<_> = containers(pod_spec(&o).expect(case))
                .map(|c| c.name)
                .collect();
            assert_eq!(names, ["c"], "{case}");
        }
        assert_eq!(cases.len(), WORKLOAD_KINDS.len());
    }

    #[test]
    fn same_kind_in_another_group_is_not_a_workload() {
        assert!(
            pod_spec(&object(
                "apiVersion: example.com/v1\nkind: Deployment\nspec: {template: {spec: {}}}"
            ))
            .is_none()
        );
    }

    #[test]
    fn init_and_ephemeral_containers_are_included() {
        let o = object(
            "apiVersion: v1\nkind: Pod\nspec:\n  ephemeralContainers: [{name: e}]\n  containers: [{name: c}]\n  initContainers: [{name: i}]\n",
        );
        let found: Vec<_> = containers(pod_spec(&o).unwrap())
            .map(|c| (c.kind, c.name))
            .collect();
        assert_eq!(
            found,
            [
                (ContainerKind::Init, "i"),
                (ContainerKind::Regular, "c"),
                (ContainerKind::Ephemeral, "e")
            ]
        );
    }

    #[test]
    fn a_workloads_containers_are_found_once_as_listed() {
        let o = object(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{name: c}, {image: no-name}, not-a-map, {name: 7}]\n      initContainers: [{name: i}]\n",
        );
        let listed: Vec<_> = containers(pod_spec(&o).unwrap())
            .map(|c| (c.kind, c.name, c.node.position()))
            .collect();
        let found: Vec<_> = pod_containers(&o)
            .map(|c| (c.kind, c.name, c.node.position()))
            .collect();
        assert_eq!(found, listed);
        assert_eq!(found.len(), 4);
        let service = object("apiVersion: v1\nkind: Service\nspec: {containers: [{name: c}]}");
        assert_eq!(pod_containers(&service).count(), 0);
    }
}
