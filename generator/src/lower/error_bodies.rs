//! The documented error bodies of operations, typed: an operation whose error statuses (codes,
//! ranges, `default`) all have one JSON schema names that type (read with
//! `runtime::Error::body_as`); one whose statuses have different schemas gets an enum with a
//! variant per status (read with `runtime::Error::typed_body`). Operations documenting the
//! same statuses with the same schemas share one enum (Svix's 251 operations document one
//! such set), each keeping a name of its own as an alias of it.

use super::naming::Namespace;
use crate::ir::{Api, ContentKind, ErrorBodies, ErrorEnum, ErrorVariant, Operation, Status, TypeKind, TypeRef};
use std::collections::HashMap;

pub(crate) fn type_error_bodies(api: &mut Api) {
    // Error enums sit beside the parameter structs in `operations`: names apart from them.
    let mut names = Namespace::default();
    for op in &api.operations {
        if let Some(p) = &op.params_type {
            names.claim(p);
        }
    }
    let mut enums: Vec<ErrorEnum> = Vec::new();
    let mut shared: HashMap<Vec<(Status, TypeRef)>, usize> = HashMap::new();
    let mut decided = Vec::with_capacity(api.operations.len());
    for (i, op) in api.operations.iter().enumerate() {
        let documented = documented(api, op);
        let first = documented.first().map(|(_, t, _)| t.clone());
        let errors = match first {
            _ if op.webhook => ErrorBodies::None,
            None => ErrorBodies::None,
            Some(t) if documented.iter().all(|(_, u, _)| *u == t) => ErrorBodies::One(t),
            Some(_) => {
                let name = names.claim(&super::naming::error_type_name(&op.method_name));
                let key: Vec<(Status, TypeRef)> = documented.iter().map(|(s, t, _)| (*s, t.clone())).collect();
                let index = *shared.entry(key).or_insert_with(|| {
                    let variants = documented
                        .iter()
                        .map(|(status, ty, doc)| ErrorVariant {
                            name: variant_name(*status),
                            status: *status,
                            doc: doc.clone(),
                            ty: ty.clone(),
                            boxed: super::layout::large(api, ty),
                        })
                        .collect();
                    enums.push(ErrorEnum { name: name.clone(), operations: Vec::new(), variants });
                    enums.len() - 1
                });
                enums[index].operations.push(i);
                ErrorBodies::Enum { index, name }
            }
        };
        decided.push(errors);
    }
    for (op, errors) in api.operations.iter_mut().zip(decided) {
        op.errors = errors;
    }
    api.error_enums = enums;
}

/// The error statuses of an operation with a JSON schema, codes first, then ranges, then
/// `default` (the order OpenAPI gives them precedence in), each with its type and description.
fn documented(api: &Api, op: &Operation) -> Vec<(Status, TypeRef, Option<String>)> {
    let mut out: Vec<(Status, TypeRef, Option<String>)> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .filter_map(|r| {
            let json = r.contents.iter().find(|c| c.kind == ContentKind::Json)?;
            let ty = json.ty.as_ref().filter(|t| **t != TypeRef::Any)?;
            Some((r.status, canonical(api, ty), r.doc.clone()))
        })
        .collect();
    out.sort_by_key(|(status, _, _)| *status);
    // `404` and `'404'`, or `4XX` and `4xx`, are two keys of one status: the first counts.
    out.dedup_by_key(|(status, _, _)| *status);
    out
}

/// The type with aliases of named types looked through, so that two responses whose
/// identical inline schemas were made one type (one an alias of the other) compare equal.
fn canonical(api: &Api, ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(canonical(api, inner))),
        TypeRef::Named(start) => {
            let mut id = *start;
            for _ in 0..api.types.len() {
                match &api.ty(id).kind {
                    TypeKind::Alias(TypeRef::Named(next)) => id = *next,
                    _ => break,
                }
            }
            TypeRef::Named(id)
        }
        other => other.clone(),
    }
}

/// A variant's name from its status: the reason phrase of a code HTTP defines
/// (`NotFound`), `ClientError` and `ServerError` for `4XX` and `5XX`, `Default`, else the
/// number (`Status499`, `Status3xx`).
fn variant_name(status: Status) -> String {
    match status {
        Status::Default => "Default".to_owned(),
        Status::Range(4) => "ClientError".to_owned(),
        Status::Range(5) => "ServerError".to_owned(),
        Status::Range(d) => format!("Status{d}xx"),
        Status::Code(code) => match reason(code) {
            Some(phrase) => phrase.to_owned(),
            None => format!("Status{code}"),
        },
    }
}

