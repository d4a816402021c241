//! Decisions that need the whole type graph: aliases that refer to themselves, which module
//! each type lives in, and which fields and variants are boxed.

use crate::error::Error;
use crate::ir::{Api, FieldShape, Module, StringFormat, TypeId, TypeKind, TypeRef};
use std::collections::HashMap;

/// Union variants estimated larger than this are boxed, which keeps every enum within
/// clippy's `large_enum_variant` bound whatever the estimate's error.
const BOX_VARIANTS_OVER: usize = 128;

/// `type A = Vec<A>` cannot be written in Rust: such aliases become newtypes. A cycle of plain
/// references (`A: $ref B`, `B: $ref A`) describes no value at all and is an error.
///
/// An alias names one type, so following aliases is a path that ends or closes one cycle:
/// every alias is walked once (a 30,000-long chain costs 30,000 steps, not that per link).
/// In each cycle the alias that comes first becomes the newtype, when the cycle passes
/// through a list or a map; the first cycle without one is the error.
pub(crate) fn resolve_alias_cycles(api: &mut Api) -> Result<(), Error> {
    let n = api.types.len();
    // The next alias each alias leads to, and whether a list or map lies between.
    let next: Vec<Option<(usize, bool)>> = api
        .types
        .iter()
        .map(|def| {
            let TypeKind::Alias(target) = &def.kind else { return None };
            let (mut ty, mut through_collection) = (target, false);
            loop {
                match ty {
                    TypeRef::Named(id) => {
                        return matches!(api.types[id.0].kind, TypeKind::Alias(_)).then_some((id.0, through_collection))
                    }
                    TypeRef::Array(t) | TypeRef::Map(t) => (ty, through_collection) = (t, true),
                    TypeRef::Nullable(t) => ty = t,
                    _ => return None,
                }
            }
        })
        .collect();
    // 0: not visited, 1: on the current walk, 2: done.
    let mut state = vec![0u8; n];
    let mut cycles: Vec<(usize, bool)> = Vec::new();
    for start in 0..n {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| state[i] == 0) {
            state[i] = 1;
            walk.push(i);
            at = next[i].map(|(to, _)| to);
        }
        if let Some(at) = at.filter(|&i| state[i] == 1) {
            // `at` is on this walk: the walk from `at` on is a new cycle.
            let members = &walk[walk.iter().position(|&w| w == at).expect("on the walk")..];
            let first = *members.iter().min().expect("a cycle has a member");
            let through_collection = members.iter().any(|&m| next[m].is_some_and(|(_, c)| c));
            cycles.push((first, through_collection));
        }
        for w in walk {
            state[w] = 2;
        }
    }
    cycles.sort_unstable();
    if let Some(&(first, _)) = cycles.iter().find(|(_, through_collection)| !through_collection) {
        return Err(Error::at(
            api.types[first].origin.clone(),
            "this schema is only a `$ref` to itself (through other references): a reference cycle that describes no type",
        ));
    }
    for (first, _) in cycles {
        if let TypeKind::Alias(t) = std::mem::replace(&mut api.types[first].kind, TypeKind::Alias(TypeRef::Any)) {
            api.types[first].kind = TypeKind::Newtype(t);
        }
    }
    Ok(())
}

/// Every type a type refers to.
fn referenced(kind: &TypeKind, out: &mut Vec<TypeId>) {
    for t in kind.children() {
        t.named_ids(out);
    }
}

