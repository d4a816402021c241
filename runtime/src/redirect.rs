//! Redirects that keep credentials at their origin: the policy every HTTP client of the
//! runtime is built with, and the errors of the redirects it refuses.

use crate::error::{transport_error, Error};
use std::fmt;
use std::time::Duration;

/// `builder` with the two settings that keep credentials at their origin, over whatever it
/// says: the redirect policy of [`redirect_policy`], and no `Referer` (it would carry a
/// query-string key to wherever the server points). Every client the runtime sends with is
/// built through here, the caller's ([`crate::ConfigBuilder::http_client`]) included.
pub(crate) fn credential_safe(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.redirect(redirect_policy()).referer(false)
}

/// Redirects are followed only within the origin (scheme, host and port) the request went
/// to, for at most [`MAX_REDIRECTS`] hops, and never back to a URL already visited (a loop). A redirect to another origin is refused rather
/// than followed with the credentials removed: reqwest strips only `Authorization` and
/// `Cookie`, so a key in a named header (`api-key`) or in the query would travel with it,
/// and a 307/308 would resend the request body (prompts, uploaded files) to a host the user
/// never configured. A server that moved is reached by setting the base URL to its new origin.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let from = attempt.previous().first().map(reqwest::Url::origin);
        let to = attempt.url().origin();
        let hops = attempt.previous().len();
        if from.is_some_and(|from| from != to) {
            let to = to.ascii_serialization();
            attempt.error(RefusedRedirect::CrossOrigin { to })
        } else if attempt.previous().contains(attempt.url()) || hops > MAX_REDIRECTS {
            attempt.error(RefusedRedirect::Loop { hops })
        } else {
            attempt.follow()
        }
    })
}

/// Redirect hops followed within one origin.
const MAX_REDIRECTS: usize = 10;

/// The reason a redirect policy refused to follow, carried through reqwest's error.
#[derive(Debug)]
enum RefusedRedirect {
    /// To another origin (`https://other.example:8443`).
    CrossOrigin { to: String },
    /// Back to a URL already visited, or longer than [`MAX_REDIRECTS`] hops.
    Loop { hops: usize },
}

impl fmt::Display for RefusedRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefusedRedirect::CrossOrigin { to } => write!(f, "redirect to another origin, {to}"),
            RefusedRedirect::Loop { hops } => write!(f, "redirect loop after {hops} redirects"),
        }
    }
}

impl std::error::Error for RefusedRedirect {}

/// A redirect reqwest did not follow, as our error: [`Error::Redirect`] when it pointed at
/// another origin, [`Error::RedirectLoop`] when it went round.
pub(crate) fn redirect_error(operation: &'static str, e: reqwest::Error, timeout: Duration) -> Error {
    match std::error::Error::source(&e).and_then(|s| s.downcast_ref::<RefusedRedirect>()) {
        Some(RefusedRedirect::CrossOrigin { to }) => Error::Redirect { operation, to: to.clone() },
        Some(RefusedRedirect::Loop { hops }) => Error::RedirectLoop { operation, hops: *hops },
        None => transport_error(operation, e, timeout),
    }
}
