//! The kinds of spec-level change, and how each is classified for a client: breaking,
//! potentially breaking or compatible, with the reason in one line. Direction matters: what
//! a client sends (request) and what it receives (response) break in opposite ways.

use serde::Serialize;
use std::fmt;

/// How a change affects an existing client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Existing clients fail (a call is rejected, a response no longer decodes).
    Breaking,
    /// Some clients fail, depending on how they are written or what they send.
    PotentiallyBreaking,
    /// Existing clients keep working.
    Compatible,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::PotentiallyBreaking => "potentially breaking",
            Severity::Compatible => "compatible",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether a schema describes what the client sends or what it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// One class of change.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum ChangeKind {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl ChangeKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant),*];

            /// The kebab-case name used in every output format.
            pub fn name(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    OperationAdded = "operation-added",
    OperationRemoved = "operation-removed",
    OperationDeprecated = "operation-deprecated",
    OperationUndeprecated = "operation-undeprecated",
    /// Same method and path, another operationId.
    OperationIdChanged = "operation-id-changed",
    /// Same operationId, another method or path.
    PathChanged = "path-changed",
    ParameterAddedRequired = "parameter-added-required",
    ParameterAddedOptional = "parameter-added-optional",
    ParameterRemoved = "parameter-removed",
    ParameterBecameRequired = "parameter-became-required",
    ParameterBecameOptional = "parameter-became-optional",
    ParameterLocationChanged = "parameter-location-changed",
    /// A path parameter under another name at the same place of the path.
    PathParameterRenamed = "path-parameter-renamed",
    RequestBodyAddedRequired = "request-body-added-required",
    RequestBodyAddedOptional = "request-body-added-optional",
    RequestBodyRemoved = "request-body-removed",
    RequestBodyBecameRequired = "request-body-became-required",
    RequestBodyBecameOptional = "request-body-became-optional",
    ContentTypeAdded = "content-type-added",
    ContentTypeRemoved = "content-type-removed",
    ResponseAddedSuccess = "response-added-success",
    ResponseAdded = "response-added",
    ResponseRemovedSuccess = "response-removed-success",
    ResponseRemoved = "response-removed",
    ResponseHeaderAdded = "response-header-added",
    ResponseHeaderRemoved = "response-header-removed",
    ResponseHeaderBecameRequired = "response-header-became-required",
    ResponseHeaderBecameOptional = "response-header-became-optional",
    PropertyAddedRequired = "property-added-required",
    PropertyAddedOptional = "property-added-optional",
    PropertyRemoved = "property-removed",
    PropertyBecameRequired = "property-became-required",
    PropertyBecameOptional = "property-became-optional",
    /// A property or schema newly marked deprecated.
    Deprecated = "deprecated",
    /// Unrelated types (`string` to `object`).
    TypeChanged = "type-changed",
    /// More values allowed (`integer` to `number`, a type added to a `type` list).
    TypeWidened = "type-widened",
    /// Fewer values allowed.
    TypeNarrowed = "type-narrowed",
    FormatChanged = "format-changed",
    BecameNullable = "became-nullable",
    BecameNonNullable = "became-non-nullable",
    EnumValueAdded = "enum-value-added",
    EnumValueRemoved = "enum-value-removed",
    /// A value listed beside "any string" (`anyOf: [string, enum]`, an open enum).
    KnownValueAdded = "known-value-added",
    KnownValueRemoved = "known-value-removed",
    ConstChanged = "const-changed",
    VariantAdded = "variant-added",
    VariantRemoved = "variant-removed",
    /// The discriminator's property is another.
    DiscriminatorChanged = "discriminator-changed",
    DiscriminatorAdded = "discriminator-added",
    DiscriminatorRemoved = "discriminator-removed",
    DefaultChanged = "default-changed",
    /// A bound added or made stricter (fewer values valid).
    ConstraintTightened = "constraint-tightened",
    /// A bound removed or relaxed (more values valid).
    ConstraintLoosened = "constraint-loosened",
    /// A `pattern` or `multipleOf` replaced: neither stricter nor looser.
    ConstraintChanged = "constraint-changed",
    /// Authentication now needed where none was.
    AuthenticationAdded = "authentication-added",
    SecurityRequirementAdded = "security-requirement-added",
    SecurityRequirementRemoved = "security-requirement-removed",
    SecuritySchemeAdded = "security-scheme-added",
    SecuritySchemeRemoved = "security-scheme-removed",
    SecuritySchemeChanged = "security-scheme-changed",
    ServerAdded = "server-added",
    ServerRemoved = "server-removed",
    SseEventAdded = "sse-event-added",
    SseEventRemoved = "sse-event-removed",
    /// An event whose type is another, its payload otherwise the same.
    SseEventRenamed = "sse-event-renamed",
    /// A webhook under another name, its payload the same.
    WebhookRenamed = "webhook-renamed",
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The severity of a change of this kind in this direction, and why.
pub fn classify(kind: ChangeKind, direction: Option<Direction>) -> (Severity, &'static str) {
    use ChangeKind as K;
    use Direction::Request;
    use Severity::{Breaking as B, Compatible as C, PotentiallyBreaking as P};
    match (kind, direction) {
        (K::OperationAdded, _) => (C, "a new operation; existing calls are unaffected"),
        (K::OperationRemoved, _) => (B, "calls to it will fail"),
        (K::OperationDeprecated, _) => (C, "still served; plan to move off it"),
        (K::OperationUndeprecated, _) => (C, "nothing changes for existing calls"),
        (K::OperationIdChanged, _) => (P, "method names generated from the operationId change"),
        (K::PathChanged, _) => (B, "requests to the old method and path will fail"),
        (K::ParameterAddedRequired, _) => (B, "existing calls do not send it"),
        (K::ParameterAddedOptional, _) => (C, "existing calls may leave it out"),
        (K::ParameterRemoved, _) => (P, "calls still sending it may be rejected, or have it ignored"),
        (K::ParameterBecameRequired, _) => (B, "calls that leave it out will be rejected"),
        (K::ParameterBecameOptional, _) => (C, "calls that send it still work"),
        (K::ParameterLocationChanged, _) => (B, "calls send it where the server no longer reads it"),
        (K::PathParameterRenamed, _) => (
            P,
            "the same request on the wire; the generated Rust method takes it by position, so callers still compile \
             (only the argument's name changes), but SDKs that pass it by name break",
        ),
        (K::RequestBodyAddedRequired, _) => (B, "existing calls send no body"),
        (K::RequestBodyAddedOptional, _) => (C, "existing calls may leave it out"),
        (K::RequestBodyRemoved, _) => (P, "calls still sending a body may be rejected, or have it ignored"),
        (K::RequestBodyBecameRequired, _) => (B, "calls without a body will be rejected"),
        (K::RequestBodyBecameOptional, _) => (C, "calls with a body still work"),
        (K::ContentTypeAdded, Some(Request)) => (C, "one more format the server accepts"),
        (K::ContentTypeAdded, _) => (C, "one more format the server can answer in, chosen by the request"),
        (K::ContentTypeRemoved, Some(Request)) => (B, "calls sending this format will be rejected"),
        (K::ContentTypeRemoved, _) => (B, "clients reading this format will no longer get it"),
        (K::ResponseAddedSuccess, _) => (P, "a success the client may not expect or decode"),
        (K::ResponseAdded, _) => (C, "an error clients handle as any other error"),
        (K::ResponseRemovedSuccess, _) => (B, "clients expecting this success will not get it"),
        (K::ResponseRemoved, _) => (C, "clients no longer see this status"),
        (K::ResponseHeaderAdded, _) => (C, "clients ignore headers they do not read"),
        (K::ResponseHeaderRemoved, _) => (B, "clients reading it will no longer find it"),
        (K::ResponseHeaderBecameRequired, _) => (C, "it is now always present"),
        (K::ResponseHeaderBecameOptional, _) => (B, "clients that rely on it may not find it"),
        (K::PropertyAddedRequired, Some(Request)) => (B, "existing requests do not send it"),
        (K::PropertyAddedRequired, _) => (C, "clients ignore fields they do not know"),
        (K::PropertyAddedOptional, Some(Request)) => (C, "existing requests may leave it out"),
        (K::PropertyAddedOptional, _) => (C, "clients ignore fields they do not know"),
        (K::PropertyRemoved, Some(Request)) => (P, "requests still sending it may be rejected, or have it ignored"),
        (K::PropertyRemoved, _) => (B, "clients reading it will no longer find it"),
        (K::PropertyBecameRequired, Some(Request)) => (B, "requests that leave it out will be rejected"),
        (K::PropertyBecameRequired, _) => (C, "it is now always present"),
        (K::PropertyBecameOptional, Some(Request)) => (C, "requests that send it still work"),
        (K::PropertyBecameOptional, _) => (B, "clients that rely on it may not find it"),
        (K::Deprecated, _) => (C, "still works; plan to move off it"),
        (K::TypeChanged, _) => (B, "values of the old type are no longer valid"),
        (K::TypeWidened, Some(Request)) => (C, "every value sent before is still valid"),
        (K::TypeWidened, _) => (B, "values of the new type fail to decode in existing clients"),
        (K::TypeNarrowed, Some(Request)) => (B, "some values sent before are no longer valid"),
        (K::TypeNarrowed, _) => (C, "clients receive a subset of what they decoded before"),
        (K::FormatChanged, _) => (P, "values are written or parsed differently"),
        (K::BecameNullable, Some(Request)) => (C, "every value sent before is still valid"),
        (K::BecameNullable, _) => (B, "existing clients fail on null"),
        (K::BecameNonNullable, Some(Request)) => (B, "null is no longer accepted"),
        (K::BecameNonNullable, _) => (C, "clients no longer receive null"),
        (K::EnumValueAdded, Some(Request)) => (C, "every value sent before is still valid"),
        (K::EnumValueAdded, _) => (P, "kept as `Unknown` by this generator's open enums; strict clients fail"),
        (K::EnumValueRemoved, Some(Request)) => (B, "requests sending it will be rejected"),
        (K::EnumValueRemoved, _) => (C, "clients no longer receive it"),
        (K::KnownValueAdded, _) => (C, "any string was valid before; the value is now listed"),
        (K::KnownValueRemoved, _) => (C, "any string is still valid; the value is no longer listed"),
        (K::ConstChanged, _) => (B, "the one valid value is another"),
        (K::VariantAdded, Some(Request)) => (C, "one more shape the server accepts"),
        (K::VariantAdded, _) => (P, "kept by this generator's fallback variant; strict clients fail to decode it"),
        (K::VariantRemoved, Some(Request)) => (B, "requests sending this shape will be rejected"),
        (K::VariantRemoved, _) => (C, "clients no longer receive this shape"),
        (K::DiscriminatorChanged, _) => (B, "variants are told apart by another property"),
        (K::DiscriminatorAdded, _) => (C, "says how the variants are told apart; the values are the same"),
        (K::DiscriminatorRemoved, _) => (P, "clients that dispatch on the tag must tell the variants apart by shape"),
        (K::DefaultChanged, Some(Request)) => (P, "leaving the field out now means something else"),
        (K::DefaultChanged, _) => (C, "documentation of what the server fills in"),
        (K::ConstraintTightened, Some(Request)) => (B, "values valid before may be rejected"),
        (K::ConstraintTightened, _) => (C, "clients receive a subset of what they accepted before"),
        (K::ConstraintLoosened, Some(Request)) => (C, "every value sent before is still valid"),
        (K::ConstraintLoosened, _) => (P, "values outside the old bounds may arrive"),
        (K::ConstraintChanged, _) => (P, "values valid before may no longer be"),
        (K::AuthenticationAdded, _) => (B, "calls without credentials will be rejected"),
        (K::SecurityRequirementAdded, _) => (C, "one more way to authenticate"),
        (K::SecurityRequirementRemoved, _) => (B, "clients authenticating this way will be rejected"),
        (K::SecuritySchemeAdded, _) => (C, "one more way to authenticate"),
        (K::SecuritySchemeRemoved, _) => (B, "clients authenticating this way will be rejected"),
        (K::SecuritySchemeChanged, _) => (B, "credentials are sent another way"),
        (K::ServerAdded, _) => (C, "one more base URL"),
        (K::ServerRemoved, _) => (P, "clients configured with this base URL must change it"),
        (K::SseEventAdded, _) => (P, "kept by this generator's fallback variant; strict clients fail on it"),
        (K::SseEventRemoved, _) => (C, "clients no longer receive it"),
        (K::SseEventRenamed, _) => (
            B,
            "clients handling the old type no longer receive it; the new type arrives as an unknown event",
        ),
        (K::WebhookRenamed, _) => (
            C,
            "only the document's name for it (and the generated names) changed; any change of its payload is listed on its own",
        ),
    }
}

/// One change between two documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// What the change belongs to: `POST /pets (createPet)`, `schema Pet`, `document`.
    pub group: String,
    /// Where within it: `request body application/json: .tags[]`, `parameter query limit`.
    pub location: String,
    pub kind: ChangeKind,
    pub severity: Severity,
    /// Whether the schema is sent or received, for schema changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// What changed, with the old and new values where there are any.
    pub detail: String,
    /// Why it has this severity.
    pub reason: String,
}

impl Change {
    pub fn new(kind: ChangeKind, direction: Option<Direction>, group: &str, location: &str, detail: String) -> Change {
        let (severity, reason) = classify(kind, direction);
        Change {
            group: group.to_owned(),
            location: location.to_owned(),
            kind,
            severity,
            direction,
            detail,
            reason: reason.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_decides_for_enums_and_fields() {
        use Direction::*;
        assert_eq!(classify(ChangeKind::EnumValueAdded, Some(Request)).0, Severity::Compatible);
        assert_eq!(classify(ChangeKind::EnumValueAdded, Some(Response)).0, Severity::PotentiallyBreaking);
        assert_eq!(classify(ChangeKind::PropertyAddedRequired, Some(Request)).0, Severity::Breaking);
        assert_eq!(classify(ChangeKind::PropertyRemoved, Some(Response)).0, Severity::Breaking);
        assert_eq!(classify(ChangeKind::BecameNullable, Some(Response)).0, Severity::Breaking);
        assert_eq!(classify(ChangeKind::BecameNullable, Some(Request)).0, Severity::Compatible);
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ChangeKind::ALL.len());
    }
}
