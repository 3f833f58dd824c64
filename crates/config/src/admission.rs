//! The `admission` section and the admission-only keys of the policy file: what `kubeward serve`
//! does with findings (deny, warn, audit), how it treats updates of objects that already had
//! findings, what it answers when it cannot decide in time, and the defaults `/mutate` sets.

use std::collections::BTreeMap;
use std::time::Duration;

use kubeward_core::Severity;
use kubeward_yaml::{Kind, NodeRef};

use crate::ConfigError;
use crate::parse::Reader;
use crate::suggest::closest;

/// What admission does with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The request is rejected; the message lists the finding and its fix.
    Deny,
    /// The request is allowed; the finding is returned as a warning, which kubectl prints.
    Warn,
    /// The request is allowed; the finding is only logged.
    Audit,
}

impl Action {
    /// The name used in the policy file and in logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Deny => "deny",
            Action::Warn => "warn",
            Action::Audit => "audit",
        }
    }
}

/// What the webhook answers when it cannot evaluate a request in time or fails internally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureAction {
    /// Allow the request, with a warning saying it was not evaluated.
    Allow,
    /// Reject the request.
    Deny,
}

/// `admission:` of the policy file.
#[derive(Debug, Clone, PartialEq)]
pub struct Admission {
    /// The action for findings of each severity, unless the check sets its own `action`.
    pub actions: SeverityActions,
    /// On UPDATE, findings the old object already had are warned about instead of denied.
    pub grandfather_updates: bool,
    /// The answer when evaluation misses the deadline or fails.
    pub failure_action: FailureAction,
    /// How long after a request arrives the webhook answers at the latest.
    pub deadline: Duration,
    /// Defaults `/mutate` sets on objects.
    pub mutation: Mutation,
}

impl Admission {
    /// The default deadline: well below the API server's default webhook timeout (10 s) and
    /// the `timeoutSeconds` of the shipped webhook configuration.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(2);
    /// The longest deadline: the API server never waits more than 30 s for a webhook.
    pub const MAX_DEADLINE: Duration = Duration::from_secs(30);
}

impl Default for Admission {
    fn default() -> Self {
        Admission {
            actions: SeverityActions::default(),
            grandfather_updates: true,
            failure_action: FailureAction::Allow,
            deadline: Admission::DEFAULT_DEADLINE,
            mutation: Mutation::default(),
        }
    }
}

/// An action per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeverityActions([Action; 5]);

impl SeverityActions {
    /// The same action for every severity.
    pub fn all(action: Action) -> Self {
        SeverityActions([action; 5])
    }

    /// The action for findings of `severity`.
    pub fn get(&self, severity: Severity) -> Action {
        self.0[severity as usize]
    }

    fn set(&mut self, severity: Severity, action: Action) {
        self.0[severity as usize] = action;
    }
}

impl Default for SeverityActions {
    /// Like `kubeward scan --fail-on low`: every finding but `info` ones is denied.
    fn default() -> Self {
        let mut actions = SeverityActions::all(Action::Deny);
        actions.set(Severity::Info, Action::Warn);
        actions
    }
}

/// `admission.mutate`: fields `/mutate` sets on every container (and pod) where they are
/// missing. Values the object sets itself are never changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mutation {
    /// `securityContext.allowPrivilegeEscalation` of each container.
    pub allow_privilege_escalation: Option<bool>,
    /// `securityContext.runAsNonRoot` of the pod.
    pub run_as_non_root: Option<bool>,
    /// `securityContext.readOnlyRootFilesystem` of each container.
    pub read_only_root_filesystem: Option<bool>,
    /// `securityContext.seccompProfile.type` of the pod (`RuntimeDefault`).
    pub seccomp_profile: Option<String>,
    /// Adds `ALL` to `securityContext.capabilities.drop` of each container.
    pub drop_all_capabilities: bool,
    /// `imagePullPolicy` of each container.
    pub image_pull_policy: Option<String>,
    /// `resources.requests` of each container, by resource name (`cpu`, `memory`).
    pub requests: BTreeMap<String, String>,
    /// `resources.limits` of each container, by resource name.
    pub limits: BTreeMap<String, String>,
    /// Labels of the object's own metadata (not of its pod template).
    pub labels: BTreeMap<String, String>,
}

impl Mutation {
    /// Whether no default is configured.
    pub fn is_empty(&self) -> bool {
        *self == Mutation::default()
    }
}

/// Who sends a request, as the API server's `userInfo` tells: what exemption rules with
/// `users`, `groups` or `serviceAccounts` match.
#[derive(Debug, Clone, Copy)]
pub struct Requester<'a> {
    /// `userInfo.username` (`system:serviceaccount:ci:deployer` for service accounts).
    pub username: &'a str,
    /// `userInfo.groups`.
    pub groups: &'a [String],
}

impl Requester<'_> {
    /// `namespace/name` when the requester is a service account.
    pub fn service_account(&self) -> Option<String> {
        let rest = self.username.strip_prefix("system:serviceaccount:")?;
        let (namespace, name) = rest.split_once(':')?;
        Some(format!("{namespace}/{name}"))
    }
}

