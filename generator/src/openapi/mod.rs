//! The document read into a typed view: operations (from `paths` and `webhooks`), their
//! parameters, bodies and responses with every `$ref` outside schemas already followed, and
//! all schemas with their references checked.
//!
//! `openapiv3` (the customer's pick) reads the parts it models faithfully in both 3.0 and
//! 3.1: `info`, `servers`, `tags` and security schemes. Everything that carries schemas is
//! read by hand (see [`schema`]) because openapiv3 loses or rejects 3.1 schema keywords.

pub mod channels;
mod leftovers;
mod local_defs;
pub mod omit;
mod operation_ids;
mod reader;
mod repair;
pub mod schema;
mod validate;

pub use channels::{Channel, CHANNELS_KEY};
pub use schema::{Constraints, Discriminator, Schema};

use crate::error::{push_pointer, Error};
use indexmap::IndexMap;
use leftovers::Leftover;
use reader::{expect_obj, kind, Obj};
use repair::Repairs;
use schema::{local_ref, read_schema};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashSet;

/// The HTTP methods an OpenAPI path item may hold, in the order they are read.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Which OpenAPI dialect the document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    V3_0,
    V3_1,
}

/// A whole document.
#[derive(Debug, Clone)]
pub struct Document {
    pub version: SpecVersion,
    pub info: openapiv3::Info,
    pub servers: Vec<openapiv3::Server>,
    pub tags: Vec<openapiv3::Tag>,
    pub security_schemes: IndexMap<String, openapiv3::SecurityScheme>,
    /// Document-wide security requirements.
    pub security: Vec<SecurityRequirement>,
    /// Operations of `paths`, then of `webhooks`, in document order.
    pub operations: Vec<Operation>,
    /// WebSocket channels the document declares ([`CHANNELS_KEY`]), in document order.
    pub channels: Vec<Channel>,
    /// `components/schemas`, in document order.
    pub schemas: IndexMap<String, Schema>,
    /// Schemas that a `$ref` reaches somewhere other than `components/schemas/NAME`,
    /// keyed by their pointer.
    pub other_schemas: IndexMap<String, Schema>,
    /// What the document gets wrong that was repaired while reading it, each located.
    pub warnings: Vec<Error>,
}

/// How a document is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Refuse what is invalid but repairable (operations sharing an operationId, Swagger 2
    /// `body`/`formData` parameters) instead of repairing it with a warning.
    pub strict: bool,
}

/// Scheme name to the scopes it needs; an empty requirement means "no auth".
pub type SecurityRequirement = IndexMap<String, Vec<String>>;

/// One operation of a path item or a webhook.
#[derive(Debug, Clone)]
pub struct Operation {
    pub ptr: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// The path key as written (it may carry a query string, `/responses?beta=true`).
    pub path: String,
    /// For webhooks, the webhook's name (and `path` is empty).
    pub webhook: Option<String>,
    pub operation_id: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path-item parameters merged with the operation's own (the operation's win).
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// Status code (or `2XX`, `default`) to response, in document order.
    pub responses: Vec<(String, Response)>,
    /// `None` inherits the document's requirements.
    pub security: Option<Vec<SecurityRequirement>>,
    /// `x-` extensions of the operation, verbatim.
    pub extensions: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub ptr: String,
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    /// From `schema`, or from the single entry of `content`.
    pub schema: Option<Schema>,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub examples: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub ptr: String,
    pub description: Option<String>,
    pub required: bool,
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Clone)]
pub struct MediaType {
    pub ptr: String,
    pub schema: Option<Schema>,
    /// `example`, then each of `examples` with its name.
    pub examples: Vec<(Option<String>, Value)>,
    /// Per-property multipart encoding (the Encoding Object), by property name.
    pub encoding: IndexMap<String, Encoding>,
}

/// How one property of a multipart or form body is written, as the document declares it.
#[derive(Debug, Clone)]
pub struct Encoding {
    pub ptr: String,
    pub content_type: Option<String>,
    /// Set only when the document writes it: OpenAPI applies style rules only then.
    pub style: Option<String>,
    pub explode: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub ptr: String,
    pub description: Option<String>,
    pub content: IndexMap<String, MediaType>,
    pub headers: IndexMap<String, Header>,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub description: Option<String>,
    pub required: bool,
    pub schema: Option<Schema>,
}

