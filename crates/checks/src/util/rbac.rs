//! Helpers for checks about RBAC rules, roles, bindings and aggregated ClusterRoles.
