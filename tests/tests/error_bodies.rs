//! Documented error bodies, typed (`fixtures/clients/error_bodies.yaml`), against a server on
//! 127.0.0.1: each status decodes as the schema the document gives it, by code, range or
//! `default`; the raw body stays on the error; a body that does not fit is an error naming the
//! operation and status, never a panic.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/error_bodies.rs"));

use operations::{CreatePetError, DeletePetError, GetPetError, GetStoreError, RenameStoreError};
use support::{Reply, Server};

fn reply(status: u16, body: &str) -> Reply {
    Reply::status(status).header("content-type", "application/json").body(body)
}

fn client(server: &Server) -> Client {
    let config = Client::builder().base_url(&server.url).max_retries(0).build().unwrap();
    Client::with_config(config).unwrap()
}

#[tokio::test]
async fn a_404_and_a_500_decode_as_their_documented_schemas_and_keep_the_raw_body() {
    let not_found = r#"{"resource":"pet","id":"7"}"#;
    let outage = r#"{"message":"kennel flooded","retry_in":30}"#;
    let server = Server::start(vec![reply(404, not_found), reply(500, outage)]).await;
    let client = client(&server);

    let err = client.get_pet("7").await.unwrap_err();
    assert_eq!(
        err.typed_body::<GetPetError>().unwrap().unwrap(),
        GetPetError::NotFound(types::NotFound { resource: "pet".into(), id: Some("7".into()) })
    );
    let api = err.as_api().unwrap();
    assert_eq!((api.status.as_u16(), &api.body[..]), (404, not_found.as_bytes()));

    let err = client.get_pet("7").await.unwrap_err();
    assert_eq!(
        err.typed_body::<GetPetError>().unwrap().unwrap(),
        GetPetError::ServerError(types::Outage { message: "kennel flooded".into(), retry_in: Some(30) })
    );
    assert_eq!(err.as_api().unwrap().body_text(), outage);
    // The helpers of every error still answer.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn default_takes_the_statuses_no_code_or_range_names() {
    let server = Server::start(vec![reply(418, r#"{"code":418,"message":"teapot"}"#)]).await;
    let err = client(&server).get_pet("7").await.unwrap_err();
    assert_eq!(
        err.typed_body::<GetPetError>().unwrap().unwrap(),
        GetPetError::Default(types::Error { code: 418, message: "teapot".into() })
    );
}

#[tokio::test]
async fn operations_documenting_the_same_share_one_enum_under_their_own_names() {
    let server = Server::start(vec![reply(404, r#"{"resource":"pet"}"#), reply(503, r#"{"message":"closed"}"#)]).await;
    let client = client(&server);
    let err = client.delete_pet("7").await.unwrap_err();
    let body: DeletePetError = err.typed_body().unwrap().unwrap();
    assert_eq!(body, GetPetError::NotFound(types::NotFound { resource: "pet".into(), id: None }));
    // Another group's operation, the same statuses and schemas.
    let err = client.get_store("s-1").await.unwrap_err();
    let body: GetStoreError = err.typed_body().unwrap().unwrap();
    assert_eq!(body, GetPetError::ServerError(types::Outage { message: "closed".into(), retry_in: None }));
}

#[tokio::test]
async fn a_code_wins_over_its_range_and_an_undocumented_status_has_no_typed_body() {
    let server = Server::start(vec![
        reply(400, r#"{"fields":["name"]}"#),
        reply(409, r#"{"code":9,"message":"taken"}"#),
        reply(502, "<html>bad gateway</html>"),
    ])
    .await;
    let client = client(&server);
    let body = serde_json::json!({"name": "Rex"});
    let body: types::RenameStoreRequest = serde_json::from_value(body).unwrap();
    let err = client.rename_store("s-1", &body).await.unwrap_err();
    assert_eq!(
        err.typed_body::<RenameStoreError>().unwrap().unwrap(),
        RenameStoreError::BadRequest(types::Validation { fields: vec!["name".into()] })
    );
    let err = client.rename_store("s-1", &body).await.unwrap_err();
    assert_eq!(
        err.typed_body::<RenameStoreError>().unwrap().unwrap(),
        RenameStoreError::ClientError(types::Error { code: 9, message: "taken".into() })
    );
    // 5xx is not documented for this operation: no typed body, the raw one is there.
    let err = client.rename_store("s-1", &body).await.unwrap_err();
    assert!(err.typed_body::<RenameStoreError>().is_none());
    assert_eq!(err.as_api().unwrap().body_text(), "<html>bad gateway</html>");
}

#[tokio::test]
async fn a_body_that_does_not_fit_its_schema_is_an_error_naming_operation_and_status() {
    let server = Server::start(vec![reply(404, "<html>not here</html>"), reply(404, r#"{"resource":7}"#)]).await;
    let client = client(&server);
    let err = client.get_pet("7").await.unwrap_err();
    let e = err.typed_body::<GetPetError>().unwrap().unwrap_err();
    let text = e.to_string();
    assert!(text.contains("404 Not Found") && text.contains("`getPet`"), "{text}");
    assert!(text.contains("<html>not here</html>"), "{text}");
    let err = client.get_pet("7").await.unwrap_err();
    assert_eq!(err.typed_body::<GetPetError>().unwrap().unwrap_err().path, "resource");
}

#[tokio::test]
async fn an_enum_reads_only_its_own_operations_errors() {
    let server = Server::start(vec![reply(404, r#"{"resource":"pet"}"#)]).await;
    let err = client(&server).get_pet("7").await.unwrap_err();
    assert!(err.typed_body::<CreatePetError>().is_none());
    assert!(err.typed_body::<RenameStoreError>().is_none());
}

#[tokio::test]
async fn inline_schemas_are_typed_and_one_schema_for_every_status_reads_with_body_as() {
    let server = Server::start(vec![
        reply(409, r#"{"existing":"Rex"}"#),
        Reply::status(503).header("content-type", "text/plain").body("later"),
        reply(400, r#"{"code":1,"message":"limit"}"#),
    ])
    .await;
    let client = client(&server);
    let pet = types::Pet::new("Rex");
    let err = client.create_pet(&pet).await.unwrap_err();
    assert_eq!(
        err.typed_body::<CreatePetError>().unwrap().unwrap(),
        CreatePetError::Conflict(types::CreatePetResponse409 { existing: "Rex".into() })
    );
    // Documented as text only: left raw.
    let err = client.create_pet(&pet).await.unwrap_err();
    assert!(err.typed_body::<CreatePetError>().is_none());
    assert_eq!(err.as_api().unwrap().body_text(), "later");
    // `listPets` documents `Error` for every error status: no enum, `body_as` reads it.
    let err = client.list_pets().await.unwrap_err();
    assert_eq!(err.body_as::<types::Error>().unwrap().unwrap(), types::Error { code: 1, message: "limit".into() });
}

#[test]
fn an_operation_with_one_error_schema_gets_no_enum_and_its_doc_names_the_type() {
    let code = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/clients/error_bodies.rs")).unwrap();
    assert!(!code.contains("ListPetsError"));
    assert!(code.contains("Error bodies (`400`, `default`): [`types::Error`](crate::types::Error)"));
    // One enum for the three operations documenting the same; the others are aliases.
    assert_eq!(code.matches("impl runtime::ErrorBody for").count(), 3);
    assert!(code.contains(r#"&["getPet", "deletePet", "getStore"]"#));
}

/// The `operations` module the fixture's client has: its methods' docs, the error enums and
/// their `ErrorBody` impls, the aliases.
#[test]
fn emitted_operations() {
    let path = std::path::Path::new("fixtures/clients/error_bodies.yaml");
    let api = oagen::Spec::load(path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
    let options = oagen::CrateOptions { command: "tests/error_bodies.rs".into(), ..Default::default() };
    let code = oagen::emit_module(&api, &options).unwrap_or_else(|e| panic!("{e}"));
    let start = code.find("pub mod operations {").expect("an operations module");
    let end = start + code[start..].find("\nmod client {").expect("the client module follows");
    insta::assert_snapshot!("error_bodies_operations", &code[start..end]);
}
