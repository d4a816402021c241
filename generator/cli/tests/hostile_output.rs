//! `oagen gen` and `oagen diff` given arguments and folders that would make them misbehave:
//! a FIFO where a file is read, the root of the file system as `--out`, a package name that
//! breaks the crate, a git revision that reads as an option.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/warnings").join(name)
}

/// Run `oagen`; a run still going after a minute is killed and reported (a FIFO read blocks
/// forever, and the test must say so rather than hang).
fn oagen(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oagen"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`oagen {}` was still running after a minute", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A fresh folder outside the repository, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("oagen-hostile-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn spec() -> String {
    fixture("path_param_undeclared.yaml").to_str().unwrap().to_owned()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A FIFO at the manifest, or where a generated file (`Cargo.toml`, read for the version)
/// belongs, is refused with an error naming it; nothing waits on it.
#[cfg(unix)]
#[test]
fn a_fifo_in_the_output_folder_is_refused_not_waited_on() {
    let scratch = Scratch::new("fifo");
    let dir = &scratch.0;
    let first = oagen(dir, &["gen", "--spec", &spec(), "--out", "out"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    for name in [".oagen-manifest", "Cargo.toml", "src/lib.rs"] {
        let path = dir.join("out").join(name);
        let saved = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        mkfifo(&path);
        let run = oagen(dir, &["gen", "--spec", &spec(), "--out", "out"]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains("not a regular file"), "{name}: {stderr}");
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, saved).unwrap();
    }
}

#[test]
fn the_root_of_the_file_system_is_refused_before_any_walk() {
    let scratch = Scratch::new("root");
    let run = oagen(&scratch.0, &["gen", "--spec", &spec(), "--out", "/", "--force"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("root of the file system"), "{stderr}");
    assert!(!stderr.contains("generating"), "refused before generating: {stderr}");
}

/// `--output=FILE:x` as a revision would have git write FILE.
#[test]
fn diff_never_hands_git_an_option() {
    let scratch = Scratch::new("diff");
    let target = scratch.0.join("written-by-git");
    let old = format!("--output={}:spec.yaml", target.display());
    let run = oagen(&scratch.0, &["diff", "--", &old, &spec()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a git revision"), "{stderr}");
    assert!(!target.exists(), "git wrote {}", target.display());
}

/// A package name that passes cargo's characters but breaks the crate is refused, saying why;
/// nothing is written.
#[test]
fn a_name_that_breaks_the_crate_is_refused() {
    let scratch = Scratch::new("names");
    for name in ["self", "std", "core", "test", "alloc", "proc_macro", "crate", "con"] {
        let run = oagen(&scratch.0, &["gen", "--spec", &spec(), "--out", name, "--name", name]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{name}: {stderr}");
        assert!(stderr.contains(&format!("`{name}` cannot be the crate's name")), "{name}: {stderr}");
        assert!(!scratch.0.join(name).exists(), "{name}: nothing is written");
    }
}
