//! `cargo xtask sweep --directory DIR`: every OpenAPI document under a folder (the APIs.guru
//! directory: 2,639 documents) generated in-process, several at once; then a seeded sample of
//! their crates held to clippy and rustdoc with warnings denied, one cargo at a time, all in one
//! target folder so dependencies build once. A table goes to stderr and a JSON summary, one
//! entry per document, to a file.

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use xtask::repo_root;

/// How a directory is swept.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    /// How many crates to build; 0 generates only.
    pub sample: usize,
    pub seed: u64,
    /// Documents generated at once (default: one per core).
    pub jobs: usize,
    /// Sampled crates built by one cargo run.
    pub batch: usize,
    /// Only the documents whose path under `dir` contains this text.
    pub only: Option<String>,
    /// Where the JSON summary goes.
    pub summary: PathBuf,
}

/// The folder the sweep writes into: sample crates, the report and the summary.
pub fn work_dir() -> PathBuf {
    repo_root().join("target/directory-sweep")
}

/// One document's outcome.
#[derive(Debug, Default)]
struct Outcome {
    /// The path under the swept folder.
    doc: String,
    bytes: u64,
    /// The document's crate was generated.
    generated: bool,
    /// Why it was not: the generator's located message, or the panic.
    refusal: Option<String>,
    panicked: bool,
    warnings: Vec<String>,
    gen_time: Duration,
    operations: usize,
    types: usize,
    lines: usize,
    /// Names the generator numbered to keep them apart (`Message2`), see [`numbered_names`].
    numbered: Vec<String>,
    /// In the sample: its crate's folder.
    crate_dir: Option<PathBuf>,
    /// The checks of a sampled crate, in order.
    checks: Vec<Check>,
}

/// One cargo run over a sampled crate.
#[derive(Debug)]
struct Check {
    step: &'static str,
    passed: bool,
    time: Duration,
    /// The first error, with its lint or error code and place.
    first_error: Option<String>,
    /// How many errors of each code (`clippy::too_many_arguments`, `E0308`, `rustdoc::…`).
    codes: BTreeMap<String, usize>,
}

