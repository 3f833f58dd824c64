//! `sensitive-host-path`: a pod mounts a host path that holds the node's or the cluster's secrets.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{WRITABLE_HOSTPATH_MOUNT, nsa};
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: SensitiveHostPath = SensitiveHostPath;

pub(crate) struct SensitiveHostPath;

static META: CheckMeta = CheckMeta {
    id: "sensitive-host-path",
    title: "Pod mounts a sensitive host path",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[WRITABLE_HOSTPATH_MOUNT],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at the `path` of each `hostPath` volume that is, lies below or contains a sensitive node \
               path: `/proc`, `/sys`, `/boot`, `/root`, `/var/lib/kubelet/pods`, `/var/lib/kubelet/pki`, \
               `/var/lib/etcd`, `/var/lib/docker`, `/var/lib/containerd`, `/var/lib/containers`, `/etc/kubernetes`, \
               `/etc/shadow`, `/etc/sudoers(.d)`, `/etc/ssh`, `/etc/cron.d`, `/etc/crontab` and `/etc/systemd` (so \
               `/var` and `/var/lib` count too); and `/`, `/etc` and `/var/lib/kubelet` as a whole. Paths are \
               compared after removing duplicate and trailing slashes and resolving `.` and `..`. It does not fire \
               on single harmless files under `/etc` (`/etc/localtime`, `/etc/machine-id`, `/etc/ssl/certs`), on the \
               CSI plugin directories under `/var/lib/kubelet`, on `/var/log` (log collectors read it; writing to \
               it is reported by `writable-host-path`), on `/dev`, or on runtime sockets and `/run` \
               (`container-runtime-socket`). Read-only mounts count: reading is enough to steal credentials.",
        why: "These paths hold what controls the node and the cluster: the kubelet's client keys and every pod's \
              secrets and service account tokens, etcd's data, the control plane's certificates and static pod \
              manifests, every container's filesystem, SSH keys and password hashes, kernel interfaces \
              (`/proc/sys/kernel/core_pattern`, cgroup release agents) used to run code on the node. Reading them \
              leaks credentials; writing them is root on the node.",
        fix: "Mount only the narrowest path the workload needs, `readOnly`, and never credentials or the paths \
              above. Use the downward API, projected service account tokens or the kubelet's APIs instead of \
              reading node files; node agents that truly need these paths deserve a reviewed exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: host\n          mountPath: /host\n          readOnly: true\n  volumes:\n    - name: host\n      hostPath:\n        path: /etc/kubernetes\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: tz\n          mountPath: /etc/localtime\n          readOnly: true\n  volumes:\n    - name: tz\n      hostPath:\n        path: /etc/localtime\n",
        references: &["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    },
};

impl Check for SensitiveHostPath {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_host_paths(ctx, security::sensitive_host_path, |name, path, exposes| {
            format!("volume {name:?} mounts sensitive host path {path:?}, exposing {exposes}")
        });
    }
}
