//! Checks of a read document that no single node can make: that path templates, security
//! requirements and discriminator mappings name things the document declares, that names
//! sent on the wire are valid there, and that nothing the document says is silently dropped.
//! A failure is an error at the node to fix, or, where real documents get it wrong and the
//! intent is plain, a located warning and a repair (a path parameter the template names but
//! the operation forgot; a requirement naming a scheme nobody defined; braces in a server URL
//! that name no variable). Server URL templates are filled in with their variables'
//! defaults, as OpenAPI says a client does.

use super::repair::Repairs;
use super::schema::parse_schema;
use super::{Document, Operation, Parameter, Schema, SecurityRequirement, METHODS};
use crate::error::{push_pointer, Error};
use openapiv3::{APIKeyLocation, SecurityScheme};
use serde_json::Value;
use std::collections::HashSet;

/// Check the document, repairing what can be; the warnings go to `repairs`.
pub(super) fn check(root: &Value, doc: &mut Document, repairs: &Repairs) -> Result<(), Error> {
    let mut warnings = Vec::new();
    method_keys(root, repairs)?;
    fill_server_urls(doc, &mut warnings);
    server_urls(doc, repairs)?;
    let mut unsendable = HashSet::new();
    for (key, scheme) in &mut doc.security_schemes {
        if !api_key_name(key, scheme, repairs)? {
            unsendable.insert(key.clone());
        }
    }
    doc.security_schemes.retain(|key, _| !unsendable.contains(key));
    let schemes: HashSet<String> = doc.security_schemes.keys().cloned().collect();
    let known = Schemes { defined: &schemes, left_out: &unsendable };
    drop_unknown_schemes(&known, &mut doc.security, "/security", &mut warnings);
    for op in &mut doc.operations {
        path_template(op, &mut warnings)?;
        path_parameters_in_template(op, repairs)?;
        header_parameter_names(op, repairs)?;
        unique_parameters(op, repairs)?;
        let ptr = format!("{}/security", op.ptr);
        if let Some(list) = &mut op.security {
            drop_unknown_schemes(&known, list, &ptr, &mut warnings);
        }
    }
    for (name, s) in &doc.schemas {
        if s.reference.as_deref() == Some(s.ptr.as_str()) {
            return Err(Error::at(
                s.ptr.clone(),
                format!("schema `{name}` is only a `$ref` to itself: a reference cycle that describes no type"),
            ));
        }
    }
    let mut schemas: Vec<&mut Schema> = doc.schemas.values_mut().chain(doc.other_schemas.values_mut()).collect();
    for op in &mut doc.operations {
        schemas.extend(op.parameters.iter_mut().filter_map(|p| p.schema.as_mut()));
        if let Some(body) = &mut op.request_body {
            schemas.extend(body.content.values_mut().filter_map(|m| m.schema.as_mut()));
        }
        for (_, r) in &mut op.responses {
            schemas.extend(r.content.values_mut().filter_map(|m| m.schema.as_mut()));
            schemas.extend(r.headers.values_mut().filter_map(|h| h.schema.as_mut()));
        }
    }
    while let Some(s) = schemas.pop() {
        discriminator_targets(root, s, repairs)?;
        discriminator_members(s, repairs)?;
        schemas.extend(s.properties.values_mut().chain(&mut s.all_of).chain(&mut s.any_of).chain(&mut s.one_of));
        schemas.extend(s.items.iter_mut().chain(&mut s.additional_properties).map(|b| &mut **b));
    }
    repairs.push_all(warnings);
    Ok(())
}

/// The security schemes requirements may name: those defined, and those left out because
/// they cannot be sent (already warned about).
struct Schemes<'a> {
    defined: &'a HashSet<String>,
    left_out: &'a HashSet<String>,
}

/// The fixed fields of a Path Item Object besides its operations.
const PATH_ITEM_FIELDS: [&str; 5] = ["$ref", "summary", "description", "servers", "parameters"];

