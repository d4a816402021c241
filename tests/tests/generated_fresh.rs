//! `generated/` is exactly what `cargo xtask gen` writes from `spec/`.

#[test]
fn generated_crate_is_up_to_date() {
    let root = xtask::repo_root();
    let (files, _) = generator::generate(&root.join(xtask::SPEC), &xtask::project_options())
        .unwrap_or_else(|e| panic!("{e}"));
    let drift = generator::output::check(&root.join(xtask::GENERATED), &files).unwrap();
    assert!(
        drift.is_clean(),
        "generated/ is stale; run `cargo xtask gen`.\nstale: {:?}\nstray: {:?}",
        drift.stale,
        drift.stray
    );
}
