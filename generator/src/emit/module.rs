//! The whole client as one Rust file, for a build script: `types`, `operations` and the
//! client inline, no cargo features, no crate attributes. It is included at the root of the
//! crate that builds it (`include!(concat!(env!("OUT_DIR"), "/api.rs"));` in `src/lib.rs`),
//! because generated code names its items `crate::types::…` and `crate::Client`, and that crate
//! depends on the runtime as `runtime` (with its `websocket` feature when the API declares
//! channels), and on `serde` and `serde_json`.

use super::{client, module_doc, operations, type_modules, type_tokens, typeref, CrateOptions};
use crate::error::Error;
use crate::ir::{Api, ClientSurface};
use crate::render;
use quote::quote;

/// Every item of the crate in one file.
pub fn emit_module(api: &Api, surface: &ClientSurface, options: &CrateOptions) -> Result<String, Error> {
    let client_exports = super::client::client_exports(api);
    let derivable = typeref::Derivable::compute(api);
    let type_mods = type_modules(api).into_iter().map(|(module, ids)| {
        let m = typeref::ident(&module);
        let doc = module_doc(api, &api.ty(ids[0]).module);
        let items = ids.iter().map(|id| type_tokens(api, *id, &derivable, None));
        quote! {
            pub mod #m {
                #doc
                #(#items)*
            }
            pub use #m::*;
        }
    });
    let mut emitted = operations::Emitted::default();
    let op_mods: Vec<_> = api
        .groups
        .iter()
        .filter_map(|group| {
            let items = operations::group_items(api, &group.module, &mut emitted);
            if items.is_empty() {
                return None;
            }
            let m = typeref::snake(&group.module);
            let export = operations::group_exports(api, &group.module).then(|| quote!(pub use #m::*;));
            Some(quote! {
                pub mod #m {
                    #(#items)*
                }
                #export
            })
        })
        .collect();
    let shared_errors = operations::shared_error_enums(api, false);
    let client = client::client_file(api, surface, options);
    // Channels need the runtime's `websocket` feature from the including crate.
    let channels = super::channels::channels_file(api, false).map(|items| {
        quote! {
            pub mod channels {
                #items
            }
        }
    });
    let tokens = quote! {
        /// The types of the API's requests, responses and events, one module per API group.
        pub mod types {
            #(#type_mods)*
        }
        /// Operations, one module per API group: methods of [`Client`], the parameter
        /// structs of operations with query or header parameters, and the enums of error
        /// bodies that differ by status.
        pub mod operations {
            #(#op_mods)*
            #(#shared_errors)*
        }
        mod client {
            #client
        }
        #channels
        #client_exports
        pub use runtime::{Call, Error, RequestOptions, Response};
    };
    render::rust_file(&render::header(&options.command, api), tokens)
}
