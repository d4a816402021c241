//! A [`Report`] written for a terminal, for Markdown (release notes, pull request
//! comments) or as JSON for tools. Every format is deterministic: the report is sorted.
//!
//! For people (text and Markdown) the changes come by severity, breaking first, and a change
//! found alike in several operations or schemas (an error response added to every
//! operation) is one entry naming them all. JSON keeps every change as found.

use super::{Bump, Change, ChangeKind, Direction, Report, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
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

/// What of a report to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Only the changes at least this severe (and, in the Rust API, only the major ones);
    /// the counts stay those of the whole report.
    pub only: Option<Severity>,
}

impl View {
    fn shows(&self, severity: Severity) -> bool {
        self.only.is_none_or(|threshold| severity <= threshold)
    }

    fn shows_rust(&self, bump: Bump) -> bool {
        self.only.is_none() || bump == Bump::Major
    }

    fn note(&self) -> Option<String> {
        self.only.map(|threshold| match threshold {
            Severity::Breaking => "showing breaking changes only".to_owned(),
            other => format!("showing changes at least {other} only"),
        })
    }
}

/// Write the whole report in a format.
pub fn render(report: &Report, format: Format) -> String {
    render_view(report, format, View::default())
}

/// Write what `view` shows of the report in a format.
pub fn render_view(report: &Report, format: Format, view: View) -> String {
    match format {
        Format::Text => text_view(report, view),
        Format::Markdown => markdown_view(report, view),
        Format::Json => json_view(report, view),
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Breaking, Severity::PotentiallyBreaking, Severity::Compatible];

fn side_line(s: &super::Side) -> String {
    format!("{} ({} {}, OpenAPI {})", s.file, s.title, s.version, s.openapi)
}

fn counts_line(report: &Report) -> String {
    SEVERITIES.iter().map(|s| format!("{} {}", report.count(*s), s.label())).collect::<Vec<_>>().join(", ")
}

/// Changes of one severity under the groups they were found in: one group, or several when
/// the same change (kind, place, detail) was found in each.
struct Section<'r> {
    groups: Vec<&'r str>,
    changes: Vec<&'r Change>,
}

/// The changes of one severity as people read them: sections in report order (document,
/// operations by path, schemas by name), a change found alike in several groups once.
fn sections(report: &Report, severity: Severity) -> Vec<Section<'_>> {
    // Each distinct change and every group it was found in, in report order.
    let mut alike: Vec<(&Change, Vec<&str>)> = Vec::new();
    let mut index: HashMap<(ChangeKind, &str, &str, Option<Direction>), usize> = HashMap::new();
    for c in report.changes.iter().filter(|c| c.severity == severity) {
        let key = (c.kind, c.location.as_str(), c.detail.as_str(), c.direction);
        match index.get(&key) {
            Some(&i) => {
                if !alike[i].1.contains(&c.group.as_str()) {
                    alike[i].1.push(&c.group);
                }
            }
            None => {
                index.insert(key, alike.len());
                alike.push((c, vec![&c.group]));
            }
        }
    }
    let mut out: Vec<Section<'_>> = Vec::new();
    let mut at: HashMap<Vec<&str>, usize> = HashMap::new();
    for (c, groups) in alike {
        match at.get(&groups) {
            Some(&i) => out[i].changes.push(c),
            None => {
                at.insert(groups.clone(), out.len());
                out.push(Section { groups, changes: vec![c] });
            }
        }
    }
    out
}

