//! One enum over a document's webhooks, so a receiver decodes whatever event arrives.
//!
//! The rule, for any document:
//! - The members are the JSON request bodies of `webhooks` (in document order; a body several
//!   webhooks share is one member, selected by each of their names).
//! - When there are at least two members and one property tells them all apart (every body
//!   pins it to one string, `type: {const: batch.cancelled}`, found as for any other union by
//!   [`crate::schema::Semantics::find_tag`]), the enum dispatches on that property: the body
//!   alone says which event it is, and an event type it does not know is kept in the
//!   fallback variant (`Unknown`).
//! - Otherwise the webhook's name selects the member: a receiver knows which webhook called
//!   it (each has its own URL), so the enum offers `decode(name, body)` and lists the names.
//!   Decoding by fields alone is not offered as the way in: it would hand an event to the
//!   first body its fields happen to fit.
//! - It is named [`WEBHOOK_EVENT`] (`WebhookEvent2`, ... when a schema took the name) and
//!   lives where its members live.

use super::naming::{self, Namespace};
use super::Lowerer;
use crate::ir::{Api, ContentKind, Module, NameSource, Operation, TypeId, TypeKind, TypeRef, WEBHOOKS_ORIGIN};
use crate::openapi::Schema;

/// The name the enum of webhook events asks for.
pub const WEBHOOK_EVENT: &str = "WebhookEvent";

impl Lowerer<'_> {
    /// The enum of webhook events, when the document has webhooks with JSON bodies (see the
    /// module documentation). `operations` are the lowered operations, in the document's order.
    pub(crate) fn webhook_event(&mut self, operations: &[Operation]) -> Option<TypeId> {
        let doc = self.doc;
        // Each webhook's name, body schema and body type.
        let mut hooks: Vec<(&str, &Schema, TypeRef)> = Vec::new();
        for (op, lowered) in doc.operations.iter().zip(operations) {
            let (Some(name), Some(body)) = (&op.webhook, &op.request_body) else { continue };
            let Some((schema, content)) = body
                .content
                .values()
                .zip(lowered.body.iter().flat_map(|b| &b.contents))
                .find(|(_, c)| c.kind == ContentKind::Json)
                .and_then(|(m, c)| Some((m.schema.as_ref()?, c.ty.clone()?)))
            else {
                continue;
            };
            let ty = match content {
                TypeRef::Nullable(inner) => *inner,
                other => other,
            };
            hooks.push((name, schema, ty));
        }
        if hooks.is_empty() {
            return None;
        }
        let mut schemas: Vec<&Schema> = Vec::new();
        let mut types: Vec<TypeRef> = Vec::new();
        for (_, schema, ty) in &hooks {
            if !types.contains(ty) {
                schemas.push(schema);
                types.push(ty.clone());
            }
        }
        let tag = if types.len() < 2 { None } else { self.sem.find_tag(&Schema::default(), &schemas) };
        let tag = tag.filter(|tag| !tag.values.iter().any(Vec::is_empty));
        let name = self.type_names.claim(WEBHOOK_EVENT);
        // Fixed text: names and property names are the document's, and are shown by the
        // variants' docs, which quote them safely.
        let description = if tag.is_some() {
            "An event of any of the API's webhooks: the request body each sends, told apart by \
             the value each variant lists. An event type this version does not know is kept as \
             it was received."
        } else {
            "An event of any of the API's webhooks: the request body each sends, decoded by the \
             name of the webhook that was called (`decode`). A body no variant accepts is kept \
             as it was received."
        };
        let holder =
            Schema { ptr: WEBHOOKS_ORIGIN.to_owned(), description: Some(description.to_owned()), ..Schema::default() };
        let id = self.push_type(name, &holder);
        match tag {
            Some(tag) => {
                let variants = types.into_iter().zip(tag.values).map(|(ty, tags)| (ty, tags, None)).collect();
                self.finish_union(id, Some(tag.property), variants);
            }
            None => {
                let variants = hooks.into_iter().map(|(name, _, ty)| (ty, vec![name.to_owned()], None)).collect();
                self.finish_union(id, None, variants);
                if let TypeKind::Union(u) = &mut self.types[id.0].kind {
                    u.selected_by = Some(NameSource::Webhook);
                    // A variant is named after its webhook (`NewPet`), unless several share it.
                    let mut names = Namespace::default();
                    for v in &mut u.variants {
                        let label = match v.tags.as_slice() {
                            [one] => naming::variant_name(one),
                            _ => v.name.clone(),
                        };
                        v.name = names.claim(&label);
                        // Webhook bodies are received, not built.
                        v.constructor = None;
                    }
                    u.fallback = names.fallback();
                }
            }
        }
        Some(id)
    }
}

/// The enum taken out of the type graph (its kind), while modules are assigned.
pub(crate) struct Detached {
    id: TypeId,
    kind: TypeKind,
}

pub(crate) fn detach(api: &mut Api, id: TypeId) -> Detached {
    Detached { id, kind: std::mem::replace(&mut api.types[id.0].kind, TypeKind::Alias(TypeRef::Any)) }
}

/// Put the enum back, beside its members: in their module when they share one, in `shared`
/// otherwise; compiled with any feature that compiles a member.
pub(crate) fn place(api: &mut Api, held: Detached) {
    let Detached { id, kind } = held;
    let mut members: Vec<TypeId> = Vec::new();
    for t in kind.children() {
        t.named_ids(&mut members);
    }
    let mut features: Vec<Module> = members.iter().flat_map(|m| api.ty(*m).features.iter().cloned()).collect();
    features.sort_by(|a, b| a.name().cmp(b.name()));
    features.dedup();
    let module = match members.first().map(|m| api.ty(*m).module.clone()) {
        Some(first) if members.iter().all(|m| api.ty(*m).module == first) => first,
        Some(_) => Module::Shared,
        None => Module::Unreferenced,
    };
    let def = &mut api.types[id.0];
    def.kind = kind;
    def.module = module;
    def.features = features;
}
