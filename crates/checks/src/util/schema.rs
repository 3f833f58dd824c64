//! Validation of built-in objects against the Kubernetes OpenAPI field tables (generated into
//! `schema/k8s.rs` by `tools/gen-k8s-schema.py`), as the API server's strict field validation
//! does it: unknown fields, and values of a JSON type the server would refuse to decode.
//!
//! One walk per object over static tables: a field lookup is one probe of its type's hash
//! table, and nothing is allocated unless something is wrong.

use kubeward_core::Object;
use kubeward_core::workload::{Container, ContainerKind};
use kubeward_yaml::{COMMON_TEXTS, Fingerprint, Kind, NodeRef, Style};

use crate::Context;

/// The type of a field's value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// A JSON string.
    Str,
    /// An integer (an integral floating-point number decodes too).
    Int,
    /// Any number.
    Num,
    /// A boolean.
    Bool,
    /// A resource quantity: a string or a number.
    Quantity,
    /// An int-or-string.
    IntOrStr,
    /// Free-form JSON; never checked.
    Any,
    /// An object of `TYPES[index]`.
    Obj(u16),
    /// A list of the type.
    Arr(&'static Ty),
    /// A mapping from any key to the type.
    Map(&'static Ty),
}

/// An object type: its (shortened) OpenAPI name, its fields, sorted by name, and two indexes of
/// them: by common-text index, and a hash table.
#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [(&'static str, Ty)],
    /// Indexes into `fields` ([`EMPTY`] for none) by [`Fingerprint::slot`], with linear probing;
    /// a power of two long, at least four times as long as `fields`. Built by [`slots`].
    slots: &'static [u8],
    /// The fingerprint of each of `fields`, so a probe does not compute it again.
    fingerprints: &'static [Fingerprint],
    /// Indexes into `fields` ([`EMPTY`] for none) by the index in [`COMMON_TEXTS`] of the field's
    /// name, as long as the largest such index among the fields requires. Most keys of manifests
    /// are stored as common texts, and are found with one load instead of hashing their bytes.
    /// Built by [`by_common_text`].
    by_common_text: &'static [u8],
}

mod tables {
    use super::{Fingerprint, Ty, TypeDef, by_common_text, common_span, fingerprints, slots};
    include!("schema/k8s.rs");
}

/// An unused slot (types have fewer fields).
const EMPTY: u8 = u8::MAX;

/// The hash table of `fields` for [`TypeDef::slots`], built at compile time (the generator only
/// chooses its size, so the hash is defined once, here).
const fn slots<const N: usize>(fields: &[(&str, Ty)]) -> [u8; N] {
    assert!(N.is_power_of_two() && N >= 4 * fields.len() && fields.len() < EMPTY as usize);
    let mut slots = [EMPTY; N];
    let mut i = 0;
    while i < fields.len() {
        place(
            &mut slots,
            Fingerprint::of(fields[i].0.as_bytes()).slot(N),
            i,
        );
        i += 1;
    }
    slots
}

/// Puts `index` in the first unused slot of `slots` from `slot` on (linear probing), for the
/// tables built at compile time.
const fn place(slots: &mut [u8], mut slot: usize, index: usize) {
    while slots[slot] != EMPTY {
        slot = (slot + 1) % slots.len();
    }
    slots[slot] = index as u8;
}

/// The fingerprints of `fields`, for [`TypeDef::fingerprints`].
const fn fingerprints<const N: usize>(fields: &[(&str, Ty)]) -> [Fingerprint; N] {
    let mut fingerprints = [Fingerprint::of(b""); N];
    let mut i = 0;
    while i < N {
        fingerprints[i] = Fingerprint::of(fields[i].0.as_bytes());
        i += 1;
    }
    fingerprints
}

/// The length of [`TypeDef::by_common_text`] for `fields`: one past the largest index in
/// [`COMMON_TEXTS`] of their names (none when no name is a common text).
const fn common_span(fields: &[(&str, Ty)]) -> usize {
    let mut span = 0;
    let mut i = 0;
    while i < fields.len() {
        if let Some(common) = common_text_index(fields[i].0)
            && common >= span
        {
            span = common + 1;
        }
        i += 1;
    }
    span
}

