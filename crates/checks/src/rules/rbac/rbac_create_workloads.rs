//! `rbac-create-workloads`: a rule grants create on pods or pod controllers.

use kubeward_core::{Category, CheckMeta, Docs, Mappings, Severity};

use crate::frameworks::{NEW_CONTAINER, nsa};
use crate::util::rbac::{ROLE_KINDS, grant_phrase, report_rules};
use crate::{Check, Context};

pub(crate) static CHECK: RbacCreateWorkloads = RbacCreateWorkloads;

pub(crate) struct RbacCreateWorkloads;

static META: CheckMeta = CheckMeta {
    id: "rbac-create-workloads",
    title: "Role can create pods or workloads",
    severity: Severity::High,
    category: Category::Security,
    kinds: ROLE_KINDS,
    mappings: Mappings {
        mitre: &[NEW_CONTAINER],
        nsa: &[nsa::RBAC],
        cis: &["5.1.4"],
        ..Mappings::NONE
    },
    docs: Docs {
        what: "Fires for each rule of a Role or ClusterRole that grants `create` on pods, ReplicationControllers, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs or CronJobs. A rule limited by `resourceNames` does not fire: Kubernetes never authorizes a create by name. Rules are matched as the RBAC authorizer matches them (`*` in apiGroups, resources and verbs, `*/subresource`); a ClusterRole with an `aggregationRule` is judged by the rules of the scanned ClusterRoles it aggregates, reported at `aggregationRule` naming the source role. Kubernetes' own bootstrap roles (`system:node`, `system:kube-scheduler`, `system:controller:*` and the others the API server creates, whose rules the control plane needs) are skipped; a role that is merely named `system:...` is not.",
        why: "Creating a pod, directly or through a controller, means running any image with any service account of the namespace, mounting its Secrets and, unless Pod Security admission stops it, running privileged on a node: it is a path to every permission in the namespace and often to the node.",
        fix: "Grant `create` on workloads only to deployment pipelines and controllers that need it, and enforce Pod Security admission (`restricted`) in the namespaces where they create them.",
        failing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: launcher\n  namespace: ci\nrules:\n  - apiGroups: ['']\n    resources: [pods]\n    verbs: [create, get]\n",
        passing: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: launcher\n  namespace: ci\nrules:\n  - apiGroups: ['']\n    resources: [pods, pods/log]\n    verbs: [get, list, watch]\n",
        references: &[
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation",
        ],
    },
};

impl Check for RbacCreateWorkloads {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_rules(ctx, |rule| {
            grant_phrase(rule, &[("", "pods"), ("", "replicationcontrollers"), ("apps", "deployments"), ("apps", "replicasets"), ("apps", "statefulsets"), ("apps", "daemonsets"), ("batch", "jobs"), ("batch", "cronjobs")], &["create"]).map(|p| format!("grants {p}: subjects can run any image with any service account of the namespace"))
        });
    }
}
