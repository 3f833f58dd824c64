//! Runs the check catalogue over loaded objects.
//!
//! For each object, in parallel across cores, every enabled check that applies to its kind runs;
//! the policy's severity overrides apply; findings exempted by the configuration or by the
//! object's own `kubeward.io/exempt` annotation are kept but marked, so reports can list them.
//! The result is ordered by input (objects in input order, findings by position), so output is
//! the same however many cores ran it.
//!
//! ```
//! use kubeward_config::Config;
//! use kubeward_engine::Engine;
//! use kubeward_loader::{load, Source};
//!
//! let source = Source::Bytes { name: "pod.yaml".into(), bytes: b"apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  hostNetwork: true\n  containers: [{name: app, image: nginx}]\n".to_vec() };
//! let result = Engine::new(Config::default()).scan(&load(&[source], &Default::default()));
//! assert!(result.findings.iter().any(|f| f.check == "host-network" && f.location.line == 5));
//! ```

#![deny(missing_docs)]

mod exempt;
mod score;
mod select;

use foldhash::{HashMap, HashMapExt};
use kubeward_checks::{Check, Context, Inventory, MessageTable, Settings, applies_to, catalogue};
use kubeward_config::Config;

use kubeward_core::{Finding, Object, PssLevel, ScanResult};
use kubeward_loader::Loaded;
use rayon::prelude::*;

/// The annotation listing the check ids an object exempts itself from, comma-separated.
pub const EXEMPT_ANNOTATION: &str = "kubeward.io/exempt";
/// The annotation giving the reason for [`EXEMPT_ANNOTATION`].
pub const EXEMPT_REASON_ANNOTATION: &str = "kubeward.io/exempt-reason";

pub use select::{Selection, UnknownSelector};

/// Objects checked in parallel before their findings join the result: enough to keep every
/// core busy, few enough that their findings are a small part of the whole.
const BATCH: usize = 2048;

/// A configured set of checks, ready to scan.
pub struct Engine {
    checks: Vec<&'static dyn Check>,
    /// The checks that apply to each kind some check names, decided once.
    by_kind: HashMap<&'static str, Vec<&'static dyn Check>>,
    /// The checks that apply to every kind: what objects of other kinds get.
    any_kind: Vec<&'static dyn Check>,
    config: Config,
    settings: Settings,
    pss: Option<PssLevel>,
}

impl Engine {
    /// An engine running every check the configuration enables.
    pub fn new(config: Config) -> Engine {
        Engine::with_selection(config, &Selection::default())
            .expect("the default selection names nothing")
    }