impl Document {
    /// Read a parsed document, repairing with warnings what [`ReadOptions::strict`] would
    /// refuse. Errors carry JSON pointers; the caller adds file and position.
    pub fn read(root: &Value) -> Result<Document, Error> {
        Document::read_with(root, ReadOptions::default())
    }

    /// Read a parsed document as `options` say.
    pub fn read_with(root: &Value, options: ReadOptions) -> Result<Document, Error> {
        Reader { root, repairs: Repairs::new(options.strict) }.document()
    }

    /// The schema a `$ref` pointer names.
    pub fn schema_at(&self, ptr: &str) -> Option<&Schema> {
        component_name(ptr).and_then(|name| self.schemas.get(name.as_str())).or_else(|| self.other_schemas.get(ptr))
    }

    /// All operations' distinct tags in first-use order, after the document's declared tags.
    pub fn tag_names(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        let declared = self.tags.iter().map(|t| t.name.clone());
        let used = self.operations.iter().flat_map(|o| o.tags.iter().cloned());
        declared.chain(used).filter(|t| seen.insert(t.clone())).collect()
    }
}

/// `Name` for a pointer of the form `/components/schemas/Name`.
pub fn component_name(ptr: &str) -> Option<String> {
    let rest = ptr.strip_prefix("/components/schemas/")?;
    (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
}

struct Reader<'a> {
    root: &'a Value,
    /// Repairs made while reading (or the refusal of a strict reading).
    repairs: Repairs,
}

impl<'a> Reader<'a> {
    fn document(&self) -> Result<Document, Error> {
        let top = expect_obj(self.root, "", "an OpenAPI document")?;
        let version = spec_version(&top)?;

        let info = match top.get("info") {
            None => {
                return Err(Error::at(
                    "",
                    "the document has no `info`, which is required (it needs `title` and `version`)",
                ))
            }
            Some(v) => typed::<openapiv3::Info>(v, "/info", "`info`")?,
        };
        let servers = match top.get("servers") {
            None => Vec::new(),
            Some(v) => typed::<Vec<openapiv3::Server>>(v, "/servers", "`servers`")?,
        };
        let tags = match top.get("tags") {
            None => Vec::new(),
            Some(v) => typed::<Vec<openapiv3::Tag>>(v, "/tags", "`tags`")?,
        };
        let security = match top.get("security") {
            None => Vec::new(),
            Some(v) => security_list(v, "/security")?,
        };

        let mut schemas = IndexMap::new();
        let mut security_schemes = IndexMap::new();
        if let Some(components) = top.obj("components", "/components")? {
            if let Some(list) = components.obj("schemas", "/components/schemas")? {
                for (name, v) in list.map {
                    schemas.insert(name.clone(), read_schema(v, &push_pointer(list.ptr, name), &self.repairs)?);
                }
            }
            if let Some(list) = components.obj("securitySchemes", "/components/securitySchemes")? {
                for (name, v) in list.map {
                    let ptr = push_pointer(list.ptr, name);
                    let (v, ptr) = self.follow(v, ptr)?;
                    let scheme = typed::<openapiv3::SecurityScheme>(v, &ptr, "a security scheme")?;
                    security_schemes.insert(name.clone(), scheme);
                }
            }
        }

        let mut operations = Vec::new();
        if let Some(paths) = top.obj("paths", "/paths")? {
            // The Paths Object allows extensions beside the paths (`x-codegen-contextRoot`).
            for (path, item) in paths.map.iter().filter(|(key, _)| !key.starts_with("x-")) {
                if !path.starts_with('/') {
                    return Err(Error::at(push_pointer("/paths", path), format!("path `{path}` must start with `/`")));
                }
                self.path_item(item, push_pointer("/paths", path), path, None, &mut operations)?;
            }
        }
        if let Some(hooks) = top.obj("webhooks", "/webhooks")? {
            for (name, item) in hooks.map {
                self.path_item(item, push_pointer("/webhooks", name), "", Some(name), &mut operations)?;
            }
        }

        let channels = self.channels(&top)?;
        self.repairs.push_all(operation_ids::make_unique(&mut operations, self.repairs.strict())?);

        let mut doc = Document {
            version,
            info,
            servers,
            tags,
            security_schemes,
            security,
            operations,
            channels,
            schemas,
            other_schemas: IndexMap::new(),
            warnings: Vec::new(),
        };
        let mut local = local_defs::LocalDefs::new(self.root);
        for_each_schema(&mut doc, |s| local.rebase(s));
        self.check_schema_refs(&mut doc, &mut local)?;
        validate::check(self.root, &mut doc, &self.repairs)?;
        let mut warnings = local.warnings;
        warnings.extend(self.repairs.take());
        doc.warnings = warnings;
        Ok(doc)
    }

