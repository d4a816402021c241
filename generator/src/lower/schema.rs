//! Schemas to types: the shape decisions.
//!
//! - `anyOf`/`oneOf` with a null member, `type: [.., null]` and 3.0 `nullable` all become
//!   [`TypeRef::Nullable`]; whether a schema is nullable, what an `allOf` adds up to and
//!   which property tags a union are asked of [`crate::schema::Semantics`], the rules every
//!   stage shares.
//! - Unions of strings become one enum (all members are enums) or an open string (one member
//!   accepts any string).
//! - Other unions are tagged when every object member pins the same property to one value
//!   (OpenAPI `discriminator`, or a `const` / one-value `enum`), untagged otherwise; both keep
//!   values they do not know in a fallback variant.
//! - `allOf` is merged into one struct. A `required` beside it (or in a part that says
//!   nothing else) that names a property the parts leave optional makes a struct of its own
//!   even where there is one part. An `allOf` of a union and objects
//!   (`allOf: [{oneOf: [A, B]}, {properties: {role}}]`) is the union, each object member
//!   carrying the objects' properties too (`A` + `role`, `B` + `role`): every variant is one
//!   plain struct, built and matched like any other, and it round-trips as written.
//! - A polymorphic base (a `discriminator` and subtypes that `allOf` it, see
//!   [`crate::schema::Semantics::polymorphic_bases`]) is the union of its subtypes, tagged by
//!   the discriminator property, wherever it is referenced; the subtypes are structs that
//!   merge the base's properties.
//! - An inline union member is named after its shape (the values it pins, `Item` for a list);
//!   an object that pins nothing after its `title` where that is a short name (at most four
//!   words, no other member's), else `Object`.

use super::naming::{self, camel_words, Namespace};
use super::Lowerer;
use crate::error::Error;
use crate::ir::{
    EnumType, EnumVariant, ExtraField, Field, FieldShape, Ident, StringFormat, StructType, TypeId, TypeKind, TypeRef,
    UnionType, UnionVariant,
};
use crate::openapi::{component_name, Schema};
use crate::schema::{has_structure_besides_ref, Merged, Polymorphic};
use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use serde_json::Value;

impl<'d> Lowerer<'d> {
    /// Lower `s`. When it needs a named type, that type is `slot` if given, else a new type
    /// named after `hint`.
    pub(crate) fn lower_schema(&mut self, s: &Schema, hint: &str, slot: Option<TypeId>) -> Result<TypeRef, Error> {
        let nullable = self.sem.is_nullable(s);
        let ty = self.lower_non_null(s, hint, slot)?;
        Ok(wrap_nullable(ty, nullable))
    }

    fn lower_non_null(&mut self, s: &Schema, hint: &str, slot: Option<TypeId>) -> Result<TypeRef, Error> {
        if s.never {
            return Ok(TypeRef::Any);
        }
        if let Some(target) = &s.reference {
            if has_structure_besides_ref(s) {
                return self.lower_all_of(s, hint, slot);
            }
            let ty = self.ref_type(target)?;
            return Ok(strip_nullable(ty));
        }
        if let Some(value) = s.const_value.as_ref().filter(|v| !v.is_null()) {
            return Ok(self.lower_enum(s, std::slice::from_ref(value), hint, slot));
        }
        if let Some(values) = &s.enum_values {
            return Ok(self.lower_enum(s, values, hint, slot));
        }
        if !s.all_of.is_empty() {
            return self.lower_all_of(s, hint, slot);
        }
        if !s.properties.is_empty() {
            return self.lower_object(s, hint, slot);
        }
        let members: Vec<&Schema> = s.any_of.iter().chain(&s.one_of).filter(|m| !self.sem.is_null_only(m)).collect();
        match members.len() {
            0 if !s.any_of.is_empty() || !s.one_of.is_empty() => return Ok(TypeRef::Unit),
            0 => {}
            1 => return self.lower_non_null(members[0], hint, slot),
            _ => return self.lower_union(s, &members, hint, slot),
        }
        let types: Vec<&str> = s.types.iter().map(String::as_str).filter(|t| *t != "null").collect();
        match types.as_slice() {
            [] if s.has_type("null") => Ok(TypeRef::Unit),
            [] if s.items.is_some() => self.lower_array(s, hint),
            [] if s.additional_properties.is_some() => self.lower_object(s, hint, slot),
            [] => Ok(TypeRef::Any),
            [one] => self.lower_single_type(s, one, hint, slot),
            many => {
                let members: Vec<TypeRef> =
                    many.iter().map(|t| self.lower_single_type(s, t, hint, None)).collect::<Result<_, _>>()?;
                let id = self.alloc(slot, hint, s);
                let variants = members.into_iter().map(|ty| (ty, Vec::new(), None)).collect();
                self.finish_union(id, None, variants);
                Ok(TypeRef::Named(id))
            }
        }
    }

