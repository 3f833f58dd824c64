//! The HTTPS server: `/validate`, `/mutate`, `/healthz`, `/readyz`, `/metrics`.
//!
//! Connections are served by hyper (HTTP/1.1 and HTTP/2, chosen by ALPN) over rustls. Each
//! admission request gets a deadline from its arrival: the policy's `admission.deadline`, or
//! nine tenths of the API server's own `?timeout=` when that is shorter. A request whose
//! deadline has passed before its evaluation starts (the server is saturated) gets the
//! policy's `failureAction` at once. Typical objects are evaluated where the request is read;
//! large ones (over 64 KiB) on a pool of one thread per core, so that their answer leaves at
//! the deadline even while the evaluation goes on, and work for a request already answered is
//! skipped. Overload never makes the API server wait past its timeout.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use kubeward_config::{ConfigError, FailureAction};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio_io_timeout::TimeoutStream;
use tokio_rustls::TlsAcceptor;

use crate::decision::{self, Judged, Policy};
use crate::log::Log;
use crate::metrics::{self, EndpointLabels, FindingLabels, Metrics, RequestLabels};
use crate::reload::{self, CertStore, Watched};
use crate::review::{self, Request, Response};

/// The API server never sends more than 3 MiB; neither do we accept more.
pub const MAX_BODY_BYTES: usize = 3 << 20;
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const BODY_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Bodies up to this size are evaluated on the connection's own thread; larger ones on the
/// evaluation pool.
const INLINE_BODY_BYTES: usize = 64 << 10;
/// An idle keep-alive connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// PEM certificate chain.
    pub tls_cert: PathBuf,
    /// PEM private key.
    pub tls_key: PathBuf,
    /// Policy file; `None` for the default policy.
    pub policy: Option<PathBuf>,
    /// How often the certificate and policy files are checked for changes.
    pub reload_interval: Duration,
    /// How long in-flight requests may take to finish after shutdown is asked for.
    pub drain_timeout: Duration,
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A file cannot be read.
    #[error("cannot read {}: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The certificate or key cannot be used.
    #[error("{}: {problem}", path.display())]
    Tls {
        /// The certificate file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The policy file is invalid.
    #[error(transparent)]
    Policy(#[from] ConfigError),
    /// The address cannot be listened on.
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
}

/// What every request handler shares.
pub(crate) struct State {
    pub policy: ArcSwap<Policy>,
    pub metrics: Metrics,
    pub log: Arc<Log>,
    draining: AtomicBool,
}

/// A bound, ready server.
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
    certs: Arc<CertStore>,
    watched: Watched,
    options: ServeOptions,
}

