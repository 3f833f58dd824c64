//! Reads `.kubeward.yaml`, the policy file that tunes a scan: which checks run and how severe
//! their findings are, which findings are exempted and why, which image registries are trusted,
//! which labels and annotations every object must carry, and the thresholds of the replica and
//! resource-ratio checks.
//!
//! The file is read with [`kubeward_yaml`], so every mistake in it is reported with the exact
//! line and column ([`ConfigError`]), and unknown keys or check ids come with a "did you mean"
//! suggestion.
//!
//! # File format
//!
//! ```yaml
//! # .kubeward.yaml
//! checks:                       # per-check settings, keyed by check id
//!   latest-image-tag:
//!     severity: high            # override: critical|high|medium|low|info
//!   missing-liveness-probe:
//!     enabled: false            # disable a check
//! exemptions:                   # findings that do not count, each with a reason
//!   - checks: [host-network, host-pid]          # omit or ["*"] for every check
//!     namespaces: [kube-system, "monitoring-*"] # glob patterns; omitted = any
//!     kinds: [DaemonSet]                        # exact kinds; omitted = any
//!     names: ["node-exporter*"]                 # glob patterns on metadata.name; omitted = any
//!     reason: node agents need the host network # required, non-empty
//! trustedRegistries: [registry.example.com, ghcr.io/acme]
//! requiredLabels: [app.kubernetes.io/name, team]
//! requiredAnnotations: [example.com/owner]
//! limitRequestRatio: {cpu: 4, memory: 2}  # largest limit/request ratio per container
//! minReplicas: 2                # fewest replicas a replicated workload should run
//! annotationExemptions: true    # honour the kubeward.io/exempt annotation (default true)
//! targetVersion: "1.33"         # the Kubernetes release the manifests are for
//! ```
//!
//! Every key is optional, a key with nothing after it counts as absent, and an empty file is the
//! default configuration. Keys are camelCase; unknown keys are errors, not silently ignored. The
//! file holds one YAML document, read with the same YAML 1.1 rules as manifests (`yes`/`no` are
//! booleans; quote a name such as `"on"` to keep it a string).
//!
//! | key | value |
//! | --- | --- |
//! | `checks` | a mapping from check id to a mapping with `enabled` (boolean, default `true`) and `severity` (`critical`, `high`, `medium`, `low` or `info`, case-insensitive; default: the check's own) |
//! | `exemptions` | a list of rules, see below |
//! | `trustedRegistries` | a list of registry hosts or host/path prefixes, without `https://`; a trailing `/` is dropped |
//! | `requiredLabels` | a list of label keys (`name` or `prefix/name`, as Kubernetes validates them) |
//! | `requiredAnnotations` | a list of annotation keys (same syntax as label keys) every object must carry |
//! | `limitRequestRatio` | a mapping with `cpu` and/or `memory`: numbers of at least 1, the largest acceptable ratio of a container's limit to its request (defaults: `cpu: 4`, `memory: 2`) |
//! | `minReplicas` | an integer of at least 1 (default 2): Deployments and StatefulSets with fewer replicas, and autoscalers with a lower `minReplicas`, are reported |
//! | `annotationExemptions` | a boolean, default `true`: whether an object may exempt itself with the `kubeward.io/exempt` annotation |
//! | `targetVersion` | the Kubernetes release the manifests are meant for, `"1.33"` (major.minor; a `v` prefix and a `.patch` suffix are accepted and ignored; an unquoted `1.30` is read as written, 1.30): apiVersions it removed or deprecates are reported. Default: the newest release the scanner knows; `--target-version` overrides it |
//!
//! An exemption rule matches a finding when every selector it lists matches:
//!
//! | key | value | omitted |
//! | --- | --- | --- |
//! | `checks` | check ids; `"*"` matches every check | every check |
//! | `namespaces` | glob patterns (`*`, `?`, `[a-z]`, `{a,b}`) on `metadata.namespace`; an object without a namespace (cluster-scoped, or namespace left to `kubectl`) never matches | any namespace, or none |
//! | `kinds` | kinds, matched exactly and case-sensitively (`DaemonSet`) | any kind |
//! | `names` | glob patterns on `metadata.name` | any name |
//! | `reason` | required: a non-empty sentence saying why; it is shown in reports | — |
//!
//! A listed selector must not be an empty list. The first rule that matches a finding is the one
//! reported. Check ids, in `checks` and in exemptions, must be ones the scanner knows.
//!
//! # Example
//!
//! ```
//! use std::path::Path;
//! use kubeward_config::Config;
//! use kubeward_core::{ObjectId, Severity};
//!
//! let text = "\
//! checks:
//!   latest-image-tag:
//!     severity: high
//! exemptions:
//!   - checks: [host-network]
//!     namespaces: [kube-system]
//!     reason: node agents need the host network
//! ";
//! let known = ["latest-image-tag", "host-network"];
//! let config = Config::parse(text, Path::new(".kubeward.yaml"), &known).unwrap();
//! assert_eq!(config.severity("latest-image-tag", Severity::Medium), Severity::High);
//!
//! let agent = ObjectId {
//!     api_version: "apps/v1".into(),
//!     kind: "DaemonSet".into(),
//!     namespace: Some("kube-system".into()),
//!     name: "node-exporter".into(),
//! };
//! let rule = config.exemption("host-network", &agent).unwrap();
//! assert_eq!((rule.reason.as_str(), rule.line), ("node agents need the host network", 5));
//!
//! let err = Config::parse("checks:\n  latest-image-tag:\n    severty: high\n",
//!                         Path::new(".kubeward.yaml"), &known).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     ".kubeward.yaml:3:5: unknown key \"severty\" (did you mean \"severity\"?); \
//!      valid keys in a check entry: enabled, severity, action"
//! );
//! ```

