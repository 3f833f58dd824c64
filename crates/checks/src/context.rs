use kubeward_core::workload::Container;
use kubeward_core::{CheckMeta, Finding, Object};
use kubeward_yaml::{NodeRef, Position};

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use crate::util::api_versions::{self, Lifecycle};
use crate::util::control_plane::{self, Flags};
use crate::util::general::ImageRef;
use crate::util::rbac::{self, Rule};
use crate::util::schema::{self, Issue};
use crate::{Check, Inventory, Message, MessageTable};

/// The room reserved for an object's findings at its first: a workload's findings are usually
/// a dozen or more, and reserving them at once saves growing the list from 4 to 8 to 16.
const FIRST_FINDINGS: usize = 16;

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

/// What checks see while they look at one object, and where they report.
///
/// One context serves every check run on the object ([`Context::run`]), so that what several
/// checks derive from the object (its schema problems, its control-plane flags) is derived once.
pub struct Context<'a> {
    object: &'a Object,
    inventory: &'a Inventory<'a>,
    settings: &'a Settings,
    /// The check being run; `None` between runs.
    meta: Option<&'static CheckMeta>,
    findings: &'a mut Vec<Finding>,
    messages: &'a MessageTable,
    memo: Memo<'a>,
    /// Names of the containers reported so far, shared by their findings.
    container_names: Vec<Arc<str>>,
}

impl<'a> Context<'a> {
    /// A context for running checks on `object`; their findings go to `findings`, their
    /// messages shared through `messages`.
    pub fn new(
        object: &'a Object,
        inventory: &'a Inventory<'a>,
        settings: &'a Settings,
        findings: &'a mut Vec<Finding>,
        messages: &'a MessageTable,
    ) -> Self {
        Context {
            object,
            inventory,
            settings,
            meta: None,
            findings,
            messages,
            memo: Memo::default(),
            container_names: Vec::new(),
        }
    }

    /// Runs `check` on the object.
    pub fn run(&mut self, check: &dyn Check) {
        self.meta = Some(check.meta());
        check.check(self);
        self.meta = None;
    }

    /// The problems the object has against its kind's schema.
    pub(crate) fn schema_issues(&self) -> &[Issue<'a>] {
        self.memo
            .schema_issues
            .get_or_init(|| schema::validate(self.object))
    }

    /// The containers of the object's pod spec that run a control-plane component, with their
    /// flags.
    pub(crate) fn control_plane(&self) -> &[(Container<'a>, Flags<'a>)] {
        self.memo
            .control_plane
            .get_or_init(|| control_plane::containers(self.object))
    }

    /// The rules of the object, a Role or ClusterRole, as written: read once for the dozen
    /// RBAC checks. Shared, so that a check can report while it walks them.
    pub(crate) fn own_rules(&self) -> Rc<[Rule<'a>]> {
        self.memo
            .own_rules
            .get_or_init(|| rbac::own_rules(self.object).into())
            .clone()
    }

    /// `image`, a container's image in the object, split into its parts: parsed once for the
    /// half-dozen checks of each container's image.
    pub(crate) fn image_ref(&self, image: &'a str) -> Option<ImageRef<'a>> {
        let mut parsed = self.memo.image_refs.borrow_mut();
        // Found by address: the texts come from the object's tree, so the same image is the
        // same slice.
        if let Some((_, reference)) = parsed.iter().find(|(text, _)| std::ptr::eq(*text, image)) {
            return *reference;
        }
        let reference = ImageRef::parse(image);
        parsed.push((image, reference));
        reference
    }

    /// The lifecycle entry of the object's apiVersion/kind, if it is deprecated or removed at
    /// some release: looked up once for the deprecated and removed API version checks.
    pub(crate) fn api_lifecycle(&self) -> Option<&'static Lifecycle> {
        *self.memo.api_lifecycle.get_or_init(|| {
            api_versions::lifecycle(&self.object.id.api_version, self.object.kind())
        })
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

    /// Reports a problem located at `at`, a node of the object. The message is a `&str`, a
    /// `String`, or `format_args!(...)`, which is formatted straight into the finding without an
    /// intermediate `String`.
    pub fn report(&mut self, at: NodeRef<'_>, message: impl Message) {
        self.push(at.position(), message, None);
    }

    /// Reports a problem at a position of the object's source that is no node of its tree (a
    /// YAML trap: an alias, a key a merge replaced).
    pub fn report_at(&mut self, position: Position, message: impl Message) {
        self.push(position, message, None);
    }

    /// Reports a problem of one container, located at `at` (the field, or the container itself
    /// when the field is missing).
    pub fn report_container(
        &mut self,
        container: &Container<'_>,
        at: NodeRef<'_>,
        message: impl Message,
    ) {
        let name = match self
            .container_names
            .iter()
            .find(|n| ***n == *container.name)
        {
            Some(name) => name.clone(),
            None => {
                let name: Arc<str> = container.name.into();
                self.container_names.push(name.clone());
                name
            }
        };
        self.push(at.position(), message, Some(name));
    }

    fn push(&mut self, at: Position, message: impl Message, container: Option<Arc<str>>) {
        let meta = self
            .meta
            .expect("checks report from within Context::run, which names the check");
        if self.findings.capacity() == 0 {
            self.findings.reserve(FIRST_FINDINGS);
        }
        let message = self.messages.share(message);
        self.findings.push(Finding {
            check: meta.id,
            severity: meta.severity,
            category: meta.category,
            message,
            location: self.object.location_at(at),
            object: self.object.id.clone(),
            container,
            exemption: None,
        });
    }
}

/// What several checks derive from the same object: derived by the first check that asks.
#[derive(Default)]
struct Memo<'a> {
    schema_issues: OnceCell<Vec<Issue<'a>>>,
    control_plane: OnceCell<Vec<(Container<'a>, Flags<'a>)>>,
    own_rules: OnceCell<Rc<[Rule<'a>]>>,
    api_lifecycle: OnceCell<Option<&'static Lifecycle>>,
    /// The container images parsed so far, with the text each was parsed from.
    image_refs: RefCell<Vec<(&'a str, Option<ImageRef<'a>>)>>,
}
