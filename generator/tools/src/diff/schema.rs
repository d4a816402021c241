//! Two schemas compared by what they accept, not by how they are written: references are
//! followed (an inline schema moved into components, or a component renamed, is no change),
//! 3.0 `nullable: true`, 3.1 `type: [.., "null"]` and `anyOf: [.., {type: "null"}]` all read
//! as "nullable", a one-value `enum` reads as `const`, `allOf` members are merged, and an
//! `anyOf`/`oneOf` of `required` lists is read as the sets of properties a value must have.
//! Unions are compared member by member in [`super::unions`].
//!
//! Each pair of schemas is compared once per direction, which is also what makes recursive
//! schemas terminate. Changes inside a component that both documents reference are reported
//! once, under that schema; [`Walker::edges`] records which groups reach which, so the
//! report can say which operations a schema change affects.

use super::classify::{Change, ChangeKind, Direction};
use indexmap::IndexMap;
use oagen::openapi::{component_name, Constraints, Discriminator, Document, Schema};
use oagen::schema::{Peeled, Semantics, MAX_FOLLOW};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// At most this many required-sets are kept for a schema (each `anyOf` of `required` lists
/// multiplies them); beyond it the requirements of further unions are left out.
const MAX_ALTERNATIVES: usize = 64;

/// Deeper than this, a comparison stops (only reached by pathological documents: every
/// cycle goes through a reference, which is compared once).
const MAX_DEPTH: usize = 96;

/// Where a comparison is, for the changes it finds.
#[derive(Debug, Clone)]
pub(super) struct At {
    pub group: String,
    /// What holds the schema: `request body application/json`; empty inside a component.
    pub holder: String,
    /// JSON path within it: `.messages[].role`.
    pub path: String,
    pub direction: Direction,
    /// The schema is the event of a `text/event-stream` response: its variants are events.
    pub sse: bool,
    depth: usize,
}

impl At {
    pub fn new(group: &str, holder: String, direction: Direction, sse: bool) -> At {
        At { group: group.to_owned(), holder, path: String::new(), direction, sse, depth: 0 }
    }

    pub(super) fn child(&self, step: &str) -> At {
        At { path: format!("{}{step}", self.path), sse: false, depth: self.depth + 1, ..self.clone() }
    }

    pub(super) fn location(&self) -> String {
        match (self.holder.is_empty(), self.path.is_empty()) {
            (true, true) => "(the schema itself)".to_owned(),
            (true, false) => self.path.clone(),
            (false, true) => self.holder.clone(),
            (false, false) => format!("{} {}", self.holder, self.path),
        }
    }
}

/// The state of one comparison of two documents.
pub(super) struct Walker<'a> {
    pub old: &'a Document,
    pub new: &'a Document,
    pub(super) old_sem: Semantics<'a>,
    pub(super) new_sem: Semantics<'a>,
    pub changes: Vec<Change>,
    /// Which schema groups each group (an operation or a schema) reaches directly.
    pub edges: BTreeMap<String, BTreeSet<String>>,
    seen: HashSet<(&'a str, &'a str, Direction)>,
    /// Pairs of references followed, apart from `seen`: a component's pointer is both the
    /// target of its references and the pointer of the schema itself.
    seen_refs: HashSet<(&'a str, &'a str, Direction)>,
    /// Inside a trial comparison (see [`Walker::trial`]): nothing it finds is kept.
    trials: usize,
}

/// A schema's `allOf` members merged into one view (see [`Semantics::merge`]), in the form
/// the comparison reads.
#[derive(Default)]
pub(super) struct Flat<'a> {
    pub types: BTreeSet<&'a str>,
    pub format: Option<&'a str>,
    pub enum_values: Option<Vec<&'a Value>>,
    pub const_value: Option<&'a Value>,
    pub default: Option<&'a Value>,
    pub constraints: Constraints,
    pub properties: IndexMap<&'a str, &'a Schema>,
    /// The properties every valid value has: those `required` names, and those each of the
    /// [`Flat::alternatives`] names.
    pub required: BTreeSet<&'a str>,
    /// When an `anyOf`/`oneOf` lists only `required` lists, the sets of properties of which a
    /// value must have one (each with [`Flat::required`]'s own names), smallest first;
    /// empty otherwise.
    pub alternatives: Vec<BTreeSet<&'a str>>,
    pub items: Option<&'a Schema>,
    pub additional: Option<&'a Schema>,
    pub variants: Vec<&'a Schema>,
    pub discriminator: Option<&'a Discriminator>,
    pub content_media_type: Option<&'a str>,
    pub content_schema: Option<&'a Schema>,
    /// Keywords read verbatim ([`oagen::openapi::schema::UNMODELED_KEYWORDS`]), the later
    /// `allOf` part winning.
    pub unmodeled: BTreeMap<&'a str, &'a Value>,
}

