//! Client configuration: from a builder, from the environment, or both.

use crate::auth::{AuthKind, AuthScheme, Credential, TokenProvider};
use crate::body::DEFAULT_MAX_RESPONSE_SIZE;
use crate::error::Error;
use crate::secret::Secret;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// Which environment variables a generated crate reads, and what for.
#[derive(Debug, Clone, Copy)]
pub struct EnvSpec {
    /// Overrides the base URL (`OPENAI_BASE_URL`).
    pub base_url: &'static str,
    /// Security scheme key to the variable holding its credential
    /// (`ApiKeyAuth` → `OPENAI_API_KEY`, `AdminApiKeyAuth` → `OPENAI_ADMIN_KEY`).
    pub credentials: &'static [(&'static str, &'static str)],
    /// Variable to the header its value is sent in (`OPENAI_ORG_ID` → `OpenAI-Organization`).
    pub headers: &'static [(&'static str, &'static str)],
    /// Every operation needs a credential: a configuration read with
    /// [`ConfigBuilder::from_env`] that ends up with none is [`Error::MissingCredential`]
    /// when built, instead of a client whose every call would fail. `false` when some
    /// operation may be called without one (its document lists an empty requirement `{}`).
    pub credential_required: bool,
}

/// Everything a [`crate::Client`] needs; build it with [`ConfigBuilder`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) base_url: String,
    /// Scheme key to how it is sent and the credential, if one was given.
    pub(crate) auth: BTreeMap<String, (AuthKind, Option<Credential>)>,
    /// No credential is sent, and none is needed.
    pub(crate) no_auth: bool,
    /// The client built from the caller's [`reqwest::ClientBuilder`], with the runtime's
    /// redirect policy and no `Referer`.
    pub(crate) http: Option<reqwest::Client>,
    /// The scheme [`ConfigBuilder::api_key`] sets: the first the crate lists.
    pub(crate) primary_scheme: String,
    pub(crate) default_headers: HeaderMap,
    pub(crate) default_query: Vec<(String, String)>,
    pub(crate) timeout: Duration,
    /// The longest silence within an event stream; by default the request's timeout.
    pub(crate) stream_idle_timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) max_retry_after: Duration,
    /// How streams of operations that resume by default are resumed.
    pub(crate) stream_resume: crate::ResumePolicy,
    pub(crate) max_response_size: usize,
    pub(crate) user_agent: String,
}

/// Builds a [`Config`]. Defaults: 600 s per attempt (for event streams: to the headers,
/// then 600 s per read), 10 s to connect, 2 retries, success bodies up to
/// [`DEFAULT_MAX_RESPONSE_SIZE`] (256 MiB) read into memory.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
    errors: Vec<String>,
    /// The credential variables [`ConfigBuilder::from_env`] read, when the API needs one of
    /// them: [`ConfigBuilder::build`] names them if no credential was set at all.
    required_credential: Option<Vec<&'static str>>,
}

impl ConfigBuilder {
    /// Start from a crate's defaults: its base URL, security schemes and User-Agent.
    pub fn new(base_url: &str, schemes: &[AuthScheme], user_agent: &str) -> Self {
        let auth = schemes.iter().map(|s| (s.key.to_owned(), (AuthKind::from(s.kind), None))).collect();
        ConfigBuilder {
            config: Config {
                base_url: base_url.trim_end_matches('/').to_owned(),
                auth,
                no_auth: false,
                http: None,
                primary_scheme: schemes.first().map_or_else(|| "default".to_owned(), |s| s.key.to_owned()),
                default_headers: HeaderMap::new(),
                default_query: Vec::new(),
                timeout: Duration::from_secs(600),
                stream_idle_timeout: None,
                connect_timeout: Duration::from_secs(10),
                max_retries: 2,
                max_retry_after: Duration::from_secs(120),
                stream_resume: crate::ResumePolicy::default(),
                max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
                user_agent: user_agent.to_owned(),
            },
            errors: Vec::new(),
            required_credential: None,
        }
    }

    /// Read the variables `env` names; unset or empty variables change nothing. Where every
    /// operation needs a credential ([`EnvSpec::credential_required`]), [`ConfigBuilder::build`]
    /// then fails with [`Error::MissingCredential`] unless a credential was read or set
    /// ([`ConfigBuilder::api_key`], [`ConfigBuilder::credential`], a token provider) or
    /// [`ConfigBuilder::no_auth`] was called.
    pub fn from_env(self, env: &EnvSpec) -> Self {
        self.from_env_with(env, |name| std::env::var(name).ok())
    }

