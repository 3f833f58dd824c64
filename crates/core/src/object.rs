use std::sync::Arc;

use kubeward_yaml::{Document, Kind, NodeId, NodeRef, Position, Trap};
use serde::Serialize;

use crate::workload::{self, Container, ContainerKind};

/// A place in a source file. Lines and columns start at 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file as given on the command line, or `-` for stdin.
    pub file: Arc<str>,
    /// Line, starting at 1.
    pub line: u32,
    /// Column, starting at 1.
    pub column: u32,
}

/// Which object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectId {
    /// `apiVersion` as written.
    pub api_version: String,
    /// `kind` as written.
    pub kind: String,
    /// `metadata.namespace`, if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// `metadata.name`, else `metadata.generateName`, else empty.
    pub name: String,
}

impl std::fmt::Display for ObjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{} {}/{}", self.kind, ns, self.name),
            None => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

/// The group of an `apiVersion` (`apps` for `apps/v1`, empty for the core group `v1`).
pub(crate) fn api_group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// One Kubernetes object read from a manifest.
///
/// Holds its document (shared with the other items of a `List`) and can be queried through
/// [`root`](Self::root), whose nodes carry their source positions.
#[derive(Debug, Clone)]
pub struct Object {
    /// Identity (kind, namespace, name), shared with the object's findings.
    pub id: Arc<ObjectId>,
    /// The file it came from.
    pub file: Arc<str>,
    document: Arc<Document>,
    node: NodeId,
    /// The pod template, found once: dozens of checks ask for it.
    template: Option<NodeId>,
    /// The pod spec and its containers, found once for the same reason.
    pod: Option<Box<PodNodes>>,
    /// Where the next object of the same document starts (the next item of a List), which
    /// bounds this object's [`traps`](Self::traps); `None`: the end of the document.
    traps_end: Option<Position>,
}

/// Where a workload's pod spec and containers are in its document.
#[derive(Debug, Clone)]
struct PodNodes {
    spec: NodeId,
    containers: Box<[ContainerNodes]>,
}

/// Where one container and its `name` value are.
#[derive(Debug, Clone)]
struct ContainerNodes {
    kind: ContainerKind,
    node: NodeId,
    name: Option<NodeId>,
}

impl PodNodes {
    /// The pod spec under `template`, if it is a mapping, and its containers.
    fn find(template: NodeRef<'_>) -> Option<PodNodes> {
        let spec = template.get("spec").filter(|s| s.kind() == Kind::Map)?;
        let containers = workload::containers(spec)
            .map(|container| ContainerNodes {
                kind: container.kind,
                node: container.node.id(),
                name: container.node.get("name").map(|name| name.id()),
            })
            .collect();
        Some(PodNodes {
            spec: spec.id(),
            containers,
        })
    }
}

impl Object {
    /// Makes an object from a mapping node of `document` that has `apiVersion` and `kind`
    /// strings. Returns `None` for anything else (not a Kubernetes object).
    pub fn new(file: Arc<str>, document: Arc<Document>, node: NodeId) -> Option<Object> {
        let root = document.node(node);
        let api_version = root.get_str("apiVersion")?.to_owned();
        let kind = root.get_str("kind")?.to_owned();
        if api_version.is_empty() || kind.is_empty() {
            return None;
        }
        let metadata = root.get("metadata");
        let name = metadata
            .and_then(|m| m.get_str("name").or_else(|| m.get_str("generateName")))
            .unwrap_or_default()
            .to_owned();
        let namespace = metadata
            .and_then(|m| m.get_str("namespace"))
            .filter(|ns| !ns.is_empty())
            .map(str::to_owned);
        let template = workload::find_pod_template(root, &kind, &api_version);
        let pod = template.and_then(PodNodes::find).map(Box::new);
        let template = template.map(|t| t.id());
        Some(Object {
            id: Arc::new(ObjectId {
                api_version,
                kind,
                namespace,
                name,
            }),
            file,
            document,
            node,
            template,
            pod,
            traps_end: None,
        })
    }