    /// Follow a chain of `$ref`s outside schemas to the object they end at.
    fn follow(&self, v: &'a Value, ptr: String) -> Result<(&'a Value, String), Error> {
        let mut seen = HashSet::new();
        let (mut v, mut ptr) = (v, ptr);
        while let Some(Value::String(r)) = v.get("$ref") {
            let at = push_pointer(&ptr, "$ref");
            let target = local_ref(r, &at)?;
            if !seen.insert(target.clone()) {
                return Err(Error::at(at, format!("`$ref: {r}` is part of a reference cycle")));
            }
            v = self
                .root
                .pointer(&target)
                .ok_or_else(|| Error::at(at.clone(), format!("`$ref: {r}` points to nothing")))?;
            ptr = target;
        }
        Ok((v, ptr))
    }

    fn path_item(
        &self,
        item: &'a Value,
        ptr: String,
        path: &str,
        webhook: Option<&str>,
        out: &mut Vec<Operation>,
    ) -> Result<(), Error> {
        let (item, ptr) = self.follow(item, ptr)?;
        let o = expect_obj(item, &ptr, "a path item")?;
        let shared = self.parameters(o)?;
        for method in METHODS {
            let Some(v) = o.get(method) else { continue };
            let op_ptr = o.ptr_of(method);
            out.push(self.operation(v, op_ptr, method, path, webhook, (&shared.0, &shared.1))?);
        }
        Ok(())
    }

