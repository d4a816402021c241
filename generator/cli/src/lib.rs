//! The `oagen` command as a library: its argument definitions ([`args`]) and the commands
//! themselves ([`commands`]), so a project's own task runner (this repository's `cargo xtask`)
//! parses the same arguments and calls the same functions with its own defaults.

pub mod args;
pub mod commands;
pub mod paths;
