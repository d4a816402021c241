//! Broken documents give an error naming the file, the JSON pointer and, where the source
//! can tell, line:column; never a panic. Messages are snapshotted. They are read strictly
//! (`--strict`): the default reading repairs some of them with warnings (see warnings.rs).

use std::path::Path;

#[test]
fn every_malformed_document_gives_a_located_error() {
    let dir = Path::new("fixtures/malformed");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "the corpus has {} documents", names.len());
    let mut report = String::new();
    for name in &names {
        let path = dir.join(name);
        // Strict: shared operationIds and Swagger 2 parameter locations are refused, not repaired.
        let strict = oagen::openapi::ReadOptions { strict: true };
        let result = std::panic::catch_unwind(|| oagen::Spec::load_with(&path, strict).and_then(|spec| spec.lower()));
        let error = match result {
            Ok(Ok(_)) => panic!("{name} was accepted"),
            Ok(Err(e)) => e,
            Err(_) => panic!("{name} made the generator panic"),
        };
        let location = error.location.as_ref().unwrap_or_else(|| panic!("{name}: no location in {error}"));
        assert_eq!(location.file, path, "{name}: the error names the file");
        let text = error.to_string();
        assert!(text.starts_with(&path.display().to_string()), "{name}: {text}");
        report.push_str(&format!("{name}\n    {text}\n"));
    }
    insta::assert_snapshot!("malformed", report);
}
