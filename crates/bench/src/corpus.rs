//! The synthetic corpus: Helm-like multi-document YAML streams, generated deterministically.
//!
//! One "release" renders a handful of objects (a workload with its Service, ConfigMap, HPA,
//! ServiceAccount and RBAC), each preceded by a `# Source:` comment as `helm template` writes
//! them. Releases are appended to the current file until it holds its share of the objects,
//! so the corpus has about [`OBJECTS_PER_FILE`] objects per file.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Objects per generated file (the last file may hold fewer).
pub const OBJECTS_PER_FILE: usize = 100;

/// Bumped whenever the generated text changes, so a stale corpus on disk is regenerated.
const GENERATOR_VERSION: u32 = 1;

const STAMP: &str = "corpus.stamp";

/// A generated corpus on disk.
pub struct Corpus {
    /// Files written.
    pub files: usize,
    /// Objects written (the kubeward run reports its own count too).
    pub objects: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// SplitMix64: small, fast, and good enough to pick shapes of manifests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            let _ = write!(s, "{:016x}", self.next_u64());
        }
        s.truncate(len);
        s
    }
}

/// Generates `objects` objects into `dir`, unless the same corpus is already there.
pub fn ensure(dir: &Path, objects: usize, seed: u64) -> io::Result<Corpus> {
    let stamp = format!("generator={GENERATOR_VERSION} objects={objects} seed={seed}\n");
    if let Ok(existing) = fs::read_to_string(dir.join(STAMP))
        && let Some((head, tail)) = existing.split_once("---\n")
        && head == stamp
        && let Some(corpus) = parse_totals(tail)
    {
        return Ok(corpus);
    }
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let corpus = generate(dir, objects, seed)?;
    fs::write(
        dir.join(STAMP),
        format!(
            "{stamp}---\n{} {} {}\n",
            corpus.files, corpus.objects, corpus.bytes
        ),
    )?;
    Ok(corpus)
}

fn parse_totals(text: &str) -> Option<Corpus> {
    let mut parts = text.split_whitespace().map(|p| p.parse::<u64>().ok());
    let files = parts.next()?? as usize;
    let objects = parts.next()?? as usize;
    let bytes = parts.next()??;
    Some(Corpus {
        files,
        objects,
        bytes,
    })
}

fn generate(dir: &Path, objects: usize, seed: u64) -> io::Result<Corpus> {
    let mut rng = Rng::new(seed);
    let mut corpus = Corpus {
        files: 0,
        objects: 0,
        bytes: 0,
    };
    let mut release = 0usize;
    while corpus.objects < objects {
        let quota = OBJECTS_PER_FILE.min(objects - corpus.objects);
        let mut text = String::with_capacity(quota * 1600);
        let mut in_file = 0;
        while in_file < quota {
            let docs = render_release(&mut rng, release);
            release += 1;
            for doc in docs.into_iter().take(quota - in_file) {
                text.push_str(&doc);
                in_file += 1;
            }
        }
        let team = TEAMS[corpus.files % TEAMS.len()];
        let sub = dir.join(team);
        fs::create_dir_all(&sub)?;
        let name = if corpus.files % 7 == 3 {
            "rendered.yml"
        } else {
            "rendered.yaml"
        };
        fs::write(
            sub.join(format!("release-{:05}-{name}", corpus.files)),
            &text,
        )?;
        corpus.files += 1;
        corpus.objects += in_file;
        corpus.bytes += text.len() as u64;
    }
    Ok(corpus)
}

