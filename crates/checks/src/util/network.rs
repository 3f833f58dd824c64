//! Helpers for checks about Services, Ingresses and NetworkPolicies.
