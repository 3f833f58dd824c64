//! kubeward's domain model, shared by every other crate and free of I/O.
//!
//! - [`Object`]: one Kubernetes object read from a manifest, with its source file and a
//!   positioned tree ([`kubeward_yaml::NodeRef`]) to query.
//! - [`workload`]: where pod specs and containers live in each workload kind.
//! - [`Selector`]: label selectors, evaluated as Kubernetes does.
//! - [`CheckMeta`]: a check's id, severity, category and documentation.
//! - [`Finding`], [`LoadError`], [`ScanResult`]: what a scan produces, for every report format.

#![deny(missing_docs)]

mod check;
mod finding;
pub mod network;
mod object;
mod selector;
mod severity;
pub mod workload;

pub use check::{CheckMeta, Docs, Mappings, PssControl, PssLevel, Technique};
pub use finding::{
    Exemption, ExemptionSource, Finding, LoadError, ObjectScore, ScanResult, Summary,
};
pub use object::{Location, Object, ObjectId};
pub use selector::{Selector, label_text};
pub use severity::{Category, ParseLevelError, Severity};
