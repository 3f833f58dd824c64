//! The frameworks checks map to, named once so every check spells them the same way.
//!
//! - Microsoft's Threat Matrix for Kubernetes (tactics and `MS-TA9xxx` techniques, built on
//!   MITRE ATT&CK),
//! - the NSA/CISA Kubernetes Hardening Guidance (v1.2) sections,
//! - the Pod Security Standards controls, with the lowest level that enforces each.
//!
//! CIS Kubernetes Benchmark ids are short strings written in each check (`"5.2.2"`).

use kubeward_core::{PssControl, PssLevel, Technique};

macro_rules! techniques {
    ($($name:ident = $tactic:literal, $id:literal, $title:literal;)*) => {
        $(
            #[doc = concat!($id, " ", $title, " (", $tactic, ")")]
            pub const $name: Technique = Technique { tactic: $tactic, id: $id, name: $title };
        )*
        /// Every technique, for listing coverage.
        pub const ALL_TECHNIQUES: &[Technique] = &[$($name),*];
    };
}

techniques! {
    USING_CLOUD_CREDENTIALS = "Initial access", "MS-TA9001", "Using cloud credentials";
    COMPROMISED_IMAGE_IN_REGISTRY = "Initial access", "MS-TA9002", "Compromised image in registry";
    KUBECONFIG_FILE = "Initial access", "MS-TA9003", "Kubeconfig file";
    APPLICATION_VULNERABILITY = "Initial access", "MS-TA9004", "Application vulnerability";
    EXPOSED_SENSITIVE_INTERFACES = "Initial access", "MS-TA9005", "Exposed sensitive interfaces";
    EXEC_INTO_CONTAINER = "Execution", "MS-TA9006", "Exec into container";
    BASH_INSIDE_CONTAINER = "Execution", "MS-TA9007", "bash/cmd inside container";
    NEW_CONTAINER = "Execution", "MS-TA9008", "New container";
    APPLICATION_EXPLOIT = "Execution", "MS-TA9009", "Application exploit (RCE)";
    SSH_SERVER_IN_CONTAINER = "Execution", "MS-TA9010", "SSH server running inside container";
    SIDECAR_INJECTION = "Execution", "MS-TA9011", "Sidecar injection";
    BACKDOOR_CONTAINER = "Persistence", "MS-TA9012", "Backdoor container";
    WRITABLE_HOSTPATH_MOUNT = "Persistence", "MS-TA9013", "Writable hostPath mount";
    KUBERNETES_CRONJOB = "Persistence", "MS-TA9014", "Kubernetes CronJob";
    MALICIOUS_ADMISSION_CONTROLLER = "Persistence", "MS-TA9015", "Malicious admission controller";
    CONTAINER_SERVICE_ACCOUNT = "Credential access", "MS-TA9016", "Container service account";
    STATIC_PODS = "Persistence", "MS-TA9017", "Static pods";
    PRIVILEGED_CONTAINER = "Privilege escalation", "MS-TA9018", "Privileged container";
    CLUSTER_ADMIN_BINDING = "Privilege escalation", "MS-TA9019", "Cluster-admin binding";
    ACCESS_CLOUD_RESOURCES = "Privilege escalation", "MS-TA9020", "Access cloud resources";
    CLEAR_CONTAINER_LOGS = "Defense evasion", "MS-TA9021", "Clear container logs";
    DELETE_KUBERNETES_EVENTS = "Defense evasion", "MS-TA9022", "Delete Kubernetes events";
    POD_NAME_SIMILARITY = "Defense evasion", "MS-TA9023", "Pod or container name similarity";
    CONNECT_FROM_PROXY = "Defense evasion", "MS-TA9024", "Connect from proxy server";
    LIST_KUBERNETES_SECRETS = "Credential access", "MS-TA9025", "List Kubernetes secrets";
    MOUNT_SERVICE_PRINCIPAL = "Credential access", "MS-TA9026", "Mount service principal";
    CREDENTIALS_IN_CONFIGURATION = "Credential access", "MS-TA9027", "Application credentials in configuration files";
    MANAGED_IDENTITY_CREDENTIALS = "Credential access", "MS-TA9028", "Access managed identity credentials";
    ACCESS_API_SERVER = "Discovery", "MS-TA9029", "Access the Kubernetes API server";
    ACCESS_KUBELET_API = "Discovery", "MS-TA9030", "Access Kubelet API";
    NETWORK_MAPPING = "Discovery", "MS-TA9031", "Network mapping";
    INSTANCE_METADATA_API = "Discovery", "MS-TA9033", "Instance Metadata API";
    CLUSTER_INTERNAL_NETWORKING = "Lateral movement", "MS-TA9034", "Cluster internal networking";
    COREDNS_POISONING = "Lateral movement", "MS-TA9035", "CoreDNS poisoning";
    ARP_POISONING = "Lateral movement", "MS-TA9036", "ARP poisoning and IP spoofing";
    IMAGES_FROM_PRIVATE_REGISTRY = "Collection", "MS-TA9037", "Images from a private registry";
    COLLECTING_DATA_FROM_POD = "Collection", "MS-TA9038", "Collecting data from pod";
    DATA_DESTRUCTION = "Impact", "MS-TA9039", "Data destruction";
    RESOURCE_HIJACKING = "Impact", "MS-TA9040", "Resource hijacking";
    DENIAL_OF_SERVICE = "Impact", "MS-TA9041", "Denial of service";
}