#![deny(missing_docs)]

mod admission;
mod parse;
mod suggest;

pub use admission::{Action, Admission, FailureAction, Mutation, Requester, SeverityActions};

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::GlobSet;
use kubeward_core::{ObjectId, Severity};

/// The file names [`Config::discover`] looks for, in order of preference.
pub const FILE_NAMES: [&str; 2] = [".kubeward.yaml", ".kubeward.yml"];

/// A parsed `.kubeward.yaml`. [`Config::default`] is the configuration of an empty file.
#[derive(Debug, Clone)]
pub struct Config {
    /// Per-check settings, keyed by check id.
    pub checks: BTreeMap<String, CheckOverride>,
    /// Exemption rules, in file order.
    pub exemptions: Vec<ExemptionRule>,
    /// Trusted image registries (`registry.example.com`, `ghcr.io/acme`), as written.
    pub trusted_registries: Vec<String>,
    /// Label keys every object must carry, as written.
    pub required_labels: Vec<String>,
    /// Annotation keys every object must carry, as written.
    pub required_annotations: Vec<String>,
    /// The largest acceptable limit/request ratios of a container.
    pub limit_request_ratio: LimitRequestRatio,
    /// The fewest replicas a replicated workload should run.
    pub min_replicas: u32,
    /// Whether objects may exempt themselves with the `kubeward.io/exempt` annotation.
    pub annotation_exemptions: bool,
    /// The Kubernetes release (major, minor) the manifests are meant for; `None`: the newest
    /// release the scanner knows.
    pub target_version: Option<(u32, u32)>,
    /// What `kubeward serve` does with findings, and the defaults it sets.
    pub admission: Admission,
    /// The file this configuration was read from; `None` for the default configuration.
    pub source: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            checks: BTreeMap::new(),
            exemptions: Vec::new(),
            trusted_registries: Vec::new(),
            required_labels: Vec::new(),
            required_annotations: Vec::new(),
            limit_request_ratio: LimitRequestRatio::default(),
            min_replicas: 2,
            annotation_exemptions: true,
            target_version: None,
            admission: Admission::default(),
            source: None,
        }
    }
}

/// `limitRequestRatio`: how many times its request a container's limit may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimitRequestRatio {
    /// For CPU (default 4).
    pub cpu: f64,
    /// For memory (default 2).
    pub memory: f64,
}

