//! `removed-api-version`: an object uses an apiVersion that the target Kubernetes release no
//! longer serves.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::nsa;
use crate::util::api_versions::{Status, report_status};
use crate::{Check, Context};

pub(crate) static CHECK: RemovedApiVersion = RemovedApiVersion;

pub(crate) struct RemovedApiVersion;

static META: CheckMeta = CheckMeta {
    id: "removed-api-version",
    title: "Object uses an API version the target Kubernetes release no longer serves",
    severity: Severity::High,
    category: Category::Reliability,
    kinds: &[],
    mappings: Mappings {
        nsa: &[nsa::UPGRADING],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at `apiVersion` when the object's apiVersion and kind (for example `extensions/v1beta1` \
               Deployment, `batch/v1beta1` CronJob, `policy/v1beta1` PodDisruptionBudget) were removed in or before \
               the target Kubernetes release (`targetVersion` in `.kubeward.yaml` or `--target-version`; default: \
               the newest release kubeward knows). Versions are compared as major.minor. Does not fire for \
               apiVersions still served at the target (those that are only deprecated are \
               `deprecated-api-version`), nor for custom resources or apiVersions kubeward has no record of.",
        why: "The API server of the target release does not know this apiVersion: `kubectl apply` fails with \
              \"no matches for kind\", a Helm release or GitOps sync stops half-way, and the workload cannot be \
              created or updated after a cluster upgrade.",
        fix: "Change `apiVersion` to the replacement named in the finding and adapt the fields that changed between \
              versions (for example `spec.selector` became required in `apps/v1`, and Ingress backends moved to \
              `service.name`/`service.port`). `kubectl convert` can do most of it. Objects with no replacement \
              (PodSecurityPolicy) must be replaced by another mechanism (Pod Security Admission).",
        failing: "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: registry.example.com/report:1.0\n",
        passing: "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: registry.example.com/report:1.0\n",
        references: &[
            "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
            "https://kubernetes.io/docs/reference/using-api/deprecation-policy/",
        ],
    },
};

impl Check for RemovedApiVersion {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_status(ctx, Status::Removed);
    }
}