    fn operation(
        &self,
        v: &'a Value,
        ptr: String,
        method: &str,
        path: &str,
        webhook: Option<&str>,
        shared: (&[Parameter], &[Leftover]),
    ) -> Result<Operation, Error> {
        let o = expect_obj(v, &ptr, "an operation")?;
        let (own, own_leftovers) = self.parameters(o)?;
        let mut parameters: Vec<Parameter> = shared
            .0
            .iter()
            .filter(|p| !own.iter().any(|q| q.name == p.name && q.location == p.location))
            .cloned()
            .collect();
        parameters.extend(own);
        let mut leftovers: Vec<Leftover> = shared
            .1
            .iter()
            .filter(|p| !own_leftovers.iter().any(|q| q.name == p.name && q.location == p.location))
            .cloned()
            .collect();
        leftovers.extend(own_leftovers);

        let mut request_body = match o.get("requestBody") {
            None => None,
            Some(v) => {
                let (v, bptr) = self.follow(v, o.ptr_of("requestBody"))?;
                let b = expect_obj(v, &bptr, "a request body")?;
                Some(RequestBody {
                    description: b.str("description")?.map(str::to_owned),
                    required: b.bool("required")?.unwrap_or(false),
                    content: self.content(b)?,
                    ptr: bptr.clone(),
                })
            }
        };

        let mut responses = Vec::new();
        let rptr = o.ptr_of("responses");
        if let Some(list) = o.obj("responses", &rptr)? {
            for (status, v) in list.map {
                if status.starts_with("x-") {
                    continue;
                }
                let (v, ptr) = self.follow(v, push_pointer(&rptr, status))?;
                let r = expect_obj(v, &ptr, "a response")?;
                let mut headers = IndexMap::new();
                let hptr = r.ptr_of("headers");
                if let Some(hs) = r.obj("headers", &hptr)? {
                    for (name, v) in hs.map {
                        let (v, ptr) = self.follow(v, push_pointer(&hptr, name))?;
                        let h = expect_obj(v, &ptr, "a header")?;
                        let schema = match h.get("schema") {
                            Some(s) => Some(read_schema(s, &h.ptr_of("schema"), &self.repairs)?),
                            None => None,
                        };
                        headers.insert(
                            name.clone(),
                            Header {
                                description: h.str("description")?.map(str::to_owned),
                                required: h.bool("required")?.unwrap_or(false),
                                schema,
                            },
                        );
                    }
                }
                responses.push((
                    status.clone(),
                    Response {
                        description: r.str("description")?.map(str::to_owned),
                        content: self.content(r)?,
                        headers,
                        ptr: ptr.clone(),
                    },
                ));
            }
        }

        let security = match o.get("security") {
            None => None,
            Some(v) => Some(security_list(v, &o.ptr_of("security"))?),
        };
        if let Some(first) = leftovers.first() {
            if self.repairs.strict() {
                return Err(first.error());
            }
            let mut warnings = Vec::new();
            leftovers::into_body(&ptr, leftovers, &mut request_body, &mut warnings)?;
            self.repairs.push_all(warnings);
        }

        Ok(Operation {
            method: method.to_owned(),
            path: path.to_owned(),
            webhook: webhook.map(str::to_owned),
            operation_id: o.str("operationId")?.map(str::to_owned),
            tags: o.string_list("tags")?,
            summary: o.str("summary")?.map(str::to_owned),
            description: o.str("description")?.map(str::to_owned),
            deprecated: o.bool("deprecated")?.unwrap_or(false),
            parameters,
            request_body,
            responses,
            security,
            extensions: o.extensions(),
            ptr,
        })
    }

