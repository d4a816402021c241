//! The generator's own model of an API, independent of how the document spelled it.
//!
//! Types live in one arena ([`Api::types`], indexed by [`TypeId`]); operations refer to them
//! only by id. Every name here is final: the Rust identifier (already unique and escaped) next
//! to the wire name it stands for. Emitters make no naming decisions of their own.

use serde::{Serialize, Serializer};
use std::fmt;

/// A lowered API.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// API groups (from tags), one module each, in a stable order.
    pub groups: Vec<Group>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Cargo features that turn others on: `unreferenced` needs the group modules whose
    /// types its schemas refer to. A type's [`TypeDef::features`] leave out a feature that
    /// turns on another of them.
    pub feature_deps: Vec<(Module, Vec<Module>)>,
    /// WebSocket channels the document (or variant) declares.
    pub channels: Vec<Channel>,
    /// The enums of documented error bodies (see [`ErrorBodies::Enum`]).
    pub error_enums: Vec<ErrorEnum>,
    /// What lowering accepted but changed or left out, each located in the document.
    #[serde(skip)]
    pub warnings: Vec<crate::Error>,
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The enum the request bodies of the document's webhooks decode into, if it has one.
    pub fn webhook_event(&self) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.origin == WEBHOOKS_ORIGIN && matches!(t.kind, TypeKind::Union(_)))
    }

    /// The kind of the type a name stands for: named aliases (`pub type A = B;`) followed to
    /// the definition they name, within a bound (a cycle is refused before emit).
    pub fn kind_behind(&self, id: TypeId) -> &TypeKind {
        let mut kind = &self.types[id.0].kind;
        for _ in 0..16 {
            match kind {
                TypeKind::Alias(TypeRef::Named(next)) => kind = &self.types[next.0].kind,
                _ => break,
            }
        }
        kind
    }
}

/// The origin of the enum of webhook events, which no one schema describes.
pub const WEBHOOKS_ORIGIN: &str = "/webhooks";

/// The struct a type names, looking through nullability and aliases.
pub fn struct_of<'a>(types: &'a [TypeDef], ty: &TypeRef) -> Option<(TypeId, &'a StructType)> {
    let mut t = ty.non_null();
    for _ in 0..16 {
        let TypeRef::Named(id) = t else { return None };
        match &types[id.0].kind {
            TypeKind::Struct(s) => return Some((*id, s)),
            TypeKind::Alias(inner) => t = inner.non_null(),
            _ => return None,
        }
    }
    None
}

#[derive(Debug, Clone, Serialize)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The key in `components/securitySchemes`.
    pub key: String,
    /// Its variant in the generated `Scheme` enum (`AdminApiKeyAuth`), unique.
    pub variant: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "type", content = "name", rename_all = "snake_case")]
pub enum SecurityKind {
    Bearer,
    Basic,
    ApiKeyHeader(String),
    ApiKeyQuery(String),
    ApiKeyCookie(String),
    OAuth2,
    OpenIdConnect,
}

/// A snake-case Rust identifier (a field, parameter, method or module), final: unique in its
/// scope, and raw (`r#type`) where the word is a keyword.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident {
    text: String,
    raw: bool,
}

impl Ident {
    /// The identifier written as Rust spells it (`r#type`, `name`).
    pub fn new(spelling: &str) -> Ident {
        match spelling.strip_prefix("r#") {
            Some(text) => Ident { text: text.to_owned(), raw: true },
            None => Ident { text: spelling.to_owned(), raw: false },
        }
    }

