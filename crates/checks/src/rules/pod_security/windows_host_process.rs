//! `windows-host-process`: the pod or a container runs as a Windows HostProcess container.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{PRIVILEGED_CONTAINER, nsa, pss};
use crate::util::security;
use crate::{Check, Context};

pub(crate) static CHECK: WindowsHostProcess = WindowsHostProcess;

pub(crate) struct WindowsHostProcess;

static META: CheckMeta = CheckMeta {
    id: "windows-host-process",
    title: "Windows HostProcess container",
    severity: Severity::Critical,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[PRIVILEGED_CONTAINER],
        nsa: &[nsa::POD_SECURITY_ENFORCEMENT],
        cis: &["5.2.11"],
        pss: Some(pss::HOST_PROCESS),
    },
    docs: Docs {
        what: "Fires at each `securityContext.windowsOptions.hostProcess` of the pod spec, or of a container, init \
               container or ephemeral container, that is true (YAML 1.1 spellings such as `yes` included). Each \
               setting is reported on its own, as the Pod Security Standards' Baseline level judges them.",
        why: "A HostProcess container is a process on the Windows node itself: it shares the node's network, \
              sees its filesystem and, typically running as `NT AUTHORITY\\SYSTEM`, administers the node. It is \
              the Windows equivalent of a privileged container. The Pod Security Standards forbid it at the \
              Baseline level.",
        fix: "Remove `hostProcess: true`. Node management tools that need it should run as a dedicated, reviewed \
              DaemonSet under an exemption.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  os:\n    name: windows\n  hostNetwork: true\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n      runAsUserName: \"NT AUTHORITY\\\\SYSTEM\"\n  containers:\n    - name: agent\n      image: registry.example.com/agent:1.0\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  os:\n    name: windows\n  containers:\n    - name: agent\n      image: registry.example.com/agent:1.0\n      securityContext:\n        windowsOptions:\n          runAsUserName: ContainerUser\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/",
        ],
    },
};

impl Check for WindowsHostProcess {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_setting(
            ctx,
            &["windowsOptions", "hostProcess"],
            |ctx, setter, key, value| {
                if value.as_bool() == Some(true) {
                    let runs = if setter.is_some() {
                        "it runs as a process"
                    } else {
                        "its containers run as processes"
                    };
                    let who = security::setter_name(&setter);
                    let message =
                        format!("{who} sets hostProcess: true: {runs} on the Windows node");
                    security::report_for(ctx, &setter, key, message);
                }
            },
        );
    }
}
