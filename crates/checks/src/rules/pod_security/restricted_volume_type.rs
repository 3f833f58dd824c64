//! `restricted-volume-type`: a pod uses a volume type the Restricted Pod Security Standard forbids.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: RestrictedVolumeType = RestrictedVolumeType;

pub(crate) struct RestrictedVolumeType;

/// Inline volume sources the Restricted level forbids, except `hostPath` (`host-path-volume`).
const RESTRICTED_TYPES: &[&str] = &[
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "portworxVolume",
    "photonPersistentDisk",
    "scaleIO",
    "storageos",
];

static META: CheckMeta = CheckMeta {
    id: "restricted-volume-type",
    title: "Pod uses a restricted volume type",
    severity: Severity::Low,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &[],
        pss: Some(pss::VOLUME_TYPES),
    },
    docs: Docs {
        what: "Fires at the volume source key of each entry of a pod spec's `volumes` that uses an inline volume type \
               outside the Restricted level's list (`configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, \
               `persistentVolumeClaim`, `projected`, `secret`): `gitRepo`, `nfs`, `iscsi`, `rbd`, `cephfs`, \
               `glusterfs`, `flexVolume`, `fc`, the in-tree cloud disks (`awsElasticBlockStore`, \
               `gcePersistentDisk`, `azureDisk`, `azureFile`, `cinder`, `vsphereVolume`, `portworxVolume`, \
               `photonPersistentDisk`) and the other retired in-tree drivers (`flocker`, `quobyte`, `scaleIO`, \
               `storageos`). `hostPath` is forbidden too but reported by `host-path-volume`. Unknown keys and the \
               `image` volume are not reported.",
        why: "Inline volumes of these types let whoever writes the pod reach storage directly, with credentials and \
              server addresses in the pod spec and without an administrator-defined PersistentVolume or \
              StorageClass in between: mount any NFS export or Ceph image the node can reach, or run `git` on the \
              node as root (`gitRepo`, with known command injection bugs). Most are also deprecated in-tree \
              drivers. The Pod Security Standards forbid them at the Restricted level.",
        fix: "Use a PersistentVolumeClaim (backed by a PersistentVolume or a CSI StorageClass) or a CSI ephemeral \
              volume; replace `gitRepo` with an init container that clones into an `emptyDir`.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: shared\n          mountPath: /shared\n  volumes:\n    - name: shared\n      nfs:\n        server: nfs.example.com\n        path: /exports/shared\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: shared\n          mountPath: /shared\n  volumes:\n    - name: shared\n      persistentVolumeClaim:\n        claimName: shared\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
    },
};

impl Check for RestrictedVolumeType {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(spec) = workload::pod_spec(ctx.object()) else {
            return;
        };
        for volume in spec.get("volumes").into_iter().flat_map(|v| v.items()) {
            let name = volume.get_str("name").unwrap_or_default();
            for (key, value) in volume.entries() {
                let Some(kind) = key.as_str().filter(|k| RESTRICTED_TYPES.contains(k)) else {
                    continue;
                };
                if value.is_null() {
                    continue;
                }
                ctx.report(
                    key,
                    format_args!("volume {name:?} uses restricted volume type {kind}"),
                );
            }
        }
    }
}
