//! Load + lower + emit (+ format) of the HEAD OpenAI spec, phase by phase, against YAML
//! parsing alone as the baseline measured in the same run.

// The same allocator as the `cargo xtask gen` binary, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use oagen::{CrateOptions, Spec, TemplateSource};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/openai/openapi.yaml")
}

fn options() -> CrateOptions {
    CrateOptions {
        name: "bench-client".into(),
        version: "0.1.0".into(),
        runtime_path: Some("../runtime".into()),
        standalone: true,
        command: "bench".into(),
        templates: TemplateSource::default(),
        ..Default::default()
    }
}

fn pipeline(c: &mut Criterion) {
    let path = spec();
    let text = std::fs::read_to_string(&path).expect("../shared/specs is present");
    let spec = Spec::from_source(oagen::Source::parse(&path, text.clone()).unwrap()).unwrap();
    let api = spec.lower().unwrap();

    let mut g = c.benchmark_group("openai-head");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("baseline: serde_yaml into its own Value (fails on 2^63 bounds, so minus them)", |b| {
        let patched = text.replace("-9223372036854776000", "-9223372036854775807");
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(&patched).unwrap())
    });
    g.bench_function("1 read: text to tree", |b| b.iter(|| oagen::Source::parse(&path, text.clone()).unwrap()));
    g.bench_function("2 read: tree to document", |b| b.iter(|| oagen::openapi::Document::read(spec.tree()).unwrap()));
    g.bench_function("3 lower", |b| b.iter(|| spec.lower().unwrap()));
    g.bench_function("4 emit and format", |b| b.iter(|| oagen::emit(&api, &options()).unwrap()));
    g.bench_function("all: file to crate files", |b| b.iter(|| oagen::generate(&path, &options()).unwrap()));
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