    fn lower_single_type(&mut self, s: &Schema, ty: &str, hint: &str, slot: Option<TypeId>) -> Result<TypeRef, Error> {
        Ok(match ty {
            "string" if s.format.as_deref() == Some("binary") => TypeRef::Bytes,
            "string" => match s.format.as_deref().and_then(crate::ir::StringFormat::from_name) {
                Some(format) if self.formats.contains(&format) => TypeRef::Format(format),
                _ => TypeRef::String,
            },
            "integer" if s.format.as_deref() == Some("int32") => TypeRef::Integer32,
            "integer" => TypeRef::Integer64,
            "number" => TypeRef::Number,
            "boolean" => TypeRef::Boolean,
            "array" => return self.lower_array(s, hint),
            "object" => return self.lower_object(s, hint, slot),
            _ => TypeRef::Unit,
        })
    }

    fn lower_array(&mut self, s: &Schema, hint: &str) -> Result<TypeRef, Error> {
        let item = match &s.items {
            Some(items) => self.lower_schema(items, &format!("{hint}Item"), None)?,
            None => TypeRef::Any,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    /// The type a `$ref` target stands for: its named type, nullable when the target is.
    pub(crate) fn ref_type(&mut self, target: &str) -> Result<TypeRef, Error> {
        if let Some(name) = component_name(target) {
            let id = self.components[&name];
            let nullable = self.sem.is_nullable(&self.doc.schemas[&name]);
            return Ok(wrap_nullable(TypeRef::Named(id), nullable));
        }
        let doc = self.doc;
        let schema = doc.other_schemas.get(target).expect("references were checked when the document was read");
        let nullable = self.sem.is_nullable(schema);
        if let Some(ty) = self.other.get(target) {
            return Ok(wrap_nullable(ty.clone(), nullable));
        }
        // The slot is registered before lowering so that a schema reaching itself terminates.
        let name = self.type_names.claim(&naming::type_name(&hint_from_pointer(target)));
        let id = self.push_type(name.clone(), schema);
        self.other.insert(target.to_owned(), TypeRef::Named(id));
        let lowered = strip_nullable(self.lower_schema(schema, &name, Some(id))?);
        if lowered != TypeRef::Named(id) {
            self.types[id.0].kind = TypeKind::Alias(lowered);
        }
        Ok(wrap_nullable(TypeRef::Named(id), nullable))
    }

    /// A property's description; for `anyOf [X, null]` written inline, X's.
    fn field_doc(&self, ps: &Schema) -> Option<String> {
        if let Some(d) = ps.description.clone().or_else(|| ps.title.clone()) {
            return Some(d);
        }
        let members: Vec<&Schema> = ps.any_of.iter().chain(&ps.one_of).filter(|m| !self.sem.is_null_only(m)).collect();
        match members.as_slice() {
            [one] if one.reference.is_none() => one.description.clone(),
            _ => None,
        }
    }

    /// The named type for `s`: the given slot, or a new type named after `hint`.
    fn alloc(&mut self, slot: Option<TypeId>, hint: &str, s: &Schema) -> TypeId {
        match slot {
            Some(id) => {
                let def = &mut self.types[id.0];
                if def.doc.is_none() {
                    def.doc = s.description.clone().or_else(|| s.title.clone());
                }
                def.deprecated |= s.deprecated;
                id
            }
            None => {
                let name = self.type_names.claim(&self.wanted_name(hint, s));
                self.push_type(name, s)
            }
        }
    }

    /// A closed object (`additionalProperties: false`) that requires a property it does not
    /// declare can never be valid: the property has no field and no other key is kept, so
    /// the warning says so (once per schema).
    fn warn_required_undeclared(&mut self, s: &Schema, props: &IndexMap<&str, &Schema>, required: &[&str]) {
        for wire in required.iter().filter(|r| !props.contains_key(**r)) {
            let ptr = match s.required.iter().position(|r| r == wire) {
                Some(i) => crate::error::push_pointer(&crate::error::push_pointer(&s.ptr, "required"), &i.to_string()),
                None => s.ptr.clone(),
            };
            if self.warnings.iter().any(|w| w.pointer() == Some(ptr.as_str()) && w.message.contains(wire)) {
                continue;
            }
            self.warnings.push(Error::at(
                ptr,
                format!(
                    "required property `{wire}` is not among the `properties` of an object with \
                     `additionalProperties: false`; it has no field, and is dropped when read"
                ),
            ));
        }
    }

    /// The name a new type asks for: the hint's, or, where a type has it, a name the schema
    /// offers (its title, where it reads as a name; else the hint and the one value the
    /// schema pins), before the hint's name is numbered (`MessageObject2`).
    fn wanted_name(&self, hint: &str, s: &Schema) -> String {
        let wanted = naming::type_name(hint);
        if !self.type_names.contains(&wanted) {
            return wanted;
        }
        let title = title_name(s).filter(|t| camel_words(t).len() >= 2);
        let pinned = self.pinned_value(s).map(|v| format!("{wanted}{}", naming::variant_name(&v)));
        title.into_iter().chain(pinned).find(|n| !self.type_names.contains(n)).unwrap_or(wanted)
    }

    /// The one string a schema allows (`const`, a one-value `enum`), or that one of its
    /// properties pins (`type: {const: message}`): the value that tells it apart.
    fn pinned_value(&self, s: &Schema) -> Option<String> {
        let one = |s: &Schema| -> Option<String> {
            let values: Vec<&str> =
                s.const_value.iter().chain(s.enum_values.iter().flatten()).filter_map(Value::as_str).collect();
            match values.as_slice() {
                [only] => Some((*only).to_owned()),
                _ => None,
            }
        };
        one(s).or_else(|| s.properties.values().find_map(|p| one(self.sem.resolve(p))))
    }

    fn lower_enum(&mut self, s: &Schema, values: &[Value], hint: &str, slot: Option<TypeId>) -> TypeRef {
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            return TypeRef::Unit;
        }
        if values.iter().all(|v| v.is_string()) {
            let wires: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
            let id = self.alloc(slot, hint, s);
            let default = s.default.as_ref().and_then(Value::as_str).map(str::to_owned);
            self.types[id.0].kind = TypeKind::Enum(string_enum(&wires, default.as_deref()));
            return TypeRef::Named(id);
        }
        if values.iter().all(|v| v.is_i64() || v.is_u64()) {
            return if s.format.as_deref() == Some("int32") { TypeRef::Integer32 } else { TypeRef::Integer64 };
        }
        if values.iter().all(|v| v.is_number()) {
            return TypeRef::Number;
        }
        if values.iter().all(|v| v.is_boolean()) {
            return TypeRef::Boolean;
        }
        TypeRef::Any
    }

    fn lower_object(&mut self, s: &Schema, hint: &str, slot: Option<TypeId>) -> Result<TypeRef, Error> {
        if s.properties.is_empty() {
            return match s.additional_properties.as_deref() {
                Some(ap) if ap.never => {
                    let id = self.alloc(slot, hint, s);
                    self.types[id.0].kind = TypeKind::Struct(StructType {
                        fields: Vec::new(),
                        required_order: Vec::new(),
                        extra: None,
                        closed: true,
                    });
                    Ok(TypeRef::Named(id))
                }
                Some(ap) if !ap.is_unconstrained() => {
                    let value = self.lower_schema(ap, &format!("{hint}Value"), None)?;
                    Ok(TypeRef::Map(Box::new(value)))
                }
                _ => Ok(TypeRef::Any),
            };
        }
        let props: IndexMap<&str, &Schema> = s.properties.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let required: Vec<&str> = s.required.iter().map(String::as_str).collect();
        self.struct_type(s, props, &required, s.additional_properties.as_deref(), hint, slot)
    }

    fn struct_type(
        &mut self,
        s: &Schema,
        props: IndexMap<&str, &Schema>,
        required: &[&str],
        additional: Option<&Schema>,
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<TypeRef, Error> {
        let id = self.alloc(slot, hint, s);
        let name = self.types[id.0].name.clone();
        if additional.is_some_and(|ap| ap.never) {
            self.warn_required_undeclared(s, &props, required);
        }
        let mut names = Namespace::default();
        // The first property's spelling of each normalized name, to tell which renames come
        // from Unicode normalization alone.
        let mut spellings: std::collections::HashMap<String, (String, &str)> = std::collections::HashMap::new();
        let mut fields = Vec::with_capacity(props.len());
        for (wire, ps) in props {
            let wanted = naming::snake_name(wire, "field");
            let field_name = names.claim(&wanted);
            match spellings.get(&*naming::nfc(&wanted)) {
                Some((spelling, other)) if *spelling != wanted => self.warnings.push(Error::at(
                    ps.ptr.clone(),
                    format!(
                        "property `{wire}` has the same Rust name as `{other}` once Unicode-normalized (NFC); its \
                         field is `{field_name}`"
                    ),
                )),
                Some(_) => {}
                None => {
                    spellings.insert(naming::nfc(&wanted).into_owned(), (wanted.clone(), wire));
                }
            }
            let ty = self.property_type(ps, &s.ptr, &format!("{name}{}", wire.to_upper_camel_case()))?;
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            fields.push(Field {
                name: Ident::new(&field_name),
                wire: wire.to_owned(),
                ty,
                shape: FieldShape::of(required.contains(&wire), nullable),
                boxed: false,
                doc: self.field_doc(ps),
                deprecated: ps.deprecated,
                flatten: false,
            });
        }
        let extra = match additional {
            Some(ap) if !ap.never && !ap.is_unconstrained() => Some(ExtraField {
                name: Ident::new(&extra_field_name(&names)),
                ty: self.property_type(ap, &s.ptr, &format!("{name}Value"))?,
            }),
            _ => None,
        };
        let mut required_order: Vec<usize> = Vec::new();
        for wire in required {
            if let Some(i) = fields.iter().position(|f| f.wire == *wire) {
                if !required_order.contains(&i) {
                    required_order.push(i);
                }
            }
        }
        let closed = additional.is_some_and(|ap| ap.never);
        self.types[id.0].kind = TypeKind::Struct(StructType { fields, required_order, extra, closed });
        Ok(TypeRef::Named(id))
    }

    /// The type of a property schema of the struct lowered from `owner` (a pointer): lowered
    /// once per schema, wherever it is met again. A property inherited through `allOf` (or
    /// shared by the members of a union) is the type of the schema that declares it, named
    /// after that schema, never a copy per struct: 300 children of a base with 300 inline
    /// properties make 300 property types, not 90,000.
    fn property_type(&mut self, ps: &Schema, owner: &str, hint: &str) -> Result<TypeRef, Error> {
        if let Some(ty) = self.properties.get(&ps.ptr) {
            return Ok(ty.clone());
        }
        let inherited = !ps.ptr.starts_with(owner) || ps.ptr.as_bytes().get(owner.len()) != Some(&b'/');
        let hint = if inherited { naming::type_name(&hint_from_pointer(&ps.ptr)) } else { hint.to_owned() };
        let ty = self.lower_schema(ps, &hint, None)?;
        self.properties.insert(ps.ptr.clone(), ty.clone());
        Ok(ty)
    }

    /// `allOf` (and `$ref` with structural siblings): one struct with every part's properties.
    fn lower_all_of(&mut self, s: &Schema, hint: &str, slot: Option<TypeId>) -> Result<TypeRef, Error> {
        let parts: Vec<&Schema> = s.all_of.iter().filter(|p| !p.is_unconstrained()).collect();
        let has_own = !s.properties.is_empty() || !s.any_of.is_empty() || !s.one_of.is_empty();
        let sem = self.sem;
        // Only a `required` beside the parts (or in a part that says nothing else) can make
        // `allOf: [Base]` more than Base; without one, Base is not merged at all, so each
        // link of a long chain of such `allOf`s costs one step, not the rest of the chain.
        let required_beside =
            !s.required.is_empty() || s.all_of.iter().any(|p| p.is_unconstrained() && !p.required.is_empty());
        if !has_own {
            match (&s.reference, parts.as_slice()) {
                (Some(target), []) => return Ok(strip_nullable(self.ref_type(target)?)),
                // A subtype that only `allOf`s a polymorphic base is a struct of the base's
                // properties, not the union the base stands for.
                (None, [one]) if !required_beside && !self.is_base_ref(one) => {
                    return self.lower_non_null(one, hint, slot)
                }
                _ => {}
            }
        }
        let merged = sem.merge(s)?;
        if !has_own {
            if let (None, [one]) = (&s.reference, parts.as_slice()) {
                // `allOf: [Base]` with a `required` beside is Base, unless it asks for more
                // than Base requires.
                if !sem.adds_required(&merged, one)? && !self.is_base_ref(one) {
                    return self.lower_non_null(one, hint, slot);
                }
            }
        }
        if merged.properties.is_empty() {
            // Nothing to merge: the one union or primitive part is the type.
            return match merged.union_part().or(merged.primitive) {
                Some(part) => self.lower_non_null(part, hint, slot),
                None => Ok(TypeRef::Any),
            };
        }
        if let Some(part) = merged.union_part() {
            let members = sem.non_null_members(part);
            if !members.iter().any(|m| sem.is_object_like(m)) {
                // Properties beside a union of non-objects constrain nothing a value can hold.
                return self.lower_non_null(part, hint, slot);
            }
            let id = self.alloc(slot, hint, s);
            return self.union_members(part, &members, id, Some(&merged));
        }
        let lowered = self.struct_type(s, merged.properties, &merged.required, merged.additional, hint, slot)?;
        if let (TypeRef::Named(child), Some(base)) = (&lowered, self.single_base(s)) {
            self.inherits.push((*child, base));
        }
        Ok(lowered)
    }

    /// The component `s` extends when it is an `allOf` of one plain `$ref` to a component
    /// (not a polymorphic base) and of parts that refer to nothing: what a child may hold as
    /// one flattened field (`shared_bases`).
    fn single_base(&self, s: &Schema) -> Option<TypeId> {
        if s.reference.is_some() {
            return None;
        }
        let mut refs = s.all_of.iter().filter(|p| p.reference.is_some());
        let part = refs.next()?;
        if refs.next().is_some() || has_structure_besides_ref(part) || self.is_base_ref(part) {
            return None;
        }
        if s.all_of.iter().any(|p| !p.all_of.is_empty()) {
            return None;
        }
        let name = part.reference.as_deref().and_then(component_name)?;
        self.components.get(&name).copied()
    }

    /// Whether `s` is a plain reference to a polymorphic base.
    fn is_base_ref(&self, s: &Schema) -> bool {
        s.reference.as_deref().and_then(component_name).is_some_and(|n| self.bases.contains_key(&n))
    }

    /// A polymorphic base (type `id`): the union of its subtypes, tagged by the base's
    /// discriminator property, with the fallback of every union.
    pub(crate) fn lower_polymorphic(&mut self, s: &Schema, base: &Polymorphic, id: TypeId) -> Result<(), Error> {
        self.alloc(Some(id), "", s);
        let mut variants = Vec::with_capacity(base.subtypes.len());
        for sub in &base.subtypes {
            let ty = strip_nullable(self.ref_type(&sub.pointer)?);
            variants.push((ty, sub.tags.clone(), None));
        }
        self.finish_union(id, Some(base.property.clone()), variants);
        Ok(())
    }

    /// An object member of `allOf: [{oneOf: [A, B]}, {properties: P}]`: the member's own
    /// properties, then those of `shared` it does not declare; `required` adds up. A member
    /// that is itself a union keeps its own type.
    fn member_with_shared(&mut self, m: &Schema, shared: &Merged<'_>, hint: &str) -> Result<TypeRef, Error> {
        let sem = self.sem;
        let target = sem.resolve(m);
        let own = sem.merge(target)?;
        if !own.unions.is_empty() {
            self.warnings.push(Error::at(
                m.ptr.clone(),
                "a union member that is a union itself does not take the properties its `allOf` sibling declares",
            ));
            return self.lower_schema(m, hint, None);
        }
        let mut props = own.properties;
        let mut required = own.required;
        for (wire, p) in &shared.properties {
            props.entry(wire).or_insert(p);
        }
        for r in &shared.required {
            if !required.contains(r) {
                required.push(r);
            }
        }
        self.struct_type(target, props, &required, own.additional.or(shared.additional), hint, None)
    }

    fn lower_union(
        &mut self,
        s: &Schema,
        members: &[&Schema],
        hint: &str,
        slot: Option<TypeId>,
    ) -> Result<TypeRef, Error> {
        // Strings only: one enum, or an open string when any member takes any string.
        let strings: Option<Vec<Option<Vec<String>>>> = members.iter().map(|m| self.sem.string_values(m)).collect();
        if let Some(strings) = strings {
            let open = strings.iter().any(Option::is_none);
            let mut known: Vec<String> = Vec::new();
            for v in strings.into_iter().flatten().flatten() {
                if !known.contains(&v) {
                    known.push(v);
                }
            }
            if open && known.is_empty() {
                return Ok(TypeRef::String);
            }
            let id = self.alloc(slot, hint, s);
            let default = s.default.as_ref().and_then(Value::as_str);
            let mut e = string_enum(&known, default);
            if open {
                let mut names = Namespace::default();
                for v in &mut e.variants {
                    v.name = names.claim(&naming::const_name(&v.wire));
                }
                self.types[id.0].kind = TypeKind::OpenString(e);
            } else {
                self.types[id.0].kind = TypeKind::Enum(e);
            }
            return Ok(TypeRef::Named(id));
        }

        let id = self.alloc(slot, hint, s);
        self.union_members(s, members, id, None)
    }

    /// The variants of union `s` (type `id`), each member's object type carrying the
    /// properties of `shared` where the union is one part of an `allOf` that declares some.
    fn union_members(
        &mut self,
        s: &Schema,
        members: &[&Schema],
        id: TypeId,
        shared: Option<&Merged<'_>>,
    ) -> Result<TypeRef, Error> {
        let tag = self.sem.find_tag(s, members);
        let name = self.types[id.0].name.clone();
        let titles = title_labels(members);
        let own_properties = distinguishing_properties(&self.sem, members);
        let mut variants = Vec::with_capacity(members.len());
        for (i, m) in members.iter().enumerate() {
            let tags = tag.as_ref().map(|t| t.values[i].clone()).unwrap_or_default();
            // A title, else the property only this member has, replaces only the shape name
            // that says nothing (`Object`, which two members would share).
            let label = match (tags.first(), self.shape_label(m), &titles[i], &own_properties[i]) {
                (Some(t), _, _, _) => naming::variant_name(t),
                (None, Some(shape), Some(title), _) if shape == GENERIC_SHAPE => title.clone(),
                (None, Some(shape), None, Some(property)) if shape == GENERIC_SHAPE => property.clone(),
                (None, Some(shape), _, _) => shape,
                (None, None, _, _) => m
                    .reference
                    .as_deref()
                    .and_then(component_name)
                    .map(|n| naming::type_name(&n))
                    .unwrap_or_else(|| format!("Variant{}", i + 1)),
            };
            let hint = format!("{name}{label}");
            let ty = match shared {
                Some(shared) if self.sem.is_object_like(m) => self.member_with_shared(m, shared, &hint)?,
                _ => self.lower_schema(m, &hint, None)?,
            };
            let ty = strip_nullable(ty);
            variants.push((ty, tags, Some(label)));
        }
        self.finish_union(id, tag.map(|t| t.property), variants);
        Ok(TypeRef::Named(id))
    }

    /// Name the variants, merge duplicates, order untagged ones from specific to general.
    pub(super) fn finish_union(
        &mut self,
        id: TypeId,
        tag: Option<String>,
        members: Vec<(TypeRef, Vec<String>, Option<String>)>,
    ) {
        let union_name = self.types[id.0].name.clone();
        let mut merged: Vec<(TypeRef, Vec<String>, Option<String>)> = Vec::new();
        for (ty, tags, label) in members {
            match merged.iter_mut().find(|(t, _, _)| *t == ty) {
                Some((_, existing, _)) => existing.extend(tags),
                None => merged.push((ty, tags, label)),
            }
        }
        // Untagged members are tried in order: specific shapes before catch-alls.
        let ranks: Vec<(usize, i64)> =
            merged.iter().map(|(ty, tags, _)| self.untagged_rank(ty, !tags.is_empty())).collect();
        let mut order: Vec<usize> = (0..merged.len()).collect();
        order.sort_by_key(|&i| ranks[i]);
        let labels = self.variant_labels(&merged.iter().map(|(ty, _, _)| ty).collect::<Vec<_>>(), &union_name);
        let mut names = Namespace::default();
        let mut variants = Vec::with_capacity(merged.len());
        for i in order {
            let (ty, tags, _) = &merged[i];
            let v = UnionVariant {
                name: names.claim(&labels[i]),
                ty: ty.clone(),
                boxed: false,
                tags: tags.clone(),
                constructor: None,
            };
            variants.push(v);
        }
        name_constructors(&mut variants);
        let fallback = names.fallback();
        self.types[id.0].kind = TypeKind::Union(UnionType { tag, variants, fallback, selected_by: None });
    }

    /// A name for an inline union member from its shape (where its title names none, see
    /// [`title_labels`]): the values
    /// of a small enum, the value an object pins, `Object`, `Item` for arrays.
    fn shape_label(&self, m: &Schema) -> Option<String> {
        if m.reference.is_some() {
            return None;
        }
        let values: Vec<&str> =
            m.const_value.iter().chain(m.enum_values.iter().flatten()).filter_map(Value::as_str).collect();
        if !values.is_empty() {
            return Some(if values.len() <= 3 {
                values.iter().map(|v| naming::variant_name(v)).collect()
            } else {
                "Enum".to_owned()
            });
        }
        if m.items.is_some() || m.has_type("array") {
            return Some(String::new());
        }
        if !m.properties.is_empty() || m.has_type("object") {
            for (_, p) in &m.properties {
                let p = self.sem.resolve(p);
                let pinned: Vec<&str> =
                    p.const_value.iter().chain(p.enum_values.iter().flatten()).filter_map(Value::as_str).collect();
                if let [one] = pinned.as_slice() {
                    return Some(naming::variant_name(one));
                }
            }
            return Some(GENERIC_SHAPE.to_owned());
        }
        None
    }

    /// Order the untagged variants of every union again, now that every type is lowered: a
    /// union lowered before the components it names saw them as placeholders (an array
    /// alias ranked as a catch-all, tried after a union that takes anything).
    pub(crate) fn order_untagged_variants(&mut self) {
        for i in 0..self.types.len() {
            let TypeKind::Union(u) = &self.types[i].kind else { continue };
            let ranks: Vec<(usize, i64)> =
                u.variants.iter().map(|v| self.untagged_rank(&v.ty, !v.tags.is_empty())).collect();
            let mut order: Vec<usize> = (0..ranks.len()).collect();
            order.sort_by_key(|&k| ranks[k]);
            if let TypeKind::Union(u) = &mut self.types[i].kind {
                let mut old: Vec<Option<UnionVariant>> =
                    std::mem::take(&mut u.variants).into_iter().map(Some).collect();
                u.variants = order.into_iter().filter_map(|k| old[k].take()).collect();
            }
        }
    }

    /// Sort key for trying members without a tag: lower is tried first.
    fn untagged_rank(&self, ty: &TypeRef, tagged: bool) -> (usize, i64) {
        self.rank_at(ty, tagged, 0)
    }

    /// [`Self::untagged_rank`], looking through at most 16 aliases (a cycle of aliases is
    /// reported later, by the layout pass).
    fn rank_at(&self, ty: &TypeRef, tagged: bool, depth: usize) -> (usize, i64) {
        if tagged {
            return (0, 0);
        }
        if depth > 16 {
            return (7, 0);
        }
        match ty {
            TypeRef::Integer32 | TypeRef::Integer64 | TypeRef::Boolean | TypeRef::Unit => (1, 0),
            TypeRef::Number | TypeRef::String | TypeRef::Bytes | TypeRef::Array(_) => (2, 0),
            // Stricter than any string: tried before one.
            TypeRef::Format(_) => (2, -1),
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(st) => {
                    let required = st.fields.iter().filter(|f| f.shape.is_required()).count() as i64;
                    if required > 0 {
                        (3, -required)
                    } else {
                        (5, -(st.fields.len() as i64))
                    }
                }
                TypeKind::Enum(_) | TypeKind::OpenString(_) => (2, 1),
                TypeKind::Union(_) => (4, 0),
                TypeKind::Alias(t) | TypeKind::Newtype(t) => self.rank_at(t, false, depth + 1),
            },
            TypeRef::Map(_) => (6, 0),
            TypeRef::Nullable(inner) => self.rank_at(inner, false, depth + 1),
            TypeRef::Any => (7, 0),
        }
    }

    /// The variant names of a union's members, by one rule for every union: a member's type
    /// name without the words the union's name has (`ChatCompletionRequestUserMessage` in
    /// `ChatCompletionRequestMessage` is `User`), `Array` for the one list member. Where that
    /// leaves a name empty or two alike, the union keeps the longer names of
    /// [`Self::variant_label`] for all its members, so a name never depends on a sibling's
    /// numbering.
    fn variant_labels(&self, members: &[&TypeRef], union_name: &str) -> Vec<String> {
        let union_words = camel_words(union_name);
        let arrays = members.iter().filter(|t| matches!(t.non_null(), TypeRef::Array(_))).count();
        let short: Option<Vec<String>> =
            members.iter().map(|t| self.short_label(t, &union_words, arrays == 1)).collect();
        match short {
            Some(labels) if labels.iter().collect::<std::collections::HashSet<_>>().len() == labels.len() => labels,
            _ => members.iter().map(|t| self.variant_label(t, union_name)).collect(),
        }
    }

    /// A member's short name (see [`Self::variant_labels`]); `None` when no word is left.
    fn short_label(&self, ty: &TypeRef, union_words: &[&str], sole_array: bool) -> Option<String> {
        match ty {
            TypeRef::Named(id) => {
                let words = camel_words(&self.types[id.0].name);
                let mut name: String = words.iter().filter(|w| !union_words.contains(w)).copied().collect();
                if name.is_empty() || name == "Self" {
                    return None;
                }
                if name.starts_with(|c: char| c.is_ascii_digit()) {
                    name.insert(0, 'V');
                }
                Some(name)
            }
            TypeRef::Nullable(inner) => self.short_label(inner, union_words, sole_array),
            TypeRef::Array(_) if sole_array => Some("Array".into()),
            TypeRef::Array(inner) => Some(format!("{}Array", self.short_label(inner, union_words, false)?)),
            other => Some(self.variant_label(other, "")),
        }
    }

    /// A variant name derived from the variant's type, never from free text.
    fn variant_label(&self, ty: &TypeRef, union_name: &str) -> String {
        match ty {
            TypeRef::Named(id) => strip_union_name(&self.types[id.0].name, union_name),
            TypeRef::String => "String".into(),
            TypeRef::Format(StringFormat::DateTime) => "DateTime".into(),
            TypeRef::Format(StringFormat::Date) => "Date".into(),
            TypeRef::Format(StringFormat::Uuid) => "Uuid".into(),
            TypeRef::Format(StringFormat::Uri) => "Url".into(),
            TypeRef::Integer32 | TypeRef::Integer64 => "Integer".into(),
            TypeRef::Number => "Number".into(),
            TypeRef::Boolean => "Boolean".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Any => "Value".into(),
            TypeRef::Unit => "Null".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Nullable(inner) => self.variant_label(inner, union_name),
            TypeRef::Array(inner) => format!("{}Array", self.variant_label(inner, union_name)),
        }
    }
}

/// The name of an inline object member that pins no value: its title names it instead.
const GENERIC_SHAPE: &str = "Object";

/// The longest title, in words, that names an inline union member.
const MAX_TITLE_WORDS: usize = 4;

/// Per member, its title as a type name where the title reads as a name: an inline member,
/// at most [`MAX_TITLE_WORDS`] words of letters and digits, and no other member's title
/// giving the same name. A title that is a sentence, or shared, names nothing.
fn title_labels(members: &[&Schema]) -> Vec<Option<String>> {
    let labels: Vec<Option<String>> = members.iter().map(|m| title_name(m).filter(|_| m.reference.is_none())).collect();
    labels.iter().map(|l| l.clone().filter(|l| labels.iter().filter(|o| o.as_ref() == Some(l)).count() == 1)).collect()
}

/// A schema's title as a type name, where it reads as one: at most [`MAX_TITLE_WORDS`] words of
/// letters and digits (a sentence names nothing).
fn title_name(s: &Schema) -> Option<String> {
    let title = s.title.as_deref()?.trim();
    let plain = title.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'));
    let name = naming::type_name(title);
    (plain && !title.is_empty() && camel_words(&name).len() <= MAX_TITLE_WORDS).then_some(name)
}

/// Per member, where its label would be the generic `Object`: the property that tells it
/// apart, one it requires (or its only one) that no other member declares, as a name
/// (`{targetUrl}`, `{magnetUri}` → `TargetUrl`, `MagnetUri`). Members that are references are
/// read through them.
fn distinguishing_properties(sem: &crate::schema::Semantics<'_>, members: &[&Schema]) -> Vec<Option<String>> {
    let resolved: Vec<&Schema> = members.iter().map(|m| sem.resolve(m)).collect();
    resolved
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let own = |name: &&String| {
                resolved.iter().enumerate().all(|(j, o)| j == i || !o.properties.contains_key(name.as_str()))
            };
            let required = m.required.iter().filter(|r| m.properties.contains_key(r.as_str())).find(own);
            let only = match m.properties.keys().collect::<Vec<_>>().as_slice() {
                [one] => Some(*one).filter(own),
                _ => None,
            };
            Some(naming::type_name(required.or(only)?))
        })
        .collect()
}

