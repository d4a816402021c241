//! Per-request overhead of the generated client against a bare reqwest call, both fetching
//! and decoding the same response from the same local server in the same run.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

const MODEL: &str = r#"{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"}"#;

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let url = rt.block_on(async {
        let app = axum::Router::new().fallback(|| async { ([("content-type", "application/json")], MODEL) });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    });
    let generated = openai_client::Client::with_config(
        openai_client::Client::builder().base_url(&url).api_key("sk-bench").build().unwrap(),
    )
    .unwrap();
    let bare = reqwest::Client::new();

    let mut g = c.benchmark_group("retrieve_model");
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("baseline: bare reqwest + serde_json", |b| {
        b.iter(|| {
            rt.block_on(async {
                let response = bare
                    .get(format!("{url}/models/gpt-4o"))
                    .bearer_auth("sk-bench")
                    .send()
                    .await
                    .unwrap()
                    .error_for_status()
                    .unwrap();
                response.json::<openai_client::types::Model>().await.unwrap()
            })
        })
    });
    g.bench_function("generated client", |b| {
        b.iter(|| rt.block_on(async { generated.retrieve_model("gpt-4o").await.unwrap() }))
    });
    g.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
