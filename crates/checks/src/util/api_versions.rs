//! The lifecycle of Kubernetes API versions: which apiVersion/kind pairs were deprecated and
//! removed in which release, and what replaces them (from the Kubernetes deprecated API migration
//! guide; removals from 1.26 on cross-checked against the OpenAPI definitions of each release),
//! and the `major.minor` versions the `--target-version` setting is compared with.

use std::fmt;
use std::sync::LazyLock;

use foldhash::HashMap;

/// A Kubernetes release, `major.minor`; ordered by (major, minor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Version(pub(crate) u32, pub(crate) u32);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

impl From<(u32, u32)> for Version {
    fn from((major, minor): (u32, u32)) -> Self {
        Version(major, minor)
    }
}

/// One apiVersion/kind that stops being served.
#[derive(Debug)]
pub(crate) struct Lifecycle {
    pub(crate) api_version: &'static str,
    pub(crate) kind: &'static str,
    /// The release that deprecated it (still served, with a warning).
    pub(crate) deprecated: Version,
    /// The first release that no longer serves it; `None` while it is still served.
    pub(crate) removed: Option<Version>,
    /// What to use instead (`apps/v1`), or `None` when nothing replaces it.
    pub(crate) replacement: Option<&'static str>,
}

const fn v(minor: u32) -> Version {
    Version(1, minor)
}

macro_rules! lifecycle {
    ($($api:literal $kind:ident: $dep:literal -> $rem:expr, $rep:expr;)*) => {
        &[$(Lifecycle {
            api_version: $api,
            kind: stringify!($kind),
            deprecated: v($dep),
            removed: $rem,
            replacement: $rep,
        },)*]
    };
}

