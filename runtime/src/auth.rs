//! How a credential is attached to a request, as the document's security schemes say, and
//! where it comes from: set once, or fetched per attempt from a [`TokenProvider`].

use crate::error::Error;
use crate::secret::Secret;
use futures_util::future::BoxFuture;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// Where a credential goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`: the credential is `user:password`
    /// (see [`crate::ConfigBuilder::basic_auth`]), encoded by the client; one without `:` is
    /// sent as it is, already encoded.
    Basic,
    /// A header of this name carries the key (`api-key: <key>`).
    Header(String),
    /// A query parameter of this name carries the key.
    Query(String),
    /// A cookie of this name carries the key.
    Cookie(String),
}

/// A security scheme of the document: its key in `components/securitySchemes` and its kind.
#[derive(Debug, Clone, Copy)]
pub struct AuthScheme {
    /// The scheme's key (`ApiKeyAuth`).
    pub key: &'static str,
    /// How it is sent, as the document declares it.
    pub kind: StaticAuthKind,
}

/// [`AuthKind`] in a form generated code can write as a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticAuthKind {
    /// See [`AuthKind::Bearer`].
    Bearer,
    /// See [`AuthKind::Basic`].
    Basic,
    /// See [`AuthKind::Header`].
    Header(&'static str),
    /// See [`AuthKind::Query`].
    Query(&'static str),
    /// See [`AuthKind::Cookie`].
    Cookie(&'static str),
}

impl From<StaticAuthKind> for AuthKind {
    fn from(kind: StaticAuthKind) -> Self {
        match kind {
            StaticAuthKind::Bearer => AuthKind::Bearer,
            StaticAuthKind::Basic => AuthKind::Basic,
            StaticAuthKind::Header(n) => AuthKind::Header(n.to_owned()),
            StaticAuthKind::Query(n) => AuthKind::Query(n.to_owned()),
            StaticAuthKind::Cookie(n) => AuthKind::Cookie(n.to_owned()),
        }
    }
}

/// Fetches a credential before each attempt, for tokens that expire (Azure AD, OAuth
/// client credentials): set it with [`crate::ConfigBuilder::token_provider`]. It is called
/// before every attempt, retries included, so it should cache its token and refresh it
/// only when it nears expiry. An error fails the call with [`crate::Error::Credential`].
///
/// Closures returning a future implement it:
///
/// ```
/// # use oagen_runtime::{ConfigBuilder, Secret};
/// let builder = ConfigBuilder::new("https://example.com", &[], "ua")
///     .token_provider(|| async { Ok::<_, std::io::Error>(Secret::new("token")) });
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// The credential to send now.
    fn token(&self) -> BoxFuture<'_, Result<Secret, Box<dyn std::error::Error + Send + Sync>>>;
}

impl<F, Fut, S, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<S, E>> + Send + 'static,
    S: Into<Secret>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn token(&self) -> BoxFuture<'_, Result<Secret, Box<dyn std::error::Error + Send + Sync>>> {
        let future = self();
        Box::pin(async move { future.await.map(Into::into).map_err(Into::into) })
    }
}

/// A scheme's credential: fixed, or fetched per attempt.
#[derive(Clone)]
pub(crate) enum Credential {
    Static(Secret),
    Provider(Arc<dyn TokenProvider>),
}

impl Credential {
    /// The credential for this attempt.
    pub(crate) async fn get(&self, operation: &'static str) -> Result<Secret, Error> {
        match self {
            Credential::Static(secret) => Ok(secret.clone()),
            Credential::Provider(provider) => {
                provider.token().await.map_err(|source| Error::Credential { operation, source })
            }
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Static(secret) => secret.fmt(f),
            Credential::Provider(_) => f.write_str("TokenProvider"),
        }
    }
}
