//! `#[derive(Wire)]`: the serde impls of a generated type, written from the wire contract
//! its declaration states. Used through `oagen-runtime` (`#[derive(runtime::Wire)]`), whose
//! helpers the expansion calls; see its `serde` module for how values are read.
//!
//! The expansion itself lives in `oagen-runtime-derive-expand`, which the generator also
//! calls to write these impls as source into crates that carry the runtime inside them; its
//! documentation lists every attribute.

use proc_macro::TokenStream;

/// The serde impls of a generated type; see `oagen-runtime-derive-expand` for the attributes.
#[proc_macro_derive(Wire, attributes(wire))]
pub fn derive_wire(input: TokenStream) -> TokenStream {
    oagen_runtime_derive_expand::derive(input.into()).into()
}
