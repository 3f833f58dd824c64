use kubeward_core::workload::Container;
use kubeward_core::{CheckMeta, Finding, Object};
use kubeward_yaml::NodeRef;

use crate::Inventory;

/// User settings that checks read (from `.kubeward.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Registries (host, or host/path prefix) images may come from. Empty: any registry.
    pub trusted_registries: Vec<String>,
    /// Labels every object must carry.
    pub required_labels: Vec<String>,
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
        self.push(at, message.into(), None);
    }

    /// Reports a problem of one container, located at `at` (the field, or the container itself
    /// when the field is missing).
    pub fn report_container(
        &mut self,
        container: &Container<'_>,
        at: NodeRef<'_>,
        message: impl Into<String>,
    ) {
        self.push(at, message.into(), Some(container.name.to_owned()));
    }

    fn push(&mut self, at: NodeRef<'_>, message: String, container: Option<String>) {
        self.findings.push(Finding {
            check: self.meta.id,
            severity: self.meta.severity,
            category: self.meta.category,
            message,
            location: self.object.location(at),
            object: self.object.id.clone(),
            container,
            exemption: None,
        });
    }
}
