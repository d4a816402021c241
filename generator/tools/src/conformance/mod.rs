//! Conformance of generated types to a document's own examples.
//!
//! [`plan`] pairs every example of a document (see [`crate::examples`]) with the generated
//! Rust type it is an instance of, or with the reason it cannot be checked. [`harness_files`] writes
//! a small binary crate that, for each case, deserializes the example into that type,
//! serializes it back and compares (key order ignored), and reports any value kept in an
//! `Unknown` fallback. [`Report`] turns what the harness printed into a scoreboard, with the
//! JSON path and the schema at fault for each failure.

mod harness;
mod locate;

pub use harness::harness_files;
pub use locate::{find_violations, schema_at, Violation};

use crate::examples::{self, Direction, Example, Payload, Site};
use oagen::ir::{struct_of, Api, ContentKind, Operation, Status, TypeId, TypeKind, TypeRef};
use oagen::openapi::Document;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// How a case is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Deserialize, serialize back, compare; no value may fall into an `Unknown` fallback.
    RoundTrip,
    /// Deserialize only: an older client reading a newer server's answer.
    Read,
}

/// What the harness decodes into a target type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// One JSON value.
    Json,
    /// An event-stream transcript, each event's data decoded through the stream's event
    /// type (`runtime::FromEvent` when the crate implements it for the type).
    Events { from_event: bool },
}

/// A Rust type examples are decoded into.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Target {
    pub ty: TypeRef,
    pub form: Form,
}

/// One example, and how it is checked (or why it is not).
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// Unique in the document: where the example is written (a JSON pointer), with `#N`
    /// when that place holds several.
    pub key: String,
    /// What the example is of (`createChatCompletion response`, `schema`, `parameter`).
    pub subject: String,
    /// `x-oaiMeta`, `media type`, `schema` or `parameter`.
    pub origin: &'static str,
    /// The checked form, or the reason the example is skipped.
    pub check: Result<Check, String>,
}

/// A case the harness runs.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Index into [`Plan::targets`].
    pub target: usize,
    /// A JSON value, or for event streams the transcript as a string.
    pub payload: Value,
}

/// Every case of a document, and the distinct types they are checked against.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    pub cases: Vec<Case>,
    pub targets: Vec<Target>,
    #[serde(skip)]
    index: HashMap<Target, usize>,
}

impl Plan {
    fn target(&mut self, ty: TypeRef, form: Form) -> usize {
        let t = Target { ty, form };
        if let Some(&i) = self.index.get(&t) {
            return i;
        }
        self.targets.push(t.clone());
        self.index.insert(t, self.targets.len() - 1);
        self.targets.len() - 1
    }

    fn push(
        &mut self,
        key: String,
        subject: String,
        origin: &'static str,
        check: Result<(TypeRef, Form, Value), String>,
    ) {
        let check = check.map(|(ty, form, payload)| Check { target: self.target(ty, form), payload });
        self.cases.push(Case { key, subject, origin, check });
    }

    /// The input of the harness: one entry per checked case (`id` is the index in
    /// [`Plan::cases`]).
    pub fn harness_input(&self, mode: Mode) -> Value {
        let items = self.cases.iter().enumerate().filter_map(|(id, case)| {
            let check = case.check.as_ref().ok()?;
            let form = match self.targets[check.target].form {
                Form::Json => "json",
                Form::Events { .. } => "events",
            };
            Some(serde_json::json!({"id": id, "target": check.target, "form": form, "mode": mode, "payload": check.payload}))
        });
        Value::Array(items.collect())
    }
}