/// Every document of the folder (`.json`, `.yaml`, `.yml`, at any depth), sorted by path.
pub fn documents(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(path.extension().and_then(|x| x.to_str()), Some("json" | "yaml" | "yml")) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `count` indices of `0..len` chosen by `seed` (a partial Fisher–Yates shuffle driven by
/// SplitMix64), sorted: the same seed over the same documents picks the same sample.
pub fn sample_indices(len: usize, count: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut indices: Vec<usize> = (0..len).collect();
    let count = count.min(len);
    for i in 0..count {
        let j = i + (next() % (len - i) as u64) as usize;
        indices.swap(i, j);
    }
    let mut chosen = indices[..count].to_vec();
    chosen.sort_unstable();
    chosen
}

/// A package name Cargo accepts for a document's crate, unique per path:
/// `amazonaws.com/ec2.json` gives `api-amazonaws-com-ec2`.
pub fn crate_name(doc: &str) -> String {
    let stem = doc.strip_suffix(".json").or_else(|| doc.strip_suffix(".yaml")).unwrap_or(doc);
    let mut slug = String::from("api-");
    for c in stem.chars() {
        let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' };
        if !(c == '-' && slug.ends_with('-')) {
            slug.push(c);
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if slug.len() > 56 {
        // Cut, with a hash of the whole path so two long paths stay apart.
        let hash = doc.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        slug.truncate(47);
        slug = format!("{}-{:08x}", slug.trim_end_matches('-'), hash as u32);
    }
    slug
}

/// The names in a crate's public API that the generator numbered to keep apart (`Foo2` beside
/// `Foo`, a variant `Object2` beside `Object`): types, and each union's variants (an enum's
/// variants are its values, `Pg13` beside `Pg`). Read from the API record every generation
/// writes (`.oagen/api.json`); a name counts when it is another of its scope and a number from
/// 2 to 99 (`Name128`, `Response404` name themselves).
pub fn numbered_names(api_record: &str) -> Vec<String> {
    let Ok(surface) = serde_json::from_str::<oagen::surface::Surface>(api_record) else { return Vec::new() };
    let types: BTreeSet<&str> = surface.items.keys().filter_map(|k| k.strip_prefix("types::")).collect();
    let mut out: Vec<String> =
        types.iter().filter(|t| numbered_beside(t, &types)).map(|t| format!("types::{t}")).collect();
    for (path, item) in &surface.items {
        use oagen::surface::ItemKind;
        if item.kind != ItemKind::Union {
            continue;
        }
        let variants: BTreeSet<&str> = item.members.keys().map(String::as_str).collect();
        out.extend(variants.iter().filter(|v| numbered_beside(v, &variants)).map(|v| format!("{path}::{v}")));
    }
    out
}

/// `Foo2` when `Foo` is also a name of the scope (the numbering of a name taken twice).
fn numbered_beside(name: &str, scope: &BTreeSet<&str>) -> bool {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = &name[stem.len()..];
    !stem.is_empty() && number.parse::<u32>().is_ok_and(|n| (2..=99).contains(&n)) && scope.contains(stem)
}

/// Sweep the folder: generate every document, build the sample, print and write the results.
/// Fails when a document panicked the generator or a sampled crate failed a check.
pub fn run(options: &Options) -> Result<()> {
    let started = Instant::now();
    let all = documents(&options.dir)?;
    let docs: Vec<PathBuf> = all
        .into_iter()
        .filter(|d| options.only.as_deref().is_none_or(|o| relative(&options.dir, d).contains(o)))
        .collect();
    if docs.is_empty() {
        bail!("no documents (.json, .yaml) under {}", options.dir.display());
    }
    let sample: BTreeSet<usize> = sample_indices(docs.len(), options.sample, options.seed).into_iter().collect();
    let crates = work_dir().join("crates");
    // Only this run's sample: the crates folder is one workspace of them.
    if crates.exists() {
        std::fs::remove_dir_all(&crates).with_context(|| format!("cannot remove {}", crates.display()))?;
    }
    std::fs::create_dir_all(&crates).with_context(|| format!("cannot create {}", crates.display()))?;
    eprintln!(
        "sweep: {} documents under {}, {} at once; sample of {} (seed {})",
        docs.len(),
        options.dir.display(),
        options.jobs,
        sample.len(),
        options.seed
    );
    let mut outcomes = generate_all(options, &docs, &sample, &crates);
    let generated_in = started.elapsed();
    eprintln!(
        "sweep: generated {} of {} in {:.0} s",
        outcomes.iter().filter(|o| o.generated).count(),
        outcomes.len(),
        generated_in.as_secs_f64()
    );
    build_sample(&mut outcomes, &crates, options.batch)?;
    let report = report(&outcomes, options, started.elapsed());
    eprintln!("{report}");
    let dir = work_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let report_file = dir.join("report.md");
    std::fs::write(&report_file, &report).with_context(|| format!("cannot write {}", report_file.display()))?;
    let summary = summary(&outcomes, options, generated_in, started.elapsed());
    if let Some(parent) = options.summary.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let text = serde_json::to_string_pretty(&summary)?;
    std::fs::write(&options.summary, text).with_context(|| format!("cannot write {}", options.summary.display()))?;
    eprintln!("sweep: report in {}, summary in {}", report_file.display(), options.summary.display());
    let panicked = outcomes.iter().filter(|o| o.panicked).count();
    let failed = outcomes.iter().filter(|o| o.checks.iter().any(|c| !c.passed)).count();
    if panicked + failed > 0 {
        bail!("{panicked} documents panicked the generator, {failed} sampled crates failed a check");
    }
    Ok(())
}

fn relative(dir: &Path, doc: &Path) -> String {
    doc.strip_prefix(dir).unwrap_or(doc).to_string_lossy().replace('\\', "/")
}

/// Generate every document, `options.jobs` at a time, largest first (so the last to finish
/// is a small one); the sampled ones are written to `crates/`. Outcomes come back in `docs`
/// order.
fn generate_all(options: &Options, docs: &[PathBuf], sample: &BTreeSet<usize>, crates: &Path) -> Vec<Outcome> {
    let sizes: Vec<u64> = docs.iter().map(|d| std::fs::metadata(d).map_or(0, |m| m.len())).collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..docs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for worker in 0..options.jobs.max(1) {
            let (next, done, results, order, sizes) = (&next, &done, &results, &order, &sizes);
            std::thread::Builder::new()
                .name(format!("sweep-{worker}"))
                // The generator recurses over schemas; as much stack as a main thread gets.
                .stack_size(64 << 20)
                .spawn_scoped(scope, move || loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let doc = relative(&options.dir, &docs[i]);
                    let out = crates.join(crate_name(&doc));
                    let mut outcome = generate_one(&docs[i], &doc, &out, sample.contains(&i));
                    outcome.bytes = sizes[i];
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Some(refusal) = &outcome.refusal {
                        eprintln!("[{n}/{}] {doc}: REFUSED: {refusal}", docs.len());
                    } else if n % 250 == 0 {
                        eprintln!("[{n}/{}] ...", docs.len());
                    }
                    results.lock().expect("no worker panics holding the lock")[i] = Some(outcome);
                })
                .expect("a thread starts");
        }
    });
    results.into_inner().expect("workers are done").into_iter().map(|o| o.expect("every document ran")).collect()
}

/// Generate one document's crate in-process (as `oagen gen --spec` does, default options),
/// writing it to `out` when it is sampled. A panic is caught and reported as the outcome.
fn generate_one(spec: &Path, doc: &str, out: &Path, sampled: bool) -> Outcome {
    let started = Instant::now();
    let workspace = xtask::conformance_workspace();
    let run = || -> Result<Outcome> {
        // A member of the sample's workspace (`crates/Cargo.toml`), not a workspace of its own.
        let options = oagen::CrateOptions { standalone: false, ..workspace.crate_options(&crate_name(doc), out)? };
        let (files, summary) = oagen::generate(spec, &options)?;
        let record = files.get(Path::new(oagen::API_FILE)).map(String::as_str).unwrap_or_default();
        let mut outcome = Outcome {
            generated: true,
            warnings: summary.warnings.iter().map(ToString::to_string).collect(),
            operations: summary.operations,
            types: summary.types,
            lines: summary.lines,
            numbered: numbered_names(record),
            ..Outcome::default()
        };
        if sampled {
            oagen::output::write(out, &files, true)?;
            outcome.crate_dir = Some(out.to_path_buf());
        }
        Ok(outcome)
    };
    let mut outcome = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => Outcome { refusal: Some(format!("{e:#}")), ..Outcome::default() },
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome {
                refusal: Some(format!("the generator panicked: {message}")),
                panicked: true,
                ..Outcome::default()
            }
        }
    };
    outcome.doc = doc.to_owned();
    outcome.gen_time = started.elapsed();
    outcome
}

