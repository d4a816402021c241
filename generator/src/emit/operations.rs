//! Operations to methods: one `impl Client` block per API group, each method building a
//! `runtime::RequestSpec` and handing it to the client core. Also the parameter structs,
//! the multipart encoding of form types and the pagination of list responses.

use super::docs::doc_attrs;
use super::model::{self, has_constructor, Setter};
use super::typeref::{ident, snake, type_tokens_in};
use crate::ir::{
    Api, Content, ContentKind, ErrorBodies, ErrorEnum, FieldShape, HttpMethod, Ident, Operation, Param, ParamLocation,
    ParamStyle, PartEncoding, TypeDef, TypeId, TypeKind, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// A type as code outside `types` writes it.
fn ty(api: &Api, t: &TypeRef) -> TokenStream {
    type_tokens_in(api, t, None, false)
}

/// What a successful call returns, and the decoder that produces it.
pub struct Success {
    pub ty: TokenStream,
    pub decoder: TokenStream,
    pub content: Option<Content>,
}

/// The success value of an operation: the first 2xx response, JSON preferred over text,
/// text over binary.
pub fn success(api: &Api, op: &Operation) -> Success {
    let response = op.responses.iter().find(|r| r.status.is_success());
    let contents: Vec<&Content> = response.map(|r| r.contents.iter().collect()).unwrap_or_default();
    let pick = |kind: ContentKind| contents.iter().find(|c| c.kind == kind).copied();
    if let Some(c) = pick(ContentKind::Json) {
        // A "JSON" string is in practice the raw body (file contents): read it as text.
        if c.ty.as_ref().is_some_and(|t| *t.non_null() == TypeRef::String) {
            return Success { ty: quote!(String), decoder: quote!(runtime::decode::text), content: Some(c.clone()) };
        }
        let t = c.ty.as_ref().map_or_else(|| quote!(serde_json::Value), |t| ty(api, t));
        return Success { ty: t, decoder: quote!(runtime::decode::json), content: Some(c.clone()) };
    }
    if let Some(c) = pick(ContentKind::Text) {
        return Success { ty: quote!(String), decoder: quote!(runtime::decode::text), content: Some(c.clone()) };
    }
    if let Some(c) = pick(ContentKind::Binary).or_else(|| pick(ContentKind::EventStream)) {
        return Success {
            ty: quote!(runtime::Bytes),
            decoder: quote!(runtime::decode::bytes),
            content: Some(c.clone()),
        };
    }
    Success { ty: quote!(()), decoder: quote!(runtime::decode::empty), content: None }
}

/// The fields of an operation's parameter struct: the query and header parameters, and the
/// path parameters when there are too many to be arguments.
fn struct_params(op: &Operation) -> impl Iterator<Item = &Param> + Clone {
    op.params.iter().filter(|p| match p.location {
        ParamLocation::Query | ParamLocation::Header => true,
        ParamLocation::Path => op.path_in_params,
        ParamLocation::Cookie => false,
    })
}

/// The path parameters a method takes as arguments of their own.
fn path_args(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.location == ParamLocation::Path && !op.path_in_params)
}

/// Impls emitted once per crate, however many operations share their type.
#[derive(Default)]
pub struct Emitted {
    pages: BTreeSet<TypeId>,
    events: BTreeSet<TypeId>,
}

/// The items of one group's operations module.
pub fn group_items(api: &Api, group: &Ident, emitted: &mut Emitted) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut methods = Vec::new();
    for (index, op) in api.operations.iter().enumerate().filter(|(_, o)| o.group == *group && !o.webhook) {
        if let Some(params_type) = &op.params_type {
            items.push(params_struct(api, op, params_type));
        }
        items.extend(error_items(api, index, op));
        let page = cursor_page(api, op);
        let paginated = page.is_some();
        let first_body = op.body.as_ref().and_then(|b| b.methods.first().map(|m| &b.contents[m.content]));
        match &op.body {
            _ if op.stream.as_ref().is_some_and(|s| s.only) => {}
            Some(body) if !body.methods.is_empty() => {
                for m in &body.methods {
                    methods.push(method(api, op, &m.name, Some(&body.contents[m.content]), None, paginated));
                }
            }
            _ => methods.push(method(api, op, &op.method_name, None, None, paginated)),
        }
        if let Some(stream) = &op.stream {
            methods.push(method(api, op, &stream.name, first_body, Some(stream), false));
            if let Some(id) = event_type(api, stream).filter(|id| emitted.events.insert(*id)) {
                items.push(from_event(api, id));
            }
        }
        if let Some((page, tokens)) = page {
            if emitted.pages.insert(page) {
                items.push(tokens);
            }
        }
    }
    if !methods.is_empty() {
        items.insert(
            0,
            quote! {
                impl crate::Client {
                    #(#methods)*
                }
            },
        );
    }
    items
}

