//! How a credential is attached to a request, as the document's security schemes say.

/// Where a credential goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <key>` (the key is `user:password`, base64-encoded by the caller).
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
