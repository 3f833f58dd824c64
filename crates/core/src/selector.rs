//! Label selectors, as Kubernetes evaluates them: `matchLabels` and `matchExpressions` of a
//! `LabelSelector`, and the plain `key: value` maps of Services and ReplicationControllers.
//!
//! ```
//! use kubeward_core::Selector;
//! use kubeward_yaml::{parse_stream, Limits};
//!
//! let src = "matchLabels: {app: web}\nmatchExpressions: [{key: tier, operator: NotIn, values: [db]}]\n";
//! let doc = parse_stream(src.as_bytes(), &Limits::default()).remove(0).unwrap().unwrap();
//! let selector = Selector::label_selector(doc.root());
//! assert!(selector.matches_with(|key| (key == "app").then_some("web")));
//! assert!(!selector.matches_with(|key| ["app", "tier"].contains(&key).then_some(if key == "app" { "web" } else { "db" })));
//! ```

use kubeward_yaml::{Kind, NodeRef};

/// A parsed label selector: `matchLabels` and `matchExpressions`, or a Service-style map.
#[derive(Debug, Clone, Default)]
pub struct Selector<'a> {
    labels: Vec<(&'a str, &'a str)>,
    expressions: Vec<Expression<'a>>,
    /// A selector that could not be read (unknown operator, wrong types): matches nothing, so
    /// checks that relate objects stay quiet rather than guess.
    invalid: bool,
}

#[derive(Debug, Clone)]
struct Expression<'a> {
    key: &'a str,
    operator: Operator,
    values: Vec<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// A scalar's text as a label value (`version: 1` is the label value "1"); `None` for a sequence
/// or mapping, which is no label value.
pub fn label_text(node: NodeRef<'_>) -> Option<&str> {
    match node.kind() {
        Kind::Seq | Kind::Map => None,
        Kind::Null => Some(""),
        _ => node.text(),
    }
}

impl<'a> Selector<'a> {
    /// A `LabelSelector` (`matchLabels`, `matchExpressions`), as in Deployments, PDBs and
    /// NetworkPolicies. An empty selector matches everything.
    pub fn label_selector(node: NodeRef<'a>) -> Selector<'a> {
        let mut selector = Selector::map(node.get("matchLabels"));
        for expression in node
            .get("matchExpressions")
            .into_iter()
            .flat_map(|e| e.items())
        {
            let operator = match expression.get_str("operator") {
                Some("In") => Operator::In,
                Some("NotIn") => Operator::NotIn,
                Some("Exists") => Operator::Exists,
                Some("DoesNotExist") => Operator::DoesNotExist,
                _ => {
                    selector.invalid = true;
                    continue;
                }
            };
            let Some(key) = expression.get_str("key") else {
                selector.invalid = true;
                continue;
            };
            let values = expression
                .get("values")
                .into_iter()
                .flat_map(|v| v.items())
                .filter_map(label_text)
                .collect();
            selector.expressions.push(Expression {
                key,
                operator,
                values,
            });
        }
        selector
    }

    /// A plain `key: value` map selector, as in Services and ReplicationControllers.
    pub fn map(node: Option<NodeRef<'a>>) -> Selector<'a> {
        let mut selector = Selector::default();
        if let Some(node) = node {
            for (key, value) in node.entries() {
                match (key.text(), label_text(value)) {
                    (Some(k), Some(v)) => selector.labels.push((k, v)),
                    _ => selector.invalid = true,
                }
            }
        }
        selector
    }

    /// Every label key the selector looks at.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        let labels = self.labels.iter().map(|(k, _)| *k);
        labels.chain(self.expressions.iter().map(|e| e.key))
    }

    /// One `key: value` the selector requires, to look candidates up by.
    pub fn first_label(&self) -> Option<(&'a str, &'a str)> {
        self.labels.first().copied()
    }

    /// Every `key: value` the selector requires (`matchLabels`, or a Service-style map).
    pub fn required_labels(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.labels.iter().copied()
    }

    /// Whether the selector has no requirement at all (and so selects everything).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.expressions.is_empty() && !self.invalid
    }

