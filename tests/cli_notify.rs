//! Integration tests of `kith notify` and `kith agent install|uninstall|status`, run as a
//! process on temporary databases (`TZ=UTC`, `KITH_NOTIFY_LOG` always set, so nothing is ever
//! shown on the desktop of whoever runs the tests).
//!
//! `notify`: something due is printed and appended to the log once, a second run the same
//! day shows nothing, `--force` shows it again, `--json` gives `{day, title, body}` or `null`,
//! nothing due and notifications off show nothing (exit 0 every time).
//! `agent`: the unit files written into `$XDG_CONFIG_HOME/systemd/user` (the time, the
//! binary, a quoted `--db` with a space in it), the systemctl calls made (a stub named by
//! `KITH_SYSTEMCTL` records them), `--at` saved in the settings and a bad one refused,
//! install without a user manager (the files, what to run, a crontab line), status, and an
//! idempotent uninstall.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::RwLock;

use serde_json::Value;

use common::cli::{json, kith, stderr, stdout};

/// Held for writing while a stub script is written, for reading while a process is spawned:
/// a child forked while a stub is open for writing would keep it busy (ETXTBSY) when run.
static SPAWN: RwLock<()> = RwLock::new(());

fn output(mut cmd: Command) -> Output {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = {
        let _spawning = SPAWN.read().unwrap();
        cmd.spawn().unwrap()
    };
    child.wait_with_output().unwrap()
}

/// A temporary home with a database whose path has a space in it, a notification log and a
/// configuration directory.
struct Home {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("my data").join("kith.db");
        Self { dir, db }
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("notify.log")
    }

    fn units(&self) -> PathBuf {
        self.dir.path().join("config").join("systemd").join("user")
    }

    fn calls(&self) -> PathBuf {
        self.dir.path().join("systemctl.calls")
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &Path)]) -> Output {
        let mut cmd = kith(self.dir.path());
        cmd.arg("--db")
            .arg(&self.db)
            .args(args)
            .env("KITH_NOTIFY_LOG", self.log())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("KITH_SYSTEMCTL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        output(cmd)
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "kith {args:?}: {}", stderr(&out));
        stdout(&out)
    }

    fn log_lines(&self) -> Vec<String> {
        match std::fs::read_to_string(self.log()) {
            Ok(text) => text.lines().map(str::to_owned).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// A systemctl stub recording its arguments, one call a line, and exiting with `status`
    /// (with `said` on stderr); `show` prints a timer's properties.
    fn stub(&self, status: i32, said: &str) -> PathBuf {
        let path = self.dir.path().join("systemctl-stub");
        let script = format!(
            "#!/bin/sh\n\
             echo \"$*\" >> '{}'\n\
             if [ \"$2\" = show ]; then\n\
             printf 'ActiveState=active\\nNextElapseUSecRealtime=Thu 2026-12-03 07:45:00 UTC\\n'\n\
             fi\n\
             [ -n '{said}' ] && echo '{said}' >&2\n\
             exit {status}\n",
            self.calls().display()
        );
        let _writing = SPAWN.write().unwrap();
        std::fs::write(&path, script).unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).unwrap();
        path
    }

    fn calls_made(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.calls()).unwrap_or_default();
        std::fs::remove_file(self.calls()).ok();
        text.lines().map(str::to_owned).collect()
    }
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

/// A follow-up that is overdue whenever the tests run.
fn with_overdue_follow_up(h: &Home) {
    h.ok(&["contact", "add", "Ana Ruiz"]);
    h.ok(&["remind", "add", "Ana", "--on", "2020-01-02", "call back"]);
}

// kith notify ------------------------------------------------------------------------------

