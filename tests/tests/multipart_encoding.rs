//! Object fields of multipart bodies follow the document's `encoding`: a JSON part by
//! default (OpenAPI applies `style` only when it is given), bracketed parts where the
//! encoding says `deepObject`. Checked on the wire against a server on 127.0.0.1, and in the
//! code emitted for small documents.

mod support;

use openai_client::runtime::multipart::File;
use openai_client::types::{CreateFileRequest, FileExpirationAfter};
use serde_json::json;
use support::{multipart_parts, Reply, Server};

#[tokio::test]
async fn a_file_upload_sends_its_expiry_as_bracketed_fields() {
    let file = json!({
        "id": "file-1", "object": "file", "bytes": 5, "created_at": 1, "filename": "data.jsonl",
        "purpose": "batch", "status": "uploaded"
    });
    let server = Server::start(vec![Reply::json(file)]).await;
    let request = CreateFileRequest::new(File::from_bytes("data.jsonl", b"{}\n".to_vec()), "batch")
        .expires_after(FileExpirationAfter::new(2_592_000));
    server.client().create_file(&request).await.unwrap();

    let parts = multipart_parts(&server.one());
    let fields: Vec<(&str, &[u8])> = parts.iter().map(|p| (p.0.as_str(), p.3.as_slice())).collect();
    assert_eq!(
        fields,
        [
            ("file", &b"{}\n"[..]),
            ("purpose", b"batch"),
            ("expires_after[anchor]", b"created_at"),
            ("expires_after[seconds]", b"2592000"),
        ]
    );
    // Plain text parts, as `curl -F expires_after[seconds]=…` sends them.
    assert_eq!(parts[3].2, None);
}

/// The client code emitted for a one-operation document whose multipart body holds an
/// object `meta`, with `encoding` as given.
fn emitted(encoding: serde_json::Value) -> String {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Uploads", "version": "1"},
        "paths": {"/upload": {"post": {
            "operationId": "upload",
            "requestBody": {"content": {"multipart/form-data": {
                "schema": {"type": "object", "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "meta": {"type": "object", "properties": {"a": {"type": "string"}}}
                }},
                "encoding": encoding
            }}},
            "responses": {"204": {"description": "done"}}
        }}}
    });
    let source = oagen::Source::parse(std::path::Path::new("upload.json"), doc.to_string()).unwrap();
    let api = oagen::Spec::from_source(source).and_then(|s| s.lower()).unwrap_or_else(|e| panic!("{e}"));
    oagen::emit_module(&api, &oagen::CrateOptions::default()).unwrap()
}

#[test]
fn an_object_part_is_json_unless_the_encoding_gives_a_style() {
    // Without spaces, and without the trailing commas of calls formatted over several lines.
    let squash = |s: String| s.split_whitespace().collect::<String>().replace(",)", ")");
    let default = squash(emitted(json!({})));
    assert!(default.contains(r#"form.field("meta",&self.meta);"#), "{default}");
    let content_type_only = squash(emitted(json!({"meta": {"contentType": "application/json"}})));
    assert!(content_type_only.contains(r#"form.field("meta",&self.meta);"#));
    let deep = squash(emitted(json!({"meta": {"style": "deepObject", "explode": true}})));
    assert!(
        deep.contains(r#"form.field_encoded("meta",&self.meta,runtime::multipart::Encoding::DeepObject);"#),
        "{deep}"
    );
    let form = squash(emitted(json!({"meta": {"explode": false}})));
    assert!(form.contains("runtime::multipart::Encoding::Form)"), "{form}");
}

#[test]
fn an_encoding_the_runtime_cannot_write_is_a_located_error() {
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Uploads", "version": "1"},
        "paths": {"/upload": {"post": {
            "requestBody": {"content": {"multipart/form-data": {
                "schema": {"type": "object", "properties": {"meta": {"type": "object"}}},
                "encoding": {"meta": {"style": "pipeDelimited"}}
            }}},
            "responses": {"204": {"description": "done"}}
        }}}
    });
    let source = oagen::Source::parse(std::path::Path::new("upload.json"), doc.to_string()).unwrap();
    let error = oagen::Spec::from_source(source).and_then(|s| s.lower()).unwrap_err();
    assert_eq!(
        error.pointer(),
        Some("/paths/~1upload/post/requestBody/content/multipart~1form-data/encoding/meta/style"),
        "{error}"
    );
    assert!(error.to_string().starts_with("upload.json"), "{error}");
}