/// The index of each of `fields` by the common-text index of its name, for
/// [`TypeDef::by_common_text`].
const fn by_common_text<const N: usize>(fields: &[(&str, Ty)]) -> [u8; N] {
    let mut table = [EMPTY; N];
    let mut i = 0;
    while i < fields.len() {
        if let Some(common) = common_text_index(fields[i].0) {
            table[common] = i as u8;
        }
        i += 1;
    }
    table
}

/// The index of `text` in [`COMMON_TEXTS`], in a const context.
const fn common_text_index(text: &str) -> Option<usize> {
    let mut i = 0;
    while i < COMMON_TEXTS.len() {
        if same_bytes(COMMON_TEXTS[i].as_bytes(), text.as_bytes()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

pub(crate) use tables::SPEC_VERSION;

impl TypeDef {
    /// The type of field `name`.
    pub(crate) fn field(&self, name: &str) -> Option<Ty> {
        self.index_of(name).map(|index| self.fields[index].1)
    }

    /// The field named by the text of `key`, a mapping key: its name and type. Every key of
    /// every object is looked up here; a key stored as a common text is settled by one load.
    #[inline(always)]
    fn field_at_key(&self, key: NodeRef<'_>) -> Option<(&'static str, Ty)> {
        let index = match key.common_index() {
            // `EMPTY` is past the end of `fields`, like any index past the table's span.
            Some(common) => usize::from(*self.by_common_text.get(common as usize)?),
            None => self.index_of(key.text().unwrap_or_default())?,
        };
        self.fields.get(index).copied()
    }

    /// The index in `fields` of field `name`.
    #[inline(always)]
    fn index_of(&self, name: &str) -> Option<usize> {
        // Types have up to 44 fields: one hash probe, nearly always settled by comparing
        // fingerprints, instead of a scan.
        let name = name.as_bytes();
        let wanted = Fingerprint::of(name);
        let mut slot = wanted.slot(self.slots.len());
        loop {
            let index = usize::from(self.slots[slot]);
            if index == usize::from(EMPTY) {
                return None;
            }
            if self.fingerprints[index] == wanted
                && Fingerprint::same_texts(self.fields[index].0.as_bytes(), name)
            {
                return Some(index);
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }

    /// The short type name (`Container`, `PodSpec`).
    pub(crate) fn short_name(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }

    /// The field closest to `given`: a case-insensitive match first, then the nearest by edit
    /// distance when it is close enough to be a typo.
    pub(crate) fn suggest(&self, given: &str) -> Option<&'static str> {
        let names = self.fields.iter().map(|(f, _)| *f);
        if let Some(same) = names.clone().find(|f| f.eq_ignore_ascii_case(given)) {
            return Some(same);
        }
        let lower = given.to_ascii_lowercase();
        let limit = (given.chars().count() / 4).clamp(1, 3);
        names
            .map(|f| (edit_distance(&lower, &f.to_ascii_lowercase()), f))
            .filter(|&(d, _)| d <= limit)
            .min_by_key(|&(d, _)| d)
            .map(|(_, f)| f)
    }
}

impl TypeDef {
    /// The field of this type, holding an object (or list of objects), whose type has a field
    /// `name`: where a misindented field probably belongs.
    pub(crate) fn child_with(&self, name: &str) -> Option<&'static str> {
        self.fields.iter().find_map(|&(field, ty)| {
            let inner = match ty {
                Ty::Obj(index) | Ty::Arr(&Ty::Obj(index)) => type_at(index),
                _ => return None,
            };
            inner.field(name).is_some().then_some(field)
        })
    }
}

/// The root type of objects of `api_version` and `kind`, if it is a built-in kind the tables know.
pub(crate) fn root_type(api_version: &str, kind: &str) -> Option<&'static TypeDef> {
    // Once per object: one probe, where a binary search made two memcmp calls at each of seven
    // steps.
    let mut slot = root_slot(api_version.as_bytes(), kind.as_bytes());
    loop {
        let &(v, k, index) = tables::ROOTS.get(usize::from(ROOT_SLOTS[slot]))?;
        if v == api_version && k == kind {
            return Some(type_at(index));
        }
        slot = (slot + 1) % ROOT_SLOTS.len();
    }
}

/// The length of [`ROOT_SLOTS`]: at most a quarter full.
const ROOT_SLOT_COUNT: usize = (4 * tables::ROOTS.len()).next_power_of_two();

/// Indexes into `ROOTS` ([`EMPTY`] for none) by [`root_slot`], with linear probing.
static ROOT_SLOTS: [u8; ROOT_SLOT_COUNT] = {
    assert!(tables::ROOTS.len() < EMPTY as usize);
    let mut slots = [EMPTY; ROOT_SLOT_COUNT];
    let mut i = 0;
    while i < tables::ROOTS.len() {
        let (api_version, kind, _) = tables::ROOTS[i];
        place(
            &mut slots,
            root_slot(api_version.as_bytes(), kind.as_bytes()),
            i,
        );
        i += 1;
    }
    slots
};

/// The first slot of `ROOT_SLOTS` to probe for an apiVersion and kind.
const fn root_slot(api_version: &[u8], kind: &[u8]) -> usize {
    let mixed =
        Fingerprint::of(api_version).mixed() ^ Fingerprint::of(kind).mixed().rotate_left(32);
    (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - ROOT_SLOT_COUNT.trailing_zeros())) as usize
}

fn type_at(index: u16) -> &'static TypeDef {
    &tables::TYPES[index as usize]
}