#[test]
fn notify_prints_and_logs_once_a_day_and_force_shows_it_again() {
    let h = Home::new();
    with_overdue_follow_up(&h);

    let out = h.run(&["notify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    assert!(lines.len() >= 2, "{printed:?}");
    assert!(lines[0].starts_with("Kith: "), "{printed:?}");
    assert!(
        lines[1..].iter().any(|l| l.contains("Ana Ruiz")),
        "{printed:?}"
    );
    let logged = h.log_lines();
    assert_eq!(
        logged,
        [format!(
            "{}\t{}\t{}",
            today(),
            lines[0],
            lines[1..].join(" / ")
        )]
    );

    // Once a day: a second run (or the app) shows nothing more.
    let again = h.run(&["notify"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");
    assert_eq!(h.log_lines().len(), 1);
    assert_eq!(h.ok(&["notify", "--json"]).trim(), "null");

    // --force shows it again, the same.
    let forced = h.ok(&["notify", "--force"]);
    assert_eq!(forced, printed);
    assert_eq!(h.log_lines(), [logged[0].clone(), logged[0].clone()]);
}

#[test]
fn notify_json_is_day_title_and_body() {
    let h = Home::new();
    with_overdue_follow_up(&h);
    let n = json(&h.ok(&["notify", "--json"]));
    let object = n.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["body", "day", "title"]);
    assert_eq!(n["day"], today());
    let title = n["title"].as_str().unwrap();
    let body = n["body"].as_str().unwrap();
    assert!(title.starts_with("Kith: "), "{title}");
    assert!(body.contains("Ana Ruiz"), "{body}");
    assert_eq!(
        h.log_lines(),
        [format!(
            "{}\t{title}\t{}",
            today(),
            body.lines().collect::<Vec<_>>().join(" / ")
        )]
    );
}

#[test]
fn notify_is_quiet_when_nothing_is_due_or_notifications_are_off() {
    let h = Home::new();
    h.ok(&["contact", "add", "Ana Ruiz"]);
    let later = (chrono::Utc::now() + chrono::Duration::days(30))
        .date_naive()
        .to_string();
    h.ok(&["remind", "add", "Ana", "--on", &later, "much later"]);
    let out = h.run(&["notify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    assert_eq!(h.ok(&["notify", "--json"]).trim(), "null");
    assert!(!h.log().exists(), "nothing due: nothing logged");

    let off = Home::new();
    with_overdue_follow_up(&off);
    off.ok(&["settings", "set", "--notifications", "off"]);
    let out = off.run(&["notify"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    assert_eq!(off.ok(&["notify", "--json"]).trim(), "null");
    // Not even forced, and it says why.
    let forced = off.run(&["notify", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(stdout(&forced), "");
    assert!(
        stderr(&forced).contains("notifications are off"),
        "{}",
        stderr(&forced)
    );
    assert!(!off.log().exists());
    // Switched on again, it comes: nothing was recorded while off.
    off.ok(&["settings", "set", "--notifications", "on"]);
    assert!(off.ok(&["notify"]).starts_with("Kith: "));
    assert_eq!(off.log_lines().len(), 1);
}

// kith agent -------------------------------------------------------------------------------

fn exe() -> String {
    env!("CARGO_BIN_EXE_kith").to_owned()
}

#[test]
fn agent_install_and_status_with_a_user_manager() {
    let h = Home::new();
    let stub = h.stub(0, "");
    let env = [("KITH_SYSTEMCTL", stub.as_path())];

    let out = h.run_with(&["agent", "install", "--at", "07:45"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    let service = h.units().join("kith-notify.service");
    let timer = h.units().join("kith-notify.timer");
    assert!(
        said.contains(&format!("wrote {}", service.display())),
        "{said}"
    );
    assert!(
        said.contains(&format!("wrote {}", timer.display())),
        "{said}"
    );
    assert!(
        said.contains("enabled kith-notify.timer: `kith notify` runs every day at 07:45"),
        "{said}"
    );
    assert!(
        said.starts_with("the notification time of the settings is now 07:45 (it was 09:00)\n"),
        "{said}"
    );
    let unit = std::fs::read_to_string(&timer).unwrap();
    assert!(unit.contains("\nOnCalendar=*-*-* 07:45:00\n"), "{unit}");
    assert!(unit.contains("\nPersistent=true\n"), "{unit}");
    assert!(unit.contains("\nWantedBy=timers.target\n"), "{unit}");
    let unit = std::fs::read_to_string(&service).unwrap();
    assert!(
        unit.contains(&format!(
            "\nExecStart=\"{}\" \"--db\" \"{}\" \"notify\"\n",
            exe(),
            h.db.display()
        )),
        "{unit}"
    );
    assert!(unit.contains("\nType=oneshot\n"), "{unit}");
    assert_eq!(
        h.calls_made(),
        [
            "--user daemon-reload",
            "--user enable --now kith-notify.timer"
        ]
    );
    // --at is the notification time of the settings too.
    let settings = json(&h.ok(&["settings", "--json"]));
    assert_eq!(settings["notifyAt"], "07:45");

    let out = h.run_with(&["agent", "status"], &env);
    let said = stdout(&out);
    assert!(said.contains("time: every day at 07:45"), "{said}");
    assert!(said.contains("state: active"), "{said}");
    assert!(
        said.contains("next run: Thu 2026-12-03 07:45:00 UTC"),
        "{said}"
    );
    assert!(!said.contains("settings' notification time"), "{said}");
    assert_eq!(
        h.calls_made(),
        ["--user show kith-notify.timer --property=ActiveState --property=NextElapseUSecRealtime"]
    );

    // The settings move on: status says so.
    h.ok(&["settings", "set", "--notify-at", "08:10"]);
    let said = stdout(&h.run_with(&["agent", "status"], &env));
    assert!(
        said.contains("the settings' notification time is 08:10"),
        "{said}"
    );
}

#[test]
fn agent_install_again_follows_the_settings_and_uninstall_is_idempotent() {
    let h = Home::new();
    let stub = h.stub(0, "");
    let env = [("KITH_SYSTEMCTL", stub.as_path())];
    let service = h.units().join("kith-notify.service");
    let timer = h.units().join("kith-notify.timer");
    h.ok(&["settings", "set", "--notify-at", "07:45"]);
    let out = h.run_with(&["agent", "install"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&timer)
        .unwrap()
        .contains("\nOnCalendar=*-*-* 07:45:00\n"));
    h.ok(&["settings", "set", "--notify-at", "08:10"]);
    h.calls_made();
    let out = h.run_with(&["agent", "install", "--json"], &env);
    let done = json(&stdout(&out));
    assert_eq!(done["at"], "08:10");
    assert_eq!(done["enabled"], true);
    assert_eq!(done["notEnabledBecause"], Value::Null);
    assert_eq!(done["timer"], timer.to_str().unwrap());
    assert!(std::fs::read_to_string(&timer)
        .unwrap()
        .contains("\nOnCalendar=*-*-* 08:10:00\n"));
    assert_eq!(
        h.calls_made(),
        [
            "--user daemon-reload",
            "--user enable --now kith-notify.timer",
            "--user restart kith-notify.timer"
        ]
    );

    // Uninstall: disabled, both files gone; a second time there is nothing to do.
    let out = h.run_with(&["agent", "uninstall"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains(&format!("removed {}", timer.display())),
        "{said}"
    );
    assert!(
        said.contains(&format!("removed {}", service.display())),
        "{said}"
    );
    assert!(
        said.contains("disabled and stopped kith-notify.timer"),
        "{said}"
    );
    assert!(!timer.exists() && !service.exists());
    assert_eq!(
        h.calls_made(),
        [
            "--user disable --now kith-notify.timer",
            "--user daemon-reload"
        ]
    );
    let out = h.run_with(&["agent", "uninstall"], &env);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "the timer is not installed: nothing to remove\n"
    );
    assert_eq!(h.calls_made(), Vec::<String>::new());
    let status = json(&stdout(&h.run_with(&["agent", "status", "--json"], &env)));
    assert_eq!(status["installed"], false);
}

#[test]
fn agent_install_without_a_user_manager_writes_the_files_and_says_what_to_run() {
    let h = Home::new();
    let stub = h.stub(1, "Failed to connect to bus: No medium found");
    let out = h.run_with(&["agent", "install"], &[("KITH_SYSTEMCTL", stub.as_path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(h.units().join("kith-notify.service").is_file());
    assert!(std::fs::read_to_string(h.units().join("kith-notify.timer"))
        .unwrap()
        .contains("\nOnCalendar=*-*-* 09:00:00\n"));
    assert!(
        said.contains("the timer is not enabled: ")
            && said.contains("--user daemon-reload` failed")
            && said.contains("Failed to connect to bus: No medium found"),
        "{said}"
    );
    assert!(
        said.contains(
            "systemctl --user daemon-reload && systemctl --user enable --now kith-notify.timer"
        ),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "\n  0 9 * * * '{}' '--db' '{}' 'notify'\n",
            exe(),
            h.db.display()
        )),
        "{said}"
    );
    assert!(!said.contains("enabled kith-notify.timer"), "{said}");
    // Nothing after the failed reload.
    assert_eq!(h.calls_made(), ["--user daemon-reload"]);

    // Uninstalled as well: the files go, and it says systemctl could not disable it.
    let out = h.run_with(
        &["agent", "uninstall"],
        &[("KITH_SYSTEMCTL", stub.as_path())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("systemctl did not disable kith-notify.timer: ")
            && said.contains("No medium found"),
        "{said}"
    );
    assert!(!said.contains("disabled and stopped"), "{said}");
    assert!(!h.units().join("kith-notify.timer").exists());
    assert!(!h.units().join("kith-notify.service").exists());
    assert_eq!(
        h.calls_made(),
        [
            "--user disable --now kith-notify.timer",
            "--user daemon-reload"
        ]
    );

    // No systemctl at all: the same, in other words.
    let missing = h.dir.path().join("no-such-systemctl");
    let out = h.run_with(
        &["agent", "install", "--json"],
        &[("KITH_SYSTEMCTL", missing.as_path())],
    );
    let done = json(&stdout(&out));
    assert_eq!(done["enabled"], false);
    assert!(
        done["notEnabledBecause"]
            .as_str()
            .unwrap()
            .ends_with("was not found (no systemd?)"),
        "{done}"
    );
    assert_eq!(
        done["crontab"],
        format!("0 9 * * * '{}' '--db' '{}' 'notify'", exe(), h.db.display())
    );
}

#[test]
fn agent_install_refuses_a_bad_time_and_writes_nothing() {
    let h = Home::new();
    let stub = h.stub(0, "");
    let out = h.run_with(
        &["agent", "install", "--at", "25:00"],
        &[("KITH_SYSTEMCTL", stub.as_path())],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("kith: error: --at: "), "{err}");
    assert!(!h.units().exists());
    assert_eq!(h.calls_made(), Vec::<String>::new());
}

#[test]
fn agent_install_names_the_database_only_when_one_was_named() {
    let h = Home::new();
    let stub = h.stub(0, "");
    // No --db and no $KITH_DB: the default database, which the service finds by itself.
    let mut cmd = kith(h.dir.path());
    cmd.args(["agent", "install"])
        .env("XDG_CONFIG_HOME", h.dir.path().join("config"))
        .env("KITH_SYSTEMCTL", &stub);
    let out = output(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let unit = std::fs::read_to_string(h.units().join("kith-notify.service")).unwrap();
    assert!(
        unit.contains(&format!("\nExecStart=\"{}\" \"notify\"\n", exe())),
        "{unit}"
    );
    // $KITH_DB, relative: written as an absolute path.
    let mut cmd = kith(h.dir.path());
    cmd.args(["agent", "install"])
        .current_dir(h.dir.path())
        .env("KITH_DB", "rel.db")
        .env("XDG_CONFIG_HOME", h.dir.path().join("config"))
        .env("KITH_SYSTEMCTL", &stub);
    let out = output(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let unit = std::fs::read_to_string(h.units().join("kith-notify.service")).unwrap();
    let abs = h.dir.path().join("rel.db");
    assert!(
        unit.contains(&format!(
            "\nExecStart=\"{}\" \"--db\" \"{}\" \"notify\"\n",
            exe(),
            abs.display()
        )),
        "{unit}"
    );
}
