//! kubeward's check catalogue.
//!
//! A check is one file under `src/rules/<family>/` that defines a type implementing [`Check`]
//! and a `pub(crate) static CHECK` of it; `build.rs` registers every such file, and the fixtures
//! under `fixtures/<check-id>/` are tested automatically (see `tests/fixtures.rs`). So adding a
//! check means adding its file and its fixtures, nothing else.
//!
//! Checks see one object at a time through a [`Context`], which also offers the whole set of
//! scanned objects ([`Inventory`]) for checks that relate objects to each other, and the
//! user's [`Settings`].

#![deny(missing_docs)]

mod context;
pub mod frameworks;
mod inventory;
mod messages;
mod util;

pub use context::{Context, Settings};
pub use inventory::Inventory;
use kubeward_core::CheckMeta;
pub use messages::{Message, MessageTable};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/registry.rs"));
}

/// One check: its metadata and its logic.
pub trait Check: Send + Sync {
    /// The check's id, severity, category, applicable kinds and documentation.
    fn meta(&self) -> &'static CheckMeta;

    /// Reports problems of `ctx.object()` through `ctx.report*`. Only called for objects whose
    /// kind is in `meta().kinds` (or for all objects when it is empty).
    fn check(&self, ctx: &mut Context<'_>);
}

/// Every registered check, ordered by id.
pub fn catalogue() -> Vec<&'static dyn Check> {
    let mut all = generated::ALL.to_vec();
    all.sort_by_key(|c| c.meta().id);
    all
}

/// The check with this id.
pub fn find(id: &str) -> Option<&'static dyn Check> {
    generated::ALL.iter().copied().find(|c| c.meta().id == id)
}

/// Whether `check` applies to objects of `kind`.
pub fn applies_to(check: &dyn Check, kind: &str) -> bool {
    let kinds = check.meta().kinds;
    kinds.is_empty() || kinds.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let all = catalogue();
        for pair in all.windows(2) {
            assert_ne!(pair[0].meta().id, pair[1].meta().id, "duplicate check id");
        }
        for check in &all {
            let id = check.meta().id;
            assert!(
                !id.is_empty()
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id} is not kebab-case"
            );
        }
    }

    #[test]
    fn every_check_is_documented() {
        for check in catalogue() {
            let m = check.meta();
            let d = &m.docs;
            for (field, text) in [
                ("title", m.title),
                ("what", d.what),
                ("why", d.why),
                ("fix", d.fix),
                ("failing", d.failing),
                ("passing", d.passing),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {field}", m.id);
            }
            assert!(
                m.title.starts_with(|c: char| c.is_uppercase()) && !m.title.ends_with('.'),
                "{}: a title starts with a capital and has no trailing period",
                m.id
            );
        }
    }
}
