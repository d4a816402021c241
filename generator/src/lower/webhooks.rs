//! One enum over a document's webhooks, so a receiver decodes whatever event arrives.
//!
//! The rule, for any document:
//! - The members are the JSON request bodies of `webhooks` (in document order; a body two
//!   webhooks share is one member).
//! - The enum exists when there are at least two members and one property tells them all
//!   apart: every body pins it to one string (`type: {const: batch.cancelled}`), found as for
//!   any other union ([`crate::schema::Semantics::find_tag`]). It is named [`WEBHOOK_EVENT`]
//!   (`WebhookEvent2`, ... when a schema took the name), lives where its members live, and
//!   keeps an event type it does not know in its fallback variant (`Unknown`).
//! - Without such a property there is no enum: an untagged one would hand an event to the
//!   first body whose fields it happens to fit, and a receiver decodes the one body type it
//!   expects instead.

use super::Lowerer;
use crate::ir::{Api, ContentKind, Module, Operation, TypeId, TypeKind, TypeRef};
use crate::openapi::Schema;

/// The name the enum of webhook events asks for.
pub const WEBHOOK_EVENT: &str = "WebhookEvent";

impl Lowerer<'_> {
    /// The enum of webhook events, when the document's webhooks have one (see the module
    /// documentation). `operations` are the lowered operations, in the document's order.
    pub(crate) fn webhook_event(&mut self, operations: &[Operation]) -> Option<TypeId> {
        let doc = self.doc;
        let mut schemas: Vec<&Schema> = Vec::new();
        let mut types: Vec<TypeRef> = Vec::new();
        for (op, lowered) in doc.operations.iter().zip(operations).filter(|(op, _)| op.webhook.is_some()) {
            let Some(body) = &op.request_body else { continue };
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
            if !types.contains(&ty) {
                schemas.push(schema);
                types.push(ty);
            }
        }
        if types.len() < 2 {
            return None;
        }
        let tag = self.sem.find_tag(&Schema::default(), &schemas)?;
        if tag.values.iter().any(Vec::is_empty) {
            return None;
        }
        let name = self.type_names.claim(WEBHOOK_EVENT);
        let holder = Schema {
            ptr: "/webhooks".to_owned(),
            // Fixed text: a property name is the document's, and is shown by the variants'
            // docs, which quote it safely.
            description: Some(
                "An event of any of the API's webhooks: the request body each sends, told apart by \
                 the value each variant lists. An event type this version does not know is kept as \
                 it was received."
                    .to_owned(),
            ),
            ..Schema::default()
        };
        let id = self.push_type(name, &holder);
        let variants = types.into_iter().zip(tag.values).map(|(ty, tags)| (ty, tags, None)).collect();
        self.finish_union(id, Some(tag.property), variants);
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
