//! The NetworkPolicy vocabulary that the checks and the NetworkPolicy analyzer share.

use kubeward_yaml::NodeRef;

/// A direction of traffic a NetworkPolicy can isolate, as `policyTypes` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Traffic into the selected pods.
    Ingress,
    /// Traffic out of the selected pods.
    Egress,
}

impl Direction {
    /// Both directions.
    pub const BOTH: [Direction; 2] = [Direction::Ingress, Direction::Egress];

    /// The `policyTypes` value: `Ingress` or `Egress`.
    pub fn policy_type(self) -> &'static str {
        match self {
            Direction::Ingress => "Ingress",
            Direction::Egress => "Egress",
        }
    }

    /// The spec field holding the rules, `ingress` or `egress`; also the direction's name in
    /// messages.
    pub fn rules_field(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    /// The rule field holding the peers: `from` or `to`.
    pub fn peers_field(self) -> &'static str {
        match self {
            Direction::Ingress => "from",
            Direction::Egress => "to",
        }
    }
}

/// Whether a NetworkPolicy with `spec` isolates the pods it selects for `direction`: the
/// directions `policyTypes` lists, or, when it lists none, Ingress always and Egress when the
/// policy has egress rules.
pub fn isolates(spec: Option<NodeRef<'_>>, direction: Direction) -> bool {
    match spec
        .and_then(|s| s.get("policyTypes"))
        .filter(|t| !t.is_empty())
    {
        Some(types) => types
            .items()
            .any(|t| t.as_str() == Some(direction.policy_type())),
        None => {
            direction == Direction::Ingress
                || spec
                    .and_then(|s| s.get("egress"))
                    .is_some_and(|e| !e.is_empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Direction, isolates};
    use kubeward_yaml::{Limits, parse_stream};

    fn both(spec: &str) -> (bool, bool) {
        let doc = parse_stream(spec.as_bytes(), &Limits::default())
            .remove(0)
            .unwrap()
            .unwrap();
        let spec = Some(doc.root());
        (
            isolates(spec, Direction::Ingress),
            isolates(spec, Direction::Egress),
        )
    }

    #[test]
    fn policy_types_default_to_ingress_and_egress_with_egress_rules() {
        assert_eq!(both("podSelector: {}\n"), (true, false));
        assert_eq!(both("egress: [{}]\n"), (true, true));
        assert_eq!(both("egress: []\n"), (true, false));
        assert_eq!(both("policyTypes: [Egress]\n"), (false, true));
        assert_eq!(both("policyTypes: []\negress: [{}]\n"), (true, true));
        assert_eq!(both("policyTypes: [1]\n"), (false, false));
    }
}
