//! Sets of ports per protocol, as sorted, disjoint, non-adjacent inclusive intervals.

use std::fmt;

use serde::Serialize;

/// A transport protocol a NetworkPolicy port can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Protocol {
    /// `TCP`, the default.
    Tcp,
    /// `UDP`.
    Udp,
    /// `SCTP`.
    Sctp,
}

impl Protocol {
    /// Every protocol, in display order.
    pub const ALL: [Protocol; 3] = [Protocol::Tcp, Protocol::Udp, Protocol::Sctp];

    /// Reads a protocol name as the API writes it (`TCP`, `UDP`, `SCTP`).
    pub fn parse(text: &str) -> Option<Protocol> {
        match text {
            "TCP" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            "SCTP" => Some(Protocol::Sctp),
            _ => None,
        }
    }

    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The lowest and highest port a connection can use.
pub const MIN_PORT: u16 = 1;
/// See [`MIN_PORT`].
pub const MAX_PORT: u16 = 65535;

/// One protocol's ports from `first` to `last`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PortRange {
    /// The protocol.
    pub protocol: Protocol,
    /// First port.
    pub first: u16,
    /// Last port (inclusive).
    pub last: u16,
}

/// A set of (protocol, port) pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PortSet {
    /// Sorted by protocol then port; ranges of one protocol neither overlap nor touch.
    ranges: Vec<PortRange>,
}

impl PortSet {
    /// No port.
    pub fn none() -> PortSet {
        PortSet::default()
    }

    /// Every port of every protocol.
    pub fn all() -> PortSet {
        PortSet {
            ranges: Protocol::ALL
                .iter()
                .map(|&protocol| PortRange {
                    protocol,
                    first: MIN_PORT,
                    last: MAX_PORT,
                })
                .collect(),
        }
    }

    /// Every port of one protocol.
    pub fn protocol(protocol: Protocol) -> PortSet {
        PortSet::range(protocol, MIN_PORT, MAX_PORT)
    }

    /// Ports `first..=last` of `protocol` (empty when `first > last`).
    pub fn range(protocol: Protocol, first: u16, last: u16) -> PortSet {
        let first = first.max(MIN_PORT);
        let ranges = if first <= last {
            vec![PortRange {
                protocol,
                first,
                last,
            }]
        } else {
            Vec::new()
        };
        PortSet { ranges }
    }

    /// Whether the set holds no port.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether the set holds every port of every protocol.
    pub fn is_all(&self) -> bool {
        *self == PortSet::all()
    }

    /// Whether `port` of `protocol` is in the set.
    pub fn contains(&self, protocol: Protocol, port: u16) -> bool {
        self.ranges
            .iter()
            .any(|r| r.protocol == protocol && r.first <= port && port <= r.last)
    }

    /// The ranges, sorted by protocol then port.
    pub fn ranges(&self) -> &[PortRange] {
        &self.ranges
    }

    /// The ports in either set.
    pub fn union(&self, other: &PortSet) -> PortSet {
        if other.ranges.is_empty() {
            return self.clone();
        }
        let mut all: Vec<PortRange> = self.ranges.iter().chain(&other.ranges).copied().collect();
        all.sort_unstable();
        let mut ranges: Vec<PortRange> = Vec::with_capacity(all.len());
        for range in all {
            match ranges.last_mut() {
                Some(last)
                    if last.protocol == range.protocol
                        && u32::from(range.first) <= u32::from(last.last) + 1 =>
                {
                    last.last = last.last.max(range.last);
                }
                _ => ranges.push(range),
            }
        }
        PortSet { ranges }
    }

    /// Adds `other`'s ports to this set.
    pub fn extend(&mut self, other: &PortSet) {
        if !other.is_empty() {
            *self = self.union(other);
        }
    }

    /// The ports in both sets.
    pub fn intersection(&self, other: &PortSet) -> PortSet {
        let mut ranges = Vec::new();
        for a in &self.ranges {
            for b in other.ranges.iter().filter(|b| b.protocol == a.protocol) {
                let (first, last) = (a.first.max(b.first), a.last.min(b.last));
                if first <= last {
                    ranges.push(PortRange {
                        protocol: a.protocol,
                        first,
                        last,
                    });
                }
            }
        }
        ranges.sort_unstable();
        PortSet { ranges }
    }

    /// The ports in this set and not in `other`.
    pub fn difference(&self, other: &PortSet) -> PortSet {
        let mut ranges = Vec::new();
        for a in &self.ranges {
            let mut pieces = vec![(a.first, a.last)];
            for b in other.ranges.iter().filter(|b| b.protocol == a.protocol) {
                pieces = pieces
                    .into_iter()
                    .flat_map(|(first, last)| {
                        let mut left = Vec::with_capacity(2);
                        if b.last < first || b.first > last {
                            left.push((first, last));
                        } else {
                            if b.first > first {
                                left.push((first, b.first - 1));
                            }
                            if b.last < last {
                                left.push((b.last + 1, last));
                            }
                        }
                        left
                    })
                    .collect();
            }
            ranges.extend(pieces.into_iter().map(|(first, last)| PortRange {
                protocol: a.protocol,
                first,
                last,
            }));
        }
        PortSet { ranges }
    }

    /// Whether every port of this set is in `other`.
    pub fn is_subset(&self, other: &PortSet) -> bool {
        self.difference(other).is_empty()
    }
}

impl fmt::Display for PortSet {
    /// `5432/TCP, 6000-6010/UDP, */SCTP`; `*` for every port of every protocol, `none` for none.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        if self.is_all() {
            return f.write_str("*");
        }
        for (i, r) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match (r.first, r.last) {
                (MIN_PORT, MAX_PORT) => write!(f, "*/{}", r.protocol)?,
                (first, last) if first == last => write!(f, "{first}/{}", r.protocol)?,
                (first, last) => write!(f, "{first}-{last}/{}", r.protocol)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_merges_overlapping_and_adjacent_ranges() {
        let a =
            PortSet::range(Protocol::Tcp, 80, 90).union(&PortSet::range(Protocol::Tcp, 91, 100));
        assert_eq!(a, PortSet::range(Protocol::Tcp, 80, 100));
        let b = a.union(&PortSet::range(Protocol::Udp, 53, 53));
        assert_eq!(b.to_string(), "80-100/TCP, 53/UDP");
        assert!(PortSet::none().union(&PortSet::all()).is_all());
    }

    #[test]
    fn intersection_and_difference_are_exact() {
        let a = PortSet::range(Protocol::Tcp, 1, 100);
        let b = PortSet::range(Protocol::Tcp, 50, 200).union(&PortSet::protocol(Protocol::Udp));
        assert_eq!(a.intersection(&b), PortSet::range(Protocol::Tcp, 50, 100));
        assert_eq!(a.difference(&b), PortSet::range(Protocol::Tcp, 1, 49));
        let hole = PortSet::all().difference(&PortSet::range(Protocol::Tcp, 443, 443));
        assert_eq!(hole.to_string(), "1-442/TCP, 444-65535/TCP, */UDP, */SCTP");
        assert!(!hole.contains(Protocol::Tcp, 443) && hole.contains(Protocol::Tcp, 444));
        assert!(a.is_subset(&PortSet::all()) && !PortSet::all().is_subset(&a));
    }

    #[test]
    fn empty_ranges_are_empty_sets() {
        assert!(PortSet::range(Protocol::Tcp, 90, 80).is_empty());
        assert!(PortSet::range(Protocol::Tcp, 0, 0).is_empty());
        assert_eq!(PortSet::none().to_string(), "none");
    }
}
