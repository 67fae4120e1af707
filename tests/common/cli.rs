//! Running the `kith` binary in the tests: on a temporary home, never the user's database.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A `kith` command that can never touch the user's real database: `KITH_DB` is unset and
/// the default data directory points into `home`. Local time is UTC.
pub fn kith(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kith"));
    cmd.env_remove("KITH_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TZ", "UTC");
    cmd
}

pub fn run(home: &Path, args: &[&str]) -> Output {
    kith(home).args(args).output().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Asserts `kith args` succeeded, returning its stdout.
pub fn succeeded(out: &Output, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "kith {args:?} failed: {:?}\n{}",
        out.status,
        stderr(out)
    );
    stdout(out)
}

/// Runs `kith` and asserts it succeeded, returning its stdout.
pub fn ok(home: &Path, args: &[&str]) -> String {
    succeeded(&run(home, args), args)
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
}

/// Asserts `out` is a plain-text failure: status 1, nothing on stdout, exactly one line on
/// stderr starting with `kith: error:`. Returns that line.
pub fn one_line_error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(out));
    assert_eq!(stdout(out), "", "nothing may be printed on stdout");
    let err = stderr(out);
    assert!(err.ends_with('\n'), "{err:?}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got {err:?}");
    assert!(lines[0].starts_with("kith: error: "), "{err:?}");
    lines[0].to_owned()
}

/// A temporary home with one database, passed to every command with `--db`.
pub struct Kith {
    pub home: tempfile::TempDir,
    pub db: PathBuf,
}

impl Kith {
    pub fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        let db = home.path().join("kith.db");
        Self { home, db }
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = kith(self.home.path());
        cmd.arg("--db").arg(&self.db).args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(&self.run(args), args)
    }

    /// Runs a command with `--json` that must succeed; returns what it printed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        json(&self.ok(&args))
    }

    /// Runs a command that must fail with one line on stderr; returns the line.
    pub fn fails(&self, args: &[&str]) -> String {
        one_line_error(&self.run(args))
    }

    /// Adds a contact (with extra flags) and returns its id.
    pub fn add(&self, name: &str, flags: &[&str]) -> i64 {
        let mut args = vec!["contact", "add", name];
        args.extend_from_slice(flags);
        self.json(&args)["id"].as_i64().unwrap()
    }

    pub fn show(&self, contact: &str) -> Value {
        self.json(&["contact", "show", contact])
    }

    /// The names `contact list` gives with extra flags.
    pub fn list(&self, flags: &[&str]) -> Vec<String> {
        let mut args = vec!["contact", "list"];
        args.extend_from_slice(flags);
        let list = self.json(&args);
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    }

    pub fn timeline(&self, contact: &str) -> Value {
        self.json(&["timeline", contact])
    }

    pub fn search(&self, query: &str) -> Vec<Value> {
        self.json(&["search", query]).as_array().unwrap().clone()
    }

    /// Writes a file named `name` into the home and returns its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let path = self.home.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

pub fn strs(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}