const ADMISSION_KEYS: &[&str] = &[
    "action",
    "grandfatherUpdates",
    "failureAction",
    "deadline",
    "mutate",
];
const MUTATE_KEYS: &[&str] = &[
    "allowPrivilegeEscalation",
    "runAsNonRoot",
    "readOnlyRootFilesystem",
    "seccompProfile",
    "dropAllCapabilities",
    "imagePullPolicy",
    "resources",
    "labels",
];
const RESOURCES_KEYS: &[&str] = &["requests", "limits"];
const ACTIONS: &[&str] = &["deny", "warn", "audit"];
const FAILURE_ACTIONS: &[&str] = &["allow", "deny"];
const PULL_POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];
const SECCOMP_PROFILES: &[&str] = &["RuntimeDefault"];

impl Reader<'_> {
    pub(crate) fn admission(&self, node: NodeRef<'_>) -> Result<Admission, ConfigError> {
        let mut admission = Admission::default();
        if node.is_null() {
            return Ok(admission);
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping (action, failureAction, mutate, ...)"));
        }
        for (key, value) in node.entries() {
            match key.text().unwrap_or_default() {
                "action" => admission.actions = self.severity_actions(value)?,
                "grandfatherUpdates" => admission.grandfather_updates = self.boolean(value)?,
                "failureAction" => {
                    admission.failure_action = match self.one_of(value, FAILURE_ACTIONS)? {
                        "deny" => FailureAction::Deny,
                        _ => FailureAction::Allow,
                    };
                }
                "deadline" => admission.deadline = self.deadline(value)?,
                "mutate" => admission.mutation = self.mutation(value)?,
                _ => return Err(self.unknown_key(key, ADMISSION_KEYS, "in admission")),
            }
        }
        Ok(admission)
    }

    /// `deny`, `warn` or `audit`.
    pub(crate) fn action(&self, node: NodeRef<'_>) -> Result<Action, ConfigError> {
        Ok(match self.one_of(node, ACTIONS)? {
            "deny" => Action::Deny,
            "warn" => Action::Warn,
            _ => Action::Audit,
        })
    }

    /// One action for every severity, or a mapping from severities to actions (severities
    /// left out keep their default).
    fn severity_actions(&self, node: NodeRef<'_>) -> Result<SeverityActions, ConfigError> {
        if node.kind() != Kind::Map {
            return Ok(SeverityActions::all(self.action(node)?));
        }
        let mut actions = SeverityActions::default();
        let names: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
        for (key, value) in node.entries() {
            let name = key.text().unwrap_or_default();
            let Some(severity) = Severity::ALL.into_iter().find(|s| s.as_str() == name) else {
                return Err(self.unknown_key(key, &names, "in admission.action"));
            };
            actions.set(severity, self.action(value)?);
        }
        Ok(actions)
    }

    /// A string that must be one of `allowed`, with a suggestion when it is close to one.
    fn one_of(
        &self,
        node: NodeRef<'_>,
        allowed: &[&'static str],
    ) -> Result<&'static str, ConfigError> {
        let text = node
            .as_str()
            .ok_or_else(|| self.wrong_type(node, &format!("a string ({})", allowed.join(", "))))?;
        if let Some(found) = allowed.iter().find(|a| **a == text) {
            return Ok(found);
        }
        let expected = allowed.join(", ");
        let mut message = format!("unknown value {text:?}");
        if let Some(near) = closest(text, allowed) {
            message.push_str(&format!(" (did you mean {near:?}?)"));
        }
        message.push_str(&format!("; expected one of: {expected}"));
        Err(self.at(node, message))
    }

    /// `500ms`, `2s`, `1.5s`: more than 0, at most [`Admission::MAX_DEADLINE`].
    fn deadline(&self, node: NodeRef<'_>) -> Result<Duration, ConfigError> {
        let text = node.as_str().ok_or_else(|| {
            self.wrong_type(node, "a string (a duration such as \"2s\" or \"500ms\")")
        })?;
        let deadline = crate::parse_duration(text).map_err(|message| self.at(node, message))?;
        if deadline > Admission::MAX_DEADLINE {
            return Err(self.at(
                node,
                format!(
                    "deadline must be at most {}s (the API server's longest webhook timeout), found {text:?}",
                    Admission::MAX_DEADLINE.as_secs()
                ),
            ));
        }
        Ok(deadline)
    }

    fn mutation(&self, node: NodeRef<'_>) -> Result<Mutation, ConfigError> {
        let mut mutation = Mutation::default();
        if node.is_null() {
            return Ok(mutation);
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping of defaults (runAsNonRoot, labels, ...)"));
        }
        for (key, value) in node.entries() {
            match key.text().unwrap_or_default() {
                "allowPrivilegeEscalation" => {
                    mutation.allow_privilege_escalation = Some(self.boolean(value)?);
                }
                "runAsNonRoot" => mutation.run_as_non_root = Some(self.boolean(value)?),
                "readOnlyRootFilesystem" => {
                    mutation.read_only_root_filesystem = Some(self.boolean(value)?);
                }
                "seccompProfile" => {
                    mutation.seccomp_profile = Some(self.one_of(value, SECCOMP_PROFILES)?.into());
                }
                "dropAllCapabilities" => mutation.drop_all_capabilities = self.boolean(value)?,
                "imagePullPolicy" => {
                    mutation.image_pull_policy = Some(self.one_of(value, PULL_POLICIES)?.into());
                }
                "resources" => self.resources(value, &mut mutation)?,
                "labels" => mutation.labels = self.labels(value)?,
                _ => return Err(self.unknown_key(key, MUTATE_KEYS, "in admission.mutate")),
            }
        }
        Ok(mutation)
    }

    fn resources(&self, node: NodeRef<'_>, mutation: &mut Mutation) -> Result<(), ConfigError> {
        if node.is_null() {
            return Ok(());
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping with `requests` and/or `limits`"));
        }
        for (key, value) in node.entries() {
            let slot = match key.text().unwrap_or_default() {
                "requests" => &mut mutation.requests,
                "limits" => &mut mutation.limits,
                _ => {
                    return Err(self.unknown_key(
                        key,
                        RESOURCES_KEYS,
                        "in admission.mutate.resources",
                    ));
                }
            };
            *slot = self.quantities(value)?;
        }
        Ok(())
    }

    /// Resource names to quantities (`cpu: 100m`, `memory: 128Mi`).
    fn quantities(&self, node: NodeRef<'_>) -> Result<BTreeMap<String, String>, ConfigError> {
        let mut quantities = BTreeMap::new();
        if node.is_null() {
            return Ok(quantities);
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping from resource names to quantities"));
        }
        for (key, value) in node.entries() {
            let name = self.string(key, "resource name")?;
            // A plain `1` or `0.5` is a number in YAML and a valid quantity as written.
            let quantity = match value.kind() {
                Kind::Int | Kind::Float => value.text().unwrap_or_default(),
                _ => self.string(value, "quantity")?,
            };
            if !is_quantity(quantity) {
                return Err(self.at(
                    value,
                    format!("invalid quantity {quantity:?}: expected a number with an optional suffix, such as \"100m\" or \"128Mi\""),
                ));
            }
            quantities.insert(name.to_owned(), quantity.to_owned());
        }
        Ok(quantities)
    }

    fn labels(&self, node: NodeRef<'_>) -> Result<BTreeMap<String, String>, ConfigError> {
        let mut labels = BTreeMap::new();
        if node.is_null() {
            return Ok(labels);
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping from label keys to values"));
        }
        for (key, value) in node.entries() {
            let name = self.string(key, "label key")?;
            if let Some(problem) = crate::parse::label_key_problem(name) {
                return Err(self.at(key, format!("invalid label key {name:?}: {problem}")));
            }
            let text = value
                .as_str()
                .ok_or_else(|| self.wrong_type(value, "a string (a label value)"))?;
            if !is_label_value(text) {
                return Err(self.at(
                    value,
                    format!("invalid label value {text:?}: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"),
                ));
            }
            labels.insert(name.to_owned(), text.to_owned());
        }
        Ok(labels)
    }
}

