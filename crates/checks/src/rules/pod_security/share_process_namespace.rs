//! `share-process-namespace`: the pod's containers share one process namespace.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::nsa;
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: ShareProcessNamespace = ShareProcessNamespace;

pub(crate) struct ShareProcessNamespace;

static META: CheckMeta = CheckMeta {
    id: "share-process-namespace",
    title: "Pod shares its process namespace",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        nsa: &[nsa::HARDENING_CONTAINERS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires when a pod spec sets `shareProcessNamespace: true` (YAML 1.1 spellings such as `yes` or `on` \
               included).",
        why: "With a shared process namespace every container of the pod sees the others' processes, their command \
              lines and environment variables (often secrets), can signal them, and reaches their filesystems \
              through `/proc/<pid>/root`. A compromise of one container, typically a sidecar with a smaller \
              attack surface than the application or the reverse, becomes a compromise of all of them.",
        fix: "Remove `shareProcessNamespace: true`. For debugging, attach an ephemeral container with `kubectl \
              debug --target=<container>`, which shares only the target's process namespace and only while needed.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  shareProcessNamespace: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n",
        references: &[
            "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/",
        ],
    },
};

impl Check for ShareProcessNamespace {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::report_pod_flag(
            ctx,
            "shareProcessNamespace",
            "the pod's containers see, signal and read each other's processes",
        );
    }
}
