//! `multipart/form-data` bodies. A [`Form`] is a description of its parts, turned into bytes
//! for each attempt, so a retry sends exactly the same body again; only a part read from a
//! one-shot stream cannot be sent twice, and such a request is not retried.

#[cfg(feature = "client")]
use crate::error::Error;
use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

type ByteStream = BoxStream<'static, Result<Bytes, std::io::Error>>;

/// A file to upload: bytes in memory, a path read at send time, or a stream.
#[derive(Clone)]
pub struct File {
    source: Source,
    filename: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken by the first attempt.
    Stream(Arc<Mutex<Option<ByteStream>>>),
}

impl File {
    /// A file from bytes, sent under `filename`.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        File { source: Source::Bytes(bytes.into()), filename: Some(filename.into()), content_type: None }
    }

    /// A file read from disk when the request is sent (again on each retry); its name is
    /// the path's file name.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned());
        File { source: Source::Path(path), filename, content_type: None }
    }

    /// A file read from a stream; a request carrying one is sent once, never retried.
    pub fn from_stream<S>(filename: impl Into<String>, stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    {
        File {
            source: Source::Stream(Arc::new(Mutex::new(Some(stream.boxed())))),
            filename: Some(filename.into()),
            content_type: None,
        }
    }

    /// Set the part's content type (otherwise it is guessed from the file name).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Set the file name sent with the part.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    fn replayable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }

    #[cfg(feature = "client")]
    async fn part(&self) -> Result<reqwest::multipart::Part, Error> {
        let part = match &self.source {
            Source::Bytes(b) => {
                reqwest::multipart::Part::stream_with_length(reqwest::Body::from(b.clone()), b.len() as u64)
            }
            Source::Path(path) => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|source| Error::File { path: path.display().to_string(), source })?;
                let len = file
                    .metadata()
                    .await
                    .map_err(|source| Error::File { path: path.display().to_string(), source })?
                    .len();
                let stream = tokio_util::io::ReaderStream::new(file);
                reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
            }
            Source::Stream(slot) => {
                let stream = slot.lock().expect("stream slot lock").take().ok_or_else(|| Error::File {
                    path: self.filename.clone().unwrap_or_default(),
                    source: std::io::Error::other("the stream of this file was already sent"),
                })?;
                reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(stream))
            }
        };
        let part = match &self.filename {
            Some(name) => part.file_name(name.clone()),
            None => part.file_name("file"),
        };
        let content_type = self
            .content_type
            .clone()
            .unwrap_or_else(|| guess_content_type(self.filename.as_deref().unwrap_or("")).to_owned());
        part.mime_str(&content_type).map_err(|e| Error::InvalidRequest {
            operation: "multipart",
            message: format!("content type `{content_type}` is not valid: {e}"),
        })
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(b) => format!("{} bytes", b.len()),
            Source::Path(p) => format!("path {}", p.display()),
            Source::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("File")
            .field("source", &source)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl PartialEq for File {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same && self.filename == other.filename && self.content_type == other.content_type
    }
}

/// Files travel in multipart bodies; as JSON (when a form type is logged or stored) a file
/// in memory is its text, a path its path.
impl Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::Bytes(b) => match std::str::from_utf8(b) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => serializer.serialize_bytes(b),
            },
            Source::Path(p) => serializer.serialize_str(&p.display().to_string()),
            Source::Stream(_) => serializer.serialize_str(self.filename.as_deref().unwrap_or("stream")),
        }
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let binary = crate::Binary::deserialize(deserializer)?;
        Ok(File::from_bytes("file", binary.0))
    }
}

#[cfg(feature = "client")]
fn guess_content_type(filename: &str) -> &'static str {
    let ext = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "json" => "application/json",
        "jsonl" => "application/jsonl",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "mp3" | "mpga" => "audio/mpeg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "webm" => "audio/webm",
        "ogg" => "audio/ogg",
        "flac" => "audio/flac",
        _ => "application/octet-stream",
    }
}

#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "client"), expect(dead_code, reason = "text parts are read when the client sends them"))]
enum Value {
    Text(String),
    /// Text with its own content type (a JSON part).
    Typed(String, &'static str),
    File(File),
}

/// How a field holding an object is written into a form, as the document's `encoding` for it
/// says (OpenAPI's Encoding Object, with the style rules of query parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// One part holding the object as JSON, `Content-Type: application/json`: the OpenAPI
    /// default for object properties when the encoding sets no `style`.
    #[default]
    Json,
    /// `style: deepObject`: one part per property, `name[key]` (nested objects
    /// `name[key][inner]`, arrays `name[key][]`), the way OpenAI documents
    /// `expires_after[anchor]`.
    DeepObject,
    /// `style: form` with `explode: true` (form's default): one part per property, named by
    /// the property alone.
    FormExploded,
    /// `style: form` with `explode: false`: one `name` part, `key,value,key,value`.
    Form,
}

