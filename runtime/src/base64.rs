//! Base64 (the standard alphabet, padded), as JSON carries binary data: the audio of
//! Realtime events, file contents, embeddings.

use base64::Engine as _;

/// The error of a text that is not base64.
pub use base64::DecodeError;

/// `bytes` as base64 text.
pub fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The bytes base64 `text` stands for.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    base64::engine::general_purpose::STANDARD.decode(text)
}

/// The bytes base64 `text` stands for, appended to `out`.
pub fn decode_into(text: &str, out: &mut Vec<u8>) -> Result<(), DecodeError> {
    base64::engine::general_purpose::STANDARD.decode_vec(text, out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let bytes = [0u8, 1, 2, 254, 255];
        assert_eq!(super::encode(&bytes), "AAEC/v8=");
        assert_eq!(super::decode("AAEC/v8=").unwrap(), bytes);
        let mut out = vec![9];
        super::decode_into("AAE=", &mut out).unwrap();
        assert_eq!(out, [9, 0, 1]);
        assert!(super::decode("not base64!").is_err());
    }
}