/// The container types' indexes: the walk meets an object at every level, and compares its
/// type's index rather than its name.
const CONTAINER: u16 = type_index("core.v1.Container");
const EPHEMERAL_CONTAINER: u16 = type_index("core.v1.EphemeralContainer");

const fn type_index(name: &str) -> u16 {
    let mut i = 0;
    while i < tables::TYPES.len() {
        if same_bytes(tables::TYPES[i].name.as_bytes(), name.as_bytes()) {
            return i as u16;
        }
        i += 1;
    }
    panic!("no such type")
}

/// `a == b`, in a const context.
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// One step of the path to a node.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

/// What is wrong with one node.
#[derive(Debug)]
pub(crate) enum Problem {
    /// A key that is not a field of `owner`.
    UnknownField {
        owner: &'static TypeDef,
        name: String,
    },
    /// A value that is not of the field's type.
    WrongType { expected: Ty },
}

/// A problem, where it is, and the container it is in, if any.
#[derive(Debug)]
pub(crate) struct Issue<'a> {
    pub(crate) problem: Problem,
    /// The node to report at: the key of a field or map entry, or the list item.
    pub(crate) at: NodeRef<'a>,
    /// The offending value (for an unknown field, its value).
    pub(crate) value: NodeRef<'a>,
    /// The path to the node from the object's root.
    pub(crate) path: Vec<Step<'a>>,
    pub(crate) container: Option<Container<'a>>,
}

impl Issue<'_> {
    /// The path to the node, below the container when the node is in one.
    pub(crate) fn local_path(&self) -> String {
        let start = match self.container {
            Some(container) => self
                .path
                .iter()
                .rposition(|s| matches!(s, Step::Field(f) if *f == container.kind.field()))
                .map_or(0, |i| (i + 2).min(self.path.len())),
            None => 0,
        };
        render_path(&self.path[start..])
    }

    /// `container "app"` or `container "app" at livenessProbe.httpGet` (where a key is), or the
    /// path (`spec.template.spec`), or `the top level`.
    pub(crate) fn place(&self) -> String {
        let path = self.local_path();
        match (self.container, path.is_empty()) {
            (Some(c), true) => format!("container {:?}", c.name),
            (Some(c), false) => format!("container {:?} at {path}", c.name),
            (None, true) => "the top level".to_owned(),
            (None, false) => path,
        }
    }
}

/// Reports each schema issue of the object for which `message` gives a message: at the issue's
/// node, as a container finding when it is in a container.
pub(crate) fn report_issues(ctx: &mut Context<'_>, message: impl Fn(&Issue<'_>) -> Option<String>) {
    let reports: Vec<_> = ctx
        .schema_issues()
        .iter()
        .filter_map(|issue| Some((issue.container, issue.at, message(issue)?)))
        .collect();
    for (container, at, message) in reports {
        match container {
            Some(container) => ctx.report_container(&container, at, message),
            None => ctx.report(at, message),
        }
    }
}