const TEAMS: &[&str] = &[
    "payments", "platform", "search", "data", "edge", "identity", "growth", "infra",
];
const APPS: &[&str] = &[
    "api",
    "web",
    "worker",
    "cache",
    "gateway",
    "auth",
    "billing",
    "search",
    "ingest",
    "notifier",
    "scheduler",
    "metrics",
    "frontend",
    "backend",
    "queue",
    "payments",
    "catalog",
    "cart",
    "inventory",
    "reports",
    "mailer",
    "exporter",
    "indexer",
    "thumbnailer",
];
const NAMESPACES: &[&str] = &[
    "default",
    "prod",
    "staging",
    "shop",
    "monitoring",
    "kube-system",
    "data",
    "edge",
];
const REGISTRIES: &[&str] = &[
    "",
    "docker.io/",
    "ghcr.io/acme/",
    "quay.io/acme/",
    "registry.example.com/team/",
    "gcr.io/acme-prod/",
];
const LOG_LEVELS: &[&str] = &["debug", "info", "warn", "error"];
const CPU: &[&str] = &["50m", "100m", "250m", "500m", "1", "2"];
const MEMORY: &[&str] = &["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"];
const SCHEDULES: &[&str] = &[
    "*/5 * * * *",
    "0 * * * *",
    "30 2 * * *",
    "0 0 * * 0",
    "15 */6 * * *",
];

struct Release {
    name: String,
    app: &'static str,
    namespace: &'static str,
    chart: String,
    version: String,
}

impl Release {
    fn labels(&self, out: &mut String, indent: &str) {
        let _ = write!(
            out,
            "{indent}app.kubernetes.io/name: {app}\n\
             {indent}app.kubernetes.io/instance: {name}\n\
             {indent}app.kubernetes.io/version: \"{version}\"\n\
             {indent}app.kubernetes.io/managed-by: Helm\n\
             {indent}helm.sh/chart: {chart}\n",
            app = self.app,
            name = self.name,
            version = self.version,
            chart = self.chart,
        );
    }

    fn selector(&self, out: &mut String, indent: &str) {
        let _ = write!(
            out,
            "{indent}app.kubernetes.io/name: {}\n{indent}app.kubernetes.io/instance: {}\n",
            self.app, self.name
        );
    }

    /// `---`, the `# Source:` comment, apiVersion, kind and metadata.
    fn head(
        &self,
        out: &mut String,
        template: &str,
        api: &str,
        kind: &str,
        name: &str,
        namespaced: bool,
    ) {
        let _ = write!(
            out,
            "---\n# Source: {chart}/templates/{template}\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n",
            chart = self.app,
        );
        if namespaced {
            let _ = writeln!(out, "  namespace: {}", self.namespace);
        }
        out.push_str("  labels:\n");
        self.labels(out, "    ");
    }
}

fn render_release(rng: &mut Rng, index: usize) -> Vec<String> {
    let app = rng.pick(APPS);
    let release = Release {
        name: format!("{app}-{index}"),
        app,
        namespace: rng.pick(NAMESPACES),
        chart: format!("{app}-{}.{}.{}", rng.below(4), rng.below(30), rng.below(10)),
        version: format!("{}.{}.{}", rng.range(1, 9), rng.below(40), rng.below(20)),
    };
    let mut docs = Vec::new();
    let service_account = rng.chance(60);
    if service_account {
        let mut d = String::new();
        release.head(
            &mut d,
            "serviceaccount.yaml",
            "v1",
            "ServiceAccount",
            &release.name,
            true,
        );
        if rng.chance(50) {
            d.push_str("automountServiceAccountToken: false\n");
        }
        docs.push(d);
    }
    let config = rng.chance(70);
    if config {
        docs.push(config_map(rng, &release));
    }
    let kind = match rng.below(100) {
        0..55 => "Deployment",
        55..75 => "StatefulSet",
        75..85 => "DaemonSet",
        _ => "CronJob",
    };
    docs.push(workload(rng, &release, kind, service_account, config));
    if matches!(kind, "Deployment" | "StatefulSet") {
        docs.push(service(rng, &release));
    }
    if kind == "Deployment" && rng.chance(50) {
        docs.push(hpa(rng, &release));
    }
    if rng.chance(35) {
        let cluster = rng.chance(30);
        docs.push(role(rng, &release, cluster));
        docs.push(binding(rng, &release, cluster));
    }
    docs
}

