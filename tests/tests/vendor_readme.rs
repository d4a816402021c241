//! A generated crate's README (its crate documentation) states what the code does, from the
//! same IR: the variable of each credential and how it is sent, and, for a document of
//! webhooks only, the way in (`WebhookEvent::decode`) instead of client methods it does not
//! have. Its examples are doctests: the webhooks-only crates' are run here.

use std::path::{Path, PathBuf};
use std::process::Command;

fn readme(spec: &str, name: &str, out: &Path) -> (oagen::Files, String) {
    let options = oagen::CrateOptions {
        command: "cargo test -p e2e --test vendor_readme".to_owned(),
        ..xtask::conformance_workspace().crate_options(name, out).unwrap()
    };
    let (files, _) = oagen::generate(Path::new(spec), &options).unwrap_or_else(|e| panic!("{e}"));
    let readme = files[Path::new("README.md")].clone();
    (files, readme)
}

#[test]
fn each_credential_is_listed_with_its_variable_and_how_it_is_sent() {
    let (_, text) = readme("fixtures/clients/security_schemes.yaml", "keyring", Path::new("unused"));
    for row in [
        "| `KEYRING_API_KEY` | the credential of security scheme `ApiKey`: a key, sent in the `api-key` header |",
        "| `KEYRING_BEARER` | the credential of security scheme `bearerAuth`: a token, sent as `Authorization: Bearer` |",
        "| `KEYRING_QUERY_KEY` | the credential of security scheme `queryKey`: a key, sent as the `key` query parameter |",
        "| `KEYRING_SESSION` | the credential of security scheme `session`: a key, sent as the `sid` cookie |",
        "| `KEYRING_OAUTH2` | the credential of security scheme `OAuth2`: a token, sent as `Authorization: Bearer` |",
    ] {
        assert!(text.contains(row), "{row}\n{text}");
    }
    assert!(
        text.contains("| `KEYRING_BASIC` | the credential of security scheme `basicAuth`: `user:password`"),
        "{text}"
    );
    assert!(text.contains("`basic_auth(Scheme::…, user, password)`"), "{text}");
    assert!(text.contains("// Reads `KEYRING_API_KEY`, `KEYRING_BEARER`,"), "{text}");
    // Every operation needs a credential: the README says `from_env()` fails without one.
    assert!(
        text.contains("`Client::from_env()` with no credential variable set is\n`Error::MissingCredential`"),
        "{text}"
    );
    // The error helpers, with an example that compiles against the crate.
    for helper in ["is_rate_limit()", "retry_after()", "code()", "request_id()", "fn retry_in(err: &Error)"] {
        assert!(text.contains(helper), "{helper}\n{text}");
    }
}

#[test]
fn a_document_without_credentials_reads_only_the_base_url() {
    let (_, text) = readme("fixtures/clients/multipart_file_alias.yaml", "uploads", Path::new("unused"));
    assert!(text.contains("// Reads `UPLOADS_BASE_URL`.\n"), "{text}");
    assert!(!text.contains("MissingCredential"), "{text}");
}

/// Generate the crate of a webhooks-only fixture and run its doctests (the README's example).
fn doctests_pass(spec: &str, name: &str) -> String {
    let out: PathBuf = std::env::temp_dir().join(format!("oagen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let (files, text) = readme(spec, name, &out);
    oagen::output::write(&out, &files, false).unwrap();
    xtask::copy_lock(&out).unwrap();
    let target = xtask::repo_root().join("target/spec-crates/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--doc", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the doctests of {name} fail:\n{log}");
    let _ = std::fs::remove_dir_all(&out);
    text
}

#[test]
fn a_webhooks_only_crate_documents_its_way_in_and_no_client_methods() {
    let by_name = doctests_pass("fixtures/types/webhook_events_untagged.yaml", "hooks-by-name");
    assert!(by_name.contains("WebhookEvent::decode(webhook, body)"), "{by_name}");
    assert!(by_name.contains(": 4 webhooks, "), "{by_name}");
    for claim in ["Every operation is a method", "Quick start", "Client::from_env"] {
        assert!(!by_name.contains(claim), "{claim}\n{by_name}");
    }
    // Told apart by a property of the body: `decode` reads it (`WebhookEvent2`: a schema took the name).
    let tagged = doctests_pass("fixtures/types/webhook_events.yaml", "hooks-tagged");
    assert!(tagged.contains("fn receive(body: &[u8]) -> Result<WebhookEvent2, JsonError>"), "{tagged}");
    assert!(!tagged.contains("Every operation is a method"), "{tagged}");
}
