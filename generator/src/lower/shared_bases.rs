//! A base that many structs extend is held once by each of them, not copied field by field.
//!
//! `allOf: [{$ref: Base}, {properties: ...}]` is merged into one struct with every property
//! of both parts (`schema::merge`), which is what users expect of a few children: `child.id`,
//! not `child.base.id`. But the copies grow as fields times children: 300 children of a base
//! with 300 properties write 90,000 fields (36 MB of code from a 121 KB document). When the
//! copies of one base's fields are more than [`INHERITED_FIELDS_BUDGET`] and more than
//! [`SIZE_FACTOR`] times what the document states (the base's fields plus its children),
//! each child holds the base as one field instead, `#[wire(flatten)] pub base: Base`, whose
//! properties are the child's own on the wire. The output then grows with the document, not
//! with the product. A small base is copied however many children it has: Microsoft Graph's
//! two-property collection base, extended by 2,218 responses, stays copied (4,436 copies,
//! far under 16 times the 2,220 things the document states).
//!
//! The rule is generic and decided per base: every eligible child of a base is treated alike,
//! so one document always gives the same API. A child keeps its copied fields (it is not
//! eligible) when the copy is not exactly the base's: it redeclares or newly requires one of
//! the base's properties, the base keeps additional properties, either refuses undeclared
//! ones, it is a multipart body (whose parts are written field by field) or a union member
//! (whose tag and members are chosen by property name).

use super::naming::{snake_name, Namespace};
use crate::ir::{Api, Field, FieldShape, Ident, StructType, TypeId, TypeKind, TypeRef};
use std::collections::{BTreeMap, HashSet};

/// Most field declarations the children of one base may copy from it (fields × children);
/// past it, each holds the base as one flattened field. OpenAI's document peaks at 33 (one
/// base of 33 properties, one child); the hostile fan-out document is at 90,000.
pub(crate) const INHERITED_FIELDS_BUDGET: usize = 4096;

/// How many times what the document states for a base and its children (fields plus
/// children) their copies may be before the base is shared.
pub(crate) const SIZE_FACTOR: usize = 16;

/// Whether `fields` copied into each of `children` are too many: past the budget, and more
/// than [`SIZE_FACTOR`] times the document's own statement of them.
fn over_budget(fields: usize, children: usize) -> bool {
    let copies = fields * children;
    copies > INHERITED_FIELDS_BUDGET && copies > SIZE_FACTOR * (fields + children)
}

/// Flatten the base of every eligible child whose base is over budget. `inherits` lists
/// (child, base) pairs as lowering met them: structs merged from an `allOf` of one component
/// reference and inline parts.
pub(crate) fn share_large_bases(api: &mut Api, inherits: &[(TypeId, TypeId)]) {
    let members = union_members(api);
    let mut children: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for &(child, base) in inherits {
        if child != base && !members.contains(&child) && eligible(api, child, base) {
            children.entry(base).or_default().push(child);
        }
    }
    for (base, children) in children {
        let TypeKind::Struct(b) = &api.types[base.0].kind else { continue };
        if !over_budget(b.fields.len(), children.len()) {
            continue;
        }
        let inherited = b.fields.len();
        let name = api.types[base.0].name.clone();
        for child in children {
            let TypeKind::Struct(s) = &mut api.types[child.0].kind else { continue };
            flatten(s, inherited, base, &name);
        }
    }
}

/// Types a union holds as a variant.
fn union_members(api: &Api) -> HashSet<TypeId> {
    let mut members = HashSet::new();
    for def in &api.types {
        if let TypeKind::Union(u) = &def.kind {
            for v in &u.variants {
                if let TypeRef::Named(id) = v.ty.non_null() {
                    members.insert(*id);
                }
            }
        }
    }
    members
}

/// Whether `child`'s first fields are `base`'s, exactly (same names, wire names, types,
/// presence, docs), none after them is one of the base's properties, and neither refuses
/// undeclared properties nor does the base keep them (the child may: it keeps those neither
/// declares).
fn eligible(api: &Api, child: TypeId, base: TypeId) -> bool {
    let (TypeKind::Struct(c), TypeKind::Struct(b)) = (&api.types[child.0].kind, &api.types[base.0].kind) else {
        return false;
    };
    if api.types[child.0].form || b.extra.is_some() || c.closed || b.closed {
        return false;
    }
    if b.fields.is_empty() || c.fields.len() < b.fields.len() || b.fields.iter().any(|f| f.flatten) {
        return false;
    }
    let same = |x: &Field, y: &Field| {
        x.name == y.name
            && x.wire == y.wire
            && x.ty == y.ty
            && x.shape == y.shape
            && x.doc == y.doc
            && x.deprecated == y.deprecated
    };
    let (copied, own) = c.fields.split_at(b.fields.len());
    copied.iter().zip(&b.fields).all(|(x, y)| same(x, y))
        && own.iter().all(|f| !b.fields.iter().any(|bf| bf.wire == f.wire || bf.name == f.name))
}

