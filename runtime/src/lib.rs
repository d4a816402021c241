//! The runtime that generated clients depend on: what generated code needs and should not
//! repeat in every crate.
//!
//! This first part holds the serde helpers that keep the generated types faithful to the
//! wire (absent vs `null`, strings that borrow when they can) and [`Binary`], the type of
//! `format: binary` values.

#![deny(missing_docs)]

mod binary;
pub mod serde;

pub use binary::Binary;
