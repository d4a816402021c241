//! A named binary schema in a multipart body (`fixtures/clients/multipart_file_alias.yaml`),
//! as a field and as a member of a union with a URL: the field's type is the file type and
//! the file is sent as a file part, checked on the wire against a server on 127.0.0.1.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/multipart_file_alias.rs"));

use runtime::multipart::File;
use support::{multipart_parts, Reply, Server};
use types::{ImageSource, UploadRequest};

#[tokio::test]
async fn a_file_named_by_an_alias_is_sent_as_a_file_part() {
    let server = Server::start(vec![Reply::status(204), Reply::status(204)]).await;
    let client = Client::with_config(Client::builder().base_url(&server.url).build().unwrap()).unwrap();
    let request = UploadRequest::new(File::from_bytes("notes.txt", b"hello".to_vec()))
        .image(ImageSource::from(File::from_bytes("cat.png", b"\x89PNG".to_vec())))
        .note("n");
    client.upload(&request).await.unwrap();
    let by_url = UploadRequest::new(File::from_bytes("b.txt", b"b".to_vec())).image("https://example.com/cat.png");
    client.upload(&by_url).await.unwrap();

    let seen = server.seen();
    let parts = multipart_parts(&seen[0]);
    let summary: Vec<(&str, Option<&str>, &[u8])> =
        parts.iter().map(|p| (p.0.as_str(), p.1.as_deref(), p.3.as_slice())).collect();
    assert_eq!(
        summary,
        [("file", Some("notes.txt"), &b"hello"[..]), ("image", Some("cat.png"), b"\x89PNG"), ("note", None, b"n")]
    );
    let parts = multipart_parts(&seen[1]);
    assert_eq!((parts[1].0.as_str(), parts[1].1.as_deref()), ("image", None));
    assert_eq!(parts[1].3, b"https://example.com/cat.png");
}