/// Walks `object` against its kind's schema, in one pass for both sorts of problem (the
/// `Context` keeps the result for every check that asks). Objects of kinds the tables do not know
/// (custom resources, removed apiVersions) are skipped; so is the object's `status`.
pub(crate) fn validate(object: &Object) -> Vec<Issue<'_>> {
    let Some(root) = root_type(&object.id.api_version, object.kind()) else {
        return Vec::new();
    };
    let node = object.root();
    if node.kind() != Kind::Map {
        return Vec::new();
    }
    let mut walker = Walker {
        container: None,
        issues: Vec::new(),
    };
    walker.object(root, node, None);
    walker.issues
}

/// The path to the node being walked, as a chain of steps up to the root, each held in the stack
/// frame that walks it: a step costs a few stores and no bookkeeping, and the path is only
/// collected into a `Vec` for an issue.
struct Trail<'t, 'a> {
    hop: Hop<'a>,
    parent: Option<&'t Trail<'t, 'a>>,
}

/// A step of a [`Trail`]; the key of a map entry is kept as its node, its text only read when
/// the path is (map values are nearly always valid).
#[derive(Clone, Copy)]
enum Hop<'a> {
    Step(Step<'a>),
    Key(NodeRef<'a>),
}

impl<'a> Trail<'_, 'a> {
    fn below<'t>(parent: Option<&'t Trail<'t, 'a>>, hop: Hop<'a>) -> Trail<'t, 'a> {
        Trail { hop, parent }
    }

    /// The steps from this one up to the root.
    fn up(&self) -> impl Iterator<Item = Step<'a>> {
        std::iter::successors(Some(self), |t| t.parent).map(|t| match t.hop {
            Hop::Step(step) => step,
            Hop::Key(key) => Step::Field(key.text().unwrap_or_default()),
        })
    }
}

struct Walker<'a> {
    container: Option<Container<'a>>,
    issues: Vec<Issue<'a>>,
}

impl<'a> Walker<'a> {
    #[cold]
    fn emit(
        &mut self,
        problem: Problem,
        at: NodeRef<'a>,
        value: NodeRef<'a>,
        trail: Option<&Trail<'_, 'a>>,
    ) {
        let mut path: Vec<_> = trail.into_iter().flat_map(Trail::up).collect();
        path.reverse();
        self.issues.push(Issue {
            problem,
            at,
            value,
            path,
            container: self.container,
        });
    }

    /// The fields of an object of type `def`; `trail` is `None` at the object's root.
    fn object(&mut self, def: &'static TypeDef, node: NodeRef<'a>, trail: Option<&Trail<'_, 'a>>) {
        let root = trail.is_none();
        for (key, value) in node.entry_pairs() {
            match def.field_at_key(key) {
                Some((name, ty)) => {
                    if root && name == "status" {
                        continue;
                    }
                    let here = Trail::below(trail, Hop::Step(Step::Field(name)));
                    self.value(ty, key, value, &here);
                }
                None => {
                    let name = key.text().unwrap_or_default();
                    if !tooling_key(name, root) {
                        let problem = Problem::UnknownField {
                            owner: def,
                            name: name.to_owned(),
                        };
                        self.emit(problem, key, value, trail);
                    }
                }
            }
        }
    }

    /// Checks `value`, reported at `at` (its key, or itself for list items). Inlined: most values
    /// are scalars, settled by comparing kinds; only collections cost a call.
    #[inline(always)]
    fn value(&mut self, ty: Ty, at: NodeRef<'a>, value: NodeRef<'a>, trail: &Trail<'_, 'a>) {
        let kind = value.kind();
        if kind == Kind::Null {
            return;
        }
        let fits = match ty {
            Ty::Str => kind == Kind::Str,
            Ty::Bool => kind == Kind::Bool,
            Ty::Int => kind == Kind::Int || integral_float(value),
            Ty::Num => matches!(kind, Kind::Int | Kind::Float),
            Ty::Quantity => matches!(kind, Kind::Str | Kind::Int | Kind::Float),
            Ty::IntOrStr => matches!(kind, Kind::Str | Kind::Int) || integral_float(value),
            Ty::Any => true,
            Ty::Obj(index) => {
                if kind == Kind::Map {
                    self.nested_object(index, value, trail);
                }
                kind == Kind::Map
            }
            Ty::Arr(_) | Ty::Map(_) => self.collection(ty, value, trail),
        };
        if !fits && !is_assertion(value) {
            self.emit(Problem::WrongType { expected: ty }, at, value, Some(trail));
        }
    }

