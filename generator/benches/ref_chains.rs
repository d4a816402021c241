//! Documents built to be slow: a 30,000-long chain of `$ref`s and one of single-member
//! `allOf`s, each through load, lower and emit (with formatting), and the fan-out document
//! (300 schemas each `allOf` one base with 300 inline object properties). The chains must
//! stay linear in their length: under 2 s each in release (the `$ref` chain took 7.5 s at
//! b5fcea8, the `allOf` chain was refused as a cycle past 64 links).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use oagen::{CrateOptions, Source, Spec, TemplateSource};
use serde_json::{json, Map, Value};
use std::path::Path;
use std::time::Duration;

const LENGTH: usize = 30_000;

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

/// 300 schemas, each `allOf` the one base with 300 inline object properties and one property
/// of its own, each returned by an operation.
fn fan_out() -> String {
    let props: Map<String, Value> = (0..300)
        .map(|j| (format!("p{j}"), json!({"type": "object", "properties": {"a": {"type": "string"}}})))
        .collect();
    let mut schemas = Map::new();
    schemas.insert("Base".into(), json!({"type": "object", "properties": props}));
    let mut paths = Map::new();
    for i in 0..300 {
        let own = json!({"type": "object", "properties": {format!("own{i}"): {"type": "string"}}});
        schemas.insert(format!("C{i}"), json!({"allOf": [{"$ref": "#/components/schemas/Base"}, own]}));
        let schema = json!({"$ref": format!("#/components/schemas/C{i}")});
        let ok = json!({"description": "OK", "content": {"application/json": {"schema": schema}}});
        paths.insert(format!("/c{i}"), json!({"get": {"operationId": format!("getC{i}"), "responses": {"200": ok}}}));
    }
    json!({"openapi": "3.1.0", "info": {"title": "Fan", "version": "1"}, "paths": paths, "components": {"schemas": schemas}})
        .to_string()
}

fn chains(c: &mut Criterion) {
    let refs = chain(|next| json!({"$ref": format!("#/components/schemas/S{next}")}));
    let all_of = chain(|next| json!({"allOf": [{"$ref": format!("#/components/schemas/S{next}")}]}));
    let mut g = c.benchmark_group("chain of 30,000");
    g.sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_millis(500));
    g.bench_function("$ref: load, lower, emit", |b| b.iter(|| generate(&refs)));
    g.bench_function("allOf: load, lower, emit", |b| b.iter(|| generate(&all_of)));
    g.finish();
    let fan = fan_out();
    let mut g = c.benchmark_group("fan-out, 300 x 300");
    g.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_millis(500));
    g.bench_function("load, lower, emit", |b| b.iter(|| generate(&fan)));
    g.finish();
}

criterion_group!(benches, chains);
criterion_main!(benches);
