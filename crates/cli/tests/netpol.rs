//! `kubeward netpol` end to end, on the bundled example (examples/netpol).

mod common;
use common::repo;

use assert_cmd::Command;
use serde_json::Value;

const SHOP: &str = "examples/netpol/shop";

fn netpol(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("kubeward")
        .unwrap()
        .current_dir(repo())
        .arg("netpol")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = netpol(args);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, value)
}

/// `netpol check SHOP --from FROM --to TO [--port PORT] EXTRA...`.
fn check(from: &str, to: &str, port: Option<&str>, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check", SHOP, "--from", from, "--to", to];
    args.extend(port.map(|p| ["--port", p]).into_iter().flatten());
    args.extend(extra);
    netpol(&args)
}

#[test]
fn check_explains_an_allowed_connection_and_exits_0() {
    let (code, out, _) = check("shop/frontend", "shop/cart", Some("http"), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("allowed: Deployment shop/frontend -> Deployment shop/cart on 8000/TCP\n"),
        "{out}"
    );
    assert!(
        out.contains("egress isolated by shop/allow-dns, shop/default-deny, shop/frontend"),
        "{out}"
    );
    assert!(out.contains("allowed by shop/frontend egress rule 1 (peer 1, ports 8000/TCP) at examples/netpol/shop/policies.yaml:31:5"), "{out}");
    assert!(out.contains("allowed by shop/cart ingress rule 1"), "{out}");
}

