//! Differential test against network-config-analyzer (`pip install network-config-analyzer`,
//! installed by `.ci/run`), an independent implementation of the same semantics: on random
//! clusters, every pod-to-pod and pod-to-address answer must agree on every probed port.
//!
//! Pods get no `status.podIP` and no `hostNetwork` here: network-config-analyzer does not match
//! pod addresses with ipBlocks, and leaves host-network pods out.

mod common;

use std::collections::HashMap;
use std::net::IpAddr;
use std::process::Command;

use common::generate::{self, Options, PROBE_ADDRESSES, PROBE_PORTS};
use kubeward_netpol::ip::Address;
use kubeward_netpol::{Analysis, Cluster, Party, PortSet, Protocol, atoms_for};

/// Whether `nca` runs; in CI its absence is a failure, elsewhere the test is skipped.
fn nca_available() -> bool {
    let found = Command::new("nca")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let message =
            "network-config-analyzer (`nca`) is not installed: pip install network-config-analyzer";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("skipping the network-config-analyzer comparison: {message}");
    }
    found
}

/// One side of an `nca` answer line.
#[derive(Debug, Clone)]
enum NcaEnd {
    Pod(String),
    Ranges(Vec<(Address, Address)>),
}

fn parse_address(text: &str) -> Address {
    Address::from(
        text.parse::<IpAddr>()
            .unwrap_or_else(|_| panic!("address {text:?}")),
    )
}

fn parse_end(text: &str) -> NcaEnd {
    if let Some(pod) = text.strip_suffix("[Pod]") {
        return NcaEnd::Pod(pod.to_owned());
    }
    let ranges = text
        .split(',')
        .map(|range| match range.split_once('-') {
            Some((first, last)) => (parse_address(first), parse_address(last)),
            None => {
                let block = kubeward_netpol::ip::parse_cidr(range)
                    .or_else(|_| {
                        kubeward_netpol::ip::parse_cidr(&format!(
                            "{range}/{}",
                            if range.contains(':') { 128 } else { 32 }
                        ))
                    })
                    .unwrap_or_else(|e| panic!("{e}"));
                let at = |value| Address {
                    family: block.family,
                    value,
                };
                (at(block.first), at(block.last))
            }
        })
        .collect();
    NcaEnd::Ranges(ranges)
}

/// The protocols a `protocols:` value names, among those NetworkPolicies know.
fn parse_protocols(text: &str) -> Vec<Protocol> {
    let (negated, list) = match text.strip_prefix("all but ") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let named: Vec<Protocol> = list.split(", ").filter_map(Protocol::parse).collect();
    Protocol::ALL
        .into_iter()
        .filter(|p| named.contains(p) != negated || text == "*")
        .collect()
}

fn parse_ports(text: &str) -> Vec<(u16, u16)> {
    text.split(',')
        .map(|item| match item.split_once('-') {
            Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
            None => {
                let port = item.parse().unwrap_or_else(|_| panic!("port {item:?}"));
                (port, port)
            }
        })
        .collect()
}

/// A connection string: `All connections`, `{protocols:TCP, UDP,dst_ports:53,80-90}`, several
/// such cubes, or a bare port list (every protocol).
fn parse_connection(text: &str) -> PortSet {
    if text == "All connections" {
        return PortSet::all();
    }
    let mut set = PortSet::none();
    if !text.starts_with('{') {
        for (first, last) in parse_ports(text) {
            for protocol in Protocol::ALL {
                set.extend(&PortSet::range(protocol, first, last));
            }
        }
        return set;
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
        let protocols = parse_protocols(
            protocols
                .strip_prefix("protocols:")
                .unwrap_or_else(|| panic!("cube {cube:?}")),
        );
        for protocol in protocols {
            match ports {
                None => set.extend(&PortSet::protocol(protocol)),
                Some(ports) => {
                    for (first, last) in parse_ports(ports) {
                        set.extend(&PortSet::range(protocol, first, last));
                    }
                }
            }
        }
    }
    set
}

