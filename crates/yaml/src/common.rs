//! Texts so common in manifests that a tree refers to them instead of storing them again.
//!
//! Keys such as `name` or `image` and values such as `TCP` appear in nearly every object;
//! pointing at one shared copy keeps a parsed document close to the size of its source.

/// Sorted by length, then bytes, so [`find`] rarely needs to compare contents.
pub(crate) const TEXTS: &[&str] = &[
    "-c",
    "In",
    "v1",
    "ALL",
    "Job",
    "Pod",
    "TCP",
    "UDP",
    "add",
    "app",
    "cpu",
    "env",
    "get",
    "key",
    "File",
    "Role",
    "apps",
    "args",
    "data",
    "drop",
    "exec",
    "host",
    "http",
    "kind",
    "list",
    "name",
    "path",
    "port",
    "spec",
    "type",
    "Never",
    "chart",
    "image",
    "items",
    "patch",
    "ports",
    "rules",
    "value",
    "verbs",
    "watch",
    "Always",
    "Exists",
    "Forbid",
    "Opaque",
    "Prefix",
    "Secret",
    "create",
    "delete",
    "effect",
    "labels",
    "limits",
    "memory",
    "secret",
    "status",
    "target",
    "update",
    "values",
    "weight",
    "/bin/sh",
    "CronJob",
    "Ingress",
    "Service",
    "apps/v1",
    "backend",
    "command",
    "envFrom",
    "fsGroup",
    "httpGet",
    "metrics",
    "release",
    "roleRef",
    "subPath",
    "version",
    "volumes",
    "NodePort",
    "Recreate",
    "Resource",
    "affinity",
    "apiGroup",
    "batch/v1",
    "emptyDir",
    "fieldRef",
    "heritage",
    "hostPath",
    "maxSurge",
    "metadata",
    "operator",
    "optional",
    "pathType",
    "protocol",
    "readOnly",
    "replicas",
    "requests",
    "schedule",
    "selector",
    "strategy",
    "subjects",
    "template",
    "ClusterIP",
    "ConfigMap",
    "DaemonSet",
    "Namespace",
    "OnFailure",
    "apiGroups",
    "claimName",
    "component",
    "configMap",
    "fieldPath",
    "mountPath",
    "namespace",
    "resources",
    "runAsUser",
    "tcpSocket",
    "valueFrom",
    "Deployment",
    "NoSchedule",
    "apiVersion",
    "containers",
    "privileged",
    "runAsGroup",
    "secretName",
    "targetPort",
    "ClusterRole",
    "RoleBinding",
    "StatefulSet",
    "Utilization",
    "annotations",
    "defaultMode",
    "description",
    "hostNetwork",
    "jobTemplate",
    "matchLabels",
    "maxReplicas",
    "minReplicas",
    "tolerations",
    "topologyKey",
    "IfNotPresent",
    "LoadBalancer",
    "capabilities",
    "nodeSelector",
    "runAsNonRoot",
    "secretKeyRef",
    "startupProbe",
    "volumeMounts",
    "ReadWriteOnce",
    "RollingUpdate",
    "containerPort",
    "helm.sh/chart",
    "labelSelector",
    "livenessProbe",
    "metadata.name",
    "periodSeconds",
    "restartPolicy",
    "rollingUpdate",
    "RuntimeDefault",
    "ServiceAccount",
    "autoscaling/v2",
    "initContainers",
    "maxUnavailable",
    "readinessProbe",
    "scaleTargetRef",
    "seccompProfile",
    "timeoutSeconds",
    "configMapKeyRef",
    "imagePullPolicy",
    "podAntiAffinity",
    "securityContext",
    "failureThreshold",
    "imagePullSecrets",
    "matchExpressions",
    "successThreshold",
    "creationTimestamp",
    "ephemeral-storage",
    "ClusterRoleBinding",
    "averageUtilization",
    "metadata.namespace",
    "serviceAccountName",
    "PodDisruptionBudget",
    "initialDelaySeconds",
    "networking.k8s.io/v1",
    "PersistentVolumeClaim",
    "persistentVolumeClaim",
    "app.kubernetes.io/name",
    "readOnlyRootFilesystem",
    "HorizontalPodAutoscaler",
    "allowPrivilegeEscalation",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/version",
    "rbac.authorization.k8s.io",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/component",
    "app.kubernetes.io/managed-by",
    "rbac.authorization.k8s.io/v1",
    "terminationGracePeriodSeconds",
];

/// Longest text in [`TEXTS`].
const MAX_LEN: usize = 40;

/// `BUCKETS[n]..BUCKETS[n + 1]` is the range of [`TEXTS`] holding the texts of length `n`,
/// computed at compile time from the table's sort order.
static BUCKETS: [u16; MAX_LEN + 2] = {
    let mut buckets = [0u16; MAX_LEN + 2];
    let mut len = 0;
    while len <= MAX_LEN + 1 {
        // The first index whose text is at least `len` bytes long.
        let mut i = 0;
        while i < TEXTS.len() && TEXTS[i].len() < len {
            i += 1;
        }
        buckets[len] = i as u16;
        len += 1;
    }
    buckets
};

/// The index of `text` in [`TEXTS`].
pub(crate) fn find(text: &str) -> Option<u32> {
    // Most scalars are neither short nor long enough to be in the table: skip the search.
    let len = text.len();
    if !(2..=MAX_LEN).contains(&len) {
        return None;
    }
    // Only texts of the same length can match: search that bucket by bytes.
    let (start, end) = (BUCKETS[len] as usize, BUCKETS[len + 1] as usize);
    TEXTS[start..end]
        .binary_search_by(|t| t.as_bytes().cmp(text.as_bytes()))
        .ok()
        .map(|i| (start + i) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_searchable() {
        assert!(
            TEXTS
                .windows(2)
                .all(|w| (w[0].len(), w[0]) < (w[1].len(), w[1])),
            "keep TEXTS sorted by length, then bytes, and unique"
        );
        assert!(TEXTS.iter().all(|t| (2..=40).contains(&t.len())));
        for (i, text) in TEXTS.iter().enumerate() {
            assert_eq!(find(text), Some(i as u32));
        }
        assert_eq!(find("nam"), None);
    }
}