#[test]
fn check_exits_1_when_denied_and_says_which_side_denies() {
    let (code, report) = json(&[
        "check",
        SHOP,
        "--from",
        "shop/frontend",
        "--to",
        "payments/payments-api",
        "--port",
        "9000/TCP",
        "-f",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(report["allowed"], false);
    assert_eq!(report["egress"]["isolated"], true);
    assert_eq!(report["egress"]["rules"].as_array().unwrap().len(), 0);
    assert_eq!(report["ingress"]["policies"][0], "payments/payments-api");
    // The AND peer: cart in a namespace labelled team=shop.
    let (code, report) = json(&[
        "check",
        SHOP,
        "--from",
        "shop/cart",
        "--to",
        "payments/payments-api",
        "--port",
        "grpc",
        "-f",
        "json",
    ]);
    assert_eq!(
        (code, &report["allowed"], &report["port"]),
        (0, &Value::Bool(true), &Value::from(9000))
    );
}

#[test]
fn check_takes_addresses_outside_the_cluster() {
    let (code, out, _) = check("shop/reports", "203.0.113.7", Some("443"), &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = check("shop/reports", "10.1.2.3", Some("443"), &[]);
    assert_eq!(code, 1, "{out}");
    let (code, out, _) = check(
        "198.51.100.1",
        "ingress-nginx/ingress-nginx-controller",
        None,
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("the source is outside the cluster"), "{out}");
}

#[test]
fn check_rejects_unknown_names_and_ports_clearly() {
    let (code, _, err) = netpol(&["check", SHOP, "--from", "shop/nope", "--to", "shop/cart"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--from: no Pod, workload or Service named \"nope\" in namespace \"shop\""),
        "{err}"
    );
    let (code, _, err) = check("shop/frontend", "shop/cart", Some("grpc"), &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("has no TCP container port named \"grpc\""),
        "{err}"
    );
    let (code, _, err) = check("shop/frontend", "shop/cart", Some("80/ICMP"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("TCP, UDP or SCTP"), "{err}");
}

#[test]
fn matrix_lists_connections_per_workload_in_every_format() {
    let (code, out, _) = netpol(&["matrix", SHOP]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Deployment shop/frontend\n  ->  Deployment shop/cart  8000/TCP\n"),
        "{out}"
    );
    assert!(
        out.contains("0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16  443/TCP"),
        "{out}"
    );

    let (_, report) = json(&["matrix", SHOP, "--format", "json"]);
    let connections = report["connections"].as_array().unwrap();
    let find = |from: &str, to: &str| {
        connections
            .iter()
            .find(|c| c["from"] == from && c["to"] == to)
    };
    let db = find("Deployment shop/cart", "StatefulSet shop/db").unwrap();
    assert_eq!(
        db["ports"],
        serde_json::json!([{"protocol": "TCP", "from": 5432, "to": 5432}])
    );
    assert!(find("Deployment shop/frontend", "StatefulSet shop/db").is_none());
    assert_eq!(report["endpoints"].as_array().unwrap().len(), 8);

    let (_, csv, _) = netpol(&["matrix", SHOP, "--format", "csv"]);
    assert!(csv.starts_with("from,to,ports,partial\n"));
    assert!(
        csv.contains("Deployment shop/cart,StatefulSet shop/db,5432/TCP,false\n"),
        "{csv}"
    );
    let (_, dot, _) = netpol(&["matrix", SHOP, "--format", "dot"]);
    assert!(
        dot.starts_with("digraph netpol {")
            && dot.contains(
                "\"Deployment shop/cart\" -> \"StatefulSet shop/db\" [label=\"5432/TCP\"];"
            ),
        "{dot}"
    );
    let (_, md, _) = netpol(&["matrix", SHOP, "--format", "md"]);
    assert!(
        md.contains("| Deployment shop/frontend | Deployment shop/cart | 8000/TCP |"),
        "{md}"
    );
}

#[test]
fn matrix_namespace_keeps_connections_with_an_end_in_it() {
    let (_, report) = json(&["matrix", SHOP, "--namespace", "payments", "-f", "json"]);
    let connections = report["connections"].as_array().unwrap();
    assert!(!connections.is_empty());
    for c in connections {
        let ends = format!("{} {}", c["from"], c["to"]);
        assert!(ends.contains("payments/"), "{ends}");
    }
}

#[test]
fn lint_reports_the_example_mistakes_and_exits_1() {
    let (code, report) = json(&["lint", SHOP, "-f", "json"]);
    assert_eq!(code, 1);
    let lints: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["lint"].as_str().unwrap())
        .collect();
    assert_eq!(
        lints
            .iter()
            .filter(|l| **l == "namespace-without-default-deny")
            .count(),
        6,
        "{lints:?}"
    );
    assert_eq!(
        lints.iter().filter(|l| **l == "pod-not-selected").count(),
        2,
        "{lints:?}"
    );
    assert!(lints.contains(&"ip-block-everywhere"), "{lints:?}");
    assert!(!lints.contains(&"egress-without-dns"), "{lints:?}");
}

#[test]
fn lint_finds_broken_rules_and_exits_0_on_a_clean_input() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.yaml");
    std::fs::write(&clean, "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: x}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{ports: [{port: 53, protocol: UDP}]}]\n").unwrap();
    let (code, out, _) = netpol(&["lint", clean.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, "0 findings\n"));

    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: x}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: ghost}}}]\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]\n    ports: [{port: http}]\n  - ports: [{port: 80, endPort: 70}]\n").unwrap();
    let (code, out, _) = netpol(&["lint", broken.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    for expected in [
        ":19:12: invalid-policy: a peer with ipBlock may not also select pods or namespaces; it matches nothing",
        ":21:13: invalid-policy: endPort is not a port at or above port; the item admits nothing",
        ":18:5: selector-matches-nothing: policy x/p ingress rule 1 peer 1: podSelector app=ghost matches no workload in namespaces x",
        ":18:5: rule-never-matches: policy x/p ingress rule 1 never admits a connection: none of its peers matches",
        ":19:5: rule-never-matches: policy x/p ingress rule 2 never admits a connection: none of its peers matches",
        ":21:5: rule-never-matches: policy x/p ingress rule 3 never admits a connection: none of its ports exists",
        "egress-without-dns: Pod x/a's egress is isolated (by x/deny)",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn diff_shows_opened_and_closed_connections_and_fails_on_forbidden_ones() {
    let args = [
        "diff",
        "examples/netpol/shop/policies.yaml",
        "examples/netpol/pr/policies.yaml",
        "--with",
        "examples/netpol/shop/namespaces.yaml",
        "--with",
        "examples/netpol/shop/workloads.yaml",
    ];
    let (code, out, _) = netpol(&args);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("+!  Deployment shop/frontend  Deployment payments/payments-api  9000/TCP"),
        "{out}"
    );
    assert!(
        out.contains("-   CronJob shop/reports      StatefulSet shop/db               5432/TCP"),
        "{out}"
    );
    let (code, _, _) = netpol(&[&args[..], &["--fail-on", "never"]].concat());
    assert_eq!(code, 0);
    let (code, report) = json(&[&args[..], &["-f", "json"]].concat());
    assert_eq!(code, 1);
    assert_eq!(report["changes"].as_array().unwrap().len(), 2);
    // The same inputs on both sides change nothing.
    let (code, out, _) = netpol(&["diff", SHOP, SHOP, "--fail-on", "opened"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "0 opened (+), 0 closed (-); 0 opened where the base's policies forbid it (+!)\n"
        )
    );
}

#[test]
fn diff_counts_new_workloads_the_old_policies_admit_as_opened_not_forbidden() {
    let dir = tempfile::tempdir().unwrap();
    let head = dir.path().join("head.yaml");
    let workloads = std::fs::read_to_string(repo().join(SHOP).join("workloads.yaml")).unwrap();
    std::fs::write(&head, format!("{workloads}\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: worker, namespace: shop, labels: {{app: reports}}}}\n")).unwrap();
    let with = [
        "--with",
        "examples/netpol/shop/namespaces.yaml",
        "--with",
        "examples/netpol/shop/policies.yaml",
    ];
    let (code, out, _) = netpol(
        &[
            &[
                "diff",
                "examples/netpol/shop/workloads.yaml",
                head.to_str().unwrap(),
            ][..],
            &with,
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("+  Pod shop/worker  StatefulSet shop/db"),
        "{out}"
    );
    assert!(
        out.contains(
            "2 opened (+), 0 closed (-); 0 opened where the base's policies forbid it (+!)"
        ),
        "{out}"
    );
    let (code, _, _) = netpol(
        &[
            &[
                "diff",
                "examples/netpol/shop/workloads.yaml",
                head.to_str().unwrap(),
                "--fail-on",
                "opened",
            ][..],
            &with,
        ]
        .concat(),
    );
    assert_eq!(code, 1);
}

#[test]
fn unreadable_input_exits_2_after_answering_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.yaml"), "kind: [\n").unwrap();
    std::fs::copy(
        repo().join(SHOP).join("workloads.yaml"),
        dir.path().join("workloads.yaml"),
    )
    .unwrap();
    let (code, out, err) = netpol(&["matrix", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.yaml:"), "{err}");
    assert!(out.contains("Deployment shop/cart"), "{out}");
}

#[test]
fn readme_examples_show_real_output() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("### `kubeward netpol`").unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let mut examples = 0;
    let mut lines = block.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(mut command) = line.strip_prefix("$ kubeward netpol ").map(str::to_owned) else {
            continue;
        };
        while command.ends_with('\\') {
            command.pop();
            command.push_str(lines.next().unwrap().trim());
        }
        let args: Vec<&str> = command.split_whitespace().collect();
        let (_, out, _) = netpol(&args);
        while let Some(shown) = lines.next_if(|l| !l.starts_with('$')) {
            if !shown.is_empty() && shown != "..." {
                assert!(
                    out.contains(shown),
                    "README shows {shown:?} for `{command}`, but it prints:\n{out}"
                );
            }
        }
        examples += 1;
    }
    assert_eq!(examples, 5);
}

#[test]
fn clashing_names_need_the_kind_and_pods_can_be_named_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clash.yaml");
    std::fs::write(
        &file,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: x}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}\n---\n\
         apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web, namespace: x}\nspec: {template: {metadata: {labels: {app: web-db}}, spec: {containers: [{name: c, image: i}]}}}\n---\n\
         apiVersion: v1\nkind: Pod\nmetadata: {name: web-0, namespace: x, labels: {app: web-db}, ownerReferences: [{kind: StatefulSet, name: web, controller: true}]}\nstatus: {podIP: 10.9.0.1}\n---\n\
         apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: x}\nspec: {podSelector: {matchLabels: {app: web-db}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (code, _, err) = netpol(&["check", path, "--from", "x/web", "--to", "10.1.1.1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "names several objects (Deployment x/web, StatefulSet x/web); write namespace/Kind/name"
        ),
        "{err}"
    );
    let (code, out, _) = netpol(&[
        "check",
        path,
        "--from",
        "10.1.1.1",
        "--to",
        "x/StatefulSet/web",
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = netpol(&[
        "check",
        path,
        "--from",
        "x/Deployment/web",
        "--to",
        "web-0",
        "-n",
        "x",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("denied: Deployment x/web -> Pod x/web-0 (of StatefulSet x/web)"),
        "{out}"
    );
    // The pod's address names the pod.
    let (code, out, _) = netpol(&[
        "check",
        path,
        "--from",
        "10.9.0.1",
        "--to",
        "x/Deployment/web",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("allowed: StatefulSet x/web (10.9.0.1) -> Deployment x/web"),
        "{out}"
    );
}

#[test]
fn matrix_marks_workloads_whose_pods_policies_treat_apart() {
    let file = "crates/netpol/tests/scenarios/14-statefulset-pods.yaml";
    let (code, out, _) = netpol(&["matrix", file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Pod data/writer\n  ->  StatefulSet data/db  5432/TCP (some pods)\n"),
        "{out}"
    );
    assert!(
        out.contains("Pod data/reader\n  ->  StatefulSet data/db  5432/TCP\n"),
        "{out}"
    );
    let (code, _, err) = netpol(&["check", file, "--from", "data/writer", "--to", "data/db"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the pods of StatefulSet data/db differ by labels or addresses"),
        "{err}"
    );
}

#[test]
fn services_name_destinations_and_translate_their_ports() {
    let (code, out, _) = check("shop/frontend", "shop/cart-svc", Some("80"), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("allowed: Deployment shop/frontend -> Deployment shop/cart (via Service shop/cart-svc) on 8000/TCP\n"), "{out}");
    let (code, out, _) = check("shop/cart", "shop/Service/db", Some("postgres"), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("on 5432/TCP"), "{out}");
    let (code, _, err) = check("shop/frontend", "shop/cart-svc", Some("8000"), &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Service shop/cart-svc has no such port"),
        "{err}"
    );
}

#[test]
fn objects_without_a_namespace_take_the_namespace_option_and_stdin_is_read() {
    let input = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\n---\n\
                 apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: other}\n---\n\
                 apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}}\n";
    let run = |namespace: Option<&str>, to: &str| {
        let mut cmd = Command::cargo_bin("kubeward").unwrap();
        cmd.args(["netpol", "check", "-", "--from", "other/b", "--to", to]);
        if let Some(namespace) = namespace {
            cmd.args(["--namespace", namespace]);
        }
        let output = cmd.write_stdin(input).output().unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    // The Pod and the policy share the namespace they are put in, so the Pod is isolated.
    let (code, out) = run(None, "a");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("denied: Pod other/b -> Pod default/a on any port"),
        "{out}"
    );
    let (code, out) = run(Some("shop"), "shop/a");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("ingress isolated by shop/deny"), "{out}");
}

#[test]
fn lint_skips_the_lints_named_and_rejects_unknown_ones() {
    let (code, out, _) = netpol(&[
        "lint",
        SHOP,
        "--skip",
        "namespace-without-default-deny,pod-not-selected,ip-block-everywhere",
    ]);
    assert_eq!((code, out.as_str()), (0, "0 findings\n"));
    let (code, _, err) = netpol(&["lint", SHOP, "--skip", "no-such-lint"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--skip: unknown lint \"no-such-lint\"; the lints are invalid-policy,"),
        "{err}"
    );
}