/// Path item keys are case-sensitive: `GET` is not an operation, and would be dropped. Any
/// other key that is neither an operation, a path item field nor an `x-` extension (`query`,
/// `connect`, a typo) is an operation nobody will get: a warning naming it.
fn method_keys(root: &Value, repairs: &Repairs) -> Result<(), Error> {
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get(section) else { continue };
        for (path, item) in items {
            let Value::Object(item) = item else { continue };
            for key in item.keys() {
                let at = push_pointer(&push_pointer(&format!("/{section}"), path), key);
                let lower = key.to_ascii_lowercase();
                if *key != lower && METHODS.contains(&lower.as_str()) {
                    return Err(Error::at(
                        at,
                        format!("`{key}` is not an operation: method keys are lower case (`{lower}`)"),
                    ));
                }
                let known = METHODS.contains(&key.as_str()) || PATH_ITEM_FIELDS.contains(&key.as_str());
                if !known && !key.starts_with("x-") {
                    repairs.report(Error::at(
                        at,
                        format!(
                            "`{key}` is not an HTTP method OpenAPI knows ({}) nor a path item field; it is ignored",
                            METHODS.join(", ")
                        ),
                    ))?;
                }
            }
        }
    }
    Ok(())
}

/// A server URL is the client's base URL: an absolute `http(s)://` one is used as written. A
/// relative one (`/v1`, `v1`) is relative to where the document is served, which a document
/// read from a file does not say: it is read against `http://localhost`, its path kept
/// (`http://localhost/v1`), with a warning telling to set the real host; `//host/v1` takes
/// `https:`. Any other scheme (`file:`, `ftp:`, `ws:`) cannot carry HTTP requests: that
/// server is left out, with a warning.
fn server_urls(doc: &mut Document, repairs: &Repairs) -> Result<(), Error> {
    let mut kept = Vec::with_capacity(doc.servers.len());
    for (i, mut server) in std::mem::take(&mut doc.servers).into_iter().enumerate() {
        let at = format!("/servers/{i}/url");
        let url = server.url.trim();
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            kept.push(server);
            continue;
        }
        // `host:8080/v1` is a host and port, not a scheme.
        let host_port = url.find(':').is_some_and(|c| url[c + 1..].starts_with(|ch: char| ch.is_ascii_digit()));
        if host_port && !url.contains("://") {
            let absolute = format!("http://{}", url.trim_end_matches('/'));
            repairs.report(Error::at(
                at,
                format!("server URL `{url}` has no scheme; the client's default base URL is `{absolute}`"),
            ))?;
            server.url = absolute;
            kept.push(server);
            continue;
        }
        let scheme = url.find(':').map(|c| &url[..c]).filter(|scheme| {
            url.contains("://")
                || (scheme.starts_with(|ch: char| ch.is_ascii_alphabetic())
                    && scheme.chars().all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch)))
        });
        if let Some(scheme) = scheme {
            repairs.report(Error::at(
                at,
                format!("server URL `{url}` is a `{scheme}:` URL, which cannot carry HTTP requests; this server is left out"),
            ))?;
            continue;
        }
        let absolute = match url.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => format!("http://localhost/{}", url.trim_start_matches("./").trim_start_matches('/')),
        };
        let absolute = absolute.trim_end_matches('/').to_owned();
        repairs.report(Error::at(
            at,
            format!(
                "server URL `{url}` is relative: it is relative to where the document is served, which a document \
                 read from a file does not say; the client's default base URL is `{absolute}` (set the real one \
                 with the builder's `base_url` or the base-URL environment variable)"
            ),
        ))?;
        server.url = absolute;
        kept.push(server);
    }
    doc.servers = kept;
    Ok(())
}

/// `https://{region}.example.com/{version}` becomes its URL with every variable's default.
/// Braces that name no declared variable are kept as written, with a warning.
fn fill_server_urls(doc: &mut Document, warnings: &mut Vec<Error>) {
    for (i, server) in doc.servers.iter_mut().enumerate() {
        let mut url = String::with_capacity(server.url.len());
        let mut rest = server.url.as_str();
        let mut undeclared = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            let name = &rest[open + 1..close];
            match server.variables.as_ref().and_then(|v| v.get(name)) {
                Some(variable) => {
                    url.push_str(&rest[..open]);
                    url.push_str(&variable.default);
                }
                None => {
                    url.push_str(&rest[..=close]);
                    undeclared.push(name.to_owned());
                }
            }
            rest = &rest[close + 1..];
        }
        url.push_str(rest);
        for name in undeclared {
            warnings.push(Error::at(
                format!("/servers/{i}/url"),
                format!("`{{{name}}}` is not one of this server's `variables`; the URL keeps it as written"),
            ));
        }
        server.url = url;
    }
}