    /// The word without `r#`: what a wire name or a derived name (`{name}_stream`) starts from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether Rust needs it written `r#`.
    pub fn is_raw(&self) -> bool {
        self.raw
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for Ident {
    /// Compares with the Rust spelling (`r#type` equals a raw `type`).
    fn eq(&self, other: &str) -> bool {
        match other.strip_prefix("r#") {
            Some(text) => self.raw && self.text == text,
            None => !self.raw && self.text == other,
        }
    }
}

impl Serialize for Ident {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The module of `types` a type is emitted in, which is also the cargo feature that needs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// An API group's module.
    Group(Ident),
    /// Types several groups need.
    Shared,
    /// Component schemas no operation reaches (their own cargo feature).
    Unreferenced,
}

impl Module {
    /// The module's (and feature's) name.
    pub fn name(&self) -> &str {
        match self {
            Module::Group(m) => m.as_str(),
            Module::Shared => "shared",
            Module::Unreferenced => "unreferenced",
        }
    }

    /// Names a group module may not take: the fixed modules and the crate's own files.
    // `client`, `rustls` and `default` are also cargo features of the generated crate.
    pub const RESERVED: [&'static str; 8] =
        ["shared", "unreferenced", "types", "client", "lib", "mod", "rustls", "default"];
}

impl Serialize for Module {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The methods the generated `Client` has of its own, which no operation's method may take
/// (`emit::client` checks that its `impl Client` defines exactly these, besides the setters
/// of configured headers, which give way to operations).
pub const CLIENT_METHODS: [&str; 6] = ["builder", "from_env", "new", "with_config", "core", "with_options"];

/// An API group: a tag of the document, and a module of the generated crate.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Module name (snake case, unique, never one of [`Module::RESERVED`]).
    pub module: Ident,
    /// The tag as written, or the name the group was derived from.
    pub wire: String,
    pub description: Option<String>,
}

/// Index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// A named type of the generated crate.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub id: TypeId,
    /// Rust name (UpperCamelCase, unique across the crate).
    pub name: String,
    /// JSON pointer of the schema it was lowered from.
    pub origin: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The module (API group, or a shared module) the type is emitted in.
    pub module: Module,
    /// Sent as `multipart/form-data`: binary values are files to upload.
    pub form: bool,
    /// In a multipart struct, the fields (by wire name) whose objects the document's
    /// `encoding` says to write other than as one JSON part.
    pub part_encodings: Vec<(String, PartEncoding)>,
    /// The cargo features (API groups, and `unreferenced` for schemas no operation uses) any
    /// of which needs this type.
    pub features: Vec<Module>,
    /// Values of the type are sent (it is reachable from a request body or parameter): users
    /// build them, so structs get setters, and a field that may be left out or `null` keeps
    /// the two apart.
    pub sent: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(StructType),
    /// A closed set of strings, plus a variant that keeps any value the server adds later.
    Enum(EnumType),
    /// Any string, with the values the document knows offered as constants.
    OpenString(EnumType),
    Union(UnionType),
    /// A named schema that is not a new shape (`pub type Name = Target;`).
    Alias(TypeRef),
    /// A named schema that refers to itself through a collection, which a type alias cannot
    /// express (`pub struct Name(pub Vec<Name>);`).
    Newtype(TypeRef),
}

impl TypeKind {
    /// Every use of a type this kind holds directly: fields, extra properties, variants, the
    /// target of an alias or newtype. The one walk every graph pass over types builds on.
    pub fn children(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.extra.iter().map(|e| &e.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => vec![t],
            TypeKind::Enum(_) | TypeKind::OpenString(_) => Vec::new(),
        }
    }

    /// [`TypeKind::children`], to rewrite.
    pub fn children_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().map(|f| &mut f.ty).chain(s.extra.iter_mut().map(|e| &mut e.ty)).collect()
            }
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => vec![t],
            TypeKind::Enum(_) | TypeKind::OpenString(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StructType {
    pub fields: Vec<Field>,
    /// Indices into `fields` of the required ones, in the order the document's `required`
    /// lists them: the order of a constructor's arguments (`model` before `messages`).
    pub required_order: Vec<usize>,
    /// `additionalProperties` next to declared properties: the other keys, by value type.
    pub extra: Option<ExtraField>,
    /// `additionalProperties: false`: no undeclared key is allowed, so none is kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// The field that keeps an object's undeclared keys.
#[derive(Debug, Clone, Serialize)]
pub struct ExtraField {
    /// A name no declared property took.
    pub name: Ident,
    /// The type of each value.
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: Ident,
    pub wire: String,
    /// The value type, without nullability (see `shape`).
    pub ty: TypeRef,
    pub shape: FieldShape,
    /// Boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The struct `ty` names is one this struct extends (`allOf`), held as one field whose
    /// properties are this struct's own on the wire (`#[wire(flatten)]`): how children of a
    /// base that many of them extend share its fields (see `lower::shared_bases`). `wire`
    /// is empty.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flatten: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumType {
    pub variants: Vec<EnumVariant>,
    /// Name of the variant (or, for open strings, unused) that keeps unknown values.
    pub fallback: String,
    /// Index of the variant named by the schema's `default`, if any.
    pub default: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// UpperCamelCase for enums, SCREAMING_SNAKE_CASE constants for open strings.
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionType {
    /// The property whose value selects the variant, when the variants carry one.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps values no other variant accepts.
    pub fallback: String,
    /// A name given beside the value picks the variant, when one does: the variants' `tags`
    /// are those names, not values of a property.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected_by: Option<NameSource>,
}

/// Where the name that picks a union's variant comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The events of a stream: a server-sent event's `event` field names the variant, and its
    /// data is decoded into it.
    Event,
    /// The webhooks of a document: the receiver knows which webhook it was sent (its key in
    /// `webhooks`), and the request body is decoded into that webhook's variant.
    Webhook,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Boxed so the enum stays small, or to break a cycle.
    pub boxed: bool,
    /// Tag values that select this variant (empty: tried when no tag matches).
    pub tags: Vec<String>,
    /// The associated function that builds this variant from its member's constructor,
    /// named by its one tag value (`ChatCompletionRequestMessage::user`); `None` for a
    /// variant without exactly one tag, or whose name another variant took.
    pub constructor: Option<Ident>,
}

impl Field {
    /// The type of the field's value, `Nullable` when `null` is one of its values.
    pub fn value_type(&self) -> TypeRef {
        if self.shape.is_nullable() {
            TypeRef::Nullable(Box::new(self.ty.clone()))
        } else {
            self.ty.clone()
        }
    }
}

/// Whether a property must be present, and whether `null` is one of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldShape {
    Required,
    RequiredNullable,
    Optional,
    OptionalNullable,
}

impl FieldShape {
    pub fn of(required: bool, nullable: bool) -> FieldShape {
        match (required, nullable) {
            (true, false) => FieldShape::Required,
            (true, true) => FieldShape::RequiredNullable,
            (false, false) => FieldShape::Optional,
            (false, true) => FieldShape::OptionalNullable,
        }
    }

    pub fn is_required(self) -> bool {
        matches!(self, FieldShape::Required | FieldShape::RequiredNullable)
    }

    pub fn is_nullable(self) -> bool {
        matches!(self, FieldShape::RequiredNullable | FieldShape::OptionalNullable)
    }
}

/// How a multipart field holding an object is written: OpenAPI's Encoding Object, whose
/// `style`/`explode` apply only when the document sets one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartEncoding {
    /// One JSON part (no `style` or `explode` given).
    Json,
    /// `style: deepObject`: `name[key]` parts.
    DeepObject,
    /// `style: form`, `explode: true`: one part per property, named by the property.
    FormExploded,
    /// `style: form`, `explode: false`: one part, `key,value,...`.
    Form,
}

/// A string `format` a crate can type (`CrateOptions::typed_formats`): each becomes the
/// field-standard Rust type for it instead of `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StringFormat {
    /// RFC 3339 `date-time`: `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// RFC 3339 `full-date`: `chrono::NaiveDate`.
    Date,
    /// `uuid`: `uuid::Uuid`.
    Uuid,
    /// An absolute `uri`: `url::Url`.
    Uri,
}

impl StringFormat {
    pub const ALL: [StringFormat; 4] =
        [StringFormat::DateTime, StringFormat::Date, StringFormat::Uuid, StringFormat::Uri];

