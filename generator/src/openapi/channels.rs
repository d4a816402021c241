//! WebSocket channels, which OpenAPI cannot describe: a document (or a variant, which writes
//! them into the document before it is read) declares them under the root extension
//! [`CHANNELS_KEY`], one entry per channel:
//!
//! ```yaml
//! x-oagen-channels:
//!   realtime:                       # the channel's name: `client.realtime()`
//!     summary: ...                  # and `description`: the docs of the method and session
//!     path: /realtime               # appended to the client's base URL (https → wss)
//!     tags: [Realtime]              # its API group (module and cargo feature), as for operations
//!     parameters:                   # query (and header) parameters of the handshake, as OpenAPI writes them
//!     - {name: model, in: query, schema: {type: string}}
//!     security: [{ApiKeyAuth: []}]  # as for operations; the document's by default
//!     headers: {OpenAI-Beta: realtime=v1}  # sent with every handshake
//!     client-secret: true           # `client_secret(..)`: a short-lived token instead of the key
//!     send: {$ref: '#/components/schemas/RealtimeClientEvent'}      # what the client sends
//!     receive: {$ref: '#/components/schemas/RealtimeServerEvent'}   # what the server sends
//!     response: {started: [response.created], done: [response.done]} # the events around a response
//!     errors: [error]               # message types that report an error
//! ```

use super::reader::{expect_obj, kind, Obj};
use super::schema::parse_schema;
use super::{security_list, Parameter, Reader, Schema, SecurityRequirement};
use crate::error::{push_pointer, Error};
use serde_json::Value;

/// The root key under which a document declares its WebSocket channels.
pub const CHANNELS_KEY: &str = "x-oagen-channels";

/// The keys a channel may have (besides `x-` extensions).
const KEYS: [&str; 12] = [
    "summary",
    "description",
    "path",
    "tags",
    "parameters",
    "security",
    "headers",
    "client-secret",
    "send",
    "receive",
    "response",
    "errors",
];

/// A WebSocket channel of the document.
#[derive(Debug, Clone)]
pub struct Channel {
    pub ptr: String,
    /// Its key under [`CHANNELS_KEY`].
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Appended to the server URL.
    pub path: String,
    pub tags: Vec<String>,
    /// Query and header parameters of the handshake.
    pub parameters: Vec<Parameter>,
    /// `None` inherits the document's requirements.
    pub security: Option<Vec<SecurityRequirement>>,
    pub headers: Vec<(String, String)>,
    /// A short-lived token may stand in for the credentials.
    pub client_secret: bool,
    pub send: Schema,
    pub receive: Schema,
    /// Message types that start a response.
    pub response_started: Vec<String>,
    /// Message types that end one.
    pub response_done: Vec<String>,
    /// Message types that report an error.
    pub errors: Vec<String>,
}

impl<'a> Reader<'a> {
    /// The channels under [`CHANNELS_KEY`], in document order.
    pub(super) fn channels(&self, top: &Obj<'a>) -> Result<Vec<Channel>, Error> {
        let root_ptr = top.ptr_of(CHANNELS_KEY);
        let Some(list) = top.obj(CHANNELS_KEY, &root_ptr)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(list.map.len());
        for (name, v) in list.map {
            let ptr = push_pointer(&root_ptr, name);
            out.push(self.channel(name, v, ptr)?);
        }
        Ok(out)
    }

    fn channel(&self, name: &str, v: &'a Value, ptr: String) -> Result<Channel, Error> {
        let o = expect_obj(v, &ptr, "a channel")?;
        if let Some(key) = o.map.keys().find(|k| !k.starts_with("x-") && !KEYS.contains(&k.as_str())) {
            return Err(Error::at(
                o.ptr_of(key),
                format!("a channel has no `{key}`; its keys are {}", KEYS.map(|k| format!("`{k}`")).join(", ")),
            ));
        }
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(Error::at(ptr, format!("channel name `{name}` must be letters, digits, `_` and `-`")));
        }
        let path = o.required_str("path", "a channel")?;
        if !path.starts_with('/') || path.contains(['{', '}', '?', '#']) {
            return Err(Error::at(
                o.ptr_of("path"),
                format!("the channel path `{path}` must start with `/` and hold no parameters, query or fragment"),
            ));
        }
        let (parameters, leftovers) = self.parameters(o)?;
        if let Some(first) = leftovers.first() {
            return Err(first.error());
        }
        if let Some(p) = parameters.iter().find(|p| !matches!(p.location.as_str(), "query" | "header")) {
            return Err(Error::at(
                p.ptr.clone(),
                format!(
                    "channel parameter `{}` is in `{}`; a channel takes query and header parameters",
                    p.name, p.location
                ),
            ));
        }
        let headers = match o.get("headers") {
            None => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    other => Err(Error::at(
                        push_pointer(&o.ptr_of("headers"), k),
                        format!("a channel header's value must be a string, found {}", kind(other)),
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(Error::at(
                    o.ptr_of("headers"),
                    format!("`headers` must be an object of strings, found {}", kind(other)),
                ))
            }
        };
        let schema = |key: &str| -> Result<Schema, Error> {
            let v = o.get(key).ok_or_else(|| {
                Error::at(o.ptr, format!("a channel has no `{key}`, the schema of the messages it carries"))
            })?;
            parse_schema(v, &o.ptr_of(key))
        };
        let (response_started, response_done) = match o.get("response") {
            None => (Vec::new(), Vec::new()),
            Some(v) => {
                let rptr = o.ptr_of("response");
                let r = expect_obj(v, &rptr, "`response`")?;
                if let Some(key) = r.map.keys().find(|k| !matches!(k.as_str(), "started" | "done")) {
                    return Err(Error::at(r.ptr_of(key), format!("`response` has `started` and `done`, not `{key}`")));
                }
                (r.string_list("started")?, r.string_list("done")?)
            }
        };
        Ok(Channel {
            name: name.to_owned(),
            summary: o.str("summary")?.map(str::to_owned),
            description: o.str("description")?.map(str::to_owned),
            path: path.to_owned(),
            tags: o.string_list("tags")?,
            parameters,
            security: o.get("security").map(|v| security_list(v, &o.ptr_of("security"))).transpose()?,
            headers,
            client_secret: o.bool("client-secret")?.unwrap_or(false),
            send: schema("send")?,
            receive: schema("receive")?,
            response_started,
            response_done,
            errors: o.string_list("errors")?,
            ptr,
        })
    }
}
