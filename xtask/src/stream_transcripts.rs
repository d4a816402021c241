//! The event streams of the corpus documents, decoded by the crates generated from them: for
//! each document in `../shared/specs/corpus/*` that declares `text/event-stream`, a synthetic
//! transcript per streaming operation (one event per kind of event, from the document's own
//! event schema, see `oagen_tools::synthesize`) is served over TCP on 127.0.0.1 and decoded
//! by the runtime's event stream into the crate's item type. Every item must decode, and none
//! may be its union's fallback (`Unknown`).

use anyhow::{bail, Context, Result};
use oagen::ir::{Api, TypeKind, TypeRef};
use oagen_cli::commands::conformance;
use oagen_tools::synthesize::{self, Transcript};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The test file written into each generated crate.
const TEST_FILE: &str = "tests/stream_transcripts.rs";

/// Check every corpus document with event streams; prints one line per operation.
pub fn check_corpus(specs: &Path) -> Result<()> {
    let mut failed = Vec::new();
    for spec in corpus_documents(&specs.join("corpus"))? {
        if let Err(e) = check_document(&spec) {
            eprintln!("stream transcripts: {}: {e:#}", spec.display());
            failed.push(spec.display().to_string());
        }
    }
    if !failed.is_empty() {
        bail!("the stream transcripts of {} failed", failed.join(", "));
    }
    Ok(())
}

/// The documents of the corpus, one per folder, sorted.
fn corpus_documents(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let Ok(folders) = std::fs::read_dir(dir) else { return Ok(files) };
    for folder in folders.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let entries = std::fs::read_dir(&folder).with_context(|| format!("cannot read {}", folder.display()))?;
        for p in entries.flatten().map(|e| e.path()) {
            if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml" | "json")) {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Generate the crate of one document under target/, add the transcript test, run it.
fn check_document(spec_file: &Path) -> Result<()> {
    // A document that never names the media type has no stream to check, even if it does
    // not generate (that is the shared-spec sweep's to report).
    let text = std::fs::read_to_string(spec_file).with_context(|| format!("cannot read {}", spec_file.display()))?;
    if !text.contains("text/event-stream") {
        return Ok(());
    }
    let spec = oagen::Spec::load(spec_file)?;
    let transcripts = synthesize::transcripts(spec.document(), spec.tree());
    if transcripts.is_empty() {
        return Ok(());
    }
    let api = spec.lower()?;
    let workspace = xtask::conformance_workspace();
    // The same crate the shared-spec sweep generates and checks (rewritten only where it differs).
    let out = crate::sweep::SpecCrate::generate(&workspace, spec_file)?.out;
    let name = format!("{}-client", conformance::spec_stem(spec_file));
    let test = test_file(&api, &name.replace('-', "_"), &transcripts)?;
    std::fs::create_dir_all(out.join("tests"))?;
    std::fs::write(out.join(TEST_FILE), test).with_context(|| format!("cannot write into {}", out.display()))?;
    let manifest = out.join("Cargo.toml");
    let target = workspace.target_dir();
    let status = std::process::Command::new("cargo")
        .args(["test", "--quiet", "--test", "stream_transcripts", "--manifest-path"])
        .arg(&manifest)
        .args(["--", "--nocapture"])
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the transcript test failed ({status})");
    }
    Ok(())
}

/// The item type of an operation's stream as the crate names it, and the pattern of its
/// fallback variant (`None`: the type has none, or items are raw events).
fn item_type(api: &Api, lib: &str, operation: &str) -> Result<(String, Option<String>)> {
    let op = api.operations.iter().find(|o| o.id == operation).context("no such operation")?;
    let stream = op.stream.as_ref().context("the operation has no stream method")?;
    // As the emitter decides (`emit::operations::event_type`): named types that are not
    // aliases are decoded; anything else is passed on as raw events.
    let raw = ("runtime::sse::Event".to_owned(), None);
    let Some(TypeRef::Named(id)) = stream.event.as_ref().map(TypeRef::non_null) else { return Ok(raw) };
    let def = api.ty(*id);
    let path = format!("{lib}::types::{}", def.name);
    let fallback = match &def.kind {
        TypeKind::Alias(_) => return Ok(raw),
        TypeKind::Union(u) => Some(format!("{path}::{}(_)", u.fallback)),
        TypeKind::Enum(e) => Some(format!("{path}::{}(_)", e.fallback)),
        _ => None,
    };
    Ok((path, fallback))
}

/// The test: each transcript served over TCP, decoded, counted; any error or fallback fails.
fn test_file(api: &Api, lib: &str, transcripts: &[Transcript]) -> Result<String> {
    let mut calls = String::new();
    for t in transcripts {
        let (ty, fallback) = item_type(api, lib, &t.operation).with_context(|| t.operation.clone())?;
        let unknown = match fallback {
            Some(pattern) => format!("|item: &{ty}| matches!(item, {pattern})"),
            None => format!("|_: &{ty}| false"),
        };
        writeln!(
            calls,
            "    failures += check::<{ty}>({op:?}, {events}, {text:?}, {unknown});",
            op = t.operation,
            events = t.events.len(),
            text = t.text,
        )?;
    }
    Ok(format!("{HEADER}\n#[test]\nfn every_event_kind_decodes() {{\n    let mut failures = 0;\n{calls}    assert_eq!(failures, 0, \"transcripts with errors or Unknown items\");\n}}\n"))
}

/// The fixed part of the test file: the server and the decoding loop.
const HEADER: &str = r#"//! Written by `cargo xtask test` (xtask/src/stream_transcripts.rs): every event stream of
//! the document, as a synthetic transcript served over TCP, decoded into its item type.

use runtime::futures::StreamExt;
use std::io::{Read, Write};

/// The bytes of `text` as a client reads them from a server on 127.0.0.1, in small writes.
fn serve(text: &'static str) -> Vec<runtime::Bytes> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        for piece in text.as_bytes().chunks(61) {
            socket.write_all(piece).unwrap();
        }
    });
    let mut socket = std::net::TcpStream::connect(address).unwrap();
    let mut chunks = Vec::new();
    let mut buffer = [0u8; 256];
    loop {
        let n = socket.read(&mut buffer).unwrap();
        if n == 0 {
            break;
        }
        chunks.push(runtime::Bytes::copy_from_slice(&buffer[..n]));
    }
    server.join().unwrap();
    chunks
}

