//! WebSocket channels to `src/channels.rs`: per channel, a method of `Client` that returns
//! its builder (required parameters as arguments, optional ones as setters, the client
//! secret and the session's options), and the session type, which sends the channel's
//! client union and is a stream of its server union (`runtime::websocket::Session`
//! underneath). The module is the crate's `websocket` feature; each channel also needs its
//! API group's feature.

use super::docs::doc_attrs;
use super::typeref::{ident, snake, type_tokens_in};
use crate::ir::{Api, Channel, ParamLocation, TypeRef};
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The items of `src/channels.rs`, or `None` when the API has no channel; with `gate`, each
/// channel behind its group's feature.
pub fn channels_file(api: &Api, gate: bool) -> Option<TokenStream> {
    if api.channels.is_empty() {
        return None;
    }
    let items = api.channels.iter().map(|ch| channel_items(api, ch, gate));
    Some(quote! {
        //! WebSocket channels: `Client` methods that open a session of each, and the session
        //! types. Sessions do not reconnect: one that ends stays ended (see
        //! [`runtime::websocket`]).
        #(#items)*
    })
}

fn ty(api: &Api, t: &TypeRef) -> TokenStream {
    type_tokens_in(api, t, None, false)
}

fn channel_items(api: &Api, ch: &Channel, gate: bool) -> TokenStream {
    let feature = ch.group.as_str();
    let gate = if gate { quote!(#[cfg(feature = #feature)]) } else { TokenStream::new() };
    let spec = format_ident!("{}", format!("{}_CHANNEL", ch.method_name.as_str()).to_shouty_snake_case());
    let method = snake(&ch.method_name);
    let builder = ident(&ch.builder_type);
    let session = ident(&ch.session_type);
    let (send, receive) = (ty(api, &ch.send), ty(api, &ch.receive));
    let name = &ch.name;
    let path = &ch.path;
    let tag = &ch.tag;
    let security = ch.security.iter().map(|alt| quote!(&[#(#alt),*]));
    let headers = ch.headers.iter().map(|(n, v)| quote!((#n, #v)));
    let (started, done, errors) = (&ch.response_started, &ch.response_done, &ch.errors);

    let set = |p: &crate::ir::Param, value: TokenStream| {
        let wire = &p.wire;
        match p.location {
            ParamLocation::Header => quote!(connect.header_param(#wire, &#value);),
            _ => quote!(connect.param(#wire, &#value);),
        }
    };
    let required: Vec<_> = ch.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let (n, t) = (snake(&p.name), ty(api, p.ty.non_null()));
        quote!(#n: impl Into<#t>)
    });
    let sets = required.iter().map(|p| {
        let (n, t) = (snake(&p.name), ty(api, p.ty.non_null()));
        let set = set(p, quote!(value));
        quote! { let value: #t = #n.into(); #set }
    });
    let binding = if required.is_empty() { quote!(let connect) } else { quote!(let mut connect) };
    let setters = ch.params.iter().filter(|p| !p.required).map(|p| {
        let (n, t) = (snake(&p.name), ty(api, p.ty.non_null()));
        let docs = doc_attrs(Some(p.doc.as_deref().unwrap_or("A parameter of the channel.")));
        let set = set(p, quote!(value));
        quote! {
            #docs
            pub fn #n(mut self, #n: impl Into<#t>) -> Self {
                let value: #t = #n.into();
                let connect = &mut self.connect;
                #set
                self
            }
        }
    });
    let client_secret = ch.client_secret.then(|| {
        quote! {
            /// Authenticate with this short-lived client secret instead of the client's
            /// credentials (a browser or app holds such a secret, never the API key).
            pub fn client_secret(mut self, secret: impl Into<runtime::Secret>) -> Self {
                self.connect.bearer(secret.into());
                self
            }
        }
    });

    let mut method_doc = String::new();
    for part in [&ch.summary, &ch.doc].into_iter().flatten() {
        if !method_doc.is_empty() {
            method_doc.push_str("\n\n");
        }
        method_doc.push_str(part.trim());
    }
    if !method_doc.is_empty() {
        method_doc.push_str("\n\n");
    }
    method_doc.push_str(&format!(
        "WebSocket channel `{name}` at `{path}` (after the base URL, `https` becoming `wss`). Set its parameters and options on the builder, then `connect().await` for a [`{0}`](crate::channels::{0}).",
        ch.session_type
    ));
    let method_doc = doc_attrs(Some(&method_doc));
    let builder_doc = doc_attrs(Some(&format!(
        "Opens a session of the `{name}` channel: from [`Client::{0}`](crate::Client::{0}).",
        ch.method_name
    )));
    let session_doc = doc_attrs(Some(&format!(
        "An open session of the `{name}` channel: `send` the client's messages, read the server's as a stream (`next().await`), `close` it when done. The methods of [`Session`](runtime::websocket::Session) apply (`turn`, `next_text`, `split`, ...). It does not reconnect."
    )));
    let must_use = format!("a `{name}` session opens only when `connect` is awaited");
    quote! {
        #gate
        static #spec: runtime::websocket::ChannelSpec = runtime::websocket::ChannelSpec {
            name: #name,
            path: #path,
            security: &[#(#security),*],
            headers: &[#(#headers),*],
            tag: #tag,
            response_started: &[#(#started),*],
            response_done: &[#(#done),*],
            errors: &[#(#errors),*],
        };

        #gate
        impl crate::Client {
            #method_doc
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                #binding = runtime::websocket::Connect::new(&self.core, &#spec);
                #(#sets)*
                #builder { connect }
            }
        }

        #gate
        #builder_doc
        #[derive(Debug)]
        #[must_use = #must_use]
        pub struct #builder<'a> {
            connect: runtime::websocket::Connect<'a>,
        }

        #gate
        impl #builder<'_> {
            #(#setters)*
            #client_secret

            /// The session's settings: extra headers, idle timeout, message size limit.
            pub fn options(mut self, options: runtime::websocket::WebSocketOptions) -> Self {
                self.connect.set_options(options);
                self
            }

            /// Open the session.
            pub async fn connect(self) -> Result<#session, runtime::Error> {
                self.connect.connect().await.map(#session)
            }
        }

        #gate
        #session_doc
        #[derive(Debug)]
        pub struct #session(runtime::websocket::Session<#send, #receive>);

        #gate
        impl #session {
            /// Close the session normally, waiting (at most 5 s) for the server to close too.
            pub async fn close(self) -> Result<(), runtime::Error> {
                self.0.close().await
            }

            /// The sending and the receiving half, for two tasks.
            pub fn split(self) -> (runtime::websocket::SessionSender<#send>, runtime::websocket::SessionEvents<#receive>) {
                self.0.split()
            }
        }

        #gate
        impl std::ops::Deref for #session {
            type Target = runtime::websocket::Session<#send, #receive>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        #gate
        impl std::ops::DerefMut for #session {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.0
            }
        }

        #gate
        impl runtime::futures::Stream for #session {
            type Item = Result<#receive, runtime::Error>;
            fn poll_next(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                runtime::futures::Stream::poll_next(std::pin::Pin::new(&mut self.get_mut().0), cx)
            }
        }
    }
}
