//! `writable-host-path`: a container mounts a `hostPath` volume without `readOnly: true`.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{WRITABLE_HOSTPATH_MOUNT, nsa};
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: WritableHostPath = WritableHostPath;

pub(crate) struct WritableHostPath;

static META: CheckMeta = CheckMeta {
    id: "writable-host-path",
    title: "Container mounts a host path writable",
    severity: Severity::High,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[WRITABLE_HOSTPATH_MOUNT],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at each `volumeMounts` entry of a container, init container or ephemeral container that mounts \
               a `hostPath` volume of the pod without `readOnly: true` (YAML 1.1 spellings such as `yes` included): \
               at its `readOnly` key when it is false, else at the mount. Several mounts of the same volume are \
               reported separately; a `hostPath` volume no container mounts is not reported here.",
        why: "A writable host path lets the container change the node: plant a binary, cron job, systemd unit or \
              static pod manifest the node will run as root, replace files other pods read, or create symlinks \
              that trick node agents into exposing more of the node. It also survives the pod, which attackers use \
              for persistence.",
        fix: "Add `readOnly: true` to the volume mount (and `recursiveReadOnly: Enabled` on recent clusters), or \
              replace the host path with an `emptyDir` or a PersistentVolumeClaim. Agents that must write to the \
              node should write only to a dedicated directory, under a reviewed exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: data\n          mountPath: /data\n  volumes:\n    - name: data\n      hostPath:\n        path: /mnt/data\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      volumeMounts:\n        - name: data\n          mountPath: /data\n          readOnly: true\n  volumes:\n    - name: data\n      hostPath:\n        path: /mnt/data\n",
        references: &["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    },
};

impl Check for WritableHostPath {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some(spec) = workload::pod_spec(ctx.object()) else {
            return;
        };
        let volumes: Vec<_> = security::host_path_volumes(spec).collect();
        if volumes.is_empty() {
            return;
        }
        for container in workload::pod_containers(ctx.object()) {
            let mounts = container.node.get("volumeMounts");
            for mount in mounts.into_iter().flat_map(|m| m.items()) {
                let Some(volume) = mount
                    .get_str("name")
                    .and_then(|name| volumes.iter().find(|v| v.name == name))
                else {
                    continue;
                };
                let read_only = mount.entry("readOnly");
                if read_only.and_then(|(_, value)| value.as_bool()) == Some(true) {
                    continue;
                }
                let path = volume.path.unwrap_or_default();
                let at = mount.get_str("mountPath").unwrap_or_default();
                let message = format_args!(
                    "{} mounts host path {path:?} (volume {:?}) writable at {at:?}",
                    general::describe(&container),
                    volume.name
                );
                ctx.report_container(&container, read_only.map_or(mount, |(key, _)| key), message);
            }
        }
    }
}