    /// The `format` value of the document (`date-time`).
    pub fn name(self) -> &'static str {
        match self {
            StringFormat::DateTime => "date-time",
            StringFormat::Date => "date",
            StringFormat::Uuid => "uuid",
            StringFormat::Uri => "uri",
        }
    }

    pub fn from_name(name: &str) -> Option<StringFormat> {
        StringFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Named(TypeId),
    String,
    /// A string of a typed format (only those the crate asks for; others are `String`).
    Format(StringFormat),
    /// 32-bit when the document says `int32`, otherwise 64-bit (Unix timestamps need it).
    Integer32,
    Integer64,
    Number,
    Boolean,
    /// `format: binary`.
    Bytes,
    /// Any JSON value (free-form objects, schemas that say nothing).
    Any,
    /// Only `null`.
    Unit,
    Array(Box<TypeRef>),
    /// A JSON object with string keys.
    Map(Box<TypeRef>),
    /// The value may also be `null`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The type without an outer `Nullable`.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner,
            other => other,
        }
    }

    /// Every named type in this use replaced by `to(id)`.
    pub fn rename_ids(&mut self, to: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = to(*id),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => t.rename_ids(to),
            _ => {}
        }
    }

    /// Types referenced directly (not through a collection).
    pub fn named_ids(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => t.named_ids(out),
            _ => {}
        }
    }
}

