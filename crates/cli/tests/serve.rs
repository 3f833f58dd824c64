//! `kubeward cert`, `kubeward serve` and `deploy/`, with the real binary: certificates on disk,
//! the server on a loopback port answering AdmissionReviews over HTTPS, SIGTERM, and the
//! deployment manifests scanned by kubeward itself.

mod common;
use common::repo;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

fn kubeward() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("kubeward"));
    cmd.current_dir(repo()).env_remove("KUBEWARD_CONFIG");
    cmd
}

/// `kubeward cert --out dir`: a CA and a serving certificate for the default Service name.
fn write_certificates(dir: &Path) {
    let status = kubeward()
        .args(["cert", "--out"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Objects of a manifest file, as JSON, through `kubeward`'s own loader's view: `scan --format
/// json` does not print objects, so read the YAML with the library the tests already trust.
fn manifest_objects(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("\n---\n")
        .map(|doc| {
            let loaded =
                kubeward_loader::load_stream("f".into(), doc.as_bytes(), &Default::default());
            serde_json::from_str(&loaded.objects[0].root().to_json().unwrap()).unwrap()
        })
        .collect()
}

#[test]
fn cert_writes_the_files_and_prints_the_ca_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tls");
    let output = kubeward()
        .args([
            "cert",
            "--service",
            "hooks",
            "--namespace",
            "guard",
            "--days",
            "30",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let bundle = base64::engine::general_purpose::STANDARD
        .decode(stdout.trim())
        .unwrap();
    assert_eq!(bundle, std::fs::read(out.join("ca.crt")).unwrap());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("hooks.guard.svc"), "{stderr}");
    assert!(
        std::fs::read_to_string(out.join("tls.key"))
            .unwrap()
            .contains("PRIVATE KEY")
    );

    let refused = kubeward().args(["cert", "--days", "0"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

struct Served {
    child: Child,
    lines: mpsc::Receiver<Value>,
    address: String,
    ca: String,
    _dir: tempfile::TempDir,
}

impl Served {
    fn start(policy: &str) -> Served {
        let dir = tempfile::tempdir().unwrap();
        write_certificates(dir.path());
        std::fs::write(dir.path().join("policy.yaml"), policy).unwrap();
        let mut child = kubeward()
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--reload-interval",
                "100ms",
            ])
            .arg("--tls-cert")
            .arg(dir.path().join("tls.crt"))
            .arg("--tls-key")
            .arg(dir.path().join("tls.key"))
            .arg("--config")
            .arg(dir.path().join("policy.yaml"))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let line: Value = serde_json::from_str(&line.unwrap()).expect("JSON log lines");
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let listening = lines.recv_timeout(Duration::from_secs(30)).unwrap();
        assert_eq!(listening["msg"], "listening");
        Served {
            child,
            lines,
            address: listening["address"].as_str().unwrap().to_owned(),
            ca: std::fs::read_to_string(dir.path().join("ca.crt")).unwrap(),
            _dir: dir,
        }
    }

    fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(self.ca.as_bytes()).unwrap())
            .tls_built_in_root_certs(false)
            .resolve(
                "kubeward.kubeward-system.svc",
                self.address.parse().unwrap(),
            )
            .build()
            .unwrap()
    }

    fn url(&self, path: &str) -> String {
        let port = self.address.rsplit(':').next().unwrap();
        format!("https://kubeward.kubeward-system.svc:{port}{path}")
    }
}

impl Drop for Served {
    /// A failed assertion must not leave the server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn review(uid: &str, object: &Value) -> Value {
    json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": uid, "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
        "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
        "namespace": object["metadata"]["namespace"], "name": object["metadata"]["name"],
        "operation": "CREATE", "userInfo": {"username": "alice", "groups": ["system:authenticated"]},
        "object": object, "oldObject": null, "dryRun": false}})
}