/// Every example of the document: `x-oaiMeta` request and response examples of operations
/// and samples of schemas (found in `root`, the document's tree), examples of media types,
/// schemas and parameters.
pub fn plan(spec: &oagen::Spec, api: &Api) -> Plan {
    let (root, doc) = (spec.tree(), spec.document());
    let mut plan = Plan::default();
    let ops = operations_by_name(api);
    let mut unique = unique_keys();
    for (origin, list) in [("x-oaiMeta", examples::oai_meta(doc)), ("media type", examples::standard(doc))] {
        for e in list {
            let key = unique(e.source.clone());
            let subject = subject_of(&e);
            let check = operation_check(api, &ops, &e);
            plan.push(key, subject, origin, check);
        }
    }
    let index = TypeIndex::new(doc, api);
    for e in examples::oai_meta_schemas(root) {
        let check = match e.payload {
            Payload::Json(v) => index
                .resolve(api, &e.schema, 0)
                .and_then(|ty| checkable(ty, "the schema"))
                .map(|ty| (ty, Form::Json, v)),
            Payload::EventStream(_) => Err("an event stream as a sample of a schema".to_owned()),
            Payload::Unparsed { .. } => Err("not JSON".to_owned()),
        };
        plan.push(unique(e.key), "schema".to_owned(), "x-oaiMeta", check);
    }
    for e in examples::schemas_and_parameters(doc) {
        let (origin, subject, ty) = match &e.site {
            Site::Schema { ptr } => ("schema", "schema".to_owned(), index.resolve(api, ptr, 0)),
            Site::Parameter { operation, name, .. } => {
                let ty = ops
                    .get(operation.as_str())
                    .and_then(|op| op.params.iter().find(|p| p.wire == *name))
                    .map(|p| p.ty.clone());
                (
                    "parameter",
                    format!("{operation} parameter {name}"),
                    ty.ok_or_else(|| "no generated parameter".to_owned()),
                )
            }
        };
        let check = ty.and_then(|ty| checkable(ty, "the schema")).map(|ty| (ty, Form::Json, e.value));
        plan.push(unique(e.key), subject, origin, check);
    }
    plan
}

/// The operation response examples of `newer` for the operations `api` (an older
/// document's) also has (matched by operationId), each to be read by the older API's success
/// or event type. Keys are the ones [`plan`] gives the same examples of `newer`.
pub fn plan_responses(newer: &Document, api: &Api) -> Plan {
    let mut plan = Plan::default();
    let ops = operations_by_name(api);
    let mut unique = unique_keys();
    for (origin, list) in [("x-oaiMeta", examples::oai_meta(newer)), ("media type", examples::standard(newer))] {
        for e in list {
            let key = unique(e.source.clone());
            if e.direction != Direction::Response || !ops.contains_key(e.operation.as_str()) {
                continue;
            }
            let check = operation_check(api, &ops, &e);
            plan.push(key, subject_of(&e), origin, check);
        }
    }
    plan
}

/// A key made unique by a `#N` suffix on its second and later uses.
fn unique_keys() -> impl FnMut(String) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    move |key| {
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            key
        } else {
            format!("{key}#{}", *n - 1)
        }
    }
}

fn operations_by_name(api: &Api) -> HashMap<&str, &Operation> {
    api.operations.iter().map(|o| (o.id.as_str(), o)).collect()
}

fn subject_of(e: &Example) -> String {
    let direction = match e.direction {
        Direction::Request => "request",
        Direction::Response => "response",
    };
    format!("{} {direction}", e.operation)
}

/// Skip types that prove nothing (any JSON) and say so.
fn checkable(ty: TypeRef, what: &str) -> Result<TypeRef, String> {
    match ty.non_null() {
        TypeRef::Any => Err(format!("{what} is any JSON (nothing to check)")),
        TypeRef::Bytes => Err(format!("{what} is binary")),
        _ => Ok(ty),
    }
}