    /// [`ConfigBuilder::from_env`] with the variables looked up by `lookup` instead of in the
    /// process environment: for a configuration kept elsewhere (a secrets file, a test).
    ///
    /// ```
    /// # use oagen_runtime::{ConfigBuilder, EnvSpec, Error};
    /// const ENV: EnvSpec = EnvSpec {
    ///     base_url: "ACME_BASE_URL",
    ///     credentials: &[("ApiKey", "ACME_API_KEY")],
    ///     headers: &[],
    ///     credential_required: true,
    /// };
    /// let builder = ConfigBuilder::new("https://api.acme.test", &[], "ua");
    /// let err = builder.from_env_with(&ENV, |_| None).build().unwrap_err();
    /// assert!(matches!(err, Error::MissingCredential { .. }));
    /// assert!(err.to_string().contains("ACME_API_KEY"));
    /// ```
    pub fn from_env_with(mut self, env: &EnvSpec, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        if let Some(url) = get(env.base_url) {
            self = self.base_url(url);
        }
        for (scheme, var) in env.credentials {
            if let Some(key) = get(var) {
                self = self.credential(scheme, key);
            }
        }
        for (var, header) in env.headers {
            if let Some(value) = get(var) {
                self = self.default_header(header, &value);
            }
        }
        if env.credential_required && !env.credentials.is_empty() {
            self.required_credential = Some(env.credentials.iter().map(|(_, var)| *var).collect());
        }
        self
    }

    /// The URL operation paths are appended to.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// The credential of the crate's main security scheme (for most APIs, the API key).
    pub fn api_key(self, key: impl Into<Secret>) -> Self {
        let scheme = self.config.primary_scheme.clone();
        self.credential(scheme, key)
    }

    /// The credential of a named security scheme: a generated crate's `Scheme` value
    /// (`Scheme::AdminApiKeyAuth`), or the scheme's key as the document writes it.
    pub fn credential(self, scheme: impl AsRef<str>, key: impl Into<Secret>) -> Self {
        self.set_credential(scheme.as_ref(), Credential::Static(key.into()))
    }

    /// The user and password of an HTTP basic scheme (sent as `Authorization: Basic`, encoded
    /// by the client); its environment variable holds them the same way, `user:password`.
    pub fn basic_auth(self, scheme: impl AsRef<str>, user: &str, password: &str) -> Self {
        self.credential(scheme, format!("{user}:{password}"))
    }

    /// Fetch the main scheme's credential from `provider` before every attempt, instead of
    /// a fixed key: for tokens that expire, such as Azure AD bearer tokens. The credential
    /// is sent as the scheme says (a bearer token, for most APIs; see
    /// [`ConfigBuilder::auth_kind`]).
    pub fn token_provider(self, provider: impl TokenProvider) -> Self {
        let scheme = self.config.primary_scheme.clone();
        self.credential_provider(scheme, provider)
    }

    /// [`ConfigBuilder::token_provider`] for a named security scheme.
    pub fn credential_provider(self, scheme: impl AsRef<str>, provider: impl TokenProvider) -> Self {
        self.set_credential(scheme.as_ref(), Credential::Provider(Arc::new(provider)))
    }

    fn set_credential(mut self, scheme: &str, credential: Credential) -> Self {
        let entry = self.config.auth.entry(scheme.to_owned()).or_insert((AuthKind::Bearer, None));
        entry.1 = Some(credential);
        self
    }

    /// Send no credential, and need none: for a local server (a model served on
    /// `localhost`) that takes requests without a key. Keys set otherwise (by
    /// [`ConfigBuilder::from_env`] among others) are not sent.
    pub fn no_auth(mut self) -> Self {
        self.config.no_auth = true;
        self
    }