impl Server {
    /// Loads the certificate and the policy and binds the address.
    pub async fn bind(options: ServeOptions, log: Arc<Log>) -> Result<Server, ServeError> {
        let cert = reload::read(&options.tls_cert)?;
        let key = reload::read(&options.tls_key)?;
        let certified =
            reload::load_certified_key(&cert, &key).map_err(|problem| ServeError::Tls {
                path: options.tls_cert.clone(),
                problem,
            })?;
        let (policy, seen_policy) = match &options.policy {
            Some(path) => {
                let text = reload::read(path)?;
                (Policy::parse(&text, path)?, text)
            }
            None => (Policy::new(Default::default()), Vec::new()),
        };
        let listener = TcpListener::bind(options.listen)
            .await
            .map_err(|e| ServeError::Listen(options.listen, e))?;
        let state = Arc::new(State {
            policy: ArcSwap::from_pointee(policy),
            metrics: Metrics::new(),
            log,
            draining: AtomicBool::new(false),
        });
        let watched = Watched {
            cert: options.tls_cert.clone(),
            key: options.tls_key.clone(),
            policy: options.policy.clone(),
            seen_tls: (cert, key),
            seen_policy,
        };
        Ok(Server {
            listener,
            state,
            certs: Arc::new(CertStore::new(certified)),
            watched,
            options,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then stops accepting, lets in-flight requests finish
    /// (at most `drain_timeout`) and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let address = self.local_addr();
        let Server {
            listener,
            state,
            certs,
            mut watched,
            options,
        } = self;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_no_client_auth()
            .with_cert_resolver(certs.clone());
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(tls));

        let reloader = {
            let state = state.clone();
            let mut tick = tokio::time::interval(options.reload_interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tokio::spawn(async move {
                loop {
                    tick.tick().await;
                    watched.poll(&state, &certs);
                }
            })
        };

        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT);
        builder.http2().timer(TokioTimer::new());
        let builder = Arc::new(builder);
        let graceful = GracefulShutdown::new();
        state.log.info(
            "listening",
            serde_json::json!({"address": address.to_string(),
                               "policy": options.policy, "certificate": options.tls_cert}),
        );

        tokio::pin!(shutdown);
        loop {
            let (tcp, _) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(connection) => connection,
                    Err(error) => {
                        // Out of file descriptors and the like: wait instead of spinning.
                        state.log.error("accept failed", serde_json::json!({"error": error.to_string()}));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let _ = tcp.set_nodelay(true);
            let mut stream = TimeoutStream::new(tcp);
            stream.set_read_timeout(Some(IDLE_TIMEOUT));
            stream.set_write_timeout(Some(WRITE_TIMEOUT));
            let acceptor = acceptor.clone();
            let state = state.clone();
            let builder = builder.clone();
            let watcher = graceful.watcher();
            tokio::spawn(async move {
                let tls = match tokio::time::timeout(
                    HANDSHAKE_TIMEOUT,
                    acceptor.accept(Box::pin(stream)),
                )
                .await
                {
                    Ok(Ok(tls)) => tls,
                    // Failed handshakes (scanners, clients that do not trust the CA) are the
                    // client's problem; logging each one would let anyone flood the log.
                    _ => return,
                };
                let service = hyper::service::service_fn(move |request| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(route(&state, request).await) }
                });
                let connection = builder.serve_connection(TokioIo::new(tls), service);
                let _ = watcher.watch(connection.into_owned()).await;
            });
        }

        state.draining.store(true, Ordering::SeqCst);
        drop(listener);
        state.log.info("draining", serde_json::json!({}));
        let drained = tokio::time::timeout(options.drain_timeout, graceful.shutdown()).await;
        reloader.abort();
        state
            .log
            .info("stopped", serde_json::json!({"drained": drained.is_ok()}));
    }
}

type HttpResponse = hyper::Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = hyper::Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text(status: StatusCode, body: impl Into<String>) -> HttpResponse {
    let mut body = body.into();
    body.push('\n');
    respond(status, "text/plain; charset=utf-8", body)
}

async fn route(state: &Arc<State>, request: hyper::Request<Incoming>) -> HttpResponse {
    let arrived = Instant::now();
    let endpoint = match request.uri().path() {
        "/validate" => Endpoint::Validate,
        "/mutate" => Endpoint::Mutate,
        path => {
            return match (request.method(), path) {
                (&Method::GET, "/healthz") => text(StatusCode::OK, "ok"),
                (&Method::GET, "/readyz") if state.draining.load(Ordering::SeqCst) => {
                    text(StatusCode::SERVICE_UNAVAILABLE, "draining")
                }
                (&Method::GET, "/readyz") => text(StatusCode::OK, "ready"),
                (&Method::GET, "/metrics") => respond(
                    StatusCode::OK,
                    metrics::CONTENT_TYPE,
                    state.metrics.encode(),
                ),
                (_, "/healthz" | "/readyz" | "/metrics") => {
                    text(StatusCode::METHOD_NOT_ALLOWED, "use GET")
                }
                _ => text(StatusCode::NOT_FOUND, format!("no such endpoint: {path}")),
            };
        }
    };
    if request.method() != Method::POST {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "use POST with an AdmissionReview",
        );
    }
    state.metrics.in_flight.inc();
    let response = admission(state, endpoint, request, arrived).await;
    state.metrics.in_flight.dec();
    state
        .metrics
        .duration
        .get_or_create(&EndpointLabels {
            endpoint: endpoint.as_str(),
        })
        .observe(arrived.elapsed().as_secs_f64());
    response
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Validate,
    Mutate,
}

impl Endpoint {
    fn as_str(self) -> &'static str {
        match self {
            Endpoint::Validate => "validate",
            Endpoint::Mutate => "mutate",
        }
    }
}

/// One decision, as logged.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DecisionLine {
    endpoint: &'static str,
    uid: String,
    operation: &'static str,
    kind: String,
    api_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    name: String,
    user: String,
    groups: Vec<String>,
    dry_run: bool,
    /// `allow` or `deny`.
    decision: &'static str,
    warnings: usize,
    findings: Vec<Judged>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<&'static str>,
    /// Paths the patch sets (`/mutate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    patched: Option<Vec<String>>,
    /// Why the policy's failure action answered instead of an evaluation.
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<String>,
    latency_ms: f64,
}

