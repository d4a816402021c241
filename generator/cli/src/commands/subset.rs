//! `oagen spec subset`: some operations of a document and exactly the components they reach.

use crate::args::SubsetArgs;
use anyhow::{Context, Result};

/// Write the subset to `--out` (JSON for `.json`, else YAML) or standard output.
pub fn run(args: &SubsetArgs) -> Result<()> {
    let list =
        |values: &[String]| values.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let mut selection = oagen::select::Selection::default();
    selection.include.operation_ids = list(&args.ops);
    selection.include.tags = list(&args.tags);
    selection.drop_descriptions = args.drop_descriptions;
    if selection.include.operation_ids.is_empty() && selection.include.tags.is_empty() {
        anyhow::bail!("name the operations to keep with --ops or --tags");
    }
    let spec = oagen::Spec::load(&args.from)?;
    let doc = oagen::select::subset(spec.tree(), &selection).map_err(|e| spec.locate(e))?;
    let json = args.out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e == "json"));
    let text = oagen::select::to_text(&doc, json)?;
    let operations: usize = doc["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .filter_map(serde_json::Value::as_object)
            .map(|item| item.keys().filter(|k| oagen::openapi::METHODS.contains(&k.as_str())).count())
            .sum()
    });
    let schemas = doc["components"]["schemas"].as_object().map_or(0, |s| s.len());
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({operations} operations, {schemas} schemas)", path.display());
        }
        None => {
            print!("{text}");
            eprintln!("{operations} operations, {schemas} schemas");
        }
    }
    Ok(())
}
