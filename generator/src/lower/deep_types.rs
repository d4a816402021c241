//! A field of maps in maps in maps (`BTreeMap<String, BTreeMap<String, BTreeMap<String, T>>>`,
//! common in telemetry schemas) is a type clippy's `type_complexity` rejects once it is
//! optional. Such a field's type gets a name of its own, `pub type {Struct}{Field} = …;`, in
//! the struct's module: the field reads as one name, and the alias costs no code.

use super::{naming, Lowerer};
use crate::error::push_pointer;
use crate::ir::{Module, TypeDef, TypeId, TypeKind, TypeRef};

/// Collections nested this deep (or deeper) get a name.
const DEPTH: usize = 3;

/// How many arrays and maps are nested in `ty` (nullability aside).
fn depth(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => 1 + depth(inner),
        TypeRef::Nullable(inner) => depth(inner),
        _ => 0,
    }
}

impl Lowerer<'_> {
    /// Give every deeply nested field type of every struct its own alias.
    pub(crate) fn name_deep_field_types(&mut self) {
        for owner in 0..self.types.len() {
            let TypeKind::Struct(s) = &self.types[owner].kind else { continue };
            let deep: Vec<usize> = (0..s.fields.len()).filter(|&i| depth(&s.fields[i].ty) >= DEPTH).collect();
            for i in deep {
                let TypeKind::Struct(s) = &self.types[owner].kind else { break };
                let field = &s.fields[i];
                let def = &self.types[owner];
                let name = self.type_names.claim(&naming::type_name(&format!("{}_{}", def.name, field.name.as_str())));
                let id = TypeId(self.types.len());
                let alias = TypeDef {
                    id,
                    name,
                    origin: push_pointer(&push_pointer(&def.origin, "properties"), &field.wire),
                    doc: None,
                    deprecated: false,
                    module: Module::Unreferenced,
                    form: false,
                    part_encodings: Vec::new(),
                    features: Vec::new(),
                    sent: false,
                    kind: TypeKind::Alias(field.ty.clone()),
                };
                self.types.push(alias);
                if let TypeKind::Struct(s) = &mut self.types[owner].kind {
                    s.fields[i].ty = TypeRef::Named(id);
                }
            }
        }
    }
}
