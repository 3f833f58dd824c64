use std::collections::HashMap;

use kubeward_core::Object;

/// The whole set of scanned objects, indexed for checks that relate objects to each other.
#[derive(Debug)]
pub struct Inventory<'a> {
    objects: &'a [Object],
    by_kind: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Inventory<'a> {
    /// Indexes `objects`.
    pub fn new(objects: &'a [Object]) -> Self {
        let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, object) in objects.iter().enumerate() {
            by_kind.entry(object.kind()).or_default().push(i);
        }
        Inventory { objects, by_kind }
    }

    /// Every object, in input order.
    pub fn objects(&self) -> &'a [Object] {
        self.objects
    }

    /// Objects of one kind, in input order.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = &'a Object> + '_ {
        let objects = self.objects;
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(move |&i| &objects[i])
    }
}
