//! Where `null` is allowed, decided once: after this pass a field carries its non-null type
//! and its [`FieldShape`] says whether it may be absent and whether it may be `null`;
//! [`TypeRef::Nullable`] is left only inside lists and maps (a list of nullable values), where
//! no field can say it. Named types are never nullable themselves: an alias of a nullable type
//! (`Metadata = {type: [object, null]}`) names the non-null type, and each of its uses is
//! nullable instead. Emitters, the public-API record and the differ read this one answer.

use crate::ir::{Api, FieldShape, TypeKind, TypeRef};

/// Settle nullability in the whole API.
pub(crate) fn settle(api: &mut Api) {
    let nullable = nullable_aliases(api);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    let null = strip(&mut f.ty, &nullable);
                    if null {
                        f.shape = FieldShape::of(f.shape.is_required(), true);
                    }
                    inside(&mut f.ty, &nullable);
                }
                if let Some(extra) = &mut s.extra {
                    element(&mut extra.ty, &nullable);
                }
            }
            TypeKind::Union(u) => {
                // A member that may be `null` is its non-null type: `null` is a value no member
                // reads, kept by the union's fallback.
                for v in &mut u.variants {
                    strip(&mut v.ty, &nullable);
                    inside(&mut v.ty, &nullable);
                }
            }
            TypeKind::Alias(t) | TypeKind::Newtype(t) => {
                strip(t, &nullable);
                inside(t, &nullable);
            }
            TypeKind::Enum(_) | TypeKind::OpenString(_) => {}
        }
    }
    for op in &mut api.operations {
        for p in &mut op.params {
            // A parameter that may be `null` is one that may be left out.
            strip(&mut p.ty, &nullable);
            inside(&mut p.ty, &nullable);
        }
        let contents = op.body.iter_mut().flat_map(|b| &mut b.contents);
        let responses = op.responses.iter_mut().flat_map(|r| &mut r.contents);
        for c in contents.chain(responses) {
            if let Some(t) = &mut c.ty {
                strip(t, &nullable);
                inside(t, &nullable);
            }
        }
        if let Some(t) = op.stream.as_mut().and_then(|s| s.event.as_mut()) {
            strip(t, &nullable);
            inside(t, &nullable);
        }
    }
}

/// Which types are aliases whose target may be `null`, directly or through another alias.
fn nullable_aliases(api: &Api) -> Vec<bool> {
    let mut nullable: Vec<bool> =
        api.types.iter().map(|d| matches!(d.kind, TypeKind::Alias(TypeRef::Nullable(_)))).collect();
    // Alias chains are acyclic (cycles are refused before this pass) and short.
    loop {
        let mut changed = false;
        for def in &api.types {
            if let TypeKind::Alias(TypeRef::Named(target)) = &def.kind {
                if nullable[target.0] && !nullable[def.id.0] {
                    nullable[def.id.0] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return nullable;
        }
    }
}

/// Remove an outer `null` from a use: whether there was one, written or through a nullable
/// alias.
fn strip(ty: &mut TypeRef, nullable: &[bool]) -> bool {
    match ty {
        TypeRef::Nullable(inner) => {
            *ty = std::mem::replace(&mut **inner, TypeRef::Any);
            strip(ty, nullable);
            true
        }
        TypeRef::Named(id) => nullable[id.0],
        _ => false,
    }
}

/// The elements of lists and maps inside a use: nullable where they may be `null`.
fn inside(ty: &mut TypeRef, nullable: &[bool]) {
    match ty {
        TypeRef::Array(item) | TypeRef::Map(item) => element(item, nullable),
        TypeRef::Nullable(inner) => inside(inner, nullable),
        _ => {}
    }
}

/// A list element or map value: one `Nullable` where it may be `null`, never two.
fn element(ty: &mut TypeRef, nullable: &[bool]) {
    let null = strip(ty, nullable);
    inside(ty, nullable);
    if null && !matches!(ty, TypeRef::Any | TypeRef::Unit) {
        *ty = TypeRef::Nullable(Box::new(std::mem::replace(ty, TypeRef::Any)));
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{FieldShape, TypeKind, TypeRef};

    fn api(yaml: &str) -> crate::ir::Api {
        let source = crate::load::Source::parse(std::path::Path::new("t.yaml"), yaml.to_owned()).unwrap();
        crate::Spec::from_source(source).unwrap().lower().unwrap()
    }

    #[test]
    fn a_nullable_alias_names_the_non_null_type_and_its_uses_are_nullable() {
        let api = api(r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Metadata: {type: [object, "null"], additionalProperties: {type: string}}
    Again: {$ref: '#/components/schemas/Metadata'}
    Thing:
      type: object
      required: [meta]
      properties:
        meta: {$ref: '#/components/schemas/Metadata'}
        again: {$ref: '#/components/schemas/Again'}
        list: {type: array, items: {$ref: '#/components/schemas/Metadata'}}
        plain: {type: [string, "null"]}
"#);
        let ty = |name: &str| api.types.iter().find(|t| t.name == name).unwrap();
        let TypeKind::Alias(target) = &ty("Metadata").kind else { panic!("an alias") };
        assert_eq!(*target, TypeRef::Map(Box::new(TypeRef::String)), "the alias is not nullable itself");
        let TypeKind::Struct(s) = &ty("Thing").kind else { panic!("a struct") };
        let field = |wire: &str| s.fields.iter().find(|f| f.wire == wire).unwrap();
        assert_eq!(field("meta").shape, FieldShape::RequiredNullable);
        assert!(matches!(field("meta").ty, TypeRef::Named(_)));
        assert_eq!(field("again").shape, FieldShape::OptionalNullable, "through an alias of the alias");
        assert_eq!(field("plain").shape, FieldShape::OptionalNullable);
        assert_eq!(field("plain").ty, TypeRef::String);
        let TypeRef::Array(item) = &field("list").ty else { panic!("a list") };
        assert!(matches!(&**item, TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Named(_))));
        for def in &api.types {
            for child in def.kind.children() {
                assert!(!matches!(child, TypeRef::Nullable(_)), "{}: {child:?}", def.name);
            }
        }
    }
}
