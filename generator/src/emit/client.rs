//! The generated crate's `Client`: its defaults (base URL, security schemes, environment
//! variables, User-Agent) and constructors over `runtime::Client`.

use super::CrateOptions;
use crate::ir::{Api, SecurityKind};
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

/// Environment variables of a generated crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvOptions {
    /// Holds a base URL that replaces the default.
    pub base_url: String,
    /// Security scheme key to the variable holding its credential.
    pub credentials: Vec<(String, String)>,
    /// Variable to the header its value is sent in.
    pub headers: Vec<(String, String)>,
}

impl EnvOptions {
    /// `PREFIX_BASE_URL`, and one variable per security scheme, each its own: `PREFIX_API_KEY`
    /// for the main scheme (the one named an API key, else the one most operations use;
    /// unless it is HTTP basic), `PREFIX_<SCHEME>` for the others, named by their keys
    /// (`bearerAuth` → `PREFIX_BEARER`, `OAuth2` → `PREFIX_OAUTH2`); two alike are numbered.
    pub fn derived(api: &Api, prefix: &str) -> EnvOptions {
        let base_url = format!("{prefix}_BASE_URL");
        let mut taken = std::collections::HashSet::from([base_url.clone()]);
        let credentials = schemes_by_use(api)
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let words =
                    if i == 0 && s.kind != SecurityKind::Basic { "API_KEY".to_owned() } else { scheme_words(&s.key) };
                let wanted = format!("{prefix}_{words}");
                let mut var = wanted.clone();
                for n in 2.. {
                    if taken.insert(var.clone()) {
                        break;
                    }
                    var = format!("{wanted}_{n}");
                }
                (s.key.clone(), var)
            })
            .collect();
        EnvOptions { base_url, credentials, headers: Vec::new() }
    }
}

/// A security scheme's key as the words of a variable name: SCREAMING_SNAKE_CASE, ASCII,
/// `OAuth` one word, and the filler words of scheme names (`auth`, `scheme`, `security`)
/// dropped when others remain: `ApiKeyAuth` → `API_KEY`, `OAuth2` → `OAUTH2`.
pub fn scheme_words(key: &str) -> String {
    const FILLER: [&str; 5] = ["AUTH", "AUTHENTICATION", "AUTHORIZATION", "SCHEME", "SECURITY"];
    let key = key.replace("OAuth", "Oauth").replace("oAuth", "oauth");
    let shouty = key.to_shouty_snake_case();
    let words: Vec<&str> =
        shouty.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty() && w.is_ascii()).collect();
    let kept: Vec<&str> = words.iter().copied().filter(|w| !FILLER.contains(w)).collect();
    let words = if kept.is_empty() { words } else { kept };
    match words.join("_") {
        joined if joined.is_empty() || joined.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("CREDENTIAL{}", if joined.is_empty() { String::new() } else { format!("_{joined}") })
        }
        joined => joined,
    }
}

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

/// The variable prefix: the API's own short name as its title gives it (`OpenAI API` →
/// `OPENAI`, `Stripe API` → `STRIPE`), which is how vendors name their variables; else the
/// crate name without a `-client`-like suffix (`petstore-client` → `PETSTORE`).
pub fn env_prefix(title: &str, crate_name: &str) -> String {
    let words = super::package::title_words(title);
    if (1..=2).contains(&words.len()) && words[0].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return words.iter().map(|w| w.to_ascii_uppercase()).collect::<Vec<_>>().join("_");
    }
    let base = ["-client", "-sdk", "-rs", "-api"]
        .iter()
        .find_map(|suffix| crate_name.strip_suffix(suffix))
        .unwrap_or(crate_name);
    base.to_shouty_snake_case()
}

/// The crate's environment variables: as configured, or derived from the API's name.
pub fn env_options(api: &Api, options: &CrateOptions) -> EnvOptions {
    options.env.clone().unwrap_or_else(|| EnvOptions::derived(api, &env_prefix(&api.title, &options.name)))
}

/// The default base URL: as configured, or the first server's, if absolute.
pub fn base_url(api: &Api, options: &CrateOptions) -> String {
    if let Some(url) = &options.client.base_url {
        return url.trim_end_matches('/').to_owned();
    }
    api.servers
        .iter()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
        .unwrap_or_else(|| "http://localhost".to_owned())
}

/// The security schemes, the main one first: the one named an API key (`ApiKey`, `api_key`,
/// `ApiKeyAuth`) if there is one, else the one most operations use; then by use. `api_key()`,
/// `Client::new` and `PREFIX_API_KEY` set the main one.
pub fn schemes_by_use(api: &Api) -> Vec<&crate::ir::SecurityScheme> {
    let mut schemes: Vec<&crate::ir::SecurityScheme> = api.security_schemes.iter().collect();
    let uses = api.operations.iter().filter_map(|o| o.security.first().and_then(|a| a.first())).fold(
        std::collections::BTreeMap::<&str, usize>::new(),
        |mut m, k| {
            *m.entry(k.as_str()).or_default() += 1;
            m
        },
    );
    schemes.sort_by_key(|s| std::cmp::Reverse(uses.get(s.key.as_str()).copied().unwrap_or(0)));
    // A user holding "the API key" sets the variable and the method of that name: the scheme
    // called so is the one they reach, not a bearer scheme more operations list first.
    if let Some(i) = schemes.iter().position(|s| scheme_words(&s.key) == "API_KEY") {
        let named = schemes.remove(i);
        schemes.insert(0, named);
    }
    schemes
}

