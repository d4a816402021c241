//! Two documents compared operation by operation (matched by method and path, then by
//! operationId), and for what is document-wide: security schemes and servers.

use super::classify::{Change, ChangeKind, Direction};
use super::schema::{At, Walker};
use indexmap::IndexMap;
use oagen::openapi::{Document, Header, MediaType, Operation, Parameter, SecurityRequirement};
use std::collections::BTreeSet;

/// The group of document-wide changes.
pub const DOCUMENT: &str = "document";

/// `GET /files/{}`: method and path with parameter names left out, so renaming a path
/// parameter is not a new operation.
fn op_key(op: &Operation) -> String {
    if let Some(hook) = &op.webhook {
        return format!("webhook {hook} {}", op.method.to_uppercase());
    }
    let mut path = String::with_capacity(op.path.len());
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => path.push(c),
            _ => {}
        }
    }
    format!("{} {path}", op.method.to_uppercase())
}

/// How an operation is named in the report: `POST /pets (createPet)`.
pub fn op_label(op: &Operation) -> String {
    let base = match &op.webhook {
        Some(hook) => format!("webhook {hook} {}", op.method.to_uppercase()),
        None => format!("{} {}", op.method.to_uppercase(), op.path),
    };
    match &op.operation_id {
        Some(id) => format!("{base} ({id})"),
        None => base,
    }
}

pub(super) fn compare_documents<'a>(w: &mut Walker<'a>, old: &'a Document, new: &'a Document) {
    let old_ops: IndexMap<String, &Operation> = old.operations.iter().map(|o| (op_key(o), o)).collect();
    let new_ops: IndexMap<String, &Operation> = new.operations.iter().map(|o| (op_key(o), o)).collect();
    let mut pairs: Vec<(&Operation, &Operation)> = Vec::new();
    let mut removed: Vec<&Operation> = Vec::new();
    for (key, o) in &old_ops {
        match new_ops.get(key) {
            Some(n) => pairs.push((o, n)),
            None => removed.push(o),
        }
    }
    let mut added: Vec<&Operation> =
        new_ops.iter().filter(|(k, _)| !old_ops.contains_key(*k)).map(|(_, o)| *o).collect();
    // Renamed: a webhook under another name, with the same operationId or the same payload.
    removed.retain(|o| {
        let Some(old_name) = &o.webhook else { return true };
        let same_id = |n: &Operation| o.operation_id.is_some() && n.operation_id == o.operation_id;
        let renamed = added
            .iter()
            .position(|n| n.webhook.is_some() && n.method == o.method && (same_id(n) || same_payload(w, o, n)));
        match renamed {
            Some(i) => {
                let n = added.remove(i);
                let new_name = n.webhook.as_deref().unwrap_or_default();
                let detail = format!("webhook `{old_name}` renamed to `{new_name}`");
                w.changes.push(Change::new(ChangeKind::WebhookRenamed, None, &op_label(n), "", detail));
                pairs.push((o, n));
                false
            }
            None => true,
        }
    });
    // Moved: same operationId, another method or path.
    removed.retain(|o| {
        let Some(id) = &o.operation_id else { return true };
        match added
            .iter()
            .position(|n| n.operation_id.as_ref() == Some(id) && n.webhook.is_none() == o.webhook.is_none())
        {
            Some(i) => {
                let n = added.remove(i);
                let detail = format!("{} → {}", op_key(o), op_key(n));
                w.changes.push(Change::new(ChangeKind::PathChanged, None, &op_label(n), "", detail));
                pairs.push((o, n));
                false
            }
            None => true,
        }
    });
    for o in removed {
        w.changes.push(Change::new(
            ChangeKind::OperationRemoved,
            None,
            &op_label(o),
            "",
            "operation removed".to_owned(),
        ));
    }
    for n in added {
        w.changes.push(Change::new(ChangeKind::OperationAdded, None, &op_label(n), "", "operation added".to_owned()));
    }
    for (o, n) in pairs {
        compare_operation(w, o, n);
    }
    compare_security_schemes(w, old, new);
    compare_servers(w, old, new);
}

