//! The generated crate's `Client`: its defaults (base URL, security schemes, environment
//! variables, User-Agent) and constructors over `runtime::Client`.

use super::CrateOptions;
use crate::ir::{Api, ClientSurface, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

/// How a credential of this kind travels, for docs: `sent as \`Authorization: Bearer\``.
pub fn how_sent(kind: &SecurityKind) -> String {
    match kind {
        SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
            "a token, sent as `Authorization: Bearer`".to_owned()
        }
        SecurityKind::Basic => {
            "`user:password`, sent as `Authorization: Basic` (base64-encoded by the client)".to_owned()
        }
        SecurityKind::ApiKeyHeader(name) => format!("a key, sent in the {} header", super::docs::code_span(name)),
        SecurityKind::ApiKeyQuery(name) => {
            format!("a key, sent as the {} query parameter", super::docs::code_span(name))
        }
        SecurityKind::ApiKeyCookie(name) => format!("a key, sent as the {} cookie", super::docs::code_span(name)),
    }
}

pub fn client_file(api: &Api, surface: &ClientSurface, options: &CrateOptions) -> TokenStream {
    let env = &surface.env;
    let schemes = &surface.schemes;
    let scheme_items = schemes.iter().map(|s| {
        let key = &s.key;
        let kind = match &s.kind {
            SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
                quote!(runtime::StaticAuthKind::Bearer)
            }
            SecurityKind::Basic => quote!(runtime::StaticAuthKind::Basic),
            SecurityKind::ApiKeyHeader(n) => quote!(runtime::StaticAuthKind::Header(#n)),
            SecurityKind::ApiKeyQuery(n) => quote!(runtime::StaticAuthKind::Query(#n)),
            SecurityKind::ApiKeyCookie(n) => quote!(runtime::StaticAuthKind::Cookie(#n)),
        };
        quote!(runtime::AuthScheme { key: #key, kind: #kind },)
    });
    let base = &surface.base_url;
    let default_headers = options.client.headers.iter().map(|(n, v)| quote!((#n, #v),));
    let default_query = options.client.query.iter().map(|(n, v)| quote!((#n, #v),));
    let base_var = &env.base_url;
    let credential_required = surface.credential_required && !env.credentials.is_empty();
    let creds = env.credentials.iter().map(|(k, v)| quote!((#k, #v),));
    let headers = env.headers.iter().map(|(v, h)| quote!((#v, #h),));
    let env_doc = {
        let span = super::docs::code_span;
        let mut lines = vec![format!("- {}: the base URL (default {})", span(&env.base_url), span(base))];
        for (k, v) in &env.credentials {
            let how = schemes.iter().find(|s| s.key == *k).map(|s| format!(": {}", how_sent(&s.kind)));
            lines.push(format!(
                "- {}: the credential of security scheme {}{}",
                span(v),
                span(k),
                how.unwrap_or_default()
            ));
        }
        for (v, h) in &env.headers {
            lines.push(format!("- {}: sent as the {} header", span(v), span(h)));
        }
        lines.join("\n")
    };
    let client_doc = format!(
        "A client of {}.\n\n`Client::from_env()` reads:\n\n{env_doc}\n\nEvery operation is a method; each returns a \
         [`runtime::Call`] to `.await` (after setting per-request options if needed).",
        api.title
    );
    let client_doc = super::docs::doc_attrs(Some(&client_doc));
    let from_env_doc = match env.credentials.iter().map(|(_, v)| super::docs::code_span(v)).collect::<Vec<_>>() {
        vars if credential_required => format!(
            " A client configured from the environment (see [`ENV`]). Every operation needs a credential: \
             when {}, this is [`runtime::Error::MissingCredential`] (use [`Client::new`] or \
             [`Client::builder`] to give one otherwise).",
            match vars.as_slice() {
                [one] => format!("{one} is not set"),
                many => format!("none of {} is set", many.join(", ")),
            }
        ),
        _ => " A client configured from the environment (see [`ENV`]).".to_owned(),
    };
    // Written here, links included: `doc_attrs` would escape the intra-doc links.
    let from_env_doc = quote!(#[doc = #from_env_doc]);
    let scheme_enum = scheme_enum(schemes);
    let header_setters = surface.header_setters.iter().map(header_setter);
    quote! {
        //! The client: configuration, constructors, and (in `operations`) one method per operation.

        /// The base URL used unless configured otherwise.
        pub const DEFAULT_BASE_URL: &str = #base;

        /// The security schemes of the API, the one most operations use first.
        pub const AUTH_SCHEMES: &[runtime::AuthScheme] = &[#(#scheme_items)*];

        /// The environment variables [`Client::from_env`] reads.
        pub const ENV: runtime::EnvSpec = runtime::EnvSpec {
            base_url: #base_var,
            credentials: &[#(#creds)*],
            headers: &[#(#headers)*],
            credential_required: #credential_required,
        };

        /// Headers sent with every request (name, value).
        pub const DEFAULT_HEADERS: &[(&str, &str)] = &[#(#default_headers)*];

        /// Query parameters sent with every request (name, value).
        pub const DEFAULT_QUERY: &[(&str, &str)] = &[#(#default_query)*];

        /// Sent as `User-Agent`.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), " (rust)");

        #scheme_enum

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) core: runtime::Client,
        }

        impl Client {
            /// A configuration builder with this API's defaults.
            pub fn builder() -> runtime::ConfigBuilder {
                let builder = runtime::ConfigBuilder::new(DEFAULT_BASE_URL, AUTH_SCHEMES, USER_AGENT);
                let builder = DEFAULT_HEADERS.iter().fold(builder, |b, (name, value)| b.default_header(name, value));
                DEFAULT_QUERY.iter().fold(builder, |b, (name, value)| b.default_query(name, value))
            }

            #from_env_doc
            pub fn from_env() -> Result<Self, runtime::Error> {
                Self::with_config(Self::builder().from_env(&ENV).build()?)
            }

            /// A client with this API key, other settings from the environment.
            pub fn new(api_key: impl Into<runtime::Secret>) -> Result<Self, runtime::Error> {
                Self::with_config(Self::builder().from_env(&ENV).api_key(api_key).build()?)
            }

            /// A client with a configuration built by [`Client::builder`].
            pub fn with_config(config: runtime::Config) -> Result<Self, runtime::Error> {
                Ok(Client { core: runtime::Client::new(config)? })
            }

            /// The runtime client underneath, for requests the document does not describe.
            pub fn core(&self) -> &runtime::Client {
                &self.core
            }

            /// A client whose every call starts from these options (on top of this client's):
            /// a header for one tenant, a shorter timeout, more retries. It shares this
            /// client's connections.
            pub fn with_options(&self, options: runtime::RequestOptions) -> Self {
                Client { core: self.core.with_options(options) }
            }

            #(#header_setters)*
        }
    }
}

/// The client module's items the crate root re-exports.
pub fn client_exports(api: &Api) -> TokenStream {
    let scheme = (!api.security_schemes.is_empty()).then(|| quote!(Scheme,));
    quote!(pub use client::{Client, #scheme AUTH_SCHEMES, DEFAULT_BASE_URL, DEFAULT_HEADERS, DEFAULT_QUERY, ENV, USER_AGENT};)
}

/// The security schemes as an enum, so a credential's scheme is chosen by a name the compiler
/// checks (`ConfigBuilder::credential(Scheme::AdminApiKeyAuth, key)`).
fn scheme_enum(schemes: &[crate::ir::SecurityScheme]) -> TokenStream {
    if schemes.is_empty() {
        return TokenStream::new();
    }
    let variants = schemes.iter().map(|s| {
        let name = super::typeref::ident(&s.variant);
        let key = super::docs::code_span(&s.key);
        let doc = format!("{key}{}", s.description.as_deref().map(|d| format!(": {d}")).unwrap_or_default());
        let doc = super::docs::doc_attrs(Some(&doc));
        quote!(#doc #name,)
    });
    let keys = schemes.iter().map(|s| {
        let (name, key) = (super::typeref::ident(&s.variant), &s.key);
        quote!(Scheme::#name => #key,)
    });
    quote! {
        /// A security scheme of the API, for [`runtime::ConfigBuilder::credential`] and
        /// [`runtime::ConfigBuilder::auth_kind`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Scheme {
            #(#variants)*
        }

        impl AsRef<str> for Scheme {
            fn as_ref(&self) -> &str {
                match self {
                    #(#keys)*
                }
            }
        }
    }
}

/// `client.organization(id)`: a client that sends the header on every call.
fn header_setter(setter: &crate::ir::HeaderSetter) -> TokenStream {
    let crate::ir::HeaderSetter { method, var, header } = setter;
    let method = super::typeref::ident(method);
    let doc = super::docs::doc_attrs(Some(&format!(
        "A client that sends {} with this value on every call (what {} sets for [`Client::from_env`]).",
        super::docs::code_span(header),
        super::docs::code_span(var)
    )));
    quote! {
        #doc
        pub fn #method(&self, value: impl Into<String>) -> Self {
            let mut options = runtime::RequestOptions::default();
            options.extra_headers.push((#header.to_owned(), value.into()));
            self.with_options(options)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_client_defines_exactly_the_reserved_methods() {
        let doc = r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
        let source = crate::Source::parse(std::path::Path::new("t.json"), doc.to_owned()).unwrap();
        let api = crate::Spec::from_source(source).unwrap().lower().unwrap();
        let files = crate::emit(&api, &crate::CrateOptions::default()).unwrap();
        let file: syn::File = syn::parse_str(&files[std::path::Path::new("src/client.rs")]).unwrap();
        let mut methods: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(i) if i.trait_.is_none() => Some(&i.items),
                _ => None,
            })
            .flatten()
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        methods.sort();
        let mut reserved = crate::ir::CLIENT_METHODS.to_vec();
        reserved.sort();
        assert_eq!(methods, reserved);
    }
}
