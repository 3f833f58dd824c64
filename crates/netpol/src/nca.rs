//! Reading network-config-analyzer's connectivity answers (`nca --connectivity ...
//! --output_format txt_no_fw_rules --print_ipv6`), and comparing them with kubeward's: the
//! differential test and the benchmark ask both tools the same questions.
//!
//! `nca` leaves out a pod's traffic to itself, does not match pod addresses with ipBlocks, and
//! names pods `namespace/name[Pod]` and outside addresses by ranges (`10.0.0.0-10.0.255.255`).

use crate::engine::{Analysis, Matrix, Party};
use crate::ip::{Address, parse_cidr};
use crate::ports::{PortSet, Protocol};

/// One end of an `nca` answer line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// `namespace/name` of a pod.
    Pod(String),
    /// Ranges of outside addresses, inclusive.
    Ranges(Vec<(Address, Address)>),
}

/// One answer line: the ports allowed from one end to the other.
pub type Answer = (End, End, PortSet);

fn parse_address(text: &str) -> Result<Address, String> {
    text.parse::<std::net::IpAddr>()
        .map(Address::from)
        .map_err(|_| format!("{text:?} is not an address"))
}

fn parse_end(text: &str) -> Result<End, String> {
    if let Some(pod) = text.strip_suffix("[Pod]") {
        return Ok(End::Pod(pod.to_owned()));
    }
    text.split(',')
        .map(|range| match range.split_once('-') {
            Some((first, last)) => Ok((parse_address(first)?, parse_address(last)?)),
            None => {
                let block = parse_cidr(range)?;
                let at = |value| Address {
                    family: block.family,
                    value,
                };
                Ok((at(block.first), at(block.last)))
            }
        })
        .collect::<Result<_, String>>()
        .map(End::Ranges)
}

/// The protocols a `protocols:` value names (`TCP, UDP`, `all but TCP`, `*`), among those
/// NetworkPolicies know.
fn parse_protocols(text: &str) -> Vec<Protocol> {
    if text == "*" {
        return Protocol::ALL.to_vec();
    }
    let (negated, list) = match text.strip_prefix("all but ") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let named: Vec<Protocol> = list.split(", ").filter_map(Protocol::parse).collect();
    Protocol::ALL
        .into_iter()
        .filter(|p| named.contains(p) != negated)
        .collect()
}

fn parse_ports(text: &str) -> Result<Vec<(u16, u16)>, String> {
    let number = |t: &str| t.parse::<u16>().map_err(|_| format!("{t:?} is not a port"));
    text.split(',')
        .map(|item| match item.split_once('-') {
            Some((a, b)) => Ok((number(a)?, number(b)?)),
            None => number(item).map(|p| (p, p)),
        })
        .collect()
}

/// A connection string: `All connections`, cubes such as `{protocols:TCP, UDP,dst_ports:53}`,
/// or a bare port list (every protocol).
pub fn parse_connection(text: &str) -> Result<PortSet, String> {
    if text == "All connections" {
        return Ok(PortSet::all());
    }
    let mut set = PortSet::none();
    let add =
        |set: &mut PortSet, protocols: &[Protocol], ports: Option<&str>| -> Result<(), String> {
            for &protocol in protocols {
                match ports {
                    None => set.extend(&PortSet::protocol(protocol)),
                    Some(ports) => {
                        for (first, last) in parse_ports(ports)? {
                            set.extend(&PortSet::range(protocol, first, last));
                        }
                    }
                }
            }
            Ok(())
        };
    if !text.starts_with('{') {
        add(&mut set, &Protocol::ALL, Some(text))?;
        return Ok(set);
    }
    for cube in text.split('{').filter(|c| !c.is_empty()) {
        let cube = cube.trim_end_matches([',', '}']);
        let (protocols, ports) = match cube.split_once(",dst_ports:") {
            Some((protocols, ports)) => (protocols, Some(ports)),
            None => match cube.strip_prefix("dst_ports:") {
                Some(ports) => ("protocols:*", Some(ports)),
                None => (cube, None),
            },
        };
        let protocols = protocols
            .strip_prefix("protocols:")
            .ok_or_else(|| format!("unexpected connection cube {cube:?}"))?;
        add(&mut set, &parse_protocols(protocols), ports)?;
    }
    Ok(set)
}