impl Default for LimitRequestRatio {
    fn default() -> Self {
        LimitRequestRatio {
            cpu: 4.0,
            memory: 2.0,
        }
    }
}

/// The settings of one check. `None` keeps the check's own default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckOverride {
    /// `enabled:`; a check runs unless this is `Some(false)`.
    pub enabled: Option<bool>,
    /// `severity:`; replaces the check's own severity.
    pub severity: Option<Severity>,
    /// `action:`; what admission does with the check's findings, whatever their severity.
    pub action: Option<Action>,
}

/// One entry of `exemptions`: findings it matches do not count.
#[derive(Debug, Clone)]
pub struct ExemptionRule {
    /// Check ids; `None` for every check (omitted, or `"*"` listed).
    checks: Option<Vec<String>>,
    namespaces: Option<Patterns>,
    kinds: Option<Vec<String>>,
    names: Option<Patterns>,
    users: Option<Patterns>,
    groups: Option<Patterns>,
    /// `namespace/name` patterns of service accounts.
    service_accounts: Option<Patterns>,
    /// Why these findings are acceptable, as written.
    pub reason: String,
    /// The line of the file where the rule starts.
    pub line: u32,
}

/// Glob patterns as written, and compiled.
#[derive(Clone)]
struct Patterns {
    written: Vec<String>,
    set: GlobSet,
}

impl fmt::Debug for Patterns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.written).finish()
    }
}

impl ExemptionRule {
    /// Whether this rule exempts findings of `check` on `object`. A rule that names users,
    /// groups or service accounts only applies to admission requests
    /// ([`matches_request`](Self::matches_request)), never to a scan.
    pub fn matches(&self, check: &str, object: &ObjectId) -> bool {
        !self.names_requesters() && self.matches_object(check, object)
    }

    /// Whether this rule exempts findings of `check` on `object` when `requester` sends it.
    pub fn matches_request(&self, check: &str, object: &ObjectId, requester: &Requester) -> bool {
        let user_ok = self
            .users
            .as_ref()
            .is_none_or(|p| p.set.is_match(requester.username));
        let group_ok = self
            .groups
            .as_ref()
            .is_none_or(|p| requester.groups.iter().any(|g| p.set.is_match(g)));
        let account_ok = self.service_accounts.as_ref().is_none_or(|p| {
            requester
                .service_account()
                .is_some_and(|account| p.set.is_match(account))
        });
        user_ok && group_ok && account_ok && self.matches_object(check, object)
    }

    /// Whether the rule lists users, groups or service accounts.
    pub fn names_requesters(&self) -> bool {
        self.users.is_some() || self.groups.is_some() || self.service_accounts.is_some()
    }

    fn matches_object(&self, check: &str, object: &ObjectId) -> bool {
        let check_ok = self
            .checks
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| id == check));
        let kind_ok = self
            .kinds
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&object.kind));
        let namespace_ok = match (&self.namespaces, &object.namespace) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(p), Some(ns)) => p.set.is_match(ns),
        };
        let name_ok = self
            .names
            .as_ref()
            .is_none_or(|p| p.set.is_match(&object.name));
        check_ok && kind_ok && namespace_ok && name_ok
    }
}

impl Config {
    /// Parses the text of a configuration file. `file` is only used to name it in errors and as
    /// [`source`](Self::source); `known_checks` are the ids of every check the scanner has.
    pub fn parse(text: &str, file: &Path, known_checks: &[&str]) -> Result<Config, ConfigError> {
        parse::parse(text.as_bytes(), file, known_checks)
    }

