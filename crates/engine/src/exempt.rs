//! Which findings are exempted, and why.

use kubeward_config::Config;
use kubeward_core::{Exemption, ExemptionSource, Finding, Object};

use crate::{EXEMPT_ANNOTATION, EXEMPT_REASON_ANNOTATION};

/// An object's own exemption annotation, parsed.
pub(crate) struct SelfExemption {
    checks: Vec<String>,
    reason: String,
}

pub(crate) fn from_annotations(object: &Object, allowed: bool) -> Option<SelfExemption> {
    if !allowed {
        return None;
    }
    let list = object.annotation(EXEMPT_ANNOTATION)?;
    let checks = list
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    let reason = object
        .annotation(EXEMPT_REASON_ANNOTATION)
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("no reason given")
        .to_owned();
    Some(SelfExemption { checks, reason })
}

/// The exemption that applies to `finding`: the configuration's first, then the object's own.
pub(crate) fn find(
    config: &Config,
    own: Option<&SelfExemption>,
    finding: &Finding,
) -> Option<Box<Exemption>> {
    if let Some(rule) = config.exemption(finding.check, &finding.object) {
        return Some(Box::new(Exemption {
            source: ExemptionSource::Config,
            reason: rule.reason.clone(),
        }));
    }
    own.filter(|own| own.checks.iter().any(|c| c == finding.check || c == "*"))
        .map(|own| {
            Box::new(Exemption {
                source: ExemptionSource::Annotation,
                reason: own.reason.clone(),
            })
        })
}
