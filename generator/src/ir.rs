//! The generator's own model of an API, independent of how the document spelled it.
//!
//! Types live in one arena ([`Api::types`], indexed by [`TypeId`]); operations refer to them
//! only by id. Every name here is final: the Rust identifier (already unique and escaped) next
//! to the wire name it stands for. Emitters make no naming decisions of their own.

use serde::Serialize;

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
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

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

/// An API group: a tag of the document, and a module of the generated crate.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Module name (snake case, unique).
    pub module: String,
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
    pub module: String,
    /// Sent as `multipart/form-data`: binary values are files to upload.
    pub form: bool,
    /// The cargo features (API groups, and `unreferenced` for schemas no operation uses) any
    /// of which needs this type.
    pub features: Vec<String>,
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

#[derive(Debug, Clone, Serialize)]
pub struct StructType {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to declared properties: the other keys, by value type.
    pub extra: Option<TypeRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Rust identifier (`r#type` for keywords).
    pub name: String,
    pub wire: String,
    /// The value type, without nullability (see `nullable`).
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Boxed so the enum stays small, or to break a cycle.
    pub boxed: bool,
    /// Tag values that select this variant (empty: tried when no tag matches).
    pub tags: Vec<String>,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Named(TypeId),
    String,
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

    /// Types referenced directly (not through a collection).
    pub fn named_ids(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => t.named_ids(out),
            _ => {}
        }
    }
}

/// One HTTP operation (or webhook).
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The operationId as written, or one derived from method and path.
    pub id: String,
    /// Rust method name (snake case, unique).
    pub method_name: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template without its query part.
    pub path: String,
    /// Fixed query pairs written into the path key (`/responses?beta=true`).
    pub path_query: Vec<(String, String)>,
    /// Module of the group the operation belongs to.
    pub group: String,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub webhook: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternatives; each is a set of scheme keys that must all be present.
    pub security: Vec<Vec<String>>,
    /// The streaming twin of the method, when the operation can answer with events.
    pub stream: Option<StreamMethod>,
    /// JSON pointer of the operation.
    pub origin: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamMethod {
    pub name: String,
    /// The schema of each event's data; `None`: events are passed on raw.
    pub event: Option<TypeRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub style: String,
    pub explode: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
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
    pub name: String,
    /// Index into [`Body::contents`].
    pub content: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
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
