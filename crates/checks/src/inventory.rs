// Keys are labels and names from the scanned manifests: a fast hash, randomly seeded.
use foldhash::{HashMap, HashMapExt};

use kubeward_core::{Object, workload};
use kubeward_yaml::NodeRef;

use kubeward_core::Selector;

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
    /// `(kind, namespace, name)` → every object with that identity, in input order.
    by_name: HashMap<(&'a str, Option<&'a str>, &'a str), Vec<usize>>,
    /// `(kind, name)` → every object of that kind and name, whatever its namespace.
    by_kind_name: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// `(kind, namespace)` → objects, in input order.
    by_kind_namespace: HashMap<(&'a str, Option<&'a str>), Vec<usize>>,
    /// `(namespace, target kind, target name)` of autoscalers' `scaleTargetRef` → autoscalers.
    by_scale_target: HashMap<(Option<&'a str>, &'a str, &'a str), Vec<usize>>,
    /// PodDisruptionBudgets and their selectors.
    budgets: Vec<(usize, Selector<'a>)>,
    /// `(namespace, label key, label value)` a budget's selector requires → indexes into
    /// `budgets`; budgets that require no particular label are under `None` key and value.
    budgets_by_label: HashMap<BudgetKey<'a>, Vec<usize>>,
}

/// A namespace and one label a budget's selector requires (`None` when it requires none).
type BudgetKey<'a> = (Option<&'a str>, Option<(&'a str, &'a str)>);

/// Autoscaler kinds and API groups, with the target kind assumed when `scaleTargetRef` names none.
const AUTOSCALERS: &[(&str, &str, Option<&str>)] = &[
    ("HorizontalPodAutoscaler", "autoscaling", None),
    ("ScaledObject", "keda.sh", Some("Deployment")),
];

impl<'a> Inventory<'a> {
    /// Indexes `objects`.
    pub fn new(objects: &'a [Object]) -> Self {
        let mut inventory = Inventory {
            objects,
            by_kind: HashMap::new(),
            templates: Vec::new(),
            by_label: HashMap::new(),
            by_namespace: HashMap::new(),
            by_name: HashMap::new(),
            by_kind_name: HashMap::new(),
            by_kind_namespace: HashMap::new(),
            by_scale_target: HashMap::new(),
            budgets: Vec::new(),
            budgets_by_label: HashMap::new(),
        };
        for (i, object) in objects.iter().enumerate() {
            inventory.by_kind.entry(object.kind()).or_default().push(i);
            inventory.index_relations(i, object);
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

    /// Fills the identity, namespace, autoscaler and disruption-budget indexes with `object`.
    fn index_relations(&mut self, i: usize, object: &'a Object) {
        let kind = object.kind();
        let namespace = object.id.namespace.as_deref();
        let name = object.id.name.as_str();
        self.by_name
            .entry((kind, namespace, name))
            .or_default()
            .push(i);
        self.by_kind_name.entry((kind, name)).or_default().push(i);
        self.by_kind_namespace
            .entry((kind, namespace))
            .or_default()
            .push(i);
        let root = object.root();
        if let Some((_, _, default_kind)) = AUTOSCALERS
            .iter()
            .find(|(k, group, _)| *k == kind && *group == object.api_group())
        {
            let target = root.get_path(&["spec", "scaleTargetRef"]);
            let target_kind = target.and_then(|t| t.get_str("kind")).or(*default_kind);
            let target_name = target.and_then(|t| t.get_str("name"));
            if let (Some(target_kind), Some(target_name)) = (target_kind, target_name) {
                self.by_scale_target
                    .entry((namespace, target_kind, target_name))
                    .or_default()
                    .push(i);
            }
        }
        if kind == "PodDisruptionBudget"
            && object.api_group() == "policy"
            && let Some(selector) = root.get_path(&["spec", "selector"])
        {
            let selector = Selector::label_selector(selector);
            let slot = self.budgets.len();
            self.budgets_by_label
                .entry((namespace, selector.first_label()))
                .or_default()
                .push(slot);
            self.budgets.push((i, selector));
        }
    }

    /// The first scanned object of `kind` named `name` in `namespace`.
    pub fn find(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<&'a Object> {
        self.named(kind, namespace, name).next()
    }

    /// Every scanned object of `kind` named `name` in `namespace` (copies from several files).
    pub fn named<'s>(
        &'s self,
        kind: &'s str,
        namespace: Option<&'s str>,
        name: &'s str,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        let found: &'s [usize] = self
            .by_name
            .get(&(kind, namespace, name))
            .map_or(&[], Vec::as_slice);
        let objects = self.objects;
        found.iter().map(move |&i| &objects[i])
    }

    /// Every scanned object of `kind` named `name`, in any namespace or none.
    pub fn named_anywhere<'s>(
        &'s self,
        kind: &'s str,
        name: &'s str,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        let found: &'s [usize] = self
            .by_kind_name
            .get(&(kind, name))
            .map_or(&[], Vec::as_slice);
        let objects = self.objects;
        found.iter().map(move |&i| &objects[i])
    }

    /// Objects of `kind` in `namespace`, in input order.
    pub fn of_kind_in<'s>(
        &'s self,
        kind: &'s str,
        namespace: Option<&'s str>,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        let objects = self.objects;
        let found: &'s [usize] = self
            .by_kind_namespace
            .get(&(kind, namespace))
            .map_or(&[], Vec::as_slice);
        found.iter().map(move |&i| &objects[i])
    }

    /// Autoscalers (HorizontalPodAutoscalers, KEDA ScaledObjects) in the namespace of `target`
    /// whose `scaleTargetRef` names it.
    pub fn autoscalers_of<'s>(
        &'s self,
        target: &'s Object,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        let key = (
            target.id.namespace.as_deref(),
            target.kind(),
            target.id.name.as_str(),
        );
        let objects = self.objects;
        let found: &'s [usize] = self.by_scale_target.get(&key).map_or(&[], Vec::as_slice);
        found.iter().map(move |&i| &objects[i])
    }

    /// PodDisruptionBudgets in `namespace` whose selector selects pods labelled `labels`.
    pub(crate) fn budgets_selecting<'s>(
        &'s self,
        namespace: Option<&'s str>,
        labels: Option<NodeRef<'s>>,
    ) -> impl Iterator<Item = &'a Object> + 's {
        let pairs = labels
            .into_iter()
            .flat_map(|l| l.entries())
            .filter_map(|(k, v)| Some((k.text()?, v.text()?)))
            .map(Some);
        std::iter::once(None)
            .chain(pairs)
            .filter_map(move |label| self.budgets_by_label.get(&(namespace, label)))
            .flatten()
            .filter_map(move |&slot| {
                let (object, selector) = &self.budgets[slot];
                selector.matches(labels).then(|| &self.objects[*object])
            })
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
        // Narrow by the rarest required label: charts label every release of an app alike
        // (`app.kubernetes.io/name`) and only one label (`instance`) tells releases apart.
        let candidates: &[usize] = selector
            .required_labels()
            .map(|(key, value)| {
                self.by_label
                    .get(&(namespace, key, value))
                    .map_or(&[][..], Vec::as_slice)
            })
            .min_by_key(|candidates| candidates.len())
            .unwrap_or_else(|| self.by_namespace.get(&namespace).map_or(&[], Vec::as_slice));
        candidates.iter().filter_map(move |&slot| {
            let (object, template) = self.templates[slot];
            selector
                .matches(template.get_path(&["metadata", "labels"]))
                .then(|| (&self.objects[object], template))
        })
    }
}
