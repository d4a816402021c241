//! Tools around the generator, each reaching it only through `oagen`'s public door:
//!
//! - [`diff`]: what changed between two versions of a document, what it breaks for a client,
//!   and the semver bump of the generated Rust API;
//! - [`examples`]: the examples a document carries, as data;
//! - [`conformance`]: each example checked against the generated type it is an instance of;
//! - [`synthesize`]: valid instances of a schema, and an operation's event-stream transcript.

pub mod conformance;
pub mod diff;
pub mod examples;
pub mod synthesize;