/// Every known deprecated or removed apiVersion/kind pair.
static TABLE: &[Lifecycle] = lifecycle! {
    // Removed in 1.16.
    "extensions/v1beta1" DaemonSet: 9 -> Some(v(16)), Some("apps/v1");
    "extensions/v1beta1" Deployment: 9 -> Some(v(16)), Some("apps/v1");
    "extensions/v1beta1" ReplicaSet: 9 -> Some(v(16)), Some("apps/v1");
    "extensions/v1beta1" NetworkPolicy: 9 -> Some(v(16)), Some("networking.k8s.io/v1");
    "extensions/v1beta1" PodSecurityPolicy: 10 -> Some(v(16)), None;
    "apps/v1beta1" Deployment: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta1" StatefulSet: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta1" ControllerRevision: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta2" Deployment: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta2" StatefulSet: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta2" DaemonSet: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta2" ReplicaSet: 9 -> Some(v(16)), Some("apps/v1");
    "apps/v1beta2" ControllerRevision: 9 -> Some(v(16)), Some("apps/v1");
    // Removed in 1.22.
    "extensions/v1beta1" Ingress: 14 -> Some(v(22)), Some("networking.k8s.io/v1");
    "networking.k8s.io/v1beta1" Ingress: 19 -> Some(v(22)), Some("networking.k8s.io/v1");
    "networking.k8s.io/v1beta1" IngressClass: 19 -> Some(v(22)), Some("networking.k8s.io/v1");
    "rbac.authorization.k8s.io/v1beta1" Role: 17 -> Some(v(22)), Some("rbac.authorization.k8s.io/v1");
    "rbac.authorization.k8s.io/v1beta1" ClusterRole: 17 -> Some(v(22)), Some("rbac.authorization.k8s.io/v1");
    "rbac.authorization.k8s.io/v1beta1" RoleBinding: 17 -> Some(v(22)), Some("rbac.authorization.k8s.io/v1");
    "rbac.authorization.k8s.io/v1beta1" ClusterRoleBinding: 17 -> Some(v(22)), Some("rbac.authorization.k8s.io/v1");
    "admissionregistration.k8s.io/v1beta1" MutatingWebhookConfiguration: 16 -> Some(v(22)), Some("admissionregistration.k8s.io/v1");
    "admissionregistration.k8s.io/v1beta1" ValidatingWebhookConfiguration: 16 -> Some(v(22)), Some("admissionregistration.k8s.io/v1");
    "apiextensions.k8s.io/v1beta1" CustomResourceDefinition: 16 -> Some(v(22)), Some("apiextensions.k8s.io/v1");
    "apiregistration.k8s.io/v1beta1" APIService: 19 -> Some(v(22)), Some("apiregistration.k8s.io/v1");
    "authentication.k8s.io/v1beta1" TokenReview: 19 -> Some(v(22)), Some("authentication.k8s.io/v1");
    "authorization.k8s.io/v1beta1" SubjectAccessReview: 19 -> Some(v(22)), Some("authorization.k8s.io/v1");
    "authorization.k8s.io/v1beta1" LocalSubjectAccessReview: 19 -> Some(v(22)), Some("authorization.k8s.io/v1");
    "authorization.k8s.io/v1beta1" SelfSubjectAccessReview: 19 -> Some(v(22)), Some("authorization.k8s.io/v1");
    "certificates.k8s.io/v1beta1" CertificateSigningRequest: 19 -> Some(v(22)), Some("certificates.k8s.io/v1");
    "coordination.k8s.io/v1beta1" Lease: 19 -> Some(v(22)), Some("coordination.k8s.io/v1");
    "scheduling.k8s.io/v1beta1" PriorityClass: 14 -> Some(v(22)), Some("scheduling.k8s.io/v1");
    "storage.k8s.io/v1beta1" CSIDriver: 19 -> Some(v(22)), Some("storage.k8s.io/v1");
    "storage.k8s.io/v1beta1" CSINode: 17 -> Some(v(22)), Some("storage.k8s.io/v1");
    "storage.k8s.io/v1beta1" StorageClass: 19 -> Some(v(22)), Some("storage.k8s.io/v1");
    "storage.k8s.io/v1beta1" VolumeAttachment: 19 -> Some(v(22)), Some("storage.k8s.io/v1");
    // Removed in 1.25.
    "batch/v1beta1" CronJob: 21 -> Some(v(25)), Some("batch/v1");
    "discovery.k8s.io/v1beta1" EndpointSlice: 21 -> Some(v(25)), Some("discovery.k8s.io/v1");
    "events.k8s.io/v1beta1" Event: 19 -> Some(v(25)), Some("events.k8s.io/v1");
    "autoscaling/v2beta1" HorizontalPodAutoscaler: 22 -> Some(v(25)), Some("autoscaling/v2");
    "policy/v1beta1" PodDisruptionBudget: 21 -> Some(v(25)), Some("policy/v1");
    "policy/v1beta1" PodSecurityPolicy: 21 -> Some(v(25)), None;
    "node.k8s.io/v1beta1" RuntimeClass: 20 -> Some(v(25)), Some("node.k8s.io/v1");
    // Removed in 1.26.
    "autoscaling/v2beta2" HorizontalPodAutoscaler: 23 -> Some(v(26)), Some("autoscaling/v2");
    "flowcontrol.apiserver.k8s.io/v1beta1" FlowSchema: 23 -> Some(v(26)), Some("flowcontrol.apiserver.k8s.io/v1");
    "flowcontrol.apiserver.k8s.io/v1beta1" PriorityLevelConfiguration: 23 -> Some(v(26)), Some("flowcontrol.apiserver.k8s.io/v1");
    // Removed in 1.27.
    "storage.k8s.io/v1beta1" CSIStorageCapacity: 24 -> Some(v(27)), Some("storage.k8s.io/v1");
    "resource.k8s.io/v1alpha1" ResourceClass: 27 -> Some(v(27)), None;
    "resource.k8s.io/v1alpha1" ResourceClaim: 27 -> Some(v(27)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha1" ResourceClaimTemplate: 27 -> Some(v(27)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha1" PodScheduling: 27 -> Some(v(27)), None;
    // Removed in 1.29.
    "flowcontrol.apiserver.k8s.io/v1beta2" FlowSchema: 26 -> Some(v(29)), Some("flowcontrol.apiserver.k8s.io/v1");
    "flowcontrol.apiserver.k8s.io/v1beta2" PriorityLevelConfiguration: 26 -> Some(v(29)), Some("flowcontrol.apiserver.k8s.io/v1");
    "networking.k8s.io/v1alpha1" ClusterCIDR: 29 -> Some(v(29)), None;
    // Removed in 1.31.
    "resource.k8s.io/v1alpha2" ResourceClass: 31 -> Some(v(31)), None;
    "resource.k8s.io/v1alpha2" ResourceClaim: 31 -> Some(v(31)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha2" ResourceClaimTemplate: 31 -> Some(v(31)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha2" PodSchedulingContext: 31 -> Some(v(31)), None;
    "resource.k8s.io/v1alpha2" ResourceClaimParameters: 31 -> Some(v(31)), None;
    "resource.k8s.io/v1alpha2" ResourceClassParameters: 31 -> Some(v(31)), None;
    "resource.k8s.io/v1alpha2" ResourceSlice: 31 -> Some(v(31)), Some("resource.k8s.io/v1");
    // Removed in 1.32.
    "flowcontrol.apiserver.k8s.io/v1beta3" FlowSchema: 29 -> Some(v(32)), Some("flowcontrol.apiserver.k8s.io/v1");
    "flowcontrol.apiserver.k8s.io/v1beta3" PriorityLevelConfiguration: 29 -> Some(v(32)), Some("flowcontrol.apiserver.k8s.io/v1");
    "admissionregistration.k8s.io/v1alpha1" ValidatingAdmissionPolicy: 30 -> Some(v(32)), Some("admissionregistration.k8s.io/v1");
    "admissionregistration.k8s.io/v1alpha1" ValidatingAdmissionPolicyBinding: 30 -> Some(v(32)), Some("admissionregistration.k8s.io/v1");
    "resource.k8s.io/v1alpha3" PodSchedulingContext: 32 -> Some(v(32)), None;
    // Removed in 1.33.
    "authentication.k8s.io/v1beta1" SelfSubjectReview: 28 -> Some(v(33)), Some("authentication.k8s.io/v1");
    // Removed in 1.34.
    "admissionregistration.k8s.io/v1beta1" ValidatingAdmissionPolicy: 30 -> Some(v(34)), Some("admissionregistration.k8s.io/v1");
    "admissionregistration.k8s.io/v1beta1" ValidatingAdmissionPolicyBinding: 30 -> Some(v(34)), Some("admissionregistration.k8s.io/v1");
    "resource.k8s.io/v1alpha3" DeviceClass: 32 -> Some(v(34)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha3" ResourceClaim: 32 -> Some(v(34)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha3" ResourceClaimTemplate: 32 -> Some(v(34)), Some("resource.k8s.io/v1");
    "resource.k8s.io/v1alpha3" ResourceSlice: 32 -> Some(v(34)), Some("resource.k8s.io/v1");
    // Removed in 1.37.
    "networking.k8s.io/v1beta1" IPAddress: 33 -> Some(v(37)), Some("networking.k8s.io/v1");
    "networking.k8s.io/v1beta1" ServiceCIDR: 33 -> Some(v(37)), Some("networking.k8s.io/v1");
    "storage.k8s.io/v1beta1" VolumeAttributesClass: 34 -> Some(v(37)), Some("storage.k8s.io/v1");
    // Deprecated, still served.
    "v1" ComponentStatus: 19 -> None, None;
    "v1" Endpoints: 33 -> None, Some("discovery.k8s.io/v1 EndpointSlice");
};

/// The lifecycle entry of `api_version`/`kind`, if it is deprecated or removed at some release.
pub(crate) fn lifecycle(api_version: &str, kind: &str) -> Option<&'static Lifecycle> {
    BY_KIND
        .get(kind)?
        .iter()
        .copied()
        .find(|l| l.api_version == api_version)
}

/// The entries of [`TABLE`] by kind: every object is looked up, and finding its kind's few
/// entries costs less than comparing it with each of the table's.
static BY_KIND: LazyLock<HashMap<&str, Vec<&Lifecycle>>> = LazyLock::new(|| {
    let mut by_kind: HashMap<&str, Vec<&Lifecycle>> = HashMap::default();
    for entry in TABLE {
        by_kind.entry(entry.kind).or_default().push(entry);
    }
    by_kind
});

/// The state of an apiVersion/kind at a target release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Served,
    Deprecated,
    Removed,
}

impl Lifecycle {
    /// Whether a cluster at `target` serves this apiVersion/kind.
    pub(crate) fn status(&self, target: Version) -> Status {
        match self.removed {
            Some(removed) if target >= removed => Status::Removed,
            _ if target >= self.deprecated => Status::Deprecated,
            _ => Status::Served,
        }
    }

    /// What a finding at `target` says.
    pub(crate) fn message(&self, target: Version) -> String {
        let (api_version, kind) = (self.api_version, self.kind);
        let advice = self.advice();
        match (self.status(target), self.removed) {
            (Status::Removed, Some(removed)) => format!(
                "{api_version} {kind} is not served since Kubernetes {removed} (target {target}): {advice}"
            ),
            (_, removed) => {
                let removal = removed
                    .map(|r| format!(", removed in {r}"))
                    .unwrap_or_default();
                format!(
                    "{api_version} {kind} is deprecated since Kubernetes {}{removal} (target {target}): {advice}",
                    self.deprecated
                )
            }
        }
    }

    /// "use apps/v1 instead" or "it has no replacement".
    pub(crate) fn advice(&self) -> String {
        match self.replacement {
            Some(replacement) => format!("use {replacement} instead"),
            None => "it has no replacement".to_owned(),
        }
    }
}

/// Reports `ctx`'s object at its `apiVersion` key when its apiVersion/kind has status `wanted`
/// at the target release of the settings, naming the versions and the replacement.
pub(crate) fn report_status(ctx: &mut crate::Context<'_>, wanted: Status) {
    let target = Version::from(ctx.settings().target_version);
    let object = ctx.object();
    let Some(entry) = ctx.api_lifecycle() else {
        return;
    };
    if entry.status(target) != wanted {
        return;
    }
    let Some((at, _)) = object.root().entry("apiVersion") else {
        return;
    };
    ctx.report(at, entry.message(target));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_unique_and_consistent() {
        for (i, entry) in TABLE.iter().enumerate() {
            assert!(
                TABLE[..i]
                    .iter()
                    .all(|e| (e.api_version, e.kind) != (entry.api_version, entry.kind)),
                "{entry:?} listed twice"
            );
            if let Some(removed) = entry.removed {
                assert!(entry.deprecated <= removed, "{entry:?}");
            }
            assert_ne!(entry.replacement, Some(entry.api_version), "{entry:?}");
        }
    }

    #[test]
    fn status_by_target() {
        let cronjob = lifecycle("batch/v1beta1", "CronJob").unwrap();
        assert_eq!(cronjob.status(Version(1, 20)), Status::Served);
        assert_eq!(cronjob.status(Version(1, 21)), Status::Deprecated);
        assert_eq!(cronjob.status(Version(1, 24)), Status::Deprecated);
        assert_eq!(cronjob.status(Version(1, 25)), Status::Removed);
        assert_eq!(cronjob.status(Version(2, 0)), Status::Removed);
        assert_eq!(cronjob.advice(), "use batch/v1 instead");
        let psp = lifecycle("policy/v1beta1", "PodSecurityPolicy").unwrap();
        assert_eq!(psp.advice(), "it has no replacement");
        let endpoints = lifecycle("v1", "Endpoints").unwrap();
        assert_eq!(endpoints.status(Version(1, 37)), Status::Deprecated);
        assert!(lifecycle("apps/v1", "Deployment").is_none());
        assert_eq!(
            cronjob.message(Version(1, 23)),
            "batch/v1beta1 CronJob is deprecated since Kubernetes 1.21, removed in 1.25 (target 1.23): use batch/v1 instead"
        );
        assert_eq!(
            cronjob.message(Version(1, 30)),
            "batch/v1beta1 CronJob is not served since Kubernetes 1.25 (target 1.30): use batch/v1 instead"
        );
    }

    #[test]
    fn versions_order_numerically() {
        assert!(Version(1, 9) < Version(1, 16));
        assert!(Version(1, 37) < Version(2, 0));
        assert_eq!(Version(1, 25).to_string(), "1.25");
    }
}