impl Flat<'_> {
    /// Whether the schema says only what type a value has (any string, any number...).
    pub fn is_plain(&self) -> bool {
        !self.types.is_empty()
            && self.format.is_none()
            && self.enum_values.is_none()
            && self.const_value.is_none()
            && self.constraints.is_empty()
            && self.properties.is_empty()
            && self.required.is_empty()
            && self.items.is_none()
            && self.additional.is_none()
            && self.variants.is_empty()
            && self.unmodeled.is_empty()
    }
}

// Nullability is read only through these three: the document's own rules (`Semantics`),
// never the generator's representation of a nullable field.

/// Whether `s` allows null where it is written, and what it is with null taken off.
fn peel_null<'a>(sem: Semantics<'a>, s: &'a Schema) -> (bool, Peeled<'a>) {
    sem.peel(s)
}

/// Whether null is a valid value of `s`, through what it refers to.
fn allows_null<'a>(sem: Semantics<'a>, s: &'a Schema) -> bool {
    sem.is_nullable(s)
}

/// Whether a union member is only null (it makes the union nullable; it is no variant).
fn null_member(s: &Schema) -> bool {
    s.is_null_only()
}

/// Whether a union member says only which properties are required (`{required: [a]}`).
fn requires_only(s: &Schema) -> bool {
    !s.required.is_empty()
        && s.reference.is_none()
        && s.types.iter().all(|t| t == "object")
        && s.properties.is_empty()
        && s.all_of.is_empty()
        && s.any_of.is_empty()
        && s.one_of.is_empty()
        && s.items.is_none()
        && s.additional_properties.is_none()
        && s.enum_values.is_none()
        && s.const_value.is_none()
        && s.unmodeled.is_empty()
}

/// `s` (through plain references) with its `allOf` parts merged. A cycle of parts cannot
/// reach here: both documents were lowered, which refuses one.
pub(super) fn flatten<'a>(sem: Semantics<'a>, s: &'a Schema) -> Flat<'a> {
    let t = sem.resolve(s);
    let m = sem.merge(t).unwrap_or_default();
    let mut variants = Vec::new();
    let own: BTreeSet<&str> = m.required.iter().copied().collect();
    let mut alternatives: Vec<BTreeSet<&str>> = vec![own.clone()];
    for u in &m.unions {
        let members: Vec<&Schema> = u.any_of.iter().chain(&u.one_of).filter(|v| !null_member(v)).collect();
        if members.iter().all(|v| requires_only(v)) {
            let next: Vec<BTreeSet<&str>> = alternatives
                .iter()
                .flat_map(|base| {
                    members
                        .iter()
                        .map(move |v| base.iter().copied().chain(v.required.iter().map(String::as_str)).collect())
                })
                .collect();
            if next.len() <= MAX_ALTERNATIVES {
                alternatives = next;
            }
            continue;
        }
        for v in members {
            push_variant(v, &mut variants, 0);
        }
    }
    let alternatives = minimal(alternatives);
    let required = alternatives.iter().skip(1).fold(alternatives[0].clone(), |all, set| &all & set);
    let mut unmodeled = BTreeMap::new();
    collect_unmodeled(sem, t, &mut unmodeled, 0);
    Flat {
        types: m.types.iter().copied().collect(),
        format: m.format,
        enum_values: m.enum_values,
        const_value: m.const_value,
        default: m.default,
        constraints: m.constraints,
        properties: m.properties,
        required,
        alternatives: if alternatives.len() > 1 { alternatives } else { Vec::new() },
        items: m.items,
        additional: m.additional.filter(|a| !a.never),
        variants,
        discriminator: m.discriminator,
        content_media_type: t.content_media_type.as_deref(),
        content_schema: t.content_schema.as_deref(),
        unmodeled,
    }
}

