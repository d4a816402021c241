//! The typed document lowered into the IR. All naming and shape decisions are taken here
//! (in `naming`, `schema`, `frames`, `operations` and `webhooks`); `layout` then places types in modules
//! and boxes what must be boxed.

mod channels;
pub mod client_surface;
mod dedupe;
mod deep_types;
mod error_bodies;
mod form_encoding;
mod frames;
mod layout;
pub mod naming;
mod nullability;
mod open_lists;
mod operations;
mod schema;
mod self_members;
mod shared_bases;
mod unknown;
mod webhooks;

pub use unknown::keep_unknown_in_named;

use crate::error::Error;
use crate::ir::{Api, FieldShape, Module, SecurityKind, SecurityScheme, Server, TypeDef, TypeId, TypeKind, TypeRef};
use crate::openapi::Document;
use crate::schema::Semantics;
use naming::Namespace;
use std::collections::{BTreeSet, HashMap};

/// Lower a document into the IR.
pub fn lower(doc: &Document) -> Result<Api, Error> {
    lower_with(doc, &BTreeSet::new())
}

/// [`lower`], with strings of the `formats` typed ([`TypeRef::Format`]).
pub fn lower_with(doc: &Document, formats: &BTreeSet<crate::ir::StringFormat>) -> Result<Api, Error> {
    let mut l = Lowerer {
        formats: formats.clone(),
        doc,
        sem: Semantics::new(doc),
        types: Vec::new(),
        type_names: Namespace::default(),
        components: HashMap::new(),
        other: HashMap::new(),
        properties: HashMap::new(),
        bases: Semantics::new(doc).polymorphic_bases(),
        inherits: Vec::new(),
        error_responses: HashMap::new(),
        warnings: doc.warnings.clone(),
    };
    // Component names are claimed first so that inline types never take them.
    for (name, schema) in &doc.schemas {
        let rust = l.type_names.claim(&naming::type_name(name));
        let id = l.push_type(rust, schema);
        l.components.insert(name.clone(), id);
    }
    for (name, schema) in &doc.schemas {
        let id = l.components[name];
        if let Some(base) = l.bases.get(name).cloned() {
            l.lower_polymorphic(schema, &base, id)?;
            continue;
        }
        let lowered = l.lower_schema(schema, &l.types[id.0].name.clone(), Some(id))?;
        if lowered.non_null() != &TypeRef::Named(id) {
            l.types[id.0].kind = TypeKind::Alias(lowered);
        }
    }
    let (mut groups, operations) = operations::lower_operations(&mut l)?;
    let channels = l.lower_channels(&mut groups, &operations)?;
    let webhook_event = l.webhook_event(&operations);
    self_members::drop_self_members(&mut l.types, &mut l.warnings);
    l.order_untagged_variants();
    l.name_deep_field_types();
    operations::mark_form_types(&mut l.types, &operations);
    let inherits = std::mem::take(&mut l.inherits);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: doc
            .servers
            .iter()
            .map(|s| Server { url: s.url.clone(), description: s.description.clone() })
            .collect(),
        security_schemes: security_schemes(doc),
        groups,
        types: l.types,
        operations,
        feature_deps: Vec::new(),
        channels,
        error_enums: Vec::new(),
        warnings: l.warnings,
    };
    layout::resolve_alias_cycles(&mut api)?;
    nullability::settle(&mut api);
    cursor_ids_of_empty_pages(&mut api.types);
    unknown::keep_unknown_in_responses(&mut api);
    open_lists::open_tagged_lists(&mut api);
    dedupe::alias_identical_types(&mut api, webhook_event);
    shared_bases::share_large_bases(&mut api, &inherits);
    // No operation reaches the webhook enum: kept out of the graph while modules are
    // assigned, it neither lands in `unreferenced` nor drags its members there.
    let held = webhook_event.map(|id| webhooks::detach(&mut api, id));
    layout::assign_modules(&mut api);
    if let Some(held) = held {
        webhooks::place(&mut api, held);
    }
    layout::unreferenced_turns_on_groups(&mut api);
    layout::box_recursion_and_large_variants(&mut api);
    error_bodies::type_error_bodies(&mut api);
    mark_sent(&mut api);
    Ok(api)
}

/// Mark the types reachable from the request bodies and parameters of operations (webhooks
/// are received, not sent).
fn mark_sent(api: &mut Api) {
    let sent = sent_types(api);
    for (def, sent) in api.types.iter_mut().zip(sent) {
        def.sent = sent;
    }
}

