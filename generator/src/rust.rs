//! The door for tools that write Rust against a generated crate (the conformance harness):
//! how a use of a type is spelled from outside the crate, and a token stream printed as a
//! formatted file. Both are the emitter's own, so a harness names types exactly as the
//! crate defines them.

use crate::error::Error;
use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;

/// The type `ty` as spelled from outside the crate, through the crate's `types` module
/// (`types::CreateChatCompletionRequest`, `Vec<types::Model>`).
pub fn type_path(api: &Api, ty: &TypeRef) -> TokenStream {
    crate::emit::typeref::type_tokens_in(api, ty, None, false)
}

/// Tokens parsed, formatted with prettyplease, and prefixed with `header` (a comment line, or
/// nothing).
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, Error> {
    crate::render::rust_file(header, tokens)
}
