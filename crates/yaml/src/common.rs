//! Texts so common in manifests that a tree refers to them instead of storing them again.
//!
//! Keys such as `name` or `image` and values such as `TCP` appear in nearly every object;
//! pointing at one shared copy keeps a parsed document close to the size of its source.

/// Sorted by length, then bytes, to keep it easy to extend without duplicates.
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

/// [`TEXTS`] for other crates, so tables built at compile time can refer to a key by its index
/// ([`NodeRef::common_index`](crate::NodeRef::common_index)) instead of its bytes.
pub const COMMON_TEXTS: &[&str] = TEXTS;

/// Longest text in [`TEXTS`].
const MAX_LEN: usize = 40;

/// A text's length and two little-endian words covering its first and last bytes. The words
/// overlap for texts under 16 bytes and, under 8 bytes, are built from shorter overlapping loads,
/// so for texts of up to 16 bytes equal fingerprints mean equal texts: no byte compare needed.
/// The common-text table here and the checks' schema tables find texts by it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fingerprint {
    head: u64,
    tail: u64,
    len: usize,
}

impl Fingerprint {
    /// The fingerprint of `text`.
    #[inline(always)]
    pub const fn of(text: &[u8]) -> Fingerprint {
        let len = text.len();
        let (head, tail) = if len >= 8 {
            (
                u64::from_le_bytes(*text.first_chunk().expect("8 bytes")),
                u64::from_le_bytes(*text.last_chunk().expect("8 bytes")),
            )
        } else if len >= 4 {
            let first = u32::from_le_bytes(*text.first_chunk().expect("4 bytes"));
            let last = u32::from_le_bytes(*text.last_chunk().expect("4 bytes"));
            (first as u64 | (last as u64) << 32, 0)
        } else if len >= 2 {
            let first = u16::from_le_bytes(*text.first_chunk().expect("2 bytes"));
            let last = u16::from_le_bytes(*text.last_chunk().expect("2 bytes"));
            (first as u64 | (last as u64) << 16, 0)
        } else if len == 1 {
            (text[0] as u64, 0)
        } else {
            (0, 0)
        };
        Fingerprint { head, tail, len }
    }

