//! Decoding one 10 MB list response (40,000 files) into the generated `ListFilesResponse`, the
//! way the client decodes every response body (`runtime::serde::decode`), against
//! `serde_json::from_slice` into hand-written `#[derive(Deserialize)]` structs of the same
//! shape, in the same run. The baseline is the fastest the derive gets: its structs skip
//! unknown keys (the generated ones keep them), and its enums drop unknown values.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use openai_client::types::ListFilesResponse;
use serde::Deserialize;
use std::time::Duration;

const FILES: usize = 40_000;

fn body() -> Vec<u8> {
    let purposes = ["assistants", "batch", "fine-tune", "vision", "user_data"];
    let mut text = String::from(r#"{"object":"list","data":["#);
    for i in 0..FILES {
        if i > 0 {
            text.push(',');
        }
        let expires = if i % 3 == 0 { "null".to_owned() } else { (1_700_000_000 + i).to_string() };
        text.push_str(&format!(
            r#"{{"id":"file-{i:024}","object":"file","bytes":{},"created_at":{},"expires_at":{expires},"filename":"quarterly_sales_overview_{i}_final_version.pdf","purpose":"{}","status":"processed","status_details":null}}"#,
            1000 + i * 7,
            1_690_000_000 + i,
            purposes[i % purposes.len()],
        ));
    }
    text.push_str(r#"],"first_id":"file-0","last_id":"file-1","has_more":false}"#);
    text.into_bytes()
}

/// The same shape, with serde's derive.
#[derive(Deserialize)]
#[allow(dead_code, reason = "read, not used")]
struct DeriveList {
    object: String,
    data: Vec<DeriveFile>,
    first_id: Option<String>,
    last_id: Option<String>,
    has_more: bool,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "read, not used")]
struct DeriveFile {
    id: String,
    bytes: i64,
    created_at: i64,
    expires_at: Option<i64>,
    filename: String,
    object: DeriveObject,
    purpose: DerivePurpose,
    status: DeriveStatus,
    status_details: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeriveObject {
    File,
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DerivePurpose {
    Assistants,
    AssistantsOutput,
    Batch,
    BatchOutput,
    #[serde(rename = "fine-tune")]
    FineTune,
    #[serde(rename = "fine-tune-results")]
    FineTuneResults,
    Vision,
    UserData,
    #[serde(other)]
    Unknown,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeriveStatus {
    Uploaded,
    Processed,
    Error,
    #[serde(other)]
    Unknown,
}

fn decode(c: &mut Criterion) {
    let body = body();
    let mut g = c.benchmark_group("list_40k_files");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("baseline: serde_json derive", |b| {
        b.iter(|| {
            let list: DeriveList = serde_json::from_slice(&body).unwrap();
            assert_eq!(list.data.len(), FILES);
        })
    });
    g.bench_function("runtime::serde::decode into ListFilesResponse", |b| {
        b.iter(|| {
            let list: ListFilesResponse = openai_client::runtime::serde::decode(&body).unwrap();
            assert_eq!(list.data.len(), FILES);
        })
    });
    g.finish();
    eprintln!("body: {:.1} MB", body.len() as f64 / 1e6);
}

criterion_group!(benches, decode);
criterion_main!(benches);