/// Whether two webhooks deliver the same payloads: the same media types, each with a schema
/// that accepts the same values.
fn same_payload<'a>(w: &mut Walker<'a>, o: &'a Operation, n: &'a Operation) -> bool {
    let (a, b) = match (&o.request_body, &n.request_body) {
        (Some(a), Some(b)) => (&a.content, &b.content),
        (None, None) => return true,
        _ => return false,
    };
    a.len() == b.len()
        && a.iter().all(|(media, x)| {
            let y = b.get(media);
            match (x.schema.as_ref(), y.and_then(|y| y.schema.as_ref())) {
                (Some(x), Some(y)) => w.equivalent(x, y, Direction::Response),
                (None, None) => y.is_some(),
                _ => false,
            }
        })
}

/// Which way an operation's bodies travel for the client: a webhook's request is sent by the
/// API and received by the client, which answers it.
fn directions(op: &Operation) -> (Direction, Direction) {
    match op.webhook {
        Some(_) => (Direction::Response, Direction::Request),
        None => (Direction::Request, Direction::Response),
    }
}

fn compare_operation<'a>(w: &mut Walker<'a>, o: &'a Operation, n: &'a Operation) {
    let group = op_label(n);
    let (sent, received) = directions(n);
    w.start_operation();
    let mut op_change = |kind: ChangeKind, location: &str, detail: String| {
        w.changes.push(Change::new(kind, None, &group, location, detail));
    };
    if let (Some(a), Some(b)) = (&o.operation_id, &n.operation_id) {
        if a != b {
            op_change(ChangeKind::OperationIdChanged, "", format!("operationId `{a}` → `{b}`"));
        }
    }
    match (o.deprecated, n.deprecated) {
        (false, true) => op_change(ChangeKind::OperationDeprecated, "", "operation deprecated".to_owned()),
        (true, false) => op_change(ChangeKind::OperationUndeprecated, "", "operation no longer deprecated".to_owned()),
        _ => {}
    }
    compare_security(w, &group, o, n);
    compare_parameters(w, &group, (&o.parameters, &o.path), (&n.parameters, &n.path));

    match (&o.request_body, &n.request_body) {
        (None, Some(b)) => {
            let kind =
                if b.required { ChangeKind::RequestBodyAddedRequired } else { ChangeKind::RequestBodyAddedOptional };
            w.changes.push(Change::new(kind, None, &group, "request body", "request body added".to_owned()));
        }
        (Some(_), None) => {
            w.changes.push(Change::new(
                ChangeKind::RequestBodyRemoved,
                None,
                &group,
                "request body",
                "request body removed".to_owned(),
            ));
        }
        (Some(a), Some(b)) => {
            match (a.required, b.required) {
                (false, true) => w.changes.push(Change::new(
                    ChangeKind::RequestBodyBecameRequired,
                    None,
                    &group,
                    "request body",
                    "request body is now required".to_owned(),
                )),
                (true, false) => w.changes.push(Change::new(
                    ChangeKind::RequestBodyBecameOptional,
                    None,
                    &group,
                    "request body",
                    "request body is now optional".to_owned(),
                )),
                _ => {}
            }
            compare_content(w, &group, "request body", &a.content, &b.content, sent);
        }
        (None, None) => {}
    }

    let status_key =
        |s: &str| if s.eq_ignore_ascii_case("default") { "default".to_owned() } else { s.to_ascii_uppercase() };
    let old_responses: IndexMap<String, _> = o.responses.iter().map(|(s, r)| (status_key(s), r)).collect();
    let new_responses: IndexMap<String, _> = n.responses.iter().map(|(s, r)| (status_key(s), r)).collect();
    for (status, r) in &new_responses {
        match old_responses.get(status) {
            Some(old_r) => {
                let holder = format!("response {status}");
                compare_content(w, &group, &holder, &old_r.content, &r.content, received);
                compare_headers(w, &group, &holder, &old_r.headers, &r.headers, received);
            }
            None => {
                let kind =
                    if status.starts_with('2') { ChangeKind::ResponseAddedSuccess } else { ChangeKind::ResponseAdded };
                w.changes.push(Change::new(
                    kind,
                    None,
                    &group,
                    &format!("response {status}"),
                    format!("response {status} added"),
                ));
            }
        }
    }
    for status in old_responses.keys().filter(|s| !new_responses.contains_key(*s)) {
        let kind =
            if status.starts_with('2') { ChangeKind::ResponseRemovedSuccess } else { ChangeKind::ResponseRemoved };
        w.changes.push(Change::new(
            kind,
            None,
            &group,
            &format!("response {status}"),
            format!("response {status} removed"),
        ));
    }
}

