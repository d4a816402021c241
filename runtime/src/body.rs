//! Reading response bodies into memory, never past a limit: a server (or anything between
//! it and the client) can send a body of any size, and the client must not hold more than
//! it agreed to.

use crate::error::transport_error;
use crate::error::Error;
use bytes::{Bytes, BytesMut};
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use std::time::Duration;

/// The default largest success body read into memory: 256 MiB. The largest legitimate JSON
/// answer of the OpenAI API is about 220 MB (2,048 embeddings of 3,072 floats as indented
/// JSON), so the limit stops a runaway body without refusing a real one. Event streams are
/// limited per event instead, and [`crate::Call::bytes_stream`] not at all.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 256 * 1024 * 1024;

/// The part of an error body kept: 64 KiB is far beyond any error object, and the rest is
/// not downloaded.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Why a body could not be read whole.
pub(crate) enum ReadError {
    /// The body is larger than the limit (by its `Content-Length`, or as it arrived).
    TooLarge,
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// The whole body, or [`ReadError::TooLarge`] as soon as it is known to exceed `limit`
/// (before reading anything when the server declares its length).
pub(crate) async fn read(mut response: reqwest::Response, limit: usize) -> Result<Bytes, ReadError> {
    let declared = response.content_length().map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if declared.is_some_and(|n| n > limit) {
        return Err(ReadError::TooLarge);
    }
    // One allocation when the length is declared (and within the limit).
    let mut buffer = BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if buffer.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge);
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(buffer.freeze())
}

/// At most `limit` bytes of the body, and whether there was more; a connection that fails
/// midway gives what arrived. The rest of the body is never downloaded.
pub(crate) async fn read_prefix(mut response: reqwest::Response, limit: usize) -> (Bytes, bool) {
    let mut buffer = BytesMut::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit - buffer.len();
        if chunk.len() > room {
            buffer.extend_from_slice(&chunk[..room]);
            return (buffer.freeze(), true);
        }
        buffer.extend_from_slice(&chunk);
    }
    (buffer.freeze(), false)
}

/// The body as it arrives, for an event stream: each read waits at most `idle` (a silent
/// server ends the stream with [`Error::IdleTimeout`], however long the stream has run),
/// and at most `limit` bytes are read in all, when one is set. The timer runs only while
/// the stream is polled, so a slow consumer is never mistaken for a silent server.
pub(crate) fn guarded(
    response: reqwest::Response,
    operation: &'static str,
    idle: Duration,
    limit: Option<usize>,
) -> BoxStream<'static, Result<Bytes, Error>> {
    futures_util::stream::unfold(Some((response, 0usize)), move |state| async move {
        let (mut response, read) = state?;
        let chunk = match tokio::time::timeout(idle, response.chunk()).await {
            Err(_elapsed) => return Some((Err(Error::IdleTimeout { operation, after: idle }), None)),
            Ok(Err(e)) => return Some((Err(transport_error(operation, e, idle)), None)),
            Ok(Ok(None)) => return None,
            Ok(Ok(Some(chunk))) => chunk,
        };
        let read = read + chunk.len();
        match limit {
            Some(limit) if read > limit => Some((Err(Error::TooLarge { operation, limit }), None)),
            _ => Some((Ok(chunk), Some((response, read)))),
        }
    })
    .boxed()
}