/// A string enum with unique variant names and a fallback name no variant uses.
fn string_enum(wires: &[String], default: Option<&str>) -> EnumType {
    let mut names = Namespace::default();
    let mut variants: Vec<EnumVariant> = Vec::new();
    for w in wires {
        if variants.iter().any(|v| &v.wire == w) {
            continue;
        }
        variants.push(EnumVariant { name: names.claim(&naming::variant_name(w)), wire: w.clone() });
    }
    let fallback = names.fallback();
    // A one-value enum defaults to its value, so structs tagged with it can derive Default.
    let default = match default {
        Some(d) => variants.iter().position(|v| v.wire == d),
        None if variants.len() == 1 => Some(0),
        None => None,
    };
    EnumType { variants, fallback, default }
}

/// The name of the field that keeps undeclared keys: one the declared fields did not take.
pub(super) fn extra_field_name(fields: &Namespace) -> String {
    ["additional_properties", "extra_properties", "other_properties"]
        .into_iter()
        .find(|n| !fields.contains(n))
        .unwrap_or("additional_properties_")
        .to_owned()
}

fn wrap_nullable(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        // `null` is already a JSON value, and `()` already means null.
        TypeRef::Any | TypeRef::Unit | TypeRef::Nullable(_) => ty,
        ty if nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}