/// A type reached from one group's operations lives in that group's module; from several,
/// in `shared`; from none, in `unreferenced`.
pub(crate) fn assign_modules(api: &mut Api) {
    let n = api.types.len();
    let mut reached_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    let group_index: HashMap<&str, usize> =
        api.groups.iter().enumerate().map(|(i, g)| (g.module.as_str(), i)).collect();
    let mut roots_per_group: Vec<Vec<TypeId>> = vec![Vec::new(); api.groups.len()];
    for op in &api.operations {
        let roots = &mut roots_per_group[group_index[op.group.as_str()]];
        for p in &op.params {
            p.ty.named_ids(roots);
        }
        let contents = op.body.iter().flat_map(|b| &b.contents).chain(op.responses.iter().flat_map(|r| &r.contents));
        for c in contents {
            if let Some(t) = &c.ty {
                t.named_ids(roots);
            }
        }
    }
    for ch in &api.channels {
        let roots = &mut roots_per_group[group_index[ch.group.as_str()]];
        for p in &ch.params {
            p.ty.named_ids(roots);
        }
        ch.send.named_ids(roots);
        ch.receive.named_ids(roots);
    }
    for (g, roots) in roots_per_group.into_iter().enumerate() {
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if reached_by[id.0].last() == Some(&g) {
                continue;
            }
            reached_by[id.0].push(g);
            referenced(&api.types[id.0].kind, &mut stack);
        }
    }
    for (def, groups) in api.types.iter_mut().zip(&reached_by) {
        def.module = match groups.as_slice() {
            [] => Module::Unreferenced,
            [one] => Module::Group(api.groups[*one].module.clone()),
            _ => Module::Shared,
        };
    }
    // Features: a type is compiled when any group that reaches it is enabled; schemas no
    // operation uses form the `unreferenced` feature, with everything they refer to.
    let mut features: Vec<Vec<Module>> =
        reached_by.iter().map(|gs| gs.iter().map(|g| Module::Group(api.groups[*g].module.clone())).collect()).collect();
    let mut stack: Vec<TypeId> = (0..n).filter(|i| reached_by[*i].is_empty()).map(TypeId).collect();
    while let Some(id) = stack.pop() {
        if features[id.0].contains(&Module::Unreferenced) {
            continue;
        }
        features[id.0].push(Module::Unreferenced);
        referenced(&api.types[id.0].kind, &mut stack);
    }
    for (def, mut f) in api.types.iter_mut().zip(features) {
        f.sort_by(|a, b| a.name().cmp(b.name()));
        f.dedup();
        def.features = f;
    }
}

/// A schema no operation uses may refer to types of a group's module: the `unreferenced`
/// feature then turns that group's feature on, and such a type is gated by its group alone,
/// as the rest of its module is (one gate per module, not one per item).
pub(crate) fn unreferenced_turns_on_groups(api: &mut Api) {
    let mut groups: Vec<Module> = api
        .types
        .iter()
        .filter(|t| matches!(t.module, Module::Group(_)) && t.features.contains(&Module::Unreferenced))
        .map(|t| t.module.clone())
        .collect();
    groups.sort_by(|a, b| a.name().cmp(b.name()));
    groups.dedup();
    if groups.is_empty() {
        return;
    }
    for def in &mut api.types {
        if def.features.contains(&Module::Unreferenced) && def.features.iter().any(|f| groups.contains(f)) {
            def.features.retain(|f| *f != Module::Unreferenced);
        }
    }
    api.feature_deps = vec![(Module::Unreferenced, groups)];
}

/// Box fields and variants that close a cycle of types containing each other by value, then
/// union variants that would make their enum much larger than its other variants.
pub(crate) fn box_recursion_and_large_variants(api: &mut Api) {
    let n = api.types.len();
    let ends = alias_ends(api);
    let direct: Vec<Vec<TypeId>> = (0..n).map(|i| direct_children(&ends, &api.types[i].kind)).collect();
    let scc = strongly_connected(&direct);

    for i in 0..n {
        let in_cycle = |ty: &TypeRef| by_value_targets(&ends, ty).iter().any(|t| scc[t.0] == scc[i]);
        match &api.types[i].kind {
            TypeKind::Struct(s) => {
                let boxed: Vec<bool> = s.fields.iter().map(|f| in_cycle(&f.ty)).collect();
                if let TypeKind::Struct(s) = &mut api.types[i].kind {
                    for (f, b) in s.fields.iter_mut().zip(boxed) {
                        f.boxed = b;
                    }
                }
            }
            TypeKind::Union(u) => {
                let boxed: Vec<bool> = u.variants.iter().map(|v| in_cycle(&v.ty)).collect();
                if let TypeKind::Union(u) = &mut api.types[i].kind {
                    for (v, b) in u.variants.iter_mut().zip(boxed) {
                        v.boxed = b;
                    }
                }
            }
            _ => {}
        }
    }

    let mut sizes: HashMap<TypeId, usize> = HashMap::new();
    for i in 0..n {
        let TypeKind::Union(u) = &api.types[i].kind else { continue };
        let big: Vec<bool> =
            u.variants.iter().map(|v| v.boxed || ref_size(api, &v.ty, &mut sizes, 0) > BOX_VARIANTS_OVER).collect();
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            for (v, b) in u.variants.iter_mut().zip(big) {
                v.boxed = b;
            }
        }
    }
}