/// Clippy, then rustdoc, on every sampled crate that was generated, in batches of `batch`
/// crates: one cargo at a time (each takes the machine's cargo lock once per batch, not once
/// per crate), all in the target folder the shared-spec sweep uses. The sampled crates are
/// the members of one workspace (`crates/Cargo.toml`), so a batch is one cargo run over
/// several of them (`-p`, `--keep-going`); messages are told apart by package, and each
/// crate's time is cargo's own (`--timings`).
fn build_sample(outcomes: &mut [Outcome], crates: &Path, batch: usize) -> Result<()> {
    let target = xtask::conformance_workspace().target_dir();
    let target_dir = target.to_str().context("target path is not UTF-8")?.to_owned();
    let sampled: Vec<usize> = (0..outcomes.len()).filter(|&i| outcomes[i].crate_dir.is_some()).collect();
    if sampled.is_empty() {
        return Ok(());
    }
    let members: Vec<String> = sampled.iter().map(|&i| crate_name(&outcomes[i].doc)).collect();
    let manifest = crates.join("Cargo.toml");
    let mut text = String::from(
        "# Written by `cargo xtask sweep --directory`: the sampled crates, built together.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for m in &members {
        text.push_str(&format!("    \"{m}\",\n"));
    }
    text.push_str("]\n");
    std::fs::write(&manifest, text).with_context(|| format!("cannot write {}", manifest.display()))?;
    xtask::copy_lock(crates)?;
    let manifest = manifest.to_str().context("crate path is not UTF-8")?.to_owned();
    let timings = target.join("cargo-timings/cargo-timing.html");
    let mut done = 0;
    for chunk in sampled.chunks(batch.max(1)) {
        let packages: Vec<String> = chunk.iter().map(|&i| crate_name(&outcomes[i].doc)).collect();
        let selection: Vec<&str> = packages.iter().flat_map(|p| ["-p", p.as_str()]).collect();
        let common = ["--quiet", "--message-format=json", "--keep-going", "--timings", "--manifest-path", &manifest];
        // The library alone: a generated crate has no tests, examples or `cfg(test)` code.
        let clippy: Vec<&str> = [&["clippy"][..], &common, &selection, &["--", "-D", "warnings"]].concat();
        let env = [("CARGO_TARGET_DIR", target_dir.as_str())];
        let mut clippy = cargo_batch("clippy", &clippy, &env, &packages, &timings)?;
        // rustdoc merges every crate already in target/doc into its search index: emptied
        // before each batch, it holds the batch's crates only.
        let docs = target.join("doc");
        if docs.exists() {
            std::fs::remove_dir_all(&docs).with_context(|| format!("cannot remove {}", docs.display()))?;
        }
        let doc: Vec<&str> = [&["doc", "--no-deps"][..], &common, &selection].concat();
        let env = [("CARGO_TARGET_DIR", target_dir.as_str()), ("RUSTDOCFLAGS", "-Dwarnings")];
        let mut doc = cargo_batch("rustdoc", &doc, &env, &packages, &timings)?;
        for (&i, package) in chunk.iter().zip(&packages) {
            let o = &mut outcomes[i];
            o.checks.extend(clippy.remove(package));
            o.checks.extend(doc.remove(package));
            done += 1;
            let line: Vec<String> = o
                .checks
                .iter()
                .map(|c| format!("{} {} {:.0} s", c.step, if c.passed { "ok" } else { "FAILED" }, c.time.as_secs_f64()))
                .collect();
            eprintln!("[build {done}/{}] {} ({} lines): {}", sampled.len(), o.doc, o.lines, line.join(", "));
            for c in o.checks.iter().filter_map(|c| c.first_error.as_ref()) {
                eprintln!("    {c}");
            }
        }
    }
    Ok(())
}

