//! `ssh-port-exposed`: a container declares an SSH port.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::{SSH_SERVER_IN_CONTAINER, nsa};
use crate::util::{general, security};
use crate::{Check, Context};

pub(crate) static CHECK: SshPortExposed = SshPortExposed;

pub(crate) struct SshPortExposed;

static META: CheckMeta = CheckMeta {
    id: "ssh-port-exposed",
    title: "Container exposes an SSH port",
    severity: Severity::Medium,
    category: Category::Security,
    kinds: workload::WORKLOAD_KINDS,
    mappings: Mappings {
        mitre: &[SSH_SERVER_IN_CONTAINER],
        nsa: &[nsa::HARDENING_CONTAINERS],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires at each entry of a container, init container or ephemeral container's `ports` with \
               `containerPort: 22` (at that key), or else named `ssh` or `sshd` in any letter case (at its `name`). \
               A `hostPort: 22` mapped to another container port, and Services, are not looked at.",
        why: "An SSH server inside a container is a second way in that bypasses Kubernetes' authentication, RBAC \
              and audit logging of `kubectl exec`, usually with long-lived keys or passwords baked into the image, \
              and a classic foothold for attackers brute-forcing exposed services.",
        fix: "Remove the SSH server and use `kubectl exec` or `kubectl debug` for interactive access. Services that \
              speak SSH on purpose (Git servers, SFTP) should listen on another port with the exposure reviewed.",
        failing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - name: ssh\n          containerPort: 22\n",
        passing: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      ports:\n        - name: http\n          containerPort: 8080\n",
        references: &[
            "https://microsoft.github.io/Threat-Matrix-for-Kubernetes/techniques/SSH%20server%20running%20inside%20container/",
        ],
    },
};

impl Check for SshPortExposed {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        security::each_port(ctx, false, |ctx, _, container, port| {
            let on_22 = port
                .entry("containerPort")
                .filter(|(_, value)| value.as_i64() == Some(22));
            let named = port.entry("name").filter(|(_, value)| {
                value.as_str().is_some_and(|name| {
                    name.eq_ignore_ascii_case("ssh") || name.eq_ignore_ascii_case("sshd")
                })
            });
            let found = on_22
                .map(|(key, _)| (key, "SSH port 22".to_owned()))
                .or_else(|| {
                    named.map(|(key, name)| {
                        (key, format!("port {:?}", name.text().unwrap_or_default()))
                    })
                });
            if let Some((key, what)) = found {
                let message = format_args!("{} exposes {what}", general::describe(container));
                ctx.report_container(container, key, message);
            }
        });
    }
}
