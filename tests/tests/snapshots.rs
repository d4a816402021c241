//! The emitted code of each fixture document, one concern each, as insta snapshots.

use std::path::Path;

fn emitted(name: &str) -> String {
    let path = Path::new("fixtures/types").join(format!("{name}.yaml"));
    let api = oagen::Spec::load(&path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
    oagen::emit_types(&api).unwrap_or_else(|e| panic!("{e}"))
}

macro_rules! snapshot {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), emitted(stringify!($name)));
        }
    )*};
}

snapshot!(
    enum_unknown,
    discriminated_oneof,
    const_tagged_anyof,
    untagged_anyof,
    all_of,
    nullable_vs_optional,
    recursive,
    keyword_names,
    maps,
    open_string_union,
    ambiguous_union,
    webhook_events,
    webhook_events_untagged,
    polymorphic_base,
    all_of_union_object,
);

#[test]
fn output_is_byte_identical_on_a_second_run() {
    for name in ["discriminated_oneof", "keyword_names", "recursive"] {
        assert_eq!(emitted(name), emitted(name), "{name}");
    }
}