/// Run cargo over a batch of the sample's packages (the first `cargo` on PATH: the lock
/// wrapper where there is one) and read, per package, whether it passed, its first error,
/// the count of each error code and its time.
fn cargo_batch(
    step: &'static str,
    args: &[&str],
    env: &[(&str, &str)],
    packages: &[String],
    timings: &Path,
) -> Result<BTreeMap<String, Check>> {
    let started = Instant::now();
    let output = Command::new("cargo")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(repo_root())
        .output()
        .context("cannot run cargo")?;
    let elapsed = started.elapsed();
    let durations = unit_durations(timings);
    let mut checks: BTreeMap<String, Check> = packages
        .iter()
        .map(|p| {
            let time = durations.get(p).map_or(Duration::ZERO, |d| Duration::from_secs_f64(*d));
            (p.clone(), Check { step, passed: true, time, first_error: None, codes: BTreeMap::new() })
        })
        .collect();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let Some(check) = package_name(&message).and_then(|p| checks.get_mut(&p)) else { continue };
        let m = &message["message"];
        let Some(span) = m["spans"].as_array().and_then(|s| s.iter().find(|s| s["is_primary"] == true)) else {
            continue; // "aborting due to N previous errors"
        };
        check.passed = false;
        let code = m["code"]["code"].as_str().unwrap_or("error").to_owned();
        if check.first_error.is_none() {
            check.first_error = Some(format!(
                "{code}: {} ({}:{})",
                m["message"].as_str().unwrap_or_default(),
                span["file_name"].as_str().unwrap_or_default(),
                span["line_start"]
            ));
        }
        *check.codes.entry(code).or_default() += 1;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    // `error: could not compile `api-x` (lib) due to ...`, for a failure no message explained.
    for line in stderr.lines().filter(|l| l.starts_with("error")) {
        let named = packages.iter().find(|p| line.contains(&format!("`{p}`")));
        let Some(check) = named.and_then(|p| checks.get_mut(p)) else { continue };
        check.passed = false;
        if check.first_error.is_none() {
            check.first_error = Some(line.to_owned());
            *check.codes.entry("cargo".to_owned()).or_default() += 1;
        }
    }
    if !output.status.success() && checks.values().all(|c| c.passed) {
        // Not a compiler message: the manifest, the lock file, a dependency.
        let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("cargo failed without a message");
        for check in checks.values_mut() {
            check.passed = false;
            check.first_error = Some(first.to_owned());
            *check.codes.entry("cargo".to_owned()).or_default() += 1;
        }
    }
    if durations.is_empty() {
        // No timing report: the batch's time, shared.
        let share = elapsed / packages.len().max(1) as u32;
        checks.values_mut().for_each(|c| c.time = share);
    }
    Ok(checks)
}