/// Replace the first `inherited` fields of `s` (the base's) by one flattened field of type
/// `base`, named after it, first among the arguments of the constructor.
fn flatten(s: &mut StructType, inherited: usize, base: TypeId, base_name: &str) {
    let own: Vec<Field> = s.fields.split_off(inherited);
    // Named as a property would be (`Type` gives `r#type`), numbered past the child's own.
    let mut names = Namespace::default();
    for f in &own {
        names.claim(&f.name.to_string());
    }
    if let Some(extra) = &s.extra {
        names.claim(&extra.name.to_string());
    }
    let name = names.claim(&snake_name(base_name, "base"));
    let field = Field {
        name: Ident::new(&name),
        wire: String::new(),
        ty: TypeRef::Named(base),
        shape: FieldShape::Required,
        boxed: false,
        doc: Some(format!(
            "The properties this type has from `{base_name}`, which it extends (`allOf`): on the wire \
             they are this object's own."
        )),
        deprecated: false,
        flatten: true,
    };
    // Required fields keep their order among themselves; the base comes first.
    let order: Vec<usize> = std::iter::once(0)
        .chain(s.required_order.iter().filter(|&&i| i >= inherited).map(|&i| i - inherited + 1))
        .collect();
    s.fields = std::iter::once(field).chain(own).collect();
    s.required_order = order;
}

#[cfg(test)]
mod tests {
    use super::{over_budget, INHERITED_FIELDS_BUDGET};
    use crate::ir::{TypeKind, TypeRef};
    use crate::Spec;
    use serde_json::{json, Map, Value};

    /// `children` schemas, each `allOf` a base of `fields` string properties (the first
    /// required) and one property of its own; the first child also requires `p1`.
    fn family(fields: usize, children: usize) -> crate::ir::Api {
        family_of("Base", fields, children)
    }

    /// [`family`], with the base named `base`.
    fn family_of(base: &str, fields: usize, children: usize) -> crate::ir::Api {
        let props: Map<String, Value> = (0..fields).map(|j| (format!("p{j}"), json!({"type": "string"}))).collect();
        let mut schemas = Map::new();
        schemas.insert(base.into(), json!({"type": "object", "required": ["p0"], "properties": props}));
        for i in 0..children {
            let mut own = json!({"type": "object", "required": [format!("own{i}")], "properties": {format!("own{i}"): {"type": "integer"}}});
            if i == 0 {
                own["required"] = json!(["own0", "p1"]);
            }
            schemas.insert(format!("C{i}"), json!({"allOf": [{"$ref": format!("#/components/schemas/{base}")}, own]}));
        }
        let doc = json!({"openapi": "3.1.0", "info": {"title": "F", "version": "1"}, "paths": {},
            "components": {"schemas": schemas}});
        let source = crate::Source::parse(std::path::Path::new("family.json"), doc.to_string()).unwrap();
        Spec::from_source(source).and_then(|s| s.lower()).unwrap()
    }

    fn fields(api: &crate::ir::Api, name: &str) -> Vec<(String, bool)> {
        let def = api.types.iter().find(|t| t.name == name).unwrap();
        let TypeKind::Struct(s) = &def.kind else { panic!("{:?}", def.kind) };
        s.fields.iter().map(|f| (f.name.as_str().to_owned(), f.flatten)).collect()
    }

    #[test]
    fn children_of_a_base_under_budget_copy_its_fields() {
        let api = family(8, 4);
        assert_eq!(fields(&api, "C2").len(), 9, "p0..p7 and own2");
        assert!(fields(&api, "C2").iter().all(|(_, flat)| !flat));
    }

    #[test]
    fn children_of_a_base_over_budget_hold_it_once() {
        // C0 is not eligible (below): 65 children of 65 fields.
        let (n, k) = (65, 66);
        assert!(over_budget(65, 65));
        let api = family(n, k);
        assert_eq!(fields(&api, "C5"), [("base".to_owned(), true), ("own5".to_owned(), false)]);
        let def = api.types.iter().find(|t| t.name == "C5").unwrap();
        let TypeKind::Struct(s) = &def.kind else { unreachable!() };
        let base = api.types.iter().find(|t| t.name == "Base").unwrap();
        assert_eq!(s.fields[0].ty, TypeRef::Named(base.id));
        assert_eq!(s.required_order, [0, 1], "the base, then `own5`");
        // C0 newly requires `p1`: its copy is not the base's, so it keeps its fields.
        assert_eq!(fields(&api, "C0").len(), n + 1);
        // Just under budget (63 eligible children of 64 fields): none is flattened.
        let api = family(64, 64);
        const { assert!(64 * 63 <= INHERITED_FIELDS_BUDGET) };
        assert!(!over_budget(64, 63));
        assert_eq!(fields(&api, "C5").len(), 65);
    }

    #[test]
    fn the_field_of_a_base_named_like_a_keyword_or_an_own_property_is_still_a_name() {
        let api = family_of("Type", 65, 66);
        let names: Vec<String> = {
            let def = api.types.iter().find(|t| t.name == "C5").unwrap();
            let TypeKind::Struct(s) = &def.kind else { panic!("{:?}", def.kind) };
            s.fields.iter().map(|f| f.name.to_string()).collect()
        };
        assert_eq!(names, ["r#type", "own5"]);
        // A child whose own property takes the base's name: the field is numbered.
        let api = family_of("Own5", 65, 66);
        assert_eq!(fields(&api, "C5"), [("own5_2".to_owned(), true), ("own5".to_owned(), false)]);
    }

    #[test]
    fn a_small_base_is_copied_however_many_children_it_has() {
        // Microsoft Graph's collection base: 2 properties, 2,218 children.
        assert!(!over_budget(2, 2218));
        let api = family(2, 2500);
        assert_eq!(fields(&api, "C9").len(), 3);
    }
}
