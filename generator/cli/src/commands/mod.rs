//! The commands of `oagen`, callable as functions: a task runner passes its own defaults
//! instead of building an argument list.

pub mod bump;
pub mod conformance;
pub mod diff;
pub mod gen;
pub mod subset;