/// `POST /pets (createPet)`, or `3 operations: A, B, C` / `51 operations: A, B, C and 48 more`.
fn heading<'r>(groups: &[&'r str], shown: usize) -> String {
    match groups {
        [one] => (*one).to_owned(),
        _ => {
            let schemas = groups.iter().filter(|g| g.starts_with("schema ")).count();
            let what = match schemas {
                0 => "operations",
                n if n == groups.len() => "schemas",
                _ => "places",
            };
            let name = |g: &&'r str| if what == "schemas" { g.trim_start_matches("schema ") } else { g };
            let listed: Vec<&str> = groups.iter().take(shown).map(name).collect();
            let more = if groups.len() > shown { format!(" and {} more", groups.len() - shown) } else { String::new() };
            format!("{} {what}: {}{more}", groups.len(), listed.join(", "))
        }
    }
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

/// For a terminal: a summary, then the changes by severity, breaking first, then the Rust
/// API.
pub fn text(report: &Report) -> String {
    text_view(report, View::default())
}

fn text_view(report: &Report, view: View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "old: {}", side_line(&report.old));
    let _ = writeln!(out, "new: {}", side_line(&report.new));
    let _ = writeln!(out);
    let _ = writeln!(out, "spec: {} → semver {}", counts_line(report), report.spec_bump);
    let _ = writeln!(out, "rust API: semver {} ({})", report.rust.bump, report.rust.reason);
    if let Some(note) = view.note() {
        let _ = writeln!(out, "({note})");
    }
    for severity in SEVERITIES.into_iter().filter(|s| view.shows(*s)) {
        let sections = sections(report, severity);
        if sections.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n-- {} ({}) --", severity.label(), report.count(severity));
        for section in sections {
            let _ = writeln!(out);
            let mut title = heading(&section.groups, 3);
            if let (Some(note), [_]) = (users_note(report, section.groups[0]), section.groups.as_slice()) {
                title = format!("{title} ({note})");
            }
            let _ = writeln!(out, "{title}");
            for c in section.changes {
                let direction = c.direction.map_or(String::new(), |d| format!(" ({})", d.label()));
                let location = if c.location.is_empty() { String::new() } else { format!("{}: ", c.location) };
                let _ = writeln!(out, "  {location}{} [{}{direction}]: {}", c.detail, c.kind, c.reason);
            }
        }
    }
    let rust: Vec<&super::RustChange> = report.rust.changes.iter().filter(|c| view.shows_rust(c.bump)).collect();
    if !rust.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "rust API changes");
        for c in rust {
            let _ = writeln!(out, "  {:<5} {}: {}", c.bump.label(), c.item, c.detail);
        }
    }
    out
}

/// Table cells: no line breaks, no unescaped pipes.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Code in a table cell.
fn code(s: &str) -> String {
    format!("`{}`", cell(s).replace('`', "'"))
}

/// The "where" cell of a section's rows: its groups (all of them, folded when many), and
/// for one schema the operations that reach it.
fn where_cell(report: &Report, section: &Section<'_>, with_users: bool) -> String {
    match section.groups.as_slice() {
        [one] => {
            let users = users_note(report, one).filter(|_| with_users);
            match users {
                Some(note) => format!("{}<br>{}", code(one), cell(&note)),
                None => code(one),
            }
        }
        many if many.len() <= 3 => many.iter().map(|g| code(g)).collect::<Vec<_>>().join("<br>"),
        many => {
            let summary = heading(many, 0);
            let summary = summary.split(':').next().unwrap_or(&summary).to_owned();
            let all: Vec<String> = many.iter().map(|g| code(g)).collect();
            format!("<details><summary>{summary}</summary>{}</details>", all.join("<br>"))
        }
    }
}

/// For release notes and pull request comments: the breaking changes first, then a summary,
/// then the other changes and the Rust API.
pub fn markdown(report: &Report) -> String {
    markdown_view(report, View::default())
}

