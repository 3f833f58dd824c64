//! `host-path-volume`: a pod mounts a directory or file of the node (`volumes[].hostPath`).

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{WRITABLE_HOSTPATH_MOUNT, nsa, pss};
use crate::{Check, Context};

pub(crate) static CHECK: HostPathVolume = HostPathVolume;

pub(crate) struct HostPathVolume;

static META: CheckMeta = CheckMeta {
    id: "host-path-volume",
    title: "Pod mounts a host path",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[WRITABLE_HOSTPATH_MOUNT],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.12"],
        pss: Some(pss::HOSTPATH_VOLUMES),
    },
    docs: Docs {
        what: "Fires once for each entry of a pod spec's `volumes` that is a `hostPath` volume, at its `hostPath` \
               key, naming the volume and the node path.",
        why: "A hostPath volume gives the pod a piece of the node's filesystem. Writable, it lets the pod plant files \
              the node runs (cron jobs, kubelet static pods, binaries) or mount the container runtime's socket and \
              start privileged containers; even read-only, it exposes credentials, other pods' data and, through \
              symlink bugs, more of the node than intended. It also pins the pod's data to one node. The Pod \
              Security Standards forbid hostPath volumes at the Baseline level.",
        fix: "Use `emptyDir` for scratch space, a PersistentVolumeClaim for data, a ConfigMap, Secret or projected \
              volume for configuration, and a CSI driver for node resources. Node agents that truly need a host \
              path (log collectors, CSI plugins) should mount the narrowest path, `readOnly`, under a reviewed \
              exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: logs\n          mountPath: /var/log/host\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: scratch\n          mountPath: /scratch\n  volumes:\n    - name: scratch\n      emptyDir: {}\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
    },
};

impl Check for HostPathVolume {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(spec) = workload::pod_spec(ctx.object()) else {
            return;
        };
        for volume in spec
            .get("volumes")
            .into_iter()
            .flat_map(|volumes| volumes.items())
        {
            let Some((key, host_path)) = volume.entry("hostPath") else {
                continue;
            };
            let name = volume.get_str("name").unwrap_or_default();
            let message = match host_path.get("path").and_then(|path| path.text()) {
                Some(path) => format!("volume {name:?} mounts host path {path:?}"),
                None => format!("volume {name:?} mounts a host path"),
            };
            ctx.report(key, message);
        }
    }
}