/// The package a compiler message is about, from its id (`path+file:///…/api-x#0.1.0`, or
/// `…#api-x@0.1.0`, or the older `api-x 0.1.0 (path+file://…)`).
fn package_name(message: &Value) -> Option<String> {
    let id = message["package_id"].as_str()?;
    if let Some((path, fragment)) = id.rsplit_once('#') {
        return Some(match fragment.split_once('@') {
            Some((name, _)) => name.to_owned(),
            None => path.rsplit('/').next()?.to_owned(),
        });
    }
    id.split_whitespace().next().map(str::to_owned)
}

/// Seconds per package name from cargo's timing report (`--timings`): the `UNIT_DATA` of its
/// HTML page, summed over each package's units. Empty when there is none to read.
fn unit_durations(report: &Path) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let Ok(html) = std::fs::read_to_string(report) else { return out };
    let Some(at) = html.find("const UNIT_DATA = ") else { return out };
    let rest = &html[at + "const UNIT_DATA = ".len()..];
    let Some(Ok(Value::Array(units))) = serde_json::Deserializer::from_str(rest).into_iter::<Value>().next() else {
        return out;
    };
    for unit in units {
        if let (Some(name), Some(d)) = (unit["name"].as_str(), unit["duration"].as_f64()) {
            *out.entry(name.to_owned()).or_default() += d;
        }
    }
    out
}