impl DecisionLine {
    fn new(endpoint: Endpoint, request: &Request<'_>, response: &Response) -> DecisionLine {
        let kind = &request.kind;
        DecisionLine {
            endpoint: endpoint.as_str(),
            uid: request.uid.clone(),
            operation: request.operation.as_str(),
            kind: kind.kind.clone(),
            api_version: if kind.group.is_empty() {
                kind.version.clone()
            } else {
                format!("{}/{}", kind.group, kind.version)
            },
            sub_resource: request.sub_resource.clone().filter(|s| !s.is_empty()),
            namespace: request.namespace.clone().filter(|n| !n.is_empty()),
            name: request.name.clone().unwrap_or_default(),
            user: request.user_info.username.clone(),
            groups: request.user_info.groups.clone(),
            dry_run: request.is_dry_run(),
            decision: if response.allowed { "allow" } else { "deny" },
            warnings: response.warnings.len(),
            findings: Vec::new(),
            skipped: None,
            patched: None,
            failure: None,
            latency_ms: 0.0,
        }
    }
}

/// What the evaluation pool hands back.
enum Answer {
    Decided(Response, Box<DecisionLine>),
    BadRequest(String),
}

async fn admission(
    state: &Arc<State>,
    endpoint: Endpoint,
    request: hyper::Request<Incoming>,
    arrived: Instant,
) -> HttpResponse {
    let policy = state.policy.load_full();
    let deadline = arrived + deadline(policy.config().admission.deadline, request.uri().query());
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return too_large(state, endpoint);
    }
    let body = match tokio::time::timeout(
        BODY_TIMEOUT,
        Limited::new(request.into_body(), MAX_BODY_BYTES).collect(),
    )
    .await
    {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            return too_large(state, endpoint);
        }
        Ok(Err(error)) => {
            return bad_request(
                state,
                endpoint,
                format!("cannot read the request body: {error}"),
            );
        }
        Err(_) => {
            return bad_request(state, endpoint, "reading the request body timed out".into());
        }
    };

    let evaluated = if Instant::now() >= deadline {
        None
    } else if body.len() <= INLINE_BODY_BYTES {
        // Typical objects take well under a millisecond: a hop to another thread would cost
        // more than it protects.
        Some(evaluate(&policy, endpoint, &body))
    } else {
        // Large objects go to the pool, so the answer can leave at the deadline even while the
        // evaluation goes on.
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let (pool_body, pool_policy) = (body.clone(), policy.clone());
        rayon::spawn(move || {
            // Work for a request that has already been answered would only delay the next.
            if Instant::now() < deadline {
                let _ = sender.send(evaluate(&pool_policy, endpoint, &pool_body));
            }
        });
        tokio::time::timeout_at(deadline.into(), receiver)
            .await
            .ok()
            .and_then(Result::ok)
    };
    let failure = |why| failure_answer(&policy, endpoint, &body, why);
    let answered = match evaluated {
        Some(Some(Answer::Decided(response, line))) => Ok((response, line)),
        Some(Some(Answer::BadRequest(reason))) => Err(reason),
        Some(None) => failure("internal error"),
        None => failure("deadline exceeded"),
    };
    let (response, mut line) = match answered {
        Ok(answered) => answered,
        Err(reason) => return bad_request(state, endpoint, reason),
    };
    line.latency_ms = arrived.elapsed().as_secs_f64() * 1000.0;
    let outcome = match (&line.failure, response.allowed) {
        (Some(_), _) => "failure",
        (None, true) => "allowed",
        (None, false) => "denied",
    };
    count(state, endpoint, outcome);
    for finding in &line.findings {
        let action = finding.action.unwrap_or("exempt");
        state
            .metrics
            .findings
            .get_or_create(&FindingLabels {
                check: finding.check,
                action,
            })
            .inc();
    }
    if line.failure.is_some() {
        state.log.error("decision", &line);
    } else {
        state.log.info("decision", &line);
    }
    respond(
        StatusCode::OK,
        "application/json",
        response.to_review_json(),
    )
}

/// The policy's deadline, or nine tenths of the API server's `timeout` when that is shorter.
fn deadline(configured: Duration, query: Option<&str>) -> Duration {
    let api_server = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("timeout="))
        .and_then(|timeout| kubeward_config::parse_duration(timeout).ok());
    match api_server {
        Some(timeout) => configured.min(timeout.mul_f64(0.9)),
        None => configured,
    }
}

