//! oasdiff's checks at error and warning level, each mapped to the kind of change this
//! differ reports for it, or to why it does not affect a client.
//!
//! oasdiff is the most complete OpenAPI breaking-change checker; its `checker/rules.go` (at
//! 4553c69d) lists 509 checks, 243 of them at ERR or WARN level. The ids are its own; what
//! each maps to is ours. [`markdown`] writes the table `cargo xtask docs` keeps in
//! `oasdiff-coverage.md` beside this file (a test fails when that file is stale). Severities
//! differ where they should: this differ classifies by the direction a schema travels, so a
//! check oasdiff counts as an error in both directions can be compatible in one of them.

use super::ChangeKind;
use std::fmt::Write;

/// The level oasdiff gives a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Err,
    Warn,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Err => "ERR",
            Level::Warn => "WARN",
        }
    }
}

/// What this differ does about a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Reported, as one of these kinds (by what the change does: an `allOf` part added is
    /// reported as the properties and bounds it adds).
    Kinds(&'static [ChangeKind]),
    /// Nothing a request or a response carries changes; the reason.
    NotApplicable(&'static str),
    /// Not reported yet; the reason.
    Missing(&'static str),
}

/// One of oasdiff's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub id: &'static str,
    pub level: Level,
    pub coverage: Coverage,
    /// Reported only since the checks were mapped (issue 28): missing before.
    pub added: bool,
}

const SUNSET: &str =
    "deprecation policy: an `x-sunset` date (its presence, format or distance) says when a change may \
                      come, not what requests and responses carry; the removal itself is reported when it comes";
const STABILITY: &str = "`x-stability-level` is a promise about future changes, not a change of what requests and \
                         responses carry";

const fn kinds(id: &'static str, level: Level, kinds: &'static [ChangeKind]) -> Check {
    Check { id, level, coverage: Coverage::Kinds(kinds), added: false }
}

const fn new(id: &'static str, level: Level, kinds: &'static [ChangeKind]) -> Check {
    Check { id, level, coverage: Coverage::Kinds(kinds), added: true }
}

const fn check(id: &'static str, level: Level, coverage: Coverage) -> Check {
    Check { id, level, coverage, added: false }
}

use ChangeKind as K;
use Coverage::NotApplicable;
use Level::{Err, Warn};

/// Every ERR and WARN check of oasdiff, in its order.
pub const CHECKS: &[Check] = &[
    check("request-property-deprecated-sunset-missing", Err, NotApplicable(SUNSET)),
    check("request-property-deprecated-sunset-invalid", Err, NotApplicable(SUNSET)),
    check("request-property-sunset-date-too-small", Err, NotApplicable(SUNSET)),
    check("response-property-deprecated-sunset-missing", Err, NotApplicable(SUNSET)),
    check("response-property-deprecated-sunset-invalid", Err, NotApplicable(SUNSET)),
    check("response-property-sunset-date-too-small", Err, NotApplicable(SUNSET)),
    check("api-stability-decreased", Err, NotApplicable(STABILITY)),
    check("request-property-stability-decreased", Err, NotApplicable(STABILITY)),
    check("response-property-stability-decreased", Err, NotApplicable(STABILITY)),
    check("api-deprecated-sunset-parse", Err, NotApplicable(SUNSET)),
    check("api-deprecated-sunset-missing", Err, NotApplicable(SUNSET)),
    check("api-invalid-stability-level", Err, NotApplicable(STABILITY)),
    check("api-sunset-date-too-small", Err, NotApplicable(SUNSET)),
    check("request-parameter-deprecated-sunset-missing", Err, NotApplicable(SUNSET)),
    check("request-parameter-sunset-date-too-small", Err, NotApplicable(SUNSET)),
    kinds("api-path-removed-without-deprecation", Err, &[K::OperationRemoved]),
    check("api-path-sunset-parse", Err, NotApplicable(SUNSET)),
    kinds("api-path-removed-before-sunset", Err, &[K::OperationRemoved]),
    kinds("api-removed-without-deprecation", Err, &[K::OperationRemoved]),
    kinds("api-removed-before-sunset", Err, &[K::OperationRemoved]),
    check("sunset-deleted", Err, NotApplicable(SUNSET)),
    check("api-sunset-date-changed-too-small", Err, NotApplicable(SUNSET)),
    check("request-parameter-sunset-deleted", Err, NotApplicable(SUNSET)),
    check("request-parameter-sunset-date-changed-too-small", Err, NotApplicable(SUNSET)),
    kinds("request-body-added-required", Err, &[K::RequestBodyAddedRequired]),
    kinds("new-required-request-default-parameter-to-existing-path", Err, &[K::ParameterAddedRequired]),
    kinds("new-required-request-parameter", Err, &[K::ParameterAddedRequired]),
    kinds("new-request-path-parameter", Err, &[K::OperationRemoved, K::PathChanged]),
    kinds("new-required-request-header-property", Err, &[K::PropertyAddedRequired]),
    kinds("request-body-became-enum", Err, &[K::ConstraintTightened]),
    kinds("request-body-media-type-removed", Err, &[K::ContentTypeRemoved]),
    new("request-body-media-type-schema-added", Err, &[K::TypeNarrowed]),
    new("response-body-media-type-schema-removed", Warn, &[K::TypeWidened]),
    kinds("request-body-removed", Err, &[K::RequestBodyRemoved]),
    kinds("request-body-became-required", Err, &[K::RequestBodyBecameRequired]),
    kinds("request-header-property-became-enum", Err, &[K::ConstraintTightened]),
    kinds("request-header-property-became-required", Err, &[K::PropertyBecameRequired]),
    kinds("request-parameter-became-enum", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-became-not-nullable", Err, &[K::BecameNonNullable]),
    kinds("request-parameter-property-became-not-nullable", Err, &[K::BecameNonNullable]),
    kinds("request-parameter-default-value-changed", Err, &[K::DefaultChanged]),
    kinds("request-parameter-default-value-added", Err, &[K::DefaultChanged]),
    kinds("request-parameter-default-value-removed", Err, &[K::DefaultChanged]),
    kinds("request-parameter-enum-value-removed", Err, &[K::EnumValueRemoved]),
    kinds("request-parameter-property-enum-value-removed", Err, &[K::EnumValueRemoved]),
    kinds("request-parameter-max-items-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-max-length-set", Warn, &[K::ConstraintTightened]),
    kinds("request-parameter-max-length-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-max-set", Warn, &[K::ConstraintTightened]),
    kinds("request-parameter-exclusive-max-set", Warn, &[K::ConstraintTightened]),
    kinds("request-parameter-max-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-exclusive-max-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-min-items-set", Warn, &[K::ConstraintTightened]),
    kinds("request-parameter-min-items-increased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-min-length-increased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-min-set", Warn, &[K::ConstraintTightened]),
    kinds("request-parameter-exclusive-min-set", Warn, &[K::ConstraintTightened]),
    kinds("request-parameter-min-increased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-exclusive-min-increased", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-pattern-added", Err, &[K::ConstraintTightened]),
    kinds("request-parameter-pattern-changed", Warn, &[K::ConstraintChanged]),
    kinds("request-parameter-removed", Warn, &[K::ParameterRemoved]),
    check("request-parameter-sunset-parse", Err, NotApplicable(SUNSET)),
    kinds("request-parameter-removed-before-sunset", Err, &[K::ParameterRemoved]),
    kinds("request-parameter-became-required", Err, &[K::ParameterBecameRequired]),
    kinds("request-parameter-type-changed", Err, &[K::TypeChanged, K::TypeNarrowed]),
    kinds("request-parameter-property-type-changed", Warn, &[K::TypeChanged, K::TypeNarrowed]),
    kinds("request-parameter-property-type-specialized", Err, &[K::TypeNarrowed]),
    new("request-parameter-x-extensible-enum-value-removed", Err, &[K::EnumValueRemoved]),
    kinds("request-body-all-of-added", Err, &[K::PropertyAddedRequired, K::ConstraintTightened, K::TypeNarrowed]),
    kinds("request-body-all-of-removed", Warn, &[K::PropertyRemoved, K::ConstraintLoosened, K::TypeWidened]),
    kinds("request-property-all-of-added", Err, &[K::PropertyAddedRequired, K::ConstraintTightened, K::TypeNarrowed]),
    kinds("request-property-all-of-removed", Warn, &[K::PropertyRemoved, K::ConstraintLoosened, K::TypeWidened]),
    kinds("request-body-any-of-removed", Err, &[K::VariantRemoved]),
    kinds("request-property-any-of-removed", Err, &[K::VariantRemoved]),
    kinds("request-property-became-enum", Err, &[K::ConstraintTightened]),
    kinds("request-body-became-not-nullable", Err, &[K::BecameNonNullable]),
    kinds("request-property-became-not-nullable", Err, &[K::BecameNonNullable]),
    kinds("request-body-const-added", Err, &[K::ConstraintTightened]),
    kinds("request-body-const-changed", Err, &[K::ConstChanged]),
    kinds("request-property-const-added", Err, &[K::ConstraintTightened]),
    kinds("request-property-const-changed", Err, &[K::ConstChanged]),
    kinds("request-property-enum-value-removed", Err, &[K::EnumValueRemoved]),
    kinds("request-body-max-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-property-max-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-body-exclusive-max-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-property-exclusive-max-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-body-max-length-set", Warn, &[K::ConstraintTightened]),
    kinds("request-property-max-length-set", Warn, &[K::ConstraintTightened]),
    kinds("request-body-max-length-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-property-max-length-decreased", Err, &[K::ConstraintTightened]),
    kinds("request-body-max-set", Warn, &[K::ConstraintTightened]),
    kinds("request-property-max-set", Warn, &[K::ConstraintTightened]),
    kinds("request-body-exclusive-max-set", Warn, &[K::ConstraintTightened]),
    kinds("request-property-exclusive-max-set", Warn, &[K::ConstraintTightened]),
    kinds("request-body-min-increased", Err, &[K::ConstraintTightened]),
    kinds("request-property-min-increased", Err, &[K::ConstraintTightened]),
    kinds("request-body-exclusive-min-increased", Err, &[K::ConstraintTightened]),
    kinds("request-property-exclusive-min-increased", Err, &[K::ConstraintTightened]),
    kinds("request-body-min-items-increased", Err, &[K::ConstraintTightened]),
    kinds("request-property-min-items-increased", Err, &[K::ConstraintTightened]),
    kinds("request-body-min-items-set", Warn, &[K::ConstraintTightened]),
    kinds("request-property-min-items-set", Warn, &[K::ConstraintTightened]),
    kinds("request-body-min-length-increased", Err, &[K::ConstraintTightened]),
    kinds("request-property-min-length-increased", Err, &[K::ConstraintTightened]),
    kinds("request-body-min-set", Warn, &[K::ConstraintTightened]),
    kinds("request-property-min-set", Warn, &[K::ConstraintTightened]),
    kinds("request-body-exclusive-min-set", Warn, &[K::ConstraintTightened]),
    kinds("request-property-exclusive-min-set", Warn, &[K::ConstraintTightened]),
    kinds("request-body-one-of-removed", Err, &[K::VariantRemoved]),
    kinds("request-property-one-of-removed", Err, &[K::VariantRemoved]),
    kinds("request-property-pattern-added", Err, &[K::ConstraintTightened]),
    kinds("request-property-pattern-changed", Warn, &[K::ConstraintChanged]),
    kinds("request-property-became-required", Err, &[K::PropertyBecameRequired]),
    kinds("request-property-became-required-with-default", Err, &[K::PropertyBecameRequired]),
    kinds("request-body-type-changed", Err, &[K::TypeChanged, K::TypeNarrowed]),
    kinds("request-property-type-changed", Err, &[K::TypeChanged, K::TypeNarrowed]),
    kinds("request-property-removed", Warn, &[K::PropertyRemoved]),
    kinds("new-required-request-property", Err, &[K::PropertyAddedRequired]),
    kinds("new-required-request-property-with-default", Err, &[K::PropertyAddedRequired]),
    kinds("request-body-wrapped-in-one-of", Err, &[K::VariantAdded]),
    new("request-property-x-extensible-enum-value-removed", Err, &[K::EnumValueRemoved]),
    new("response-header-became-optional", Err, &[K::ResponseHeaderBecameOptional]),
    new("required-response-header-removed", Err, &[K::ResponseHeaderRemoved]),
    new("optional-response-header-removed", Warn, &[K::ResponseHeaderRemoved]),
    new("response-header-type-changed", Err, &[K::TypeChanged]),
    new("response-header-type-generalized", Err, &[K::TypeWidened]),
    new("response-header-became-nullable", Err, &[K::BecameNullable]),
    kinds("response-media-type-removed", Err, &[K::ContentTypeRemoved]),
    kinds("response-media-type-name-generalized", Err, &[K::ContentTypeRemoved]),
    kinds("response-optional-property-removed", Warn, &[K::PropertyRemoved]),
    kinds("response-property-became-nullable", Err, &[K::BecameNullable]),
    kinds("response-body-became-nullable", Err, &[K::BecameNullable]),
    kinds("response-property-became-optional", Err, &[K::PropertyBecameOptional]),
    kinds("response-body-const-removed", Err, &[K::ConstraintLoosened]),
    kinds("response-body-const-changed", Err, &[K::ConstChanged]),
    kinds("response-property-const-removed", Err, &[K::ConstraintLoosened]),
    kinds("response-property-const-changed", Err, &[K::ConstChanged]),
    kinds("response-property-enum-value-added", Warn, &[K::EnumValueAdded]),
    kinds("response-body-max-increased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-max-increased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-exclusive-max-increased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-exclusive-max-increased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-max-length-increased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-max-length-increased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-max-length-unset", Err, &[K::ConstraintLoosened]),
    kinds("response-property-max-length-unset", Err, &[K::ConstraintLoosened]),
    kinds("response-body-min-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-min-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-exclusive-min-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-exclusive-min-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-min-items-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-min-items-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-min-items-unset", Err, &[K::ConstraintLoosened]),
    kinds("response-property-min-items-unset", Err, &[K::ConstraintLoosened]),
    kinds("response-body-min-length-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-property-min-length-decreased", Err, &[K::ConstraintLoosened]),
    kinds("response-body-one-of-added", Err, &[K::VariantAdded]),
    kinds("response-property-one-of-added", Err, &[K::VariantAdded]),
    kinds("response-body-type-changed", Err, &[K::TypeChanged, K::TypeWidened]),
    kinds("response-body-type-generalized", Err, &[K::TypeWidened]),
    kinds("response-property-type-changed", Err, &[K::TypeChanged, K::TypeWidened]),
    kinds("response-property-type-generalized", Err, &[K::TypeWidened]),
    kinds("response-required-property-removed", Err, &[K::PropertyRemoved]),
    kinds("response-body-wrapped-in-one-of", Err, &[K::VariantAdded]),
    new("response-required-property-became-not-write-only", Warn, &[K::PropertyAddedRequired]),
    kinds("response-success-status-removed", Err, &[K::ResponseRemovedSuccess]),
    kinds("webhook-removed", Err, &[K::OperationRemoved]),
    kinds("request-body-enum-value-removed", Err, &[K::EnumValueRemoved]),
    kinds("request-body-list-of-types-narrowed", Err, &[K::TypeNarrowed]),
    kinds("request-property-list-of-types-narrowed", Err, &[K::TypeNarrowed]),
    kinds("response-body-list-of-types-widened", Err, &[K::TypeWidened]),
    kinds("response-property-list-of-types-widened", Err, &[K::TypeWidened]),
    kinds("request-parameter-list-of-types-narrowed", Err, &[K::TypeNarrowed]),
    kinds("request-parameter-property-list-of-types-narrowed", Err, &[K::TypeNarrowed]),
    new("request-body-prefix-items-removed", Err, &[K::ConstraintLoosened]),
    new("request-property-prefix-items-removed", Err, &[K::ConstraintLoosened]),
    new("response-body-prefix-items-added", Err, &[K::ConstraintTightened]),
    new("response-property-prefix-items-added", Err, &[K::ConstraintTightened]),
    new("request-body-if-added", Err, &[K::ConstraintTightened]),
    new("request-body-then-added", Err, &[K::ConstraintTightened]),
    new("request-body-else-added", Err, &[K::ConstraintTightened]),
    new("request-property-if-added", Err, &[K::ConstraintTightened]),
    new("request-property-then-added", Err, &[K::ConstraintTightened]),
    new("request-property-else-added", Err, &[K::ConstraintTightened]),
    new("response-body-if-removed", Err, &[K::ConstraintLoosened]),
    new("response-body-then-removed", Err, &[K::ConstraintLoosened]),
    new("response-body-else-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-if-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-then-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-else-removed", Err, &[K::ConstraintLoosened]),
    new("request-body-contains-added", Err, &[K::ConstraintTightened]),
    new("request-body-min-contains-increased", Err, &[K::ConstraintTightened]),
    new("request-body-max-contains-decreased", Err, &[K::ConstraintTightened]),
    new("request-property-contains-added", Err, &[K::ConstraintTightened]),
    new("request-property-min-contains-increased", Err, &[K::ConstraintTightened]),
    new("request-property-max-contains-decreased", Err, &[K::ConstraintTightened]),
    new("response-body-contains-removed", Err, &[K::ConstraintLoosened]),
    new("response-body-min-contains-decreased", Err, &[K::ConstraintLoosened]),
    new("response-body-max-contains-increased", Err, &[K::ConstraintLoosened]),
    new("response-property-contains-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-min-contains-decreased", Err, &[K::ConstraintLoosened]),
    new("response-property-max-contains-increased", Err, &[K::ConstraintLoosened]),
    new("request-body-dependent-required-added", Err, &[K::ConstraintTightened]),
    new("request-body-dependent-required-changed", Err, &[K::ConstraintChanged]),
    new("request-property-dependent-required-added", Err, &[K::ConstraintTightened]),
    new("request-property-dependent-required-changed", Err, &[K::ConstraintChanged]),
    new("response-body-dependent-required-removed", Err, &[K::ConstraintLoosened]),
    new("response-body-dependent-required-changed", Err, &[K::ConstraintChanged]),
    new("response-property-dependent-required-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-dependent-required-changed", Err, &[K::ConstraintChanged]),
    new("request-body-dependent-schema-added", Err, &[K::ConstraintTightened]),
    new("request-property-dependent-schema-added", Err, &[K::ConstraintTightened]),
    new("response-body-dependent-schema-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-dependent-schema-removed", Err, &[K::ConstraintLoosened]),
    new("request-body-pattern-property-added", Err, &[K::ConstraintTightened]),
    new("request-property-pattern-property-added", Err, &[K::ConstraintTightened]),
    new("response-body-pattern-property-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-pattern-property-removed", Err, &[K::ConstraintLoosened]),
    new("request-body-property-names-added", Err, &[K::ConstraintTightened]),
    new("request-property-property-names-added", Err, &[K::ConstraintTightened]),
    new("response-body-property-names-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-property-names-removed", Err, &[K::ConstraintLoosened]),
    new("request-body-unevaluated-items-added", Err, &[K::ConstraintTightened]),
    new("request-body-unevaluated-properties-added", Err, &[K::ConstraintTightened]),
    new("request-property-unevaluated-items-added", Err, &[K::ConstraintTightened]),
    new("request-property-unevaluated-properties-added", Err, &[K::ConstraintTightened]),
    new("response-body-unevaluated-items-removed", Err, &[K::ConstraintLoosened]),
    new("response-body-unevaluated-properties-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-unevaluated-items-removed", Err, &[K::ConstraintLoosened]),
    new("response-property-unevaluated-properties-removed", Err, &[K::ConstraintLoosened]),
    new("request-body-content-schema-added", Err, &[K::TypeNarrowed]),
    new("request-body-content-media-type-changed", Err, &[K::FormatChanged]),
    new("request-body-content-encoding-changed", Err, &[K::FormatChanged]),
    new("request-property-content-schema-added", Err, &[K::TypeNarrowed]),
    new("request-property-content-media-type-changed", Err, &[K::FormatChanged]),
    new("request-property-content-encoding-changed", Err, &[K::FormatChanged]),
    new("response-body-content-schema-removed", Err, &[K::TypeWidened]),
    new("response-body-content-media-type-changed", Err, &[K::FormatChanged]),
    new("response-body-content-encoding-changed", Err, &[K::FormatChanged]),
    new("response-property-content-schema-removed", Err, &[K::TypeWidened]),
    new("response-property-content-media-type-changed", Err, &[K::FormatChanged]),
    new("response-property-content-encoding-changed", Err, &[K::FormatChanged]),
];

/// Checks mapped to a kind, not applicable, and missing: now, and before issue 28.
pub fn counts() -> [(usize, usize, usize); 2] {
    let mut now = (0, 0, 0);
    let mut before = (0, 0, 0);
    for c in CHECKS {
        match c.coverage {
            Coverage::Kinds(_) => {
                now.0 += 1;
                if c.added {
                    before.2 += 1;
                } else {
                    before.0 += 1;
                }
            }
            Coverage::NotApplicable(_) => {
                now.1 += 1;
                before.1 += 1;
            }
            Coverage::Missing(_) => {
                now.2 += 1;
                before.2 += 1;
            }
        }
    }
    [now, before]
}

/// The coverage table as Markdown.
pub fn markdown() -> String {
    let mut out = String::new();
    let [now, before] = counts();
    let _ = writeln!(out, "# oasdiff's checks and `diff`\n");
    let _ = writeln!(
        out,
        "oasdiff lists {} checks at error or warning level (`checker/rules.go` at 4553c69d). Each is \
         mapped here to the kind of change `diff` reports it as, or to why it does not affect a client. \
         Severities are `diff`'s own: it classifies by the direction a schema travels, so what oasdiff \
         calls an error in both directions can be compatible in one. Written by `cargo xtask docs` from \
         `coverage.rs` beside this file.\n",
        CHECKS.len()
    );
    let _ = writeln!(out, "| | before issue 28 | now |\n|---|---:|---:|");
    let _ = writeln!(out, "| reported (mapped to a kind) | {} | {} |", before.0, now.0);
    let _ = writeln!(out, "| does not affect a client | {} | {} |", before.1, now.1);
    let _ = writeln!(out, "| missing | {} | {} |", before.2, now.2);
    let _ = writeln!(out, "\n| oasdiff check | level | `diff` reports it as |\n|---|---|---|");
    for c in CHECKS {
        let what = match c.coverage {
            Coverage::Kinds(kinds) => {
                let names: Vec<String> = kinds.iter().map(|k| format!("`{k}`")).collect();
                let since = if c.added { " (since issue 28)" } else { "" };
                format!("{}{since}", names.join(", "))
            }
            Coverage::NotApplicable(why) => format!("does not affect a client: {why}"),
            Coverage::Missing(why) => format!("missing: {why}"),
        };
        let _ = writeln!(out, "| `{}` | {} | {} |", c.id, c.level.label(), what.replace('|', "\\|"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_once() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CHECKS.len());
        assert_eq!(CHECKS.len(), 243);
        assert_eq!(CHECKS.iter().filter(|c| c.level == Level::Warn).count(), 30);
    }
}
