//! kubeward's domain model, shared by every other crate and free of I/O.
//!
//! - [`Object`]: one Kubernetes object read from a manifest, with its source file and a
//!   positioned tree ([`kubeward_yaml::NodeRef`]) to query.
//! - [`workload`]: where pod specs and containers live in each workload kind.
//! - [`CheckMeta`]: a check's id, severity, category and documentation.
//! - [`Finding`], [`LoadError`], [`ScanResult`]: what a scan produces, for every report format.

#![deny(missing_docs)]

mod check;
mod finding;
mod object;
mod severity;
pub mod workload;

pub use check::{CheckMeta, Docs, Mappings, PssControl, PssLevel, Technique};
pub use finding::{
    Exemption, ExemptionSource, Finding, LoadError, ObjectScore, ScanResult, Summary,
};
pub use object::{Location, Object, ObjectId};
pub use severity::{Category, ParseLevelError, Severity};