/// The parts of a multipart body, in order.
#[derive(Clone, Debug, Default)]
pub struct Form {
    parts: Vec<(String, Value)>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Form::default()
    }

    /// A text part.
    pub fn text(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.parts.push((name.to_owned(), Value::Text(value.into())));
        self
    }

    /// A file part.
    pub fn file(&mut self, name: &str, file: &File) -> &mut Self {
        self.parts.push((name.to_owned(), Value::File(file.clone())));
        self
    }

    /// A field of any type: strings, numbers and booleans as text; arrays as repeated
    /// `name[]` parts; objects as one JSON part ([`Encoding::Json`]); `None` left out.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        self.field_value(name, serde_json::to_value(value), Encoding::Json)
    }

    /// A field whose objects are written as `encoding` says; other values as [`Form::field`].
    pub fn field_encoded<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, encoding: Encoding) -> &mut Self {
        // Only the conversion to JSON depends on `T`: the rest is compiled once.
        self.field_value(name, serde_json::to_value(value), encoding)
    }

    fn field_value(
        &mut self,
        name: &str,
        value: Result<serde_json::Value, serde_json::Error>,
        encoding: Encoding,
    ) -> &mut Self {
        match value {
            Ok(serde_json::Value::Null) | Err(_) => {}
            Ok(serde_json::Value::Array(items)) => {
                let key = format!("{name}[]");
                for item in items {
                    self.text(&key, text_of(&item));
                }
            }
            Ok(serde_json::Value::Object(map)) => self.object(name, &map, encoding),
            Ok(v) => {
                self.text(name, text_of(&v));
            }
        }
        self
    }

    fn object(&mut self, name: &str, map: &serde_json::Map<String, serde_json::Value>, encoding: Encoding) {
        match encoding {
            Encoding::Json => {
                let json = serde_json::Value::Object(map.clone()).to_string();
                self.parts.push((name.to_owned(), Value::Typed(json, "application/json")));
            }
            Encoding::DeepObject => {
                for (key, value) in map {
                    self.nested(&format!("{name}[{key}]"), value);
                }
            }
            Encoding::FormExploded => {
                for (key, value) in map.iter().filter(|(_, v)| !v.is_null()) {
                    self.text(key, text_of(value));
                }
            }
            Encoding::Form => {
                let pairs: Vec<String> =
                    map.iter().filter(|(_, v)| !v.is_null()).flat_map(|(k, v)| [k.clone(), text_of(v)]).collect();
                self.text(name, pairs.join(","));
            }
        }
    }

    /// A value at a bracketed key: objects one level deeper, arrays as `key[]`, null left out.
    fn nested(&mut self, key: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    self.nested(&format!("{key}[{k}]"), v);
                }
            }
            serde_json::Value::Array(items) => {
                let key = format!("{key}[]");
                for item in items {
                    self.nested(&key, item);
                }
            }
            scalar => {
                self.text(key, text_of(scalar));
            }
        }
    }

    /// Remove the parts named `name`.
    pub fn remove(&mut self, name: &str) -> &mut Self {
        self.parts.retain(|(n, _)| n != name);
        self
    }

    /// Whether every part can be produced again for a retry.
    pub fn replayable(&self) -> bool {
        self.parts.iter().all(|(_, v)| match v {
            Value::Text(_) | Value::Typed(..) => true,
            Value::File(f) => f.replayable(),
        })
    }

    /// The names of the parts, in order.
    pub fn part_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(n, _)| n.as_str())
    }

    #[cfg(feature = "client")]
    pub(crate) async fn build(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.parts {
            form = match value {
                Value::Text(t) => form.text(name.clone(), t.clone()),
                Value::Typed(t, content_type) => {
                    let part = reqwest::multipart::Part::text(t.clone()).mime_str(content_type).map_err(|e| {
                        Error::InvalidRequest { operation: "multipart", message: format!("part `{name}`: {e}") }
                    })?;
                    form.part(name.clone(), part)
                }
                Value::File(f) => form.part(name.clone(), f.part().await?),
            };
        }
        Ok(form)
    }
}

fn text_of(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Implemented by generated request types sent as `multipart/form-data`.
pub trait ToForm {
    /// The form's parts.
    fn to_form(&self) -> Form;
}

/// Implemented by generated unions that may hold files, to add themselves to a form.
pub trait FormValue {
    /// Add this value under `name`.
    fn add_to(&self, form: &mut Form, name: &str);
}
