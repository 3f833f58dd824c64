//! The scenario suite: each file under `tests/scenarios/` is a small cluster with its expected
//! answers written as comments:
//!
//! ```text
//! # expect: FROM -> TO 5432/TCP allowed|denied
//! # expect: FROM -> TO = 7000/TCP, 6000-6010/UDP     (the exact set of allowed ports)
//! # issue: LINE: MESSAGE                             (each issue the reader reports, in order)
//! ```
//!
//! Every answer is checked three ways: the pair evaluator, the class matrix, and the explanation.

mod common;

use kubeward_netpol::explain::{explain, resolve};
use kubeward_netpol::{Analysis, Cluster, atoms_for};

#[test]
fn every_scenario_gives_its_expected_answers() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let objects = common::objects(&text);
        let cluster = Cluster::from_objects(&objects, "default");
        let issues: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# issue: "))
            .collect();
        let found: Vec<String> = cluster
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.location.line, i.message))
            .collect();
        assert_eq!(found, issues, "{}", file.display());
        let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
        let matrix = analysis.matrix();
        for line in text.lines().filter_map(|l| l.strip_prefix("# expect: ")) {
            let context = format!("{}: {line}", file.display());
            let (from, rest) = line.split_once(" -> ").expect(&context);
            let (to, expected) = rest.split_once(' ').expect(&context);
            let from = resolve(&analysis, from, "default").expect(&context);
            let to = resolve(&analysis, to, "default").expect(&context);
            let ports = analysis.connection(from.party, to.party);
            assert_eq!(
                matrix.get(from.party, to.party),
                &ports,
                "{context}: matrix"
            );
            assert_eq!(
                explain(&analysis, from.party, to.party).allowed,
                ports,
                "{context}: explain"
            );
            if let Some(set) = expected.strip_prefix("= ") {
                assert_eq!(ports.to_string(), set, "{context}");
            } else {
                let (port, verdict) = expected.split_once(' ').expect(&context);
                let (protocol, number) = common::port(port);
                let allowed = match verdict {
                    "allowed" => true,
                    "denied" => false,
                    _ => panic!("{context}: bad verdict"),
                };
                assert_eq!(
                    ports.contains(protocol, number),
                    allowed,
                    "{context}: got {ports}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 80, "{checked}");
}

#[test]
fn port_numbers_out_of_range_are_rejected_as_such() {
    use kubeward_netpol::explain::resolve_port;
    let objects = common::objects(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}\n",
    );
    let cluster = Cluster::from_objects(&objects, "default");
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let to = resolve(&analysis, "x/a", "default").unwrap();
    for text in ["0", "70000", "70000/UDP"] {
        let error = resolve_port(&analysis, &to, text).unwrap_err();
        assert!(error.ends_with("ports run from 1 to 65535"), "{error}");
    }
    let http = resolve_port(&analysis, &to, "http").unwrap();
    assert_eq!(http, (kubeward_netpol::Protocol::Tcp, 8080));
}
