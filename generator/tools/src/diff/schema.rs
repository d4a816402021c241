//! Two schemas compared by what they accept, not by how they are written: references are
//! followed (an inline schema moved into components, or a component renamed, is no change),
//! 3.0 `nullable: true`, 3.1 `type: [.., "null"]` and `anyOf: [.., {type: "null"}]` all read
//! as "nullable", a one-value `enum` reads as `const`, and `allOf` members are merged.
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

    fn child(&self, step: &str) -> At {
        At { path: format!("{}{step}", self.path), sse: false, depth: self.depth + 1, ..self.clone() }
    }

    fn location(&self) -> String {
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
    old_sem: Semantics<'a>,
    new_sem: Semantics<'a>,
    pub changes: Vec<Change>,
    /// Which schema groups each group (an operation or a schema) reaches directly.
    pub edges: BTreeMap<String, BTreeSet<String>>,
    seen: HashSet<(&'a str, &'a str, Direction)>,
    /// Pairs of references followed, apart from `seen`: a component's pointer is both the
    /// target of its references and the pointer of the schema itself.
    seen_refs: HashSet<(&'a str, &'a str, Direction)>,
}

/// A schema's `allOf` members merged into one view (see [`Semantics::merge`]), in the form
/// the comparison reads.
#[derive(Default)]
struct Flat<'a> {
    types: BTreeSet<&'a str>,
    format: Option<&'a str>,
    enum_values: Option<Vec<&'a Value>>,
    const_value: Option<&'a Value>,
    default: Option<&'a Value>,
    constraints: Constraints,
    properties: IndexMap<&'a str, &'a Schema>,
    required: BTreeSet<&'a str>,
    items: Option<&'a Schema>,
    additional: Option<&'a Schema>,
    variants: Vec<&'a Schema>,
    discriminator: Option<&'a Discriminator>,
}

/// `s` (through plain references) with its `allOf` parts merged. A cycle of parts cannot
/// reach here: both documents were lowered, which refuses one.
fn flatten<'a>(sem: Semantics<'a>, s: &'a Schema) -> Flat<'a> {
    let m = sem.merge(sem.resolve(s)).unwrap_or_default();
    let mut variants = Vec::new();
    for u in &m.unions {
        for v in u.any_of.iter().chain(&u.one_of) {
            push_variant(v, &mut variants, 0);
        }
    }
    Flat {
        types: m.types.iter().copied().collect(),
        format: m.format,
        enum_values: m.enum_values,
        const_value: m.const_value,
        default: m.default,
        constraints: m.constraints,
        properties: m.properties,
        required: m.required.into_iter().collect(),
        items: m.items,
        additional: m.additional.filter(|a| !a.never),
        variants,
        discriminator: m.discriminator,
    }
}

/// Add a union member, splicing in the members of a nested plain union.
fn push_variant<'a>(v: &'a Schema, out: &mut Vec<&'a Schema>, depth: usize) {
    if v.is_null_only() {
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
fn effective_types<'a>(f: &Flat<'a>) -> BTreeSet<&'a str> {
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