fn compare_content<'a>(
    w: &mut Walker<'a>,
    group: &str,
    holder: &str,
    old: &'a IndexMap<String, MediaType>,
    new: &'a IndexMap<String, MediaType>,
    direction: Direction,
) {
    let media_key = |m: &str| m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
    let old_by: IndexMap<String, &MediaType> = old.iter().map(|(k, v)| (media_key(k), v)).collect();
    let new_by: IndexMap<String, &MediaType> = new.iter().map(|(k, v)| (media_key(k), v)).collect();
    for (media, m) in &new_by {
        match old_by.get(media) {
            None => w.changes.push(Change::new(
                ChangeKind::ContentTypeAdded,
                Some(direction),
                group,
                holder,
                format!("content type `{media}` added"),
            )),
            Some(old_m) => {
                let at = At::new(group, format!("{holder} {media}"), direction, media == "text/event-stream");
                match (&old_m.schema, &m.schema) {
                    (Some(a), Some(b)) => w.compare(a, b, &at),
                    // No schema is any value.
                    (None, Some(_)) => {
                        w.report(ChangeKind::TypeNarrowed, &at, "schema added (was any value)".to_owned())
                    }
                    (Some(_), None) => {
                        w.report(ChangeKind::TypeWidened, &at, "schema removed (now any value)".to_owned())
                    }
                    (None, None) => {}
                }
            }
        }
    }
    for media in old_by.keys().filter(|m| !new_by.contains_key(*m)) {
        w.changes.push(Change::new(
            ChangeKind::ContentTypeRemoved,
            Some(direction),
            group,
            holder,
            format!("content type `{media}` removed"),
        ));
    }
}

/// Response headers added, removed, made required or optional, and each one kept compared.
fn compare_headers<'a>(
    w: &mut Walker<'a>,
    group: &str,
    holder: &str,
    old: &'a IndexMap<String, Header>,
    new: &'a IndexMap<String, Header>,
    direction: Direction,
) {
    // Header names are case-insensitive.
    let by_name = |m: &'a IndexMap<String, Header>| -> IndexMap<String, (&'a str, &'a Header)> {
        m.iter().map(|(k, h)| (k.to_ascii_lowercase(), (k.as_str(), h))).collect()
    };
    let (old_by, new_by) = (by_name(old), by_name(new));
    let mut push = |kind: ChangeKind, name: &str, detail: String| {
        w.changes.push(Change::new(kind, None, group, &format!("{holder} header {name}"), detail));
    };
    for (key, (name, h)) in &new_by {
        match old_by.get(key) {
            None => push(ChangeKind::ResponseHeaderAdded, name, format!("header `{name}` added")),
            Some((_, before)) => match (before.required, h.required) {
                (false, true) => {
                    push(ChangeKind::ResponseHeaderBecameRequired, name, format!("header `{name}` is now required"))
                }
                (true, false) => {
                    push(ChangeKind::ResponseHeaderBecameOptional, name, format!("header `{name}` is now optional"))
                }
                _ => {}
            },
        }
    }
    for (key, (name, _)) in &old_by {
        if !new_by.contains_key(key) {
            push(ChangeKind::ResponseHeaderRemoved, name, format!("header `{name}` removed"));
        }
    }
    for (key, (name, h)) in &new_by {
        if let (Some((_, before)), Some(b)) = (old_by.get(key), &h.schema) {
            if let Some(a) = &before.schema {
                w.compare(a, b, &At::new(group, format!("{holder} header {name}"), direction, false));
            }
        }
    }
}