/// Which types are reachable from the request bodies and parameters of operations.
pub(crate) fn sent_types(api: &Api) -> Vec<bool> {
    let mut sent = vec![false; api.types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    for op in api.operations.iter().filter(|o| !o.webhook) {
        for p in &op.params {
            p.ty.named_ids(&mut stack);
        }
        for t in op.body.iter().flat_map(|b| &b.contents).filter_map(|c| c.ty.as_ref()) {
            t.named_ids(&mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut sent[id.0], true) {
            continue;
        }
        for t in api.types[id.0].kind.children() {
            t.named_ids(&mut stack);
        }
    }
    sent
}

/// A cursor page (`data`, `has_more`, `first_id`, `last_id`) has no first or last ID when it
/// is empty, and servers send `null` for them whatever the document says (OpenAI's file list
/// does): the two IDs read as `Option<String>`, so an empty page decodes.
fn cursor_ids_of_empty_pages(types: &mut [crate::ir::TypeDef]) {
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        let has = |wire: &str| s.fields.iter().any(|f| f.wire == wire);
        if !(has("data") && has("has_more") && has("first_id") && has("last_id")) {
            continue;
        }
        for f in s.fields.iter_mut() {
            if (f.wire == "first_id" || f.wire == "last_id")
                && f.ty == TypeRef::String
                && f.shape == FieldShape::Required
            {
                f.shape = FieldShape::RequiredNullable;
            }
        }
    }
}

pub(crate) struct Lowerer<'d> {
    /// The string formats typed (the crate's `typed_formats`).
    formats: BTreeSet<crate::ir::StringFormat>,
    pub(crate) doc: &'d Document,
    /// What the document's schemas mean (references, nullability, `allOf`, tags).
    pub(crate) sem: Semantics<'d>,
    pub(crate) types: Vec<TypeDef>,
    pub(crate) type_names: Namespace,
    /// Component name to its type.
    pub(crate) components: HashMap<String, TypeId>,
    /// Lowered schemas that `$ref`s reach outside `components/schemas`, by pointer.
    pub(crate) other: HashMap<String, TypeRef>,
    /// The type of each property schema lowered so far, by the schema's pointer: a property
    /// every child of a base inherits through `allOf` is one type, not a copy per child.
    pub(crate) properties: HashMap<String, TypeRef>,
    /// Components that stand for the union of their subtypes, by name.
    pub(crate) bases: indexmap::IndexMap<String, crate::schema::Polymorphic>,
    /// (child, base): structs merged from an `allOf` of one component reference and inline
    /// parts, which may hold the base as one field (`shared_bases`).
    pub(crate) inherits: Vec<(TypeId, TypeId)>,
    /// The contents of error responses of `components/responses`, by the response's pointer:
    /// lowered once, so the operations referring to one share its types.
    pub(crate) error_responses: HashMap<String, Vec<crate::ir::Content>>,
    /// Located warnings (pointer only; the file and line are filled in by the caller).
    pub(crate) warnings: Vec<Error>,
}

impl Lowerer<'_> {
    /// Add a type to the arena under a name already claimed; its kind is filled in later.
    pub(crate) fn push_type(&mut self, name: String, schema: &crate::openapi::Schema) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            id,
            name,
            origin: schema.ptr.clone(),
            doc: schema.description.clone().or_else(|| schema.title.clone()),
            deprecated: schema.deprecated,
            module: Module::Unreferenced,
            form: false,
            part_encodings: Vec::new(),
            features: Vec::new(),
            sent: false,
            kind: TypeKind::Alias(TypeRef::Any),
        });
        id
    }
}

fn security_schemes(doc: &Document) -> Vec<SecurityScheme> {
    use openapiv3::{APIKeyLocation, SecurityScheme as S};
    let mut variants = naming::Namespace::default();
    doc.security_schemes
        .iter()
        .map(|(key, scheme)| {
            let (kind, description) = match scheme {
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (SecurityKind::Basic, description)
                }
                S::HTTP { description, .. } => (SecurityKind::Bearer, description),
                S::APIKey { location, name, description, .. } => (
                    match location {
                        APIKeyLocation::Header => SecurityKind::ApiKeyHeader(name.clone()),
                        APIKeyLocation::Query => SecurityKind::ApiKeyQuery(name.clone()),
                        APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie(name.clone()),
                    },
                    description,
                ),
                S::OAuth2 { description, .. } => (SecurityKind::OAuth2, description),
                S::OpenIDConnect { description, .. } => (SecurityKind::OpenIdConnect, description),
            };
            let variant = variants.claim(&naming::type_name(key));
            SecurityScheme { key: key.clone(), variant, kind, description: description.clone() }
        })
        .collect()
}
