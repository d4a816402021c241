//! Unions (`anyOf`, `oneOf`) compared by what they accept. A member of the old union is
//! still there when the new union accepts it, however the new one is written:
//!
//! - through the same `$ref`, or a nested union (inline or referenced) that holds it: members
//!   of nested unions are spliced in, as far as needed to pair what is left;
//! - through the new union's discriminator mapping;
//! - through a member of the same tag, shape or title, or one that accepts the same values
//!   (a renamed component);
//! - through a member that takes any value of its type (`anyOf: [string, ..]` accepts every
//!   string member of the old union).
//!
//! The string values listed beside "any string" (`anyOf: [string, enum]`, an open enum) are
//! known values, compared as such. In an event stream, an event whose type changed and whose
//! payload did not is one renamed event.

use super::classify::{Change, ChangeKind};
use super::schema::{effective_types, flatten, list, ref_group, show, At, Flat, Walker};
use oagen::openapi::{component_name, Discriminator, Schema};
use oagen::schema::Semantics;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// How many rounds of splicing nested unions are tried, and how many members a side may
/// grow to by them.
const MAX_SPLICE: usize = 8;
const MAX_MEMBERS: usize = 512;
/// Trial comparisons (is this member the same as that one?) per union, at most.
const MAX_TRIALS: usize = 64;

/// A member of a union as the comparison sees it.
#[derive(Debug, Clone, Copy)]
struct Member<'a> {
    schema: &'a Schema,
    /// The pointer it plainly refers to, if it is a reference.
    pointer: Option<&'a str>,
    /// The discriminator of the union it was found in.
    disc: Option<&'a Discriminator>,
    /// The whole schema of a side that is no union, compared with the other side's members.
    whole: bool,
    /// Not listed: a schema the union's discriminator mapping selects.
    implied: bool,
}

impl<'a> Member<'a> {
    fn of(schema: &'a Schema, disc: Option<&'a Discriminator>) -> Member<'a> {
        let pointer = schema.reference.as_deref().filter(|_| !oagen::schema::has_structure_besides_ref(schema));
        Member { schema, pointer, disc, whole: false, implied: false }
    }

    /// The component name (or pointer) it refers to.
    fn reference(&self) -> Option<String> {
        self.pointer.map(|p| component_name(p).unwrap_or_else(|| p.to_owned()))
    }
}

/// What identifies a member across versions, each `None` where it has none.
struct Keys<'a> {
    member: Member<'a>,
    /// The tag property and the value the member pins it to.
    tag: Option<(String, String)>,
    /// `string`, `array of Pet`, `string (date-time)`.
    shape: Option<String>,
    title: Option<String>,
    /// The scalar types it takes any value of, when it says nothing else. (A bare `object`
    /// or `array` is left out: it says the value is not described, not that every shape
    /// of the other side is expected.)
    plain: Option<BTreeSet<&'a str>>,
    /// An object or array that says nothing of its contents: it pairs by shape only with
    /// another such, not with a described one (`{type: object}` against one of several
    /// described objects says nothing of which).
    bare: bool,
    /// How the report names it.
    name: String,
}

impl Keys<'_> {
    fn tag_value(&self) -> Option<&str> {
        self.tag.as_ref().map(|(_, v)| v.as_str())
    }
}

