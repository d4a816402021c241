//! The harness crate: a binary that depends on a generated crate and checks each case of a
//! [`Plan`] against the generated type it names.

use super::{Form, Plan};
use oagen::ir::{Api, TypeKind};
use oagen::rust::{format_file, type_path};
use oagen::Error;
use oagen::Files;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The files of the harness crate `package` (`Cargo.toml`, `src/main.rs`) for `plan`,
/// depending on the generated crate `client_package` at `client_path` and on the runtime at
/// `runtime_path` (both relative to the harness's folder, or absolute; without a path, the
/// runtime by version from the registry). Harnesses that share
/// a target folder need distinct package names: each is a binary of that name.
pub fn harness_files(
    api: &Api,
    plan: &Plan,
    package: &str,
    client_package: &str,
    client_path: &str,
    runtime_path: Option<&str>,
) -> Result<Files, Error> {
    let mut files = Files::new();
    let runtime_path = runtime_path.map_or_else(String::new, |p| format!(", path = \"{p}\""));
    let (runtime_package, runtime_version) = (oagen::RUNTIME_PACKAGE, oagen::RUNTIME_VERSION);
    let manifest = format!(
        "# Written by `cargo xtask conformance`: checks the examples of a document against the\n\
         # crate generated from it.\n\
         [package]\n\
         name = \"{package}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         [dependencies]\n\
         client = {{ package = \"{client_package}\", path = \"{client_path}\" }}\n\
         runtime = {{ package = \"{runtime_package}\", version = \"{runtime_version}\"{runtime_path}, features = [\"conformance\"] }}\n\
         serde_json = \"1\"\n\n\
         [workspace]\n"
    );
    files.insert(PathBuf::from("Cargo.toml"), manifest);
    files.insert(PathBuf::from("src/main.rs"), format_file("", main_tokens(api, plan))?);
    Ok(files)
}

/// `fn name(target, mode, input) -> Outcome`: the check of each target by its index.
fn dispatch_fn(name: TokenStream, input: TokenStream, arms: &[TokenStream], deprecated: bool) -> TokenStream {
    if arms.is_empty() {
        let input_ty = input.into_iter().skip(2).collect::<TokenStream>();
        return quote! {
            fn #name(target: usize, _: Mode, _: #input_ty) -> Outcome {
                Err(no_target(target))
            }
        };
    }
    let allow =
        deprecated.then(|| quote!(#[allow(deprecated, reason = "the examples cover what the API marks deprecated")]));
    quote! {
        #allow
        fn #name(target: usize, mode: Mode, #input) -> Outcome {
            match target {
                #(#arms)*
                _ => Err(no_target(target)),
            }
        }
    }
}

fn main_tokens(api: &Api, plan: &Plan) -> TokenStream {
    let mut json_arms = Vec::new();
    let mut event_arms = Vec::new();
    let (mut json_deprecated, mut events_deprecated) = (false, false);

    for (i, target) in plan.targets.iter().enumerate() {
        let ty = type_path(api, &target.ty);
        let i = Literal::usize_unsuffixed(i);
        let mut ids = Vec::new();
        target.ty.named_ids(&mut ids);
        let deprecated = ids.iter().any(|id| api.ty(*id).deprecated);
        match target.form {
            Form::Json => json_deprecated |= deprecated,
            Form::Events { .. } => events_deprecated |= deprecated,
        }
        match target.form {
            Form::Json => json_arms.push(quote!(#i => check::<#ty>(value, mode, FALLBACKS),)),
            Form::Events { from_event: true } => {
                event_arms.push(quote!(#i => check_events::<#ty>(text, mode, FALLBACKS, |event| <#ty as runtime::FromEvent>::from_event(event, "conformance").map(drop)),));
            }
            Form::Events { from_event: false } => {
                event_arms.push(quote!(#i => check_events::<#ty>(text, mode, FALLBACKS, |_| Ok(())),));
            }
        }
    }
    let json_case = dispatch_fn(quote!(json_case), quote!(value: &Value), &json_arms, json_deprecated);
    let events_case = dispatch_fn(quote!(events_case), quote!(text: &str), &event_arms, events_deprecated);
    let fallbacks = fallback_names(api);
    let check = (!json_arms.is_empty()).then(|| quote!(check,));
    let check_events = (!event_arms.is_empty()).then(|| quote!(check_events,));
    quote! {
        //! Checks a document's examples against the crate generated from it. Reads the cases
        //! (a JSON array written by `cargo xtask conformance`) from the file named by its
        //! argument and prints one JSON line per case.

        use runtime::conformance::{#check #check_events Failure, Mode, Notes};
        use serde_json::{json, Value};
        use std::io::Write;
        use std::process::ExitCode;

        /// The generated types, where the dispatch below names them.
        mod types {
            pub use client::types::*;
        }

        /// Names of the variants that keep values the crate does not know.
        const FALLBACKS: &[&str] = &[#(#fallbacks),*];

        type Outcome = Result<Notes, Failure>;

        fn main() -> ExitCode {
            let Some(file) = std::env::args().nth(1) else {
                eprintln!("usage: conformance CASES.json");
                return ExitCode::FAILURE;
            };
            let cases: Vec<Value> = match std::fs::read_to_string(&file).map_err(|e| e.to_string()).and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string())) {
                Ok(cases) => cases,
                Err(e) => {
                    eprintln!("cannot read {file}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for case in &cases {
                let mode = if case["mode"] == "read" { Mode::Read } else { Mode::RoundTrip };
                let target = case["target"].as_u64().and_then(|t| usize::try_from(t).ok()).unwrap_or(usize::MAX);
                let outcome = match (&case["form"], &case["payload"]) {
                    (Value::String(form), Value::String(text)) if form == "events" => events_case(target, mode, text),
                    (_, payload) => json_case(target, mode, payload),
                };
                let line = match outcome {
                    Ok(notes) => json!({"id": case["id"], "ok": true, "ignored": notes.ignored_properties, "unknown": notes.kept_unknown}),
                    Err(f) => json!({"id": case["id"], "ok": false, "reason": f.reason, "path": f.path, "detail": f.detail}),
                };
                if writeln!(out, "{line}").is_err() {
                    return ExitCode::FAILURE;
                }
            }
            if out.flush().is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }

        fn no_target(target: usize) -> Failure {
            Failure { reason: "harness", path: Vec::new(), detail: format!("no target {target}") }
        }

        #json_case
        #events_case
    }
}

/// The fallback variant names of the crate's enums and unions, minus any name that is also
/// an ordinary variant or a tuple struct somewhere (its `Debug` text would look the same), and
/// the names of `serde_json::Value`'s variants.
fn fallback_names(api: &Api) -> Vec<String> {
    let mut fallbacks = BTreeSet::new();
    let mut ordinary =
        BTreeSet::from(["Null", "Bool", "Number", "String", "Array", "Object", "Some", "Ok", "Err"].map(str::to_owned));
    for def in &api.types {
        match &def.kind {
            TypeKind::Enum(e) => {
                fallbacks.insert(e.fallback.clone());
            }
            TypeKind::Union(u) => {
                fallbacks.insert(u.fallback.clone());
                ordinary.extend(u.variants.iter().map(|v| v.name.clone()));
            }
            TypeKind::Newtype(_) => {
                ordinary.insert(def.name.clone());
            }
            _ => {}
        }
    }
    fallbacks.difference(&ordinary).cloned().collect()
}
