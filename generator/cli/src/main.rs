//! `oagen`: OpenAPI documents to typed Rust client crates.

// The generator allocates many small token trees; mimalloc halves the time spent in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use oagen_cli::args::{Cli, Command, SpecCommand};
use oagen_cli::commands;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen(args) => {
            commands::gen::from_args(&args).and_then(|jobs| commands::gen::run_all(&jobs, (&args).into()))
        }
        Command::Diff(args) => return ExitCode::from(commands::diff::run(&args)),
        Command::Spec(SpecCommand::Subset(args)) => commands::subset::run(&args).map(|()| true),
        Command::Conformance(args) => commands::conformance::from_args(&args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
