//! Lists a server fills with kinds this version does not know yet.
//!
//! A list a server sends often holds objects told apart by a tag, even when the document
//! describes one kind only (`annotations: [{type: url_citation, url_citation: {...}}]`): the
//! API adds a kind later, and a strict reader then fails the whole response on the new one
//! (`missing field url_citation`). In what the client only receives, such a list's item is a
//! union of the one kind the document knows, selected by its tag, and the fallback that keeps
//! any other item as JSON, as every union has.

use super::naming::{type_name, Namespace};
use crate::ir::{Api, Module, NameSource, TypeDef, TypeId, TypeKind, TypeRef, UnionType, UnionVariant};

/// Make the item of every received list of one tagged kind a union with a fallback. A kind is
/// tagged by a property the document itself tags unions with (`type` in OpenAI's), other
/// than `object`, which by the common convention (OpenAI's, Stripe's) names the resource: a
/// list of files holds files.
pub(crate) fn open_tagged_lists(api: &mut Api) {
    let received = received_only(api);
    let tags: std::collections::BTreeSet<String> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Union(u) if u.selected_by.is_none() => u.tag.clone(),
            _ => None,
        })
        .filter(|tag| tag != "object")
        .collect();
    let mut names = Namespace::default();
    for def in &api.types {
        names.claim(&def.name);
    }
    // Several lists of the same kind share one union.
    let mut unions: std::collections::HashMap<TypeId, TypeId> = std::collections::HashMap::new();
    for owner in 0..api.types.len() {
        if !received[owner] {
            continue;
        }
        let TypeKind::Struct(s) = &api.types[owner].kind else { continue };
        let lists: Vec<(usize, TypeId, String, String)> = s
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let TypeRef::Array(item) = &f.ty else { return None };
                let TypeRef::Named(id) = item.as_ref() else { return None };
                if !received[id.0] {
                    return None;
                }
                let (tag, value) = lone_tag(api, *id)?;
                tags.contains(&tag).then_some((i, *id, tag, value))
            })
            .collect();
        for (field, item, tag, value) in lists {
            let union = *unions.entry(item).or_insert_with(|| {
                let name = names.claim(&format!("{}OrUnknown", api.types[item.0].name));
                push_union(api, item, name, &tag, &value)
            });
            let TypeKind::Struct(s) = &mut api.types[owner].kind else { continue };
            s.fields[field].ty = TypeRef::Array(Box::new(TypeRef::Named(union)));
        }
    }
}

/// The union of one kind and the fallback, added to the arena.
fn push_union(api: &mut Api, item: TypeId, name: String, tag: &str, value: &str) -> TypeId {
    let id = TypeId(api.types.len());
    let member = &api.types[item.0];
    let doc = format!(
        "An item of a list that may hold kinds this version does not know: `{}`, selected by `{tag}`, or \
         another kind kept as JSON.",
        member.name
    );
    api.types.push(TypeDef {
        id,
        name,
        origin: member.origin.clone(),
        doc: Some(doc),
        deprecated: false,
        module: Module::Unreferenced,
        form: false,
        part_encodings: Vec::new(),
        features: Vec::new(),
        sent: false,
        kind: TypeKind::Union(UnionType {
            tag: Some(tag.to_owned()),
            variants: vec![UnionVariant {
                name: type_name(value),
                ty: TypeRef::Named(item),
                boxed: false,
                tags: vec![value.to_owned()],
                constructor: None,
            }],
            fallback: "Unknown".to_owned(),
            selected_by: None::<NameSource>,
        }),
    });
    id
}

/// The property that tags a struct, and its one value: a required property whose type is a
/// closed enum of a single value (`type: {enum: [url_citation]}`).
fn lone_tag(api: &Api, id: TypeId) -> Option<(String, String)> {
    let TypeKind::Struct(s) = api.kind_behind(id) else { return None };
    s.fields.iter().filter(|f| f.shape == crate::ir::FieldShape::Required).find_map(|f| {
        let TypeRef::Named(e) = &f.ty else { return None };
        match api.kind_behind(*e) {
            TypeKind::Enum(e) if e.variants.len() == 1 => Some((f.wire.clone(), e.variants[0].wire.clone())),
            _ => None,
        }
    })
}

/// The types a client only receives: reachable from success response bodies, stream events
/// and webhook bodies, and not from anything it sends.
fn received_only(api: &Api) -> Vec<bool> {
    let mut received = vec![false; api.types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        if op.webhook {
            for t in op.body.iter().flat_map(|b| &b.contents).filter_map(|c| c.ty.as_ref()) {
                t.named_ids(&mut stack);
            }
            continue;
        }
        for t in op
            .responses
            .iter()
            .filter(|r| r.status.is_success())
            .flat_map(|r| &r.contents)
            .filter_map(|c| c.ty.as_ref())
        {
            t.named_ids(&mut stack);
        }
        if let Some(t) = op.stream.as_ref().and_then(|s| s.event.as_ref()) {
            t.named_ids(&mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut received[id.0], true) {
            continue;
        }
        for t in api.types[id.0].kind.children() {
            t.named_ids(&mut stack);
        }
    }
    let sent = super::sent_types(api);
    received.iter().zip(sent).map(|(r, s)| *r && !s).collect()
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef};

    #[test]
    fn a_received_list_of_one_tagged_kind_keeps_other_kinds() {
        let source = crate::load::Source::parse(
            std::path::Path::new("t.yaml"),
            r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /m:
    get:
      operationId: getMessage
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Message'}}}
components:
  schemas:
    # The document tags its unions with `type`.
    Part:
      oneOf:
        - {type: object, required: [type], properties: {type: {type: string, enum: [a]}}}
        - {type: object, required: [type], properties: {type: {type: string, enum: [b]}}}
      discriminator: {propertyName: type}
    Message:
      type: object
      required: [annotations]
      properties:
        part: {$ref: '#/components/schemas/Part'}
        annotations:
          type: array
          items:
            type: object
            required: [type, url_citation]
            properties:
              type: {type: string, enum: [url_citation]}
              url_citation: {type: object, properties: {url: {type: string}}}
"#
            .to_owned(),
        )
        .unwrap();
        let api = crate::Spec::from_source(source).unwrap().lower().unwrap();
        let message = api.types.iter().find(|t| t.name == "Message").unwrap();
        let TypeKind::Struct(s) = &message.kind else { panic!("a struct") };
        let annotations = s.fields.iter().find(|f| f.wire == "annotations").unwrap();
        let TypeRef::Array(item) = &annotations.ty else { panic!("a list") };
        let TypeRef::Named(id) = **item else { panic!("a named item") };
        let TypeKind::Union(u) = &api.ty(id).kind else { panic!("the item is a union: {:?}", api.ty(id)) };
        assert_eq!(u.tag.as_deref(), Some("type"));
        assert_eq!(u.variants.len(), 1);
        assert_eq!(u.variants[0].tags, ["url_citation"]);
    }
}
