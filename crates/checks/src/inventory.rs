use std::collections::HashMap;

use kubeward_core::{Object, workload};
use kubeward_yaml::NodeRef;

use crate::util::selectors::Selector;

/// The whole set of scanned objects, indexed for checks that relate objects to each other.
///
/// Indexes are built once per scan, so a check that asks "which pods does this Service
/// select" costs the size of the answer, not the size of the input.
#[derive(Debug)]
pub struct Inventory<'a> {
    objects: &'a [Object],
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// Objects with a pod template, and that template (the pods' `metadata` and `spec`).
    templates: Vec<(usize, NodeRef<'a>)>,
    /// `(namespace, label key, label value)` of pod templates → indexes into `templates`.
    by_label: HashMap<(Option<&'a str>, &'a str, &'a str), Vec<usize>>,
    /// Namespace → indexes into `templates`.
    by_namespace: HashMap<Option<&'a str>, Vec<usize>>,
}

impl<'a> Inventory<'a> {
    /// Indexes `objects`.
    pub fn new(objects: &'a [Object]) -> Self {
        let mut inventory = Inventory {
            objects,
            by_kind: HashMap::new(),
            templates: Vec::new(),
            by_label: HashMap::new(),
            by_namespace: HashMap::new(),
        };
        for (i, object) in objects.iter().enumerate() {
            inventory.by_kind.entry(object.kind()).or_default().push(i);
            let Some(template) = workload::pod_template(object) else {
                continue;
            };
            let slot = inventory.templates.len();
            inventory.templates.push((i, template));
            let namespace = object.id.namespace.as_deref();
            inventory
                .by_namespace
                .entry(namespace)
                .or_default()
                .push(slot);
            let labels = template.get_path(&["metadata", "labels"]);
            for (key, value) in labels.into_iter().flat_map(|l| l.entries()) {
                if let (Some(key), Some(value)) = (key.text(), value.text()) {
                    inventory
                        .by_label
                        .entry((namespace, key, value))
                        .or_default()
                        .push(slot);
                }
            }
        }
        inventory
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

    /// Whether any scanned object has a pod template: relations to pods are only judged when
    /// the pods' owners are part of the scan.
    pub fn has_pod_templates(&self) -> bool {
        !self.templates.is_empty()
    }

    /// Workloads (and bare Pods) in `namespace` whose pod template `selector` selects, with
    /// that template, in input order. Objects without a namespace are taken to share one.
    pub(crate) fn templates_selected<'s>(
        &'s self,
        namespace: Option<&'s str>,
        selector: &'s Selector<'_>,
    ) -> impl Iterator<Item = (&'a Object, NodeRef<'a>)> + 's {
        // Narrow by one required label when there is one; otherwise take the namespace.
        let candidates: &[usize] = match selector.first_label() {
            Some((key, value)) => self
                .by_label
                .get(&(namespace, key, value))
                .map_or(&[], Vec::as_slice),
            None => self.by_namespace.get(&namespace).map_or(&[], Vec::as_slice),
        };
        candidates.iter().filter_map(move |&slot| {
            let (object, template) = self.templates[slot];
            selector
                .matches(template.get_path(&["metadata", "labels"]))
                .then(|| (&self.objects[object], template))
        })
    }
}
