//! `namespace-without-pod-security-level`: a Namespace declares no Pod Security Admission level.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity, workload};

use crate::frameworks::nsa;
use crate::util::general::metadata_field;
use crate::{Check, Context};

pub(crate) static CHECK: NamespaceWithoutPodSecurityLevel = NamespaceWithoutPodSecurityLevel;

pub(crate) struct NamespaceWithoutPodSecurityLevel;

static META: CheckMeta = CheckMeta {
    id: "namespace-without-pod-security-level",
    title: "Namespace declares no Pod Security level",
    severity: Severity::Low,
    category: Category::Security,
    kinds: &["Namespace"],
    mappings: Mappings { nsa: &[nsa::POD_SECURITY_ENFORCEMENT], cis: &["5.2.1"], ..Mappings::NONE },
    docs: Docs {
        what: "Fires when a Namespace carries none of the Pod Security Admission labels \
               `pod-security.kubernetes.io/enforce`, `warn` or `audit`, at its `metadata.labels` (or `metadata`). A \
               namespace that sets any of them, including `privileged` on purpose, passes. With `kubeward scan \
               --pss`, these labels also set the level each namespace's pods are held to.",
        why: "Without a label, Pod Security Admission applies the cluster's default level, which is `privileged` \
              unless the API server was configured otherwise: any pod, however privileged, is admitted into the \
              namespace, and nobody is warned.",
        fix: "Label the namespace with the level its workloads meet, enforcing where you can and warning where you \
              cannot yet: `pod-security.kubernetes.io/enforce: baseline` and `pod-security.kubernetes.io/warn: \
              restricted` is a common start. System namespaces that need privileges should say so explicitly with \
              `enforce: privileged`.",
        failing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: payments\n",
        passing: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: payments\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n",
        references: &["https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
    },
};

impl Check for NamespaceWithoutPodSecurityLevel {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let namespace = ctx.object();
        let labels = namespace.labels();
        if workload::POD_SECURITY_LABELS.iter().any(|label| labels.and_then(|l| l.get(label)).is_some()) {
            return;
        }
        ctx.report(
            metadata_field(namespace, "labels"),
            "no pod-security.kubernetes.io label: Pod Security Admission applies the cluster default (privileged unless configured)",
        );
    }
}