/// The policy `deploy/` ships, out of its ConfigMap.
fn shipped_policy() -> String {
    let objects = manifest_objects(&repo().join("deploy/policy.yaml"));
    objects[0]["data"]["policy.yaml"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn serve_answers_over_https_with_the_shipped_policy_and_drains_on_sigterm() {
    let mut served = Served::start(&shipped_policy());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = served.client();
    let deployment = manifest_objects(&repo().join("deploy/deployment.yaml")).remove(0);
    let mut privileged = deployment.clone();
    privileged["metadata"]["namespace"] = json!("shop");
    privileged["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"] =
        json!(true);
    let (own, warned) = runtime.block_on(async {
        let post = |body: Value| {
            let request = client.post(served.url("/validate")).body(body.to_string());
            async move {
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 200);
                serde_json::from_slice::<Value>(&response.bytes().await.unwrap()).unwrap()
            }
        };
        (
            post(review("own-1", &deployment)).await,
            post(review("priv-1", &privileged)).await,
        )
    });
    // The webhook's own Deployment passes its own checks; the shipped policy warns, not denies.
    assert_eq!(own["response"], json!({"uid": "own-1", "allowed": true}));
    assert_eq!(warned["response"]["allowed"], true);
    assert!(
        warned["response"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("privileged-container (critical)"),
        "{warned}"
    );
    let decision = served.lines.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        (decision["msg"].as_str(), decision["uid"].as_str()),
        (Some("decision"), Some("own-1"))
    );

    // A client that is gone closes its connections; one that hangs would hold the drain until
    // --drain-timeout.
    drop(client);
    drop(runtime);
    let pid = i32::try_from(served.child.id()).unwrap();
    // SAFETY: kill has no memory preconditions; the pid is our own running child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = served.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let rest: Vec<Value> = served.lines.iter().collect();
    let messages: Vec<&str> = rest.iter().map(|l| l["msg"].as_str().unwrap()).collect();
    assert!(messages.ends_with(&["draining", "stopped"]), "{messages:?}");
    assert_eq!(rest.last().unwrap()["drained"], true);
}

#[test]
fn serve_refuses_to_start_on_an_invalid_policy_or_certificate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.yaml"),
        "admission:\n  action: block\n",
    )
    .unwrap();
    write_certificates(dir.path());
    let serve = |cert: &str, policy: &str| {
        kubeward()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .arg("--tls-cert")
            .arg(dir.path().join(cert))
            .arg("--tls-key")
            .arg(dir.path().join("tls.key"))
            .arg("--config")
            .arg(dir.path().join(policy))
            .output()
            .unwrap()
    };
    let output = serve("tls.crt", "policy.yaml");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "policy.yaml:2:11: unknown value \"block\"; expected one of: deny, warn, audit"
        ),
        "{stderr}"
    );
    std::fs::write(dir.path().join("good.yaml"), "").unwrap();
    let output = serve("ca.crt", "good.yaml");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("the key does not belong to the certificate"),
        "{stderr}"
    );
}

fn scan_json(args: &[&str]) -> (i32, Value) {
    let output = kubeward()
        .args(["scan", "--format", "json", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    (
        output.status.code().unwrap(),
        serde_json::from_str(&stdout).unwrap(),
    )
}

fn assert_clean(report: &Value) {
    assert_eq!(report["summary"]["findings"], 0, "{report}");
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    // The one deliberate exception, documented where it is made.
    let exempted: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap(),
                f["exempted"]["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        exempted,
        [(
            "default-deny-egress-blocks-dns",
            "the webhook makes no outbound connection, so it needs no DNS either"
        )]
    );
}

#[test]
fn deploy_passes_kubewards_own_scan() {
    let files: Vec<String> = std::fs::read_dir(repo().join("deploy"))
        .unwrap()
        .map(|e| format!("deploy/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|name| name != "deploy/kustomization.yaml")
        .collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, report) = scan_json(&args);
    assert_eq!(code, 0);
    assert_clean(&report);
    let kinds: Vec<&str> = report["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "Namespace",
        "ServiceAccount",
        "Deployment",
        "PodDisruptionBudget",
        "Service",
        "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration",
    ] {
        assert!(kinds.contains(&kind), "deploy/ has no {kind}: {kinds:?}");
    }

    // As `kubectl apply -k deploy/` sees it, when kubectl is there to render it.
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_ok()
    {
        let (code, report) = scan_json(&["deploy"]);
        assert_eq!(code, 0, "{report}");
        assert_clean(&report);
        assert_eq!(report["summary"]["objects"], kinds.len());
    }
}