    /// The fingerprint's bits mixed into the high ones, for hashing.
    #[inline(always)]
    pub const fn mixed(&self) -> u64 {
        (self.head ^ self.tail.rotate_left(31) ^ self.len as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    /// The first slot to probe for the text in a hash table of `size` slots (a power of two).
    #[inline(always)]
    pub const fn slot(&self, size: usize) -> usize {
        (self.mixed() >> (64 - size.trailing_zeros())) as usize
    }

    /// Whether two texts with equal fingerprints are equal: the bytes between the first and last
    /// eight, compared eight at a time (overlapping the last word already compared).
    #[inline(always)]
    pub fn same_texts(a: &[u8], b: &[u8]) -> bool {
        let mut at = 8;
        while at + 8 < a.len() {
            let word = |t: &[u8]| u64::from_le_bytes(t[at..at + 8].try_into().expect("8 bytes"));
            if word(a) != word(b) {
                return false;
            }
            at += 8;
        }
        true
    }
}

/// log2 of the number of slots: a fifth full, so a lookup of a text that is not in the table
/// (most scalars, many looked-up keys) nearly always stops at its first slot.
const SLOT_BITS: u32 = 10;
const SLOT_MASK: usize = (1 << SLOT_BITS) - 1;
/// An unused slot (indexes of [`TEXTS`] are smaller).
const EMPTY: u8 = u8::MAX;
const _: () = assert!(TEXTS.len() < EMPTY as usize && 4 * TEXTS.len() < 1 << SLOT_BITS);

const fn slot_of(fp: &Fingerprint) -> usize {
    fp.slot(1 << SLOT_BITS)
}

/// The fingerprint of each of [`TEXTS`].
static FINGERPRINTS: [Fingerprint; TEXTS.len()] = {
    let mut fps = [Fingerprint {
        head: 0,
        tail: 0,
        len: 0,
    }; TEXTS.len()];
    let mut i = 0;
    while i < TEXTS.len() {
        fps[i] = Fingerprint::of(TEXTS[i].as_bytes());
        i += 1;
    }
    fps
};

/// An open-addressing hash table of indexes into [`TEXTS`] by fingerprint, with linear probing,
/// built at compile time.
static SLOTS: [u8; 1 << SLOT_BITS] = {
    let mut slots = [EMPTY; 1 << SLOT_BITS];
    let mut i = 0;
    while i < TEXTS.len() {
        let mut slot = slot_of(&FINGERPRINTS[i]);
        while slots[slot] != EMPTY {
            slot = (slot + 1) & SLOT_MASK;
        }
        slots[slot] = i as u8;
        i += 1;
    }
    slots
};

/// The index of `text` in [`TEXTS`]. Every scalar of every document is looked up, so this avoids
/// byte-by-byte comparisons (and memcmp calls): a text of up to 16 bytes is settled by its
/// fingerprint alone. Inlined: a call's register saves would cost as much as the lookup.
#[inline(always)]
pub(crate) fn find(text: &str) -> Option<u32> {
    let text = text.as_bytes();
    if !(2..=MAX_LEN).contains(&text.len()) {
        return None;
    }
    let fp = Fingerprint::of(text);
    let mut slot = slot_of(&fp);
    loop {
        let index = SLOTS[slot];
        if index == EMPTY {
            return None;
        }
        if is_text(index.into(), &fp, text) {
            return Some(index.into());
        }
        slot = (slot + 1) & SLOT_MASK;
    }
}

/// Whether `text`, of fingerprint `fp`, is `TEXTS[index]`: by the fingerprint, and for a text
/// past 16 bytes by the bytes it leaves uncompared.
#[inline(always)]
fn is_text(index: u32, fp: &Fingerprint, text: &[u8]) -> bool {
    let index = index as usize;
    FINGERPRINTS[index] == *fp && Fingerprint::same_texts(text, TEXTS[index].as_bytes())
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
        assert!(TEXTS.iter().all(|t| (2..=MAX_LEN).contains(&t.len())));
        for (i, text) in TEXTS.iter().enumerate() {
            assert_eq!(find(text), Some(i as u32));
        }
        assert_eq!(find("nam"), None);
        assert_eq!(find(""), None);
        assert_eq!(find("x"), None);
    }

    /// The builder takes a common text for a plain string without resolving it.
    #[test]
    fn every_text_reads_as_a_plain_string() {
        for text in TEXTS {
            assert_eq!(
                crate::resolve::resolve_plain(text),
                crate::resolve::ScalarKind::Str,
                "{text}"
            );
            // Nor is it a trap: a base-60 number in YAML 1.1.
            assert_eq!(crate::resolve::sexagesimal(text), None, "{text}");
        }
    }

    /// Texts that differ from a common text in one byte, or by a byte more or less, share most
    /// of its fingerprint: none may be taken for it.
    #[test]
    fn near_misses_are_not_found() {
        let expected = |text: &[u8]| {
            TEXTS
                .iter()
                .position(|t| t.as_bytes() == text)
                .map(|i| i as u32)
        };
        let found = |text: &[u8]| find(std::str::from_utf8(text).expect("ASCII"));
        for text in TEXTS {
            let bytes = text.as_bytes();
            for at in 0..bytes.len() {
                for replacement in [b'a', b'/', b'Z', bytes[at] ^ 1] {
                    let mut changed = bytes.to_vec();
                    changed[at] = replacement;
                    assert_eq!(found(&changed), expected(&changed), "{changed:?}");
                }
            }
            for longer in [
                format!("{text}s"),
                format!("x{text}"),
                format!("{text}{text}"),
            ] {
                assert_eq!(found(longer.as_bytes()), expected(longer.as_bytes()));
            }
            let shorter = &bytes[..bytes.len() - 1];
            assert_eq!(found(shorter), expected(shorter));
            let shorter = &bytes[1..];
            assert_eq!(found(shorter), expected(shorter));
        }
    }
}