/// The names of a path template's parameters, in order (`/a/{x}/b/{y}` gives x, y).
fn path_params(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

fn compare_parameters<'a>(
    w: &mut Walker<'a>,
    group: &str,
    (old, old_path): (&'a [Parameter], &str),
    (new, new_path): (&'a [Parameter], &str),
) {
    // Header names are case-insensitive; path parameters are known by their place in the
    // path (a renamed one sends the same request).
    let (old_places, new_places) = (path_params(old_path), path_params(new_path));
    let name_of = |p: &Parameter, places: &[&str]| match p.location.as_str() {
        "header" => p.name.to_ascii_lowercase(),
        "path" => match places.iter().position(|n| *n == p.name) {
            Some(i) => format!("{{{i}}}"),
            None => p.name.clone(),
        },
        _ => p.name.clone(),
    };
    let mut unmatched_new: Vec<&Parameter> = new.iter().collect();
    let mut unmatched_old: Vec<&Parameter> = Vec::new();
    let mut pairs: Vec<(&Parameter, &Parameter)> = Vec::new();
    for p in old {
        let key = name_of(p, &old_places);
        match unmatched_new.iter().position(|q| name_of(q, &new_places) == key && q.location == p.location) {
            Some(i) => pairs.push((p, unmatched_new.remove(i))),
            None => unmatched_old.push(p),
        }
    }
    let name_of = |p: &Parameter| if p.location == "header" { p.name.to_ascii_lowercase() } else { p.name.clone() };
    unmatched_old.retain(|p| match unmatched_new.iter().position(|q| name_of(q) == name_of(p)) {
        Some(i) => {
            let q = unmatched_new.remove(i);
            let detail = format!("parameter `{}` moved from {} to {}", p.name, p.location, q.location);
            w.changes.push(Change::new(
                ChangeKind::ParameterLocationChanged,
                None,
                group,
                &format!("parameter {}", q.name),
                detail,
            ));
            pairs.push((p, q));
            false
        }
        None => true,
    });
    // A path parameter the path template always had is sent either way: declaring one the
    // old document left out, or dropping the declaration of a name that is not in the
    // path (so could never be sent), changes no request.
    unmatched_old.retain(|p| {
        let position = old_places.iter().position(|n| *n == p.name);
        p.location != "path" || position.is_some_and(|i| i >= new_places.len())
    });
    unmatched_new.retain(|q| {
        let position = new_places.iter().position(|n| *n == q.name);
        q.location != "path" || position.is_none_or(|i| i >= old_places.len())
    });
    report_unmatched_parameters(w, group, &unmatched_old, &unmatched_new);
    for (p, q) in pairs {
        let location = format!("parameter {} {}", q.location, q.name);
        if p.location == "path" && q.location == "path" && p.name != q.name {
            w.changes.push(Change::new(
                ChangeKind::PathParameterRenamed,
                None,
                group,
                &location,
                format!("path parameter `{}` renamed to `{}`", p.name, q.name),
            ));
        }
        match (p.required, q.required) {
            (false, true) => w.changes.push(Change::new(
                ChangeKind::ParameterBecameRequired,
                None,
                group,
                &location,
                format!("parameter `{}` is now required", q.name),
            )),
            (true, false) => w.changes.push(Change::new(
                ChangeKind::ParameterBecameOptional,
                None,
                group,
                &location,
                format!("parameter `{}` is now optional", q.name),
            )),
            _ => {}
        }
        if q.deprecated && !p.deprecated {
            w.changes.push(Change::new(
                ChangeKind::Deprecated,
                Some(Direction::Request),
                group,
                &location,
                format!("parameter `{}` deprecated", q.name),
            ));
        }
        if let (Some(a), Some(b)) = (&p.schema, &q.schema) {
            w.compare(a, b, &At::new(group, location, Direction::Request, false));
        }
    }
}

/// Parameters only the old document has (removed) and only the new one has (added).
fn report_unmatched_parameters(w: &mut Walker<'_>, group: &str, old: &[&Parameter], new: &[&Parameter]) {
    for p in old {
        let location = format!("parameter {} {}", p.location, p.name);
        w.changes.push(Change::new(
            ChangeKind::ParameterRemoved,
            None,
            group,
            &location,
            format!("parameter `{}` removed", p.name),
        ));
    }
    for q in new {
        let location = format!("parameter {} {}", q.location, q.name);
        let (kind, which) = if q.required {
            (ChangeKind::ParameterAddedRequired, "required")
        } else {
            (ChangeKind::ParameterAddedOptional, "optional")
        };
        w.changes.push(Change::new(kind, None, group, &location, format!("parameter `{}` added ({which})", q.name)));
    }
}

/// A security alternative as one comparable string: `ApiKeyAuth + OAuth[read, write]`.
fn alternatives(list: &[SecurityRequirement]) -> BTreeSet<String> {
    list.iter()
        .map(|req| {
            let mut parts: Vec<String> = req
                .iter()
                .map(|(name, scopes)| {
                    let mut scopes = scopes.clone();
                    scopes.sort();
                    if scopes.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}[{}]", scopes.join(", "))
                    }
                })
                .collect();
            parts.sort();
            parts.join(" + ")
        })
        .collect()
}