/// An API key's name goes on the wire as a header, query or cookie name: it must be one. A
/// name that cannot be (`RapidAPI.com API Key`, a label) is replaced by the scheme's key when
/// that is a valid name (documents key such schemes by the header, `X-RapidAPI-Key`), with a
/// warning; otherwise the scheme is left out (false), and requirements naming it with it.
fn api_key_name(key: &str, scheme: &mut SecurityScheme, repairs: &Repairs) -> Result<bool, Error> {
    let SecurityScheme::APIKey { location, name, .. } = scheme else { return Ok(true) };
    // RFC 9110 token characters, which also suit cookie names.
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let valid = |name: &str| match location {
        APIKeyLocation::Header | APIKeyLocation::Cookie => !name.is_empty() && name.chars().all(token),
        APIKeyLocation::Query => !name.is_empty() && !name.chars().any(char::is_control),
    };
    if valid(name) {
        return Ok(true);
    }
    let at = push_pointer(&push_pointer("/components/securitySchemes", key), "name");
    if valid(key) {
        let fix = format!("the scheme's key `{key}` is sent instead");
        repairs.repair(at, format!("{name:?} cannot be sent as the name of an API key"), &fix)?;
        key.clone_into(name);
        return Ok(true);
    }
    repairs.repair(
        at,
        format!("{name:?} cannot be sent as the name of an API key"),
        "the scheme is left out, and the requirements naming it with it",
    )?;
    Ok(false)
}

/// A requirement naming a scheme the document does not define can never be met: it is
/// dropped with a warning (every call would otherwise fail at run time).
fn drop_unknown_schemes(
    schemes: &Schemes<'_>,
    list: &mut Vec<SecurityRequirement>,
    ptr: &str,
    warnings: &mut Vec<Error>,
) {
    let mut i = 0;
    list.retain(|req| {
        let at = push_pointer(ptr, &i.to_string());
        i += 1;
        let unknown: Vec<&String> = req.keys().filter(|name| !schemes.defined.contains(*name)).collect();
        for name in unknown.iter().filter(|name| !schemes.left_out.contains(**name)) {
            warnings.push(Error::at(
                push_pointer(&at, name),
                format!(
                    "security scheme `{name}` is not defined in components/securitySchemes; this requirement \
                     is ignored"
                ),
            ));
        }
        unknown.is_empty()
    });
}

/// The braces of a path are balanced, and each `{name}` is a path parameter; one the
/// operation does not declare is added as a required string, with a warning.
fn path_template(op: &mut Operation, warnings: &mut Vec<Error>) -> Result<(), Error> {
    if op.webhook.is_some() {
        return Ok(());
    }
    let path = op.path.split('?').next().unwrap_or_default().to_owned();
    let at = || push_pointer("/paths", &op.path);
    let mut names = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('}', Some(start)) => {
                names.push(path[start + 1..i].to_owned());
                open = None;
            }
            ('{', Some(_)) | ('}', None) => {
                return Err(Error::at(at(), format!("path `{path}` has unbalanced braces at byte {i}")))
            }
            _ => {}
        }
    }
    if let Some(i) = open {
        return Err(Error::at(at(), format!("path `{path}` has a `{{` at byte {i} that is never closed")));
    }
    for name in names {
        if op.parameters.iter().any(|p| p.location == "path" && p.name == name) {
            continue;
        }
        warnings.push(Error::at(
            op.ptr.clone(),
            format!(
                "the path names `{{{name}}}` but the operation declares no path parameter `{name}`; it is taken as \
                 a required string"
            ),
        ));
        let ptr = format!("{}/parameters", op.ptr);
        op.parameters.push(Parameter {
            schema: Some(parse_schema(&serde_json::json!({"type": "string"}), &ptr)?),
            ptr,
            name,
            location: "path".to_owned(),
            required: true,
            deprecated: false,
            description: None,
            style: None,
            explode: None,
            examples: Vec::new(),
        });
    }
    Ok(())
}

/// A path parameter the template does not name (`in: path` `id` on `/items`) would be an
/// argument that goes nowhere: it is left out, with a warning.
fn path_parameters_in_template(op: &mut Operation, repairs: &Repairs) -> Result<(), Error> {
    if op.webhook.is_some() {
        return Ok(());
    }
    let path = op.path.split('?').next().unwrap_or_default().to_owned();
    let mut kept = Vec::with_capacity(op.parameters.len());
    for p in std::mem::take(&mut op.parameters) {
        if p.location == "path" && !path.contains(&format!("{{{}}}", p.name)) {
            repairs.report(Error::at(
                p.ptr.clone(),
                format!("path parameter `{}` is not in the path `{path}`; it is left out", p.name),
            ))?;
            continue;
        }
        kept.push(p);
    }
    op.parameters = kept;
    Ok(())
}

