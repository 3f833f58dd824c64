//! Differential test against network-config-analyzer (`pip install network-config-analyzer`,
//! installed by `.ci/run`), an independent implementation of the same semantics: on random
//! clusters, every pod-to-pod and pod-to-address answer must agree on every probed port.
//!
//! Pods get no `status.podIP` and no `hostNetwork` here: network-config-analyzer does not match
//! pod addresses with ipBlocks, and leaves host-network pods out.

mod common;

use std::net::IpAddr;
use std::process::Command;

use common::generate::{self, Options, PROBE_ADDRESSES, PROBE_PORTS};
use kubeward_netpol::ip::Address;
use kubeward_netpol::{Analysis, Cluster, atoms_for, nca};

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

fn compare(seed: u64, dir: &std::path::Path) -> usize {
    let yaml = generate::cluster(
        seed,
        Options {
            pod_ips: false,
            host_network: false,
            scale: 4,
            avoid_nca_deviations: true,
            owners: false,
        },
    );
    let file = format!("cluster-{seed}.yaml");
    std::fs::write(dir.join(&file), &yaml).unwrap();
    let output = Command::new("nca")
        .current_dir(dir)
        .args([
            "--connectivity",
            &file,
            "--pod_list",
            &file,
            "--ns_list",
            &file,
        ])
        .args(["--output_format", "txt_no_fw_rules", "--print_ipv6"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains("Error:") && !stderr.contains("Error:"),
        "nca failed on seed {seed}:\n{stdout}{stderr}\n{yaml}"
    );
    let answers =
        nca::parse_connectivity(&stdout).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{stdout}"));
    let objects = common::objects(&yaml);
    let cluster = Cluster::from_objects(&objects, "default");
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let addresses: Vec<Address> = PROBE_ADDRESSES
        .iter()
        .map(|a| Address::from(a.parse::<IpAddr>().unwrap()))
        .collect();
    nca::compare(
        &analysis,
        &analysis.matrix(),
        &answers,
        &addresses,
        PROBE_PORTS,
    )
    .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{yaml}\n{stdout}"))
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