/// The answer lines of `nca`'s standard output (other lines are skipped).
pub fn parse_connectivity(stdout: &str) -> Result<Vec<Answer>, String> {
    stdout
        .lines()
        .filter_map(|line| {
            let (ends, connection) = line.split_once(" : ")?;
            let (from, to) = ends.split_once(" => ")?;
            Some((|| {
                Ok((
                    parse_end(from)?,
                    parse_end(to)?,
                    parse_connection(connection)?,
                ))
            })())
        })
        .collect()
}

fn covers(end: &End, pod: Option<&str>, address: Option<Address>) -> bool {
    match (end, pod, address) {
        (End::Pod(name), Some(pod), _) => name == pod,
        (End::Ranges(ranges), _, Some(address)) => ranges.iter().any(|(first, last)| {
            first.family == address.family && *first <= address && address <= *last
        }),
        _ => false,
    }
}

/// Compares `nca`'s answers with kubeward's matrix for every pair of distinct pods read (by
/// name, pods without an address only) and every pod with each of `addresses`, on every protocol
/// and each of `ports`. Returns the number of answers compared, or the first disagreement.
pub fn compare(
    analysis: &Analysis<'_, '_>,
    matrix: &Matrix,
    answers: &[Answer],
    addresses: &[Address],
    ports: &[u16],
) -> Result<usize, String> {
    let mut sides: Vec<(String, Option<Address>, Party)> = Vec::new();
    for (e, endpoint) in analysis.cluster.endpoints.iter().enumerate() {
        for (i, pod) in endpoint.pods.iter().enumerate() {
            let name = format!("{}/{}", endpoint.namespace, pod.name);
            sides.push((name, None, Party::Pods(analysis.pod_class(e, i))));
        }
    }
    for &address in addresses {
        let party = Party::External(analysis.atoms.atom_of(address));
        sides.push((address.to_string(), Some(address), party));
    }
    let mut compared = 0;
    for (i, (from, from_address, from_party)) in sides.iter().enumerate() {
        for (j, (to, to_address, to_party)) in sides.iter().enumerate() {
            if i == j || (from_address.is_some() && to_address.is_some()) {
                continue;
            }
            let mut theirs = PortSet::none();
            let (from_pod, to_pod) = (
                from_address.is_none().then_some(from.as_str()),
                to_address.is_none().then_some(to.as_str()),
            );
            for (a, b, set) in answers {
                if covers(a, from_pod, *from_address) && covers(b, to_pod, *to_address) {
                    theirs.extend(set);
                }
            }
            let ours = matrix.get(*from_party, *to_party);
            for protocol in Protocol::ALL {
                for &port in ports {
                    if ours.contains(protocol, port) != theirs.contains(protocol, port) {
                        return Err(format!(
                            "{from} -> {to} {port}/{protocol}: kubeward allows {ours}, network-config-analyzer {theirs}"
                        ));
                    }
                    compared += 1;
                }
            }
        }
    }
    Ok(compared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings_parse_as_nca_prints_them() {
        assert!(parse_connection("All connections").unwrap().is_all());
        let set = parse_connection("{protocols:TCP, UDP,dst_ports:53,8000-8100}").unwrap();
        assert!(set.contains(Protocol::Udp, 53) && set.contains(Protocol::Tcp, 8050));
        assert!(!set.contains(Protocol::Sctp, 53));
        let set = parse_connection("{protocols:all but TCP}").unwrap();
        assert!(set.contains(Protocol::Udp, 1) && !set.contains(Protocol::Tcp, 1));
        let set = parse_connection("{protocols:TCP,dst_ports:80}{protocols:SCTP}").unwrap();
        assert_eq!(set.to_string(), "80/TCP, */SCTP");
        assert!(parse_connection("{ports:1}").is_err());
    }

    #[test]
    fn answer_lines_name_pods_and_address_ranges() {
        let answers = parse_connectivity(
            "global: cluster has 2 unique endpoints\nns/a[Pod] => 10.0.0.0-10.0.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All connections\n",
        )
        .unwrap();
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].0, End::Pod("ns/a".into()));
        let inside = parse_address("10.0.3.4").unwrap();
        assert!(covers(&answers[0].1, None, Some(inside)));
        assert!(!covers(
            &answers[0].1,
            None,
            Some(parse_address("10.1.0.0").unwrap())
        ));
    }
}
