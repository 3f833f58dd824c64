//! Turning a configuration file's YAML tree into a [`Config`], one positioned error at a time.

use std::collections::BTreeMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSetBuilder};
use kubeward_core::Severity;
use kubeward_yaml::{
    ErrorKind, Kind, Limits, NodeRef, Position, Style, parse_document, split_documents,
};

use crate::suggest::closest;
use crate::{CheckOverride, Config, ConfigError, ExemptionRule, LimitRequestRatio, Patterns};

const TOP_KEYS: &[&str] = &[
    "checks",
    "exemptions",
    "trustedRegistries",
    "requiredLabels",
    "requiredAnnotations",
    "limitRequestRatio",
    "minReplicas",
    "annotationExemptions",
    "targetVersion",
    "admission",
];
const RATIO_KEYS: &[&str] = &["cpu", "memory"];
const CHECK_KEYS: &[&str] = &["enabled", "severity", "action"];
const EXEMPTION_KEYS: &[&str] = &[
    "checks",
    "namespaces",
    "kinds",
    "names",
    "users",
    "groups",
    "serviceAccounts",
    "reason",
];
const SEVERITIES: &[&str] = &["critical", "high", "medium", "low", "info"];

pub(crate) fn parse(
    bytes: &[u8],
    file: &Path,
    known_checks: &[&str],
) -> Result<Config, ConfigError> {
    let reader = Reader { file, known_checks };
    let mut document = None;
    for chunk in split_documents(bytes) {
        match parse_document(chunk.bytes, chunk.first_line, &Limits::default()) {
            Err(e) => {
                let message = if e.kind == ErrorKind::Syntax {
                    format!("invalid YAML: {}", e.message)
                } else {
                    e.message
                };
                return Err(reader.error(e.position, message));
            }
            Ok(None) => {}
            Ok(Some(_)) if document.is_some() => {
                // A later chunk always follows a separator line.
                let separator = Position {
                    line: chunk.first_line - 1,
                    column: 1,
                };
                return Err(reader.error(
                    separator,
                    "a configuration file holds a single YAML document; this `---` starts a \
                     second one",
                ));
            }
            Ok(Some(doc)) => document = Some(doc),
        }
    }
    let mut config = Config {
        source: Some(file.to_path_buf()),
        ..Config::default()
    };
    if let Some(doc) = &document {
        reader.top_level(doc.root(), &mut config)?;
    }
    Ok(config)
}

pub(crate) struct Reader<'a> {
    file: &'a Path,
    known_checks: &'a [&'a str],
}