/// For every type, the type it stands for by value once aliases are looked through: itself
/// unless it is an alias; `None` for an alias of something that is not a named type. Chains
/// are walked once each (every alias on a walk gets the walk's answer), so a 10,000-long
/// chain of aliases costs 10,000 steps, not 10,000 per link.
fn alias_ends(api: &Api) -> Vec<Option<TypeId>> {
    let n = api.types.len();
    let mut ends: Vec<Option<Option<TypeId>>> = vec![None; n];
    let mut on_walk = vec![false; n];
    for start in 0..n {
        let mut walk = Vec::new();
        let mut id = start;
        let end = loop {
            if let Some(known) = ends[id] {
                break known;
            }
            let TypeKind::Alias(inner) = &api.types[id].kind else { break Some(TypeId(id)) };
            if on_walk[id] {
                // A cycle of aliases (refused or made a newtype before this runs): the alias.
                break Some(TypeId(id));
            }
            on_walk[id] = true;
            walk.push(id);
            match inner.non_null() {
                TypeRef::Named(next) => id = next.0,
                _ => break None,
            }
        };
        for i in walk {
            on_walk[i] = false;
            ends[i] = Some(end);
        }
        ends[start].get_or_insert(end);
    }
    ends.into_iter().map(Option::flatten).collect()
}

/// Named types held by value (not behind a collection), looking through aliases.
fn by_value_targets(ends: &[Option<TypeId>], ty: &TypeRef) -> Vec<TypeId> {
    match ty.non_null() {
        TypeRef::Named(id) => ends[id.0].into_iter().collect(),
        _ => Vec::new(),
    }
}

fn direct_children(ends: &[Option<TypeId>], kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().flat_map(|f| by_value_targets(ends, &f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().flat_map(|v| by_value_targets(ends, &v.ty)).collect(),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => by_value_targets(ends, t),
        TypeKind::Enum(_) | TypeKind::OpenString(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iteratively: the component number of every node.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(w) = edges[v].get(*child).map(|t| t.0) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// Whether a variant holding `ty` is boxed for its size, by the rule union variants follow.
pub(crate) fn large(api: &Api, ty: &TypeRef) -> bool {
    ref_size(api, ty, &mut HashMap::new(), 0) > BOX_VARIANTS_OVER
}

/// A rough size in bytes of a value of the type, as emitted (for boxing decisions only).
fn ref_size(api: &Api, ty: &TypeRef, memo: &mut HashMap<TypeId, usize>, depth: usize) -> usize {
    match ty {
        TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) => 24,
        TypeRef::Bytes => 32,
        // `DateTime<Utc>` 12, `NaiveDate` 4, `Uuid` 16, `Url` 88.
        TypeRef::Format(StringFormat::Uri) => 88,
        TypeRef::Format(_) => 16,
        TypeRef::Any => 80,
        TypeRef::Integer32 | TypeRef::Integer64 | TypeRef::Number => 8,
        TypeRef::Boolean | TypeRef::Unit => 1,
        TypeRef::Nullable(inner) => ref_size(api, inner, memo, depth) + 8,
        TypeRef::Named(id) => type_size(api, *id, memo, depth + 1),
    }
}

fn type_size(api: &Api, id: TypeId, memo: &mut HashMap<TypeId, usize>, depth: usize) -> usize {
    if let Some(s) = memo.get(&id) {
        return *s;
    }
    if depth > 64 {
        return 24;
    }
    memo.insert(id, 24); // provisional, for cycles
    let size = match &api.types[id.0].kind {
        TypeKind::Struct(s) => {
            let fields: usize = s
                .fields
                .iter()
                .map(|f| {
                    let base = if f.boxed { 8 } else { ref_size(api, &f.ty, memo, depth).max(8) };
                    base + match f.shape {
                        FieldShape::Required => 0,
                        FieldShape::RequiredNullable | FieldShape::Optional => 8,
                        FieldShape::OptionalNullable => 16,
                    }
                })
                .sum();
            fields + if s.extra.is_some() { 24 } else { 0 }
        }
        TypeKind::Enum(_) | TypeKind::OpenString(_) => 24,
        TypeKind::Union(u) => {
            8 + u
                .variants
                .iter()
                .map(|v| if v.boxed { 8 } else { ref_size(api, &v.ty, memo, depth) })
                .max()
                .unwrap_or(0)
                .max(80)
        }
        TypeKind::Alias(t) | TypeKind::Newtype(t) => ref_size(api, t, memo, depth),
    };
    memo.insert(id, size);
    size
}
