//! Helpers for resource, probe, image and object-level checks.
