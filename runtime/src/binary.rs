//! Raw bytes that travel as a JSON string (`type: string, format: binary`).

use bytes::Bytes;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// The value of a `format: binary` schema.
///
/// In JSON it is a string; text that is valid UTF-8 goes back out as the same string, so a
/// value read and written again is unchanged. In multipart bodies it is sent as a file part.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Bytes);

impl Binary {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(v: Vec<u8>) -> Self {
        Binary(Bytes::from(v))
    }
}

impl From<&'static [u8]> for Binary {
    fn from(v: &'static [u8]) -> Self {
        Binary(Bytes::from_static(v))
    }
}

impl From<Bytes> for Binary {
    fn from(v: Bytes) -> Self {
        Binary(v)
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.serialize_bytes(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BinaryVisitor;
        impl<'de> Visitor<'de> for BinaryVisitor {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or bytes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Binary, E> {
                Ok(Binary(Bytes::copy_from_slice(v.as_bytes())))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary(Bytes::copy_from_slice(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Binary, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Binary(Bytes::from(out)))
            }
        }
        deserializer.deserialize_any(BinaryVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::Binary;

    #[test]
    fn text_round_trips_as_a_string() {
        let b: Binary = serde_json::from_str(r#""RIFF data""#).unwrap();
        assert_eq!(b.as_bytes(), b"RIFF data");
        assert_eq!(serde_json::to_string(&b).unwrap(), r#""RIFF data""#);
    }
}