fn config_map(rng: &mut Rng, r: &Release) -> String {
    let mut d = String::new();
    r.head(
        &mut d,
        "configmap.yaml",
        "v1",
        "ConfigMap",
        &format!("{}-config", r.name),
        true,
    );
    d.push_str("data:\n");
    let _ = writeln!(d, "  LOG_LEVEL: {}", rng.pick(LOG_LEVELS));
    let _ = writeln!(
        d,
        "  FEATURE_FLAGS: \"beta-ui,fast-path,{}\"",
        rng.pick(APPS)
    );
    let _ = write!(
        d,
        "  application.yaml: |\n    server:\n      port: {port}\n      shutdown: graceful\n    \
         database:\n      host: {app}-db.{ns}.svc.cluster.local\n      pool:\n        min: {min}\n        max: {max}\n    \
         cache:\n      ttl: {ttl}s\n      # keep in sync with the chart's values.yaml\n      size: {size}\n",
        port = 8000 + rng.below(1000),
        app = r.app,
        ns = r.namespace,
        min = rng.range(1, 4),
        max = rng.range(8, 64),
        ttl = rng.range(30, 3600),
        size = rng.range(100, 10_000),
    );
    if rng.chance(40) {
        let _ = write!(
            d,
            "  nginx.conf: |\n    worker_processes auto;\n    events {{ worker_connections {}; }}\n    \
             http {{\n      server {{\n        listen 8080;\n        location /healthz {{ return 200 'ok'; }}\n        \
             location / {{ proxy_pass http://127.0.0.1:{}; }}\n      }}\n    }}\n",
            rng.range(512, 4096),
            8000 + rng.below(1000),
        );
    }
    d
}

fn image(rng: &mut Rng, name: &str) -> String {
    let registry = rng.pick(REGISTRIES);
    let tag = format!("{}.{}.{}", rng.range(0, 5), rng.below(30), rng.below(15));
    match rng.below(100) {
        0..70 => format!("{registry}{name}:{tag}"),
        70..78 => format!("{registry}{name}:latest"),
        78..82 => format!("{registry}{name}"),
        82..92 => format!("{registry}{name}@sha256:{}", rng.hex(64)),
        _ => format!("{registry}{name}:{tag}@sha256:{}", rng.hex(64)),
    }
}

fn probe(rng: &mut Rng, out: &mut String, p: &str, name: &str, port: usize) {
    let _ = writeln!(out, "{p}  {name}:");
    match rng.below(10) {
        0..7 => {
            let path = if name == "livenessProbe" {
                "/healthz"
            } else {
                "/ready"
            };
            let _ = write!(
                out,
                "{p}    httpGet:\n{p}      path: {path}\n{p}      port: {port}\n"
            );
        }
        7..9 => {
            let _ = write!(out, "{p}    tcpSocket:\n{p}      port: {port}\n");
        }
        _ => {
            let _ = write!(
                out,
                "{p}    exec:\n{p}      command: [\"/bin/sh\", \"-c\", \"test -f /tmp/healthy\"]\n"
            );
        }
    }
    let _ = write!(
        out,
        "{p}    initialDelaySeconds: {}\n{p}    periodSeconds: {}\n{p}    failureThreshold: 3\n",
        rng.range(0, 30),
        rng.pick(&["5", "10", "15", "30"]),
    );
}