fn operation_check(api: &Api, ops: &HashMap<&str, &Operation>, e: &Example) -> Result<(TypeRef, Form, Value), String> {
    let op = ops.get(e.operation.as_str()).ok_or_else(|| "no generated operation".to_owned())?;
    let payload = match &e.payload {
        Payload::Unparsed { .. } => return Err("not JSON".to_owned()),
        p => p,
    };
    match (e.direction, payload) {
        (Direction::Request, Payload::Json(v)) => {
            let body = op.body.as_ref().ok_or_else(|| "the operation takes no body".to_owned())?;
            let content = body.contents.iter().find(|c| c.kind == ContentKind::Json).ok_or_else(|| {
                let media: Vec<&str> = body.contents.iter().map(|c| c.media_type.as_str()).collect();
                format!("the body is not JSON ({})", media.join(", "))
            })?;
            let ty = content.ty.clone().ok_or_else(|| "the JSON body has no schema".to_owned())?;
            Ok((checkable(ty, "the body")?, Form::Json, v.clone()))
        }
        (Direction::Request, _) => Err("an event stream as a request".to_owned()),
        (Direction::Response, Payload::Json(v)) => {
            let response =
                op.responses.iter().find(|r| r.status.is_success()).ok_or_else(|| "no success response".to_owned())?;
            let Some(content) = response.contents.iter().find(|c| c.kind == ContentKind::Json) else {
                let media: Vec<&str> = response.contents.iter().map(|c| c.media_type.as_str()).collect();
                if media.is_empty() {
                    return Err("the success response has no body".to_owned());
                }
                return Err(format!("the success response is not JSON ({})", media.join(", ")));
            };
            let ty = content.ty.clone().ok_or_else(|| "the JSON response has no schema".to_owned())?;
            if *ty.non_null() == TypeRef::String {
                return Err("a JSON string response is read as text".to_owned());
            }
            Ok((checkable(ty, "the response")?, Form::Json, v.clone()))
        }
        (Direction::Response, Payload::EventStream(text)) => {
            let stream = op.stream.as_ref().ok_or_else(|| "the operation has no streaming method".to_owned())?;
            let ty = stream.event.clone().ok_or_else(|| "events are passed on raw (no event schema)".to_owned())?;
            let ty = checkable(ty, "the event data")?;
            // The crate implements `FromEvent` for named event types that are not aliases
            // (see `emit::operations::event_type`).
            let from_event = match ty.non_null() {
                TypeRef::Named(id) => !matches!(api.ty(*id).kind, TypeKind::Alias(_)),
                _ => false,
            };
            Ok((ty, Form::Events { from_event }, Value::String(text.clone())))
        }
        (Direction::Response, Payload::Unparsed { .. }) => Err("not JSON".to_owned()),
    }
}

/// Schema pointers to the types generated for them.
struct TypeIndex<'a> {
    by_origin: HashMap<&'a str, TypeId>,
    /// Schemas of parameters, bodies and responses (which may be references with siblings,
    /// and so have no type of their own) to the type the operation uses.
    uses: HashMap<String, TypeRef>,
}

impl<'a> TypeIndex<'a> {
    fn new(doc: &Document, api: &'a Api) -> Self {
        let mut by_origin = HashMap::new();
        for def in &api.types {
            by_origin.entry(def.origin.as_str()).or_insert(def.id);
        }
        let mut uses = HashMap::new();
        let ops: HashMap<&str, &Operation> = api.operations.iter().map(|o| (o.origin.as_str(), o)).collect();
        for d in &doc.operations {
            let Some(op) = ops.get(d.ptr.as_str()) else { continue };
            for p in &d.parameters {
                if let (Some(s), Some(ir)) = (&p.schema, op.params.iter().find(|x| x.wire == p.name)) {
                    uses.insert(s.ptr.clone(), ir.ty.clone());
                }
            }
            let bodies = d
                .request_body
                .iter()
                .flat_map(|b| &b.content)
                .zip(std::iter::repeat(op.body.as_ref().map(|b| &b.contents)));
            let responses = d.responses.iter().flat_map(|(status, r)| {
                let contents =
                    op.responses.iter().find(|x| Some(x.status) == Status::parse(status)).map(|x| &x.contents);
                r.content.iter().zip(std::iter::repeat(contents))
            });
            for ((media, m), contents) in bodies.chain(responses) {
                let ty = contents.and_then(|cs| cs.iter().find(|c| c.media_type == *media)).and_then(|c| c.ty.clone());
                if let (Some(s), Some(ty)) = (&m.schema, ty) {
                    uses.insert(s.ptr.clone(), ty);
                }
            }
        }
        TypeIndex { by_origin, uses }
    }

