// Keys are labels and names from the scanned manifests: a fast hash, randomly seeded.
use foldhash::fast::RandomState;
use foldhash::{HashMap, HashMapExt};
use std::hash::BuildHasher;

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
    templates: Vec<PodTemplate<'a>>,
    /// `(namespace, label key, label value)` of pod templates → indexes into `templates`.
    by_label: HashIndex,
    /// Namespace → indexes into `templates`.
    by_namespace: HashMap<Option<&'a str>, Vec<usize>>,
    /// `(kind, namespace, name)` → every object with that identity, in input order.
    by_name: HashIndex,
    /// `(kind, name)` → every object of that kind and name, whatever its namespace.
    by_kind_name: HashIndex,
    /// `(kind, namespace)` → objects, in input order.
    by_kind_namespace: HashMap<(&'a str, Option<&'a str>), Vec<usize>>,
    /// `(namespace, target kind, target name)` of autoscalers' `scaleTargetRef` → autoscalers.
    by_scale_target: HashMap<(Option<&'a str>, &'a str, &'a str), Vec<usize>>,
    /// PodDisruptionBudgets and their selectors.
    budgets: Vec<(usize, Selector<'a>)>,
    /// `(namespace, label key, label value)` a budget's selector requires → indexes into
    /// `budgets`; budgets that require no particular label are under `None` key and value.
    budgets_by_label: HashMap<BudgetKey<'a>, Vec<usize>>,
    /// Hashes the keys of the [`HashIndex`]es.
    hasher: RandomState,
}

/// An object's pod template, with its labels found once: selectors test them for every Service,
/// budget and policy that could select the pods.
#[derive(Debug, Clone, Copy)]
struct PodTemplate<'a> {
    object: usize,
    template: NodeRef<'a>,
    labels: Option<NodeRef<'a>>,
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
            by_label: HashIndex::default(),
            by_namespace: HashMap::new(),
            by_name: HashIndex::default(),
            by_kind_name: HashIndex::default(),
            by_kind_namespace: HashMap::new(),
            by_scale_target: HashMap::new(),
            budgets: Vec::new(),
            budgets_by_label: HashMap::new(),
            hasher: RandomState::default(),
        };
        for (i, object) in objects.iter().enumerate() {
            inventory.by_kind.entry(object.kind()).or_default().push(i);
            inventory.index_relations(i, object);
            let Some(template) = workload::pod_template(object) else {
                continue;
            };
            let slot = inventory.templates.len();
            let labels = template.get_path(&["metadata", "labels"]);
            inventory.templates.push(PodTemplate {
                object: i,
                template,
                labels,
            });
            let namespace = object.id.namespace.as_deref();
            inventory
                .by_namespace
                .entry(namespace)
                .or_default()
                .push(slot);
            for (key, value) in labels.into_iter().flat_map(|l| l.entries()) {
                if let (Some(key), Some(value)) = (key.text(), value.text()) {
                    let hash = inventory.hasher.hash_one((namespace, key, value));
                    inventory.by_label.add(hash, slot);
                }
            }
        }
        inventory.by_label.seal();
        inventory.by_name.seal();
        inventory.by_kind_name.seal();
        inventory
    }

    /// Fills the identity, namespace, autoscaler and disruption-budget indexes with `object`.
    fn index_relations(&mut self, i: usize, object: &'a Object) {
        let kind = object.kind();
        let namespace = object.id.namespace.as_deref();
        let name = object.id.name.as_str();
        self.by_name
            .add(self.hasher.hash_one((kind, namespace, name)), i);
        self.by_kind_name.add(self.hasher.hash_one((kind, name)), i);
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
        let objects = self.objects;
        self.by_name
            .get(self.hasher.hash_one((kind, namespace, name)))
            .map(move |i| &objects[i])
            .filter(move |o| {
                o.kind() == kind && o.id.namespace.as_deref() == namespace && o.id.name == name
            })
    }

    /// Every scanned object of `kind` named `name`, in any namespace or none.
    pub fn named_anywhere<'s>(
        &'s self,
        kind: &'s str,
        name: &'s str,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 's> {
        let objects = self.objects;
        self.by_kind_name
            .get(self.hasher.hash_one((kind, name)))
            .map(move |i| &objects[i])
            .filter(move |o| o.kind() == kind && o.id.name == name)
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
        // The selector's own test below also weeds out any label whose key merely shares a hash.
        let rarest_label = selector
            .required_labels()
            .map(|(key, value)| self.hasher.hash_one((namespace, key, value)))
            .min_by_key(|&hash| self.by_label.get(hash).len());
        // Otherwise every template of the namespace; one of the two sources is empty.
        let by_namespace: &[usize] = match rarest_label {
            Some(_) => &[],
            None => self.by_namespace.get(&namespace).map_or(&[], Vec::as_slice),
        };
        let candidates = rarest_label
            .into_iter()
            .flat_map(|hash| self.by_label.get(hash))
            .chain(by_namespace.iter().copied());
        candidates.filter_map(move |slot| {
            let candidate = self.templates[slot];
            selector
                .matches(candidate.labels)
                .then(|| (&self.objects[candidate.object], candidate.template))
        })
    }
}

