use kubeward_core::workload::Container;
use kubeward_core::{CheckMeta, Finding, Object};
use kubeward_yaml::{NodeRef, Position};

use crate::Inventory;

/// User settings that checks read (from `.kubeward.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Registries (host, or host/path prefix) images may come from. Empty: any registry.
    pub trusted_registries: Vec<String>,
    /// Labels every object must carry.
    pub required_labels: Vec<String>,
    /// Annotations every object must carry.
    pub required_annotations: Vec<String>,
    /// The largest acceptable CPU limit / CPU request ratio of a container (default 4).
    pub cpu_limit_request_ratio: f64,
    /// The largest acceptable memory limit / memory request ratio of a container (default 2).
    pub memory_limit_request_ratio: f64,
    /// The fewest replicas a Deployment, StatefulSet or autoscaler should run (default 2).
    pub min_replicas: u32,
    /// The Kubernetes release (major, minor) the manifests are meant for: API versions it no
    /// longer serves, or deprecates, are reported (default: [`Settings::DEFAULT_TARGET_VERSION`]).
    pub target_version: (u32, u32),
}

impl Settings {
    /// The default CPU limit/request ratio.
    pub const DEFAULT_CPU_LIMIT_REQUEST_RATIO: f64 = 4.0;
    /// The default memory limit/request ratio.
    pub const DEFAULT_MEMORY_LIMIT_REQUEST_RATIO: f64 = 2.0;
    /// The default minimum replica count.
    pub const DEFAULT_MIN_REPLICAS: u32 = 2;
    /// The default target Kubernetes release: the newest one the built-in schema knows.
    pub const DEFAULT_TARGET_VERSION: (u32, u32) = crate::util::schema::SPEC_VERSION;
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            trusted_registries: Vec::new(),
            required_labels: Vec::new(),
            required_annotations: Vec::new(),
            cpu_limit_request_ratio: Self::DEFAULT_CPU_LIMIT_REQUEST_RATIO,
            memory_limit_request_ratio: Self::DEFAULT_MEMORY_LIMIT_REQUEST_RATIO,
            min_replicas: Self::DEFAULT_MIN_REPLICAS,
            target_version: Self::DEFAULT_TARGET_VERSION,
        }
    }
}

/// What a check sees while it looks at one object, and where it reports.
pub struct Context<'a> {
    object: &'a Object,
    inventory: &'a Inventory<'a>,
    settings: &'a Settings,
    meta: &'static CheckMeta,
    findings: &'a mut Vec<Finding>,
}

impl<'a> Context<'a> {
    /// A context for running the check described by `meta` on `object`.
    pub fn new(
        object: &'a Object,
        inventory: &'a Inventory<'a>,
        settings: &'a Settings,
        meta: &'static CheckMeta,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        Context {
            object,
            inventory,
            settings,
            meta,
            findings,
        }
    }

    /// The object being checked.
    pub fn object(&self) -> &'a Object {
        self.object
    }

    /// All scanned objects.
    pub fn inventory(&self) -> &'a Inventory<'a> {
        self.inventory
    }

    /// The user's settings.
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// Reports a problem located at `at`, a node of the object.
    pub fn report(&mut self, at: NodeRef<'_>, message: impl Into<String>) {
        self.push(at.position(), message.into(), None);
    }

    /// Reports a problem at a position of the object's source that is no node of its tree (a
    /// YAML trap: an alias, a key a merge replaced).
    pub fn report_at(&mut self, position: Position, message: impl Into<String>) {
        self.push(position, message.into(), None);
    }

    /// Reports a problem of one container, located at `at` (the field, or the container itself
    /// when the field is missing).
    pub fn report_container(
        &mut self,
        container: &Container<'_>,
        at: NodeRef<'_>,
        message: impl Into<String>,
    ) {
        self.push(
            at.position(),
            message.into(),
            Some(container.name.to_owned()),
        );
    }

    fn push(&mut self, at: Position, message: String, container: Option<String>) {
        self.findings.push(Finding {
            check: self.meta.id,
            severity: self.meta.severity,
            category: self.meta.category,
            message,
            location: self.object.location_at(at),
            object: self.object.id.clone(),
            container,
            exemption: None,
        });
    }
}
