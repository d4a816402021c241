//! Event streams added up into the value they stand for, and read as text.
//!
//! What a stream's events add up to is the API's business, not the runtime's: an event type
//! says it with [`Accumulate`] (and, when its events carry text, [`TextDelta`]), in the
//! generated crate or in a hand-written extension beside it. The runtime gives every such
//! stream the same methods:
//!
//! - [`EventStream::next_text`]: the next piece of text, skipping events without any;
//! - [`EventStream::accumulate`]: a stream that adds up what passes through it, whose
//!   [`Accumulating::finish`] gives the final value;
//! - [`EventStream::into_final`]: the final value at once.

use crate::{Error, EventStream, FromEvent};
use futures_util::{Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Events that carry a piece of text (a token of a reply).
pub trait TextDelta {
    /// The text this event adds, if it adds any.
    fn text_delta(&self) -> Option<&str>;
}

/// Events that add up into one value (chunks of a chat completion into the completion).
pub trait Accumulate: Sized {
    /// What the events add up to.
    type Output;
    /// The running sum.
    type State: Default;

    /// Add `event` to `state`; an error says why the events do not add up.
    fn add(state: &mut Self::State, event: &Self) -> Result<(), String>;

    /// The value the events added up to; an error says what is missing.
    fn finish(state: Self::State) -> Result<Self::Output, String>;
}

impl<T: FromEvent + TextDelta> EventStream<T> {
    /// The next piece of text, skipping events that carry none; `None` at the end of the
    /// stream.
    pub async fn next_text(&mut self) -> Option<Result<String, Error>> {
        next_text(self).await
    }
}

impl<T: FromEvent + Accumulate> EventStream<T> {
    /// A stream of the same events that adds them up as they pass.
    pub fn accumulate(self) -> Accumulating<T> {
        Accumulating { stream: self, state: T::State::default() }
    }

    /// Read the whole stream and return what its events add up to.
    pub async fn into_final(self) -> Result<T::Output, Error> {
        self.accumulate().finish().await
    }
}

/// An [`EventStream`] that adds up its events: read it as a stream (or with
/// [`next_text`](Accumulating::next_text)), then [`finish`](Accumulating::finish) it.
pub struct Accumulating<T: Accumulate> {
    stream: EventStream<T>,
    state: T::State,
}

// Nothing inside is pinned in place (no field is projected from `Pin`), whatever the state.
impl<T: Accumulate> Unpin for Accumulating<T> {}

impl<T: Accumulate> std::fmt::Debug for Accumulating<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accumulating").field("stream", &self.stream).finish_non_exhaustive()
    }
}

impl<T: FromEvent + Accumulate> Accumulating<T> {
    /// Status and headers of the response that carries the stream.
    pub fn meta(&self) -> &crate::ResponseMeta {
        self.stream.meta()
    }

    /// Read the rest of the stream, and return what all its events add up to.
    pub async fn finish(mut self) -> Result<T::Output, Error> {
        while let Some(event) = self.next().await {
            event?;
        }
        let operation = self.stream.meta().operation;
        T::finish(self.state).map_err(|message| Error::Stream { operation, message, error: None })
    }
}

impl<T: FromEvent + Accumulate + TextDelta> Accumulating<T> {
    /// The next piece of text, skipping (but adding up) events that carry none.
    pub async fn next_text(&mut self) -> Option<Result<String, Error>> {
        next_text(self).await
    }
}

impl<T: FromEvent + Accumulate> Stream for Accumulating<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.stream.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(event))) => {
                let added = T::add(&mut this.state, &event).map(|()| event).map_err(|message| Error::Stream {
                    operation: this.stream.meta().operation,
                    message,
                    error: None,
                });
                Poll::Ready(Some(added))
            }
            other => other,
        }
    }
}

/// The next event's text from any stream of text-carrying events.
async fn next_text<T: TextDelta, S: Stream<Item = Result<T, Error>> + Unpin>(
    stream: &mut S,
) -> Option<Result<String, Error>> {
    loop {
        match stream.next().await? {
            Ok(event) => match event.text_delta() {
                Some(text) if !text.is_empty() => return Some(Ok(text.to_owned())),
                _ => continue,
            },
            Err(e) => return Some(Err(e)),
        }
    }
}