/// Sections of the NSA/CISA Kubernetes Hardening Guidance v1.2.
pub mod nsa {
    #![allow(missing_docs)]
    pub const NON_ROOT_CONTAINERS: &str =
        "Pod security: non-root containers and rootless container engines";
    pub const IMMUTABLE_FILESYSTEMS: &str = "Pod security: immutable container file systems";
    pub const SECURE_IMAGES: &str = "Pod security: building secure container images";
    pub const POD_SECURITY_ENFORCEMENT: &str = "Pod security: pod security enforcement";
    pub const SERVICE_ACCOUNT_TOKENS: &str = "Pod security: protecting pod service account tokens";
    pub const HARDENING_CONTAINERS: &str = "Pod security: hardening container environments";
    pub const NAMESPACES: &str = "Network separation: namespaces";
    pub const NETWORK_POLICIES: &str = "Network separation: network policies";
    pub const RESOURCE_POLICIES: &str = "Network separation: resource policies";
    pub const CONTROL_PLANE: &str = "Network separation: control plane hardening";
    pub const ETCD: &str = "Network separation: etcd";
    pub const WORKER_NODES: &str = "Network separation: worker node segmentation";
    pub const ENCRYPTION: &str = "Network separation: encryption";
    pub const SECRETS: &str = "Network separation: secrets";
    pub const AUTHENTICATION: &str = "Authentication and authorization: authentication";
    pub const RBAC: &str = "Authentication and authorization: role-based access control";
    pub const AUDIT_LOGGING: &str = "Audit logging and threat detection: logging";
    pub const UPGRADING: &str = "Upgrading and application security practices";

    /// Every section, for listing coverage.
    pub const ALL: &[&str] = &[
        NON_ROOT_CONTAINERS,
        IMMUTABLE_FILESYSTEMS,
        SECURE_IMAGES,
        POD_SECURITY_ENFORCEMENT,
        SERVICE_ACCOUNT_TOKENS,
        HARDENING_CONTAINERS,
        NAMESPACES,
        NETWORK_POLICIES,
        RESOURCE_POLICIES,
        CONTROL_PLANE,
        ETCD,
        WORKER_NODES,
        ENCRYPTION,
        SECRETS,
        AUTHENTICATION,
        RBAC,
        AUDIT_LOGGING,
        UPGRADING,
    ];
}

macro_rules! pss_controls {
    ($($name:ident = $level:ident, $control:literal;)*) => {
        $(
            #[doc = concat!("Pod Security Standards control \"", $control, "\"")]
            pub const $name: PssControl = PssControl { level: PssLevel::$level, control: $control };
        )*
        /// Every control, for listing coverage.
        pub const ALL: &[PssControl] = &[$($name),*];
    };
}

/// Pod Security Standards controls, with the lowest level that enforces each.
pub mod pss {
    use super::*;

    pss_controls! {
        HOST_PROCESS = Baseline, "HostProcess";
        HOST_NAMESPACES = Baseline, "Host Namespaces";
        PRIVILEGED_CONTAINERS = Baseline, "Privileged Containers";
        CAPABILITIES_BASELINE = Baseline, "Capabilities";
        HOSTPATH_VOLUMES = Baseline, "HostPath Volumes";
        HOST_PORTS = Baseline, "Host Ports";
        APPARMOR = Baseline, "AppArmor";
        SELINUX = Baseline, "SELinux";
        PROC_MOUNT = Baseline, "/proc Mount Type";
        SECCOMP_BASELINE = Baseline, "Seccomp";
        SYSCTLS = Baseline, "Sysctls";
        VOLUME_TYPES = Restricted, "Volume Types";
        PRIVILEGE_ESCALATION = Restricted, "Privilege Escalation";
        RUNNING_AS_NON_ROOT = Restricted, "Running as Non-root";
        RUNNING_AS_NON_ROOT_USER = Restricted, "Running as Non-root user";
        SECCOMP_RESTRICTED = Restricted, "Seccomp";
        CAPABILITIES_RESTRICTED = Restricted, "Capabilities";
    }
}
