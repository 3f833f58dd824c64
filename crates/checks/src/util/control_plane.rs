//! Helpers for checks about control-plane static Pods, kubelet and API server configuration.