fn container(
    rng: &mut Rng,
    out: &mut String,
    p: &str,
    r: &Release,
    name: &str,
    main: bool,
    config: bool,
) {
    let port = 8000 + rng.below(1000);
    let _ = write!(
        out,
        "{p}- name: {name}\n{p}  image: \"{}\"\n{p}  imagePullPolicy: {}\n",
        image(rng, if main { r.app } else { name }),
        rng.pick(&["IfNotPresent", "IfNotPresent", "Always"]),
    );
    if rng.chance(50) {
        let _ = writeln!(
            out,
            "{p}  args: [\"--port={port}\", \"--log-format=json\", \"--metrics\"]"
        );
    }
    if main {
        let _ = write!(
            out,
            "{p}  ports:\n{p}  - name: http\n{p}    containerPort: {port}\n{p}    protocol: TCP\n"
        );
    }
    let _ = write!(
        out,
        "{p}  env:\n{p}  - name: LOG_LEVEL\n{p}    value: \"{}\"\n",
        rng.pick(LOG_LEVELS)
    );
    for i in 0..rng.range(1, 6) {
        let _ = write!(
            out,
            "{p}  - name: SETTING_{i}\n{p}    value: \"{}\"\n",
            rng.range(1, 100_000)
        );
    }
    if rng.chance(60) {
        let _ = write!(
            out,
            "{p}  - name: DATABASE_PASSWORD\n{p}    valueFrom:\n{p}      secretKeyRef:\n{p}        name: {}-db\n{p}        key: password\n",
            r.name
        );
    }
    if rng.chance(8) {
        let _ = writeln!(
            out,
            "{p}  - name: API_TOKEN\n{p}    value: \"tok_{}\"",
            rng.hex(24)
        );
    }
    if rng.chance(40) {
        let _ = write!(
            out,
            "{p}  - name: POD_NAME\n{p}    valueFrom:\n{p}      fieldRef:\n{p}        fieldPath: metadata.name\n"
        );
    }
    if config && rng.chance(50) {
        let _ = write!(
            out,
            "{p}  envFrom:\n{p}  - configMapRef:\n{p}      name: {}-config\n",
            r.name
        );
    }
    if rng.chance(80) {
        let _ = write!(
            out,
            "{p}  resources:\n{p}    requests:\n{p}      cpu: {}\n",
            rng.pick(CPU)
        );
        let _ = writeln!(out, "{p}      memory: {}", rng.pick(MEMORY));
        if rng.chance(75) {
            out.push_str(p);
            out.push_str("    limits:\n");
            if rng.chance(50) {
                let _ = writeln!(out, "{p}      cpu: {}", rng.pick(CPU));
            }
            let _ = writeln!(out, "{p}      memory: {}", rng.pick(MEMORY));
        }
    }
    if main && rng.chance(75) {
        probe(rng, out, p, "livenessProbe", port);
    }
    if main && rng.chance(70) {
        probe(rng, out, p, "readinessProbe", port);
    }
    if rng.chance(70) {
        let _ = writeln!(out, "{p}  securityContext:");
        if rng.chance(4) {
            let _ = writeln!(out, "{p}    privileged: true");
        } else {
            let _ = writeln!(out, "{p}    allowPrivilegeEscalation: false");
        }
        let _ = writeln!(out, "{p}    readOnlyRootFilesystem: {}", rng.chance(60));
        if rng.chance(5) {
            let _ = writeln!(out, "{p}    runAsUser: 0");
        } else if rng.chance(50) {
            let _ = write!(
                out,
                "{p}    runAsNonRoot: true\n{p}    runAsUser: {}\n",
                rng.range(1000, 65000)
            );
        }
        if rng.chance(3) {
            let _ = write!(
                out,
                "{p}    capabilities:\n{p}      add: [\"NET_ADMIN\", \"SYS_TIME\"]\n"
            );
        } else if rng.chance(60) {
            let _ = write!(out, "{p}    capabilities:\n{p}      drop: [\"ALL\"]\n");
        }
    }
    let _ = write!(
        out,
        "{p}  volumeMounts:\n{p}  - name: tmp\n{p}    mountPath: /tmp\n"
    );
    if config {
        let _ = write!(
            out,
            "{p}  - name: config\n{p}    mountPath: /etc/{}\n{p}    readOnly: true\n",
            r.app
        );
    }
}