/// A member's keys; `tag_property` is used where its union has no discriminator.
fn keys<'a>(sem: Semantics<'a>, m: Member<'a>, tag_property: &str, index: usize) -> Keys<'a> {
    let flat = flatten(sem, m.schema);
    let property = m.disc.map_or(tag_property, |d| d.property_name.as_str());
    let mapped = match (m.disc, m.pointer) {
        (Some(d), Some(p)) => d.mapping.iter().find(|(_, target)| *target == p).map(|(tag, _)| tag.clone()),
        _ => None,
    };
    let pinned = || match flat.properties.get(property).map(|p| flatten(sem, p).const_value) {
        Some(Some(Value::String(s))) => Some(s.clone()),
        _ => None,
    };
    let tag = mapped.or_else(pinned).map(|value| (property.to_owned(), value));
    let types = effective_types(&flat);
    let shape = (!types.is_empty()).then(|| {
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
        key
    });
    let resolved = sem.resolve(m.schema);
    let title = resolved.title.clone();
    let scalar = |t: &&str| matches!(*t, "string" | "number" | "integer" | "boolean");
    let plain = (flat.is_plain() && flat.types.iter().all(scalar)).then(|| flat.types.clone());
    // Named by its tag, its component, its title, its constant, its shape, or the component
    // it extends, in that order; by its place only when it has none of these.
    let extends = || resolved.all_of.iter().find_map(|p| p.reference.as_deref().and_then(component_name));
    let name = match (&tag, m.reference()) {
        (Some((p, v)), _) => format!("{p}={v}"),
        (None, Some(r)) => r,
        (None, None) => title
            .clone()
            .or_else(|| flat.const_value.map(show))
            .or_else(|| shape.clone())
            .or_else(|| extends().map(|base| format!("{base} (extended)")))
            .unwrap_or_else(|| format!("#{index}")),
    };
    let bare = !types.is_empty()
        && types.iter().all(|t| *t == "object" || *t == "array")
        && flat.properties.is_empty()
        && flat.items.is_none()
        && flat.additional.is_none()
        && flat.variants.is_empty();
    Keys { member: m, tag, shape, title, plain, bare, name }
}

/// What two members of the unions are paired by, once those with the same reference are.
#[derive(Debug, Clone, Copy)]
enum MatchLevel {
    Tag,
    Title,
    Shape,
}

impl MatchLevel {
    const ALL: [MatchLevel; 3] = [MatchLevel::Tag, MatchLevel::Title, MatchLevel::Shape];

    /// By tag; then, where one side is written inline and not both are tagged (members with
    /// different tags are different members), by title or by shape.
    fn same(self, a: &Keys<'_>, b: &Keys<'_>) -> bool {
        let loose = (a.member.pointer.is_none() || b.member.pointer.is_none()) && (a.tag.is_none() || b.tag.is_none());
        match self {
            MatchLevel::Tag => a.tag.is_some() && a.tag == b.tag,
            MatchLevel::Title => loose && a.title.is_some() && a.title == b.title,
            MatchLevel::Shape => loose && a.bare == b.bare && a.shape.is_some() && a.shape == b.shape,
        }
    }
}

/// Two members of a side with one name are told apart by their order.
fn number_names(keys: &mut [Keys<'_>]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for k in keys.iter_mut() {
        let n = seen.entry(k.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            k.name.push_str(&format!(" #{n}"));
        }
    }
}

/// Pair members that refer to the same component, taking them out of both pools.
fn pair_references<'a>(
    old: &mut Vec<Member<'a>>,
    new: &mut Vec<Member<'a>>,
    pairs: &mut Vec<(Member<'a>, Member<'a>)>,
) {
    let mut i = 0;
    while i < old.len() {
        let target = old[i].reference();
        match target.and_then(|r| new.iter().position(|n| n.reference().as_ref() == Some(&r))) {
            Some(j) => pairs.push((old.remove(i), new.remove(j))),
            None => i += 1,
        }
    }
}

/// Replace each member that is itself a union (and says nothing else) by its members; false
/// when there was none. `done` holds the unions already spliced on this side (the compared
/// union first): each is spliced once, so unions that hold themselves end.
fn splice<'a>(sem: Semantics<'a>, pool: &mut Vec<Member<'a>>, done: &mut HashSet<&'a str>) -> bool {
    if pool.len() >= MAX_MEMBERS {
        return false;
    }
    let mut spliced = false;
    let mut out = Vec::with_capacity(pool.len());
    for m in pool.drain(..) {
        let target = sem.resolve(m.schema);
        if m.whole || m.implied || done.contains(target.ptr.as_str()) {
            out.push(m);
            continue;
        }
        let f = flatten(sem, m.schema);
        let plain_union = !f.variants.is_empty()
            && f.properties.is_empty()
            && f.items.is_none()
            && f.additional.is_none()
            && f.alternatives.is_empty();
        if plain_union && out.len() + f.variants.len() <= MAX_MEMBERS {
            spliced = true;
            done.insert(target.ptr.as_str());
            out.extend(f.variants.iter().map(|v| Member::of(v, f.discriminator)));
        } else {
            out.push(m);
        }
    }
    *pool = out;
    spliced
}

