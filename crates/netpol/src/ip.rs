//! IP addresses and CIDR blocks of both families, and the partition of the address space into
//! "atoms": the ranges that no `ipBlock` boundary cuts, so every address of an atom is matched by
//! exactly the same peers.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}

impl Family {
    fn bits(self) -> u32 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }

    fn max(self) -> u128 {
        match self {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }
}

/// An address as a family and a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address {
    /// The family.
    pub family: Family,
    /// The address bits.
    pub value: u128,
}

impl From<IpAddr> for Address {
    fn from(ip: IpAddr) -> Address {
        match ip {
            IpAddr::V4(v4) => Address {
                family: Family::V4,
                value: u128::from(u32::from(v4)),
            },
            IpAddr::V6(v6) => Address {
                family: Family::V6,
                value: u128::from(v6),
            },
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.family {
            // Bounded by the family: a V4 value never exceeds u32::MAX.
            Family::V4 => Ipv4Addr::from(self.value as u32).fmt(f),
            Family::V6 => Ipv6Addr::from(self.value).fmt(f),
        }
    }
}

/// An inclusive range of addresses of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AddressRange {
    /// The family.
    pub family: Family,
    /// First address.
    pub first: u128,
    /// Last address (inclusive).
    pub last: u128,
}

impl AddressRange {
    /// Whether `address` is in the range.
    pub fn contains(&self, address: Address) -> bool {
        address.family == self.family && self.first <= address.value && address.value <= self.last
    }

    /// The whole address space of `family`.
    pub fn everything(family: Family) -> AddressRange {
        AddressRange {
            family,
            first: 0,
            last: family.max(),
        }
    }

    /// The fewest CIDR blocks that cover exactly this range.
    pub fn to_cidrs(&self) -> Vec<String> {
        let bits = self.family.bits();
        let mut cidrs = Vec::new();
        let mut start = self.first;
        loop {
            // The largest aligned block starting at `start` that does not pass `last`.
            let mut size_bits = if start == 0 {
                bits
            } else {
                start.trailing_zeros().min(bits)
            };
            while size_bits > 0 && block_last(start, size_bits) > self.last {
                size_bits -= 1;
            }
            let address = Address {
                family: self.family,
                value: start,
            };
            cidrs.push(format!("{address}/{}", bits - size_bits));
            let end = block_last(start, size_bits);
            if end >= self.last {
                return cidrs;
            }
            start = end + 1;
        }
    }
}

/// The last address of the block of 2^`size_bits` addresses starting at `start`.
fn block_last(start: u128, size_bits: u32) -> u128 {
    if size_bits >= 128 {
        u128::MAX
    } else {
        start.saturating_add((1u128 << size_bits) - 1)
    }
}

impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_cidrs().join(","))
    }
}

/// Parses a CIDR block as the API server does (`10.0.0.0/8`, `2001:db8::/32`); host bits set
/// after the prefix are masked away, as Go's `net.ParseCIDR` does.
pub fn parse_cidr(text: &str) -> Result<AddressRange, String> {
    let (address, prefix) = text
        .split_once('/')
        .ok_or_else(|| format!("{text:?} is not a CIDR block (no /prefix)"))?;
    let address: IpAddr = address
        .parse()
        .map_err(|_| format!("{text:?} is not a CIDR block (bad address)"))?;
    let address = Address::from(address);
    let bits = address.family.bits();
    let prefix: u32 = prefix
        .parse()
        .ok()
        .filter(|p| *p <= bits)
        .ok_or_else(|| format!("{text:?} is not a CIDR block (bad prefix length)"))?;
    let host_bits = bits - prefix;
    let host_mask = if host_bits == 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    Ok(AddressRange {
        family: address.family,
        first: address.value & !host_mask,
        last: (address.value & !host_mask) | host_mask,
    })
}

/// The address space cut at every boundary of a set of ranges: each atom is either inside or
/// outside each range, whole.
#[derive(Debug, Clone)]
pub struct Atoms {
    atoms: Vec<AddressRange>,
}

/// The index of an atom in [`Atoms`].
pub type AtomId = usize;

impl Atoms {
    /// Cuts both address spaces at the boundaries of `ranges`.
    pub fn new<'r>(ranges: impl IntoIterator<Item = &'r AddressRange>) -> Atoms {
        let mut starts: Vec<(Family, u128)> = vec![(Family::V4, 0), (Family::V6, 0)];
        for range in ranges {
            starts.push((range.family, range.first));
            if range.last < range.family.max() {
                starts.push((range.family, range.last + 1));
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let atoms = starts
            .iter()
            .enumerate()
            .map(|(i, &(family, first))| {
                let last = match starts.get(i + 1) {
                    Some(&(next_family, next)) if next_family == family => next - 1,
                    _ => family.max(),
                };
                AddressRange {
                    family,
                    first,
                    last,
                }
            })
            .collect();
        Atoms { atoms }
    }

    /// Every atom, by address.
    pub fn ranges(&self) -> &[AddressRange] {
        &self.atoms
    }

    /// The atom holding `address`.
    pub fn atom_of(&self, address: Address) -> AtomId {
        let key = (address.family, address.value);
        self.atoms
            .partition_point(|a| (a.family, a.first) <= key)
            .saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> Address {
        Address::from(text.parse::<IpAddr>().unwrap())
    }

    #[test]
    fn cidrs_mask_host_bits_and_reject_garbage() {
        let block = parse_cidr("10.1.2.3/16").unwrap();
        assert_eq!(block.to_string(), "10.1.0.0/16");
        assert!(block.contains(address("10.1.255.255")) && !block.contains(address("10.2.0.0")));
        assert_eq!(
            parse_cidr("0.0.0.0/0").unwrap(),
            AddressRange::everything(Family::V4)
        );
        assert_eq!(
            parse_cidr("::/0").unwrap(),
            AddressRange::everything(Family::V6)
        );
        assert!(
            parse_cidr("2001:db8::/32")
                .unwrap()
                .contains(address("2001:db8::1"))
        );
        assert!(
            !parse_cidr("2001:db8::/32")
                .unwrap()
                .contains(address("10.0.0.1"))
        );
        for bad in ["10.0.0.0", "10.0.0.0/33", "x/8", "::/129", "10.0.0.0/-1"] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_print_as_the_fewest_cidrs() {
        let range = AddressRange {
            family: Family::V4,
            first: u128::from(u32::from(Ipv4Addr::new(10, 0, 0, 0))),
            last: u128::from(u32::from(Ipv4Addr::new(10, 0, 2, 255))),
        };
        assert_eq!(range.to_cidrs(), ["10.0.0.0/23", "10.0.2.0/24"]);
        assert_eq!(AddressRange::everything(Family::V6).to_string(), "::/0");
    }

    #[test]
    fn atoms_split_at_every_boundary() {
        let blocks = [
            parse_cidr("10.0.0.0/8").unwrap(),
            parse_cidr("10.1.0.0/16").unwrap(),
        ];
        let atoms = Atoms::new(&blocks);
        let names: Vec<String> = atoms.ranges().iter().map(|a| a.to_string()).collect();
        assert_eq!(names.len(), 6, "{names:?}");
        assert_eq!(names[1], "10.0.0.0/16");
        assert_eq!(
            atoms.atom_of(address("10.1.3.4")),
            atoms.atom_of(address("10.1.0.0"))
        );
        assert_ne!(
            atoms.atom_of(address("10.1.3.4")),
            atoms.atom_of(address("10.2.0.0"))
        );
        assert_eq!(
            atoms.ranges()[atoms.atom_of(address("::1"))].family,
            Family::V6
        );
    }
}
