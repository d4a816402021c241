//! `cargo xtask diff`: every fixture pair in fixtures/diff (one change class each, or a
//! rewrite that must report nothing) gives the changes and severities expected of it; the
//! text report of all pairs and all three formats of a few are snapshotted; real documents
//! compared with themselves, and YAML with its JSON twin, report nothing.

use oagen_cli::commands::diff::{EXIT_ERROR, EXIT_FAIL_ON};
use oagen_tools::diff::{report, Bump, ChangeKind, Report, Severity};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new("fixtures/diff").join(name);
    (dir.join("old.yaml"), dir.join("new.yaml"))
}

fn diff(name: &str) -> Report {
    let (old, new) = fixture(name);
    oagen_tools::diff::diff(&old, &new).unwrap_or_else(|e| panic!("{name}: {e}"))
}

use Severity::{Breaking as B, Compatible as C, PotentiallyBreaking as P};

/// Each pair and the (kind, severity) of every change it must report, in report order.
const EXPECTED: &[(&str, &[(&str, Severity)])] = &[
    ("allof-later-part-wins", &[("const-changed", B)]),
    ("authentication-added", &[("authentication-added", B)]),
    ("const-changed", &[("const-changed", B)]),
    ("content-type-added", &[("content-type-added", C)]),
    ("content-type-removed", &[("content-type-removed", B)]),
    ("default-changed", &[("default-changed", P)]),
    ("discriminator-added", &[("discriminator-added", C)]),
    ("discriminator-added-member-changed", &[("discriminator-added", C), ("property-added-optional", C)]),
    ("discriminator-changed", &[("discriminator-changed", B)]),
    ("discriminator-removed", &[("discriminator-removed", P)]),
    ("format-changed", &[("format-changed", P)]),
    ("nested-union-variants-kept", &[("variant-added", C), ("variant-added", C)]),
    ("open-enum-wrapped-in-union", &[("variant-added", C)]),
    ("operation-added", &[("operation-added", C)]),
    ("operation-deprecated", &[("operation-deprecated", C)]),
    ("operation-id-changed", &[("operation-id-changed", P)]),
    ("operation-removed", &[("operation-removed", B)]),
    ("operation-undeprecated", &[("operation-undeprecated", C)]),
    ("parameter-added-optional", &[("parameter-added-optional", C)]),
    ("parameter-added-required", &[("parameter-added-required", B)]),
    ("parameter-became-optional", &[("parameter-became-optional", C)]),
    ("parameter-became-required", &[("parameter-became-required", B)]),
    ("parameter-location-changed", &[("parameter-location-changed", B)]),
    ("parameter-removed", &[("parameter-removed", P)]),
    ("parameter-type-changed", &[("type-changed", B)]),
    ("path-changed", &[("path-changed", B)]),
    ("path-level-parameter-changed", &[("constraint-tightened", B), ("constraint-tightened", B)]),
    ("path-parameter-renamed", &[("path-parameter-renamed", P)]),
    ("pattern-changed", &[("constraint-changed", P)]),
    ("property-deprecated", &[("deprecated", C)]),
    ("recursive-property-added", &[("property-added-optional", C)]),
    ("recursive-unions-variant-added", &[("variant-added", P), ("variant-added", C)]),
    ("ref-with-sibling-target-changed", &[("property-added-required", B)]),
    ("request-became-non-nullable", &[("became-non-nullable", B)]),
    ("request-body-added-optional", &[("request-body-added-optional", C)]),
    ("request-body-added-required", &[("request-body-added-required", B)]),
    ("request-body-became-optional", &[("request-body-became-optional", C)]),
    ("request-body-became-required", &[("request-body-became-required", B)]),
    ("request-body-removed", &[("request-body-removed", P)]),
    ("request-body-schema-added", &[("type-narrowed", B)]),
    ("request-constraint-loosened", &[("constraint-loosened", C)]),
    ("request-constraint-tightened", &[("constraint-tightened", B)]),
    ("request-contains-added", &[("constraint-tightened", B)]),
    ("request-enum-opened", &[("constraint-loosened", C)]),
    ("request-enum-value-added", &[("enum-value-added", C)]),
    ("request-enum-value-removed", &[("enum-value-removed", B)]),
    ("request-extensible-enum-value-removed", &[("enum-value-removed", B)]),
    ("request-known-value-removed", &[("known-value-removed", C)]),
    ("request-property-added-optional", &[("property-added-optional", C)]),
    ("request-property-added-required", &[("property-added-required", B)]),
    ("request-property-became-required", &[("property-became-required", B)]),
    ("request-property-removed", &[("property-removed", P)]),
    ("request-required-set-changed", &[("constraint-changed", P)]),
    ("request-required-set-loosened", &[("property-added-optional", C), ("property-became-optional", C)]),
    ("request-type-narrowed", &[("type-narrowed", B)]),
    ("request-type-widened", &[("type-widened", C)]),
    ("request-variant-added", &[("variant-added", C)]),
    ("response-added", &[("response-added", C)]),
    ("response-added-everywhere", &[("response-added", C), ("response-added", C), ("response-added", C)]),
    ("response-added-success", &[("response-added-success", P)]),
    ("response-became-nullable", &[("became-nullable", B)]),
    ("response-content-encoding-changed", &[("format-changed", P)]),
    ("response-enum-value-added", &[("enum-value-added", P)]),
    ("response-enum-value-removed", &[("enum-value-removed", C)]),
    ("response-header-added", &[("response-header-added", C)]),
    ("response-header-became-optional", &[("response-header-became-optional", B)]),
    ("response-header-became-required", &[("response-header-became-required", C)]),
    ("response-header-removed", &[("response-header-removed", B)]),
    ("response-header-type-changed", &[("type-changed", B)]),
    ("response-known-value-added", &[("known-value-added", C)]),
    ("response-property-added", &[("property-added-optional", C)]),
    ("response-property-became-optional", &[("property-became-optional", B)]),
    ("response-property-became-write-only", &[("property-removed", B)]),
    ("response-property-removed", &[("property-removed", B)]),
    ("response-removed", &[("response-removed", C)]),
    ("response-removed-success", &[("response-removed-success", B), ("response-added", C)]),
    ("response-type-widened", &[("type-widened", B)]),
    ("response-variant-added", &[("variant-added", P)]),
    ("response-variant-added-titled", &[("variant-added", P)]),
    ("response-variant-removed", &[("variant-removed", C)]),
    ("same-component-renamed", &[]),
    ("same-const-as-single-enum", &[]),
    ("same-nullable-3.0-vs-3.1", &[]),
    ("same-path-parameter-declared", &[]),
    ("same-recursion-unrolled", &[]),
    ("same-recursive-schema", &[]),
    ("same-ref-vs-inline", &[]),
    ("same-ref-with-type-sibling", &[]),
    ("security-requirement-added", &[("security-requirement-added", C); 3]),
    ("security-requirement-removed", &[("security-requirement-removed", B); 3]),
    ("security-scheme-added", &[("security-scheme-added", C)]),
    ("security-scheme-changed", &[("security-scheme-changed", B)]),
    ("security-scheme-removed", &[("security-scheme-removed", B)]),
    ("server-added", &[("server-added", C)]),
    ("server-removed", &[("server-removed", P)]),
    ("sse-event-added", &[("sse-event-added", P)]),
    ("sse-event-removed", &[("sse-event-removed", C)]),
    ("sse-event-renamed", &[("sse-event-renamed", B); 3]),
    ("type-changed", &[("type-changed", B)]),
    ("webhook-property-removed", &[("property-removed", B)]),
    ("webhook-renamed", &[("webhook-renamed", C)]),
];

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("fixtures/diff")
        .expect("fixtures/diff is readable")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_pair_reports_the_changes_expected_of_it() {
    let names = fixture_names();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, listed, "every fixture pair has an expectation, and every expectation a pair");
    let classes: std::collections::BTreeSet<&str> =
        EXPECTED.iter().flat_map(|(_, e)| e.iter().map(|(k, _)| *k)).collect();
    let uncovered: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.name()).filter(|k| !classes.contains(k)).collect();
    assert!(uncovered.is_empty(), "change kinds without a fixture pair: {uncovered:?}");
    let mut all = String::new();
    for (name, expected) in EXPECTED {
        let report = diff(name);
        let got: Vec<(&str, Severity)> = report.changes.iter().map(|c| (c.kind.name(), c.severity)).collect();
        assert_eq!(&got, expected, "{name}");
        match report.worst() {
            Some(Severity::Breaking) => assert_eq!(report.spec_bump, Bump::Major, "{name}"),
            Some(_) => assert_eq!(report.spec_bump, Bump::Minor, "{name}"),
            None => assert!(report.spec_bump <= Bump::Patch, "{name}"),
        }
        all.push_str(&format!("=== {name}\n{}\n", report::text(&report).replace('\\', "/")));
    }
    insta::assert_snapshot!("all_pairs_text", all);
}

