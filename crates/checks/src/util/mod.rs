//! Helpers shared by several checks, one module per family.

pub(crate) mod api_versions;
pub(crate) mod control_plane;
pub(crate) mod general;
pub(crate) mod network;
pub(crate) mod rbac;
pub(crate) mod schema;
pub(crate) mod secrets;
pub(crate) mod security;
pub(crate) mod workloads;