/// A header parameter's name is sent as a header name, which must be an RFC 9110 token
/// (no space, no CR or LF, ASCII only): one that is not could never be sent, and is left out.
fn header_parameter_names(op: &mut Operation, repairs: &Repairs) -> Result<(), Error> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let mut kept = Vec::with_capacity(op.parameters.len());
    for p in std::mem::take(&mut op.parameters) {
        if p.location == "header" && (p.name.is_empty() || !p.name.chars().all(token)) {
            repairs.report(Error::at(
                push_pointer(&p.ptr, "name"),
                format!(
                    "header parameter {:?} cannot be sent: a header name is ASCII letters, digits and !#$%&'*+-.^_`|~ \
                     only (no space, no line break); it is left out",
                    p.name
                ),
            ))?;
            continue;
        }
        kept.push(p);
    }
    op.parameters = kept;
    Ok(())
}

/// A parameter list may not declare one parameter twice (header names ignore case): the
/// first declaration is kept, with a warning at each later one.
fn unique_parameters(op: &mut Operation, repairs: &Repairs) -> Result<(), Error> {
    let mut kept: Vec<Parameter> = Vec::with_capacity(op.parameters.len());
    for p in std::mem::take(&mut op.parameters) {
        let same = |q: &&Parameter| {
            q.location == p.location
                && if p.location == "header" { q.name.eq_ignore_ascii_case(&p.name) } else { q.name == p.name }
        };
        match kept.iter().find(same) {
            Some(first) => repairs.repair(
                p.ptr.clone(),
                format!("{} parameter `{}` is declared twice (also at {})", p.location, p.name, first.ptr),
                "the first declaration is kept",
            )?,
            None => kept.push(p),
        }
    }
    op.parameters = kept;
    Ok(())
}

/// A discriminator of a `oneOf`/`anyOf` maps each value to one of its members: a value
/// mapped to a schema outside them selects nothing (such a value reads as the union's
/// unknown variant), which is worth a warning.
fn discriminator_members(s: &Schema, repairs: &Repairs) -> Result<(), Error> {
    let Some(d) = &s.discriminator else { return Ok(()) };
    let members: Vec<&str> = s.one_of.iter().chain(&s.any_of).filter_map(|m| m.reference.as_deref()).collect();
    if s.one_of.is_empty() && s.any_of.is_empty() {
        // A polymorphic base: its mapping names the subtypes that `allOf` it.
        return Ok(());
    }
    for (tag, target) in &d.mapping {
        if !members.contains(&target.as_str()) {
            let ptr = push_pointer(&push_pointer(&s.ptr, "discriminator"), "mapping");
            repairs.report(Error::at(
                push_pointer(&ptr, tag),
                format!(
                    "discriminator value `{tag}` maps to `#{target}`, which is not one of this schema's `oneOf`/`anyOf` \
                     members; a value tagged `{tag}` is read as the unknown variant"
                ),
            ))?;
        }
    }
    Ok(())
}

/// Every schema a discriminator mapping names exists; an entry naming something that is not
/// in the document (another file, `models/pet.yml`) is dropped with a warning, and the value
/// is told apart as an unmapped one (by the member's own schema).
fn discriminator_targets(root: &Value, s: &mut Schema, repairs: &Repairs) -> Result<(), Error> {
    let Some(d) = &mut s.discriminator else { return Ok(()) };
    let ptr = push_pointer(&push_pointer(&s.ptr, "discriminator"), "mapping");
    let missing: Vec<(&String, &String)> =
        d.mapping.iter().filter(|(_, target)| root.pointer(target).is_none()).collect();
    if let Some(&(tag, target)) = missing.first() {
        // One warning per discriminator: DigitalOcean maps each of 51 to a file of its sources.
        let problem = match missing.len() {
            1 => format!("discriminator value `{tag}` maps to `{target}`, which is not in the document"),
            2 => format!(
                "discriminator value `{tag}` maps to `{target}`, which is not in the document, and so does one other \
                 value"
            ),
            n => format!(
                "discriminator value `{tag}` maps to `{target}`, which is not in the document, and so do {} other \
                 values",
                n - 1
            ),
        };
        let fix = if missing.len() == 1 { "the entry is ignored" } else { "the entries are ignored" };
        repairs.repair(push_pointer(&ptr, tag), problem, fix)?;
    }
    let missing: Vec<String> = missing.into_iter().map(|(tag, _)| tag.clone()).collect();
    d.mapping.retain(|tag, _| !missing.contains(tag));
    Ok(())
}
