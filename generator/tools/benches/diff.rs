//! `cargo xtask diff` on the HEAD OpenAI spec against 2026-05-13: the whole diff (read,
//! lower, compare both layers) against reading the two documents alone, the baseline
//! measured in the same run.

// The same allocator as the `cargo xtask` binary, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion};
use oagen::{openapi, Spec};
use oagen_tools::diff;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn spec(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs/openai").join(file)
}

fn read(path: &Path) -> Spec {
    Spec::load(path).expect("../shared/specs is present and the document reads")
}

fn bench(c: &mut Criterion) {
    let (old, new) = (spec("openapi-2026-05-13.yaml"), spec("openapi.yaml"));
    let (old_spec, new_spec) = (read(&old), read(&new));
    let (old_doc, new_doc): (&openapi::Document, &openapi::Document) = (old_spec.document(), new_spec.document());
    let (old_api, new_api) = (old_spec.lower().unwrap(), new_spec.lower().unwrap());
    let side = |path: &Path| diff::Side {
        file: path.display().to_string(),
        title: String::new(),
        version: String::new(),
        openapi: String::new(),
    };

    let mut g = c.benchmark_group("diff 2026-05-13 to HEAD");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("baseline: read both documents", |b| b.iter(|| (read(&old), read(&new))));
    g.bench_function("compare only (both layers, documents already read and lowered)", |b| {
        b.iter(|| diff::compare((side(&old), old_doc, &old_api), (side(&new), new_doc, &new_api), true))
    });
    g.bench_function("all: two files to a report", |b| b.iter(|| diff::diff(&old, &new).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