/// Runs `nca` on a cluster file; the allowed ports per (source, destination) line ends.
fn nca_connectivity(dir: &std::path::Path, file: &str) -> Vec<(NcaEnd, NcaEnd, PortSet)> {
    let output = Command::new("nca")
        .current_dir(dir)
        .args([
            "--connectivity",
            file,
            "--pod_list",
            file,
            "--ns_list",
            file,
        ])
        .args(["--output_format", "txt_no_fw_rules", "--print_ipv6"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains("Error:") && !stderr.contains("Error:"),
        "nca failed on {file}:\n{stdout}{stderr}"
    );
    stdout
        .lines()
        .filter_map(|line| {
            let (ends, connection) = line.split_once(" : ")?;
            let (from, to) = ends.split_once(" => ")?;
            Some((parse_end(from), parse_end(to), parse_connection(connection)))
        })
        .collect()
}

fn end_covers(end: &NcaEnd, name: &str, address: Option<Address>) -> bool {
    match (end, address) {
        (NcaEnd::Pod(pod), None) => pod == name,
        (NcaEnd::Ranges(ranges), Some(address)) => ranges.iter().any(|(first, last)| {
            first.family == address.family && *first <= address && address <= *last
        }),
        _ => false,
    }
}

fn compare(seed: u64, dir: &std::path::Path) -> usize {
    let yaml = generate::cluster(
        seed,
        Options {
            pod_ips: false,
            host_network: false,
        },
    );
    let file = format!("cluster-{seed}.yaml");
    std::fs::write(dir.join(&file), &yaml).unwrap();
    let nca = nca_connectivity(dir, &file);
    let objects = common::objects(&yaml);
    let cluster = Cluster::from_objects(&objects, "default");
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let matrix = analysis.matrix();
    // (name, address, party): pods by name, probe addresses by address.
    let mut sides: Vec<(String, Option<Address>, Party)> = cluster
        .endpoints
        .iter()
        .enumerate()
        .map(|(e, endpoint)| {
            (
                format!("{}/{}", endpoint.namespace, endpoint.name),
                None,
                Party::Pods(analysis.endpoint_classes[e][0]),
            )
        })
        .collect();
    for text in PROBE_ADDRESSES {
        let address = parse_address(text);
        sides.push((
            text.to_string(),
            Some(address),
            Party::External(analysis.atoms.atom_of(address)),
        ));
    }
    let mut compared = 0;
    let mut answers: HashMap<(usize, usize), PortSet> = HashMap::new();
    for (i, (from, from_address, _)) in sides.iter().enumerate() {
        for (j, (to, to_address, _)) in sides.iter().enumerate() {
            let mut set = PortSet::none();
            for (nca_from, nca_to, ports) in &nca {
                if end_covers(nca_from, from, *from_address) && end_covers(nca_to, to, *to_address)
                {
                    set.extend(ports);
                }
            }
            answers.insert((i, j), set);
        }
    }
    for (i, (from, from_address, from_party)) in sides.iter().enumerate() {
        for (j, (to, to_address, to_party)) in sides.iter().enumerate() {
            // nca leaves out a pod's traffic to itself, and outside-to-outside is nobody's.
            if i == j || (from_address.is_some() && to_address.is_some()) {
                continue;
            }
            let ours = matrix.get(*from_party, *to_party);
            let theirs = &answers[&(i, j)];
            for protocol in Protocol::ALL {
                for &port in PROBE_PORTS {
                    assert_eq!(
                        ours.contains(protocol, port),
                        theirs.contains(protocol, port),
                        "seed {seed}: {from} -> {to} {port}/{protocol}: kubeward says {ours}, nca says {theirs}\n{yaml}"
                    );
                    compared += 1;
                }
            }
        }
    }
    compared
}

#[test]
fn kubeward_agrees_with_network_config_analyzer_on_random_clusters() {
    if !nca_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<u64> = (1000..1040).collect();
    // Two workers: each nca run is a separate Python process.
    let compared: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = seeds
            .chunks(seeds.len() / 2)
            .map(|chunk| {
                scope.spawn(|| {
                    chunk
                        .iter()
                        .map(|&seed| compare(seed, dir.path()))
                        .sum::<usize>()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert!(compared > 50_000, "{compared}");
}

#[test]
fn connection_strings_parse_as_nca_prints_them() {
    assert!(parse_connection("All connections").is_all());
    let set = parse_connection("{protocols:TCP, UDP,dst_ports:53,8000-8100}");
    assert!(
        set.contains(Protocol::Udp, 53)
            && set.contains(Protocol::Tcp, 8050)
            && !set.contains(Protocol::Sctp, 53)
    );
    let set = parse_connection("{protocols:all but TCP}");
    assert!(set.contains(Protocol::Udp, 1) && !set.contains(Protocol::Tcp, 1));
    assert_eq!(
        parse_connection("{protocols:TCP,dst_ports:80}{protocols:SCTP}").to_string(),
        "80/TCP, */SCTP"
    );
}
