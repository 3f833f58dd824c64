//! Which checks a scan runs: `--checks` and `--skip-checks`, and the Pod Security level.

use kubeward_checks::Check;
use kubeward_core::{Category, CheckMeta, PssLevel};

/// The frameworks a selection token can name.
const FRAMEWORKS: &[&str] = &[
    "cis",
    "nsa",
    "mitre",
    "pss",
    "pss-baseline",
    "pss-restricted",
];

/// Check selection from the command line. Each token is a check id, a category
/// (`security`, ...), or a framework (`cis`, `nsa`, `mitre`, `pss`, `pss-baseline`,
/// `pss-restricted`: the checks mapped to it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Run only checks matching one of these tokens (all checks when empty).
    pub only: Vec<String>,
    /// Never run checks matching one of these tokens.
    pub skip: Vec<String>,
    /// Evaluate pod templates against this Pod Security Standards level only (`--pss`).
    pub pss: Option<PssLevel>,
}

/// A selection token that names no check, category or framework.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown check, category or framework {token:?} in {flag}; use a check id from `kubeward checks`, a category (security, reliability, efficiency, hygiene) or a framework ({})", FRAMEWORKS.join(", "))]
pub struct UnknownSelector {
    /// The flag it was given to.
    pub flag: &'static str,
    /// The token.
    pub token: String,
}

fn token_matches(token: &str, meta: &CheckMeta) -> bool {
    let m = &meta.mappings;
    match token {
        "cis" => !m.cis.is_empty(),
        "nsa" => !m.nsa.is_empty(),
        "mitre" => !m.mitre.is_empty(),
        "pss" => m.pss.is_some(),
        "pss-baseline" => m.pss.is_some_and(|p| p.level == PssLevel::Baseline),
        "pss-restricted" => m.pss.is_some(),
        _ => token == meta.id || token.parse::<Category>().is_ok_and(|c| c == meta.category),
    }
}

fn known(token: &str, catalogue: &[&'static dyn Check]) -> bool {
    FRAMEWORKS.contains(&token)
        || token.parse::<Category>().is_ok()
        || catalogue.iter().any(|c| c.meta().id == token)
}

impl Selection {
    /// Checks out of `catalogue` that this selection runs, or the first unknown token.
    pub fn apply(
        &self,
        catalogue: Vec<&'static dyn Check>,
    ) -> Result<Vec<&'static dyn Check>, UnknownSelector> {
        for (flag, tokens) in [("--checks", &self.only), ("--skip-checks", &self.skip)] {
            if let Some(token) = tokens.iter().find(|t| !known(t, &catalogue)) {
                return Err(UnknownSelector {
                    flag,
                    token: token.clone(),
                });
            }
        }
        Ok(catalogue
            .into_iter()
            .filter(|c| {
                let meta = c.meta();
                (self.only.is_empty() || self.only.iter().any(|t| token_matches(t, meta)))
                    && !self.skip.iter().any(|t| token_matches(t, meta))
                    && self.pss.is_none_or(|_| meta.mappings.pss.is_some())
            })
            .collect())
    }
}
