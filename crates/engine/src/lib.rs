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

use kubeward_checks::{Check, Context, Inventory, Settings, applies_to, catalogue};
use kubeward_config::Config;
use kubeward_core::{Finding, Object, ScanResult};
use kubeward_loader::Loaded;
use rayon::prelude::*;

/// The annotation listing the check ids an object exempts itself from, comma-separated.
pub const EXEMPT_ANNOTATION: &str = "kubeward.io/exempt";
/// The annotation giving the reason for [`EXEMPT_ANNOTATION`].
pub const EXEMPT_REASON_ANNOTATION: &str = "kubeward.io/exempt-reason";

/// A configured set of checks, ready to scan.
pub struct Engine {
    checks: Vec<&'static dyn Check>,
    config: Config,
    settings: Settings,
}

impl Engine {
    /// An engine running every check the configuration enables.
    pub fn new(config: Config) -> Engine {
        let checks = catalogue()
            .into_iter()
            .filter(|c| config.is_enabled(c.meta().id))
            .collect();
        let settings = Settings {
            trusted_registries: config.trusted_registries.clone(),
            required_labels: config.required_labels.clone(),
        };
        Engine {
            checks,
            config,
            settings,
        }
    }

    /// The checks this engine runs, ordered by id.
    pub fn checks(&self) -> &[&'static dyn Check] {
        &self.checks
    }

    /// Scans loaded objects and scores them. The result does not borrow `loaded`.
    pub fn scan(&self, loaded: &Loaded) -> ScanResult {
        let findings = self.check_all(&loaded.objects);
        score::result(loaded, findings)
    }

    /// Runs the checks over `objects`; the findings of each object, in object order.
    pub fn check_all(&self, objects: &[Object]) -> Vec<Vec<Finding>> {
        let inventory = Inventory::new(objects);
        objects
            .par_iter()
            .map(|object| self.check_object(object, &inventory))
            .collect()
    }

    fn check_object(&self, object: &Object, inventory: &Inventory<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        for check in self
            .checks
            .iter()
            .filter(|c| applies_to(**c, object.kind()))
        {
            check.check(&mut Context::new(
                object,
                inventory,
                &self.settings,
                check.meta(),
                &mut findings,
            ));
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