/// Most arguments a client method takes besides `&self` (clippy's `too_many_arguments`
/// counts `&self` among its 7): one per path parameter, the parameter struct and the body.
pub const MAX_METHOD_ARGS: usize = 6;

/// One HTTP operation (or webhook).
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The operationId as written, or one derived from method and path.
    pub id: String,
    /// Rust method name (snake case, unique).
    pub method_name: Ident,
    pub http_method: HttpMethod,
    /// Path template without its query part.
    pub path: String,
    /// Fixed query pairs written into the path key (`/responses?beta=true`).
    pub path_query: Vec<(String, String)>,
    /// Module of the group the operation belongs to.
    pub group: Ident,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub webhook: bool,
    pub params: Vec<Param>,
    /// The struct of the query and header parameters, when there are any.
    pub params_type: Option<String>,
    /// The path parameters are fields of that struct too, not arguments of their own: the
    /// method would otherwise take more than [`MAX_METHOD_ARGS`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub path_in_params: bool,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternatives; each is a set of scheme keys that must all be present.
    pub security: Vec<Vec<String>>,
    /// The streaming twin of the method, when the operation can answer with events.
    pub stream: Option<StreamMethod>,
    /// What its documented error bodies decode into.
    pub errors: ErrorBodies,
    /// JSON pointer of the operation.
    pub origin: String,
}

/// The JSON bodies an operation documents for its error statuses (each code, range and
/// `default` that is not a success), decided in `lower::error_bodies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorBodies {
    /// No error status has a JSON schema.
    None,
    /// Every error status with a JSON schema has this one (`runtime::Error::body_as`).
    One(TypeRef),
    /// The statuses have different schemas: `name` is the operation's own name of the enum
    /// [`Api::error_enums`]`[index]`, an alias of it unless the operation is its first.
    Enum { index: usize, name: String },
}

/// An enum of documented error bodies, a variant per status, shared by every operation that
/// documents the same statuses with the same schemas.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorEnum {
    /// Named after its first operation (`GetPetError`).
    pub name: String,
    /// The operations whose errors these are, by index into [`Api::operations`], the first first.
    pub operations: Vec<usize>,
    /// Codes first, then ranges, then `default`: the order statuses are matched in.
    pub variants: Vec<ErrorVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorVariant {
    /// From the status: `NotFound`, `ClientError` (`4XX`), `Default`, `Status499`.
    pub name: String,
    pub status: Status,
    /// The first operation's description of the response.
    pub doc: Option<String>,
    pub ty: TypeRef,
    /// Large: held in a `Box`, as union variants are.
    pub boxed: bool,
}

/// A WebSocket channel: opened by a method of `Client`, it carries the messages of one union
/// each way.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    /// Its name in the document.
    pub name: String,
    /// The method of `Client` that opens it (unique among methods).
    pub method_name: Ident,
    /// The builder the method returns (`RealtimeChannel`), unique among types.
    pub builder_type: String,
    /// The open session (`RealtimeSession`), unique among types.
    pub session_type: String,
    /// Module of its API group.
    pub group: Ident,
    pub summary: Option<String>,
    pub doc: Option<String>,
    /// Appended to the client's base URL.
    pub path: String,
    /// Query and header parameters of the handshake: required ones are arguments of the
    /// method, optional ones setters of the builder.
    pub params: Vec<Param>,
    /// Headers every handshake sends.
    pub headers: Vec<(String, String)>,
    /// Alternatives; each is a set of scheme keys that must all be present.
    pub security: Vec<Vec<String>>,
    /// A short-lived token may stand in for the credentials (`client_secret`).
    pub client_secret: bool,
    /// What the client sends.
    pub send: TypeRef,
    /// What the server sends.
    pub receive: TypeRef,
    /// The property naming a message's type.
    pub tag: String,
    /// Message types that start a response, end one, and report an error.
    pub response_started: Vec<String>,
    pub response_done: Vec<String>,
    pub errors: Vec<String>,
    /// JSON pointer of the channel.
    pub origin: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamMethod {
    pub name: Ident,
    /// The schema of each event's data; `None`: events are passed on raw.
    pub event: Option<TypeRef>,
    /// The operation answers only with events: this is its one method (and `name` its own).
    pub only: bool,
    /// The body has a boolean `stream` property, which asks for the stream.
    pub flag: bool,
    /// The document marks the operation `x-oagen-resumable: true`: its server takes
    /// `Last-Event-ID`, so the stream resumes after a drop unless the call says otherwise.
    pub resumable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: Ident,
    pub wire: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub style: ParamStyle,
    pub explode: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
}