    /// Whether the selector could be read; an unreadable one matches nothing.
    pub fn is_valid(&self) -> bool {
        !self.invalid
    }

    /// Whether a set of labels (a `labels` mapping, or none) satisfies the selector.
    pub fn matches(&self, labels: Option<NodeRef<'_>>) -> bool {
        self.matches_with(|key| labels.and_then(|l| l.get(key)).and_then(label_text))
    }

    /// Whether labels given by `value_of` (a key's value, or `None` when absent) satisfy the
    /// selector.
    pub fn matches_with<'v>(&self, value_of: impl Fn(&str) -> Option<&'v str>) -> bool {
        if self.invalid {
            return false;
        }
        self.labels.iter().all(|(k, v)| value_of(k) == Some(v))
            && self.expressions.iter().all(|e| {
                let value = value_of(e.key);
                match e.operator {
                    Operator::In => value.is_some_and(|v| e.values.contains(&v)),
                    Operator::NotIn => value.is_none_or(|v| !e.values.contains(&v)),
                    Operator::Exists => value.is_some(),
                    Operator::DoesNotExist => value.is_none(),
                }
            })
    }
}

impl std::fmt::Display for Selector<'_> {
    /// kubectl's selector syntax (`app=web,tier in (a,b),!canary`); `{}` for the empty selector
    /// (everything), `<invalid>` for one that could not be read.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.invalid {
            return f.write_str("<invalid>");
        }
        if self.labels.is_empty() && self.expressions.is_empty() {
            return f.write_str("{}");
        }
        let mut parts: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        parts.extend(self.expressions.iter().map(|e| match e.operator {
            Operator::In => format!("{} in ({})", e.key, e.values.join(",")),
            Operator::NotIn => format!("{} notin ({})", e.key, e.values.join(",")),
            Operator::Exists => e.key.to_owned(),
            Operator::DoesNotExist => format!("!{}", e.key),
        }));
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use kubeward_yaml::{Limits, parse_stream};

    use super::*;

    fn doc(src: &str) -> kubeward_yaml::Document {
        parse_stream(src.as_bytes(), &Limits::default())
            .remove(0)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn label_selectors_follow_kubernetes_semantics() {
        let selector = doc(
            "matchLabels: {app: web}\nmatchExpressions:\n- {key: tier, operator: In, values: [front, back]}\n- {key: canary, operator: DoesNotExist}\n- {key: env, operator: NotIn, values: [dev]}\n",
        );
        let s = Selector::label_selector(selector.root());
        let labels = |src: &str| doc(src);
        assert!(s.matches(Some(labels("app: web\ntier: front\n").root())));
        assert!(!s.matches(Some(
            labels("app: web\ntier: front\ncanary: 'yes'\n").root()
        )));
        assert!(!s.matches(Some(labels("app: web\ntier: front\nenv: dev\n").root())));
        assert!(!s.matches(Some(labels("app: web\n").root())));
        assert!(!s.matches(None));
        assert_eq!(
            s.to_string(),
            "app=web,tier in (front,back),!canary,env notin (dev)"
        );
    }

    #[test]
    fn empty_selector_matches_everything_and_bad_ones_nothing() {
        let empty = doc("{}\n");
        assert!(Selector::label_selector(empty.root()).matches(None));
        let bad = doc("matchExpressions: [{key: a, operator: Like}]\n");
        let s = Selector::label_selector(bad.root());
        assert!(!s.matches(Some(doc("a: b\n").root())) && !s.is_empty() && !s.is_valid());
        assert_eq!(
            (s.to_string(), Selector::default().to_string()),
            ("<invalid>".into(), "{}".into())
        );
    }

    #[test]
    fn map_selectors_compare_label_text() {
        let selector = doc("version: 1\n");
        let s = Selector::map(Some(selector.root()));
        assert!(s.matches(Some(doc("version: '1'\nother: x\n").root())));
    }
}
