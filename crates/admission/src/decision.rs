//! Deciding one admission request: the scanner's checks, run with the policy's configuration,
//! then the policy's actions, requester exemptions and update grandfathering.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use kubeward_config::{Action, Config, ConfigError, Requester};
use kubeward_core::{ExemptionSource, Finding, Object, ObjectId, Severity};
use kubeward_engine::Engine;
use kubeward_yaml::Limits;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::review::{Operation, Request, ReviewError};

/// The file name objects are given in findings: they come from a request, not a file.
const SOURCE: &str = "admission";
/// Most findings a denial message lists; kubectl shows the message whole.
const MAX_LISTED: usize = 8;
/// The fix shown with each denied finding is its first sentence, at most this long.
const MAX_FIX_CHARS: usize = 160;
/// The API server may truncate longer warnings.
const MAX_WARNING_CHARS: usize = 256;
/// The API server ignores warnings beyond this many characters in total.
const MAX_WARNINGS_CHARS: usize = 4000;

/// A policy ready to decide: the configuration and the engine built from it.
pub struct Policy {
    config: Config,
    engine: Engine,
    fixes: HashMap<&'static str, &'static str>,
}

impl Policy {
    /// A policy from a configuration.
    pub fn new(config: Config) -> Policy {
        let fixes = kubeward_checks::catalogue()
            .into_iter()
            .map(|c| (c.meta().id, first_sentence(c.meta().docs.fix)))
            .collect();
        Policy {
            engine: Engine::new(config.clone()),
            config,
            fixes,
        }
    }

    /// Parses the contents of the policy file at `path`.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Policy, ConfigError> {
        let text = std::str::from_utf8(bytes).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("the policy file is not UTF-8: {e}"),
        })?;
        let known: Vec<&str> = kubeward_checks::catalogue()
            .into_iter()
            .map(|c| c.meta().id)
            .collect();
        Config::parse(text, path, &known).map(Policy::new)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// One finding and what admission did with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    /// The check id.
    pub check: &'static str,
    /// Severity after overrides.
    pub severity: Severity,
    /// What the policy does with it; `None` when exempted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'static str>,
    /// The finding.
    pub message: std::sync::Arc<str>,
    /// The container, for container findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<std::sync::Arc<str>>,
    /// Why it is exempted, and by what.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exempted: Option<ExemptionNote>,
    /// On UPDATE, the old object had it too, so a denial became a warning.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub existing: bool,
}

/// Where an exemption came from and its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExemptionNote {
    /// `policy` (a rule matching the object by namespace, kind or name), `requester` (a rule naming users,
    /// groups or service accounts) or `annotation`.
    pub by: &'static str,
    /// The reason given.
    pub reason: String,
}

/// The outcome of `/validate` for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Whether the request may proceed.
    pub allowed: bool,
    /// The denial message.
    pub message: Option<String>,
    /// Warnings for the client.
    pub warnings: Vec<String>,
    /// Every finding, with its action or exemption.
    pub findings: Vec<Judged>,
    /// Why the object was not evaluated (DELETE, CONNECT, a status update).
    pub skipped: Option<&'static str>,
    /// The object's identity, when it was read.
    pub object: Option<Arc<ObjectId>>,
}

impl Evaluation {
    fn skipped(reason: &'static str) -> Evaluation {
        Evaluation {
            allowed: true,
            message: None,
            warnings: Vec::new(),
            findings: Vec::new(),
            skipped: Some(reason),
            object: None,
        }
    }
}

