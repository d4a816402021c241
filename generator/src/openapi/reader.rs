//! A small cursor over a JSON object that knows its own pointer, so that every "wrong type"
//! or "missing field" error names the node at fault.

use crate::error::{push_pointer, Error};
use serde_json::{Map, Value};

/// A JSON object and the pointer where it sits in the document.
#[derive(Clone, Copy)]
pub struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub ptr: &'a str,
}

/// A JSON type name for error messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value at `ptr` must be an object.
pub fn expect_obj<'a>(v: &'a Value, ptr: &'a str, what: &str) -> Result<Obj<'a>, Error> {
    match v {
        Value::Object(map) => Ok(Obj { map, ptr }),
        other => Err(Error::at(ptr, format!("{what} must be an object, found {}", kind(other)))),
    }
}

impl<'a> Obj<'a> {
    pub fn ptr_of(&self, key: &str) -> String {
        push_pointer(self.ptr, key)
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::at(self.ptr_of(key), format!("`{key}` must be a string, found {}", kind(other)))),
        }
    }

    pub fn required_str(&self, key: &str, what: &str) -> Result<&'a str, Error> {
        self.str(key)?.ok_or_else(|| Error::at(self.ptr, format!("{what} has no `{key}`, which is required")))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => {
                Err(Error::at(self.ptr_of(key), format!("`{key}` must be true or false, found {}", kind(other))))
            }
        }
    }

    pub fn u64(&self, key: &str) -> Result<Option<u64>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_u64()
                .or_else(|| n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))
                .map(Some)
                .ok_or_else(|| {
                    Error::at(self.ptr_of(key), format!("`{key}` must be a non-negative integer, found {n}"))
                }),
            Some(other) => Err(Error::at(
                self.ptr_of(key),
                format!("`{key}` must be a non-negative integer, found {}", kind(other)),
            )),
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(other) => Err(Error::at(self.ptr_of(key), format!("`{key}` must be a number, found {}", kind(other)))),
        }
    }

    pub fn obj(&self, key: &str, ptr: &'a str) -> Result<Option<Obj<'a>>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) => expect_obj(v, ptr, &format!("`{key}`")).map(Some),
        }
    }

    pub fn array(&self, key: &str) -> Result<Option<&'a [Value]>, Error> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(other) => Err(Error::at(self.ptr_of(key), format!("`{key}` must be an array, found {}", kind(other)))),
        }
    }

    pub fn string_list(&self, key: &str) -> Result<Vec<String>, Error> {
        let Some(items) = self.array(key)? else {
            return Ok(Vec::new());
        };
        let ptr = self.ptr_of(key);
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(Error::at(
                    push_pointer(&ptr, &i.to_string()),
                    format!("items of `{key}` must be strings, found {}", kind(other)),
                )),
            })
            .collect()
    }

    /// `x-` extension fields, kept verbatim.
    pub fn extensions(&self) -> Vec<(String, Value)> {
        self.map.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}
