//! Helpers for checks about service accounts, secrets and credential patterns.