    /// Reads and parses the configuration file at `path`.
    pub fn load(path: &Path, known_checks: &[&str]) -> Result<Config, ConfigError> {
        let bytes = std::fs::read(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        parse::parse(&bytes, path, known_checks)
    }

    /// Finds the configuration file that applies to `start`: [`FILE_NAMES`] in `start` (or, when
    /// `start` is a file, in its directory) or in the nearest parent directory that has one.
    /// A relative `start` is taken from the current directory.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let first = if start.is_file() {
            start.parent()?
        } else {
            &start
        };
        first.ancestors().find_map(|dir| {
            FILE_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
    }

    /// Whether `check` runs: `true` unless the file sets `enabled: false` for it.
    pub fn is_enabled(&self, check: &str) -> bool {
        self.checks
            .get(check)
            .and_then(|o| o.enabled)
            .unwrap_or(true)
    }

    /// The severity of `check`'s findings: the file's override, else `default`.
    pub fn severity(&self, check: &str, default: Severity) -> Severity {
        self.checks
            .get(check)
            .and_then(|o| o.severity)
            .unwrap_or(default)
    }

    /// The first exemption rule that matches findings of `check` on `object`.
    pub fn exemption(&self, check: &str, object: &ObjectId) -> Option<&ExemptionRule> {
        self.exemptions.iter().find(|r| r.matches(check, object))
    }

    /// The first rule naming users, groups or service accounts that exempts findings of
    /// `check` on `object` sent by `requester`.
    pub fn requester_exemption(
        &self,
        check: &str,
        object: &ObjectId,
        requester: &Requester,
    ) -> Option<&ExemptionRule> {
        self.exemptions
            .iter()
            .filter(|r| r.names_requesters())
            .find(|r| r.matches_request(check, object, requester))
    }

    /// What admission does with a finding of `check` at `severity` (after overrides): the
    /// check's own `action`, else the policy's action for the severity.
    pub fn action(&self, check: &str, severity: Severity) -> Action {
        self.checks
            .get(check)
            .and_then(|o| o.action)
            .unwrap_or_else(|| self.admission.actions.get(severity))
    }
}

/// Parses a Kubernetes release as `targetVersion` and `--target-version` take it: `1.33`,
/// `v1.33` or `1.33.2` give `(1, 33)`. The error says what is wrong.
///
/// ```
/// assert_eq!(kubeward_config::parse_target_version("v1.29.3"), Ok((1, 29)));
/// assert!(kubeward_config::parse_target_version("1.x").is_err());
/// ```
pub fn parse_target_version(text: &str) -> Result<(u32, u32), String> {
    let invalid =
        || format!("invalid Kubernetes version {text:?}: expected major.minor, such as \"1.33\"");
    let trimmed = text.trim();
    let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
    let mut parts = bare.split('.');
    let number = |part: Option<&str>| {
        part.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let (Some(major), Some(minor)) = (number(parts.next()), number(parts.next())) else {
        return Err(invalid());
    };
    match parts.next() {
        None => {}
        Some(patch) if number(Some(patch)).is_some() && parts.next().is_none() => {}
        Some(_) => return Err(invalid()),
    }
    if major != 1 {
        return Err(format!(
            "unsupported Kubernetes version {text:?}: only 1.x releases exist"
        ));
    }
    Ok((major, minor))
}

/// Parses a duration as the policy file and `kubeward serve` write it, and as Go prints the API
/// server's webhook timeout: `500ms`, `2s`, `1.5s`. Must be more than zero.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(kubeward_config::parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
/// assert!(kubeward_config::parse_duration("2m").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let invalid =
        || format!("invalid duration {text:?}: expected a duration such as \"2s\" or \"500ms\"");
    let (number, scale) = match text.strip_suffix("ms") {
        Some(number) => (number, 0.001),
        None => (text.strip_suffix('s').ok_or_else(invalid)?, 1.0),
    };
    let seconds = number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(invalid)?
        * scale;
    if seconds <= 0.0 {
        return Err(format!("a duration must be more than 0, found {text:?}"));
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

/// A configuration file that cannot be used, and where.
///
/// Displays as `file:line:column: message`, or `file: message` when the error concerns the whole
/// file (`line` 0, e.g. the file cannot be read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The configuration file.
    pub file: PathBuf,
    /// Line, starting at 1; 0 when the error has no position.
    pub line: u32,
    /// Column in characters, starting at 1; 0 when the error has no position.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

#[cfg(test)]
mod tests;