/// A pod spec whose keys start at indent `p`.
fn pod_spec(
    rng: &mut Rng,
    out: &mut String,
    p: &str,
    r: &Release,
    kind: &str,
    sa: bool,
    config: bool,
) {
    if sa {
        let _ = writeln!(out, "{p}serviceAccountName: {}", r.name);
    }
    if kind == "CronJob" {
        let _ = writeln!(out, "{p}restartPolicy: OnFailure");
    }
    if rng.chance(if kind == "DaemonSet" { 25 } else { 3 }) {
        let _ = writeln!(out, "{p}hostNetwork: true");
    }
    if rng.chance(2) {
        let _ = writeln!(out, "{p}hostPID: true");
    }
    if rng.chance(50) {
        let user = if rng.chance(6) {
            0
        } else {
            rng.range(1000, 65000)
        };
        let _ = write!(
            out,
            "{p}securityContext:\n{p}  runAsUser: {user}\n{p}  fsGroup: 2000\n"
        );
        if user != 0 {
            let _ = writeln!(out, "{p}  runAsNonRoot: true");
        }
        if rng.chance(50) {
            let _ = write!(out, "{p}  seccompProfile:\n{p}    type: RuntimeDefault\n");
        }
    }
    if rng.chance(30) {
        let _ = write!(
            out,
            "{p}affinity:\n{p}  podAntiAffinity:\n{p}    preferredDuringSchedulingIgnoredDuringExecution:\n\
             {p}    - weight: 100\n{p}      podAffinityTerm:\n{p}        topologyKey: kubernetes.io/hostname\n\
             {p}        labelSelector:\n{p}          matchLabels:\n"
        );
        r.selector(out, &format!("{p}            "));
    }
    if kind == "DaemonSet" || rng.chance(10) {
        let _ = write!(
            out,
            "{p}tolerations:\n{p}- key: node-role.kubernetes.io/control-plane\n{p}  operator: Exists\n{p}  effect: NoSchedule\n"
        );
    }
    let _ = writeln!(out, "{p}containers:");
    let containers = rng.range(1, 3);
    for i in 0..containers {
        let name = match i {
            0 => r.app,
            1 => rng.pick(&["sidecar", "envoy", "log-shipper", "metrics-exporter"]),
            _ => rng.pick(&["cloud-sql-proxy", "vault-agent", "config-reloader"]),
        };
        container(rng, out, p, r, name, i == 0, config);
    }
    let _ = write!(out, "{p}volumes:\n{p}- name: tmp\n{p}  emptyDir: {{}}\n");
    if config {
        let _ = write!(
            out,
            "{p}- name: config\n{p}  configMap:\n{p}    name: {}-config\n",
            r.name
        );
    }
    if rng.chance(if kind == "DaemonSet" { 50 } else { 4 }) {
        let _ = write!(
            out,
            "{p}- name: host-logs\n{p}  hostPath:\n{p}    path: {}\n{p}    type: Directory\n",
            rng.pick(&["/var/log", "/var/lib/docker/containers", "/", "/etc"])
        );
    }
}

fn pod_template(
    rng: &mut Rng,
    out: &mut String,
    p: &str,
    r: &Release,
    kind: &str,
    sa: bool,
    config: bool,
) {
    let _ = write!(out, "{p}template:\n{p}  metadata:\n{p}    labels:\n");
    r.selector(out, &format!("{p}      "));
    if rng.chance(60) {
        let _ = write!(
            out,
            "{p}    annotations:\n{p}      checksum/config: {}\n",
            rng.hex(64)
        );
        if rng.chance(30) {
            let _ = writeln!(out, "{p}      prometheus.io/scrape: \"true\"");
        }
    }
    let _ = writeln!(out, "{p}  spec:");
    pod_spec(rng, out, &format!("{p}    "), r, kind, sa, config);
}

fn workload(rng: &mut Rng, r: &Release, kind: &str, sa: bool, config: bool) -> String {
    let mut d = String::with_capacity(3000);
    let (api, template) = match kind {
        "CronJob" => ("batch/v1", "cronjob.yaml"),
        "StatefulSet" => ("apps/v1", "statefulset.yaml"),
        "DaemonSet" => ("apps/v1", "daemonset.yaml"),
        _ => ("apps/v1", "deployment.yaml"),
    };
    r.head(&mut d, template, api, kind, &r.name, true);
    d.push_str("spec:\n");
    if kind == "CronJob" {
        let _ = write!(
            d,
            "  schedule: \"{}\"\n  concurrencyPolicy: Forbid\n  successfulJobsHistoryLimit: 3\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n",
            rng.pick(SCHEDULES)
        );
        pod_template(rng, &mut d, "      ", r, kind, sa, config);
        return d;
    }
    if kind != "DaemonSet" {
        let _ = writeln!(d, "  replicas: {}", rng.pick(&["1", "1", "2", "3", "5"]));
    }
    if kind == "StatefulSet" {
        let _ = writeln!(d, "  serviceName: {}", r.name);
    }
    if kind == "Deployment" && rng.chance(50) {
        d.push_str("  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n");
    }
    d.push_str("  selector:\n    matchLabels:\n");
    r.selector(&mut d, "      ");
    pod_template(rng, &mut d, "  ", r, kind, sa, config);
    if kind == "StatefulSet" {
        let _ = write!(
            d,
            "  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n      \
             resources:\n        requests:\n          storage: {}Gi\n",
            rng.pick(&["1", "10", "50", "100"])
        );
    }
    d
}