    /// Send requests with an HTTP client built from this builder, as the caller configured
    /// it: its proxy, TLS, pool and default headers apply, and so do its timeouts. Its total
    /// timeout (`timeout`) bounds each event stream as a whole, while calls replace it with
    /// the per-attempt [`ConfigBuilder::timeout`]; its `connect_timeout` and `read_timeout`
    /// apply to every request, and [`ConfigBuilder::connect_timeout`] does not.
    ///
    /// Two settings are the runtime's, whatever the builder says: redirects are followed
    /// only within the origin a request went to (at most 10 hops; one to another origin is
    /// [`Error::Redirect`]), and no `Referer` is sent. A client is taken as a builder, not
    /// built, for that reason: a built `reqwest::Client` cannot be told how to redirect, and
    /// reqwest's default follows any redirect carrying a key sent in a named header, in the
    /// query (through `Referer`) or a request body to whatever host the server names.
    ///
    /// ```
    /// # use oagen_runtime::{reqwest, ConfigBuilder};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder().proxy(reqwest::Proxy::all("http://proxy.internal:3128")?);
    /// let config = ConfigBuilder::new("https://api.example.com", &[], "ua").http_client(http).build()?;
    /// # Ok(()) }
    /// ```
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        match crate::redirect::credential_safe(builder).build() {
            Ok(client) => self.config.http = Some(client),
            Err(e) => self.errors.push(format!("cannot build the HTTP client: {e}")),
        }
        self
    }

    /// Send a scheme's credential another way than the document says (a vendor's `api-key`
    /// header instead of a bearer token).
    pub fn auth_kind(mut self, scheme: impl AsRef<str>, kind: AuthKind) -> Self {
        let entry = self.config.auth.entry(scheme.as_ref().to_owned()).or_insert((kind.clone(), None));
        entry.0 = kind;
        self
    }

    /// How the key of [`ConfigBuilder::api_key`] is sent, when not as the document says:
    /// `AuthKind::Header("api-key".into())` for a gateway that reads a named header.
    pub fn auth_style(self, kind: AuthKind) -> Self {
        let scheme = self.config.primary_scheme.clone();
        self.auth_kind(scheme, kind)
    }

    /// A header sent with every request.
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(n), Ok(v)) => {
                self.config.default_headers.insert(n, v);
            }
            _ => self.errors.push(format!("`{name}` is not a valid header name and value")),
        }
        self
    }

    /// A query parameter sent with every request (`api-version`).
    pub fn default_query(mut self, name: &str, value: &str) -> Self {
        self.config.default_query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Time allowed for each attempt, from sending to the end of the body; for an event
    /// stream, to the response headers (the stream then has
    /// [`ConfigBuilder::stream_idle_timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The longest an event stream may stay silent once it started (between two reads of
    /// its body), after which it ends with [`Error::IdleTimeout`]; there is no limit on its
    /// total length. By default the request's timeout (600 s unless set), the figure the
    /// official SDKs apply per read.
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.config.stream_idle_timeout = Some(timeout);
        self
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// How many times a failed attempt is retried (0 turns retries off).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.config.max_retries = retries;
        self
    }

    /// A server asking to wait longer than this before a retry is not retried (nor an
    /// event stream resumed, when its `retry:` field asks for longer).
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.config.max_retry_after = wait;
        self
    }

    /// How the event streams of operations the crate marks as resumable are resumed after
    /// their connection drops (default [`crate::ResumePolicy::default`]: 3 attempts in a row;
    /// [`crate::ResumePolicy::off`] turns it off). Other streams resume only when a call asks
    /// ([`crate::StreamCall::resume`]).
    pub fn stream_resume(mut self, policy: crate::ResumePolicy) -> Self {
        self.config.stream_resume = policy;
        self
    }

    /// The largest success body read into memory, in bytes; a larger one is
    /// [`Error::TooLarge`] (read it with [`crate::Call::bytes_stream`] instead). Event streams
    /// are limited per event ([`crate::StreamCall::max_event_size`]); error bodies are cut
    /// at 64 KiB.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.config.max_response_size = bytes;
        self
    }

    /// Replace the User-Agent.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self
    }

    /// The configuration, or the first invalid setting; or [`Error::MissingCredential`] when
    /// the environment was read for an API whose every operation needs a credential and no
    /// credential was found or set (see [`ConfigBuilder::from_env`]).
    pub fn build(self) -> Result<Config, Error> {
        if let Some(e) = self.errors.into_iter().next() {
            return Err(Error::Config(e));
        }
        if !(self.config.base_url.starts_with("http://") || self.config.base_url.starts_with("https://")) {
            return Err(Error::Config(format!(
                "base URL `{}` must start with http:// or https://",
                self.config.base_url
            )));
        }
        let has_credential = self.config.auth.values().any(|(_, credential)| credential.is_some());
        if let Some(variables) = self.required_credential.filter(|_| !has_credential && !self.config.no_auth) {
            return Err(Error::MissingCredential { variables });
        }
        Ok(self.config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::StaticAuthKind;

    const SCHEMES: &[AuthScheme] = &[
        AuthScheme { key: "ApiKey", kind: StaticAuthKind::Bearer },
        AuthScheme { key: "Admin", kind: StaticAuthKind::Bearer },
    ];

    fn env(credential_required: bool) -> EnvSpec {
        EnvSpec {
            base_url: "ACME_BASE_URL",
            credentials: &[("ApiKey", "ACME_API_KEY"), ("Admin", "ACME_ADMIN_KEY")],
            headers: &[],
            credential_required,
        }
    }

    fn builder() -> ConfigBuilder {
        ConfigBuilder::new("https://api.acme.test", SCHEMES, "ua")
    }

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn no_credential_variable_names_every_variable() {
        let err = builder().from_env_with(&env(true), vars(&[("ACME_API_KEY", "  ")])).build().unwrap_err();
        assert!(
            matches!(&err, Error::MissingCredential { variables } if variables == &["ACME_API_KEY", "ACME_ADMIN_KEY"])
        );
        let message = err.to_string();
        assert!(message.contains("`ACME_API_KEY` (or `ACME_ADMIN_KEY`)"), "{message}");
    }

    #[test]
    fn any_credential_is_enough() {
        assert!(builder().from_env_with(&env(true), vars(&[("ACME_ADMIN_KEY", "k")])).build().is_ok());
        assert!(builder().from_env_with(&env(true), vars(&[])).api_key("k").build().is_ok());
        assert!(builder().from_env_with(&env(true), vars(&[])).credential("Admin", "k").build().is_ok());
        assert!(builder().from_env_with(&env(true), vars(&[])).no_auth().build().is_ok());
    }

    #[test]
    fn optional_auth_or_no_environment_read_needs_no_credential() {
        assert!(builder().from_env_with(&env(false), vars(&[])).build().is_ok());
        assert!(builder().build().is_ok());
    }

    #[test]
    fn other_invalid_settings_come_first() {
        let err = builder().from_env_with(&env(true), vars(&[("ACME_BASE_URL", "ftp://x")])).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
    }
}
