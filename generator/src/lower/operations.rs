//! Operations to the IR: method names, groups, parameters, bodies and responses.

use super::naming::{self, Namespace};
use super::Lowerer;
use crate::error::Error;
use crate::ir::{
    Body, BodyMethod, Content, ContentKind, Group, HttpMethod, Ident, Module, Operation, Param, ParamLocation,
    ParamStyle, Response, Status, StreamMethod, TypeRef, MAX_METHOD_ARGS,
};
use crate::openapi::{self, MediaType};
use heck::ToUpperCamelCase;
use indexmap::IndexMap;

/// The modules a group's module sits in: `types::<group>` and `operations::<group>`.
const PARENT_MODULES: [&str; 2] = ["types", "operations"];

pub(crate) fn lower_operations(l: &mut Lowerer<'_>) -> Result<(Vec<Group>, Vec<Operation>), Error> {
    let doc = l.doc;
    // Groups: declared tags first, then tags in first-use order, then derived groups.
    let mut module_names = Namespace::default();
    for r in Module::RESERVED {
        module_names.claim(r);
    }
    // Groups by tag compared without case: `Endpoints` and `endpoints` are one group (and one
    // cargo feature), named as first written.
    let mut groups: IndexMap<String, Group> = IndexMap::new();
    let mut descriptions: IndexMap<String, Option<String>> = IndexMap::new();
    for t in &doc.tags {
        let entry = descriptions.entry(t.name.to_lowercase()).or_default();
        if entry.is_none() {
            entry.clone_from(&t.description);
        }
    }
    let mut group_of = |key: String, groups: &mut IndexMap<String, Group>| -> Ident {
        let folded = key.to_lowercase();
        if let Some(g) = groups.get(&folded) {
            return g.module.clone();
        }
        let mut module = Ident::new(&naming::snake_name(&key, "group"));
        // A module named by a keyword would need `r#` in every path; give it a suffix instead.
        // So would a device name of Windows (`con`, `aux`), which no file there can have, and
        // one named `types` or `operations`, which would repeat the module it sits in (clippy's
        // `module_inception`).
        if module.is_raw()
            || module.as_str().ends_with('_')
            || naming::is_windows_device_name(module.as_str())
            || PARENT_MODULES.contains(&module.as_str())
        {
            module = Ident::new(&format!("{}_api", module.as_str().trim_end_matches('_')));
        }
        let module = Ident::new(&module_names.claim(module.as_str()));
        let description = descriptions.get(&folded).cloned().flatten();
        groups.insert(folded, Group { module: module.clone(), wire: key, description });
        module
    };
    for tag in doc.tag_names() {
        if doc.operations.iter().any(|o| o.tags.first().is_some_and(|t| t.to_lowercase() == tag.to_lowercase())) {
            group_of(tag, &mut groups);
        }
    }

    let mut method_names = Namespace::default();
    for m in crate::ir::CLIENT_METHODS.iter().chain(&STD_TRAIT_METHODS) {
        method_names.claim(m);
    }
    // The names operationIds ask for are claimed before any derived one (`x_stream`,
    // `x_json`): an operation named `x_stream` keeps its name beside an operation `x` that
    // also streams.
    let own_names: Vec<Ident> = doc.operations.iter().map(|op| own_method_name(l, op, &mut method_names)).collect();
    let mut out = Vec::with_capacity(doc.operations.len());
    let prefix = common_prefix(doc.operations.iter().filter(|o| o.webhook.is_none()).map(|o| o.path.as_str()));
    for (op, method_name) in doc.operations.iter().zip(own_names) {
        let group_key = match (op.tags.first(), &op.webhook) {
            (Some(tag), _) => tag.clone(),
            (None, Some(_)) => "webhooks".to_owned(),
            (None, None) => {
                // An untagged operation joins the tag whose module its path names, if any.
                let segment = path_group(&op.path, prefix);
                let module = naming::snake_name(&segment, "group");
                groups.values().find(|g| g.module == *module.as_str()).map_or(segment, |g| g.wire.clone())
            }
        };
        let group = group_of(group_key, &mut groups);
        out.push(lower_operation(l, op, group, method_name, &mut method_names)?);
    }
    Ok((groups.into_values().collect(), out))
}

