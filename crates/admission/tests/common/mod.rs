//! A running webhook on a loopback port, and a client that speaks to it over real HTTPS,
//! trusting only the CA `kubeward cert` would generate.

#![allow(dead_code)]

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kubeward_admission::Log;
use kubeward_admission::cert::{CertRequest, Generated, generate};
use kubeward_admission::server::{ServeOptions, Server};
use serde_json::{Value, json};

/// The name the API server would use; the client resolves it to the loopback port.
pub const HOST: &str = "kubeward.kubeward-system.svc";

/// Log lines written by the server, shared with the test.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub struct Running {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
    pub log: Captured,
    pub ca_pem: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    pub task: Option<tokio::task::JoinHandle<()>>,
}

pub fn certificate() -> Generated {
    generate(&CertRequest {
        service: "kubeward".into(),
        namespace: "kubeward-system".into(),
        extra_names: Vec::new(),
        days: 1,
    })
    .unwrap()
}

pub fn client(addr: SocketAddr, ca_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .tls_built_in_root_certs(false)
        .resolve(HOST, addr)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

impl Running {
    /// Starts a server with `policy` as its policy file (`None`: no file).
    pub async fn start(policy: Option<&str>) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let generated = certificate();
        generated.write(&dir.path().join("tls")).unwrap();
        let policy_path = policy.map(|text| {
            let path = dir.path().join("policy.yaml");
            std::fs::write(&path, text).unwrap();
            path
        });
        let options = ServeOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            tls_cert: dir.path().join("tls/tls.crt"),
            tls_key: dir.path().join("tls/tls.key"),
            policy: policy_path,
            reload_interval: Duration::from_millis(50),
            drain_timeout: Duration::from_secs(20),
        };
        let log = Captured::default();
        let server = Server::bind(options, Arc::new(Log::to(Box::new(log.clone()))))
            .await
            .unwrap();
        let addr = server.local_addr();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stop.await;
        }));
        Running {
            addr,
            client: client(addr, &generated.ca_pem),
            dir,
            log,
            ca_pem: generated.ca_pem,
            shutdown: Some(shutdown),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://{HOST}:{}{path}", self.addr.port())
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Posts raw bytes; the status and body text.
    pub async fn post(&self, path: &str, body: Vec<u8>) -> (u16, String) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Sends an AdmissionReview and returns its `response`, after checking the envelope.
    pub async fn review(&self, path: &str, review: &Value) -> Value {
        let (status, body) = self.post(path, serde_json::to_vec(review).unwrap()).await;
        assert_eq!(status, 200, "{body}");
        let answer: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(answer["apiVersion"], "admission.k8s.io/v1");
        assert_eq!(answer["kind"], "AdmissionReview");
        assert_eq!(answer["response"]["uid"], review["request"]["uid"]);
        answer["response"].clone()
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Every log line so far, parsed.
    pub fn lines(&self) -> Vec<Value> {
        let bytes = self.log.0.lock().unwrap().clone();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).expect("every log line is JSON"))
            .collect()
    }

    /// The decision line logged for `uid`.
    pub fn decision(&self, uid: &Value) -> Value {
        self.lines()
            .into_iter()
            .find(|l| l["msg"] == "decision" && l["uid"] == *uid)
            .unwrap_or_else(|| panic!("no decision logged for {uid}"))
    }

    /// Waits until a log line with `msg` appears (reloads are polled every 50 ms).
    pub async fn wait_for_log(&self, msg: &str, count: usize) -> Value {
        let start = Instant::now();
        loop {
            let found: Vec<Value> = self
                .lines()
                .into_iter()
                .filter(|l| l["msg"] == msg)
                .collect();
            if found.len() >= count {
                return found[count - 1].clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no {msg:?} log line"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn metrics(&self) -> String {
        let (status, text) = self.get("/metrics").await;
        assert_eq!(status, 200);
        text
    }

    /// Asks the server to stop and waits until it has drained.
    pub async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

static UID: AtomicU64 = AtomicU64::new(1);

/// An AdmissionReview as kube-apiserver sends it.
pub fn review(operation: &str, object: Option<&Value>, old: Option<&Value>) -> Value {
    let source = object.or(old).cloned().unwrap_or(json!({}));
    let api_version = source["apiVersion"].as_str().unwrap_or("v1");
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    let kind = source["kind"].as_str().unwrap_or_default();
    let uid = format!(
        "00000000-0000-4000-8000-{:012}",
        UID.fetch_add(1, Ordering::SeqCst)
    );
    let namespace = source["metadata"]["namespace"].as_str().unwrap_or("shop");
    json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "kind": {"group": group, "version": version, "kind": kind},
            "resource": {"group": group, "version": version, "resource": format!("{}s", kind.to_lowercase())},
            "requestKind": {"group": group, "version": version, "kind": kind},
            "requestResource": {"group": group, "version": version, "resource": format!("{}s", kind.to_lowercase())},
            "name": source["metadata"]["name"],
            "namespace": namespace,
            "operation": operation,
            "userInfo": {"username": "alice@example.com", "uid": "42",
                         "groups": ["developers", "system:authenticated"]},
            "object": object,
            "oldObject": old,
            "dryRun": false,
            "options": {"apiVersion": "meta.k8s.io/v1", "kind": format!("{}Options", capitalized(operation))}
        }
    })
}

fn capitalized(operation: &str) -> String {
    let lower = operation.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Objects of `kinds` from a manifest file, as JSON.
pub fn objects(path: &Path, kinds: &[&str]) -> Vec<Value> {
    let source = kubeward_loader::Source::File(path.to_path_buf());
    let loaded = kubeward_loader::load(&[source], &Default::default());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded
        .objects
        .iter()
        .filter(|o| kinds.is_empty() || kinds.contains(&o.kind()))
        .map(|o| serde_json::from_str(&o.root().to_json().unwrap()).unwrap())
        .collect()
}

/// The hardened Deployment of the precision corpus: no finding at all with the default policy.
/// Its replicas are set: an autoscaler sets them there, and admission sees one object at a time.
pub fn good_deployment() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/precision/20-web.yaml");
    let mut deployment = objects(&path, &["Deployment"]).remove(0);
    deployment["spec"]["replicas"] = serde_json::json!(3);
    deployment
}

/// The real-world corpus beside the repository, when present.
pub fn corpus(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/real")
        .join(relative);
    path.exists().then_some(path)
}

/// Check ids of a decision line's findings that are not exempted.
pub fn active_checks(line: &Value) -> Vec<String> {
    line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("exempted").is_none())
        .map(|f| f["check"].as_str().unwrap().to_owned())
        .collect()
}
