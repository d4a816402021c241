//! Documents built to be slow: a 10,000-long chain of `$ref`s and one of single-member
//! `allOf`s, each through load, lower and emit (with formatting). Both must stay linear in
//! the chain's length: well under a second each in release.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use oagen::{CrateOptions, Source, Spec, TemplateSource};
use serde_json::{json, Map, Value};
use std::path::Path;
use std::time::Duration;

const LENGTH: usize = 10_000;

/// A document whose one operation returns `S0`, where `S{i}` is `link(i + 1)` and the last
/// schema is a small object.
fn chain(link: impl Fn(usize) -> Value) -> String {
    let mut schemas = Map::new();
    for i in 0..LENGTH {
        schemas.insert(format!("S{i}"), link(i + 1));
    }
    schemas.insert(format!("S{LENGTH}"), json!({"type": "object", "properties": {"id": {"type": "string"}}}));
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/end": {"get": {
            "operationId": "getEnd",
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/S0"}
            }}}}
        }}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

fn options() -> CrateOptions {
    CrateOptions {
        name: "chain".into(),
        version: "0.1.0".into(),
        runtime_path: Some("../runtime".into()),
        standalone: true,
        command: "bench".into(),
        templates: TemplateSource::default(),
        ..Default::default()
    }
}

/// Load, lower and emit: the whole pipeline from text to crate files.
fn generate(text: &str) -> usize {
    let source = Source::parse(Path::new("chain.json"), text.to_owned()).unwrap();
    let api = Spec::from_source(source).and_then(|spec| spec.lower()).unwrap();
    oagen::emit(&api, &options()).unwrap().len()
}

fn chains(c: &mut Criterion) {
    let refs = chain(|next| json!({"$ref": format!("#/components/schemas/S{next}")}));
    let all_of = chain(|next| json!({"allOf": [{"$ref": format!("#/components/schemas/S{next}")}]}));
    let mut g = c.benchmark_group("chain of 10,000");
    g.sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_millis(500));
    g.bench_function("$ref: load, lower, emit", |b| b.iter(|| generate(&refs)));
    g.bench_function("allOf: load, lower, emit", |b| b.iter(|| generate(&all_of)));
    g.finish();
}

criterion_group!(benches, chains);
criterion_main!(benches);
