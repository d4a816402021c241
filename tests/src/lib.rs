//! End-to-end tests of the generator: the types of small fixture documents, generated at
//! build time, compiled here and exercised by the tests in `tests/`.

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