/// How many leading literal segments every path shares (`/v1` of `/v1/chat` and `/v1/models`).
fn common_prefix<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    let mut prefix: Option<Vec<&str>> = None;
    for path in paths {
        let segments: Vec<&str> = path.split('?').next().unwrap_or_default().split('/').skip(1).collect();
        let common = match &prefix {
            None => segments.iter().take_while(|s| !s.contains('{')).count(),
            Some(p) => p.iter().zip(&segments).take_while(|(a, b)| a == b).count(),
        };
        prefix = Some(segments[..common].to_vec());
    }
    prefix.map_or(0, |p| p.len())
}

/// `v1`, `v2beta`, `2024-01-01`: a segment that versions the API rather than naming a part of it.
fn is_version(segment: &str) -> bool {
    let rest = segment.strip_prefix(['v', 'V']).unwrap_or(segment);
    rest.starts_with(|c: char| c.is_ascii_digit())
        && (segment != rest || rest.chars().all(|c| c.is_ascii_digit() || "-._".contains(c)))
}

/// The group of an untagged operation: the first literal segment of its path after the
/// `prefix` segments every path shares, versions skipped (`/v1/chat/completions` is `chat`
/// when every path starts with `/v1`, and when paths start with `/v1` and `/v2`); a path with
/// nothing after the prefix is grouped by its last literal segment.
fn path_group(path: &str, prefix: usize) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let named = |s: &&str| !s.is_empty() && !s.contains('{') && !is_version(s);
    let after = path.split('/').skip(1 + prefix).find(named);
    after.or_else(|| path.split('/').rfind(named)).unwrap_or("default").to_owned()
}

/// Methods of the standard traits every `Client` has, its own (`Clone`, `Debug`) and the
/// blanket ones (`ToOwned`, `Into`, `Borrow`, `Any`...), with those of the traits a user
/// would expect of a value (`PartialEq`, `Hash`, `Default`, `Display`). An inherent method
/// of that name would win over the trait's at every `client.clone()`, silently.
pub(crate) const STD_TRAIT_METHODS: [&str; 24] = [
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "fmt",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "hash",
    "into",
    "try_into",
    "from",
    "try_from",
    "default",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "type_id",
    "to_string",
    "deref",
    "deref_mut",
    "drop",
];

/// The method an operation's id names, claimed; a warning when the client itself has it, or
/// a standard trait method has that name.
fn own_method_name(l: &mut Lowerer<'_>, op: &openapi::Operation, method_names: &mut Namespace) -> Ident {
    let wanted = naming::snake_name(&crate::schema::display_id(op), "op");
    let method_name = Ident::new(&method_names.claim(&wanted));
    let ptr = || if op.operation_id.is_some() { format!("{}/operationId", op.ptr) } else { op.ptr.clone() };
    if crate::ir::CLIENT_METHODS.contains(&wanted.as_str()) {
        l.warnings.push(Error::at(
            ptr(),
            format!("`{wanted}` is a method of the client itself; the operation's method is `{method_name}`"),
        ));
    } else if STD_TRAIT_METHODS.contains(&wanted.as_str()) {
        l.warnings.push(Error::at(
            ptr(),
            format!(
                "`{wanted}` is the method of a standard trait the client has (`client.{wanted}()` would call the \
                 operation instead); the operation's method is `{method_name}`"
            ),
        ));
    }
    method_name
}