pub fn client_file(api: &Api, options: &CrateOptions) -> TokenStream {
    let env = env_options(api, options);
    let schemes = schemes_by_use(api);
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
    let base = base_url(api, options);
    let default_headers = options.client.headers.iter().map(|(n, v)| quote!((#n, #v),));
    let default_query = options.client.query.iter().map(|(n, v)| quote!((#n, #v),));
    let base_var = &env.base_url;
    let creds = env.credentials.iter().map(|(k, v)| quote!((#k, #v),));
    let headers = env.headers.iter().map(|(v, h)| quote!((#v, #h),));
    let env_doc = {
        let mut lines = vec![format!("- `{}`: the base URL (default `{base}`)", env.base_url)];
        for (k, v) in &env.credentials {
            let how = schemes.iter().find(|s| s.key == *k).map(|s| format!(": {}", how_sent(&s.kind)));
            lines.push(format!("- `{v}`: the credential of security scheme `{k}`{}", how.unwrap_or_default()));
        }
        for (v, h) in &env.headers {
            lines.push(format!("- `{v}`: sent as the `{h}` header"));
        }
        lines.join("\n")
    };
    let client_doc = format!(
        "A client of {}.\n\n`Client::from_env()` reads:\n\n{env_doc}\n\nEvery operation is a method; each returns a \
         [`runtime::Call`] to `.await` (after setting per-request options if needed).",
        api.title
    );
    let client_doc = super::docs::doc_attrs(Some(&client_doc));
    let scheme_enum = scheme_enum(&schemes);
    let header_setters = header_setters(api, options, &env);
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

            /// A client configured from the environment (see [`ENV`]).
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
fn scheme_enum(schemes: &[&crate::ir::SecurityScheme]) -> TokenStream {
    if schemes.is_empty() {
        return TokenStream::new();
    }
    let variants = schemes.iter().map(|s| {
        let name = super::typeref::ident(&s.variant);
        let doc = format!("`{}`{}", s.key, s.description.as_deref().map(|d| format!(": {d}")).unwrap_or_default());
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

/// One method per header of the environment (`OPENAI_ORG_ID` → `OpenAI-Organization` gives
/// `client.organization(id)`), unless an operation took the name.
fn header_setters(api: &Api, options: &CrateOptions, env: &EnvOptions) -> Vec<TokenStream> {
    let prefix = env_prefix(&api.title, &options.name);
    let mut taken: std::collections::BTreeSet<String> =
        crate::ir::CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    taken.extend(api.operations.iter().map(|o| o.method_name.to_string()));
    let mut setters = Vec::new();
    for (var, header) in &env.headers {
        let name = crate::lower::naming::header_setter_name(header, &prefix);
        if !taken.insert(name.clone()) {
            continue;
        }
        let method = super::typeref::ident(&name);
        let doc = super::docs::doc_attrs(Some(&format!(
            "A client that sends `{header}` with this value on every call (what `{var}` sets for [`Client::from_env`])."
        )));
        setters.push(quote! {
            #doc
            pub fn #method(&self, value: impl Into<String>) -> Self {
                let mut options = runtime::RequestOptions::default();
                options.extra_headers.push((#header.to_owned(), value.into()));
                self.with_options(options)
            }
        });
    }
    setters
}

#[cfg(test)]
mod tests {
    use super::env_prefix;

    #[test]
    fn the_client_defines_exactly_the_reserved_methods() {
        let doc = r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
        let source = crate::Source::parse(std::path::Path::new("t.json"), doc.to_owned()).unwrap();
        let api = crate::Spec::from_source(source).unwrap().lower().unwrap();
        let file: syn::File = syn::parse2(super::client_file(&api, &crate::CrateOptions::default())).unwrap();
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

    #[test]
    fn variables_are_named_after_the_api() {
        assert_eq!(env_prefix("OpenAI API", "openai-full"), "OPENAI");
        assert_eq!(env_prefix("Stripe API", "x"), "STRIPE");
        assert_eq!(env_prefix("Swagger Petstore - OpenAPI 3.0", "petstore"), "SWAGGER_PETSTORE");
        assert_eq!(env_prefix("GitHub v3 REST API", "gh"), "GITHUB");
        // No short name in the title: the crate's name.
        assert_eq!(env_prefix("A very long title of some service", "acme-client"), "ACME");
        assert_eq!(env_prefix("", "acme-sdk"), "ACME");
    }
}