/// Decides one request; `None` if a check panicked (a bug, never the caller's fault).
fn evaluate(policy: &Policy, endpoint: Endpoint, body: &[u8]) -> Option<Answer> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        answer(policy, endpoint, body)
    }))
    .ok()
}

fn answer(policy: &Policy, endpoint: Endpoint, body: &[u8]) -> Answer {
    let request = match review::parse(body) {
        Ok(request) => request,
        Err(error) => return Answer::BadRequest(error.to_string()),
    };
    match endpoint {
        Endpoint::Validate => match decision::validate(policy, &request) {
            Ok(evaluation) => {
                let mut response = match evaluation.message {
                    Some(message) => Response::deny(&request.uid, message),
                    None => Response::allow(&request.uid),
                };
                response.warnings = evaluation.warnings;
                let mut line = DecisionLine::new(endpoint, &request, &response);
                if let Some(object) = &evaluation.object {
                    line.name.clone_from(&object.name);
                    line.namespace.clone_from(&object.namespace);
                }
                line.findings = evaluation.findings;
                line.skipped = evaluation.skipped;
                Answer::Decided(response, Box::new(line))
            }
            Err(error) => Answer::BadRequest(error.to_string()),
        },
        Endpoint::Mutate => match crate::mutate::mutate(policy, &request) {
            Ok(patch) => {
                let mut response = Response::allow(&request.uid);
                let paths: Vec<String> = patch.0.iter().map(|op| op.path().to_string()).collect();
                if !patch.0.is_empty() {
                    let json = serde_json::to_vec(&patch).expect("a patch serializes");
                    response.patch_type = Some("JSONPatch");
                    response.patch = Some(base64_encode(&json));
                }
                let mut line = DecisionLine::new(endpoint, &request, &response);
                line.skipped = decision::skip_reason(&request);
                line.patched = Some(paths);
                Answer::Decided(response, Box::new(line))
            }
            Err(error) => Answer::BadRequest(error.to_string()),
        },
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The policy's failure action for a request that could not be evaluated (`why`).
fn failure_answer(
    policy: &Policy,
    endpoint: Endpoint,
    body: &[u8],
    why: &str,
) -> Result<(Response, Box<DecisionLine>), String> {
    let request = review::parse(body).map_err(|e| e.to_string())?;
    let response = match policy.config().admission.failure_action {
        FailureAction::Allow => {
            let mut response = Response::allow(&request.uid);
            response.warnings.push(format!(
                "kubeward: not evaluated ({why}); allowed by the policy's failureAction"
            ));
            response
        }
        FailureAction::Deny => Response::deny(
            &request.uid,
            format!(
                "kubeward could not evaluate this request ({why}); denied by the policy's failureAction"
            ),
        ),
    };
    let mut line = DecisionLine::new(endpoint, &request, &response);
    line.failure = Some(why.to_owned());
    Ok((response, Box::new(line)))
}

fn bad_request(state: &State, endpoint: Endpoint, reason: String) -> HttpResponse {
    count(state, endpoint, "bad_request");
    state.log.error(
        "bad request",
        serde_json::json!({"endpoint": endpoint.as_str(), "status": 400, "error": reason}),
    );
    text(StatusCode::BAD_REQUEST, reason)
}

fn too_large(state: &State, endpoint: Endpoint) -> HttpResponse {
    count(state, endpoint, "too_large");
    let reason = format!("request body is over the limit of {MAX_BODY_BYTES} bytes");
    state.log.error(
        "bad request",
        serde_json::json!({"endpoint": endpoint.as_str(), "status": 413, "error": reason}),
    );
    text(StatusCode::PAYLOAD_TOO_LARGE, reason)
}

fn count(state: &State, endpoint: Endpoint, outcome: &'static str) {
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            endpoint: endpoint.as_str(),
            outcome,
        })
        .inc();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_respects_the_api_server_timeout() {
        let two = Duration::from_secs(2);
        assert_eq!(deadline(two, None), two);
        assert_eq!(deadline(two, Some("timeout=10s")), two);
        assert_eq!(
            deadline(two, Some("a=b&timeout=1s")),
            Duration::from_millis(900)
        );
        assert_eq!(
            deadline(two, Some("timeout=500ms")),
            Duration::from_millis(450)
        );
        assert_eq!(deadline(two, Some("timeout=junk")), two);
        assert_eq!(deadline(two, Some("timeout=0s")), two);
    }
}