/// Whether `text` is a Kubernetes quantity: a decimal number, then an optional binary
/// (`Ki`…`Ei`) or decimal (`n`, `u`, `m`, `k`, `M`…`E`) suffix or a decimal exponent.
fn is_quantity(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits_end = unsigned
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(unsigned.len());
    let (number, suffix) = unsigned.split_at(digits_end);
    let number_ok = !number.is_empty() && number != "." && number.matches('.').count() <= 1;
    let suffix_ok = match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => true,
        exponent => exponent
            .strip_prefix(['e', 'E'])
            .map(|e| e.strip_prefix(['+', '-']).unwrap_or(e))
            .is_some_and(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())),
    };
    number_ok && suffix_ok
}

/// Whether `text` is a valid label value (empty is valid).
fn is_label_value(text: &str) -> bool {
    text.is_empty()
        || (text.len() <= 63
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && text.starts_with(|c: char| c.is_ascii_alphanumeric())
            && text.ends_with(|c: char| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        for ok in [
            "100m", "1", "0.5", "128Mi", "1Gi", "2e3", "1E+2", ".5", "+1k",
        ] {
            assert!(is_quantity(ok), "{ok}");
        }
        for bad in ["", "m", "1.2.3", "100mb", "1 Gi", "Gi", ".", "1e"] {
            assert!(!is_quantity(bad), "{bad}");
        }
    }

    #[test]
    fn label_values() {
        assert!(is_label_value("") && is_label_value("a.b-c_d"));
        assert!(
            !is_label_value("-a") && !is_label_value("a b") && !is_label_value(&"a".repeat(64))
        );
    }

    #[test]
    fn service_account_of_a_requester() {
        let groups = [];
        let sa = Requester {
            username: "system:serviceaccount:ci:deployer",
            groups: &groups,
        };
        assert_eq!(sa.service_account().as_deref(), Some("ci/deployer"));
        let user = Requester {
            username: "alice",
            groups: &groups,
        };
        assert_eq!(user.service_account(), None);
    }
}