/// Decode one transcript through the runtime's event stream; print the counts; 1 if it fails.
fn check<T: runtime::FromEvent + std::fmt::Debug>(
    operation: &'static str,
    events: usize,
    text: &'static str,
    unknown: fn(&T) -> bool,
) -> usize {
    let body = runtime::futures::stream::iter(serve(text).into_iter().map(Ok)).boxed();
    let meta = runtime::ResponseMeta {
        operation,
        status: runtime::StatusCode::OK,
        headers: runtime::header::HeaderMap::new(),
    };
    let mut stream = runtime::EventStream::<T>::new(meta, body, 1 << 24, runtime::StreamEnd::Close);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let (mut decoded, mut unknowns, mut errors) = (0, 0, 0);
    // The body is in memory: every poll is ready.
    while let std::task::Poll::Ready(Some(item)) = stream.poll_next_unpin(&mut cx) {
        match item {
            Ok(item) if unknown(&item) => {
                unknowns += 1;
                eprintln!("  {operation}: Unknown item {item:?}");
            }
            Ok(_) => decoded += 1,
            Err(e) => {
                errors += 1;
                eprintln!("  {operation}: {e}");
            }
        }
    }
    println!("transcript {operation}: {events} events, {decoded} decoded, {unknowns} Unknown, {errors} errors");
    usize::from(unknowns + errors > 0 || decoded != events)
}
"#;