fn lower_operation(
    l: &mut Lowerer<'_>,
    op: &openapi::Operation,
    group: Ident,
    method_name: Ident,
    method_names: &mut Namespace,
) -> Result<Operation, Error> {
    let id = crate::schema::display_id(op);
    let type_base = naming::type_name(&id);

    let (path, path_query) = split_path_key(&op.path);

    let params = lower_params(l, op, &type_base)?;

    let body = match &op.request_body {
        None => None,
        Some(b) => {
            let contents = contents(l, &b.content, &format!("{type_base}Request"))?;
            let mut methods: Vec<BodyMethod> = Vec::new();
            for (i, c) in contents.iter().enumerate() {
                if methods.iter().any(|m| contents[m.content].kind == c.kind) {
                    continue;
                }
                let name = if methods.is_empty() {
                    method_name.clone()
                } else {
                    let suffix = match c.kind {
                        ContentKind::Json => "json",
                        ContentKind::Multipart => "multipart",
                        ContentKind::Form => "form",
                        ContentKind::Text | ContentKind::EventStream => "text",
                        ContentKind::Binary => "bytes",
                    };
                    Ident::new(&method_names.claim(&format!("{}_{suffix}", method_name.as_str())))
                };
                methods.push(BodyMethod { name, content: i });
            }
            Some(Body { required: b.required, doc: b.description.clone(), contents, methods })
        }
    };

    let responses = lower_responses(l, op, &type_base)?;

    let mut stream = stream_method(l, &body, &responses, &method_name, method_names);
    let resumable = resumable(op)?;
    match &mut stream {
        Some(stream) => stream.resumable = resumable,
        None if resumable => l.warnings.push(Error::at(
            format!("{}/{RESUMABLE_KEY}", op.ptr),
            "the operation is marked resumable but answers with no event stream; the mark is ignored",
        )),
        None => {}
    }

    let security =
        op.security.as_ref().unwrap_or(&l.doc.security).iter().map(|req| req.keys().cloned().collect()).collect();

    let has_params = params.iter().any(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Header));
    // One argument per path parameter, the parameter struct and the body; past the bound,
    // the path parameters join the struct (GitHub's enterprise audit and Azure's nested
    // resources have six and more).
    let path_count = params.iter().filter(|p| p.location == ParamLocation::Path).count();
    let path_in_params =
        path_count > 0 && path_count + usize::from(has_params) + usize::from(body.is_some()) > MAX_METHOD_ARGS;
    let params_type = (has_params || path_in_params).then(|| naming::params_type_name(&method_name));
    let http_method = HttpMethod::parse(&op.method)
        .ok_or_else(|| Error::at(op.ptr.clone(), format!("`{}` is not an HTTP method", op.method)))?;
    Ok(Operation {
        id,
        method_name,
        http_method,
        path,
        path_query,
        group,
        summary: op.summary.clone(),
        doc: op.description.clone(),
        deprecated: op.deprecated,
        webhook: op.webhook.is_some(),
        params,
        params_type,
        path_in_params,
        body,
        responses,
        security,
        stream,
        errors: crate::ir::ErrorBodies::None,
        origin: op.ptr.clone(),
    })
}

/// A path key into the template and the fixed query pairs written into it
/// (`/responses?beta=true`).
fn split_path_key(key: &str) -> (String, Vec<(String, String)>) {
    match key.split_once('?') {
        Some((p, q)) => (
            p.to_owned(),
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) => (k.to_owned(), v.to_owned()),
                    None => (kv.to_owned(), String::new()),
                })
                .collect(),
        ),
        None => (key.to_owned(), Vec::new()),
    }
}

fn lower_params(l: &mut Lowerer<'_>, op: &openapi::Operation, type_base: &str) -> Result<Vec<Param>, Error> {
    let mut param_names = Namespace::default();
    let mut params = Vec::with_capacity(op.parameters.len());
    for p in &op.parameters {
        let location = match p.location.as_str() {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            _ => ParamLocation::Cookie,
        };
        let ty = match &p.schema {
            Some(s) => l.lower_schema(s, &format!("{type_base}{}", p.name.to_upper_camel_case()), None)?,
            None => TypeRef::String,
        };
        let style = match p.style.as_deref() {
            None if matches!(location, ParamLocation::Query | ParamLocation::Cookie) => ParamStyle::Form,
            None => ParamStyle::Simple,
            Some(word) => ParamStyle::parse(word).ok_or_else(|| {
                Error::at(crate::error::push_pointer(&p.ptr, "style"), format!("`{word}` is not a parameter style"))
            })?,
        };
        params.push(Param {
            name: Ident::new(&param_names.claim(&naming::snake_name(&p.name, "param"))),
            wire: p.name.clone(),
            location,
            required: p.required,
            explode: p.explode.unwrap_or(style == ParamStyle::Form),
            style,
            ty,
            doc: p.description.clone(),
            deprecated: p.deprecated,
        });
    }

    Ok(params)
}

