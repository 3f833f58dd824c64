use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build by default.
    Info,
    /// Hardening or hygiene.
    Low,
    /// A real weakness with limited reach.
    Medium,
    /// A serious weakness: a container escape path or an outage waiting to happen.
    High,
    /// Direct compromise of the node or cluster.
    Critical,
}

impl Severity {
    /// All severities, most severe first.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in config files, flags and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What a check protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Privileges, exposure, secrets, supply chain.
    Security,
    /// Probes, replicas, disruption.
    Reliability,
    /// Requests, limits, cost.
    Efficiency,
    /// Conventions, labels, placement.
    Hygiene,
}

impl Category {
    /// All categories.
    pub const ALL: [Category; 4] = [
        Category::Security,
        Category::Reliability,
        Category::Efficiency,
        Category::Hygiene,
    ];

    /// The lowercase name used in config files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::Efficiency => "efficiency",
            Category::Hygiene => "hygiene",
        }
    }
}

/// A severity or category name that is not one of the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLevelError {
    /// What was given.
    pub given: String,
    /// What would have been accepted.
    pub expected: &'static str,
}

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown value {:?}, expected one of: {}",
            self.given, self.expected
        )
    }
}

impl std::error::Error for ParseLevelError {}

macro_rules! names {
    ($t:ty, $expected:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = ParseLevelError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::ALL
                    .into_iter()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| ParseLevelError {
                        given: s.to_owned(),
                        expected: $expected,
                    })
            }
        }
    };
}

names!(Severity, "critical, high, medium, low, info");
names!(Category, "security, reliability, efficiency, hygiene");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!(
            "severe"
                .parse::<Severity>()
                .unwrap_err()
                .to_string()
                .contains("critical, high")
        );
        assert_eq!("hygiene".parse::<Category>(), Ok(Category::Hygiene));
    }
}