/// Whether `s` takes any string: it is a plain string, or a union (through references) of
/// which a member is. Each schema is looked at once, so unions that refer to each other end.
fn takes_any_string<'a>(sem: Semantics<'a>, s: &'a Schema) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack = vec![s];
    while let Some(s) = stack.pop() {
        if !seen.insert(sem.resolve(s).ptr.as_str()) || seen.len() > MAX_MEMBERS {
            continue;
        }
        let f = flatten(sem, s);
        if f.is_plain() {
            if f.types.len() == 1 && f.types.contains("string") {
                return true;
            }
            continue;
        }
        if f.properties.is_empty() && f.items.is_none() && f.types.iter().all(|t| *t == "string") {
            stack.extend(f.variants.iter().copied());
        }
    }
    false
}

/// Take out of `pool` the members that only list strings, when the side is an open enum
/// (`open`: a member takes any string), returning their values (maybe none); `None` when
/// the side is no open enum.
fn known_values<'a>(sem: Semantics<'a>, open: bool, pool: &mut Vec<Member<'a>>) -> Option<Vec<&'a Value>> {
    if !open {
        return None;
    }
    let mut values: Vec<&Value> = Vec::new();
    pool.retain(|m| {
        let f = flatten(sem, m.schema);
        let listed: Vec<&Value> = f.const_value.into_iter().chain(f.enum_values.iter().flatten().copied()).collect();
        let only_strings = !listed.is_empty()
            && listed.iter().all(|v| v.is_string())
            && f.types.iter().all(|t| *t == "string")
            && f.properties.is_empty()
            && f.variants.is_empty();
        if only_strings {
            for v in listed {
                if !values.contains(&v) {
                    values.push(v);
                }
            }
        }
        !only_strings
    });
    Some(values)
}

impl<'a> Walker<'a> {
    /// Compare two schemas of which at least one is a union (`fo` and `fn_` are their
    /// flattened views).
    pub(super) fn compare_union(&mut self, old: (&'a Schema, &Flat<'a>), new: (&'a Schema, &Flat<'a>), at: &At) {
        let members = |(s, f): (&'a Schema, &Flat<'a>)| -> Vec<Member<'a>> {
            if f.variants.is_empty() {
                vec![Member { whole: true, ..Member::of(s, None) }]
            } else {
                f.variants.iter().map(|v| Member::of(v, f.discriminator)).collect()
            }
        };
        let (mut ov, mut nv) = (members(old), members(new));
        let open_old = ov.iter().any(|m| takes_any_string(self.old_sem, m.schema));
        let open_new = nv.iter().any(|m| takes_any_string(self.new_sem, m.schema));
        // What the new discriminator maps to is accepted, listed or not.
        if let Some(d) = new.1.discriminator {
            for target in d.mapping.values() {
                let listed = nv.iter().any(|m| m.pointer == Some(target.as_str()));
                if let (false, Some(s)) = (listed, self.new.schema_at(target)) {
                    nv.push(Member { schema: s, pointer: Some(target), disc: Some(d), whole: false, implied: true });
                }
            }
        }
        let tag_property = old.1.discriminator.or(new.1.discriminator).map_or("type", |d| d.property_name.as_str());