/// The sets no other set is contained in, smallest first; never empty.
fn minimal(mut sets: Vec<BTreeSet<&str>>) -> Vec<BTreeSet<&str>> {
    sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    sets.dedup();
    let mut out: Vec<BTreeSet<&str>> = Vec::new();
    for set in sets {
        if !out.iter().any(|smaller| smaller.is_subset(&set)) {
            out.push(set);
        }
    }
    if out.is_empty() {
        out.push(BTreeSet::new());
    }
    out
}

/// The unmodelled keywords of `t` and of the `allOf` parts it inherits, the later winning.
fn collect_unmodeled<'a>(sem: Semantics<'a>, t: &'a Schema, out: &mut BTreeMap<&'a str, &'a Value>, depth: usize) {
    if depth > MAX_FOLLOW {
        return;
    }
    for part in &t.all_of {
        collect_unmodeled(sem, sem.resolve(part), out, depth + 1);
    }
    for (k, v) in &t.unmodeled {
        out.insert(k.as_str(), v);
    }
}

/// Add a union member, splicing in the members of a nested plain union.
fn push_variant<'a>(v: &'a Schema, out: &mut Vec<&'a Schema>, depth: usize) {
    if null_member(v) {
        return;
    }
    let nested = !v.any_of.is_empty() || !v.one_of.is_empty();
    if nested
        && depth < MAX_FOLLOW
        && v.reference.is_none()
        && v.properties.is_empty()
        && v.discriminator.is_none()
        && v.all_of.is_empty()
    {
        for m in v.any_of.iter().chain(&v.one_of) {
            push_variant(m, out, depth + 1);
        }
    } else {
        out.push(v);
    }
}

/// The types a schema allows, written or implied by its keywords.
pub(super) fn effective_types<'a>(f: &Flat<'a>) -> BTreeSet<&'a str> {
    if !f.types.is_empty() {
        return f.types.clone();
    }
    let mut t = BTreeSet::new();
    if !f.properties.is_empty() || f.additional.is_some() {
        t.insert("object");
    }
    if f.items.is_some() {
        t.insert("array");
    }
    let values = f.const_value.into_iter().chain(f.enum_values.iter().flatten().copied());
    for v in values {
        t.insert(match v {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_f64() => "number",
            Value::Number(_) => "integer",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Null => continue,
        });
    }
    t
}

/// A value as the report writes it.
pub(super) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