/// Each false break found in the OpenAI specs (2025-04-29 to 2026-05-13), reduced to a pair:
/// the old differ reported a breaking change for each, the new union comparison none.
const FALSE_BREAKS: &[(&str, &str)] = &[
    ("nested-union-variants-kept", "EvalItem.content: members moved into nested, referenced unions"),
    ("open-enum-wrapped-in-union", "VoiceIdsOrCustomVoice: an open enum wrapped, by reference, in a wider union"),
    ("discriminator-added-member-changed", "ChatCompletionRequestMessage: a discriminator added, one member changed"),
    ("request-required-set-loosened", "CreateVectorStoreFileBatchRequest: `required: [file_ids]` to one of two"),
    ("request-enum-opened", "CreateImageRequest.size: a nullable enum opened to any string"),
];

#[test]
fn false_breaks_of_the_openai_specs_report_nothing_breaking() {
    for (name, what) in FALSE_BREAKS {
        let report = diff(name);
        let breaking: Vec<&str> =
            report.changes.iter().filter(|c| c.severity == B).map(|c| c.detail.as_str()).collect();
        assert!(breaking.is_empty(), "{name} ({what}): {breaking:?}");
        assert!(!report.changes.is_empty(), "{name}: the pair still changes something");
    }
}

#[test]
fn renames_are_one_line_each() {
    let details = |name: &str| -> Vec<(String, String)> {
        diff(name).changes.iter().map(|c| (c.kind.name().to_owned(), c.detail.clone())).collect()
    };
    let pair = |kind: &str, detail: &str| (kind.to_owned(), detail.to_owned());
    assert_eq!(
        details("path-parameter-renamed"),
        [pair("path-parameter-renamed", "path parameter `pet_id` renamed to `id`")]
    );
    assert_eq!(
        details("sse-event-renamed"),
        [
            pair("sse-event-renamed", "event `pet.created` renamed to `pet.added`"),
            pair("sse-event-renamed", "event `pet.fed` renamed to `pet.feed`"),
            pair("sse-event-renamed", "event `pet.sold` renamed to `pet.purchased`"),
        ]
    );
    assert_eq!(details("webhook-renamed"), [pair("webhook-renamed", "webhook `petAdopted` renamed to `pet_adopted`")]);
    // The Rust method takes a path parameter by position: the rename compiles.
    let report = diff("path-parameter-renamed");
    assert!(report.rust.changes.iter().all(|c| c.bump != Bump::Major), "{:#?}", report.rust.changes);
}

