//! Resuming an event stream after its connection drops, as the event-stream standard's
//! reconnection works: the same request again, with `Last-Event-ID` naming the last event id
//! the server sent, after the wait its last `retry:` asked for ([`ResumePolicy`] has the
//! rules).
//!
//! Off unless asked for: per call with [`crate::StreamCall::resume`], or per operation where
//! the generated crate marks it, under the client's [`crate::ConfigBuilder::stream_resume`].
//! A replay is recognised only until the resumed connection brings an event not yet
//! delivered: from then on ids are not compared.

use crate::call::RequestOptions;
use crate::client::{Client, Deadline};
use crate::error::Error;
use crate::request::{Body, RequestSpec};
use crate::sse::Event;
use futures_util::future::BoxFuture;
use std::collections::VecDeque;
use std::time::Duration;

/// How many delivered ids are remembered to recognise events a resumed server sends again.
pub const REMEMBERED_IDS: usize = 1024;

/// Whether and how often an event stream is resumed after its connection drops.
///
/// A drop is a connection that breaks, goes silent past the stream idle timeout, or closes
/// inside an event or before the stream's terminator ([`crate::StreamEnd`]; a stream without
/// one ends normally at any close between events). Resuming sends the same request again (a
/// POST with the same body; credentials and redirects as for the first) with
/// `Last-Event-ID` set to the stream's last event id; an answer `204 No Content` ends the
/// stream there (the standard's way to say there is nothing more). Without an id there is nothing to
/// resume from, and the drop ends the stream as it would without a policy; a multipart body
/// read from a stream cannot be sent twice, so its stream is not resumed either. Events the
/// resumed server sends again are skipped by id (the last [`REMEMBERED_IDS`] delivered are
/// remembered), so each is delivered once; events without an id cannot be recognised, so
/// a server that resumes should number every event. On a resumed connection, as on any new
/// one, [`Event::id`] is empty until the server sends an id.
///
/// `max_attempts` bounds the reconnections in a row that bring no new event: the count
/// starts again once a resumed connection delivers one, so a long stream may drop any
/// number of times as long as each resumption makes progress. Between attempts the client
/// waits what the server's last `retry:` field asked for (refusing, like `Retry-After`, a
/// wait longer than [`crate::ConfigBuilder::max_retry_after`]), or else
/// [`ResumePolicy::delay`], or else its retry backoff (0.5 s doubling to 8 s, with jitter).
///
/// ```no_run
/// # async fn watch(client: &oagen_runtime::Client) -> Result<(), oagen_runtime::Error> {
/// use oagen_runtime::futures::StreamExt;
/// use oagen_runtime::{decode, sse::Event, Method, RequestSpec, ResumePolicy, StreamCall, StreamEnd};
/// use std::time::Duration;
///
/// // A generated `_stream` method returns a `StreamCall`; `.resume(..)` is the same there.
/// let request = RequestSpec::new("watchEvents", Method::GET, "/events");
/// let call: StreamCall<'_, Event> = StreamCall::new(client.call(request, decode::empty), StreamEnd::Close);
/// let policy = ResumePolicy::new(5).delay(Duration::from_millis(500));
/// let mut events = call.resume(policy).await?;
/// while let Some(event) = events.next().await {
///     let event = event?; // after 5 reconnections in a row without a new event: an error
///     println!("{}: {}", event.id, event.data);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumePolicy {
    max_attempts: u32,
    delay: Option<Duration>,
}

impl Default for ResumePolicy {
    /// Three attempts, waiting as the server asks or with the client's backoff.
    fn default() -> Self {
        ResumePolicy::new(3)
    }
}

impl ResumePolicy {
    /// Resume up to `max_attempts` times in a row without a new event (0: never).
    pub const fn new(max_attempts: u32) -> Self {
        ResumePolicy { max_attempts, delay: None }
    }

    /// Never resume: a drop ends the stream with an error item.
    pub const fn off() -> Self {
        ResumePolicy::new(0)
    }

    /// The wait before each attempt when the server sent no `retry:` field (instead of the
    /// client's backoff).
    pub const fn delay(mut self, wait: Duration) -> Self {
        self.delay = Some(wait);
        self
    }

    /// The most reconnections in a row without a new event.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether the policy resumes at all.
    pub const fn is_on(&self) -> bool {
        self.max_attempts > 0
    }
}

/// What an [`crate::EventStream`] keeps to resume itself: the request, and where it got to.
pub(crate) struct Resumer {
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
    policy: ResumePolicy,
    /// Bytes the whole stream may still carry, when it is limited.
    remaining: Option<usize>,
    /// Reconnections since the last event delivered.
    failures: u32,
    /// The last event id any connection committed (`Some("")`: cleared by the server).
    last_id: Option<String>,
    /// The last `retry:` any connection sent.
    server_delay: Option<Duration>,
    delivered: VecDeque<String>,
    /// A resumed connection has delivered nothing yet: what it sends may be a replay.
    replaying: bool,
}

/// What to do about a drop.
pub(crate) enum Resume {
    /// Reconnect: await this for the new response.
    Reconnect(BoxFuture<'static, Result<reqwest::Response, Error>>),
    /// End the stream with this error.
    GiveUp(Error),
}

impl Resumer {
    /// A resumer of `spec`, when `policy` resumes and the request can be sent again.
    pub(crate) fn new(
        client: &Client,
        spec: &RequestSpec,
        options: &RequestOptions,
        policy: ResumePolicy,
    ) -> Option<Box<Self>> {
        let replayable = match &spec.body {
            Body::Multipart(form) => form.replayable(),
            _ => true,
        };
        (policy.is_on() && replayable).then(|| {
            Box::new(Resumer {
                client: client.clone(),
                spec: spec.clone(),
                options: options.clone(),
                policy,
                remaining: options.max_response_size,
                failures: 0,
                last_id: None,
                server_delay: None,
                delivered: VecDeque::new(),
                replaying: false,
            })
        })
    }

