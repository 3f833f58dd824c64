//! `/metrics`: request counts and latencies, findings by check and action, deadline misses,
//! reloads; in the Prometheus/OpenMetrics text format.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The content type of [`Metrics::encode`]'s output.
pub(crate) const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RequestLabels {
    pub endpoint: &'static str,
    /// `allowed`, `denied`, `failure` (the policy's `failureAction` answered), `bad_request`,
    /// `too_large`.
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct EndpointLabels {
    pub endpoint: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct FindingLabels {
    pub check: &'static str,
    /// `deny`, `warn`, `audit` or `exempt`.
    pub action: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct ReloadLabels {
    /// `policy` or `certificate`.
    pub file: &'static str,
    /// `success` or `failure`.
    pub result: &'static str,
}

pub(crate) struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub duration: Family<EndpointLabels, Histogram>,
    pub findings: Family<FindingLabels, Counter>,
    pub in_flight: Gauge,
    pub reloads: Family<ReloadLabels, Counter>,
    /// 1 while the policy file on disk is invalid and the previous policy is in force.
    pub policy_invalid: Gauge,
}

fn latency_histogram() -> Histogram {
    // 50 µs to about 3.3 s.
    Histogram::new(exponential_buckets(0.000_05, 2.0, 17))
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("kubeward");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "admission_requests",
            "Admission requests answered, by endpoint and outcome",
            requests.clone(),
        );
        let duration = Family::<EndpointLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        registry.register(
            "admission_duration_seconds",
            "Time from a request's arrival to its answer",
            duration.clone(),
        );
        let findings = Family::<FindingLabels, Counter>::default();
        registry.register(
            "admission_findings",
            "Findings in admitted or denied objects, by check and action",
            findings.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "admission_in_flight_requests",
            "Admission requests being answered",
            in_flight.clone(),
        );
        let reloads = Family::<ReloadLabels, Counter>::default();
        registry.register(
            "reloads",
            "Reloads of the policy and certificate files, by result",
            reloads.clone(),
        );
        let policy_invalid = Gauge::default();
        registry.register(
            "policy_invalid",
            "1 while the policy file is invalid and the previous policy stays in force",
            policy_invalid.clone(),
        );
        Metrics {
            registry,
            requests,
            duration,
            findings,
            in_flight,
            reloads,
            policy_invalid,
        }
    }

    pub fn encode(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }

    pub fn reload(&self, file: &'static str, ok: bool) {
        let result = if ok { "success" } else { "failure" };
        self.reloads
            .get_or_create(&ReloadLabels { file, result })
            .inc();
    }
}