fn strip_nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => *inner,
        other => other,
    }
}

/// Drop the words a variant's type shares with the union's name (`ChatCompletionRequest` +
/// `DeveloperMessage`), and the union's name itself, which clippy objects to.
fn strip_union_name(variant: &str, union_name: &str) -> String {
    let vw = camel_words(variant);
    let uw = camel_words(union_name);
    let common = vw.iter().zip(&uw).take_while(|(a, b)| a == b).count();
    let mut rest: Vec<&str> = vw[common.min(vw.len().saturating_sub(1))..].to_vec();
    if rest.len() > uw.len() && rest[rest.len() - uw.len()..] == uw[..] {
        rest.truncate(rest.len() - uw.len());
    }
    let mut name: String = rest.concat();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == union_name || name.starts_with(union_name) {
        name = format!("Variant{name}");
    }
    name
}

/// A readable name for a schema that only a pointer identifies.
fn hint_from_pointer(ptr: &str) -> String {
    const SKIP: [&str; 12] = [
        "components",
        "schemas",
        "properties",
        "items",
        "paths",
        "content",
        "schema",
        "allOf",
        "anyOf",
        "oneOf",
        "additionalProperties",
        "application/json",
    ];
    let tokens = crate::error::pointer_tokens(ptr);
    // A local definition (`…/$defs/Pet`) is named by its key, as a component is.
    if let [.., defs, key] = tokens.as_slice() {
        if defs == "$defs" || defs == "definitions" {
            return key.clone();
        }
    }
    let words: Vec<String> = tokens
        .iter()
        .filter(|t| !SKIP.contains(&t.as_str()) && !t.chars().all(|c| c.is_ascii_digit()))
        .map(|t| t.to_upper_camel_case())
        .collect();
    let start = words.len().saturating_sub(3);
    words[start..].concat()
}