#[test]
fn people_read_breaking_changes_first_and_alike_changes_once() {
    let report = diff("response-added-everywhere");
    let text = report::text(&report);
    assert_eq!(text.matches("response 429 added").count(), 1, "{text}");
    assert!(text.contains("3 operations: POST /pets (createPet), GET /pets (listPets), GET /pets/{pet_id} (getPet)"));

    // Breaking before potentially breaking before compatible, in text and Markdown; the
    // Markdown opens with the breaking table.
    let report = diff("response-removed-success");
    let text = report::text(&report);
    let (b, c) = (text.find("-- breaking (1) --").unwrap(), text.find("-- compatible (1) --").unwrap());
    assert!(b < c, "{text}");
    let md = report::markdown(&report);
    let first_section = md.lines().find(|l| l.starts_with("### ")).unwrap();
    assert_eq!(first_section, "### Breaking changes (1)");
    assert!(md.find("| where | change | kind | why |").unwrap() < md.find("### Summary").unwrap());

    // `--only breaking` keeps the counts and the breaking changes.
    let view = report::View { only: Some(B) };
    let text = report::render_view(&report, report::Format::Text, view);
    assert!(text.contains("spec: 1 breaking, 0 potentially breaking, 1 compatible"), "{text}");
    assert!(text.contains("response 201 removed") && !text.contains("[response-added]"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&report::render_view(&report, report::Format::Json, view)).unwrap();
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["summary"]["compatible"], 1);
    assert_eq!(json["only"], "breaking");
}

#[test]
fn a_few_pairs_in_every_format() {
    for name in
        ["response-enum-value-added", "sse-event-added", "request-property-added-required", "response-added-everywhere"]
    {
        let report = diff(name);
        insta::assert_snapshot!(format!("{name}.txt"), report::text(&report));
        insta::assert_snapshot!(format!("{name}.md"), report::markdown(&report));
        insta::assert_snapshot!(format!("{name}.json"), report::json(&report));
        let json: serde_json::Value = serde_json::from_str(&report::json(&report)).expect("the JSON report parses");
        assert_eq!(json["changes"].as_array().map(Vec::len), Some(report.changes.len()), "{name}");
    }
}