    /// The parameters of an operation or path item, and apart those in a location OpenAPI 3
    /// does not have.
    fn parameters(&self, o: Obj<'a>) -> Result<(Vec<Parameter>, Vec<Leftover>), Error> {
        let Some(list) = o.array("parameters")? else {
            return Ok((Vec::new(), Vec::new()));
        };
        let base = o.ptr_of("parameters");
        let mut out = Vec::with_capacity(list.len());
        let mut leftovers = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let (v, ptr) = self.follow(v, push_pointer(&base, &i.to_string()))?;
            let p = expect_obj(v, &ptr, "a parameter")?;
            let name = p.required_str("name", "a parameter")?.to_owned();
            let location = p.required_str("in", "a parameter")?.to_owned();
            if !matches!(location.as_str(), "path" | "query" | "header" | "cookie") {
                leftovers.push(Leftover { ptr: ptr.clone(), name, location, node: p.map.clone() });
                continue;
            }
            let mut schema = match p.get("schema") {
                Some(s) => Some(read_schema(s, &p.ptr_of("schema"), &self.repairs)?),
                None => None,
            };
            if schema.is_none() {
                if let Some(first) = self.content(p)?.into_values().next() {
                    schema = first.schema;
                }
            }
            let mut examples: Vec<Value> = p.get("example").cloned().into_iter().collect();
            if let Some(Value::Object(ex)) = p.get("examples") {
                examples.extend(ex.values().filter_map(|e| e.get("value").cloned()));
            }
            out.push(Parameter {
                required: p.bool("required")?.unwrap_or(location == "path"),
                deprecated: p.bool("deprecated")?.unwrap_or(false),
                description: p.str("description")?.map(str::to_owned),
                style: p.str("style")?.map(str::to_owned),
                explode: p.bool("explode")?,
                schema,
                examples,
                name,
                location,
                ptr: ptr.clone(),
            });
        }
        Ok((out, leftovers))
    }

    fn content(&self, o: Obj<'a>) -> Result<IndexMap<String, MediaType>, Error> {
        let mut out = IndexMap::new();
        let cptr = o.ptr_of("content");
        let Some(content) = o.obj("content", &cptr)? else {
            return Ok(out);
        };
        for (media, v) in content.map {
            let mptr = push_pointer(&cptr, media);
            let m = expect_obj(v, &mptr, "a media type")?;
            let schema = match m.get("schema") {
                Some(s) => Some(read_schema(s, &m.ptr_of("schema"), &self.repairs)?),
                None => None,
            };
            let mut examples = Vec::new();
            if let Some(v) = m.get("example") {
                examples.push((None, v.clone()));
            }
            let eptr = m.ptr_of("examples");
            if let Some(ex) = m.obj("examples", &eptr)? {
                for (name, v) in ex.map {
                    let (v, _) = self.follow(v, push_pointer(&eptr, name))?;
                    if let Some(value) = v.get("value") {
                        examples.push((Some(name.clone()), value.clone()));
                    }
                }
            }
            let mut encoding = IndexMap::new();
            let encptr = m.ptr_of("encoding");
            if let Some(enc) = m.obj("encoding", &encptr)? {
                for (prop, v) in enc.map {
                    let eptr = push_pointer(&encptr, prop);
                    let e = expect_obj(v, &eptr, "an encoding")?;
                    encoding.insert(
                        prop.clone(),
                        Encoding {
                            content_type: e.str("contentType")?.map(str::to_owned),
                            style: e.str("style")?.map(str::to_owned),
                            explode: e.bool("explode")?,
                            ptr: eptr,
                        },
                    );
                }
            }
            out.insert(media.clone(), MediaType { ptr: mptr, schema, examples, encoding });
        }
        Ok(out)
    }

    /// Check that every schema `$ref` lands somewhere, and read the targets that are not
    /// components themselves.
    fn check_schema_refs(&self, doc: &mut Document, local: &mut local_defs::LocalDefs<'_>) -> Result<(), Error> {
        let mut pending: Vec<(String, String)> = Vec::new();
        let mut collect = |s: &Schema| collect_refs(s, &mut pending);
        doc.schemas.values().for_each(&mut collect);
        for op in &doc.operations {
            op.parameters.iter().filter_map(|p| p.schema.as_ref()).for_each(&mut collect);
            if let Some(body) = &op.request_body {
                body.content.values().filter_map(|m| m.schema.as_ref()).for_each(&mut collect);
            }
            for (_, r) in &op.responses {
                r.content.values().filter_map(|m| m.schema.as_ref()).for_each(&mut collect);
                r.headers.values().filter_map(|h| h.schema.as_ref()).for_each(&mut collect);
            }
        }
        for ch in &doc.channels {
            ch.parameters.iter().filter_map(|p| p.schema.as_ref()).for_each(&mut collect);
            [&ch.send, &ch.receive].into_iter().for_each(&mut collect);
        }
        while let Some((target, at)) = pending.pop() {
            if doc.schema_at(&target).is_some() {
                continue;
            }
            let ref_text = format!("#{target}");
            if let Some(what) = not_a_schema(&target) {
                let problem = Error::at(
                    at,
                    format!("`$ref: {ref_text}` points to {what}, not a schema; it is read as a schema that allows any value"),
                );
                self.repairs.report(problem)?;
                doc.other_schemas.insert(target.clone(), Schema { ptr: target, ..Schema::default() });
                continue;
            }
            if component_name(&target).is_some() {
                return Err(Error::at(
                    at,
                    format!("`$ref: {ref_text}` points to a schema that is not defined in components/schemas"),
                ));
            }
            let Some(v) = self.root.pointer(&target) else {
                return Err(Error::at(at, format!("`$ref: {ref_text}` points to nothing")));
            };
            let mut schema = read_schema(v, &target, &self.repairs)?;
            local.rebase(&mut schema);
            collect_refs(&schema, &mut pending);
            doc.other_schemas.insert(target, schema);
        }
        Ok(())
    }
}