fn lower_responses(l: &mut Lowerer<'_>, op: &openapi::Operation, type_base: &str) -> Result<Vec<Response>, Error> {
    let mut responses = Vec::with_capacity(op.responses.len());
    let mut first_success = true;
    for (key, r) in &op.responses {
        let status = Status::parse(key).ok_or_else(|| {
            Error::at(r.ptr.clone(), format!("`{key}` is not a status code, a range such as `4XX`, or `default`"))
        })?;
        // An error response of `components/responses` is one set of types, named after it,
        // whichever operations refer to it (Spotify's `Unauthorized`, in 97 operations).
        let component = (!status.is_success()).then(|| component_response(&r.ptr)).flatten();
        if let Some(contents) = l.error_responses.get(&r.ptr) {
            responses.push(Response { status, doc: r.description.clone(), contents: contents.clone() });
            continue;
        }
        // The first success is the operation's response; others are named by their status,
        // as errors are (`CreateJobResponse202`), not numbered.
        let hint = if let Some(name) = &component {
            naming::type_name(name)
        } else if status.is_success() && std::mem::take(&mut first_success) {
            format!("{type_base}Response")
        } else {
            format!("{type_base}Response{}", key.to_upper_camel_case())
        };
        let contents = contents(l, &r.content, &hint)?;
        if component.is_some() {
            l.error_responses.insert(r.ptr.clone(), contents.clone());
        }
        responses.push(Response { status, doc: r.description.clone(), contents });
    }

    Ok(responses)
}

