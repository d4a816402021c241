//! A variant's changes to the lowered API: new names for types and methods, and another way
//! of sending the credential. Every name asked for must exist and every new name must be a
//! free, valid identifier, so a stale or mistyped variant file fails at generation.

use super::config::{AuthSection, AuthStyle};
use crate::error::Error;
use crate::ir::{Api, Ident, SecurityKind};
use crate::lower::naming::params_type_name;
use std::collections::{BTreeMap, BTreeSet};

/// Rename types: keys are generated names or component names.
pub fn rename_types(api: &mut Api, renames: &BTreeMap<String, String>) -> Result<(), Error> {
    for (from, to) in renames {
        if !is_type_name(to) {
            return Err(Error::msg(format!("[rename.types] `{to}` is not an UpperCamelCase Rust type name")));
        }
        if api.types.iter().any(|t| &t.name == to) {
            return Err(Error::msg(format!("[rename.types] `{from}` → `{to}`: a type named `{to}` exists already")));
        }
        let component = format!("/components/schemas/{from}");
        let index = api
            .types
            .iter()
            .position(|t| &t.name == from)
            .or_else(|| api.types.iter().position(|t| t.origin == component))
            .ok_or_else(|| Error::msg(format!("[rename.types] no type is named `{from}`")))?;
        api.types[index].name = to.clone();
    }
    Ok(())
}

/// Rename methods: keys are operationIds or generated method names. The operation's other
/// methods (`name_json`, `name_stream`) follow.
pub fn rename_methods(api: &mut Api, renames: &BTreeMap<String, String>) -> Result<(), Error> {
    for (from, to) in renames {
        if !is_method_name(to) {
            return Err(Error::msg(format!("[rename.methods] `{to}` is not a snake_case Rust method name")));
        }
        let op =
            api.operations.iter_mut().find(|o| &o.id == from || o.method_name == *from.as_str()).ok_or_else(|| {
                Error::msg(format!("[rename.methods] no operation has the operationId or method name `{from}`"))
            })?;
        let to = Ident::new(to);
        let old = std::mem::replace(&mut op.method_name, to.clone());
        let follow = |name: &mut Ident| {
            if let Some(suffix) = name.as_str().strip_prefix(old.as_str()) {
                *name = Ident::new(&format!("{}{suffix}", to.as_str()));
            }
        };
        if op.params_type.is_some() {
            op.params_type = Some(params_type_name(&to));
        }
        if let Some(body) = &mut op.body {
            body.methods.iter_mut().for_each(|m| follow(&mut m.name));
        }
        if let Some(stream) = &mut op.stream {
            follow(&mut stream.name);
        }
    }
    let mut seen = BTreeSet::new();
    for op in api.operations.iter().filter(|o| !o.webhook) {
        let names = std::iter::once(&op.method_name)
            .chain(op.body.iter().flat_map(|b| b.methods.iter().map(|m| &m.name)))
            .chain(op.stream.iter().map(|s| &s.name));
        for name in names.collect::<BTreeSet<_>>() {
            if !seen.insert(name.clone()) {
                return Err(Error::msg(format!("[rename.methods] two methods would be named `{name}`")));
            }
        }
    }
    Ok(())
}

/// Send the credential of one scheme (or of all) another way.
pub fn set_auth(api: &mut Api, auth: &AuthSection) -> Result<(), Error> {
    if api.security_schemes.is_empty() {
        return Err(Error::msg(
            "[client] auth: the document declares no security scheme to change (add one with an overlay)",
        ));
    }
    let kind = match (auth.style, &auth.name) {
        (AuthStyle::Bearer, _) => SecurityKind::Bearer,
        (AuthStyle::Header, Some(name)) => SecurityKind::ApiKeyHeader(name.clone()),
        (AuthStyle::Query, Some(name)) => SecurityKind::ApiKeyQuery(name.clone()),
        (_, None) => return Err(Error::msg("[client] auth of style `header` or `query` needs a `name`")),
    };
    let mut changed = 0;
    for scheme in &mut api.security_schemes {
        if auth.scheme.as_ref().is_none_or(|s| s == &scheme.key) {
            scheme.kind = kind.clone();
            changed += 1;
        }
    }
    if changed == 0 {
        let known: Vec<&str> = api.security_schemes.iter().map(|s| s.key.as_str()).collect();
        return Err(Error::msg(format!(
            "[client] auth: no security scheme is named `{}` (the document has {})",
            auth.scheme.as_deref().unwrap_or_default(),
            known.join(", ")
        )));
    }
    Ok(())
}

fn is_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name != "Self"
}

fn is_method_name(name: &str) -> bool {
    let raw = name.strip_prefix("r#").unwrap_or(name);
    raw.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && raw.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && crate::lower::naming::escape_keyword(raw.to_owned()) == name
}