        // The same reference, splicing nested unions until what is left pairs no further.
        let mut pairs: Vec<(Member<'a>, Member<'a>)> = Vec::new();
        let mut done_old: HashSet<&str> = HashSet::from([self.old_sem.resolve(old.0).ptr.as_str()]);
        let mut done_new: HashSet<&str> = HashSet::from([self.new_sem.resolve(new.0).ptr.as_str()]);
        for _ in 0..MAX_SPLICE {
            pair_references(&mut ov, &mut nv, &mut pairs);
            if ov.is_empty() || nv.iter().all(|m| m.implied) {
                break;
            }
            let spliced_old = splice(self.old_sem, &mut ov, &mut done_old);
            let spliced_new = splice(self.new_sem, &mut nv, &mut done_new);
            if !spliced_old && !spliced_new {
                break;
            }
        }
        // Known values listed on one side only are left out: the plain member of that side
        // pairs with the other side's values, and that comparison says how they changed.
        let known = (known_values(self.old_sem, open_old, &mut ov), known_values(self.new_sem, open_new, &mut nv));
        if let (Some(a), Some(b)) = known {
            for v in b.iter().filter(|v| !a.contains(v)) {
                self.report(ChangeKind::KnownValueAdded, at, format!("known value {} added", show(v)));
            }
            for v in a.iter().filter(|v| !b.contains(v)) {
                self.report(ChangeKind::KnownValueRemoved, at, format!("known value {} removed", show(v)));
            }
        }

        let mut ok: Vec<Keys<'a>> =
            ov.iter().enumerate().map(|(i, m)| keys(self.old_sem, *m, tag_property, i)).collect();
        let mut nk: Vec<Keys<'a>> =
            nv.iter().enumerate().map(|(i, m)| keys(self.new_sem, *m, tag_property, i)).collect();
        number_names(&mut ok);
        number_names(&mut nk);