    /// This object, holding only the traps before `end`: where the next object of its document
    /// (the next item of a List) starts.
    pub fn with_traps_before(mut self, end: Position) -> Object {
        self.traps_end = Some(end);
        self
    }

    /// The YAML traps inside this object (see [`kubeward_yaml::Trap`]), in source order.
    pub fn traps(&self) -> &[Trap] {
        self.document
            .traps_between(self.root().position(), self.traps_end)
    }

    /// Makes an object from the root of `document`; see [`Object::new`].
    pub fn from_root(file: Arc<str>, document: Arc<Document>) -> Option<Object> {
        let root = document.root().id();
        Object::new(file, document, root)
    }

    /// The pod template (see [`crate::workload::pod_template`]).
    pub(crate) fn template(&self) -> Option<NodeRef<'_>> {
        self.template.map(|id| self.document.node(id))
    }

    /// The pod spec (see [`crate::workload::pod_spec`]).
    pub(crate) fn pod_spec(&self) -> Option<NodeRef<'_>> {
        self.pod.as_ref().map(|pod| self.document.node(pod.spec))
    }

    /// The containers of the pod spec (see [`crate::workload::pod_containers`]).
    pub(crate) fn pod_containers(&self) -> impl Iterator<Item = Container<'_>> {
        self.pod
            .iter()
            .flat_map(|pod| pod.containers.iter())
            .map(|container| Container {
                kind: container.kind,
                node: self.document.node(container.node),
                name: container
                    .name
                    .and_then(|name| self.document.node(name).as_str())
                    .unwrap_or_default(),
            })
    }

    /// The object's root mapping.
    pub fn root(&self) -> NodeRef<'_> {
        self.document.node(self.node)
    }

    /// `kind`.
    pub fn kind(&self) -> &str {
        &self.id.kind
    }

    /// The group of `apiVersion` (`apps` for `apps/v1`, empty for the core group `v1`).
    pub fn api_group(&self) -> &str {
        api_group(&self.id.api_version)
    }

    /// `metadata.labels`, or `None`.
    pub fn labels(&self) -> Option<NodeRef<'_>> {
        self.root().get_path(&["metadata", "labels"])
    }

    /// The string value of annotation `key`.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.root()
            .get_path(&["metadata", "annotations"])
            .and_then(|a| a.get_str(key))
    }

    /// The location of `node`, a node of this object.
    pub fn location(&self, node: NodeRef<'_>) -> Location {
        self.location_at(node.position())
    }

    /// The location of a position in this object's file.
    pub fn location_at(&self, position: Position) -> Location {
        Location {
            file: self.file.clone(),
            line: position.line,
            column: position.column,
        }
    }

    /// Where the object starts.
    pub fn start(&self) -> Location {
        self.location(self.root())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use kubeward_yaml::{Limits, parse_stream};

    pub(crate) fn object(src: &str) -> Option<Object> {
        let doc = parse_stream(src.as_bytes(), &Limits::default())
            .remove(0)
            .unwrap()
            .unwrap();
        Object::from_root("f.yaml".into(), Arc::new(doc))
    }

    #[test]
    fn identity_from_metadata() {
        let o = object(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n",
        )
        .unwrap();
        assert_eq!(o.id.to_string(), "Deployment shop/web");
        assert_eq!(o.api_group(), "apps");
        let o = object("apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\n").unwrap();
        assert_eq!(
            (o.id.name.as_str(), o.id.namespace.as_deref(), o.api_group()),
            ("job-", None, "")
        );
    }

    #[test]
    fn non_kubernetes_documents_are_not_objects() {
        assert!(object("name: x\n").is_none());
        assert!(object("apiVersion: v1\nkind: 5\n").is_none());
        assert!(object("- 1\n").is_none());
    }
}
