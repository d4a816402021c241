//! Multipart properties that are a file or null, and a list of files or null
//! (`fixtures/clients/multipart_nullable_file.yaml`, FastAPI's `UploadFile | None`): each is
//! one `Option` of the file type, sent as file parts when set and left out when not, checked
//! on the wire against a server on 127.0.0.1.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/multipart_nullable_file.rs"));

use runtime::multipart::File;
use support::{multipart_parts, Reply, Server};
use types::{AvatarUpload, UploadRequest};

#[tokio::test]
async fn a_nullable_file_is_a_file_part_when_set() {
    let server = Server::start(vec![Reply::status(204), Reply::status(204)]).await;
    let client = Client::with_config(Client::builder().base_url(&server.url).build().unwrap()).unwrap();
    let request = UploadRequest::new("report")
        .attachment(File::from_bytes("a.pdf", b"%PDF".to_vec()))
        .pages(vec![File::from_bytes("1.png", b"one".to_vec()), File::from_bytes("2.png", b"two".to_vec())]);
    client.upload(&request).await.unwrap();
    client.upload(&UploadRequest::new("empty")).await.unwrap();

    let seen = server.seen();
    let parts = multipart_parts(&seen[0]);
    let summary: Vec<(&str, Option<&str>, &[u8])> =
        parts.iter().map(|p| (p.0.as_str(), p.1.as_deref(), p.3.as_slice())).collect();
    assert_eq!(
        summary,
        [
            ("title", None, &b"report"[..]),
            ("attachment", Some("a.pdf"), b"%PDF"),
            ("pages[]", Some("1.png"), b"one"),
            ("pages[]", Some("2.png"), b"two"),
        ]
    );
    let parts = multipart_parts(&seen[1]);
    assert_eq!(parts.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["title"]);
}

#[tokio::test]
async fn a_body_whose_schema_allows_null_is_sent_as_its_struct() {
    let server = Server::start(vec![Reply::status(204)]).await;
    let client = Client::with_config(Client::builder().base_url(&server.url).build().unwrap()).unwrap();
    client.upload_avatar(&AvatarUpload::new(File::from_bytes("me.png", b"png".to_vec()))).await.unwrap();
    let parts = multipart_parts(&server.one());
    assert_eq!(
        (parts[0].0.as_str(), parts[0].1.as_deref(), parts[0].3.as_slice()),
        ("image", Some("me.png"), &b"png"[..])
    );
}
