//! A [`Report`] written for a terminal, for Markdown (release notes, pull request
//! comments) or as JSON for tools. Every format is deterministic: the report is sorted.

use super::{ChangeKind, Report, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

impl Format {
    /// `text`, `markdown` (or `md`), `json`.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Write the report in a format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Breaking, Severity::PotentiallyBreaking, Severity::Compatible];

fn side_line(s: &super::Side) -> String {
    format!("{} ({} {}, OpenAPI {})", s.file, s.title, s.version, s.openapi)
}

fn counts_line(report: &Report) -> String {
    SEVERITIES.iter().map(|s| format!("{} {}", report.count(*s), s.label())).collect::<Vec<_>>().join(", ")
}

/// Changes in report order, one group at a time.
fn groups(report: &Report) -> Vec<(&str, Vec<&super::Change>)> {
    let mut out: Vec<(&str, Vec<&super::Change>)> = Vec::new();
    for c in &report.changes {
        match out.last_mut() {
            Some((g, list)) if *g == c.group => list.push(c),
            _ => out.push((&c.group, vec![c])),
        }
    }
    out
}

fn users_note(report: &Report, group: &str) -> Option<String> {
    let ops = report.used_by.get(group)?;
    let shown: Vec<&str> = ops.iter().take(3).map(String::as_str).collect();
    let more = if ops.len() > 3 { format!(" and {} more", ops.len() - 3) } else { String::new() };
    Some(format!(
        "used by {} operation{}: {}{more}",
        ops.len(),
        if ops.len() == 1 { "" } else { "s" },
        shown.join(", ")
    ))
}

/// For a terminal: a summary, then one line per change under its group, then the Rust API.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "old: {}", side_line(&report.old));
    let _ = writeln!(out, "new: {}", side_line(&report.new));
    let _ = writeln!(out);
    let _ = writeln!(out, "spec: {} → semver {}", counts_line(report), report.spec_bump);
    let _ = writeln!(out, "rust API: semver {} ({})", report.rust.bump, report.rust.reason);
    for (group, changes) in groups(report) {
        let _ = writeln!(out);
        match users_note(report, group) {
            Some(note) => {
                let _ = writeln!(out, "{group} ({note})");
            }
            None => {
                let _ = writeln!(out, "{group}");
            }
        }
        for c in changes {
            let direction = c.direction.map_or(String::new(), |d| format!(" ({})", d.label()));
            let location = if c.location.is_empty() { String::new() } else { format!("{}: ", c.location) };
            let _ = writeln!(
                out,
                "  {:<21} {location}{} [{}{direction}]: {}",
                c.severity.label(),
                c.detail,
                c.kind,
                c.reason
            );
        }
    }
    if !report.rust.changes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "rust API changes");
        for c in &report.rust.changes {
            let _ = writeln!(out, "  {:<5} {}: {}", c.bump.label(), c.item, c.detail);
        }
    }
    out
}

/// Table cells: no line breaks, no unescaped pipes.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// For release notes and pull request comments.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API changes: {} {} → {}\n", report.new.title, report.old.version, report.new.version);
    let _ = writeln!(out, "- old: `{}` (OpenAPI {})", report.old.file, report.old.openapi);
    let _ = writeln!(out, "- new: `{}` (OpenAPI {})", report.new.file, report.new.openapi);
    let _ = writeln!(out, "- spec: {} → **{}**", counts_line(report), report.spec_bump);
    let _ = writeln!(out, "- Rust API: **{}** ({})", report.rust.bump, cell(&report.rust.reason));
    let by_kind = report.counts_by_kind();
    if !by_kind.is_empty() {
        let _ = writeln!(out, "\n| change | severity | count |\n|---|---|---:|");
        let mut rows: BTreeMap<(ChangeKind, Severity), usize> = BTreeMap::new();
        for c in &report.changes {
            *rows.entry((c.kind, c.severity)).or_insert(0) += 1;
        }
        for ((kind, severity), n) in rows {
            let _ = writeln!(out, "| `{kind}` | {severity} | {n} |");
        }
    }
    for (group, changes) in groups(report) {
        let _ = writeln!(out, "\n### `{}`\n", group.replace('`', "'"));
        if let Some(note) = users_note(report, group) {
            let _ = writeln!(out, "{}\n", cell(&note));
        }
        let _ = writeln!(out, "| severity | where | change | why |\n|---|---|---|---|");
        for c in changes {
            let severity = match c.severity {
                Severity::Breaking => "**breaking**",
                Severity::PotentiallyBreaking => "potentially breaking",
                Severity::Compatible => "compatible",
            };
            let direction = c.direction.map_or(String::new(), |d| format!(" ({})", d.label()));
            let location = if c.location.is_empty() { "operation" } else { &c.location };
            let _ = writeln!(
                out,
                "| {severity} | {}{direction} | {} | {} |",
                cell(location),
                cell(&c.detail),
                cell(&c.reason)
            );
        }
    }
    if !report.rust.changes.is_empty() {
        let _ = writeln!(out, "\n### Rust API ({})\n", report.rust.bump);
        let _ = writeln!(out, "| bump | item | change |\n|---|---|---|");
        for c in &report.rust.changes {
            let _ = writeln!(out, "| {} | `{}` | {} |", c.bump, c.item, cell(&c.detail));
        }
    }
    out
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    potentially_breaking: usize,
    compatible: usize,
    by_kind: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct Json<'a> {
    summary: Summary,
    #[serde(flatten)]
    report: &'a Report,
}

/// For tools: the whole report, with counts per severity and per kind.
pub fn json(report: &Report) -> String {
    let summary = Summary {
        breaking: report.count(Severity::Breaking),
        potentially_breaking: report.count(Severity::PotentiallyBreaking),
        compatible: report.count(Severity::Compatible),
        by_kind: report.counts_by_kind().into_iter().map(|(k, n)| (k.name(), n)).collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&Json { summary, report }).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