/// What a pointer names when it is a part of the document that is never a schema (the whole
/// document, `info`, a security scheme...); `None` where a schema may be.
fn not_a_schema(target: &str) -> Option<String> {
    let tokens = crate::error::pointer_tokens(target);
    let first = tokens.first().map(String::as_str);
    match (first, tokens.get(1).map(String::as_str)) {
        (None, _) => Some("the whole document".to_owned()),
        (Some("openapi" | "info" | "servers" | "tags" | "security" | "externalDocs" | "jsonSchemaDialect"), _) => {
            Some(format!("the document's `{}`", first.unwrap_or_default()))
        }
        (Some("components"), Some(section @ ("securitySchemes" | "examples" | "links"))) => {
            Some(format!("`components/{section}`"))
        }
        _ => None,
    }
}

/// Call `f` on every schema the document declares: components, then those of operations.
fn for_each_schema(doc: &mut Document, mut f: impl FnMut(&mut Schema)) {
    doc.schemas.values_mut().for_each(&mut f);
    for op in &mut doc.operations {
        op.parameters.iter_mut().filter_map(|p| p.schema.as_mut()).for_each(&mut f);
        if let Some(body) = &mut op.request_body {
            body.content.values_mut().filter_map(|m| m.schema.as_mut()).for_each(&mut f);
        }
        for (_, r) in &mut op.responses {
            r.content.values_mut().filter_map(|m| m.schema.as_mut()).for_each(&mut f);
            r.headers.values_mut().filter_map(|h| h.schema.as_mut()).for_each(&mut f);
        }
    }
    for ch in &mut doc.channels {
        ch.parameters.iter_mut().filter_map(|p| p.schema.as_mut()).for_each(&mut f);
        f(&mut ch.send);
        f(&mut ch.receive);
    }
}

/// Every `(target, $ref site)` in a schema tree.
/// Which OpenAPI dialect the document declares; anything but 3.0 and 3.1 is refused.
fn spec_version(top: &Obj<'_>) -> Result<SpecVersion, Error> {
    let version = match (top.get("openapi"), top.get("swagger")) {
        (Some(Value::String(v)), _) if v.starts_with("3.0") => SpecVersion::V3_0,
        (Some(Value::String(v)), _) if v.starts_with("3.1") => SpecVersion::V3_1,
        (Some(Value::String(v)), _) => {
            return Err(Error::at("/openapi", format!("OpenAPI version {v} is not supported (3.0.x and 3.1.x are)")))
        }
        (Some(other), _) => {
            return Err(Error::at(
                "/openapi",
                format!("`openapi` must be a version string such as \"3.1.0\", found {}", kind(other)),
            ))
        }
        (None, Some(_)) => {
            return Err(Error::at(
                "/swagger",
                "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first",
            ))
        }
        (None, None) => return Err(Error::at("", "not an OpenAPI document: there is no `openapi` version field")),
    };
    Ok(version)
}

fn collect_refs(s: &Schema, out: &mut Vec<(String, String)>) {
    if let Some(r) = &s.reference {
        out.push((r.clone(), push_pointer(&s.ptr, "$ref")));
    }
    for sub in s.properties.values().chain(&s.all_of).chain(&s.any_of).chain(&s.one_of) {
        collect_refs(sub, out);
    }
    for sub in s.items.iter().chain(&s.additional_properties) {
        collect_refs(sub, out);
    }
}

/// Deserialize a node into one of openapiv3's types, reporting failures at that node.
fn typed<T: for<'de> Deserialize<'de>>(v: &Value, ptr: &str, what: &str) -> Result<T, Error> {
    T::deserialize(v).map_err(|e| Error::at(ptr, format!("{what} is not valid: {e}")))
}

fn security_list(v: &Value, ptr: &str) -> Result<Vec<SecurityRequirement>, Error> {
    let Value::Array(list) = v else {
        return Err(Error::at(ptr, format!("`security` must be an array, found {}", kind(v))));
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let iptr = push_pointer(ptr, &i.to_string());
        let o = expect_obj(item, &iptr, "a security requirement")?;
        let mut req = IndexMap::new();
        for (name, scopes) in o.map {
            let scopes = match scopes {
                Value::Array(s) => s.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect(),
                other => {
                    return Err(Error::at(
                        push_pointer(&iptr, name),
                        format!("security scopes must be an array, found {}", kind(other)),
                    ))
                }
            };
            req.insert(name.clone(), scopes);
        }
        out.push(req);
    }
    Ok(out)
}