pub(super) fn list(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

impl<'a> Walker<'a> {
    pub fn new(old: &'a Document, new: &'a Document) -> Walker<'a> {
        Walker {
            old,
            new,
            old_sem: Semantics::new(old),
            new_sem: Semantics::new(new),
            changes: Vec::new(),
            edges: BTreeMap::new(),
            seen: HashSet::new(),
            seen_refs: HashSet::new(),
            trials: 0,
        }
    }

    /// Start comparing another operation. Schemas written in one place can appear in
    /// several operations (path-level parameters, inline schemas reached through a
    /// component on one side only), so pairs of nodes are compared once per operation;
    /// pairs of references stay compared once, under their schema group.
    pub fn start_operation(&mut self) {
        self.seen.clear();
    }

    pub(super) fn report(&mut self, kind: ChangeKind, at: &At, detail: String) {
        self.changes.push(Change::new(kind, Some(at.direction), &at.group, &at.location(), detail));
    }

    /// Compare two schemas found at the same place of both documents.
    pub fn compare(&mut self, o: &'a Schema, n: &'a Schema, at: &At) {
        self.compare_checking(o, n, at, true);
    }

    fn nullability(&mut self, o: bool, n: bool, at: &At) {
        match (o, n) {
            (false, true) => self.report(ChangeKind::BecameNullable, at, "now accepts null".to_owned()),
            (true, false) => self.report(ChangeKind::BecameNonNullable, at, "no longer accepts null".to_owned()),
            _ => {}
        }
    }

    /// As [`Walker::compare`]; `check_null` is false when the caller has compared
    /// nullability already.
    pub(super) fn compare_checking(&mut self, o: &'a Schema, n: &'a Schema, at: &At, check_null: bool) {
        if at.depth > MAX_DEPTH {
            return;
        }
        let (o_null, o_peeled) = peel_null(self.old_sem, o);
        let (n_null, n_peeled) = peel_null(self.new_sem, n);
        let inner_at = At { depth: at.depth + 1, ..at.clone() };
        match (o_peeled, n_peeled) {
            (Peeled::Ref(a, ta), Peeled::Ref(b, tb)) => {
                if check_null {
                    self.nullability(o_null, n_null, at);
                }
                let group = ref_group(a, b);
                if self.trials == 0 {
                    self.edges.entry(at.group.clone()).or_default().insert(group.clone());
                }
                if !self.seen_refs.insert((a, b, at.direction)) {
                    return;
                }
                let inner = At { group, holder: String::new(), path: String::new(), ..inner_at };
                self.compare_checking(ta, tb, &inner, true);
            }
            (Peeled::Ref(_, x), Peeled::Node(y)) => {
                if check_null {
                    self.nullability(o_null || allows_null(self.old_sem, x), n_null, at);
                }
                self.compare_checking(x, y, &inner_at, false);
            }
            (Peeled::Node(x), Peeled::Ref(_, y)) => {
                if check_null {
                    self.nullability(o_null, n_null || allows_null(self.new_sem, y), at);
                }
                self.compare_checking(x, y, &inner_at, false);
            }
            (Peeled::Node(x), Peeled::Node(y)) => {
                if check_null {
                    self.nullability(o_null, n_null, at);
                }
                if self.seen.insert((x.ptr.as_str(), y.ptr.as_str(), at.direction)) {
                    self.compare_nodes(x, y, at);
                }
            }
        }
    }
}

impl<'a> Walker<'a> {
    fn compare_nodes(&mut self, x: &'a Schema, y: &'a Schema, at: &At) {
        let (fo, fn_) = (flatten(self.old_sem, x), flatten(self.new_sem, y));

        if !fo.variants.is_empty() || !fn_.variants.is_empty() {
            self.compare_discriminators(fo.discriminator, fn_.discriminator, at);
            self.compare_union((x, &fo), (y, &fn_), at);
            if fo.variants.is_empty() || fn_.variants.is_empty() {
                return;
            }
        }

        if self.compare_types(&fo, &fn_, x, y, at) {
            return;
        }

        if fo.format != fn_.format {
            let f = |v: Option<&str>| v.map_or("(none)".to_owned(), |f| format!("`{f}`"));
            self.report(ChangeKind::FormatChanged, at, format!("format {} → {}", f(fo.format), f(fn_.format)));
        }
        if fo.content_media_type != fn_.content_media_type {
            let f = |v: Option<&str>| v.map_or("(none)".to_owned(), |f| format!("`{f}`"));
            let detail = format!("contentMediaType {} → {}", f(fo.content_media_type), f(fn_.content_media_type));
            self.report(ChangeKind::FormatChanged, at, detail);
        }

        self.compare_values(&fo, &fn_, at);

        if fo.default != fn_.default {
            let d = |v: Option<&Value>| v.map_or("(none)".to_owned(), show);
            self.report(ChangeKind::DefaultChanged, at, format!("default {} → {}", d(fo.default), d(fn_.default)));
        }
        self.compare_constraints(&fo.constraints, &fn_.constraints, at);
        self.compare_unmodeled(&fo, &fn_, at);

        self.compare_properties(&fo, &fn_, at);
        self.compare_alternatives(&fo, &fn_, at);
        if let (Some(a), Some(b)) = (fo.items, fn_.items) {
            self.compare(a, b, &at.child("[]"));
        }
        if let (Some(a), Some(b)) = (fo.additional, fn_.additional) {
            self.compare(a, b, &at.child(".*"));
        }
        match (fo.content_schema, fn_.content_schema) {
            (Some(a), Some(b)) => self.compare(a, b, &at.child("(content)")),
            (None, Some(_)) => self.report(ChangeKind::TypeNarrowed, at, "contentSchema added".to_owned()),
            (Some(_), None) => self.report(ChangeKind::TypeWidened, at, "contentSchema removed".to_owned()),
            (None, None) => {}
        }
    }