    /// Count bytes against the whole stream's limit.
    pub(crate) fn received(&mut self, bytes: usize) {
        if let Some(remaining) = &mut self.remaining {
            *remaining = remaining.saturating_sub(bytes);
        }
    }

    /// The limit of the next connection's body: what the stream may still carry.
    pub(crate) fn remaining(&self) -> Option<usize> {
        self.remaining
    }

    /// Whether `event` is one a resumed server sends again.
    pub(crate) fn is_replayed(&self, event: &Event) -> bool {
        self.replaying && !event.id.is_empty() && self.delivered.contains(&event.id)
    }

    /// `event` is delivered: the resumption made progress.
    pub(crate) fn delivered(&mut self, event: &Event) {
        self.failures = 0;
        self.replaying = false;
        if event.id.is_empty() || self.delivered.back() == Some(&event.id) {
            return;
        }
        // Reuse the oldest id's allocation once the window is full.
        let mut slot = if self.delivered.len() == REMEMBERED_IDS {
            self.delivered.pop_front().unwrap_or_default()
        } else {
            String::new()
        };
        slot.clone_from(&event.id);
        self.delivered.push_back(slot);
    }

    /// The connection dropped (`cause`); `last_id` and `retry` are what its decoder read.
    /// Reconnect, or say why not.
    pub(crate) fn on_drop(&mut self, cause: Error, last_id: Option<&str>, retry: Option<Duration>) -> Resume {
        if let Some(id) = last_id {
            self.last_id = Some(id.to_owned());
        }
        if retry.is_some() {
            self.server_delay = retry;
        }
        let operation = self.spec.operation;
        // Without an id the server cannot know where to start again: the drop stands.
        let Some(id) = self.last_id.clone().filter(|id| !id.is_empty()) else {
            tracing::debug!("not resuming: the stream sent no event id");
            return Resume::GiveUp(cause);
        };
        let shown = crate::terminal::safe(&crate::error::excerpt(&id, 100)).into_owned();
        if self.failures >= self.policy.max_attempts {
            let attempts = self.policy.max_attempts;
            let plural = if attempts == 1 { "" } else { "s" };
            return Resume::GiveUp(Error::Stream {
                operation,
                message: format!(
                    "the connection dropped after event id `{shown}` and {attempts} attempt{plural} in a row to resume it brought no new event (the last: {cause})"
                ),
                error: None,
            });
        }
        let cap = self.client.config().max_retry_after;
        let wait = match self.server_delay {
            Some(wait) if wait > cap => {
                return Resume::GiveUp(Error::Stream {
                    operation,
                    message: format!(
                        "the connection dropped after event id `{shown}` ({cause}), and the server asks to wait {wait:?} before resuming, longer than `max_retry_after` ({cap:?})"
                    ),
                    error: None,
                })
            }
            Some(wait) => wait,
            None => self.policy.delay.unwrap_or_else(|| crate::retry::backoff(self.failures)),
        };
        self.failures += 1;
        self.replaying = true;
        tracing::debug!(operation, attempt = self.failures, ?wait, cause = %cause, "resuming the event stream");
        let client = self.client.clone();
        let spec = self.spec.clone();
        let mut options = self.options.clone();
        options.extra_headers.push(("last-event-id".to_owned(), id));
        // The policy bounds the attempts; the client's retries would multiply them.
        options.max_retries = Some(0);
        options.max_response_size = self.remaining;
        Resume::Reconnect(Box::pin(async move {
            tokio::time::sleep(wait).await;
            client.send(&spec, &options, Deadline::Headers).await
        }))
    }

    /// A reconnection failed: try again if the failure may pass, else end the stream.
    pub(crate) fn on_failed_reconnect(&mut self, cause: Error) -> Resume {
        if worth_another_attempt(&cause) {
            return self.on_drop(cause, None, None);
        }
        let shown =
            self.last_id.as_deref().map(|id| crate::terminal::safe(&crate::error::excerpt(id, 100)).into_owned());
        Resume::GiveUp(Error::Stream {
            operation: self.spec.operation,
            message: format!(
                "the connection dropped after event id `{}`, and resuming it failed: {cause}",
                shown.unwrap_or_default()
            ),
            error: None,
        })
    }
}

/// Whether a failed reconnection may succeed later: the network, a timeout, or a status the
/// client would retry; not a refusal (a 4xx, a bad request, a credential that failed).
fn worth_another_attempt(error: &Error) -> bool {
    match error {
        Error::Connection { .. } | Error::Timeout { .. } | Error::IdleTimeout { .. } => true,
        Error::Api(e) => matches!(e.status.as_u16(), 408 | 409 | 429) || e.status.is_server_error(),
        _ => false,
    }
}

/// Whether a failure of a stream's body is a drop worth resuming from (not a limit reached).
pub(crate) fn is_drop(error: &Error) -> bool {
    matches!(error, Error::Connection { .. } | Error::Timeout { .. } | Error::IdleTimeout { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resumable_stream_can_move_between_threads() {
        fn send<T: Send>() {}
        send::<crate::EventStream<Event>>();
        send::<crate::StreamCall<'static, Event>>();
    }

    #[test]
    fn policies_read_as_written() {
        assert_eq!(ResumePolicy::default().max_attempts(), 3);
        assert!(!ResumePolicy::off().is_on());
        let p = ResumePolicy::new(5).delay(Duration::from_millis(20));
        assert_eq!((p.max_attempts(), p.delay), (5, Some(Duration::from_millis(20))));
    }
}