    /// The type whose values the schema at `ptr` describes.
    fn resolve(&self, api: &Api, ptr: &str, depth: usize) -> Result<TypeRef, String> {
        if depth > 64 {
            return Err("schema nested too deeply".to_owned());
        }
        if let Some(id) = self.by_origin.get(ptr) {
            return Ok(TypeRef::Named(*id));
        }
        if let Some(ty) = self.uses.get(ptr) {
            return Ok(ty.clone());
        }
        let (parent, last) = ptr.rsplit_once('/').ok_or_else(|| "no generated type for this schema".to_owned())?;
        if let Some(object) = parent.strip_suffix("/properties") {
            let name = oagen::pointer_tokens(ptr).pop().unwrap_or_default();
            let object = strip_all_of(object);
            let owner = self.resolve(api, object, depth + 1)?;
            let (_, s) =
                struct_of(&api.types, &owner).ok_or_else(|| "no generated struct for the object".to_owned())?;
            let field =
                s.fields.iter().find(|f| f.wire == name).ok_or_else(|| format!("no generated field `{name}`"))?;
            return Ok(field.value_type());
        }
        match last {
            "items" => match peel(api, &self.resolve(api, parent, depth + 1)?) {
                TypeRef::Array(inner) => Ok(*inner),
                // The array is one member of a union (`string or array of ...`).
                TypeRef::Named(id) => match &api.ty(id).kind {
                    TypeKind::Union(u) => u
                        .variants
                        .iter()
                        .find_map(|v| match peel(api, &v.ty) {
                            TypeRef::Array(inner) => Some(*inner),
                            _ => None,
                        })
                        .ok_or_else(|| "no generated array for the items".to_owned()),
                    _ => Err("no generated array for the items".to_owned()),
                },
                _ => Err("no generated array for the items".to_owned()),
            },
            "additionalProperties" => {
                let owner = self.resolve(api, parent, depth + 1)?;
                if let Some((_, s)) = struct_of(&api.types, &owner) {
                    return s
                        .extra
                        .as_ref()
                        .map(|e| e.ty.clone())
                        .ok_or_else(|| "no generated map for additionalProperties".to_owned());
                }
                match peel(api, &owner) {
                    TypeRef::Map(inner) => Ok(*inner),
                    _ => Err("no generated map for additionalProperties".to_owned()),
                }
            }
            _ if parent.ends_with("/allOf") => Err("one part of an allOf (not a whole value)".to_owned()),
            // A member of a union: its values are values of the union (or, when the union
            // is only "X or null", of the nullable type it became).
            _ if parent.ends_with("/anyOf") || parent.ends_with("/oneOf") => {
                let owner = parent.rsplit_once('/').map_or(parent, |(p, _)| p);
                self.resolve(api, owner, depth + 1)
            }
            _ => Err("no generated type for this schema".to_owned()),
        }
    }
}

/// `X/allOf/1` is merged into `X`.
fn strip_all_of(mut ptr: &str) -> &str {
    while let Some((parent, last)) = ptr.rsplit_once('/') {
        match parent.strip_suffix("/allOf") {
            Some(owner) if last.bytes().all(|b| b.is_ascii_digit()) => ptr = owner,
            _ => break,
        }
    }
    ptr
}

