//! `generated/` and every variant crate are exactly what `cargo xtask gen` writes.

#[test]
fn generated_crate_is_up_to_date() {
    let root = xtask::repo_root();
    let (files, _, _) = xtask::project_job().files(None).unwrap_or_else(|e| panic!("{e:#}"));
    let drift = oagen::output::check(&root.join(xtask::GENERATED), &files).unwrap();
    assert!(
        drift.is_clean(),
        "generated/ is stale; run `cargo xtask gen`.\nstale: {:?}\nstray: {:?}",
        drift.stale,
        drift.stray
    );
}

#[test]
fn every_variant_crate_is_up_to_date() {
    let files = xtask::variant_files().unwrap();
    assert!(!files.is_empty(), "the worked variant is committed");
    for file in files {
        let variant = oagen::variant::Variant::read(&file).unwrap_or_else(|e| panic!("{e}"));
        let (files, _, _) =
            xtask::variant_job(&file).and_then(|job| job.files(None)).unwrap_or_else(|e| panic!("{e:#}"));
        let drift = oagen::output::check(&xtask::normalize(&variant.out_dir()), &files).unwrap();
        assert!(
            drift.is_clean(),
            "{} is stale; run `cargo xtask gen --variant {}`.\nstale: {:?}\nstray: {:?}",
            variant.out_dir().display(),
            variant.name(),
            drift.stale,
            drift.stray
        );
    }
}