/// How a parameter's value is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamStyle {
    Form,
    Simple,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl ParamStyle {
    /// The style as the document writes it, or `None` for a word OpenAPI does not define.
    pub fn parse(style: &str) -> Option<ParamStyle> {
        Some(match style {
            "form" => ParamStyle::Form,
            "simple" => ParamStyle::Simple,
            "label" => ParamStyle::Label,
            "matrix" => ParamStyle::Matrix,
            "spaceDelimited" => ParamStyle::SpaceDelimited,
            "pipeDelimited" => ParamStyle::PipeDelimited,
            "deepObject" => ParamStyle::DeepObject,
            _ => return None,
        })
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// From an OpenAPI path-item key (`get`, `post`, ...).
    pub fn parse(key: &str) -> Option<HttpMethod> {
        Some(match key.to_ascii_lowercase().as_str() {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// Upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which responses a response object stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One status code (`200`).
    Code(u16),
    /// A class of codes (`4XX` is `Range(4)`).
    Range(u8),
    /// Every code no other response names.
    Default,
}

impl Status {
    /// A `responses` key: a code, `1XX`..`5XX` (either case), or `default`.
    pub fn parse(key: &str) -> Option<Status> {
        if key == "default" {
            return Some(Status::Default);
        }
        let bytes = key.as_bytes();
        match bytes {
            [d @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => Some(Status::Range(d - b'0')),
            [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => key.parse().ok().map(Status::Code),
            _ => None,
        }
    }

    /// A 2xx answer.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(d) => d == 2,
            Status::Default => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Range(d) => write!(f, "{d}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub required: bool,
    pub doc: Option<String>,
    pub contents: Vec<Content>,
    /// One method per kind of body: the operation's own name for the first content type
    /// the document lists, `name_multipart`, `name_json`, ... for the others.
    pub methods: Vec<BodyMethod>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyMethod {
    pub name: Ident,
    /// Index into [`Body::contents`].
    pub content: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: Status,
    pub doc: Option<String>,
    pub contents: Vec<Content>,
}

/// One media type of a body or response.
#[derive(Debug, Clone, Serialize)]
pub struct Content {
    pub media_type: String,
    pub kind: ContentKind,
    pub ty: Option<TypeRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Json,
    Multipart,
    Form,
    EventStream,
    Text,
    Binary,
}

impl ContentKind {
    pub fn of(media_type: &str) -> ContentKind {
        let m = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if m == "application/json" || m.ends_with("+json") {
            ContentKind::Json
        } else if m == "multipart/form-data" || m.starts_with("multipart/") {
            ContentKind::Multipart
        } else if m == "application/x-www-form-urlencoded" {
            ContentKind::Form
        } else if m == "text/event-stream" {
            ContentKind::EventStream
        } else if m.starts_with("text/") {
            ContentKind::Text
        } else {
            ContentKind::Binary
        }
    }
}

/// Environment variables of a generated crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvOptions {
    /// Holds a base URL that replaces the default.
    pub base_url: String,
    /// Security scheme key to the variable holding its credential.
    pub credentials: Vec<(String, String)>,
    /// Variable to the header its value is sent in.
    pub headers: Vec<(String, String)>,
}

/// The client a generated crate offers, decided in lower (`lower::client_surface`).
#[derive(Debug, Clone)]
pub struct ClientSurface {
    /// The package name (`openai-client`).
    pub crate_name: String,
    /// The default base URL, without a trailing `/`.
    pub base_url: String,
    /// The security schemes, the main one (`api_key()`, `Client::new`) first.
    pub schemes: Vec<SecurityScheme>,
    /// The environment variables `Client::from_env` reads.
    pub env: EnvOptions,
    /// Every operation and channel needs a credential (none lists an empty requirement `{}`
    /// or no requirement at all): `Client::from_env` without one is an error.
    pub credential_required: bool,
    /// The methods setting a header of the environment on every call.
    pub header_setters: Vec<HeaderSetter>,
}

/// `client.organization(id)`: a client that sends `header` on every call, as `var` does for
/// `Client::from_env`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderSetter {
    pub method: String,
    pub var: String,
    pub header: String,
}