/// A type with nullability and aliases looked through.
pub(crate) fn peel(api: &Api, ty: &TypeRef) -> TypeRef {
    let mut t = ty.non_null().clone();
    for _ in 0..16 {
        match &t {
            TypeRef::Named(id) => match &api.ty(*id).kind {
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => t = inner.non_null().clone(),
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}

/// One line the harness prints per case.
#[derive(Debug, Clone, Deserialize)]
pub struct Outcome {
    pub id: usize,
    pub ok: bool,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub path: Vec<Value>,
    #[serde(default)]
    pub detail: String,
    /// Read only: properties the type does not have were ignored.
    #[serde(default)]
    pub ignored: bool,
    /// Read only: values the type does not know were kept as unknown.
    #[serde(default)]
    pub unknown: bool,
}

/// An example listed as contradicting its own schema.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct KnownBad {
    /// The document's file name (`openapi.yaml`).
    pub spec: String,
    /// The case key.
    pub key: String,
    /// The JSON path in the example where it contradicts its schema.
    pub path: String,
    /// What the example has there.
    pub example_has: String,
    /// What the schema says there.
    pub schema_says: String,
}

/// A path as `$.a.b[0]` (`#N` names the event of a transcript).
pub fn path_text(path: &[Value]) -> String {
    let mut out = String::from("$");
    for seg in path {
        match seg {
            Value::Number(n) => out.push_str(&format!("[{n}]")),
            Value::String(s) if s.starts_with('#') => out.push_str(&format!("[event {}]", &s[1..])),
            Value::String(s) => {
                out.push('.');
                out.push_str(s);
            }
            other => out.push_str(&format!(".{other}")),
        }
    }
    out
}

/// A failure, with where it is and what is at fault.
#[derive(Debug, Clone)]
pub struct Failure {
    pub key: String,
    pub subject: String,
    pub reason: String,
    pub path: String,
    pub schema: String,
    pub detail: String,
    /// Where the example contradicts the schema (as lowered), if it does.
    pub violation: Option<(String, Violation)>,
}

impl Failure {
    /// A known-bad entry for this failure, when the example contradicts its schema.
    pub fn known_bad(&self, spec: &str) -> Option<KnownBad> {
        let (path, v) = self.violation.as_ref()?;
        Some(KnownBad {
            spec: spec.to_owned(),
            key: self.key.clone(),
            path: path.clone(),
            example_has: v.example_has.clone(),
            schema_says: v.schema_says.clone(),
        })
    }
}

/// Each event's data of a transcript parsed as JSON, with the path prefix naming the event
/// (`[event 3]`, as [`path_text`] writes it); events whose data is not JSON are left out.
pub fn event_values(text: &str) -> Vec<(String, Value)> {
    event_data(text)
        .iter()
        .enumerate()
        .filter_map(|(i, d)| serde_json::from_str(d).ok().map(|v| (format!("[event {i}]"), v)))
        .collect()
}

/// The data of each event of a transcript, in the order the runtime's decoder dispatches
/// them (events without data are not dispatched).
fn event_data(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .filter_map(|block| {
            let lines: Vec<&str> = block
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        })
        .collect()
}

/// The scoreboard of one run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub found: usize,
    pub passed: usize,
    /// Skip reason to the number of examples.
    pub skipped: BTreeMap<String, usize>,
    /// Examples per origin (`x-oaiMeta`, `schema`, ...).
    pub by_origin: BTreeMap<&'static str, usize>,
    pub known_bad: Vec<(KnownBad, Failure)>,
    pub failed: Vec<Failure>,
    /// Known-bad entries that no longer fail (or name no example).
    pub stale: Vec<KnownBad>,
    /// Checked cases the harness printed nothing for.
    pub missing: usize,
    /// Passed cases (read only) where properties were ignored.
    pub ignored: usize,
    /// Passed cases (read only) where values were kept as unknown.
    pub kept_unknown: usize,
}

impl Report {
    /// Score the harness's outcomes against the plan; `known_bad` holds the entries of this
    /// document.
    pub fn new(api: &Api, plan: &Plan, outcomes: &[Outcome], known_bad: &[KnownBad]) -> Report {
        let mut r = Report { found: plan.cases.len(), ..Report::default() };
        let by_id: HashMap<usize, &Outcome> = outcomes.iter().map(|o| (o.id, o)).collect();
        let mut listed: HashMap<&str, &KnownBad> = known_bad.iter().map(|k| (k.key.as_str(), k)).collect();
        for (id, case) in plan.cases.iter().enumerate() {
            *r.by_origin.entry(case.origin).or_default() += 1;
            let check = match &case.check {
                Ok(c) => c,
                Err(reason) => {
                    *r.skipped.entry(reason.clone()).or_default() += 1;
                    continue;
                }
            };
            let Some(outcome) = by_id.get(&id) else {
                r.missing += 1;
                continue;
            };
            let entry = listed.remove(case.key.as_str());
            if outcome.ok {
                r.passed += 1;
                r.ignored += usize::from(outcome.ignored);
                r.kept_unknown += usize::from(outcome.unknown);
                if let Some(k) = entry {
                    r.stale.push(k.clone());
                }
                continue;
            }
            let target = &plan.targets[check.target];
            // The value at fault: the example, or the event of a transcript the path names.
            let (prefix, value) = match (&target.form, &check.payload, outcome.path.first()) {
                (Form::Events { .. }, Value::String(text), Some(Value::String(event))) => {
                    let data = event
                        .strip_prefix('#')
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| event_data(text).into_iter().nth(i));
                    (vec![Value::String(event.clone())], data.and_then(|d| serde_json::from_str::<Value>(&d).ok()))
                }
                (Form::Json, v, _) => (Vec::new(), Some(v.clone())),
                _ => (Vec::new(), None),
            };
            let violation = value.and_then(|v| find_violations(api, &target.ty, &v).into_iter().next()).map(|v| {
                let mut full = prefix.clone();
                full.extend(v.path.iter().cloned());
                (path_text(&full), v)
            });
            let failure = Failure {
                key: case.key.clone(),
                subject: case.subject.clone(),
                reason: outcome.reason.clone(),
                path: path_text(&outcome.path),
                schema: schema_at(api, &target.ty, &outcome.path),
                detail: outcome.detail.clone(),
                violation,
            };
            match entry {
                Some(k) => r.known_bad.push((k.clone(), failure)),
                None => r.failed.push(failure),
            }
        }
        r.stale.extend(listed.into_values().cloned());
        r.stale.sort_by(|a, b| a.key.cmp(&b.key));
        r
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// Nothing failed that is not known, and every known-bad entry still fails.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && self.stale.is_empty() && self.missing == 0
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origins: Vec<String> = self.by_origin.iter().map(|(o, n)| format!("{n} {o}")).collect();
        writeln!(f, "examples found: {} ({})", self.found, origins.join(", "))?;
        let checked = self.found - self.skipped_total();
        let pct = |n: usize| if checked == 0 { 0.0 } else { n as f64 * 100.0 / checked as f64 };
        writeln!(f, "  checked:   {checked}")?;
        writeln!(f, "  passed:    {} ({:.1}% of checked)", self.passed, pct(self.passed))?;
        writeln!(f, "  known-bad: {} ({:.1}% of checked)", self.known_bad.len(), pct(self.known_bad.len()))?;
        writeln!(f, "  failed:    {}", self.failed.len() + self.missing)?;
        writeln!(f, "  skipped:   {}", self.skipped_total())?;
        for (reason, n) in &self.skipped {
            writeln!(f, "    {n:>5}  {reason}")?;
        }
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for x in &self.failed {
            *reasons.entry(x.reason.as_str()).or_default() += 1;
        }
        if !reasons.is_empty() {
            let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
            writeln!(f, "failures by reason: {}", list.join(", "))?;
        }
        for x in &self.failed {
            writeln!(f, "FAILED {} [{}]: {}", x.key, x.subject, x.reason)?;
            writeln!(f, "    at {} ({})", x.path, x.schema)?;
            writeln!(f, "    {}", x.detail)?;
            match &x.violation {
                Some((path, v)) => writeln!(
                    f,
                    "    the example contradicts its schema at {path}: the example has {}; the schema says {}",
                    v.example_has, v.schema_says
                )?,
                None => writeln!(f, "    the example agrees with its schema: the generated type is at fault")?,
            }
        }
        if self.missing > 0 {
            writeln!(f, "FAILED: the harness reported nothing for {} examples", self.missing)?;
        }
        for (k, x) in &self.known_bad {
            writeln!(
                f,
                "known-bad {} at {}: the example has {}; the schema says {}",
                k.key, k.path, k.example_has, k.schema_says
            )?;
            writeln!(f, "    harness: {} at {} ({}): {}", x.reason, x.path, x.schema, x.detail)?;
        }
        for k in &self.stale {
            writeln!(f, "STALE known-bad entry (the example passes or does not exist): {}", k.key)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_as_json_paths() {
        assert_eq!(path_text(&[]), "$");
        assert_eq!(path_text(&[json!("#3"), json!("data"), json!(0), json!("id")]), "$[event 3].data[0].id");
    }

    #[test]
    fn transcripts_split_like_the_runtime_decoder() {
        let text = "event: a\ndata: {\"n\": 1}\n\n: comment\n\ndata: {\"n\":\ndata: 2}\r\n\r\ndata: [DONE]\n\n";
        assert_eq!(event_data(text), ["{\"n\": 1}", "{\"n\":\n2}", "[DONE]"]);
        let values = event_values(text);
        assert_eq!(values, [("[event 0]".to_owned(), json!({"n": 1})), ("[event 1]".to_owned(), json!({"n": 2}))]);
    }

    #[test]
    fn keys_are_made_unique_and_all_of_parts_merge() {
        let mut unique = unique_keys();
        assert_eq!(
            [unique("a".into()), unique("b".into()), unique("a".into()), unique("a".into())],
            ["a", "b", "a#1", "a#2"]
        );
        assert_eq!(strip_all_of("/components/schemas/X/allOf/1/allOf/0"), "/components/schemas/X");
        assert_eq!(strip_all_of("/components/schemas/X/properties/allOf"), "/components/schemas/X/properties/allOf");
    }
}
