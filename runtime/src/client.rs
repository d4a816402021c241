//! The client core every generated call funnels through: authentication, default headers,
//! timeouts, retries with backoff, error mapping and tracing, in one place.

use crate::auth::{AuthKind, Credential};
use crate::body;
use crate::call::{Call, Decoder, RequestOptions};
use crate::config::Config;
use crate::error::transport_error;
use crate::error::{ApiError, Error};
use crate::redirect;
use crate::request::{Body, RequestSpec};
use crate::retry;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE, USER_AGENT};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// Header carrying the attempt number (0 for the first), so servers can tell retries apart.
pub const RETRY_COUNT_HEADER: &str = "x-retry-count";

/// What the per-attempt timeout covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The whole exchange, to the end of the body.
    Body,
    /// Up to the response headers: the body (an event stream) is bounded per read instead.
    Headers,
}

/// A configured HTTP client for one API. Cheap to clone: clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: Config,
    /// Options every call starts from ([`Client::with_options`]).
    defaults: RequestOptions,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner.config;
        let schemes: Vec<String> = c
            .auth
            .iter()
            .map(|(k, (_, key))| {
                let state = match key {
                    _ if c.no_auth => "not sent",
                    Some(Credential::Static(_)) => "set",
                    Some(Credential::Provider(_)) => "from a token provider",
                    None => "not set",
                };
                format!("{k}: {state}")
            })
            .collect();
        f.debug_struct("Client")
            .field("base_url", &c.base_url)
            .field("credentials", &schemes)
            .field("timeout", &c.timeout)
            .field("max_retries", &c.max_retries)
            .finish()
    }
}