    /// An engine running the checks the configuration enables and `selection` selects.
    pub fn with_selection(
        config: Config,
        selection: &Selection,
    ) -> Result<Engine, UnknownSelector> {
        let checks: Vec<&'static dyn Check> = selection
            .apply(catalogue())?
            .into_iter()
            .filter(|c| config.is_enabled(c.meta().id))
            .collect();
        let applicable = |kind: &str| -> Vec<&'static dyn Check> {
            checks
                .iter()
                .copied()
                .filter(|c| applies_to(*c, kind))
                .collect()
        };
        // Many checks name the same kind: decide each kind once.
        let mut by_kind = HashMap::new();
        for kind in checks.iter().flat_map(|c| c.meta().kinds.iter().copied()) {
            by_kind.entry(kind).or_insert_with(|| applicable(kind));
        }
        let any_kind = checks
            .iter()
            .copied()
            .filter(|c| c.meta().kinds.is_empty())
            .collect();
        let settings = Settings {
            trusted_registries: config.trusted_registries.clone(),
            required_labels: config.required_labels.clone(),
            required_annotations: config.required_annotations.clone(),
            cpu_limit_request_ratio: config.limit_request_ratio.cpu,
            memory_limit_request_ratio: config.limit_request_ratio.memory,
            min_replicas: config.min_replicas,
            target_version: config
                .target_version
                .unwrap_or(Settings::DEFAULT_TARGET_VERSION),
        };
        Ok(Engine {
            checks,
            by_kind,
            any_kind,
            config,
            settings,
            pss: selection.pss,
        })
    }

    /// The checks this engine runs, ordered by id.
    pub fn checks(&self) -> &[&'static dyn Check] {
        &self.checks
    }

    /// Scans loaded objects and scores them. The result does not borrow `loaded`.
    pub fn scan(&self, loaded: &Loaded) -> ScanResult {
        let objects = &loaded.objects;
        let inventory = Inventory::new(objects);
        let levels = self.namespace_levels(&inventory);
        let mut findings = Vec::new();
        let mut scores = Vec::with_capacity(objects.len());
        let messages = MessageTable::default();
        // A batch of objects is checked in parallel, then its findings are moved into the
        // result before the next batch runs: the findings are never all held twice (per object
        // and in the result), and the next batch reuses the memory this one frees.
        for (index, batch) in objects.chunks(BATCH).enumerate() {
            let per_object: Vec<Vec<Finding>> = batch
                .par_iter()
                .map(|object| self.check_object(object, &inventory, &levels, &messages))
                .collect();
            for (object, object_findings) in batch.iter().zip(per_object) {
                scores.push(score::object_score(object, &object_findings));
                findings.extend(object_findings);
            }
            if index == 0 {
                reserve_like_first_batch(&mut findings, batch.len(), objects.len());
            }
        }
        score::result(loaded, findings, scores)
    }

    /// Runs the checks over one object alone, on the calling thread: for callers that decide
    /// one object at a time (the admission webhook), where handing a single object to the
    /// thread pool would cost more than checking it. Checks that relate objects see only this
    /// one.
    pub fn check_one(&self, object: &Object) -> Vec<Finding> {
        let objects = std::slice::from_ref(object);
        let inventory = Inventory::new(objects);
        let levels = self.namespace_levels(&inventory);
        self.check_object(object, &inventory, &levels, &MessageTable::default())
    }

    /// In `--pss` mode, the levels scanned Namespaces declare; nothing otherwise.
    fn namespace_levels<'a>(
        &self,
        inventory: &Inventory<'a>,
    ) -> HashMap<&'a str, Option<PssLevel>> {
        self.pss
            .map(|_| namespace_levels(inventory))
            .unwrap_or_default()
    }

    /// The checks that apply to objects of `kind`, in catalogue order.
    fn applicable(&self, kind: &str) -> &[&'static dyn Check] {
        self.by_kind.get(kind).unwrap_or(&self.any_kind)
    }

    /// The Pod Security level an object is held to in `--pss` mode: its namespace's PSA
    /// labels when the Namespace is scanned and labelled, else the level asked for. `None`
    /// (privileged) holds it to nothing.
    fn pss_level(
        &self,
        object: &Object,
        levels: &HashMap<&str, Option<PssLevel>>,
    ) -> Option<PssLevel> {
        let namespace = object.id.namespace.as_deref().unwrap_or("default");
        levels.get(namespace).copied().unwrap_or(self.pss)
    }

    fn check_object(
        &self,
        object: &Object,
        inventory: &Inventory<'_>,
        levels: &HashMap<&str, Option<PssLevel>>,
        messages: &MessageTable,
    ) -> Vec<Finding> {
        let level = self.pss.and_then(|_| self.pss_level(object, levels));
        let mut findings = Vec::new();
        {
            let mut context =
                Context::new(object, inventory, &self.settings, &mut findings, messages);
            for check in self.applicable(object.kind()) {
                let held_to =
                    |control: kubeward_core::PssControl| level.is_some_and(|l| control.level <= l);
                if self.pss.is_some() && !check.meta().mappings.pss.is_some_and(held_to) {
                    continue;
                }
                context.run(*check);
            }
        }
        let self_exemption = exempt::from_annotations(object, self.config.annotation_exemptions);
        for finding in &mut findings {
            finding.severity = self.config.severity(finding.check, finding.severity);
            finding.exemption = exempt::find(&self.config, self_exemption.as_ref(), finding);
        }
        findings.sort_by(|a, b| {
            (a.location.line, a.location.column, a.check, &a.message).cmp(&(
                b.location.line,
                b.location.column,
                b.check,
                &b.message,
            ))
        });
        findings
    }
}

#[cfg(test)]
mod tests;

/// Levels declared by scanned Namespaces' Pod Security Admission labels (the strictest of
/// enforce, warn and audit); `None` for `privileged`.
fn namespace_levels<'a>(inventory: &Inventory<'a>) -> HashMap<&'a str, Option<PssLevel>> {
    let mut levels = HashMap::new();
    for namespace in inventory.of_kind("Namespace") {
        let declared: Vec<&str> = kubeward_core::workload::POD_SECURITY_LABELS
            .iter()
            .filter_map(|label| namespace.labels().and_then(|l| l.get_str(label)))
            .collect();
        if declared.is_empty() {
            continue;
        }
        let level = declared.iter().fold(None, |strictest, level| match *level {
            "restricted" => Some(PssLevel::Restricted),
            "baseline" if strictest != Some(PssLevel::Restricted) => Some(PssLevel::Baseline),
            _ => strictest,
        });
        levels.insert(namespace.id.name.as_str(), level);
    }
    levels
}

/// Reserves room for the findings of all `total` objects, predicted from those of the first
/// `checked` (a quarter more, as headroom). The result would otherwise grow by doubling, and each
/// doubling of a vector of hundreds of thousands of findings held the old copy and the new at
/// once; room reserved and never written costs address space, not memory.
fn reserve_like_first_batch(findings: &mut Vec<Finding>, checked: usize, total: usize) {
    let predicted = findings.len() * total / checked.max(1);
    findings.reserve((predicted + predicted / 4).saturating_sub(findings.len()));
}