    /// The types each side allows; true when they differ so much that nothing inside is worth
    /// comparing.
    fn compare_types(&mut self, fo: &Flat<'a>, fn_: &Flat<'a>, x: &Schema, y: &Schema, at: &At) -> bool {
        let (to, tn) = (effective_types(fo), effective_types(fn_));
        if to != tn && !to.is_empty() && !tn.is_empty() {
            let added: BTreeSet<&str> = tn.difference(&to).copied().collect();
            let removed: BTreeSet<&str> = to.difference(&tn).copied().collect();
            let number_widened = removed.iter().all(|t| *t == "integer") && added.contains("number");
            let number_narrowed = added.iter().all(|t| *t == "integer") && removed.contains("number");
            let detail = format!("type {} → {}", list(&to), list(&tn));
            if removed.is_empty() || (number_widened && added.len() == 1) {
                self.report(ChangeKind::TypeWidened, at, detail);
            } else if added.is_empty() || (number_narrowed && removed.len() == 1) {
                self.report(ChangeKind::TypeNarrowed, at, detail);
            } else {
                self.report(ChangeKind::TypeChanged, at, detail);
                return true;
            }
        } else if to.is_empty() && !tn.is_empty() && x.is_unconstrained() {
            self.report(ChangeKind::TypeNarrowed, at, format!("any value → {}", list(&tn)));
        } else if !to.is_empty() && tn.is_empty() && y.is_unconstrained() {
            self.report(ChangeKind::TypeWidened, at, format!("{} → any value", list(&to)));
        }

        false
    }

    /// Enum values and constants.
    fn compare_values(&mut self, fo: &Flat<'a>, fn_: &Flat<'a>, at: &At) {
        match (&fo.enum_values, &fn_.enum_values) {
            (Some(a), Some(b)) => {
                for v in b.iter().filter(|v| !a.contains(v)) {
                    self.report(ChangeKind::EnumValueAdded, at, format!("enum value {} added", show(v)));
                }
                for v in a.iter().filter(|v| !b.contains(v)) {
                    self.report(ChangeKind::EnumValueRemoved, at, format!("enum value {} removed", show(v)));
                }
            }
            (None, Some(b)) if fo.const_value.is_none() => {
                let values: Vec<String> = b.iter().map(|v| show(v)).collect();
                self.report(ChangeKind::ConstraintTightened, at, format!("now limited to {}", values.join(", ")));
            }
            (Some(a), None) if fn_.const_value.is_none() => {
                let values: Vec<String> = a.iter().map(|v| show(v)).collect();
                self.report(ChangeKind::ConstraintLoosened, at, format!("no longer limited to {}", values.join(", ")));
            }
            _ => {}
        }
        match (fo.const_value, fn_.const_value) {
            (Some(a), Some(b)) if a != b => {
                self.report(ChangeKind::ConstChanged, at, format!("const {} → {}", show(a), show(b)))
            }
            (Some(a), None) => match &fn_.enum_values {
                Some(values) if values.contains(&a) => {
                    for v in values.iter().filter(|v| **v != a) {
                        self.report(ChangeKind::EnumValueAdded, at, format!("enum value {} added", show(v)));
                    }
                }
                _ => self.report(ChangeKind::ConstraintLoosened, at, format!("no longer fixed to {}", show(a))),
            },
            (None, Some(b)) => match &fo.enum_values {
                Some(values) if values.contains(&b) => {
                    for v in values.iter().filter(|v| **v != b) {
                        self.report(ChangeKind::EnumValueRemoved, at, format!("enum value {} removed", show(v)));
                    }
                }
                _ => self.report(ChangeKind::ConstraintTightened, at, format!("now fixed to {}", show(b))),
            },
            _ => {}
        }
    }