/// The reason phrases of the error statuses HTTP defines, as Rust names.
fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        506 => "VariantAlsoNegotiates",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let source = crate::load::Source::parse(std::path::Path::new("t.yaml"), yaml.to_owned()).unwrap();
        crate::Spec::from_source(source).unwrap().lower().unwrap()
    }

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getPet
      responses:
        '200': {description: ok}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
        5XX: {description: server, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
        '404': {description: none, content: {application/json: {schema: {$ref: '#/components/schemas/NotFound'}}}}
    delete:
      operationId: deletePet
      responses:
        '204': {description: ok}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/NotFound'}}}}
        5XX: {description: server, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
  /pets:
    get:
      operationId: listPets
      responses:
        '200': {description: ok}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}, text/plain: {schema: {type: string}}}}
    post:
      operationId: addPet
      responses:
        '201': {description: ok}
        '409': {description: taken, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    NotFound: {type: object, properties: {resource: {type: string}}}
    Failure: {type: object, properties: {code: {type: integer}}}
"#;

    #[test]
    fn statuses_with_different_schemas_get_one_enum_shared_by_operations_documenting_the_same() {
        let api = api(DOC);
        let op = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap();
        assert_eq!(api.error_enums.len(), 1);
        let e = &api.error_enums[0];
        assert_eq!(e.name, "GetPetError");
        let variants: Vec<(&str, String)> =
            e.variants.iter().map(|v| (v.name.as_str(), v.status.to_string())).collect();
        assert_eq!(
            variants,
            [("NotFound", "404".into()), ("ServerError", "5XX".into()), ("Default", "default".into())]
        );
        assert_eq!(e.operations.len(), 2);
        assert_eq!(op("getPet").errors, ErrorBodies::Enum { index: 0, name: "GetPetError".into() });
        assert_eq!(op("deletePet").errors, ErrorBodies::Enum { index: 0, name: "DeletePetError".into() });
    }

    #[test]
    fn one_schema_for_every_error_status_is_named_and_other_media_types_are_left_raw() {
        let api = api(DOC);
        let op = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap();
        let failure = api.types.iter().find(|t| t.name == "Failure").unwrap().id;
        assert_eq!(op("listPets").errors, ErrorBodies::One(TypeRef::Named(failure)));
        assert_eq!(op("addPet").errors, ErrorBodies::None);
    }

    #[test]
    fn an_inline_error_response_of_components_is_one_type_and_its_operations_share_an_enum() {
        let api = api(r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {description: none, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {description: ok}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {description: none, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}
components:
  schemas:
    Gone: {type: object, properties: {gone: {type: string}}}
  responses:
    Unauthorized:
      description: Bad token.
      content: {application/json: {schema: {type: object, properties: {error: {type: string}}}}}
"#);
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"Unauthorized") && !names.iter().any(|n| n.ends_with("Response401")), "{names:?}");
        // The same statuses with the same types: one enum.
        assert_eq!(api.error_enums.len(), 1, "{:?}", api.error_enums);
        assert_eq!(api.error_enums[0].operations.len(), 2);
    }

    #[test]
    fn two_keys_of_one_status_make_one_variant() {
        let api = api(r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok}
        4XX: {description: one, content: {application/json: {schema: {type: string}}}}
        4xx: {description: two, content: {application/json: {schema: {type: integer}}}}
        default: {description: other, content: {application/json: {schema: {type: boolean}}}}
"#);
        let names: Vec<&str> = api.error_enums[0].variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["ClientError", "Default"]);
    }

    #[test]
    fn variants_are_named_by_reason_phrase_range_or_number() {
        assert_eq!(variant_name(Status::Code(422)), "UnprocessableEntity");
        assert_eq!(variant_name(Status::Code(499)), "Status499");
        assert_eq!(variant_name(Status::Range(4)), "ClientError");
        assert_eq!(variant_name(Status::Range(3)), "Status3xx");
        assert_eq!(variant_name(Status::Default), "Default");
    }
}