#[test]
fn the_rust_layer_sees_what_the_spec_layer_does_not() {
    // A renamed component is no change on the wire, and a breaking one in Rust.
    let report = diff("same-component-renamed");
    assert!(report.changes.is_empty());
    assert_eq!(report.rust.bump, Bump::Major);
    let details: Vec<String> =
        report.rust.changes.iter().map(|c| format!("{} {}: {}", c.bump, c.item, c.detail)).collect();
    assert!(details.contains(&"major types::Pet: struct removed".to_owned()), "{details:#?}");
    assert!(details.contains(&"minor types::Animal: struct added".to_owned()), "{details:#?}");

    // A new optional response field is compatible on the wire and a new public field in Rust.
    let report = diff("response-property-added");
    assert_eq!(report.worst(), Some(Severity::Compatible));
    assert_eq!(report.rust.bump, Bump::Major);
    assert!(report
        .rust
        .changes
        .iter()
        .any(|c| c.item == "types::Pet" && c.detail.starts_with("field `owner: Option<String>` added")));

    // A new operation is a new method: minor.
    let report = diff("operation-added");
    assert_eq!(report.rust.bump, Bump::Minor);
    assert_eq!(report.rust.changes.len(), 1);
    assert_eq!(report.rust.changes[0].item, "Client::delete_pet");

    // The same document: nothing at all.
    let (old, _) = fixture("operation-added");
    let same = oagen_tools::diff::diff(&old, &old).unwrap();
    assert!(same.changes.is_empty() && same.rust.changes.is_empty());
    assert_eq!((same.spec_bump, same.rust.bump), (Bump::None, Bump::None));
}

/// `oagen diff ARGS` as the binary runs it: a usage error (which clap reports with exit code
/// 2) is [`EXIT_ERROR`] too.
fn run(args: &[&str]) -> u8 {
    use clap::Parser;
    use oagen_cli::args::{Cli, Command};
    match Cli::try_parse_from(["oagen", "diff"].iter().chain(args)) {
        Ok(Cli { command: Command::Diff(args) }) => oagen_cli::commands::diff::run(&args),
        Ok(other) => panic!("parsed as another command: {other:?}"),
        Err(_) => EXIT_ERROR,
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    let (old, new) = fixture("response-enum-value-added");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    assert_eq!(run(&[old, new]), 0);
    assert_eq!(run(&[old, new, "--fail-on", "breaking"]), 0, "potentially breaking only");
    assert_eq!(run(&[old, new, "--fail-on", "potentially-breaking"]), EXIT_FAIL_ON);
    let (old, new) = fixture("response-property-removed");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    assert_eq!(run(&[old, new, "--fail-on", "breaking", "--format", "json"]), EXIT_FAIL_ON);
    assert_eq!(run(&[old, "no/such/file.yaml"]), EXIT_ERROR);
    assert_eq!(run(&[old, new, "--format", "html"]), EXIT_ERROR);
    assert_eq!(run(&[old]), EXIT_ERROR);
    assert_eq!(run(&[old, new, "--only", "breaking", "--fail-on", "breaking"]), EXIT_FAIL_ON);
    assert_eq!(run(&[old, new, "--only", "compatible"]), EXIT_ERROR);
    assert_eq!(run(&[old, "fixtures/malformed/duplicate_yaml_key.yaml"]), EXIT_ERROR);
}

#[test]
fn a_bad_document_is_an_error_naming_the_file() {
    let (old, _) = fixture("server-added");
    for bad in ["fixtures/malformed/duplicate_yaml_key.yaml", "fixtures/malformed/dangling_ref.yaml"] {
        let bad = Path::new(bad);
        for (a, b) in [(old.as_path(), bad), (bad, old.as_path())] {
            let error = oagen_tools::diff::diff(a, b).expect_err("a malformed document is refused");
            assert_eq!(error.location.as_ref().map(|l| l.file.as_path()), Some(bad), "{error}");
            assert!(error.to_string().starts_with(&bad.display().to_string()), "{error}");
        }
    }
}

#[test]
fn a_side_can_be_a_git_revision_of_a_file() {
    // The fixture as committed in the first commit that has it, against the working copy.
    let path = "tests/fixtures/diff/server-added/new.yaml";
    let (_, new) = fixture("server-added");
    assert_eq!(run(&[&format!("HEAD:{path}"), new.to_str().unwrap(), "--fail-on", "potentially-breaking"]), 0);
    assert_eq!(run(&["no-such-revision-xyz:spec/openai.yaml", new.to_str().unwrap()]), EXIT_ERROR);
}

fn shared(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/openai").join(file)
}

#[test]
fn a_real_document_against_itself_and_against_its_json_twin_reports_nothing() {
    let yaml = shared("openapi.yaml");
    for other in [shared("openapi.yaml"), shared("openapi.json")] {
        let report = oagen_tools::diff::diff(&yaml, &other).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            report.changes.is_empty(),
            "{}: {:#?}",
            other.display(),
            &report.changes[..report.changes.len().min(5)]
        );
        assert!(report.rust.changes.is_empty(), "{}", other.display());
        assert_eq!((report.spec_bump, report.rust.bump), (Bump::None, Bump::None));
    }
}