        for (o, n) in pairs {
            let (o, n) = (keys(self.old_sem, o, tag_property, 0), keys(self.new_sem, n, tag_property, 0));
            self.compare_members(&o, &n, at);
        }
        let mut matched_new = vec![false; nk.len()];
        let mut unmatched_old: Vec<usize> = Vec::new();
        'old: for (i, o) in ok.iter().enumerate() {
            for level in MatchLevel::ALL {
                if let Some(j) = (0..nk.len()).find(|&j| !matched_new[j] && level.same(o, &nk[j])) {
                    matched_new[j] = true;
                    self.compare_members(o, &nk[j], at);
                    continue 'old;
                }
            }
            unmatched_old.push(i);
        }
        let mut unmatched_new: Vec<usize> = (0..nk.len()).filter(|&j| !matched_new[j]).collect();

        // A member whose keys changed (a renamed component, say) but whose values did not.
        if unmatched_old.len() * unmatched_new.len() <= MAX_TRIALS {
            unmatched_old.retain(|&i| {
                let same = unmatched_new
                    .iter()
                    .position(|&j| self.equivalent(ok[i].member.schema, nk[j].member.schema, at.direction));
                match same {
                    Some(pos) => {
                        unmatched_new.remove(pos);
                        false
                    }
                    None => true,
                }
            });
        }
        // An event whose type changed and whose payload did not.
        if at.sse && unmatched_old.len() * unmatched_new.len() <= MAX_TRIALS {
            unmatched_old.retain(|&i| {
                let o = &ok[i];
                let Some((property, _)) = &o.tag else { return true };
                let renamed = unmatched_new.iter().position(|&j| {
                    nk[j].tag.as_ref().is_some_and(|(p, _)| p == property) && self.same_but_tag(o, &nk[j], property, at)
                });
                match renamed {
                    Some(pos) => {
                        let n = &nk[unmatched_new.remove(pos)];
                        let detail = format!(
                            "event `{}` renamed to `{}`",
                            o.tag_value().unwrap_or_default(),
                            n.tag_value().unwrap_or_default()
                        );
                        self.report(ChangeKind::SseEventRenamed, at, detail);
                        false
                    }
                    None => true,
                }
            });
        }
        // A member that a member of the other side takes any value of the type of: on the
        // old side still accepted, on the new side accepted before.
        let takes = |sem: Semantics<'a>, k: &Keys<'a>, others: &[Keys<'a>]| {
            let types = effective_types(&flatten(sem, k.member.schema));
            let plain = |x: &Keys<'a>| !x.member.implied && x.plain.as_ref().is_some_and(|p| types.is_subset(p));
            others.iter().position(plain).filter(|_| !types.is_empty())
        };
        let mut subsumed: Vec<(usize, usize)> = Vec::new();
        unmatched_old.retain(|&i| match takes(self.old_sem, &ok[i], &nk) {
            Some(j) => {
                subsumed.push((i, j));
                false
            }
            None => true,
        });
        unmatched_new.retain(|&j| match takes(self.new_sem, &nk[j], &ok) {
            Some(i) => {
                subsumed.push((i, j));
                false
            }
            None => true,
        });
        for (i, j) in subsumed {
            self.compare_members(&ok[i], &nk[j], at);
        }

        for i in unmatched_old {
            let o = &ok[i];
            match (at.sse, o.tag_value()) {
                (true, Some(tag)) => self.report(ChangeKind::SseEventRemoved, at, format!("event `{tag}` removed")),
                _ => self.report(ChangeKind::VariantRemoved, at, format!("variant `{}` removed", o.name)),
            }
        }
        for j in unmatched_new {
            let n = &nk[j];
            if n.member.implied {
                continue;
            }
            match (at.sse, n.tag_value()) {
                (true, Some(tag)) => self.report(ChangeKind::SseEventAdded, at, format!("event `{tag}` added")),
                _ => self.report(ChangeKind::VariantAdded, at, format!("variant `{}` added", n.name)),
            }
        }
    }

    /// Compare two members found to be the same. In an event stream, a changed tag is a
    /// renamed event: said once, instead of as a changed constant.
    fn compare_members(&mut self, o: &Keys<'a>, n: &Keys<'a>, at: &At) {
        let child = at.child(&format!("<{}>", n.name));
        // A side that is no union had its nullability compared with the whole other side.
        let check_null = !(o.member.whole || n.member.whole);
        let before = self.changes.len();
        self.compare_checking(o.member.schema, n.member.schema, &child, check_null);
        let (Some((property, a)), Some((_, b))) = (&o.tag, &n.tag) else { return };
        if !at.sse || a == b {
            return;
        }
        let places = tag_places(o, n, &child, property);
        let mut found = self.changes.split_off(before);
        found.retain(|c| {
            !(c.kind == ChangeKind::ConstChanged && places.contains(&(c.group.clone(), c.location.clone())))
        });
        self.changes.extend(found);
        self.report(ChangeKind::SseEventRenamed, at, format!("event `{a}` renamed to `{b}`"));
    }

    /// Whether two members differ only by the value they pin `property` to.
    fn same_but_tag(&mut self, o: &Keys<'a>, n: &Keys<'a>, property: &str, at: &At) -> bool {
        let root = At::new("", String::new(), at.direction, false);
        let places = tag_places(o, n, &root, property);
        let found: Vec<Change> = self.trial(|w| w.compare(o.member.schema, n.member.schema, &root));
        found
            .iter()
            .all(|c| c.kind == ChangeKind::ConstChanged && places.contains(&(c.group.clone(), c.location.clone())))
    }
}

/// Where a comparison of two members at `at` reports a change of their tag property: under
/// the union, or under their component when both are references.
fn tag_places(o: &Keys<'_>, n: &Keys<'_>, at: &At, property: &str) -> Vec<(String, String)> {
    let step = format!(".{property}");
    let mut places = vec![(at.group.clone(), at.child(&step).location())];
    if let (Some(a), Some(b)) = (o.member.pointer, n.member.pointer) {
        places.push((ref_group(a, b), step));
    }
    places
}