/// The markdown report: totals, every refusal, the sample's builds and the causes of failure.
fn report(outcomes: &[Outcome], options: &Options, elapsed: Duration) -> String {
    use std::fmt::Write as _;
    let generated = outcomes.iter().filter(|o| o.generated).count();
    let with_warnings = outcomes.iter().filter(|o| !o.warnings.is_empty()).count();
    let warnings: usize = outcomes.iter().map(|o| o.warnings.len()).sum();
    let mut t = format!("# Directory sweep: {}\n\n", options.dir.display());
    let _ = writeln!(t, "| documents | generated | refused | panicked | with warnings | warnings | time |");
    let _ = writeln!(t, "|---:|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        t,
        "| {} | {generated} | {} | {} | {with_warnings} | {warnings} | {:.0} s |\n",
        outcomes.len(),
        outcomes.len() - generated,
        outcomes.iter().filter(|o| o.panicked).count(),
        elapsed.as_secs_f64()
    );
    let refused: Vec<&Outcome> = outcomes.iter().filter(|o| !o.generated).collect();
    if !refused.is_empty() {
        let _ = writeln!(t, "## Refused\n");
        for o in refused {
            let _ = writeln!(t, "- `{}`: {}", o.doc, one_line(o.refusal.as_deref().unwrap_or_default()));
        }
        t.push('\n');
    }
    let sampled: Vec<&Outcome> = outcomes.iter().filter(|o| !o.checks.is_empty()).collect();
    let sample_refused = sample_indices(outcomes.len(), options.sample, options.seed)
        .into_iter()
        .filter(|&i| !outcomes[i].generated)
        .count();
    let clean = sampled.iter().filter(|o| o.checks.iter().all(|c| c.passed)).count();
    let numbered: usize = sampled.iter().map(|o| o.numbered.len()).sum();
    let _ = writeln!(
        t,
        "## Sample of {} (seed {})\n\n{clean} of {} built crates clippy- and rustdoc-clean ({sample_refused} sampled documents not generated); {numbered} numbered names in the sample's public APIs.\n",
        options.sample.min(outcomes.len()),
        options.seed,
        sampled.len()
    );
    let _ =
        writeln!(t, "| document | operations | lines | warnings | numbered | gen | clippy | rustdoc | first error |");
    let _ = writeln!(t, "|---|---:|---:|---:|---:|---:|---|---|---|");
    for o in &sampled {
        let step = |name: &str| {
            o.checks.iter().find(|c| c.step == name).map_or("-".to_owned(), |c| {
                format!("{} {:.0} s", if c.passed { "ok" } else { "FAILED" }, c.time.as_secs_f64())
            })
        };
        let error = o.checks.iter().find_map(|c| c.first_error.as_deref()).unwrap_or_default();
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {:.1} s | {} | {} | {} |",
            o.doc,
            o.operations,
            o.lines,
            o.warnings.len(),
            o.numbered.len(),
            o.gen_time.as_secs_f64(),
            step("clippy"),
            step("rustdoc"),
            one_line(error).replace('|', "\\|")
        );
    }
    let mut causes: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for o in &sampled {
        for c in &o.checks {
            for (code, n) in &c.codes {
                let entry = causes.entry(code).or_default();
                entry.0 += n;
                entry.1.insert(&o.doc);
            }
        }
    }
    if !causes.is_empty() {
        let _ = writeln!(t, "\n## Causes of failure in the sample\n\n| code | errors | crates |\n|---|---:|---|");
        for (code, (n, docs)) in causes {
            let docs: Vec<&str> = docs.into_iter().collect();
            let _ = writeln!(t, "| {code} | {n} | {} |", docs.join(", "));
        }
    }
    t
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The JSON summary: totals, then one entry per document.
fn summary(outcomes: &[Outcome], options: &Options, generated_in: Duration, elapsed: Duration) -> Value {
    let documents: Vec<Value> = outcomes
        .iter()
        .map(|o| {
            let mut entry = json!({
                "document": o.doc,
                "bytes": o.bytes,
                "generated": o.generated,
                "warnings": o.warnings,
                "gen_seconds": round(o.gen_time),
            });
            if let Some(refusal) = &o.refusal {
                entry["refusal"] = json!(refusal);
                entry["panicked"] = json!(o.panicked);
            }
            if o.generated {
                entry["operations"] = json!(o.operations);
                entry["types"] = json!(o.types);
                entry["lines"] = json!(o.lines);
                entry["numbered_names"] = json!(o.numbered);
            }
            if o.crate_dir.is_some() {
                let checks: Vec<Value> = o
                    .checks
                    .iter()
                    .map(|c| {
                        json!({
                            "step": c.step,
                            "passed": c.passed,
                            "seconds": round(c.time),
                            "first_error": c.first_error,
                            "error_codes": c.codes,
                        })
                    })
                    .collect();
                entry["build"] = json!({
                    "clean": o.checks.iter().all(|c| c.passed),
                    "checks": checks,
                });
            }
            entry
        })
        .collect();
    let sampled = outcomes.iter().filter(|o| o.crate_dir.is_some());
    json!({
        "directory": options.dir,
        "seed": options.seed,
        "sample": options.sample.min(outcomes.len()),
        "documents_total": outcomes.len(),
        "generated": outcomes.iter().filter(|o| o.generated).count(),
        "panicked": outcomes.iter().filter(|o| o.panicked).count(),
        "sample_built": sampled.clone().count(),
        "sample_clean": sampled.clone().filter(|o| o.checks.iter().all(|c| c.passed)).count(),
        "sample_numbered_names": sampled.map(|o| o.numbered.len()).sum::<usize>(),
        "generation_seconds": round(generated_in),
        "total_seconds": round(elapsed),
        "documents": documents,
    })
}