fn service(rng: &mut Rng, r: &Release) -> String {
    let mut d = String::new();
    r.head(&mut d, "service.yaml", "v1", "Service", &r.name, true);
    let _ = write!(
        d,
        "spec:\n  type: {}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n    protocol: TCP\n  selector:\n",
        rng.pick(&[
            "ClusterIP",
            "ClusterIP",
            "ClusterIP",
            "NodePort",
            "LoadBalancer"
        ])
    );
    r.selector(&mut d, "    ");
    d
}

fn hpa(rng: &mut Rng, r: &Release) -> String {
    let mut d = String::new();
    r.head(
        &mut d,
        "hpa.yaml",
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        &r.name,
        true,
    );
    let min = rng.range(1, 3);
    let _ = write!(
        d,
        "spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {}\n  minReplicas: {min}\n  maxReplicas: {}\n  \
         metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: {}\n",
        r.name,
        min + rng.range(2, 20),
        rng.pick(&["60", "70", "80"]),
    );
    d
}

fn role(rng: &mut Rng, r: &Release, cluster: bool) -> String {
    let mut d = String::new();
    let kind = if cluster { "ClusterRole" } else { "Role" };
    r.head(
        &mut d,
        "rbac.yaml",
        "rbac.authorization.k8s.io/v1",
        kind,
        &r.name,
        !cluster,
    );
    d.push_str("rules:\n- apiGroups: [\"\"]\n  resources: [\"configmaps\", \"pods\"]\n  verbs: [\"get\", \"list\", \"watch\"]\n");
    match rng.below(10) {
        0 => d.push_str("- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]\n"),
        1 => d.push_str("- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"get\", \"list\"]\n"),
        _ => d.push_str("- apiGroups: [\"coordination.k8s.io\"]\n  resources: [\"leases\"]\n  verbs: [\"get\", \"create\", \"update\"]\n"),
    }
    d
}

fn binding(rng: &mut Rng, r: &Release, cluster: bool) -> String {
    let mut d = String::new();
    let (kind, role_kind) = if cluster {
        ("ClusterRoleBinding", "ClusterRole")
    } else {
        ("RoleBinding", "Role")
    };
    r.head(
        &mut d,
        "rbac.yaml",
        "rbac.authorization.k8s.io/v1",
        kind,
        &r.name,
        !cluster,
    );
    let role_name = if cluster && rng.chance(15) {
        "cluster-admin"
    } else {
        r.name.as_str()
    };
    let _ = write!(
        d,
        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  name: {role_name}\nsubjects:\n\
         - kind: ServiceAccount\n  name: {}\n  namespace: {}\n",
        r.name, r.namespace
    );
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let a = tempdir("a");
        let b = tempdir("b");
        let ca = generate(&a, 250, 7).unwrap();
        let cb = generate(&b, 250, 7).unwrap();
        assert_eq!(
            (ca.files, ca.objects, ca.bytes),
            (cb.files, cb.objects, cb.bytes)
        );
        assert_eq!(ca.objects, 250);
        assert_eq!(ca.files, 3);
        let per_object = ca.bytes / ca.objects as u64;
        assert!(
            (400..3000).contains(&per_object),
            "{per_object} bytes per object"
        );
        let _ = fs::remove_dir_all(a);
        let _ = fs::remove_dir_all(b);
    }

    #[test]
    fn documents_have_sources_and_kinds() {
        let mut rng = Rng::new(1);
        for i in 0..50 {
            for doc in render_release(&mut rng, i) {
                assert!(doc.starts_with("---\n# Source: "), "{doc}");
                assert!(doc.contains("\nkind: "));
                assert!(!doc.contains('\t'));
            }
        }
    }

    fn tempdir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kubeward-bench-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }
}