    /// Properties added, removed, made required or optional, deprecated, and each one kept.
    /// A property that does not travel this way (`readOnly` in a request, `writeOnly` in a
    /// response) is absent from it: one that starts or stops travelling is added or removed.
    fn compare_properties(&mut self, fo: &Flat<'a>, fn_: &Flat<'a>, at: &At) {
        let travels = |p: &Schema| match at.direction {
            Direction::Request => !p.read_only,
            Direction::Response => !p.write_only,
        };
        // What a value must have besides the properties every value has.
        let one_of = |f: &Flat<'_>| {
            let sets: Vec<String> = f
                .alternatives
                .iter()
                .map(|set| format!("`{}`", list(&set.difference(&f.required).copied().collect())))
                .collect();
            if sets.is_empty() {
                String::new()
            } else {
                format!(" (a value has one of {})", sets.join(" or "))
            }
        };
        for (name, p) in &fn_.properties {
            if fo.properties.get(name).is_some_and(|q| travels(q)) || !travels(p) {
                continue;
            }
            let (kind, which) = if fn_.required.contains(name) {
                (ChangeKind::PropertyAddedRequired, "required")
            } else {
                (ChangeKind::PropertyAddedOptional, "optional")
            };
            self.report(kind, at, format!("property `{name}` added ({which})"));
        }
        for (name, p) in &fo.properties {
            if !travels(p) {
                continue;
            }
            let Some(q) = fn_.properties.get(name).filter(|q| travels(q)) else {
                self.report(ChangeKind::PropertyRemoved, at, format!("property `{name}` removed"));
                continue;
            };
            match (fo.required.contains(name), fn_.required.contains(name)) {
                (false, true) => self.report(
                    ChangeKind::PropertyBecameRequired,
                    at,
                    format!("property `{name}` is now required{}", one_of(fo)),
                ),
                (true, false) => self.report(
                    ChangeKind::PropertyBecameOptional,
                    at,
                    format!("property `{name}` is now optional{}", one_of(fn_)),
                ),
                _ => {}
            }
            if q.deprecated && !p.deprecated {
                self.report(ChangeKind::Deprecated, at, format!("property `{name}` deprecated"));
            }
            self.compare(p, q, &at.child(&format!(".{name}")));
        }
    }

    /// Required-sets (`anyOf: [{required: [a]}, {required: [b]}]`) whose change the
    /// properties' own "now required" / "now optional" do not tell: a value valid before that
    /// no longer is, or the other way, while the properties every value has stay the same.
    fn compare_alternatives(&mut self, fo: &Flat<'a>, fn_: &Flat<'a>, at: &At) {
        if fo.alternatives.is_empty() && fn_.alternatives.is_empty() {
            return;
        }
        let sets =
            |f: &Flat<'a>| if f.alternatives.is_empty() { vec![f.required.clone()] } else { f.alternatives.clone() };
        let (a, b) = (sets(fo), sets(fn_));
        // Every value valid under `x` is valid under `y` when each set of `x` contains one of `y`.
        let within = |x: &[BTreeSet<&str>], y: &[BTreeSet<&str>]| x.iter().all(|s| y.iter().any(|t| t.is_subset(s)));
        let verdict = (within(&a, &b), within(&b, &a));
        let by_properties = (fn_.required.is_subset(&fo.required), fo.required.is_subset(&fn_.required));
        if verdict == by_properties || verdict == (true, true) {
            return;
        }
        let show = |sets: &[BTreeSet<&str>]| {
            sets.iter().map(|set| format!("`{}`", list(set))).collect::<Vec<_>>().join(" or ")
        };
        let kind = match verdict {
            (true, false) => ChangeKind::ConstraintLoosened,
            (false, true) => ChangeKind::ConstraintTightened,
            _ => ChangeKind::ConstraintChanged,
        };
        self.report(kind, at, format!("required properties: one of {} → one of {}", show(&a), show(&b)));
    }

    /// Keywords kept verbatim: each added restricts values, each removed relaxes them, each
    /// rewritten may do either (`contentEncoding` changes how values are written).
    fn compare_unmodeled(&mut self, fo: &Flat<'a>, fn_: &Flat<'a>, at: &At) {
        if fo.unmodeled.is_empty() && fn_.unmodeled.is_empty() {
            return;
        }
        let text = |v: &Value| {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        };
        if let (Some(Value::Array(a)), Some(Value::Array(b))) =
            (fo.unmodeled.get("x-extensible-enum"), fn_.unmodeled.get("x-extensible-enum"))
        {
            for v in b.iter().filter(|v| !a.contains(v)) {
                self.report(ChangeKind::EnumValueAdded, at, format!("x-extensible-enum value {} added", show(v)));
            }
            for v in a.iter().filter(|v| !b.contains(v)) {
                self.report(ChangeKind::EnumValueRemoved, at, format!("x-extensible-enum value {} removed", show(v)));
            }
        }
        for (key, b) in &fn_.unmodeled {
            let kind = match fo.unmodeled.get(key) {
                Some(a) if a.is_array() && *key == "x-extensible-enum" => continue,
                Some(a) if a == b => continue,
                Some(_) if *key == "contentEncoding" => ChangeKind::FormatChanged,
                Some(a) => match bound_direction(key) {
                    Some(lower) => match (a.as_f64(), b.as_f64()) {
                        (Some(x), Some(y)) if (y > x) == lower => ChangeKind::ConstraintTightened,
                        (Some(_), Some(_)) => ChangeKind::ConstraintLoosened,
                        _ => ChangeKind::ConstraintChanged,
                    },
                    None => ChangeKind::ConstraintChanged,
                },
                None if *key == "contentEncoding" => ChangeKind::FormatChanged,
                None => ChangeKind::ConstraintTightened,
            };
            let before = fo.unmodeled.get(key).map_or("(none)".to_owned(), |a| text(a));
            self.report(kind, at, format!("{key} {before} → {}", text(b)));
        }
        for (key, a) in &fo.unmodeled {
            if !fn_.unmodeled.contains_key(key) {
                let kind =
                    if *key == "contentEncoding" { ChangeKind::FormatChanged } else { ChangeKind::ConstraintLoosened };
                self.report(kind, at, format!("{key} {} → (none)", text(a)));
            }
        }
    }

    fn compare_discriminators(&mut self, a: Option<&Discriminator>, b: Option<&Discriminator>, at: &At) {
        let (kind, detail) = match (a, b) {
            (Some(a), Some(b)) if a.property_name != b.property_name => (
                ChangeKind::DiscriminatorChanged,
                format!("discriminator `{}` → `{}`", a.property_name, b.property_name),
            ),
            (Some(a), None) => {
                (ChangeKind::DiscriminatorRemoved, format!("discriminator `{}` removed", a.property_name))
            }
            (None, Some(b)) => (ChangeKind::DiscriminatorAdded, format!("discriminator `{}` added", b.property_name)),
            _ => return,
        };
        self.report(kind, at, detail);
    }

    /// Run `f` as a trial: what it reports is handed back and taken out of the report, and
    /// the pairs it compares stay to be compared for real.
    pub(super) fn trial(&mut self, f: impl FnOnce(&mut Self)) -> Vec<Change> {
        let saved_seen = std::mem::take(&mut self.seen);
        let saved_refs = std::mem::take(&mut self.seen_refs);
        let before = self.changes.len();
        self.trials += 1;
        f(self);
        self.trials -= 1;
        let found = self.changes.split_off(before);
        self.seen = saved_seen;
        self.seen_refs = saved_refs;
        found
    }

    /// Whether two schemas accept the same values (a trial comparison that finds nothing).
    pub fn equivalent(&mut self, o: &'a Schema, n: &'a Schema, direction: Direction) -> bool {
        self.trial(|w| w.compare(o, n, &At::new("", String::new(), direction, false))).is_empty()
    }

    fn compare_constraints(&mut self, a: &Constraints, b: &Constraints, at: &At) {
        // Lower bounds: a higher value is stricter; upper bounds: a lower one.
        let lower: [(&str, Option<f64>, Option<f64>); 5] = [
            ("minimum", a.minimum, b.minimum),
            ("exclusiveMinimum", a.exclusive_minimum, b.exclusive_minimum),
            ("minLength", a.min_length.map(|v| v as f64), b.min_length.map(|v| v as f64)),
            ("minItems", a.min_items.map(|v| v as f64), b.min_items.map(|v| v as f64)),
            ("minProperties", a.min_properties.map(|v| v as f64), b.min_properties.map(|v| v as f64)),
        ];
        let upper: [(&str, Option<f64>, Option<f64>); 5] = [
            ("maximum", a.maximum, b.maximum),
            ("exclusiveMaximum", a.exclusive_maximum, b.exclusive_maximum),
            ("maxLength", a.max_length.map(|v| v as f64), b.max_length.map(|v| v as f64)),
            ("maxItems", a.max_items.map(|v| v as f64), b.max_items.map(|v| v as f64)),
            ("maxProperties", a.max_properties.map(|v| v as f64), b.max_properties.map(|v| v as f64)),
        ];
        let show = |v: Option<f64>| v.map_or("(none)".to_owned(), |v| v.to_string());
        for (is_lower, list) in [(true, lower), (false, upper)] {
            for (name, old, new) in list {
                let stricter = match (old, new) {
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (Some(o), Some(n)) if o != n => (n > o) == is_lower,
                    _ => continue,
                };
                let kind = if stricter { ChangeKind::ConstraintTightened } else { ChangeKind::ConstraintLoosened };
                self.report(kind, at, format!("{name} {} → {}", show(old), show(new)));
            }
        }
        match (a.unique_items.unwrap_or(false), b.unique_items.unwrap_or(false)) {
            (false, true) => self.report(ChangeKind::ConstraintTightened, at, "uniqueItems false → true".to_owned()),
            (true, false) => self.report(ChangeKind::ConstraintLoosened, at, "uniqueItems true → false".to_owned()),
            _ => {}
        }
        let text = |v: &Option<String>| v.as_ref().map_or("(none)".to_owned(), |p| format!("`{p}`"));
        match (&a.pattern, &b.pattern) {
            (None, Some(_)) => {
                self.report(ChangeKind::ConstraintTightened, at, format!("pattern (none) → {}", text(&b.pattern)))
            }
            (Some(_), None) => {
                self.report(ChangeKind::ConstraintLoosened, at, format!("pattern {} → (none)", text(&a.pattern)))
            }
            (Some(x), Some(y)) if x != y => self.report(
                ChangeKind::ConstraintChanged,
                at,
                format!("pattern {} → {}", text(&a.pattern), text(&b.pattern)),
            ),
            _ => {}
        }
        match (a.multiple_of, b.multiple_of) {
            (None, Some(_)) => {
                self.report(ChangeKind::ConstraintTightened, at, format!("multipleOf (none) → {}", show(b.multiple_of)))
            }
            (Some(_), None) => {
                self.report(ChangeKind::ConstraintLoosened, at, format!("multipleOf {} → (none)", show(a.multiple_of)))
            }
            (Some(x), Some(y)) if x != y => self.report(
                ChangeKind::ConstraintChanged,
                at,
                format!("multipleOf {} → {}", show(a.multiple_of), show(b.multiple_of)),
            ),
            _ => {}
        }
    }
}

