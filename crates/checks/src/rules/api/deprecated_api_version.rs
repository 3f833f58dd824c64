//! `deprecated-api-version`: an object uses an apiVersion that the target Kubernetes release
//! deprecates but still serves.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::nsa;
use crate::util::api_versions::{Status, report_status};
use crate::{Check, Context};

pub(crate) static CHECK: DeprecatedApiVersion = DeprecatedApiVersion;

pub(crate) struct DeprecatedApiVersion;

static META: CheckMeta = CheckMeta {
    id: "deprecated-api-version",
    title: "Object uses a deprecated API version",
    severity: Severity::Low,
    category: Category::Reliability,
    kinds: &[],
    mappings: Mappings {
        nsa: &[nsa::UPGRADING],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at `apiVersion` when the object's apiVersion and kind are deprecated in the target Kubernetes \
               release (`targetVersion` in `.kubeward.yaml` or `--target-version`; default: the newest release \
               kubeward knows) but still served there, such as `batch/v1beta1` CronJob for a 1.21 to 1.24 cluster, \
               or the core `v1` Endpoints (deprecated in 1.33 in favour of EndpointSlices). Versions are compared \
               as major.minor. Does not fire once the apiVersion is removed at the target (that is \
               `removed-api-version`), before it is deprecated, nor for custom resources.",
        why: "The API server answers deprecated versions with a warning today and stops serving them in a later \
              release: manifests that keep them fail on the upgrade, often in a pipeline nobody watches, leaving \
              workloads that can no longer be updated.",
        fix: "Move to the replacement named in the finding while both versions are served, and adapt the fields \
              that changed between them.",
        failing: "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy-db\nsubsets:\n  - addresses:\n      - ip: 192.0.2.10\n    ports:\n      - port: 5432\n",
        passing: "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: legacy-db-1\n  labels:\n    kubernetes.io/service-name: legacy-db\naddressType: IPv4\nendpoints:\n  - addresses: [192.0.2.10]\nports:\n  - port: 5432\n",
        references: &[
            "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
            "https://kubernetes.io/docs/reference/using-api/deprecation-policy/",
        ],
    },
};

impl Check for DeprecatedApiVersion {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_status(ctx, Status::Deprecated);
    }
}
