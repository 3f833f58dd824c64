//! Helpers for pod and container security checks.
