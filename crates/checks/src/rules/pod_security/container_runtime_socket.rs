//! `container-runtime-socket`: a pod mounts the container runtime's socket from the node.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{NEW_CONTAINER, PRIVILEGED_CONTAINER, WRITABLE_HOSTPATH_MOUNT, nsa};
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: ContainerRuntimeSocket = ContainerRuntimeSocket;

pub(crate) struct ContainerRuntimeSocket;

static META: CheckMeta = CheckMeta {
    id: "container-runtime-socket",
    title: "Pod mounts the container runtime socket",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[NEW_CONTAINER, PRIVILEGED_CONTAINER, WRITABLE_HOSTPATH_MOUNT],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at the `path` of each `hostPath` volume that reaches a container runtime's API socket: \
               Docker (`/var/run/docker.sock`), containerd (`/run/containerd/containerd.sock`, also under k3s and \
               MicroK8s), CRI-O (`/var/run/crio/crio.sock`), cri-dockerd, dockershim and Podman; a directory \
               holding one (`/run/containerd`, `/var/run`, `/run`); or anything under a runtime's own directory. \
               Paths are compared after removing duplicate and trailing slashes and resolving `.` and `..`, and \
               `/var/run` is the same as `/run`. `/` itself is reported by `sensitive-host-path`. Read-only mounts \
               count: connecting to a socket needs no write access to the mount.",
        why: "Whoever talks to the runtime's socket can start a privileged container with the node's root \
              filesystem mounted, exec into any container on the node and read its secrets: it is root on the \
              node, bypassing every admission control and audit log of the cluster.",
        fix: "Remove the volume. Build images with a rootless builder (BuildKit rootless, Kaniko, Buildah) instead \
              of Docker-in-Docker through the socket; monitoring agents should use the kubelet's or the runtime's \
              read-only metrics endpoints, and the rare node agent that needs the socket should run under a \
              reviewed exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: docker\n      image: registry.example.com/docker-cli:1.0\n      volumeMounts:\n        - name: docker\n          mountPath: /var/run/docker.sock\n  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n        type: Socket\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: build\n      image: registry.example.com/buildkit-rootless:1.0\n      volumeMounts:\n        - name: cache\n          mountPath: /cache\n  volumes:\n    - name: cache\n      emptyDir: {}\n",
        references: &["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    },
};

impl Check for ContainerRuntimeSocket {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_host_paths(ctx, security::runtime_socket, |name, path, socket| {
            format!(
                "volume {name:?} mounts host path {path:?}, which exposes the container runtime socket {socket}"
            )
        });
    }
}
