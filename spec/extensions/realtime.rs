//! Realtime sessions made short: the common client events built in one call (audio given as
//! bytes and base64-encoded here), and the server's events read as text or added up into the
//! response they describe, as HTTP streams are.
//!
//! Hand-written for the OpenAI API; `cargo xtask gen` copies it from
//! `spec/extensions/realtime.rs` into the generated crate.
#![cfg(feature = "realtime")]

use crate::types::{
    RealtimeClientEvent, RealtimeClientEventInputAudioBufferClear, RealtimeClientEventInputAudioBufferCommit,
    RealtimeClientEventResponseCancel, RealtimeClientEventResponseCreate, RealtimeResponse, RealtimeServerEvent,
    RealtimeTranslationClientEvent,
};

impl RealtimeClientEvent {
    /// `input_audio_buffer.append` of these audio bytes (in the session's input format,
    /// 24 kHz mono PCM16 by default), base64-encoded as the event carries them.
    pub fn append_audio(audio: &[u8]) -> Self {
        RealtimeClientEvent::input_audio_buffer_append(runtime::base64::encode(audio))
    }

    /// `input_audio_buffer.commit`: the audio appended so far becomes a user message.
    pub fn commit_audio() -> Self {
        RealtimeClientEventInputAudioBufferCommit::default().into()
    }

    /// `input_audio_buffer.clear`: drop the audio appended so far.
    pub fn clear_audio() -> Self {
        RealtimeClientEventInputAudioBufferClear::default().into()
    }

    /// `conversation.item.create` of a user message holding this text.
    pub fn user_text(text: impl Into<String>) -> Self {
        let event = serde_json::json!({
            "type": "conversation.item.create",
            "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text.into()}]},
        });
        runtime::serde::from_value(&event).unwrap_or(RealtimeClientEvent::Unknown(event))
    }

    /// `response.create` with the session's settings.
    pub fn response_create() -> Self {
        RealtimeClientEventResponseCreate::default().into()
    }

    /// `response.cancel` of the response in progress.
    pub fn response_cancel() -> Self {
        RealtimeClientEventResponseCancel::default().into()
    }
}

impl RealtimeTranslationClientEvent {
    /// `session.input_audio_buffer.append` of these audio bytes (24 kHz mono PCM16),
    /// base64-encoded.
    pub fn append_audio(audio: &[u8]) -> Self {
        let event = serde_json::json!({
            "type": "session.input_audio_buffer.append",
            "audio": runtime::base64::encode(audio),
        });
        runtime::serde::from_value(&event).unwrap_or(RealtimeTranslationClientEvent::Unknown(event))
    }
}

/// The text a response adds: its text, and the transcript of its audio.
#[cfg(feature = "client")]
impl runtime::accumulate::TextDelta for RealtimeServerEvent {
    fn text_delta(&self) -> Option<&str> {
        match self {
            RealtimeServerEvent::ResponseTextDelta(event) => Some(&event.delta),
            RealtimeServerEvent::ResponseAudioTranscriptDelta(event) => Some(&event.delta),
            _ => None,
        }
    }
}

/// The transcript of the translation.
#[cfg(feature = "client")]
impl runtime::accumulate::TextDelta for crate::types::RealtimeTranslationServerEvent {
    fn text_delta(&self) -> Option<&str> {
        match self {
            Self::SessionOutputTranscriptDelta(event) => Some(&event.delta),
            _ => None,
        }
    }
}

/// A Realtime response added up from its events: what `response.done` carries (every output
/// item, without audio), the text and the audio transcript as they streamed, and the audio.
#[derive(Debug, Clone, Default)]
pub struct RealtimeReply {
    /// The response as `response.done` gave it.
    pub response: RealtimeResponse,
    /// The text of its `output_text` parts, joined.
    pub text: String,
    /// The transcript of its audio, joined.
    pub transcript: String,
    /// Its audio, decoded (in the session's output format).
    pub audio: Vec<u8>,
}

/// Adds up the events of one Realtime response (see [`RealtimeReply`]).
#[derive(Debug, Clone, Default)]
pub struct RealtimeAccumulator {
    reply: RealtimeReply,
    done: bool,
}

impl RealtimeAccumulator {
    /// Add an event; events that do not belong to a response change nothing.
    pub fn push(&mut self, event: &RealtimeServerEvent) -> Result<(), runtime::base64::DecodeError> {
        match event {
            RealtimeServerEvent::ResponseTextDelta(e) => self.reply.text.push_str(&e.delta),
            RealtimeServerEvent::ResponseAudioTranscriptDelta(e) => self.reply.transcript.push_str(&e.delta),
            RealtimeServerEvent::ResponseAudioDelta(e) => {
                runtime::base64::decode_into(&e.delta, &mut self.reply.audio)?
            }
            RealtimeServerEvent::ResponseDone(e) => {
                self.reply.response = e.response.clone();
                self.done = true;
            }
            _ => {}
        }
        Ok(())
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.reply.text
    }

    /// The audio transcript so far.
    pub fn transcript(&self) -> &str {
        &self.reply.transcript
    }

    /// Whether `response.done` arrived.
    pub fn is_complete(&self) -> bool {
        self.done
    }

    /// What the events added up to.
    pub fn finish(self) -> RealtimeReply {
        self.reply
    }
}

/// A response's events add up into a [`RealtimeReply`] (`session.turn(..).await?.finish()`).
#[cfg(feature = "client")]
impl runtime::accumulate::Accumulate for RealtimeServerEvent {
    type Output = RealtimeReply;
    type State = RealtimeAccumulator;

    fn add(state: &mut RealtimeAccumulator, event: &Self) -> Result<(), String> {
        state.push(event).map_err(|e| format!("the response's audio is not base64: {e}"))
    }

    fn finish(state: RealtimeAccumulator) -> Result<RealtimeReply, String> {
        if !state.is_complete() {
            return Err("the events ended before `response.done`".to_owned());
        }
        Ok(state.finish())
    }
}

#[cfg(test)]
mod tests {
    use crate::types::RealtimeClientEvent;
    use serde_json::json;

    #[test]
    fn client_events_are_written_as_the_api_reads_them() {
        let cases = [
            (RealtimeClientEvent::append_audio(&[0, 1, 2, 255]), json!({"type": "input_audio_buffer.append", "audio": "AAEC/w=="})),
            (RealtimeClientEvent::commit_audio(), json!({"type": "input_audio_buffer.commit"})),
            (RealtimeClientEvent::clear_audio(), json!({"type": "input_audio_buffer.clear"})),
            (RealtimeClientEvent::response_create(), json!({"type": "response.create"})),
            (RealtimeClientEvent::response_cancel(), json!({"type": "response.cancel"})),
            (
                RealtimeClientEvent::user_text("hi"),
                json!({"type": "conversation.item.create", "item": {"type": "message", "role": "user",
                       "content": [{"type": "input_text", "text": "hi"}]}}),
            ),
        ];
        for (event, wire) in cases {
            assert_eq!(serde_json::to_value(&event).unwrap(), wire);
            assert!(!matches!(event, RealtimeClientEvent::Unknown(_)));
        }
    }
}
