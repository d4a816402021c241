//! The item type of an event stream whose schema describes the frame (`{event, data}`, see
//! [`crate::schema::FrameKind`]): the schema of `data`, or, for several kinds of frame, a
//! union of their data whose variants the `event` names select.

use super::naming;
use super::Lowerer;
use crate::error::Error;
use crate::ir::{TypeKind, TypeRef};
use crate::openapi::Schema;

impl Lowerer<'_> {
    /// The type of each event of a `text/event-stream` content with schema `s`.
    pub(crate) fn lower_event_schema(&mut self, s: &Schema, hint: &str) -> Result<TypeRef, Error> {
        let Some(kinds) = self.sem.event_frames(s) else {
            return self.lower_schema(s, hint, None);
        };
        self.warnings.push(Error::at(
            s.ptr.clone(),
            "the event-stream schema describes the event's fields (`data` and maybe `event`, `id`, `retry`): \
             each event's data is read as the schema of `data`",
        ));
        if let [one] = kinds.as_slice() {
            return self.lower_schema(one.data, &format!("{hint}Data"), None);
        }
        let name = self.type_names.claim(&naming::type_name(&format!("{hint}Event")));
        let id = self.push_type(name.clone(), s);
        let mut variants = Vec::with_capacity(kinds.len());
        for (i, kind) in kinds.iter().enumerate() {
            let label = match kind.events.first() {
                Some(event) => naming::variant_name(event),
                None => format!("Variant{}", i + 1),
            };
            let ty = self.lower_schema(kind.data, &format!("{name}{label}"), None)?;
            variants.push((ty.non_null().clone(), kind.events.clone(), Some(label)));
        }
        self.finish_union(id, None, variants);
        if let TypeKind::Union(u) = &mut self.types[id.0].kind {
            if u.variants.iter().any(|v| !v.tags.is_empty()) {
                u.selected_by = Some(crate::ir::NameSource::Event);
            }
            // Events are received, not built: no constructors named by a tag property.
            u.variants.iter_mut().for_each(|v| v.constructor = None);
        }
        Ok(TypeRef::Named(id))
    }
}
