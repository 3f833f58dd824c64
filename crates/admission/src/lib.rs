//! kubeward's admission webhook: the scanner's checks, configuration and exemptions applied to
//! the objects kube-apiserver sends for admission, so a manifest gets the same verdict in CI and
//! in the cluster.
//!
//! - [`review`]: AdmissionReview `admission.k8s.io/v1` in and out.
//! - [`decision`]: `/validate`: findings become `deny`, `warn` or `audit` per check or per
//!   severity; exemptions by namespace, object annotation, user, group or service account;
//!   on UPDATE, findings the old object already had are warned about rather than denied.
//! - [`mutate`]: `/mutate`: the policy's defaults as an RFC 6902 JSON Patch.
//! - [`server`]: HTTPS (rustls) with `/validate`, `/mutate`, `/healthz`, `/readyz` and
//!   `/metrics`; certificate and policy reloaded when their files change; graceful drain; a
//!   deadline per request.
//! - [`cert`]: a CA and a serving certificate for the webhook's Service.
//!
//! ```
//! use kubeward_admission::{Policy, decision, review};
//! use kubeward_config::Config;
//!
//! let body = br#"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
//!   "uid": "1", "operation": "CREATE", "namespace": "shop", "userInfo": {"username": "alice"},
//!   "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
//!              "spec": {"containers": [{"name": "app", "image": "nginx",
//!                                       "securityContext": {"privileged": true}}]}}}}"#;
//! let request = review::parse(body).unwrap();
//! let evaluation = decision::validate(&Policy::new(Config::default()), &request).unwrap();
//! assert!(!evaluation.allowed);
//! assert!(evaluation.message.unwrap().contains("privileged-container (critical)"));
//! ```

#![deny(missing_docs)]

pub mod cert;
pub mod decision;
mod log;
mod metrics;
pub mod mutate;
mod reload;
pub mod review;
pub mod server;

pub use decision::Policy;
pub use log::Log;