fn params_struct(api: &Api, op: &Operation, params_type: &str) -> TokenStream {
    let name = ident(params_type);
    let method = op.method_name.as_str();
    let doc = if op.path_in_params {
        format!(" Path, query and header parameters of [`Client::{method}`](crate::Client::{method}).")
    } else {
        format!(" Query and header parameters of [`Client::{method}`](crate::Client::{method}).")
    };
    let (fields, all_optional) = params_fields(api, op).unwrap_or_default();
    let fields = struct_params(op).zip(fields).map(|(p, field)| {
        let docs = doc_attrs(p.doc.as_deref());
        let n = snake(&p.name);
        let t = field.ty;
        let deprecated = if p.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        quote!(#docs #deprecated pub #n: #t,)
    });
    let default = if all_optional { quote!(Default,) } else { TokenStream::new() };
    let allow = if op.params.iter().any(|p| p.deprecated) {
        quote!(#[allow(deprecated, reason = "the API still accepts the parameters it marks deprecated")])
    } else {
        TokenStream::new()
    };
    let query_header = || struct_params(op);
    let constructor = has_constructor(all_optional, query_header().filter(|p| p.required).count()).then(|| {
        let args = query_header().filter(|p| p.required).map(|p| {
            let n = snake(&p.name);
            let t = ty(api, p.ty.non_null());
            quote!(#n: impl Into<#t>)
        });
        let inits = query_header().map(|p| {
            let n = snake(&p.name);
            if p.required {
                quote!(#n: #n.into(),)
            } else {
                quote!(#n: None,)
            }
        });
        quote! {
            /// The required parameters; the optional ones are left out.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    });
    let setters = query_header().filter(|p| !p.required && p.name.as_str() != "new").map(|p| {
        super::items::setter(&Setter {
            name: snake(&p.name),
            value: ty(api, &p.ty),
            boxed: false,
            deprecated: p.deprecated,
            null_setter: None,
        })
    });
    let methods = quote!(#constructor #(#setters)*);
    let methods = (!methods.is_empty()).then(|| {
        quote! {
            #allow
            impl #name {
                #methods
            }
        }
    });
    quote! {
        #[doc = #doc]
        #allow
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
        #methods
    }
}

/// The Rust type of a path parameter argument, and how it is passed.
fn path_arg(api: &Api, t: &TypeRef) -> TokenStream {
    match t.non_null() {
        TypeRef::String => quote!(&str),
        TypeRef::Integer32 => quote!(i32),
        TypeRef::Integer64 => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        other => {
            let t = ty(api, other);
            quote!(&#t)
        }
    }
}

/// Whether a path parameter's value is a `Copy` scalar (an integer, number or boolean).
fn path_arg_by_value(t: &TypeRef) -> bool {
    matches!(t.non_null(), TypeRef::Integer32 | TypeRef::Integer64 | TypeRef::Number | TypeRef::Boolean)
}

/// Whether a path argument of this type is text already (`Display`): scalars, enums, open
/// strings and aliases of them. Others (a union of a number and a string) are sent as their
/// JSON scalar.
fn displays(api: &Api, t: &TypeRef) -> bool {
    match t.non_null() {
        TypeRef::String | TypeRef::Integer32 | TypeRef::Integer64 | TypeRef::Number | TypeRef::Boolean => true,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) | TypeKind::OpenString(_) => true,
            TypeKind::Alias(t) => displays(api, t),
            _ => false,
        },
        _ => false,
    }
}

/// `FromEvent` for a stream's event type: its JSON data decoded, or, for a union of events
/// told apart by their `event` name, the data decoded as the variant that name selects (an
/// event without a known name is decoded as the union, trying each variant).
fn from_event(api: &Api, id: TypeId) -> TokenStream {
    let t = ty(api, &TypeRef::Named(id));
    let body = match &api.ty(id).kind {
        TypeKind::Union(u) if u.selected_by == Some(crate::ir::NameSource::Event) => {
            let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let names = v.tags.iter().map(|t| Literal::string(t));
                let n = ident(&v.name);
                let decode = match (&v.ty, v.boxed) {
                    (TypeRef::String, false) => quote!(Ok(Self::#n(event.data.clone()))),
                    (_, false) => quote!(runtime::json_event(event, operation).map(Self::#n)),
                    (_, true) => quote!(runtime::json_event(event, operation).map(|value| Self::#n(Box::new(value)))),
                };
                quote!(#(#names)|* => #decode,)
            });
            quote! {
                match event.event.as_str() {
                    #(#arms)*
                    _ => runtime::json_event(event, operation),
                }
            }
        }
        _ => quote!(runtime::json_event(event, operation)),
    };
    quote! {
        impl runtime::FromEvent for #t {
            fn from_event(event: &runtime::sse::Event, operation: &'static str) -> Result<Self, runtime::Error> {
                #body
            }
        }
    }
}

/// The named type of a stream's events, when its events have one of their own.
fn event_type(api: &Api, stream: &crate::ir::StreamMethod) -> Option<TypeId> {
    match stream.event.as_ref().map(TypeRef::non_null) {
        Some(TypeRef::Named(id)) if !matches!(api.ty(*id).kind, TypeKind::Alias(_)) => Some(*id),
        _ => None,
    }
}

fn method(
    api: &Api,
    op: &Operation,
    method_name: &Ident,
    body: Option<&Content>,
    stream: Option<&crate::ir::StreamMethod>,
    paginated: bool,
) -> TokenStream {
    let name = snake(method_name);
    // The id names the operation in the runtime's error texts: terminal-safe there.
    let op_id = crate::terminal::safe(&op.id).into_owned();
    let method = format_ident!("{}", op.http_method.as_str());
    let template = path_template(op);

    let mut args = Vec::new();
    let mut build = Vec::new();
    let mut seen_allow = false;
    for p in path_args(op) {
        let n = snake(&p.name);
        let t = path_arg(api, &p.ty);
        let wire = &p.wire;
        args.push(quote!(#n: #t));
        build.push(if displays(api, &p.ty) {
            quote!(request.path_param(#wire, #n);)
        } else {
            quote!(request.path_param_value(#wire, #n);)
        });
    }
    if let Some(params_type) = &op.params_type {
        let pname = ident(params_type);
        args.push(quote!(params: &#pname));
        for p in struct_params(op) {
            let n = snake(&p.name);
            let wire = &p.wire;
            seen_allow |= p.deprecated;
            build.push(match p.location {
                // Scalars are `Copy`: passed by value, as clippy wants.
                ParamLocation::Path if path_arg_by_value(&p.ty) => quote!(request.path_param(#wire, params.#n);),
                ParamLocation::Path if displays(api, &p.ty) => quote!(request.path_param(#wire, &params.#n);),
                ParamLocation::Path => quote!(request.path_param_value(#wire, &params.#n);),
                ParamLocation::Header => quote!(request.header(#wire, &params.#n);),
                _ => {
                    let style = match p.style {
                        ParamStyle::SpaceDelimited => quote!(runtime::QueryStyle::SpaceDelimited),
                        ParamStyle::PipeDelimited => quote!(runtime::QueryStyle::PipeDelimited),
                        ParamStyle::DeepObject => quote!(runtime::QueryStyle::DeepObject),
                        _ => quote!(runtime::QueryStyle::Form),
                    };
                    let explode = p.explode;
                    quote!(request.query(#wire, &params.#n, #style, #explode);)
                }
            });
        }
    }
    if let Some(c) = body {
        let (arg, call) = body_arg(api, c);
        args.push(arg);
        build.push(call);
    }

    let security: Vec<TokenStream> = op
        .security
        .iter()
        .map(|alt| {
            let keys = alt.iter().map(|k| Literal::string(k));
            quote!(&[#(#keys),*])
        })
        .collect();
    if op.stream.as_ref().is_some_and(|s| s.flag) {
        let on = stream.is_some();
        build.push(quote!(request.stream_flag(#on);));
    }
    let ret = return_type(api, op, stream);
    let call = match stream {
        Some(s) => {
            let end = super::stream_end::stream_end(api, op, s);
            let call = quote!(runtime::StreamCall::new(self.core.call(request, runtime::decode::empty), #end));
            if s.resumable {
                quote!(#call.resumable())
            } else {
                call
            }
        }
        None => {
            let decoder = success(api, op).decoder;
            let paginate = paginated.then(|| quote!(.paginated("after")));
            quote!(self.core.call(request, #decoder) #paginate)
        }
    };

    let mut docs = doc_attrs(Some(&method_doc(op, &template, stream.is_some())));
    // Written as is, not sanitized as the document's text is: it links the error types.
    if let Some(errors) = errors_doc(api, op) {
        let errors = format!(" {errors}");
        docs.extend(quote!(#[doc = ""] #[doc = #errors]));
    }
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let allow = if seen_allow || mentions_deprecated_type(api, op) {
        quote!(#[allow(deprecated, reason = "the API still accepts what it marks deprecated")])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #name(&self, #(#args),*) -> #ret {
            let mut request = runtime::RequestSpec::new(#op_id, runtime::Method::#method, #template);
            request.security(&[#(#security),*]);
            #(#build)*
            #call
        }
    }
}

/// The path as the request spec takes it: the template, with the fixed query the document
/// wrote into the path key (`/responses?beta=true`).
fn path_template(op: &Operation) -> String {
    if op.path_query.is_empty() {
        return op.path.clone();
    }
    let q: Vec<String> =
        op.path_query.iter().map(|(k, v)| if v.is_empty() { k.clone() } else { format!("{k}={v}") }).collect();
    format!("{}?{}", op.path, q.join("&"))
}

/// A method's documentation: the operation's summary and description, then the endpoint.
fn method_doc(op: &Operation, template: &str, streams: bool) -> String {
    let mut doc_text = String::new();
    if let Some(s) = &op.summary {
        doc_text.push_str(s.trim());
    }
    if let Some(d) = &op.doc {
        if !doc_text.is_empty() && d.trim() != doc_text {
            doc_text.push_str("\n\n");
        }
        if d.trim() != doc_text.trim() {
            doc_text.push_str(d);
        }
    }
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    let endpoint = super::docs::code_span(&format!("{} {template}", op.http_method));
    doc_text.push_str(&format!("{endpoint} (operation {}).", super::docs::code_span(&op.id)));
    if streams {
        doc_text.push_str("\n\nStreams the answer as server-sent events: `.await` the call for a stream of events, which ends after the last one.");
        if op.stream.as_ref().is_some_and(|s| s.resumable) {
            doc_text.push_str(" A dropped connection is resumed from the last event id (the client's `stream_resume` policy; `.resume(..)` per call).");
        }
    }
    doc_text
}

/// Where a method's documented error bodies are read from, for its doc.
fn errors_doc(api: &Api, op: &Operation) -> Option<String> {
    match &op.errors {
        ErrorBodies::None => None,
        ErrorBodies::One(t) => {
            let statuses: Vec<String> = op
                .responses
                .iter()
                .filter(|r| !r.status.is_success() && r.contents.iter().any(|c| c.kind == ContentKind::Json))
                .map(|r| super::docs::code_span(&r.status.to_string()))
                .collect();
            let ty = match t {
                TypeRef::Named(id) => {
                    let name = &api.ty(*id).name;
                    format!("[`types::{name}`](crate::types::{name})")
                }
                other => super::docs::code_span(&ty(api, other).to_string().replace(' ', "")),
            };
            Some(format!(
                "Error bodies ({}): {ty}, read with [`Error::body_as`](crate::Error::body_as).",
                statuses.join(", ")
            ))
        }
        ErrorBodies::Enum { index, name } => {
            // The operation's own name of the enum is in its module (the enum or an alias),
            // unless the enum is shared across groups and this is its first operation.
            let e = &api.error_enums[*index];
            let link = if error_enum_groups(api, e).len() > 1 && *name == e.name {
                format!("[`{name}`](crate::operations::{name})")
            } else {
                format!("[`{name}`]")
            };
            Some(format!(
                "Error bodies: {link}, a variant per status, read with [`Error::typed_body`](crate::Error::typed_body)."
            ))
        }
    }
}

/// Whether a group's module has items to re-export: parameter structs, error enums or aliases.
pub fn group_exports(api: &Api, group: &Ident) -> bool {
    api.operations.iter().any(|o| {
        o.group == *group && !o.webhook && (o.params_type.is_some() || matches!(o.errors, ErrorBodies::Enum { .. }))
    })
}

/// The error enums operations of several groups share, for `operations` itself; with
/// `features`, each compiled with any of their groups' features.
pub fn shared_error_enums(api: &Api, features: bool) -> Vec<TokenStream> {
    api.error_enums
        .iter()
        .filter_map(|e| {
            let groups = error_enum_groups(api, e);
            (groups.len() > 1).then(|| {
                let names = groups.iter().map(|g| g.as_str());
                let gate = if features { quote!(#[cfg(any(#(feature = #names),*))]) } else { TokenStream::new() };
                error_enum(api, e, &gate)
            })
        })
        .collect()
}

/// The groups whose operations share an error enum: it lives in their module when they are
/// one group, else in `operations` itself, compiled with any of them.
pub fn error_enum_groups<'a>(api: &'a Api, e: &ErrorEnum) -> BTreeSet<&'a Ident> {
    e.operations.iter().map(|i| &api.operations[*i].group).collect()
}

/// The items of an operation's error bodies in its group's module: the enum, when the
/// operation is the first of it and its operations are all of this group; else an alias of it
/// under the operation's own name.
fn error_items(api: &Api, index: usize, op: &Operation) -> Option<TokenStream> {
    let ErrorBodies::Enum { index: e, name } = &op.errors else { return None };
    let e = &api.error_enums[*e];
    let in_group = error_enum_groups(api, e).len() == 1;
    if e.operations[0] == index {
        return in_group.then(|| error_enum(api, e, &TokenStream::new()));
    }
    let alias = ident(name);
    let target = ident(&e.name);
    let (target, link) = if in_group {
        (quote!(#target), format!("[`{}`]", e.name))
    } else {
        (quote!(super::#target), format!("[`{0}`](super::{0})", e.name))
    };
    let method = op.method_name.as_str();
    let doc = format!(
        " The error bodies [`Client::{method}`](crate::Client::{method}) documents: those of {link}, whose statuses and schemas it shares."
    );
    Some(quote! {
        #[doc = #doc]
        pub type #alias = #target;
    })
}

/// An enum of documented error bodies, a variant per status, and its `runtime::ErrorBody`
/// impl choosing the variant by status: codes, then ranges, then `default`; both under `gate`.
pub fn error_enum(api: &Api, e: &ErrorEnum, gate: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let method = api.operations[e.operations[0]].method_name.as_str();
    let mut doc = format!(
        "The error bodies [`Client::{method}`](crate::Client::{method}) documents, a variant per status: read one with [`Error::typed_body`](crate::Error::typed_body); the raw body stays in [`ApiError::body`](runtime::ApiError::body). Non-exhaustive: a later version of the document may give another status a schema."
    );
    match &e.operations[1..] {
        [] => {}
        others if others.len() <= 4 => {
            let links: Vec<String> = others
                .iter()
                .map(|i| {
                    let m = api.operations[*i].method_name.as_str();
                    format!("[`Client::{m}`](crate::Client::{m})")
                })
                .collect();
            doc.push_str(&format!(" Also those of {}, which document the same.", links.join(", ")));
        }
        others => doc.push_str(&format!(
            " Also those of {} other operations, which document the same (their own names of it are aliases).",
            others.len()
        )),
    }
    let doc = doc_attrs(Some(&doc));
    let variants = e.variants.iter().map(|v| {
        let doc = match &v.doc {
            Some(d) if !d.trim().is_empty() => {
                format!("{}: {}", super::docs::code_span(&v.status.to_string()), d.trim())
            }
            _ => format!("The body of a {} answer.", super::docs::code_span(&v.status.to_string())),
        };
        let doc = doc_attrs(Some(&doc));
        let n = ident(&v.name);
        let t = ty(api, &v.ty);
        let t = if v.boxed { quote!(Box<#t>) } else { t };
        quote!(#doc #n(#t),)
    });
    let arms = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let pattern = match v.status {
            crate::ir::Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            // A guard, not `400..=499`: a range arm after a code of it would overlap.
            crate::ir::Status::Range(d) => {
                let d = Literal::u16_unsuffixed(u16::from(d));
                quote!(status if status / 100 == #d)
            }
            crate::ir::Status::Default => quote!(_),
        };
        let wrap = if v.boxed { quote!(|body| Self::#n(Box::new(body))) } else { quote!(Self::#n) };
        quote!(#pattern => Some(error.body_as().map(#wrap)),)
    });
    let fallback = (!e.variants.iter().any(|v| v.status == crate::ir::Status::Default)).then(|| quote!(_ => None,));
    let operations = e.operations.iter().map(|i| Literal::string(&crate::terminal::safe(&api.operations[*i].id)));
    let mut ids = Vec::new();
    for v in &e.variants {
        v.ty.named_ids(&mut ids);
    }
    let allow = if ids.iter().any(|id| api.ty(*id).deprecated) {
        quote!(#[allow(deprecated, reason = "the API still documents the bodies it marks deprecated")])
    } else {
        TokenStream::new()
    };
    // Clippy asks for variants of three or more that share a first or last word (`ClientError`,
    // `ServerError`, `InternalServerError`) to drop it; here the words are the statuses'.
    let words: Vec<Vec<&str>> = e.variants.iter().map(|v| crate::lower::naming::camel_words(&v.name)).collect();
    let firsts: BTreeSet<Option<&&str>> = words.iter().map(|w| w.first()).collect();
    let lasts: BTreeSet<Option<&&str>> = words.iter().map(|w| w.last()).collect();
    let names_allow = (words.len() >= 3 && (firsts.len() == 1 || lasts.len() == 1))
        .then(|| quote!(#[allow(clippy::enum_variant_names, reason = "the variants are named after HTTP statuses")]));
    quote! {
        #gate
        #doc
        #allow
        #names_allow
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #gate
        #allow
        impl runtime::ErrorBody for #name {
            const OPERATIONS: &'static [&'static str] = &[#(#operations),*];
            fn decode(error: &runtime::ApiError) -> Option<Result<Self, runtime::DecodeError>> {
                match error.status.as_u16() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// The argument a body of this content is passed as, and the statement adding it to the
/// request.
fn body_arg(api: &Api, c: &Content) -> (TokenStream, TokenStream) {
    match (c.kind, &c.ty) {
        (ContentKind::Json, Some(t)) => {
            let t = ty(api, t);
            (quote!(body: &#t), quote!(request.json(body);))
        }
        (ContentKind::Json, None) => (quote!(body: &serde_json::Value), quote!(request.json(body);)),
        (ContentKind::Multipart, Some(t)) if form_struct(api, t).is_some() => {
            // A form is parts, never `null`: a body schema that allows `null` (a component
            // marked `nullable`, Stream's uploads) is sent as its struct.
            let t = ty(api, t.non_null());
            (quote!(body: &#t), quote!(request.multipart(runtime::multipart::ToForm::to_form(body));))
        }
        (ContentKind::Multipart, _) => (quote!(body: runtime::multipart::Form), quote!(request.multipart(body);)),
        (ContentKind::Form, Some(t)) => {
            let t = ty(api, t);
            (quote!(body: &#t), quote!(request.form(body);))
        }
        (ContentKind::Text, _) => {
            let media = &c.media_type;
            (quote!(body: impl Into<String>), quote!(request.bytes(body.into(), #media);))
        }
        _ => {
            let media = &c.media_type;
            (quote!(body: impl Into<runtime::Bytes>), quote!(request.bytes(body, #media);))
        }
    }
}

/// What a method returns: a call resolving to the success value, or a stream of events.
fn return_type(api: &Api, op: &Operation, stream: Option<&crate::ir::StreamMethod>) -> TokenStream {
    match stream {
        Some(s) => {
            let event = match event_type(api, s) {
                Some(id) => ty(api, &TypeRef::Named(id)),
                None => quote!(runtime::sse::Event),
            };
            quote!(runtime::StreamCall<'_, #event>)
        }
        None => {
            let ret = success(api, op).ty;
            quote!(runtime::Call<'_, #ret>)
        }
    }
}

/// Every method of `Client` an operation becomes: its name, its arguments after `&self`
/// and its return type, as the emitter writes them.
pub fn method_signatures(api: &Api, op: &Operation) -> Vec<(Ident, Vec<TokenStream>, TokenStream)> {
    if op.webhook {
        return Vec::new();
    }
    let fixed: Vec<TokenStream> = {
        let mut args: Vec<TokenStream> = path_args(op)
            .map(|p| {
                let n = snake(&p.name);
                let t = path_arg(api, &p.ty);
                quote!(#n: #t)
            })
            .collect();
        if let Some(params_type) = &op.params_type {
            let pname = ident(params_type);
            args.push(quote!(params: &#pname));
        }
        args
    };
    let with_body = |c: Option<&Content>| {
        let mut args = fixed.clone();
        args.extend(c.map(|c| body_arg(api, c).0));
        args
    };
    let mut out = Vec::new();
    let first_body = op.body.as_ref().and_then(|b| b.methods.first().map(|m| &b.contents[m.content]));
    match &op.body {
        _ if op.stream.as_ref().is_some_and(|s| s.only) => {}
        Some(body) if !body.methods.is_empty() => {
            for m in &body.methods {
                out.push((m.name.clone(), with_body(Some(&body.contents[m.content])), return_type(api, op, None)));
            }
        }
        _ => out.push((op.method_name.clone(), with_body(None), return_type(api, op, None))),
    }
    if let Some(stream) = &op.stream {
        out.push((stream.name.clone(), with_body(first_body), return_type(api, op, Some(stream))));
    }
    out
}

/// A field of an operation's parameter struct.
pub struct ParamField {
    pub name: Ident,
    /// As written in the struct (`Option<..>` when optional).
    pub ty: TokenStream,
    pub required: bool,
}

/// The query and header parameters' struct of an operation: its fields and whether it
/// derives `Default`.
pub fn params_fields(api: &Api, op: &Operation) -> Option<(Vec<ParamField>, bool)> {
    if op.params_type.is_none() || op.webhook {
        return None;
    }
    let query_header = struct_params(op);
    let all_optional = query_header.clone().all(|p| !p.required);
    let fields = query_header
        .map(|p| {
            let t = ty(api, p.ty.non_null());
            ParamField {
                name: p.name.clone(),
                ty: if p.required { t } else { quote!(Option<#t>) },
                required: p.required,
            }
        })
        .collect();
    Some((fields, all_optional))
}

fn mentions_deprecated_type(api: &Api, op: &Operation) -> bool {
    let mut ids = Vec::new();
    for p in &op.params {
        p.ty.named_ids(&mut ids);
    }
    for c in op.body.iter().flat_map(|b| &b.contents).chain(op.responses.iter().flat_map(|r| &r.contents)) {
        if let Some(t) = &c.ty {
            t.named_ids(&mut ids);
        }
    }
    ids.iter().any(|id| api.ty(*id).deprecated)
}

fn resolve_struct<'a>(api: &'a Api, t: &TypeRef) -> Option<(TypeId, &'a crate::ir::StructType)> {
    crate::ir::struct_of(&api.types, t)
}

fn form_struct<'a>(api: &'a Api, t: &TypeRef) -> Option<&'a TypeDef> {
    let (id, _) = resolve_struct(api, t)?;
    let def = api.ty(id);
    def.form.then_some(def)
}

/// For a list operation (a GET with an `after` query parameter answering `data` and
/// `has_more`): the page type and its `CursorPage` implementation.
fn cursor_page(api: &Api, op: &Operation) -> Option<(TypeId, TokenStream)> {
    if op.http_method != HttpMethod::Get
        || !op.params.iter().any(|p| p.wire == "after" && p.location == ParamLocation::Query)
    {
        return None;
    }
    let content = success(api, op).content?;
    let (id, s) = resolve_struct(api, content.ty.as_ref()?)?;
    let data = s.fields.iter().find(|f| f.wire == "data")?;
    let TypeRef::Array(item) = &data.ty else { return None };
    let has_more = s.fields.iter().find(|f| f.wire == "has_more" && f.ty == TypeRef::Boolean)?;
    let item_ty = ty(api, item.as_ref());
    let data_name = snake(&data.name);
    let data_expr = if data.shape == FieldShape::Required { quote!(self.#data_name) } else { return None };
    let more_name = snake(&has_more.name);
    let more = match has_more.shape {
        FieldShape::Required => quote!(self.#more_name),
        _ => quote!(self.#more_name == Some(true)),
    };
    let cursor = if let Some(last) = s.fields.iter().find(|f| f.wire == "last_id" && f.ty == TypeRef::String) {
        let n = snake(&last.name);
        match last.shape {
            FieldShape::Required => quote!(Some(self.#n.clone())),
            _ => quote!(self.#n.clone()),
        }
    } else {
        let (_, item_struct) = resolve_struct(api, item.as_ref())?;
        let id_field = item_struct
            .fields
            .iter()
            .find(|f| f.wire == "id" && f.ty == TypeRef::String && f.shape == FieldShape::Required)?;
        let n = snake(&id_field.name);
        quote!(#data_expr.last().map(|item| item.#n.clone()))
    };
    let page = ty(api, &TypeRef::Named(id));
    let mut ids = vec![id];
    item.named_ids(&mut ids);
    let allow = if ids.iter().any(|i| api.ty(*i).deprecated) {
        quote!(#[allow(deprecated, reason = "the API still lists what it marks deprecated")])
    } else {
        TokenStream::new()
    };
    Some((
        id,
        quote! {
            #allow
            impl runtime::CursorPage for #page {
                type Item = #item_ty;
                fn items(&self) -> &[Self::Item] {
                    &#data_expr
                }
                fn into_items(self) -> Vec<Self::Item> {
                    #data_expr
                }
                fn next_cursor(&self) -> Option<String> {
                    if #more { #cursor } else { None }
                }
            }
        },
    ))
}

/// How a value of a form field is added to a multipart form.
enum FormKind {
    File,
    Files,
    Union,
    Other,
}

fn form_kind(api: &Api, t: &TypeRef) -> FormKind {
    match t.non_null() {
        TypeRef::Bytes => FormKind::File,
        TypeRef::Array(inner) if **inner == TypeRef::Bytes => FormKind::Files,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Union(u) if u.variants.iter().any(|v| !matches!(form_kind(api, &v.ty), FormKind::Other)) => {
                FormKind::Union
            }
            TypeKind::Alias(inner) => form_kind(api, inner),
            _ => FormKind::Other,
        },
        _ => FormKind::Other,
    }
}

/// Code adding `value` under `name` (arrays of files under `many`, OpenAI's `name[]`);
/// `form_mut` is how the code reaches the form as `&mut`.
fn add_to_form(
    kind: FormKind,
    value: TokenStream,
    name: &TokenStream,
    many: &TokenStream,
    form_mut: TokenStream,
) -> TokenStream {
    match kind {
        FormKind::File => quote!(form.file(#name, #value);),
        FormKind::Files => quote!(for file in #value { form.file(#many, file); }),
        FormKind::Union => quote!(runtime::multipart::FormValue::add_to(#value, #form_mut, #name);),
        FormKind::Other => quote!(form.field(#name, #value);),
    }
}

/// The runtime's name for how an object field is written into a form.
fn part_encoding_tokens(encoding: PartEncoding) -> TokenStream {
    match encoding {
        PartEncoding::Json => quote!(runtime::multipart::Encoding::Json),
        PartEncoding::DeepObject => quote!(runtime::multipart::Encoding::DeepObject),
        PartEncoding::FormExploded => quote!(runtime::multipart::Encoding::FormExploded),
        PartEncoding::Form => quote!(runtime::multipart::Encoding::Form),
    }
}

/// `ToForm` for multipart structs and `FormValue` for the unions they hold that carry files.
pub fn form_impls(api: &Api, def: &TypeDef) -> Vec<TokenStream> {
    if !def.form {
        return Vec::new();
    }
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => {
            let adds = s.fields.iter().map(|f| {
                let n = snake(&f.name);
                let kind = form_kind(api, &f.ty);
                let wire = &f.wire;
                if matches!(kind, FormKind::Other) {
                    return match def.part_encodings.iter().find(|(p, _)| p == wire) {
                        Some((_, encoding)) => {
                            let encoding = part_encoding_tokens(*encoding);
                            quote!(form.field_encoded(#wire, &self.#n, #encoding);)
                        }
                        None => quote!(form.field(#wire, &self.#n);),
                    };
                }
                let many = format!("{wire}[]");
                let (name, many) = (quote!(#wire), quote!(#many));
                // The field is declared as `model::field_form` says: `T`, one `Option` of it
                // whatever else the schema allows (`anyOf [binary, null]` too), or `Nullable`.
                let form = model::field_form(def, f);
                if form == model::FieldForm::Required {
                    return add_to_form(kind, quote!(&self.#n), &name, &many, quote!(&mut form));
                }
                let add = add_to_form(kind, quote!(value), &name, &many, quote!(&mut form));
                // A form has no `null`: a field sent as `null` is left out, as an absent one.
                match form {
                    model::FieldForm::Tristate => quote!(if let runtime::Nullable::Value(value) = &self.#n { #add }),
                    _ => quote!(if let Some(value) = &self.#n { #add }),
                }
            });
            vec![quote! {
                impl runtime::multipart::ToForm for #name {
                    fn to_form(&self) -> runtime::multipart::Form {
                        let mut form = runtime::multipart::Form::new();
                        #(#adds)*
                        form
                    }
                }
            }]
        }
        TypeKind::Union(u) if matches!(form_kind(api, &TypeRef::Named(def.id)), FormKind::Union) => {
            let arms = u.variants.iter().map(|v| {
                let n = ident(&v.name);
                let add = add_to_form(
                    form_kind(api, &v.ty),
                    quote!(value),
                    &quote!(name),
                    &quote!(&format!("{name}[]")),
                    quote!(form),
                );
                quote!(Self::#n(value) => { #add })
            });
            let fallback = ident(&u.fallback);
            vec![quote! {
                impl runtime::multipart::FormValue for #name {
                    fn add_to(&self, form: &mut runtime::multipart::Form, name: &str) {
                        match self {
                            #(#arms)*
                            Self::#fallback(value) => { form.field(name, value); }
                        }
                    }
                }
            }]
        }
        _ => Vec::new(),
    }
}