    /// Walks a value of a list or map type; whether it is a collection of that kind.
    #[inline(never)]
    fn collection(&mut self, ty: Ty, value: NodeRef<'a>, trail: &Trail<'_, 'a>) -> bool {
        let kind = value.kind();
        match ty {
            Ty::Arr(item) if kind == Kind::Seq => {
                for (i, element) in value.items().enumerate() {
                    let here = Trail::below(Some(trail), Hop::Step(Step::Index(i)));
                    self.value(*item, element, element, &here);
                }
            }
            Ty::Map(item) if kind == Kind::Map => {
                for (key, element) in value.entry_pairs() {
                    let here = Trail::below(Some(trail), Hop::Key(key));
                    self.value(*item, key, element, &here);
                }
            }
            _ => return false,
        }
        true
    }

    /// An object value; remembers the container while walking one.
    #[inline(never)]
    fn nested_object(&mut self, index: u16, node: NodeRef<'a>, trail: &Trail<'_, 'a>) {
        let def = type_at(index);
        let entered = container_kind(index, trail).map(|kind| Container {
            kind,
            node,
            name: node.get_str("name").unwrap_or_default(),
        });
        if entered.is_none() {
            self.object(def, node, Some(trail));
            return;
        }
        let outer = std::mem::replace(&mut self.container, entered);
        self.object(def, node, Some(trail));
        self.container = outer;
    }
}

/// The container list the walk is in, when the type at `index` is a container type.
fn container_kind(index: u16, trail: &Trail<'_, '_>) -> Option<ContainerKind> {
    if index != CONTAINER && index != EPHEMERAL_CONTAINER {
        return None;
    }
    let list = trail.up().find_map(|s| match s {
        Step::Field(f) => Some(f),
        Step::Index(_) => None,
    })?;
    match list {
        "initContainers" => Some(ContainerKind::Init),
        "containers" => Some(ContainerKind::Regular),
        "ephemeralContainers" => Some(ContainerKind::Ephemeral),
        _ => None,
    }
}

/// Keys that tools other than the API server consume before an object is applied: strategic
/// merge patch directives (`$patch`, `$setElementOrder/...`) of Kustomize patches, assertion
/// expressions of Chainsaw and Kyverno tests (`(contains(@, 'pods'))`), and the `sops` block of
/// SOPS-encrypted files (at the top level).
fn tooling_key(name: &str, root: bool) -> bool {
    name.starts_with('$') || is_expression(name) || (root && name == "sops")
}

fn is_expression(key: &str) -> bool {
    key.len() > 1 && key.starts_with('(') && key.ends_with(')')
}

/// A mapping holding assertion expressions where a field value belongs: a test's expectation,
/// not a value to apply.
fn is_assertion(value: NodeRef<'_>) -> bool {
    value.kind() == Kind::Map
        && value
            .entries()
            .any(|(key, _)| key.text().is_some_and(is_expression))
}