/// For a numeric keyword kept verbatim: `Some(true)` for a lower bound, `Some(false)` for an
/// upper bound, `None` for any other keyword.
fn bound_direction(key: &str) -> Option<bool> {
    match key {
        "minContains" => Some(true),
        "maxContains" => Some(false),
        _ => None,
    }
}

/// The group of a component's changes: `schema Pet`, or `schema Animal (was Pet)` when the
/// two documents name it differently.
pub(super) fn ref_group(old: &str, new: &str) -> String {
    let name = |p: &str| component_name(p).unwrap_or_else(|| p.to_owned());
    let (old_name, new_name) = (name(old), name(new));
    if old_name == new_name {
        format!("schema {new_name}")
    } else {
        format!("schema {new_name} (was {old_name})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(list: &[&[&'static str]]) -> Vec<BTreeSet<&'static str>> {
        list.iter().map(|s| s.iter().copied().collect()).collect()
    }

    #[test]
    fn required_sets_keep_only_the_smallest() {
        // `{a}` or `{a, b}` is `{a}`: a value with a and b has a.
        assert_eq!(minimal(sets(&[&["a", "b"], &["a"], &["c"], &["a"]])), sets(&[&["a"], &["c"]]));
        assert_eq!(minimal(Vec::new()), sets(&[&[]]));
    }
}
