//! The webhook over real HTTPS: AdmissionReview JSON as kube-apiserver sends it, to a server on
//! a loopback port, through a client that trusts only the generated CA.

mod common;

use std::time::Duration;

use base64::Engine;
use common::{Running, active_checks, client, corpus, good_deployment, objects, review};
use serde_json::{Value, json};

fn privileged(mut deployment: Value) -> Value {
    deployment["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"] =
        json!(true);
    deployment["spec"]["template"]["spec"]["containers"][0]["securityContext"]["allowPrivilegeEscalation"] =
        json!(true);
    deployment
}

#[tokio::test(flavor = "multi_thread")]
async fn allows_a_clean_deployment_and_denies_a_privileged_one() {
    let server = Running::start(None).await;
    let good = good_deployment();
    let request = review("CREATE", Some(&good), None);
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], true, "{response}");
    assert!(response.get("warnings").is_none() && response.get("patch").is_none());
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(line["decision"], "allow");
    assert_eq!(line["findings"], json!([]));

    let bad = privileged(good);
    let request = review("CREATE", Some(&bad), None);
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], false);
    assert_eq!(response["status"]["code"], 403);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "kubeward denied Deployment shop/web: 2 findings\n- privileged-container (critical): "
        ),
        "{message}"
    );
    assert!(
        message.contains("privilege-escalation-allowed (high)"),
        "{message}"
    );
    assert!(message.contains(" Fix: "), "{message}");
    assert!(
        message.lines().count() == 3,
        "one line per finding: {message}"
    );

    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(line["decision"], "deny");
    assert_eq!(line["operation"], "CREATE");
    assert_eq!(line["kind"], "Deployment");
    assert_eq!(line["apiVersion"], "apps/v1");
    assert_eq!(line["namespace"], "shop");
    assert_eq!(line["name"], "web");
    assert_eq!(line["user"], "alice@example.com");
    assert_eq!(line["dryRun"], false);
    assert_eq!(line["level"], "info");
    assert!(line["latencyMs"].as_f64().unwrap() > 0.0);
    assert!(line["time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        active_checks(&line),
        ["privilege-escalation-allowed", "privileged-container"],
        "ordered by check id"
    );
    assert_eq!(line["findings"][1]["action"], "deny");
    assert_eq!(line["findings"][1]["container"], "web");

    let metrics = server.metrics().await;
    assert!(
        metrics.contains(
            "kubeward_admission_requests_total{endpoint=\"validate\",outcome=\"allowed\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "kubeward_admission_requests_total{endpoint=\"validate\",outcome=\"denied\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "kubeward_admission_findings_total{check=\"privileged-container\",action=\"deny\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("kubeward_admission_duration_seconds_count{endpoint=\"validate\"} 2"),
        "{metrics}"
    );
    assert!(metrics.trim_end().ends_with("# EOF"));

    // HTTP/2 by ALPN, as Go clients such as kube-apiserver negotiate it; HTTP/1.1 as well.
    let body = serde_json::to_vec(&review("CREATE", Some(&bad), None)).unwrap();
    let h2 = server
        .client
        .post(server.url("/validate"))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        (h2.version(), h2.status().as_u16()),
        (reqwest::Version::HTTP_2, 200)
    );
    let http1 = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(server.ca_pem.as_bytes()).unwrap())
        .tls_built_in_root_certs(false)
        .resolve(common::HOST, server.addr)
        .http1_only()
        .build()
        .unwrap();
    let response = http1
        .post(server.url("/validate"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (response.version(), response.status().as_u16()),
        (reqwest::Version::HTTP_11, 200)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn warn_and_audit_actions_per_check_and_per_severity() {
    let policy = "\
checks:
  privilege-escalation-allowed:
    action: audit
admission:
  action: {critical: warn}
";
    let server = Running::start(Some(policy)).await;
    let request = review("CREATE", Some(&privileged(good_deployment())), None);
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], true, "{response}");
    let warnings = response["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .starts_with("kubeward: privileged-container (critical): container \"web\"")
    );
    assert!(warnings[0].as_str().unwrap().len() <= 256);
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(line["decision"], "allow");
    assert_eq!(line["warnings"], 1);
    let actions: Vec<(&str, &str)> = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["check"].as_str().unwrap(), f["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("privilege-escalation-allowed", "audit"),
            ("privileged-container", "warn")
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn exemptions_by_namespace_user_group_service_account_and_annotation() {
    let policy = "\
exemptions:
  - checks: [privileged-container]
    namespaces: [\"node-*\"]
    reason: node agents are privileged by design
  - users: [\"ci-*\"]
    checks: [privileged-container, privilege-escalation-allowed]
    reason: the release pipeline deploys reviewed manifests
  - groups: [\"platform-admins\"]
    reason: the platform team may break glass
  - serviceAccounts: [\"kube-system/*\"]
    reason: control-plane controllers recreate what is already admitted
";
    let server = Running::start(Some(policy)).await;
    let bad = privileged(good_deployment());

    // By namespace: privileged-container exempted, privilege escalation still denied.
    let mut in_node_ns = bad.clone();
    in_node_ns["metadata"]["namespace"] = json!("node-agents");
    let request = review("CREATE", Some(&in_node_ns), None);
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], false);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.contains("1 finding\n") && !message.contains("privileged-container"),
        "{message}"
    );
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(
        line["findings"][1]["exempted"],
        json!({"by": "policy", "reason": "node agents are privileged by design"})
    );
    assert!(line["findings"][1].get("action").is_none());

    // By user.
    let mut request = review("CREATE", Some(&bad), None);
    request["request"]["userInfo"]["username"] = json!("ci-release");
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], true, "{response}");
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(line["findings"][0]["exempted"]["by"], "requester");
    assert_eq!(
        line["findings"][0]["exempted"]["reason"],
        "the release pipeline deploys reviewed manifests"
    );

    // By group.
    let mut request = review("CREATE", Some(&bad), None);
    request["request"]["userInfo"]["groups"] = json!(["platform-admins", "system:authenticated"]);
    assert_eq!(server.review("/validate", &request).await["allowed"], true);
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(
        line["findings"][1]["exempted"]["reason"],
        "the platform team may break glass"
    );

    // By service account (and not by a look-alike user name).
    let mut request = review("CREATE", Some(&bad), None);
    request["request"]["userInfo"]["username"] =
        json!("system:serviceaccount:kube-system:replicaset-controller");
    assert_eq!(server.review("/validate", &request).await["allowed"], true);
    let mut request = review("CREATE", Some(&bad), None);
    request["request"]["userInfo"]["username"] = json!("kube-system/replicaset-controller");
    assert_eq!(server.review("/validate", &request).await["allowed"], false);

    // By the object's own annotation.
    let mut annotated = bad.clone();
    annotated["metadata"]["annotations"] = json!({
        "kubeward.io/exempt": "privileged-container,privilege-escalation-allowed",
        "kubeward.io/exempt-reason": "GPU driver installer"
    });
    let request = review("CREATE", Some(&annotated), None);
    assert_eq!(server.review("/validate", &request).await["allowed"], true);
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(
        line["findings"][0]["exempted"],
        json!({"by": "annotation", "reason": "GPU driver installer"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_policy_can_forbid_annotation_exemptions() {
    let server = Running::start(Some("annotationExemptions: false\n")).await;
    let mut annotated = privileged(good_deployment());
    annotated["metadata"]["annotations"] = json!({"kubeward.io/exempt": "*"});
    let request = review("CREATE", Some(&annotated), None);
    assert_eq!(server.review("/validate", &request).await["allowed"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn updates_grandfather_existing_findings() {
    let server = Running::start(None).await;
    let old = privileged(good_deployment());
    // Scaling a workload that was already privileged: allowed, with warnings.
    let mut scaled = old.clone();
    scaled["spec"]["replicas"] = json!(5);
    let request = review("UPDATE", Some(&scaled), Some(&old));
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], true, "{response}");
    let warnings: Vec<&str> = response["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 2);
    assert!(
        warnings
            .iter()
            .all(|w| w.ends_with("(already present before this update)")),
        "{warnings:?}"
    );
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(line["findings"][0]["existing"], true);
    assert_eq!(line["findings"][0]["action"], "warn");

    // A new problem in the same update is still denied.
    let mut worse = scaled.clone();
    worse["spec"]["template"]["spec"]["hostPID"] = json!(true);
    let request = review("UPDATE", Some(&worse), Some(&old));
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], false);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.contains("host-pid") && !message.contains("privileged-container"),
        "{message}"
    );

    // Making a clean object privileged is denied.
    let request = review("UPDATE", Some(&old), Some(&good_deployment()));
    assert_eq!(server.review("/validate", &request).await["allowed"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn grandfathering_can_be_turned_off() {
    let server = Running::start(Some("admission:\n  grandfatherUpdates: false\n")).await;
    let old = privileged(good_deployment());
    let request = review("UPDATE", Some(&old), Some(&old));
    assert_eq!(server.review("/validate", &request).await["allowed"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_delete_connect_status_and_unknown_kinds() {
    let server = Running::start(None).await;
    let bad = privileged(good_deployment());

    let mut request = review("CREATE", Some(&bad), None);
    request["request"]["dryRun"] = json!(true);
    assert_eq!(server.review("/validate", &request).await["allowed"], false);
    assert_eq!(server.decision(&request["request"]["uid"])["dryRun"], true);

    let request = review("DELETE", None, Some(&bad));
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], true);
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(
        (line["operation"].as_str(), line["skipped"].as_str()),
        (Some("DELETE"), Some("DELETE is always allowed"))
    );

    let options = json!({"kind": "PodExecOptions", "apiVersion": "v1", "command": ["sh"], "container": "web"});
    let mut request = review("CONNECT", Some(&options), None);
    request["request"]["subResource"] = json!("exec");
    assert_eq!(server.review("/validate", &request).await["allowed"], true);

    let mut request = review("UPDATE", Some(&bad), Some(&bad));
    request["request"]["subResource"] = json!("status");
    assert_eq!(server.review("/validate", &request).await["allowed"], true);
    let line = server.decision(&request["request"]["uid"]);
    assert_eq!(line["subResource"], "status");
    assert_eq!(line["skipped"], "status updates are not evaluated");

    // An ephemeral container added through the subresource is evaluated like the Pod.
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop"},
        "spec": {"containers": [{"name": "web", "image": "registry.example.com/web:1"}],
                 "ephemeralContainers": [{"name": "debug", "image": "busybox", "securityContext": {"privileged": true}}]}});
    let mut request = review("UPDATE", Some(&pod), Some(&pod));
    request["request"]["subResource"] = json!("ephemeralcontainers");
    let policy_without_grandfathering = server.review("/validate", &request).await;
    assert_eq!(
        policy_without_grandfathering["allowed"], true,
        "the old pod had it too"
    );
    let line = server.decision(&request["request"]["uid"]);
    assert!(active_checks(&line).contains(&"privileged-container".to_owned()));

    // A custom resource kubeward has no checks for: allowed, and untouched by /mutate.
    let certificate = json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
        "metadata": {"name": "web-tls", "namespace": "shop",
                     "labels": {"app.kubernetes.io/name": "web", "app.kubernetes.io/instance": "web"}},
        "spec": {"secretName": "web-tls", "dnsNames": ["shop.example.com"],
                 "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer"}}});
    let request = review("CREATE", Some(&certificate), None);
    let response = server.review("/validate", &request).await;
    assert_eq!(response["allowed"], true);
    assert!(response.get("warnings").is_none(), "{response}");
    assert_eq!(server.review("/mutate", &request).await.get("patch"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_wrong_version_and_oversized_bodies() {
    let server = Running::start(None).await;
    let (status, body) = server
        .post("/validate", b"{\"apiVersion\": ".to_vec())
        .await;
    assert_eq!(status, 400);
    assert!(body.starts_with("malformed AdmissionReview: "), "{body}");

    let mut v1beta1 = review("CREATE", Some(&good_deployment()), None);
    v1beta1["apiVersion"] = json!("admission.k8s.io/v1beta1");
    let (status, body) = server
        .post("/validate", serde_json::to_vec(&v1beta1).unwrap())
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("admissionReviewVersions: [v1]"), "{body}");

    let (status, body) = server
        .post(
            "/mutate",
            br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#.to_vec(),
        )
        .await;
    assert_eq!(
        (status, body.trim()),
        (400, "AdmissionReview has no request")
    );

    let no_object = review("CREATE", None, None);
    let (status, body) = server
        .post("/validate", serde_json::to_vec(&no_object).unwrap())
        .await;
    assert_eq!(
        (status, body.trim()),
        (
            400,
            "malformed AdmissionReview: CREATE request has no object"
        )
    );

    let not_an_object = review("CREATE", Some(&json!({"metadata": {"name": "x"}})), None);
    let (status, body) = server
        .post("/validate", serde_json::to_vec(&not_an_object).unwrap())
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("not a Kubernetes object"), "{body}");

    // Over the API server's 3 MiB: refused before it is parsed.
    let mut huge = good_deployment();
    huge["metadata"]["annotations"] = json!({"blob": "x".repeat(3 << 20)});
    let (status, body) = server
        .post(
            "/validate",
            serde_json::to_vec(&review("CREATE", Some(&huge), None)).unwrap(),
        )
        .await;
    assert_eq!(status, 413);
    assert!(body.contains("over the limit of 3145728 bytes"), "{body}");

    let (status, _) = server.get("/validate").await;
    assert_eq!(status, 405);
    let (status, _) = server.get("/nope").await;
    assert_eq!(status, 404);
    assert_eq!(server.get("/healthz").await, (200, "ok\n".into()));
    assert_eq!(server.get("/readyz").await, (200, "ready\n".into()));

    let metrics = server.metrics().await;
    assert!(
        metrics.contains(
            "kubeward_admission_requests_total{endpoint=\"validate\",outcome=\"bad_request\"} 4"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "kubeward_admission_requests_total{endpoint=\"validate\",outcome=\"too_large\"} 1"
        ),
        "{metrics}"
    );
    let errors: Vec<Value> = server
        .lines()
        .into_iter()
        .filter(|l| l["msg"] == "bad request")
        .collect();
    assert_eq!(errors.len(), 6);
    assert_eq!(errors[5]["status"], 413);
}

const MUTATION: &str = "\
admission:
  mutate:
    allowPrivilegeEscalation: false
    runAsNonRoot: true
    readOnlyRootFilesystem: true
    seccompProfile: RuntimeDefault
    dropAllCapabilities: true
    imagePullPolicy: IfNotPresent
    resources:
      requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 64Mi}
      limits: {cpu: 400m, memory: 256Mi, ephemeral-storage: 1Gi}
    labels: {team: unassigned}
";

/// Checks the security defaults of [`MUTATION`] answer on every container.
const FIXED_BY_SECURITY_DEFAULTS: &[&str] = &[
    "privilege-escalation-allowed",
    "writable-root-filesystem",
    "seccomp-profile-missing",
    "capabilities-not-dropped",
    "missing-security-context",
];

/// Checks the resource defaults answer on containers that set no resources at all.
const FIXED_BY_RESOURCE_DEFAULTS: &[&str] = &[
    "missing-cpu-request",
    "missing-memory-request",
    "missing-cpu-limit",
    "missing-memory-limit",
    "missing-ephemeral-storage-request",
    "missing-ephemeral-storage-limit",
];

/// Sends `object` to /mutate, applies the patch, and sends the result to /validate. Returns
/// the patched object and the active checks before and after; the patch never adds a finding
/// and always removes those the security defaults answer (except on privileged containers,
/// where `allowPrivilegeEscalation: false` would be invalid).
async fn mutate_and_revalidate(
    server: &Running,
    object: &Value,
) -> (Value, Vec<String>, Vec<String>) {
    let request = review("CREATE", Some(object), None);
    let response = server.review("/mutate", &request).await;
    assert_eq!(response["allowed"], true);
    let mut patched = object.clone();
    if let Some(patch) = response["patch"].as_str() {
        assert_eq!(response["patchType"], "JSONPatch");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(patch)
            .unwrap();
        let patch: json_patch::Patch = serde_json::from_slice(&bytes).unwrap();
        json_patch::patch(&mut patched, &patch).unwrap();
    }
    let before = review("CREATE", Some(object), None);
    server.review("/validate", &before).await;
    let before = active_checks(&server.decision(&before["request"]["uid"]));
    let after = review("CREATE", Some(&patched), None);
    server.review("/validate", &after).await;
    let after = active_checks(&server.decision(&after["request"]["uid"]));
    let privileged = object.to_string().contains("\"privileged\":true");
    for check in &after {
        assert!(
            !FIXED_BY_SECURITY_DEFAULTS.contains(&check.as_str())
                || check == "privilege-escalation-allowed" && privileged,
            "{check} still fires after mutation of {}: {after:?}",
            object["metadata"]["name"]
        );
    }
    assert!(
        after.iter().all(|c| before.contains(c)),
        "mutation added findings: {before:?} -> {after:?}"
    );
    (patched, before, after)
}

#[tokio::test(flavor = "multi_thread")]
async fn mutation_patches_apply_and_revalidate() {
    let server = Running::start(Some(MUTATION)).await;
    let bare = json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "api", "namespace": "shop", "labels": {"team": "payments"}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "api"}},
                 "template": {"metadata": {"labels": {"app": "api"}},
                              "spec": {"containers": [{"name": "api", "image": "registry.example.com/api:2"}],
                                       "initContainers": [{"name": "migrate", "image": "registry.example.com/api:2",
                                                           "resources": {"requests": {"memory": "1Gi"},
                                                                         "limits": {"memory": "1Gi"}}}]}}}});
    let (patched, before, after) = mutate_and_revalidate(&server, &bare).await;
    for check in FIXED_BY_RESOURCE_DEFAULTS
        .iter()
        .chain(["run-as-root-allowed"].iter())
    {
        assert!(
            before.iter().any(|c| c == check) && !after.iter().any(|c| c == check),
            "{check}: {before:?} -> {after:?}"
        );
    }
    let spec = &patched["spec"]["template"]["spec"];
    assert_eq!(
        spec["securityContext"]["seccompProfile"]["type"],
        "RuntimeDefault"
    );
    assert_eq!(
        spec["containers"][0]["securityContext"]["capabilities"]["drop"],
        json!(["ALL"])
    );
    assert_eq!(spec["containers"][0]["imagePullPolicy"], "IfNotPresent");
    // Set by the object: kept.
    assert_eq!(patched["metadata"]["labels"]["team"], "payments");
    assert_eq!(
        spec["initContainers"][0]["resources"]["requests"]["memory"],
        "1Gi"
    );
    assert_eq!(
        spec["initContainers"][0]["resources"]["limits"],
        json!({"memory": "1Gi", "cpu": "400m", "ephemeral-storage": "1Gi"})
    );
    let line = server
        .lines()
        .into_iter()
        .find(|l| l["msg"] == "decision" && l["endpoint"] == "mutate")
        .unwrap();
    assert!(
        line["patched"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "/spec/template/spec/securityContext"),
        "{line}"
    );

    // A Pod as a controller creates it, and the privileged one: defaults stay valid.
    let pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"generateName": "api-7d9f-", "namespace": "shop"},
        "spec": {"containers": [{"name": "api", "image": "registry.example.com/api:2",
                                 "securityContext": {"privileged": true}}]}});
    let (patched, _, _) = mutate_and_revalidate(&server, &pod).await;
    assert!(
        patched["spec"]["containers"][0]["securityContext"]
            .get("allowPrivilegeEscalation")
            .is_none()
    );
    assert_eq!(patched["metadata"]["labels"], json!({"team": "unassigned"}));

    // Mutation of a DELETE: nothing.
    let request = review("DELETE", None, Some(&bare));
    assert!(
        server
            .review("/mutate", &request)
            .await
            .get("patch")
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn real_corpus_objects_through_both_endpoints() {
    let Some(install) = corpus("argo-cd/manifests/install.yaml") else {
        eprintln!("skipped: the real corpus is absent");
        return;
    };
    let server = Running::start(Some(MUTATION)).await;
    let all = objects(&install, &[]);
    assert!(all.len() > 40, "{}", all.len());
    let mut denied = 0;
    for object in &all {
        // The webhook's JSON reader builds the tree a manifest with this JSON gives.
        let text = object.to_string();
        let limits = Default::default();
        let from_json = kubeward_yaml::parse_json(text.as_bytes(), &limits)
            .unwrap()
            .unwrap();
        let from_yaml = kubeward_yaml::parse_document(text.as_bytes(), 1, &limits)
            .unwrap()
            .unwrap();
        assert_eq!(
            from_json.root().to_json().unwrap(),
            from_yaml.root().to_json().unwrap()
        );

        let request = review("CREATE", Some(object), None);
        let response = server.review("/validate", &request).await;
        if response["allowed"] == false {
            denied += 1;
            let message = response["status"]["message"].as_str().unwrap();
            assert!(message.lines().count() <= 10, "{message}");
        }
        if ["Deployment", "StatefulSet"].contains(&object["kind"].as_str().unwrap()) {
            mutate_and_revalidate(&server, object).await;
        }
    }
    // The argo-cd install has findings the default policy denies (no limits, no PDBs...).
    assert!(denied > 0);
    let kinds: std::collections::BTreeSet<&str> =
        all.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains("CustomResourceDefinition") && kinds.contains("Deployment"),
        "{kinds:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn failure_action_answers_in_time_when_evaluation_is_too_slow() {
    // 1 ms is less than evaluating a pod with 3,000 containers takes.
    let containers: Vec<Value> = (0..3000)
        .map(|i| json!({"name": format!("c{i}"), "image": "nginx"}))
        .collect();
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "huge", "namespace": "shop"},
                     "spec": {"containers": containers}});
    for (failure_action, allowed) in [("allow", true), ("deny", false)] {
        let policy = format!("admission:\n  deadline: 1ms\n  failureAction: {failure_action}\n");
        let server = Running::start(Some(&policy)).await;
        let request = review("CREATE", Some(&pod), None);
        let response = server.review("/validate", &request).await;
        assert_eq!(response["allowed"], allowed, "{response}");
        let line = server.decision(&request["request"]["uid"]);
        assert_eq!(line["failure"], "deadline exceeded");
        assert_eq!(line["level"], "error");
        if allowed {
            assert!(
                response["warnings"][0]
                    .as_str()
                    .unwrap()
                    .contains("not evaluated (deadline exceeded)")
            );
        } else {
            assert!(
                response["status"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("denied by the policy's failureAction")
            );
        }
        let metrics = server.metrics().await;
        assert!(metrics.contains("outcome=\"failure\"} 1"), "{metrics}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn policy_reload_and_invalid_policy_keeps_the_old_one() {
    let server = Running::start(Some("checks:\n  privileged-container: {action: warn}\n  privilege-escalation-allowed: {action: warn}\n")).await;
    let bad = privileged(good_deployment());
    let ask = || async {
        server
            .review("/validate", &review("CREATE", Some(&bad), None))
            .await["allowed"]
            .clone()
    };
    assert_eq!(ask().await, true);

    std::fs::write(
        server.path("policy.yaml"),
        "checks:\n  privileged-container: {action: deny}\n",
    )
    .unwrap();
    server.wait_for_log("policy reloaded", 1).await;
    assert_eq!(ask().await, false);

    // A broken policy: rejected with its position, the previous one stays in force.
    std::fs::write(
        server.path("policy.yaml"),
        "checks:\n  privileged-container: {acton: warn}\n",
    )
    .unwrap();
    let error = server
        .wait_for_log("policy not reloaded; the previous policy stays in force", 1)
        .await;
    assert_eq!(error["level"], "error");
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("policy.yaml:2:26: unknown key \"acton\" (did you mean \"action\"?)"),
        "{error}"
    );
    assert_eq!(ask().await, false);
    let metrics = server.metrics().await;
    assert!(
        metrics.contains("kubeward_reloads_total{file=\"policy\",result=\"failure\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("kubeward_policy_invalid 1"), "{metrics}");

    std::fs::write(server.path("policy.yaml"), "checks:\n  privileged-container: {action: audit}\n  privilege-escalation-allowed: {action: audit}\n").unwrap();
    server.wait_for_log("policy reloaded", 2).await;
    assert_eq!(ask().await, true);
    assert!(server.metrics().await.contains("kubeward_policy_invalid 0"));
}

#[tokio::test(flavor = "multi_thread")]
async fn certificate_reload_keeps_connections() {
    let server = Running::start(None).await;
    let good = good_deployment();
    // A keep-alive connection opened with the first certificate.
    let first = server.client.clone();
    assert_eq!(
        server
            .review("/validate", &review("CREATE", Some(&good), None))
            .await["allowed"],
        true
    );

    let renewed = common::certificate();
    renewed.write(&server.path("tls")).unwrap();
    server.wait_for_log("certificate reloaded", 1).await;

    // New connections get the new certificate: a client trusting only the new CA connects...
    let new_client = client(server.addr, &renewed.ca_pem);
    let response = new_client
        .post(server.url("/validate"))
        .body(serde_json::to_vec(&review("CREATE", Some(&good), None)).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // ...one trusting only the old CA cannot make a new connection...
    let old_only = client(server.addr, &server.ca_pem);
    assert!(old_only.get(server.url("/healthz")).send().await.is_err());
    // ...and the connection opened before the reload still serves requests.
    let response = first.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);

    // A broken key does not replace the working certificate.
    std::fs::write(
        server.path("tls/tls.key"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let error = server
        .wait_for_log("certificate not reloaded; the previous one stays in use", 1)
        .await;
    assert!(error["error"].as_str().is_some());
    let again = client(server.addr, &renewed.ca_pem);
    assert_eq!(
        again
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert!(
        server
            .metrics()
            .await
            .contains("kubeward_reloads_total{file=\"certificate\",result=\"failure\"} 1")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_drains_in_flight_requests() {
    let mut server = Running::start(Some("admission:\n  deadline: 30s\n")).await;
    let containers: Vec<Value> = (0..4000)
        .map(|i| json!({"name": format!("c{i}"), "image": "nginx", "securityContext": {"privileged": true}}))
        .collect();
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "slow", "namespace": "shop"},
                     "spec": {"containers": containers}});
    let request = review("CREATE", Some(&pod), None);
    let in_flight = {
        let client = server.client.clone();
        let url = server.url("/validate");
        let body = serde_json::to_vec(&request).unwrap();
        tokio::spawn(async move { client.post(url).body(body).send().await.unwrap() })
    };
    // Wait until the server is working on it, then ask it to stop.
    let start = std::time::Instant::now();
    while !server
        .metrics()
        .await
        .contains("kubeward_admission_in_flight_requests 1")
    {
        assert!(
            start.elapsed() < Duration::from_secs(20) && !in_flight.is_finished(),
            "the request never became in-flight"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let metrics_client = server.client.clone();
    let healthz = server.url("/healthz");
    server.stop().await;
    let response = in_flight.await.unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(answer["response"]["allowed"], false);
    let lines = server.lines();
    let messages: Vec<&str> = lines.iter().map(|l| l["msg"].as_str().unwrap()).collect();
    let draining = messages.iter().position(|m| *m == "draining").unwrap();
    let decided = messages.iter().rposition(|m| *m == "decision").unwrap();
    assert!(
        draining < decided,
        "the in-flight request was answered after draining began: {messages:?}"
    );
    assert_eq!(lines.last().unwrap()["msg"], "stopped");
    assert_eq!(lines.last().unwrap()["drained"], true);
    // Nothing listens any more.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(metrics_client.get(healthz).send().await.is_err());
}