fn integral_float(value: NodeRef<'_>) -> bool {
    value.kind() == Kind::Float && value.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// `spec.template.spec.containers[0].image`.
pub(crate) fn render_path(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Field(f) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(f);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// "a string", "an integer or a string", ... for messages.
pub(crate) fn expected(ty: Ty) -> String {
    match ty {
        Ty::Str => "a string".into(),
        Ty::Int => "an integer".into(),
        Ty::Num => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Quantity => "a quantity (a string such as \"500m\" or a number)".into(),
        Ty::IntOrStr => "an integer or a string".into(),
        Ty::Any => "anything".into(),
        Ty::Obj(index) => format!("a mapping ({})", type_at(index).short_name()),
        Ty::Arr(_) => "a list".into(),
        Ty::Map(_) => "a mapping".into(),
    }
}

/// "a string", "a list", ... describing what a node is, with a quoting hint for scalars that
/// YAML read as something other than the string expected.
pub(crate) fn found(ty: Ty, value: NodeRef<'_>) -> String {
    let what = match value.kind() {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Int => "an integer",
        Kind::Float => "a number",
        Kind::Str => "a string",
        Kind::Seq => "a list",
        Kind::Map => "a mapping",
    };
    let text = value.text().unwrap_or_default();
    match (ty, value.kind()) {
        (Ty::Str, Kind::Bool | Kind::Int | Kind::Float) if value.style() == Style::Plain => {
            format!("{what} {text} (quote it to make it a string: \"{text}\")")
        }
        (_, Kind::Seq | Kind::Map) => what.to_owned(),
        (_, Kind::Str) => format!("{what} {text:?}"),
        _ => format!("{what} {text}"),
    }
}

/// Levenshtein distance over bytes (field names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use kubeward_yaml::{Limits, parse_stream};

    use super::*;

    /// The issues of the first object of `src`, as (problem, place, line of `at`).
    fn issues(src: &str) -> Vec<(String, String, u32)> {
        let document = parse_stream(src.as_bytes(), &Limits::default()).remove(0);
        let object = Object::from_root("t.yaml".into(), Arc::new(document.unwrap().unwrap()));
        validate(&object.unwrap())
            .iter()
            .map(|issue| {
                let problem = match &issue.problem {
                    Problem::UnknownField { owner, name } => {
                        format!("unknown {name} in {}", owner.short_name())
                    }
                    Problem::WrongType { expected: ty } => format!("wrong type, {}", expected(*ty)),
                };
                (problem, issue.place(), issue.at.position().line)
            })
            .collect()
    }

    #[test]
    fn walk_reports_where_and_in_which_container() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: 1}}\nspec:\n  \
                   initContainers:\n  - name: init\n    imagePullPolicyy: Always\n  \
                   containers:\n  - name: app\n    livenessprobe: {}\n    \
                   ports: [{containerPort: 80}, {containerPort: \"80\"}]\n    \
                   env: [{name: A, value: 1}]\n  nodeSelector: {zone: 3}\n  \
                   priority: 1.0\nstatus: {whatever: 1}\nsops: {}\n";
        let want = [
            ("wrong type, a string", "metadata.labels.a", 3),
            (
                "unknown imagePullPolicyy in Container",
                "container \"init\"",
                7,
            ),
            (
                "unknown livenessprobe in Container",
                "container \"app\"",
                10,
            ),
            (
                "wrong type, an integer",
                "container \"app\" at ports[1].containerPort",
                11,
            ),
            (
                "wrong type, a string",
                "container \"app\" at env[0].value",
                12,
            ),
            ("wrong type, a string", "spec.nodeSelector.zone", 13),
        ];
        let got = issues(pod);
        let got: Vec<_> = got
            .iter()
            .map(|(p, w, l)| (p.as_str(), w.as_str(), *l))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn walk_reports_top_level_fields_and_skips_tooling_keys() {
        let got = issues(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n\
             datas: {}\n$patch: delete\n(x): 1\n",
        );
        assert_eq!(
            got,
            [(
                "unknown datas in ConfigMap".to_owned(),
                "the top level".to_owned(),
                5
            )]
        );
    }

    #[test]
    fn every_field_and_root_is_found() {
        for def in &tables::TYPES {
            for &(name, _) in def.fields {
                assert!(def.field(name).is_some(), "{}.{name}", def.name);
                let longer = format!("{name}x");
                assert!(def.field(&longer).is_none(), "{}.{longer}", def.name);
            }
            assert!(def.field("").is_none());
        }
        for &(api_version, kind, index) in &tables::ROOTS {
            let found = root_type(api_version, kind).map(|d| d as *const TypeDef);
            assert_eq!(
                found,
                Some(type_at(index) as *const TypeDef),
                "{api_version} {kind}"
            );
        }
        assert_eq!(type_at(CONTAINER).name, "core.v1.Container");
        assert_eq!(
            type_at(EPHEMERAL_CONTAINER).name,
            "core.v1.EphemeralContainer"
        );
    }

    /// A key stored as a common text finds the same field by its index as by its bytes.
    #[test]
    fn common_text_keys_find_their_fields() {
        for def in &tables::TYPES {
            for (common, text) in COMMON_TEXTS.iter().enumerate() {
                let by_index = def
                    .by_common_text
                    .get(common)
                    .and_then(|&index| def.fields.get(usize::from(index)));
                assert_eq!(
                    by_index.map(|&(name, _)| name),
                    def.index_of(text).map(|index| def.fields[index].0),
                    "{}.{text}",
                    def.name
                );
            }
        }
    }

    #[test]
    fn tables_are_sorted() {
        // Suggestions take the first of equally close fields, so the order is part of the output.
        for pair in tables::ROOTS.windows(2) {
            assert!((pair[0].0, pair[0].1) < (pair[1].0, pair[1].1), "{pair:?}");
        }
        for def in &tables::TYPES {
            for pair in def.fields.windows(2) {
                assert!(pair[0].0 < pair[1].0, "{}: {pair:?}", def.name);
            }
        }
    }

    #[test]
    fn finds_roots_and_fields() {
        let deployment = root_type("apps/v1", "Deployment").unwrap();
        assert_eq!(deployment.short_name(), "Deployment");
        assert!(matches!(deployment.field("spec"), Some(Ty::Obj(_))));
        assert!(deployment.field("Spec").is_none());
        assert!(root_type("extensions/v1beta1", "Deployment").is_none());
        assert!(root_type("example.com/v1", "Widget").is_none());
        for (version, kind) in [
            ("v1", "Pod"),
            ("batch/v1", "CronJob"),
            ("v1", "PodTemplate"),
            ("policy/v1", "PodDisruptionBudget"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("scheduling.k8s.io/v1", "PriorityClass"),
            ("networking.k8s.io/v1", "NetworkPolicy"),
            ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
        ] {
            assert!(root_type(version, kind).is_some(), "{version} {kind}");
        }
    }

    #[test]
    fn suggests_close_fields() {
        let pod = root_type("v1", "Pod").unwrap();
        let Some(Ty::Obj(spec)) = pod.field("spec") else {
            panic!()
        };
        let Some(Ty::Arr(Ty::Obj(container))) = type_at(spec).field("containers") else {
            panic!()
        };
        let container = type_at(*container);
        assert_eq!(container.short_name(), "Container");
        assert_eq!(container.suggest("livenessprobe"), Some("livenessProbe"));
        assert_eq!(
            container.suggest("imagePullPolicyy"),
            Some("imagePullPolicy")
        );
        assert_eq!(container.suggest("securityContex"), Some("securityContext"));
        assert_eq!(container.suggest("completelyDifferent"), None);
        assert_eq!(type_at(spec).child_with("image"), Some("containers"));
        assert_eq!(type_at(spec).child_with("nothingLikeThis"), None);
    }

    /// Precision and speed on the shared corpus of real manifests, when it is present:
    /// `cargo test -p kubeward-checks --lib corpus -- --ignored --nocapture`.
    #[test]
    #[ignore = "reads /work/shared/corpus/real"]
    fn corpus() {
        let root = "/work/shared/corpus/real";
        if !std::path::Path::new(root).is_dir() {
            return;
        }
        let sources = kubeward_loader::expand(&[root.to_owned()]);
        let loaded = kubeward_loader::load(&sources, &Default::default());
        let objects = &loaded.objects;
        let known = objects
            .iter()
            .filter(|o| root_type(&o.id.api_version, o.kind()).is_some())
            .count();
        let start = std::time::Instant::now();
        let rounds = 5;
        let mut issues = Vec::new();
        for round in 0..rounds {
            for object in objects {
                for issue in validate(object) {
                    if round == 0 {
                        issues.push(format!(
                            "{}:{}: {:?} at {}",
                            object.file,
                            issue.at.position().line,
                            issue.problem,
                            issue.place()
                        ));
                    }
                }
            }
        }
        let elapsed = start.elapsed() / rounds;
        for issue in &issues {
            println!("{issue}");
        }
        println!(
            "{} objects ({known} of built-in kinds), {} issues; the walk in {elapsed:?} per pass, \
             {:.0} objects/s on one core",
            objects.len(),
            issues.len(),
            objects.len() as f64 / elapsed.as_secs_f64()
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn paths_render() {
        let path = [
            Step::Field("spec"),
            Step::Field("containers"),
            Step::Index(1),
            Step::Field("image"),
        ];
        assert_eq!(render_path(&path), "spec.containers[1].image");
    }
}