fn list(set: &BTreeSet<&str>) -> String {
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
    fn compare_checking(&mut self, o: &'a Schema, n: &'a Schema, at: &At, check_null: bool) {
        if at.depth > MAX_DEPTH {
            return;
        }
        let (o_null, o_peeled) = self.old_sem.peel(o);
        let (n_null, n_peeled) = self.new_sem.peel(n);
        let inner_at = At { depth: at.depth + 1, ..at.clone() };
        match (o_peeled, n_peeled) {
            (Peeled::Ref(a, ta), Peeled::Ref(b, tb)) => {
                if check_null {
                    self.nullability(o_null, n_null, at);
                }
                let name = |p: &str| component_name(p).unwrap_or_else(|| p.to_owned());
                let (old_name, new_name) = (name(a), name(b));
                let group = if old_name == new_name {
                    format!("schema {new_name}")
                } else {
                    format!("schema {new_name} (was {old_name})")
                };
                self.edges.entry(at.group.clone()).or_default().insert(group.clone());
                if !self.seen_refs.insert((a, b, at.direction)) {
                    return;
                }
                let inner = At { group, holder: String::new(), path: String::new(), ..inner_at };
                self.compare_checking(ta, tb, &inner, true);
            }
            (Peeled::Ref(_, x), Peeled::Node(y)) => {
                if check_null {
                    self.nullability(o_null || self.old_sem.is_nullable(x), n_null, at);
                }
                self.compare_checking(x, y, &inner_at, false);
            }
            (Peeled::Node(x), Peeled::Ref(_, y)) => {
                if check_null {
                    self.nullability(o_null, n_null || self.new_sem.is_nullable(y), at);
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
            let ov = if fo.variants.is_empty() { vec![x] } else { fo.variants.clone() };
            let nv = if fn_.variants.is_empty() { vec![y] } else { fn_.variants.clone() };
            self.compare_discriminators(fo.discriminator, fn_.discriminator, at);
            self.compare_variants(&ov, fo.discriminator, &nv, fn_.discriminator, at);
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

        self.compare_values(&fo, &fn_, at);

        if fo.default != fn_.default {
            let d = |v: Option<&Value>| v.map_or("(none)".to_owned(), show);
            self.report(ChangeKind::DefaultChanged, at, format!("default {} → {}", d(fo.default), d(fn_.default)));
        }
        self.compare_constraints(&fo.constraints, &fn_.constraints, at);

        self.compare_properties(&fo, &fn_, at);
        if let (Some(a), Some(b)) = (fo.items, fn_.items) {
            self.compare(a, b, &at.child("[]"));
        }
        if let (Some(a), Some(b)) = (fo.additional, fn_.additional) {
            self.compare(a, b, &at.child(".*"));
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
    fn compare_properties(&mut self, fo: &Flat<'a>, fn_: &Flat<'a>, at: &At) {
        let skip = |p: &Schema| match at.direction {
            Direction::Request => p.read_only,
            Direction::Response => p.write_only,
        };
        for (name, p) in &fn_.properties {
            if fo.properties.contains_key(name) || skip(p) {
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
            let Some(q) = fn_.properties.get(name) else {
                if !skip(p) {
                    self.report(ChangeKind::PropertyRemoved, at, format!("property `{name}` removed"));
                }
                continue;
            };
            if skip(q) {
                continue;
            }
            match (fo.required.contains(name), fn_.required.contains(name)) {
                (false, true) => {
                    self.report(ChangeKind::PropertyBecameRequired, at, format!("property `{name}` is now required"))
                }
                (true, false) => {
                    self.report(ChangeKind::PropertyBecameOptional, at, format!("property `{name}` is now optional"))
                }
                _ => {}
            }
            if q.deprecated && !p.deprecated {
                self.report(ChangeKind::Deprecated, at, format!("property `{name}` deprecated"));
            }
            self.compare(p, q, &at.child(&format!(".{name}")));
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

    fn compare_variants(
        &mut self,
        old: &[&'a Schema],
        old_disc: Option<&Discriminator>,
        new: &[&'a Schema],
        new_disc: Option<&Discriminator>,
        at: &At,
    ) {
        let ok = variant_keys(self.old_sem, old, old_disc);
        let nk = variant_keys(self.new_sem, new, new_disc);
        let mut unmatched_old: Vec<usize> = Vec::new();
        let mut matched_new = vec![false; new.len()];
        for (i, key) in ok.iter().enumerate() {
            match nk.iter().position(|k| k == key) {
                Some(j) => {
                    matched_new[j] = true;
                    self.compare(old[i], new[j], &at.child(&format!("<{key}>")));
                }
                None => unmatched_old.push(i),
            }
        }
        let mut unmatched_new: Vec<usize> = (0..new.len()).filter(|j| !matched_new[*j]).collect();
        // A variant whose key changed (a renamed component, say) but whose shape did not.
        if unmatched_old.len() * unmatched_new.len() <= 64 {
            unmatched_old.retain(|&i| {
                let same = unmatched_new.iter().position(|&j| self.equivalent(old[i], new[j], at.direction));
                match same {
                    Some(pos) => {
                        unmatched_new.remove(pos);
                        false
                    }
                    None => true,
                }
            });
        }
        let event = |key: &str| at.sse && key.contains('=');
        for i in unmatched_old {
            let key = &ok[i];
            match event(key) {
                true => self.report(ChangeKind::SseEventRemoved, at, format!("event `{}` removed", tag_value(key))),
                false => self.report(ChangeKind::VariantRemoved, at, format!("variant `{key}` removed")),
            }
        }
        for j in unmatched_new {
            let key = &nk[j];
            match event(key) {
                true => self.report(ChangeKind::SseEventAdded, at, format!("event `{}` added", tag_value(key))),
                false => self.report(ChangeKind::VariantAdded, at, format!("variant `{key}` added")),
            }
        }
    }

    /// Whether two schemas accept the same values (a trial comparison that finds nothing).
    fn equivalent(&mut self, o: &'a Schema, n: &'a Schema, direction: Direction) -> bool {
        let saved_seen = std::mem::take(&mut self.seen);
        let saved_refs = std::mem::take(&mut self.seen_refs);
        let saved_edges = self.edges.clone();
        let before = self.changes.len();
        self.compare(o, n, &At::new("", String::new(), direction, false));
        let same = self.changes.len() == before;
        self.changes.truncate(before);
        self.seen = saved_seen;
        self.seen_refs = saved_refs;
        self.edges = saved_edges;
        same
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

/// `type=response.created` to `response.created`.
fn tag_value(key: &str) -> &str {
    key.split_once('=').map_or(key, |(_, v)| v)
}

/// What identifies each variant of a union across versions: its discriminator tag, the
/// constant of its `type` property, its component name, its type, its title, or its place.
fn variant_keys<'a>(sem: Semantics<'a>, variants: &[&'a Schema], disc: Option<&Discriminator>) -> Vec<String> {
    let tag_property = disc.map_or("type", |d| d.property_name.as_str());
    let mut keys: Vec<String> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if let (Some(d), Some(r)) = (disc, &v.reference) {
                if let Some((tag, _)) = d.mapping.iter().find(|(_, target)| *target == r) {
                    return format!("{tag_property}={tag}");
                }
            }
            let flat = flatten(sem, v);
            if let Some(p) = flat.properties.get(tag_property) {
                if let Some(Value::String(s)) = flatten(sem, p).const_value {
                    return format!("{tag_property}={s}");
                }
            }
            if let Some(name) = v.reference.as_deref().and_then(component_name) {
                return name;
            }
            let types = effective_types(&flat);
            if !types.is_empty() {
                let mut key = list(&types);
                if let Some(f) = flat.format {
                    key.push_str(&format!(" ({f})"));
                }
                if let Some(items) = flat.items {
                    let inner = match items.reference.as_deref().and_then(component_name) {
                        Some(name) => name,
                        None => list(&sem.resolve(items).types.iter().map(String::as_str).collect()),
                    };
                    if !inner.is_empty() {
                        key = format!("{key} of {inner}");
                    }
                }
                return key;
            }
            match &sem.resolve(v).title {
                Some(t) => format!("title {t}"),
                None => format!("#{i}"),
            }
        })
        .collect();
    // Two variants with one key are told apart by their order.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for key in &mut keys {
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            key.push_str(&format!(" #{n}"));
        }
    }
    keys
}