impl Client {
    /// A client with this configuration.
    pub fn new(config: Config) -> Result<Self, Error> {
        if let Some(http) = config.http.clone() {
            return Ok(Client { inner: Arc::new(Inner { http, config, defaults: RequestOptions::default() }) });
        }
        let http = redirect::credential_safe(reqwest::Client::builder().connect_timeout(config.connect_timeout))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client { inner: Arc::new(Inner { http, config, defaults: RequestOptions::default() }) })
    }

    /// A client whose every call starts from these options, on top of this client's own
    /// (see [`RequestOptions::over`]): a header for one tenant, a shorter timeout, more
    /// retries. It shares this client's connections.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let inner = Inner {
            http: self.inner.http.clone(),
            config: self.inner.config.clone(),
            defaults: options.over(&self.inner.defaults),
        };
        Client { inner: Arc::new(inner) }
    }

    /// The options every call starts from.
    pub fn default_options(&self) -> &RequestOptions {
        &self.inner.defaults
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.config.base_url
    }

    /// A call of one operation, sent when awaited.
    pub fn call<T>(&self, spec: RequestSpec, decode: Decoder<T>) -> Call<'_, T> {
        Call::new(self, spec, decode)
    }

    /// Send a request, retrying as configured; the response returned has a success status.
    pub(crate) async fn send(
        &self,
        spec: &RequestSpec,
        options: &RequestOptions,
        deadline: Deadline,
    ) -> Result<reqwest::Response, Error> {
        if let Some(message) = &spec.invalid {
            return Err(Error::InvalidRequest { operation: spec.operation, message: message.clone() });
        }
        let config = &self.inner.config;
        let replayable = match &spec.body {
            Body::Multipart(form) => form.replayable(),
            _ => true,
        };
        let max_retries = if replayable { options.max_retries.unwrap_or(config.max_retries) } else { 0 };
        let timeout = options.timeout.unwrap_or(config.timeout);
        let span = tracing::info_span!(
            "request",
            operation = spec.operation,
            method = %spec.method,
            path = spec.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        async move {
            let mut attempt = 0;
            loop {
                let started = Instant::now();
                let request = self.build(spec, options, attempt, timeout, deadline).await?;
                let result = match deadline {
                    Deadline::Body => Ok(self.inner.http.execute(request).await),
                    Deadline::Headers => tokio::time::timeout(timeout, self.inner.http.execute(request)).await,
                };
                let span = tracing::Span::current();
                span.record("attempt", attempt);
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                let can_retry = attempt < max_retries;
                let result = match result {
                    Err(_elapsed) => {
                        if can_retry {
                            let wait = retry::backoff(attempt);
                            tracing::debug!(?wait, "retrying: no response headers within the timeout");
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                        return Err(Error::Timeout { operation: spec.operation, after: timeout });
                    }
                    Ok(result) => result,
                };
                match result {
                    Ok(response) if response.status().is_success() => {
                        span.record("status", response.status().as_u16());
                        return Ok(response);
                    }
                    Ok(response) => {
                        let wait = self.error_answer(spec, response, deadline, timeout, can_retry, attempt).await?;
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    Err(e) if e.is_redirect() => return Err(redirect::redirect_error(spec.operation, e, timeout)),
                    Err(e) => {
                        if can_retry && retry::transient(&e) {
                            let wait = retry::backoff(attempt);
                            tracing::debug!(error = %e.without_url(), ?wait, "retrying");
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                        return Err(transport_error(spec.operation, e, timeout));
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    /// An answer with an error status: how long to wait before retrying it, or the error.
    async fn error_answer(
        &self,
        spec: &RequestSpec,
        response: reqwest::Response,
        deadline: Deadline,
        timeout: Duration,
        can_retry: bool,
        attempt: u32,
    ) -> Result<Duration, Error> {
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let headers = response.headers().clone();
        // Read once, and only as much as an error can need.
        let read = body::read_prefix(response, body::ERROR_BODY_LIMIT);
        let (body, truncated) = match deadline {
            Deadline::Body => read.await,
            // Reqwest's timeout is off for streams: bound the error body here.
            Deadline::Headers => tokio::time::timeout(timeout, read).await.unwrap_or((bytes::Bytes::new(), true)),
        };
        if can_retry && retry::should_retry(status, &headers, &body) {
            match retry::server_delay(&headers) {
                Some(wait) if wait > self.inner.config.max_retry_after => {
                    tracing::debug!(?wait, "not retrying: the server asks to wait longer than the cap");
                }
                wait => {
                    let wait = wait.unwrap_or_else(|| retry::backoff(attempt));
                    tracing::debug!(status = status.as_u16(), ?wait, "retrying");
                    return Ok(wait);
                }
            }
        }
        Err(Error::Api(Box::new(ApiError::new(spec.operation, status, headers, body, truncated))))
    }

    async fn build(
        &self,
        spec: &RequestSpec,
        options: &RequestOptions,
        attempt: u32,
        timeout: Duration,
        deadline: Deadline,
    ) -> Result<reqwest::Request, Error> {
        let config = &self.inner.config;
        let invalid = |message: String| Error::InvalidRequest { operation: spec.operation, message };
        let url = format!("{}{}", config.base_url, spec.path);
        let mut query: Vec<(String, String)> = config.default_query.clone();
        query.extend(spec.query.iter().cloned());
        query.extend(options.extra_query.iter().cloned());
        let mut builder = self.inner.http.request(spec.method.clone(), &url);
        if deadline == Deadline::Body {
            builder = builder.timeout(timeout);
        }

        let mut headers = config.default_headers.clone();
        // Per request rather than on the HTTP client, which may be the caller's.
        if !headers.contains_key(USER_AGENT) {
            insert(&mut headers, "user-agent", &config.user_agent, &invalid)?;
        }
        // Every cookie scheme of the requirement, in one `Cookie` header.
        let mut cookies: Vec<String> = Vec::new();
        for (kind, key) in self.credentials(spec).await? {
            match kind {
                AuthKind::Bearer => {
                    insert(&mut headers, "authorization", &format!("Bearer {}", key.expose()), &invalid)?
                }
                AuthKind::Basic => insert(&mut headers, "authorization", &basic_authorization(key.expose()), &invalid)?,
                AuthKind::Header(name) => insert(&mut headers, &name, key.expose(), &invalid)?,
                AuthKind::Query(name) => query.push((name.clone(), key.expose().to_owned())),
                AuthKind::Cookie(name) => cookies.push(format!("{name}={}", key.expose())),
            }
        }
        if !cookies.is_empty() {
            insert(&mut headers, "cookie", &cookies.join("; "), &invalid)?;
        }
        for (name, value) in spec.headers.iter().chain(&options.extra_headers) {
            insert(&mut headers, name, value, &invalid)?;
        }
        if let Some(key) = &options.idempotency_key {
            insert(&mut headers, "idempotency-key", key, &invalid)?;
        }
        insert(&mut headers, RETRY_COUNT_HEADER, &attempt.to_string(), &invalid)?;
        if !query.is_empty() {
            builder = builder.query(&query);
        }

        builder = match &spec.body {
            Body::Empty if options.extra_body.is_empty() => builder,
            Body::Empty => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                builder.body(serde_json::to_vec(&options.extra_body).map_err(|e| invalid(e.to_string()))?)
            }
            Body::Json(value) => {
                let mut value = value.clone();
                if !options.extra_body.is_empty() {
                    let serde_json::Value::Object(map) = &mut value else {
                        return Err(invalid("extra body fields need a JSON object body".to_owned()));
                    };
                    for (k, v) in &options.extra_body {
                        map.insert(k.clone(), v.clone());
                    }
                }
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                builder.body(serde_json::to_vec(&value).map_err(|e| invalid(e.to_string()))?)
            }
            Body::Form(pairs) => {
                let mut pairs = pairs.clone();
                for (k, v) in &options.extra_body {
                    pairs.push((k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)));
                }
                builder.form(&pairs)
            }
            Body::Multipart(form) => {
                let mut form = form.clone();
                for (k, v) in &options.extra_body {
                    form.field(k, v);
                }
                builder.multipart(form.build().await.map_err(|e| match e {
                    Error::InvalidRequest { message, .. } => invalid(message),
                    other => other,
                })?)
            }
            Body::Bytes(bytes, content_type) => {
                insert(&mut headers, "content-type", content_type, &invalid)?;
                builder.body(bytes.clone())
            }
        };
        builder.headers(headers).build().map_err(|e| invalid(e.without_url().to_string()))
    }

    /// The credentials of the first security alternative all of whose schemes have one,
    /// fetched from their providers for this attempt.
    async fn credentials(&self, spec: &RequestSpec) -> Result<Vec<(AuthKind, crate::Secret)>, Error> {
        self.credentials_for(spec.operation, spec.security).await
    }

    /// [`Client::credentials`] for any exchange that names its security alternatives (a
    /// WebSocket handshake among them).
    pub(crate) async fn credentials_for(
        &self,
        operation: &'static str,
        security: &'static [&'static [&'static str]],
    ) -> Result<Vec<(AuthKind, crate::Secret)>, Error> {
        let config = &self.inner.config;
        if security.is_empty() || config.no_auth {
            return Ok(Vec::new());
        }
        for alternative in security {
            let found: Option<Vec<(&AuthKind, &Credential)>> = alternative
                .iter()
                .map(|scheme| config.auth.get(*scheme).and_then(|(kind, key)| key.as_ref().map(|k| (kind, k))))
                .collect();
            if let Some(found) = found {
                let mut credentials = Vec::with_capacity(found.len());
                for (kind, credential) in found {
                    credentials.push((kind.clone(), credential.get(operation).await?));
                }
                return Ok(credentials);
            }
        }
        let wanted: Vec<&str> = security.iter().flat_map(|a| a.iter().copied()).collect();
        Err(Error::InvalidRequest {
            operation,
            message: format!(
                "no credential is configured for {}; set it with the client builder or its environment variable (or call `no_auth()` on the builder for a server that needs none)",
                wanted.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(" or ")
            ),
        })
    }
}

/// `Authorization: Basic` from a credential `user:password` (RFC 7617), base64-encoded here;
/// one without `:` is taken as already encoded (base64 has no `:`).
fn basic_authorization(credential: &str) -> String {
    use base64::Engine as _;
    if credential.contains(':') {
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(credential))
    } else {
        format!("Basic {credential}")
    }
}

fn insert(
    headers: &mut reqwest::header::HeaderMap,
    name: &str,
    value: &str,
    invalid: &impl Fn(String) -> Error,
) -> Result<(), Error> {
    let name = HeaderName::try_from(name)
        .map_err(|_| invalid(format!("`{}` is not a valid header name", crate::terminal::safe(name))))?;
    let mut value =
        HeaderValue::try_from(value).map_err(|_| invalid(format!("the value of header `{name}` is not valid")))?;
    if name == "authorization" || name == "cookie" {
        value.set_sensitive(true);
    }
    headers.insert(name, value);
    Ok(())
}