impl Reader<'_> {
    fn error(&self, position: Position, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.to_path_buf(),
            line: position.line,
            column: position.column,
            message: message.into(),
        }
    }

    pub(crate) fn at(&self, node: NodeRef<'_>, message: impl Into<String>) -> ConfigError {
        self.error(node.position(), message)
    }

    /// "expected X, found Y", with a hint to quote scalars YAML read as something else.
    pub(crate) fn wrong_type(&self, node: NodeRef<'_>, expected: &str) -> ConfigError {
        let mut message = format!("expected {expected}, found {}", describe(node));
        if expected.contains("string")
            && node.style() == Style::Plain
            && matches!(node.kind(), Kind::Bool | Kind::Int | Kind::Float)
        {
            let text = node.text().unwrap_or_default();
            message.push_str(&format!(" (quote it to use it as a string: \"{text}\")"));
        }
        self.at(node, message)
    }

    pub(crate) fn unknown_key(
        &self,
        key: NodeRef<'_>,
        valid: &[&str],
        context: &str,
    ) -> ConfigError {
        let given = key.text().unwrap_or_default();
        let mut message = format!("unknown key {given:?}");
        if let Some(near) = closest(given, valid) {
            message.push_str(&format!(" (did you mean {near:?}?)"));
        }
        message.push_str(&format!("; valid keys {context}: {}", valid.join(", ")));
        self.at(key, message)
    }

    /// Checks that `id` (written at `node`) names a known check.
    fn check_id(&self, node: NodeRef<'_>, id: &str) -> Result<(), ConfigError> {
        if self.known_checks.contains(&id) {
            return Ok(());
        }
        let mut message = format!("unknown check {id:?}");
        if let Some(near) = closest(id, self.known_checks) {
            message.push_str(&format!(" (did you mean {near:?}?)"));
        }
        Err(self.at(node, message))
    }

    pub(crate) fn boolean(&self, node: NodeRef<'_>) -> Result<bool, ConfigError> {
        node.as_bool()
            .ok_or_else(|| self.wrong_type(node, "a boolean (true or false)"))
    }

    /// A string that is not empty or blank.
    pub(crate) fn string<'n>(&self, node: NodeRef<'n>, what: &str) -> Result<&'n str, ConfigError> {
        let text = node
            .as_str()
            .ok_or_else(|| self.wrong_type(node, &format!("a string ({what})")))?;
        if text.trim().is_empty() {
            return Err(self.at(node, format!("{what} must not be empty")));
        }
        Ok(text)
    }

    /// A list of non-empty strings, with each item's node. `null` is an empty list.
    fn strings<'n>(
        &self,
        node: NodeRef<'n>,
        [what, whats]: [&str; 2],
    ) -> Result<Vec<(NodeRef<'n>, &'n str)>, ConfigError> {
        if node.is_null() {
            return Ok(Vec::new());
        }
        if node.kind() != Kind::Seq {
            return Err(self.wrong_type(node, &format!("a list of {whats}")));
        }
        node.items()
            .map(|item| Ok((item, self.string(item, what)?)))
            .collect()
    }

    /// A selector list of an exemption: must list something, since omitting it means "any".
    fn selector<'n>(
        &self,
        node: NodeRef<'n>,
        [what, whats]: [&str; 2],
        key: &str,
    ) -> Result<Vec<(NodeRef<'n>, &'n str)>, ConfigError> {
        if node.kind() != Kind::Seq || node.is_empty() {
            let found = if node.kind() == Kind::Seq {
                "an empty list"
            } else {
                describe(node)
            };
            return Err(self.at(
                node,
                format!(
                    "expected a list of {whats}, found {found}; omit `{key}` to match any {what}"
                ),
            ));
        }
        self.strings(node, [what, whats])
    }

    fn patterns(
        &self,
        node: NodeRef<'_>,
        what: [&str; 2],
        key: &str,
    ) -> Result<Patterns, ConfigError> {
        let mut written = Vec::new();
        let mut set = GlobSetBuilder::new();
        for (item, pattern) in self.selector(node, what, key)? {
            let glob = GlobBuilder::new(pattern)
                .backslash_escape(true)
                .build()
                .map_err(|e| self.at(item, format!("invalid glob {pattern:?}: {}", e.kind())))?;
            set.add(glob);
            written.push(pattern.to_owned());
        }
        let set = set
            .build()
            .map_err(|e| self.at(node, format!("invalid glob: {}", e.kind())))?;
        Ok(Patterns { written, set })
    }

    fn top_level(&self, root: NodeRef<'_>, config: &mut Config) -> Result<(), ConfigError> {
        if root.kind() != Kind::Map {
            return Err(
                self.wrong_type(root, "a mapping at the top level (checks, exemptions, ...)")
            );
        }
        for (key, value) in root.entries() {
            match key.text().unwrap_or_default() {
                "checks" => config.checks = self.checks(value)?,
                "exemptions" => config.exemptions = self.exemptions(value)?,
                "trustedRegistries" => {
                    config.trusted_registries = self
                        .strings(value, ["registry", "registries"])?
                        .into_iter()
                        .map(|(item, r)| self.registry(item, r))
                        .collect::<Result<_, _>>()?;
                }
                "requiredLabels" => config.required_labels = self.keys(value, "label")?,
                "requiredAnnotations" => {
                    config.required_annotations = self.keys(value, "annotation")?;
                }
                "limitRequestRatio" => config.limit_request_ratio = self.ratios(value)?,
                "minReplicas" => config.min_replicas = self.min_replicas(value)?,
                "annotationExemptions" => config.annotation_exemptions = self.boolean(value)?,
                "targetVersion" => config.target_version = self.target_version(value)?,
                "admission" => config.admission = self.admission(value)?,
                _ => return Err(self.unknown_key(key, TOP_KEYS, "at the top level")),
            }
        }
        Ok(())
    }

    /// A list of label or annotation keys (`what`), validated as Kubernetes validates them.
    fn keys(&self, node: NodeRef<'_>, what: &str) -> Result<Vec<String>, ConfigError> {
        let names = [format!("{what} key"), format!("{what} keys")];
        self.strings(node, [&names[0], &names[1]])?
            .into_iter()
            .map(|(item, key)| match label_key_problem(key) {
                None => Ok(key.to_owned()),
                Some(problem) => {
                    Err(self.at(item, format!("invalid {what} key {key:?}: {problem}")))
                }
            })
            .collect()
    }

    /// `limitRequestRatio`: `cpu` and `memory`, each a number of at least 1.
    fn ratios(&self, node: NodeRef<'_>) -> Result<LimitRequestRatio, ConfigError> {
        let mut ratios = LimitRequestRatio::default();
        if node.is_null() {
            return Ok(ratios);
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping with `cpu` and/or `memory`"));
        }
        for (key, value) in node.entries() {
            let slot = match key.text().unwrap_or_default() {
                "cpu" => &mut ratios.cpu,
                "memory" => &mut ratios.memory,
                _ => return Err(self.unknown_key(key, RATIO_KEYS, "in limitRequestRatio")),
            };
            let ratio = value
                .as_f64()
                .filter(|r| r.is_finite())
                .ok_or_else(|| self.wrong_type(value, "a number (a limit/request ratio)"))?;
            if ratio < 1.0 {
                return Err(self.at(
                    value,
                    format!("a limit/request ratio must be at least 1, found {ratio}"),
                ));
            }
            *slot = ratio;
        }
        Ok(ratios)
    }

    /// `minReplicas`: an integer of at least 1.
    fn min_replicas(&self, node: NodeRef<'_>) -> Result<u32, ConfigError> {
        let value = node
            .as_i64()
            .ok_or_else(|| self.wrong_type(node, "an integer (a replica count)"))?;
        u32::try_from(value)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| {
                self.at(
                    node,
                    format!("minReplicas must be at least 1, found {value}"),
                )
            })
    }

    /// `targetVersion`: a Kubernetes release, `"1.33"`. An unquoted number is read as written.
    fn target_version(&self, node: NodeRef<'_>) -> Result<Option<(u32, u32)>, ConfigError> {
        let expected = "a Kubernetes version such as \"1.33\"";
        let text = match node.kind() {
            Kind::Null => return Ok(None),
            Kind::Str => node.as_str().unwrap_or_default(),
            // As written: `1.30` is 1.30, not the number 1.3.
            Kind::Float => node.text().unwrap_or_default(),
            _ => return Err(self.wrong_type(node, expected)),
        };
        crate::parse_target_version(text)
            .map(Some)
            .map_err(|message| self.at(node, message))
    }

    fn checks(&self, node: NodeRef<'_>) -> Result<BTreeMap<String, CheckOverride>, ConfigError> {
        let mut checks = BTreeMap::new();
        if node.is_null() {
            return Ok(checks);
        }
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(node, "a mapping from check ids to their settings"));
        }
        for (key, value) in node.entries() {
            let id = key.text().unwrap_or_default();
            if id == "*" {
                return Err(self.at(
                    key,
                    "\"*\" is only allowed in an exemption's `checks`; name each check here",
                ));
            }
            self.check_id(key, id)?;
            checks.insert(id.to_owned(), self.check_override(value)?);
        }
        Ok(checks)
    }

    fn check_override(&self, node: NodeRef<'_>) -> Result<CheckOverride, ConfigError> {
        let mut result = CheckOverride::default();
        if node.is_null() {
            return Ok(result);
        }
        if node.kind() != Kind::Map {
            return Err(
                self.wrong_type(node, "a mapping with `enabled`, `severity` and/or `action`")
            );
        }
        for (key, value) in node.entries() {
            match key.text().unwrap_or_default() {
                "enabled" => result.enabled = Some(self.boolean(value)?),
                "severity" => result.severity = Some(self.severity(value)?),
                "action" => result.action = Some(self.action(value)?),
                _ => return Err(self.unknown_key(key, CHECK_KEYS, "in a check entry")),
            }
        }
        Ok(result)
    }

    fn severity(&self, node: NodeRef<'_>) -> Result<Severity, ConfigError> {
        let expected = "critical, high, medium, low or info";
        let text = node
            .as_str()
            .ok_or_else(|| self.wrong_type(node, &format!("a severity ({expected})")))?;
        text.parse().map_err(|_| {
            let mut message = format!("unknown severity {text:?}");
            if let Some(near) = closest(text, SEVERITIES) {
                message.push_str(&format!(" (did you mean {near:?}?)"));
            }
            message.push_str(&format!("; expected {expected}"));
            self.at(node, message)
        })
    }

    fn registry(&self, node: NodeRef<'_>, registry: &str) -> Result<String, ConfigError> {
        if let Some((_, rest)) = registry.split_once("://") {
            return Err(self.at(
                node,
                format!("registry {registry:?} must not include a scheme; write {rest:?}"),
            ));
        }
        if registry.chars().any(char::is_whitespace) {
            return Err(self.at(
                node,
                format!("registry {registry:?} must not contain spaces"),
            ));
        }
        Ok(registry.trim_end_matches('/').to_owned())
    }

    fn exemptions(&self, node: NodeRef<'_>) -> Result<Vec<ExemptionRule>, ConfigError> {
        if node.is_null() {
            return Ok(Vec::new());
        }
        if node.kind() != Kind::Seq {
            return Err(self.wrong_type(node, "a list of exemption rules"));
        }
        node.items().map(|item| self.exemption(item)).collect()
    }

    fn exemption(&self, node: NodeRef<'_>) -> Result<ExemptionRule, ConfigError> {
        if node.kind() != Kind::Map {
            return Err(self.wrong_type(
                node,
                "an exemption rule (a mapping with checks, namespaces, kinds, names and reason)",
            ));
        }
        let mut rule = ExemptionRule {
            checks: None,
            namespaces: None,
            kinds: None,
            names: None,
            users: None,
            groups: None,
            service_accounts: None,
            reason: String::new(),
            line: node.position().line,
        };
        let mut has_reason = false;
        for (key, value) in node.entries() {
            match key.text().unwrap_or_default() {
                "checks" => {
                    let mut ids = Vec::new();
                    let mut every = false;
                    for (item, id) in self.selector(value, ["check id", "check ids"], "checks")? {
                        if id == "*" {
                            every = true;
                        } else {
                            self.check_id(item, id)?;
                            ids.push(id.to_owned());
                        }
                    }
                    rule.checks = (!every).then_some(ids);
                }
                "namespaces" => {
                    rule.namespaces =
                        Some(self.patterns(value, ["namespace", "namespaces"], "namespaces")?);
                }
                "kinds" => {
                    let mut kinds = Vec::new();
                    for (item, kind) in self.selector(value, ["kind", "kinds"], "kinds")? {
                        if kind.contains(['*', '?', '[', '{']) {
                            return Err(self.at(
                                item,
                                format!("kinds are matched exactly, not as globs: {kind:?}"),
                            ));
                        }
                        kinds.push(kind.to_owned());
                    }
                    rule.kinds = Some(kinds);
                }
                "names" => rule.names = Some(self.patterns(value, ["name", "names"], "names")?),
                "users" => rule.users = Some(self.patterns(value, ["user", "users"], "users")?),
                "groups" => {
                    rule.groups = Some(self.patterns(value, ["group", "groups"], "groups")?);
                }
                "serviceAccounts" => {
                    let what = ["service account", "service accounts"];
                    let patterns = self.patterns(value, what, "serviceAccounts")?;
                    if let Some(bad) = patterns.written.iter().find(|p| !p.contains('/')) {
                        return Err(self.at(
                            value,
                            format!("service account {bad:?} must be written namespace/name (globs allowed: \"ci/*\")"),
                        ));
                    }
                    rule.service_accounts = Some(patterns);
                }
                "reason" => {
                    has_reason = true;
                    if value.is_null() {
                        return Err(self.at(value, "reason must not be empty"));
                    }
                    rule.reason = self.string(value, "reason")?.trim().to_owned();
                }
                _ => return Err(self.unknown_key(key, EXEMPTION_KEYS, "in an exemption")),
            }
        }
        if !has_reason {
            return Err(self.at(
                node,
                "exemption has no `reason`; say why these findings are acceptable",
            ));
        }
        Ok(rule)
    }
}

/// "a boolean", "a list", ... for error messages.
fn describe(node: NodeRef<'_>) -> &'static str {
    match node.kind() {
        Kind::Null => "nothing (null)",
        Kind::Bool => "a boolean",
        Kind::Int => "an integer",
        Kind::Float => "a number",
        Kind::Str => "a string",
        Kind::Seq => "a list",
        Kind::Map => "a mapping",
    }
}

/// Why `key` is not a valid Kubernetes label key (`[prefix/]name`), or `None` when it is.
pub(crate) fn label_key_problem(key: &str) -> Option<&'static str> {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix {
        let label_ok = |part: &str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        };
        if prefix.len() > 253 || !prefix.split('.').all(label_ok) {
            return Some(
                "the prefix before `/` must be a DNS subdomain (lowercase letters, digits, '-' \
                 and '.'), at most 253 characters",
            );
        }
    }
    let name_ok = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    (!name_ok).then_some(
        "a label name is 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a \
         letter or digit, optionally after a `prefix/`",
    )
}