/// Indexes filed under the hash of a key, for the indexes with an entry or more per object: the
/// indexes of each hash side by side in one array, in increasing order, and an
/// open-addressing table of the distinct hashes, each pointing at its run. A lookup reads one
/// slot (nearly always) and then its run: a binary search over hundreds of thousands of sorted
/// entries missed the cache at nearly every step, and a table of the entries themselves
/// clustered the thousands of templates that carry one label (`app.kubernetes.io/name: web`)
/// into a run that lookups of other keys had to walk past. Keys that merely share a hash come
/// back together, so callers check the key of what they get.
#[derive(Debug, Default)]
struct HashIndex {
    /// `(hash, index)` as added, until the table is filled.
    added: Vec<(u64, u32)>,
    /// The indexes added, grouped by hash; each group in increasing order.
    runs: Vec<u32>,
    /// One slot per distinct hash (`len` 0: an empty slot); at least twice as many slots as
    /// hashes, a power of two. A hash goes to the first empty slot from the one its top bits name.
    slots: Vec<Run>,
    /// Shifting a hash right by this leaves the number of its first slot.
    shift: u32,
}

/// Where the indexes of one hash are in [`HashIndex::runs`].
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    hash: u64,
    start: u32,
    len: u32,
}

impl HashIndex {
    fn add(&mut self, hash: u64, index: usize) {
        let index = u32::try_from(index).expect("fewer than 2^32 objects");
        self.added.push((hash, index));
    }

    /// Fills the table with the entries added: counts each hash's entries, then places each
    /// entry in its hash's run, in the order of their indexes.
    fn seal(&mut self) {
        let mut added = std::mem::take(&mut self.added);
        // Callers add in index order nearly always, which this sort merely confirms.
        added.sort_by_key(|&(_, index)| index);
        // Room for every entry having a hash of its own.
        self.size_slots(added.len());
        for &(hash, _) in &added {
            self.slot_mut(hash).len += 1;
        }
        let mut start = 0;
        for run in self.slots.iter_mut().filter(|run| run.len > 0) {
            run.start = start;
            start += run.len;
            run.len = 0;
        }
        self.runs = vec![0; added.len()];
        for (hash, index) in added {
            let run = self.slot_mut(hash);
            let at = (run.start + run.len) as usize;
            run.len += 1;
            self.runs[at] = index;
        }
    }

    /// Makes the table empty, with at least twice as many slots as `hashes`.
    fn size_slots(&mut self, hashes: usize) {
        let slot_bits = (2 * hashes).next_power_of_two().trailing_zeros().max(1);
        self.shift = u64::BITS - slot_bits;
        self.slots = vec![Run::default(); 1 << slot_bits];
    }

    /// The slot of `hash`, claimed for it if it has none yet.
    fn slot_mut(&mut self, hash: u64) -> &mut Run {
        let mask = self.slots.len() - 1;
        let mut slot = (hash >> self.shift) as usize;
        while self.slots[slot].len > 0 && self.slots[slot].hash != hash {
            slot = (slot + 1) & mask;
        }
        let run = &mut self.slots[slot];
        run.hash = hash;
        run
    }

    /// The indexes filed under `hash`, in increasing order. Nothing before the table is filled.
    fn get(&self, hash: u64) -> impl ExactSizeIterator<Item = usize> + '_ {
        let run = self.find(hash).unwrap_or_default();
        let (start, len) = (run.start as usize, run.len as usize);
        self.runs[start..start + len].iter().map(|&i| i as usize)
    }

    fn find(&self, hash: u64) -> Option<Run> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = (hash >> self.shift) as usize;
        loop {
            let run = self.slots[slot];
            if run.len == 0 {
                return None;
            }
            if run.hash == hash {
                return Some(run);
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HashIndex;

    #[test]
    fn hash_index_gives_a_hashs_entries_in_input_order() {
        let mut index = HashIndex::default();
        for (hash, i) in [(7, 4), (3, 1), (7, 0), (9, 2), (7, 3)] {
            index.add(hash, i);
        }
        index.seal();
        assert_eq!(index.get(7).collect::<Vec<_>>(), [0, 3, 4]);
        assert_eq!(index.get(3).collect::<Vec<_>>(), [1]);
        assert_eq!(index.get(8).count(), 0);
        assert_eq!(index.get(10).count(), 0);
        assert_eq!(index.get(0).count(), 0);
    }

    #[test]
    fn hash_index_finds_hashes_across_the_whole_range() {
        let hashes = [
            u64::MAX,
            1 << 63,
            (1 << 63) + 5,
            0,
            1 << 62,
            u64::MAX,
            12345 << 40,
        ];
        let mut index = HashIndex::default();
        for (i, &hash) in hashes.iter().enumerate() {
            index.add(hash, i);
        }
        index.seal();
        assert_eq!(index.get(u64::MAX).collect::<Vec<_>>(), [0, 5]);
        assert_eq!(index.get(1 << 63).collect::<Vec<_>>(), [1]);
        assert_eq!(index.get((1 << 63) + 5).collect::<Vec<_>>(), [2]);
        assert_eq!(index.get(0).collect::<Vec<_>>(), [3]);
        assert_eq!(index.get(1 << 62).collect::<Vec<_>>(), [4]);
        assert_eq!(index.get(12345 << 40).collect::<Vec<_>>(), [6]);
        assert_eq!(index.get((1 << 63) + 4).count(), 0);
        assert_eq!(index.get(u64::MAX - 1).count(), 0);
    }

    #[test]
    fn hash_index_keeps_index_order_when_entries_wrap_around_the_table() {
        let last_slot = u64::MAX;
        let mut index = HashIndex::default();
        for i in 0..6 {
            index.add(last_slot - i % 2, i as usize);
        }
        index.seal();
        assert_eq!(index.get(last_slot).collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!(index.get(last_slot - 1).collect::<Vec<_>>(), [1, 3, 5]);
        assert_eq!(index.get(last_slot - 2).count(), 0);
    }

    #[test]
    fn empty_hash_index_finds_nothing() {
        let mut index = HashIndex::default();
        assert_eq!(index.get(7).count(), 0);
        index.seal();
        assert_eq!(index.get(7).count(), 0);
        assert_eq!(index.get(u64::MAX).count(), 0);
    }
}