/// Name each variant's constructor after its one tag value (`user`), unless two variants
/// would share the name or it is one every type has (`new`, `from`, `into`, `clone`).
fn name_constructors(variants: &mut [UnionVariant]) {
    let candidates: Vec<Option<String>> = variants
        .iter()
        .map(|v| match v.tags.as_slice() {
            [one] => Some(naming::snake_name(one, "variant")),
            _ => None,
        })
        .collect();
    for (v, name) in variants.iter_mut().zip(&candidates) {
        let Some(name) = name else { continue };
        let unique = candidates.iter().filter(|c| c.as_ref() == Some(name)).count() == 1;
        if unique && !["new", "from", "into", "clone", "default"].contains(&name.as_str()) {
            v.constructor = Some(crate::ir::Ident::new(name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strip_union_name;

    #[test]
    fn variant_names_drop_the_shared_words() {
        assert_eq!(
            strip_union_name("ChatCompletionRequestDeveloperMessage", "ChatCompletionRequestMessage"),
            "DeveloperMessage"
        );
        assert_eq!(strip_union_name("ItemReference", "Item"), "Reference");
        assert_eq!(strip_union_name("InputItem", "Item"), "Input");
        assert_eq!(strip_union_name("Foo", "Foo"), "VariantFoo");
    }
}