fn round(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_picks_the_same_sample_and_another_seed_another() {
        let a = sample_indices(2639, 200, 26);
        assert_eq!(a.len(), 200);
        assert_eq!(a, sample_indices(2639, 200, 26));
        assert_ne!(a, sample_indices(2639, 200, 27));
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert_eq!(sample_indices(3, 10, 1), [0, 1, 2]);
    }

    #[test]
    fn crate_names_are_valid_and_apart() {
        assert_eq!(crate_name("amazonaws.com/ec2.json"), "api-amazonaws-com-ec2");
        assert_eq!(crate_name("1forge.com.json"), "api-1forge-com");
        let long = "microsoft.com/graph-beta-very-long-service-name-that-goes-on-and-on.json";
        let other = "microsoft.com/graph-beta-very-long-service-name-that-goes-on-and-off.json";
        assert!(crate_name(long).len() <= 56);
        assert_ne!(crate_name(long), crate_name(other));
    }

    #[test]
    fn messages_are_told_apart_by_package() {
        let id = |id: &str| json!({"package_id": id});
        assert_eq!(package_name(&id("path+file:///w/crates/api-x#0.1.0")).as_deref(), Some("api-x"));
        assert_eq!(package_name(&id("path+file:///w/crates/dir#api-y@0.1.0")).as_deref(), Some("api-y"));
        assert_eq!(package_name(&id("api-z 0.1.0 (path+file:///w/crates/api-z)")).as_deref(), Some("api-z"));
    }

    #[test]
    fn unit_times_are_read_from_the_timing_report() {
        let dir = std::env::temp_dir().join(format!("oagen-timings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let report = dir.join("cargo-timing.html");
        let html = r#"<script>const UNIT_DATA = [{"name": "api-x", "duration": 1.5}, {"name": "api-x", "duration": 0.5},
            {"name": "serde", "duration": 2.0}];
const CONCURRENCY_DATA = [];</script>"#;
        std::fs::write(&report, html).unwrap();
        let durations = unit_durations(&report);
        assert_eq!(durations.get("api-x"), Some(&2.0));
        assert_eq!(durations.get("serde"), Some(&2.0));
        assert!(unit_durations(&dir.join("missing.html")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_name_is_numbered_only_beside_its_stem() {
        let scope: BTreeSet<&str> = ["Message", "Message2", "Oauth2", "V1", "Object", "Object3", "Response"].into();
        assert!(numbered_beside("Message2", &scope));
        assert!(numbered_beside("Object3", &scope));
        assert!(!numbered_beside("Response404", &scope), "a status names itself");
        assert!(!numbered_beside("Oauth2", &scope), "no `Oauth` beside it");
        assert!(!numbered_beside("V1", &scope));
    }
}
