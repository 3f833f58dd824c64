//! Helpers shared by several checks.

pub(crate) mod general;
pub(crate) mod security;
pub(crate) mod selectors;