fn markdown_view(report: &Report, view: View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API changes: {} {} → {}", report.new.title, report.old.version, report.new.version);
    for severity in SEVERITIES.into_iter().filter(|s| view.shows(*s)) {
        let title = match severity {
            Severity::Breaking => "Breaking changes",
            Severity::PotentiallyBreaking => "Potentially breaking changes",
            Severity::Compatible => "Compatible changes",
        };
        let sections = sections(report, severity);
        // The breaking table is always there, if only to say there is none.
        if sections.is_empty() && severity != Severity::Breaking {
            continue;
        }
        let _ = writeln!(out, "\n### {title} ({})\n", report.count(severity));
        if sections.is_empty() {
            let _ = writeln!(out, "None.");
        } else {
            let _ = writeln!(out, "| where | change | kind | why |\n|---|---|---|---|");
            for section in &sections {
                // The place once, on the first of its rows.
                let mut place = where_cell(report, section, severity != Severity::Compatible);
                for c in &section.changes {
                    let direction = c.direction.map_or(String::new(), |d| format!(" ({})", d.label()));
                    let location =
                        if c.location.is_empty() { String::new() } else { format!("{}: ", cell(&c.location)) };
                    let _ = writeln!(
                        out,
                        "| {place} | {location}{} | `{}`{direction} | {} |",
                        cell(&c.detail),
                        c.kind,
                        cell(&c.reason)
                    );
                    place.clear();
                }
            }
        }
        if severity == Severity::Breaking {
            summary(report, view, &mut out);
        }
    }
    if !view.shows(Severity::Breaking) {
        summary(report, view, &mut out);
    }
    let rust: Vec<&super::RustChange> = report.rust.changes.iter().filter(|c| view.shows_rust(c.bump)).collect();
    if !rust.is_empty() {
        let _ = writeln!(out, "\n### Rust API ({})\n", report.rust.bump);
        let _ = writeln!(out, "| bump | item | change |\n|---|---|---|");
        for c in rust {
            let _ = writeln!(out, "| {} | `{}` | {} |", c.bump, c.item, cell(&c.detail));
        }
    }
    out
}

/// The two documents, the counts and bumps, and the changes per kind.
fn summary(report: &Report, view: View, out: &mut String) {
    let _ = writeln!(out, "\n### Summary\n");
    let _ = writeln!(out, "- old: `{}` (OpenAPI {})", report.old.file, report.old.openapi);
    let _ = writeln!(out, "- new: `{}` (OpenAPI {})", report.new.file, report.new.openapi);
    let _ = writeln!(out, "- spec: {} → **{}**", counts_line(report), report.spec_bump);
    let _ = writeln!(out, "- Rust API: **{}** ({})", report.rust.bump, cell(&report.rust.reason));
    if let Some(note) = view.note() {
        let _ = writeln!(out, "- {note}");
    }
    let mut rows: BTreeMap<(ChangeKind, Severity), usize> = BTreeMap::new();
    for c in &report.changes {
        *rows.entry((c.kind, c.severity)).or_insert(0) += 1;
    }
    if !rows.is_empty() {
        let _ = writeln!(out, "\n| change | severity | count |\n|---|---|---:|");
        for ((kind, severity), n) in rows {
            let _ = writeln!(out, "| `{kind}` | {severity} | {n} |");
        }
    }
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
    /// `--only`: the changes left out are counted in `summary` all the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    only: Option<Severity>,
    #[serde(flatten)]
    report: &'a Report,
}

/// For tools: the whole report, with counts per severity and per kind.
pub fn json(report: &Report) -> String {
    json_view(report, View::default())
}

fn json_view(report: &Report, view: View) -> String {
    let summary = Summary {
        breaking: report.count(Severity::Breaking),
        potentially_breaking: report.count(Severity::PotentiallyBreaking),
        compatible: report.count(Severity::Compatible),
        by_kind: report.counts_by_kind().into_iter().map(|(k, n)| (k.name(), n)).collect(),
    };
    let shown;
    let report = match view.only {
        None => report,
        Some(_) => {
            let mut filtered = report.clone();
            filtered.changes.retain(|c| view.shows(c.severity));
            filtered.rust.changes.retain(|c| view.shows_rust(c.bump));
            shown = filtered;
            &shown
        }
    };
    let json = Json { summary, only: view.only, report };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::heading;

    #[test]
    fn headings_name_one_group_or_count_many() {
        assert_eq!(heading(&["GET /pets (listPets)"], 3), "GET /pets (listPets)");
        assert_eq!(heading(&["schema A", "schema B"], 3), "2 schemas: A, B");
        assert_eq!(heading(&["GET /a", "GET /b", "GET /c", "GET /d"], 2), "4 operations: GET /a, GET /b and 2 more");
        assert_eq!(heading(&["GET /a", "schema B"], 3), "2 places: GET /a, schema B");
    }
}