/// Why a request is allowed without looking at its object, if it is.
pub(crate) fn skip_reason(request: &Request<'_>) -> Option<&'static str> {
    match request.operation {
        Operation::Delete => Some("DELETE is always allowed"),
        Operation::Connect => Some("CONNECT is always allowed"),
        // Controllers write status; a status update cannot change the spec that checks read.
        _ if request.sub_resource.as_deref() == Some("status") => {
            Some("status updates are not evaluated")
        }
        _ => None,
    }
}

/// Decides a `/validate` request.
pub fn validate(policy: &Policy, request: &Request<'_>) -> Result<Evaluation, ReviewError> {
    if let Some(reason) = skip_reason(request) {
        return Ok(Evaluation::skipped(reason));
    }
    let raw = request.object().ok_or_else(|| {
        ReviewError::Malformed(format!(
            "{} request has no object",
            request.operation.as_str()
        ))
    })?;
    let object = read_object(raw, request.namespace.as_deref())?;
    let requester = Requester {
        username: &request.user_info.username,
        groups: &request.user_info.groups,
    };
    let mut findings: Vec<Judged> = check(policy, &object)
        .into_iter()
        .map(|f| judge(policy, f, &requester))
        .collect();
    let denies = |findings: &[Judged]| findings.iter().any(|f| f.action == Some("deny"));
    if request.operation == Operation::Update
        && policy.config.admission.grandfather_updates
        && denies(&findings)
        && let Some(old) = request.old_object()
    {
        // An old object that cannot be read has no findings to grandfather.
        if let Ok(old) = read_object(old, request.namespace.as_deref()) {
            let old_findings = check(policy, &old);
            let before: HashSet<(&str, Option<&str>)> = old_findings
                .iter()
                .map(|f| (f.check, f.container.as_deref()))
                .collect();
            for finding in &mut findings {
                if finding.action == Some("deny")
                    && before.contains(&(finding.check, finding.container.as_deref()))
                {
                    finding.action = Some(Action::Warn.as_str());
                    finding.existing = true;
                }
            }
        }
    }
    let mut denied: Vec<&Judged> = findings
        .iter()
        .filter(|f| f.action == Some("deny"))
        .collect();
    // The most severe first: a long list is cut, and what is cut should matter least.
    denied.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let message = (!denied.is_empty()).then(|| deny_message(policy, &object.id, &denied));
    let warnings = warnings(&findings);
    Ok(Evaluation {
        allowed: denied.is_empty(),
        message,
        warnings,
        findings,
        skipped: None,
        object: Some(object.id.clone()),
    })
}

/// Reads the object of a request into the tree the scanner checks (the same tree a manifest
/// with this JSON gives). An object without a namespace of its own is in the request's
/// namespace.
pub(crate) fn read_object(raw: &RawValue, namespace: Option<&str>) -> Result<Object, ReviewError> {
    let bad = |message: String| ReviewError::Malformed(format!("object: {message}"));
    let document = kubeward_yaml::parse_json(raw.get().as_bytes(), &Limits::default())
        .map_err(|e| bad(e.message))?
        .ok_or_else(|| bad("empty".into()))?;
    let mut object = Object::from_root(SOURCE.into(), Arc::new(document))
        .ok_or_else(|| bad("not a Kubernetes object (no apiVersion or kind)".into()))?;
    if object.id.namespace.is_none()
        && let Some(namespace) = namespace.filter(|n| !n.is_empty())
    {
        object.id = Arc::new(ObjectId {
            namespace: Some(namespace.to_owned()),
            ..(*object.id).clone()
        });
    }
    Ok(object)
}

fn check(policy: &Policy, object: &Object) -> Vec<Finding> {
    policy.engine.check_one(object)
}

fn judge(policy: &Policy, finding: Finding, requester: &Requester<'_>) -> Judged {
    let exempted = match &finding.exemption {
        Some(e) => Some(ExemptionNote {
            by: match e.source {
                ExemptionSource::Config => "policy",
                ExemptionSource::Annotation => "annotation",
            },
            reason: e.reason.clone(),
        }),
        None => policy
            .config
            .requester_exemption(finding.check, &finding.object, requester)
            .map(|rule| ExemptionNote {
                by: "requester",
                reason: rule.reason.clone(),
            }),
    };
    let action = exempted.is_none().then(|| {
        policy
            .config
            .action(finding.check, finding.severity)
            .as_str()
    });
    Judged {
        check: finding.check,
        severity: finding.severity,
        action,
        message: finding.message,
        container: finding.container,
        exempted,
        existing: false,
    }
}

/// What kubectl shows for a denial: the object, then one line per finding with its fix.
fn deny_message(policy: &Policy, object: &ObjectId, denied: &[&Judged]) -> String {
    let mut message = format!(
        "kubeward denied {object}: {} finding{}",
        denied.len(),
        if denied.len() == 1 { "" } else { "s" }
    );
    for finding in denied.iter().take(MAX_LISTED) {
        message.push_str(&format!("\n- {}", describe(finding)));
        if let Some(fix) = policy.fixes.get(finding.check) {
            message.push_str(&format!(
                " Fix: {}",
                truncate((*fix).to_owned(), MAX_FIX_CHARS)
            ));
        }
    }
    if denied.len() > MAX_LISTED {
        message.push_str(&format!("\n- and {} more", denied.len() - MAX_LISTED));
    }
    message
}

/// `check (severity): message.` (messages name their container).
fn describe(finding: &Judged) -> String {
    format!(
        "{} ({}): {}.",
        finding.check,
        finding.severity.as_str(),
        finding.message
    )
}

fn warnings(findings: &[Judged]) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut total = 0;
    let mut warned: Vec<&Judged> = findings
        .iter()
        .filter(|f| f.action == Some("warn"))
        .collect();
    warned.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for finding in warned {
        let mut text = format!("kubeward: {}", describe(finding));
        if finding.existing {
            text.push_str(" (already present before this update)");
        }
        let text = truncate(text, MAX_WARNING_CHARS);
        total += text.len();
        if total > MAX_WARNINGS_CHARS {
            break;
        }
        warnings.push(text);
    }
    warnings
}

fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max - 3;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
    text
}

fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_truncation() {
        assert_eq!(first_sentence("Set it. Then more."), "Set it.");
        assert_eq!(first_sentence("Only one."), "Only one.");
        assert_eq!(truncate("é".repeat(200), 256).len(), 255);
        assert_eq!(truncate("short".into(), 256), "short");
    }

    #[test]
    fn json_escapes_as_the_api_server_writes_them() {
        let raw: Box<RawValue> = serde_json::from_str(
            r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a\u003cb\u0026c","annotations":{"note":"caf\u00e9 \ud83d\ude00 \/ \b\f"}},"data":{"x":"1e3","y":"yes"}}"#,
        )
        .unwrap();
        let object = read_object(&raw, Some("shop")).unwrap();
        assert_eq!(object.id.name, "a<b&c");
        assert_eq!(object.id.namespace.as_deref(), Some("shop"));
        assert_eq!(
            object.annotation("note"),
            Some("café \u{1F600} / \u{8}\u{c}")
        );
        // Quoted JSON strings stay strings, whatever YAML 1.1 would make of them unquoted.
        let data = object.root().get("data").unwrap();
        assert_eq!(data.get_str("y"), Some("yes"));
        assert_eq!(data.get_str("x"), Some("1e3"));
    }
}