/// The name of the response a pointer is, when it is one of `components/responses`.
fn component_response(ptr: &str) -> Option<String> {
    let name = ptr.strip_prefix('#').unwrap_or(ptr).strip_prefix("/components/responses/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// An operation streams when one of its success responses offers `text/event-stream` (an
/// error response that does is an error, read as one; a `stream` property alone is no
/// stream). When events are all its success responses offer, the stream is its one method
/// and keeps the operation's own name; otherwise the streaming twin is `<name>_stream`. A body
/// with a boolean `stream` property asks for the stream with it, so the runtime sets it on the
/// stream method and clears it on the other.
fn stream_method(
    l: &Lowerer<'_>,
    body: &Option<Body>,
    responses: &[Response],
    method_name: &Ident,
    method_names: &mut Namespace,
) -> Option<StreamMethod> {
    let success = || responses.iter().filter(|r| r.status.is_success()).flat_map(|r| &r.contents);
    let declared = success().find(|c| c.kind == ContentKind::EventStream)?;
    let only = success().all(|c| c.kind == ContentKind::EventStream);
    let flag = body.as_ref().is_some_and(|b| {
        b.methods.first().is_some_and(|m| b.contents[m.content].ty.as_ref().is_some_and(|t| has_stream_field(l, t)))
    });
    let name = if only {
        method_name.clone()
    } else {
        Ident::new(&method_names.claim(&format!("{}_stream", method_name.as_str())))
    };
    Some(StreamMethod { name, event: declared.ty.clone(), only, flag, resumable: false })
}

/// The operation extension that marks a stream resumable: its server takes `Last-Event-ID`
/// and sends each event again from there, so the generated call resumes after a drop by
/// default (a POST sends its body again). Vendors add it with an overlay.
pub const RESUMABLE_KEY: &str = "x-oagen-resumable";

/// Whether the operation carries `x-oagen-resumable: true`; anything but a boolean is an
/// error.
fn resumable(op: &openapi::Operation) -> Result<bool, Error> {
    match op.extensions.iter().find(|(key, _)| key == RESUMABLE_KEY) {
        None => Ok(false),
        Some((_, serde_json::Value::Bool(on))) => Ok(*on),
        Some((_, other)) => Err(Error::at(
            format!("{}/{RESUMABLE_KEY}", op.ptr),
            format!("`{RESUMABLE_KEY}` takes `true` or `false`, not `{other}`"),
        )),
    }
}

fn has_stream_field(l: &Lowerer<'_>, ty: &TypeRef) -> bool {
    crate::ir::struct_of(&l.types, ty)
        .is_some_and(|(_, s)| s.fields.iter().any(|f| f.wire == "stream" && f.ty == TypeRef::Boolean))
}

/// The types of a body's or response's media types, named after `hint`: the first media type
/// by the hint itself (`CreateWorkspaceRequest`, or `CreateWorkspaceRequestBody` where a
/// component has that name, as AWS documents name the operation's whole input), each other
/// by the hint and its media type (`CreateWorkspaceRequestForm`), so no name is numbered
/// where the document says what tells them apart.
fn contents(l: &mut Lowerer<'_>, content: &IndexMap<String, MediaType>, hint: &str) -> Result<Vec<Content>, Error> {
    let mut out = Vec::with_capacity(content.len());
    for (i, (media_type, m)) in content.iter().enumerate() {
        let kind = ContentKind::of(media_type);
        let hint = match i {
            0 if l.type_names.contains(&naming::type_name(hint)) => format!("{hint}Body"),
            0 => hint.to_owned(),
            _ => format!("{hint}{}", media_word(media_type)),
        };
        let hint = hint.as_str();
        let ty = match &m.schema {
            Some(s) if kind == ContentKind::EventStream => Some(l.lower_event_schema(s, hint)?),
            Some(s) => Some(l.lower_schema(s, hint, None)?),
            None => None,
        };
        if let (ContentKind::Multipart, Some(t)) = (kind, &ty) {
            super::form_encoding::apply(&mut l.types, m, t, &mut l.warnings)?;
        }
        out.push(Content { media_type: media_type.clone(), kind, ty });
    }
    Ok(out)
}

/// The word a media type adds to a type name: `Form` for `application/x-www-form-urlencoded`,
/// `Multipart`, `EventStream`, else its subtype without a vendor tree or suffix
/// (`application/vnd.api+json` → `Json`, `text/plain` → `Plain`).
fn media_word(media_type: &str) -> String {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let word = match ContentKind::of(&essence) {
        ContentKind::Form => "form",
        ContentKind::Multipart => "multipart",
        ContentKind::EventStream => "event stream",
        ContentKind::Json => "json",
        _ => {
            let subtype = essence.rsplit('/').next().unwrap_or_default();
            let subtype = subtype.rsplit('+').next().unwrap_or(subtype);
            let word = subtype.rsplit('.').next().unwrap_or(subtype);
            if word.chars().any(|c| c.is_ascii_alphanumeric()) {
                word
            } else {
                "any"
            }
        }
    };
    naming::type_name(word)
}

/// Multipart request bodies, and the unions their fields hold directly, carry files.
pub(crate) fn mark_form_types(types: &mut [crate::ir::TypeDef], operations: &[Operation]) {
    use crate::ir::TypeKind;
    let mut stack: Vec<crate::ir::TypeId> = Vec::new();
    for op in operations {
        for c in op.body.iter().flat_map(|b| &b.contents) {
            if c.kind == ContentKind::Multipart {
                if let Some(t) = &c.ty {
                    t.named_ids(&mut stack);
                }
            }
        }
    }
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut types[id.0].form, true) {
            continue;
        }
        // Newtypes and extra properties are not file parts: a file is sent only as a field
        // of its own or a union variant.
        let parts: Vec<&TypeRef> = match &types[id.0].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Newtype(_) => Vec::new(),
            kind => kind.children(),
        };
        for t in parts {
            t.named_ids(&mut stack);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(paths: &[&str]) -> Vec<String> {
        let prefix = common_prefix(paths.iter().copied());
        paths.iter().map(|p| path_group(p, prefix)).collect()
    }

    #[test]
    fn untagged_operations_are_grouped_after_the_prefix_all_paths_share() {
        assert_eq!(groups(&["/v1/chat/completions", "/v1/models/{id}", "/v1/models"]), ["chat", "models", "models"]);
        assert_eq!(groups(&["/api/generate", "/api/tags", "/api/show"]), ["generate", "tags", "show"]);
        // Versions are skipped where paths differ in them; parameters always.
        assert_eq!(groups(&["/v1/speak", "/v2/listen", "/{project}/keys"]), ["speak", "listen", "keys"]);
        assert_eq!(groups(&["/2024-01-01/items", "/2024-01-01/orders"]), ["items", "orders"]);
        // Nothing after the prefix: the path's last literal segment.
        assert_eq!(groups(&["/pets", "/pets/{id}"]), ["pets", "pets"]);
        assert_eq!(groups(&["/v1", "/v1/users"]), ["default", "users"]);
        assert_eq!(groups(&["/"]), ["default"]);
    }

    #[test]
    fn media_types_name_their_types() {
        assert_eq!(media_word("application/x-www-form-urlencoded"), "Form");
        assert_eq!(media_word("multipart/form-data; boundary=x"), "Multipart");
        assert_eq!(media_word("application/vnd.api+json"), "Json");
        assert_eq!(media_word("application/xml"), "Xml");
        assert_eq!(media_word("text/plain"), "Plain");
        assert_eq!(media_word("application/vnd.ms-excel"), "MsExcel");
        assert_eq!(media_word("*/*"), "Any");
    }

    #[test]
    fn component_responses_are_named_by_their_key() {
        assert_eq!(component_response("/components/responses/Unauthorized").as_deref(), Some("Unauthorized"));
        assert_eq!(component_response("#/components/responses/a~1b").as_deref(), Some("a/b"));
        assert_eq!(component_response("/components/responses/A/content"), None);
        assert_eq!(component_response("/paths/~1pets/get/responses/404"), None);
    }

    #[test]
    fn version_segments() {
        for v in ["v1", "V2", "v2beta", "v1alpha1", "2024-01-01", "3"] {
            assert!(is_version(v), "{v}");
        }
        for s in ["vendors", "v", "users", "3d-models", "video"] {
            assert!(!is_version(s), "{s}");
        }
    }

    /// A document with one streaming operation (`POST /events`) carrying `mark` as its
    /// `x-oagen-resumable`, and one that does not stream (`GET /plain`) carrying `plain`.
    fn lowered(mark: &str, plain: &str) -> Result<crate::ir::Api, Error> {
        let yaml = format!(
            r#"openapi: 3.1.0
info: {{title: t, version: "1"}}
paths:
  /events:
    post:
      operationId: watch
      {mark}
      responses:
        "200":
          description: events
          content:
            text/event-stream:
              schema: {{type: string}}
  /plain:
    get:
      operationId: plain
      {plain}
      responses:
        "200":
          description: text
          content:
            application/json:
              schema: {{type: string}}
"#
        );
        let source = crate::load::Source::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        crate::Spec::from_source(source).unwrap().lower()
    }

    fn resumable_of(api: &crate::ir::Api) -> bool {
        let op = api.operations.iter().find(|o| o.id == "watch").unwrap();
        op.stream.as_ref().unwrap().resumable
    }

    #[test]
    fn x_oagen_resumable_marks_a_stream() {
        assert!(!resumable_of(&lowered("", "").unwrap()), "off unless marked");
        assert!(resumable_of(&lowered("x-oagen-resumable: true", "").unwrap()));
        assert!(!resumable_of(&lowered("x-oagen-resumable: false", "").unwrap()));
        let e = lowered("x-oagen-resumable: yes please", "").unwrap_err().to_string();
        assert!(e.contains("/paths/~1events/post/x-oagen-resumable") && e.contains("`true` or `false`"), "{e}");
        let api = lowered("", "x-oagen-resumable: true").unwrap();
        let warned: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        assert!(warned.iter().any(|w| w.contains("/paths/~1plain/get/x-oagen-resumable")), "{warned:?}");
    }
}