fn compare_security<'a>(w: &mut Walker<'a>, group: &str, o: &'a Operation, n: &'a Operation) {
    let effective = |doc: &Document, op: &Operation| alternatives(op.security.as_deref().unwrap_or(&doc.security));
    let (a, b) = (effective(w.old, o), effective(w.new, n));
    let anonymous = |set: &BTreeSet<String>| set.is_empty() || set.contains("");
    if anonymous(&a) && !anonymous(&b) {
        let detail = format!("authentication now required ({})", b.iter().cloned().collect::<Vec<_>>().join(" or "));
        w.changes.push(Change::new(ChangeKind::AuthenticationAdded, None, group, "security", detail));
        return;
    }
    let show = |s: &str| if s.is_empty() { "no authentication".to_owned() } else { format!("`{s}`") };
    for alt in b.difference(&a) {
        w.changes.push(Change::new(
            ChangeKind::SecurityRequirementAdded,
            None,
            group,
            "security",
            format!("{} accepted", show(alt)),
        ));
    }
    for alt in a.difference(&b) {
        w.changes.push(Change::new(
            ChangeKind::SecurityRequirementRemoved,
            None,
            group,
            "security",
            format!("{} no longer accepted", show(alt)),
        ));
    }
}

fn compare_security_schemes(w: &mut Walker<'_>, old: &Document, new: &Document) {
    // What matters is how credentials are sent, not how the scheme is described.
    let shape = |s: &openapiv3::SecurityScheme| {
        let mut v = serde_json::to_value(s).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("description");
            o.retain(|k, _| !k.starts_with("x-"));
        }
        v
    };
    for (name, s) in &new.security_schemes {
        let location = format!("security scheme {name}");
        match old.security_schemes.get(name) {
            None => w.changes.push(Change::new(
                ChangeKind::SecuritySchemeAdded,
                None,
                DOCUMENT,
                &location,
                format!("security scheme `{name}` added"),
            )),
            Some(o) if shape(o) != shape(s) => {
                let detail = format!("security scheme `{name}`: {} → {}", shape(o), shape(s));
                w.changes.push(Change::new(ChangeKind::SecuritySchemeChanged, None, DOCUMENT, &location, detail));
            }
            Some(_) => {}
        }
    }
    for name in old.security_schemes.keys().filter(|k| !new.security_schemes.contains_key(*k)) {
        let location = format!("security scheme {name}");
        w.changes.push(Change::new(
            ChangeKind::SecuritySchemeRemoved,
            None,
            DOCUMENT,
            &location,
            format!("security scheme `{name}` removed"),
        ));
    }
}

fn compare_servers(w: &mut Walker<'_>, old: &Document, new: &Document) {
    let urls = |d: &Document| d.servers.iter().map(|s| s.url.trim_end_matches('/').to_owned()).collect::<BTreeSet<_>>();
    let (a, b) = (urls(old), urls(new));
    for url in b.difference(&a) {
        w.changes.push(Change::new(
            ChangeKind::ServerAdded,
            None,
            DOCUMENT,
            "servers",
            format!("server `{url}` added"),
        ));
    }
    for url in a.difference(&b) {
        w.changes.push(Change::new(
            ChangeKind::ServerRemoved,
            None,
            DOCUMENT,
            "servers",
            format!("server `{url}` removed"),
        ));
    }
}