/// The entries checked by hand against the two documents (quoted in the closing
/// note) stay as they were found.
#[test]
fn entries_checked_by_hand_against_the_openai_specs() {
    let has = |report: &Report, group: &str, kind: &str, severity: Severity, detail: &str| {
        report
            .changes
            .iter()
            .any(|c| c.group == group && c.kind.name() == kind && c.severity == severity && c.detail == detail)
    };
    let report = oagen_tools::diff::diff(&shared("openapi-2026-05-13.yaml"), &shared("openapi.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(has(
        &report,
        "POST /responses/compact (Compactconversation)",
        "content-type-removed",
        B,
        "content type `application/x-www-form-urlencoded` removed"
    ));
    assert!(has(&report, "schema AdminApiKey", "property-added-required", C, "property `expires_at` added (required)"));
    assert!(has(
        &report,
        "schema FunctionToolCallOutputResource",
        "property-became-optional",
        B,
        "property `call_id` is now optional"
    ));
    assert!(has(
        &report,
        "schema ResponseStreamEvent",
        "sse-event-added",
        P,
        "event `response.shell_call_command.added` added"
    ));
    let rust = |item: &str, detail: &str| report.rust.changes.iter().any(|c| c.item == item && c.detail == detail);
    assert!(rust("types::FunctionToolCallOutputResource", "field `call_id`: String → Option<String>"));
    assert_eq!((report.spec_bump, report.rust.bump), (Bump::Major, Bump::Major));

    let report = oagen_tools::diff::diff(&shared("openapi-2025-04-29.yaml"), &shared("openapi-2026-05-13.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let group = "POST /organization/admin_api_keys (admin-api-keys-create)";
    assert!(has(&report, group, "security-requirement-removed", B, "`ApiKeyAuth` no longer accepted"));
    assert!(has(&report, group, "security-requirement-added", C, "`AdminApiKeyAuth` accepted"));
    // The false breaks of issue 28 are gone; the renames are one line each.
    for group in [
        "schema EvalItem",
        "schema VoiceIdsOrCustomVoice (was VoiceIdsShared)",
        "schema ChatCompletionRequestMessage",
        "schema CreateVectorStoreFileBatchRequest",
        "schema CreateImageRequest",
        "schema CreateImageEditRequest",
    ] {
        let breaking: Vec<&str> =
            report.changes.iter().filter(|c| c.group == group && c.severity == B).map(|c| c.detail.as_str()).collect();
        assert!(breaking.is_empty(), "{group}: {breaking:?}");
    }
    assert!(has(
        &report,
        "GET /organization/projects/{project_id}/api_keys/{api_key_id} (retrieve-project-api-key)",
        "path-parameter-renamed",
        P,
        "path parameter `key_id` renamed to `api_key_id`"
    ));
    assert!(has(
        &report,
        "schema ResponseStreamEvent",
        "sse-event-renamed",
        B,
        "event `response.code_interpreter_call.code.delta` renamed to `response.code_interpreter_call_code.delta`"
    ));
    // 2025-04-29 declared `cert_id` for the path's `{certificate_id}`: the same request.
    assert!(!report.changes.iter().any(|c| c.group.starts_with("GET /organization/certificates/{certificate_id}")
        && c.kind.name().contains("parameter-")));
}

/// The coverage table and the README's excerpt are what `cargo xtask docs` writes.
#[test]
fn the_coverage_table_and_the_readme_excerpt_are_up_to_date() {
    let stale = xtask::docs::stale().unwrap_or_else(|e| panic!("{e:#}"));
    assert!(stale.is_empty(), "stale: {stale:?}; run `cargo xtask docs`");
}
