//! `kith agent install [--at HH:MM]`, `kith agent uninstall` and `kith agent status`: the
//! daily notification (`kith notify`) from a systemd user timer, for people without the app
//! running.
//!
//! `install` writes two units into `$XDG_CONFIG_HOME/systemd/user/` (else
//! `~/.config/systemd/user/`): `kith-notify.service`, a oneshot running this very binary (its
//! absolute path) as `kith [--db PATH] notify` — `--db` when a database was named by `--db`
//! or `$KITH_DB`, as an absolute path — and `kith-notify.timer`, `OnCalendar=*-*-* HH:MM:00`
//! at the settings' notification time with `Persistent=true` (a run the machine slept through
//! happens at boot; `kith notify` still shows at most one notification a day). `--at` also
//! saves the time as the notification time of the settings, so that the app and the timer
//! agree (and says so when that changed it). Then it runs `systemctl --user daemon-reload` and `systemctl --user enable --now
//! kith-notify.timer` (and `restart` when it replaced a timer, so a new time takes effect).
//! Where `systemctl` is missing or no user manager answers (no systemd, a container), the
//! files are still written and it says what to run, with a crontab line as the alternative.
//! Installing again rewrites both files.
//!
//! `uninstall` disables and stops the timer (and says why not when systemctl could not),
//! removes the two files and the timer's `timers.target.wants` link, and says what it
//! removed; nothing installed is not an error. `status` says whether the timer is installed, its time, the
//! command it runs and, when systemctl can tell, whether it is active and its next run; it
//! also says when the settings' notification time differs from the timer's.
//!
//! `KITH_SYSTEMCTL` names the systemctl program to run instead of `systemctl` (the tests use
//! a stub). With `--json` each verb prints one object (see [`Installed`], [`Removed`],
//! [`Status`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use chrono::{DateTime, NaiveTime, Utc};
use kith::store::Check;
use kith::Store;
use serde::Serialize;

use crate::cli::AgentCommand;
use crate::errors::WithFlags;

pub const SERVICE: &str = "kith-notify.service";
pub const TIMER: &str = "kith-notify.timer";
const SYSTEMCTL_ENV: &str = "KITH_SYSTEMCTL";

/// What `install` did (`--json`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Installed {
    pub service: PathBuf,
    pub timer: PathBuf,
    /// The daily time, local HH:MM.
    pub at: String,
    /// The command the service runs, as written after `ExecStart=`.
    pub exec_start: String,
    /// Whether systemctl enabled and started the timer.
    pub enabled: bool,
    /// Why it was not enabled (systemctl missing, no user manager, its error).
    pub not_enabled_because: Option<String>,
    /// The crontab line that does the same without systemd.
    pub crontab: String,
}

/// What `uninstall` did (`--json`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Removed {
    /// The files removed (none when it was not installed).
    pub removed: Vec<PathBuf>,
    /// Whether systemctl disabled and stopped the timer.
    pub disabled: bool,
    /// Why it did not, when there was a timer to disable.
    pub not_disabled_because: Option<String>,
}

/// What `status` found (`--json`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub installed: bool,
    pub service: PathBuf,
    pub timer: PathBuf,
    /// The timer's daily time, local HH:MM, when installed.
    pub at: Option<String>,
    /// The command the service runs, when installed.
    pub exec_start: Option<String>,
    /// The timer's state as systemctl reports it (`active`, `inactive`), if it answered.
    pub active: Option<String>,
    /// The next run as systemctl prints it, if it knows one.
    pub next_run: Option<String>,
    /// The notification time of the settings, when the database exists.
    pub notify_at: Option<String>,
}

/// Runs an `agent` verb. `db` is the database to open for the settings; `pass_db` is the
/// `--db` to write into the service (when the database was named explicitly).
pub fn run(
    db: &Path,
    pass_db: Option<&Path>,
    now: DateTime<Utc>,
    json: bool,
    cmd: AgentCommand,
) -> anyhow::Result<()> {
    let dir = unit_dir()?;
    let mut out = std::io::stdout().lock();
    match cmd {
        AgentCommand::Install { at } => {
            let mut store = Store::open_with(db, Check::Daily, now)?;
            let before = store.settings()?.notify_at;
            let at = match at {
                Some(at) => {
                    let settings = kith::model::Settings {
                        notify_at: at,
                        ..store.settings()?
                    };
                    let saved = store
                        .set_settings(settings)
                        .flags(&|f| (f == "notifyAt").then(|| "--at".to_owned()))?;
                    saved.notify_at
                }
                None => store.settings()?.notify_at,
            };
            let notifications = store.settings()?.notifications;
            drop(store);
            let done = install(&dir, &at, pass_db)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&done)?)?;
            } else {
                if done.at != before {
                    writeln!(
                        out,
                        "the notification time of the settings is now {} (it was {before})",
                        done.at
                    )?;
                }
                print_installed(&mut out, &done, notifications)?;
            }
        }
        AgentCommand::Uninstall => {
            let done = uninstall(&dir)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&done)?)?;
            } else if done.removed.is_empty() {
                writeln!(out, "the timer is not installed: nothing to remove")?;
            } else {
                for path in &done.removed {
                    writeln!(out, "removed {}", path.display())?;
                }
                if done.disabled {
                    writeln!(out, "disabled and stopped {TIMER}")?;
                }
                if let Some(why) = &done.not_disabled_because {
                    writeln!(out, "systemctl did not disable {TIMER}: {why}")?;
                }
            }
        }
        AgentCommand::Status => {
            let mut status = status(&dir)?;
            if db.exists() {
                status.notify_at = Some(
                    Store::open_with(db, Check::Daily, now)?
                        .settings()?
                        .notify_at,
                );
            }
            if json {
                writeln!(out, "{}", serde_json::to_string(&status)?)?;
            } else {
                print_status(&mut out, &status)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`: where systemd reads a
/// user's own units.
fn unit_dir() -> anyhow::Result<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| dirs::home_dir().map(|h| h.join(".config")))
        .context("cannot find the user's configuration directory (is $HOME set?)")?;
    Ok(config.join("systemd").join("user"))
}

fn install(dir: &Path, at: &str, pass_db: Option<&Path>) -> anyhow::Result<Installed> {
    let time = NaiveTime::parse_from_str(at, "%H:%M")
        .with_context(|| format!("the notification time \"{at}\" is not HH:MM"))?;
    let exe = std::env::current_exe().context("cannot find the path of this kith program")?;
    let mut args: Vec<&Path> = vec![&exe];
    if let Some(db) = pass_db {
        args.extend([Path::new("--db"), db]);
    }
    args.push(Path::new("notify"));
    let exec_start = args
        .iter()
        .map(|a| systemd_quote(a))
        .collect::<anyhow::Result<Vec<_>>>()?
        .join(" ");
    let crontab = format!(
        "{} {} * * * {}",
        time.format("%-M"),
        time.format("%-H"),
        args.iter()
            .map(|a| shell_quote(&a.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let service = dir.join(SERVICE);
    let timer = dir.join(TIMER);
    let replaced = timer.exists();
    write(
        &service,
        &format!(
            "# Written by `kith agent install`; `kith agent uninstall` removes it.\n\
             [Unit]\n\
             Description=Kith: today's notification\n\
             \n\
             [Service]\n\
             Type=oneshot\n\
             ExecStart={exec_start}\n"
        ),
    )?;
    write(
        &timer,
        &format!(
            "# Written by `kith agent install`; `kith agent uninstall` removes it.\n\
             [Unit]\n\
             Description=Kith: today's notification, every day at {at}\n\
             \n\
             [Timer]\n\
             OnCalendar=*-*-* {}\n\
             Persistent=true\n\
             \n\
             [Install]\n\
             WantedBy=timers.target\n",
            time.format("%H:%M:00")
        ),
    )?;
    let mut steps = vec![vec!["daemon-reload"], vec!["enable", "--now", TIMER]];
    if replaced {
        steps.push(vec!["restart", TIMER]);
    }
    let not_enabled_because = steps.iter().find_map(|step| systemctl(step).err());
    Ok(Installed {
        service,
        timer,
        at: time.format("%H:%M").to_string(),
        exec_start,
        enabled: not_enabled_because.is_none(),
        not_enabled_because,
        crontab,
    })
}

fn print_installed(out: &mut impl Write, i: &Installed, notifications: bool) -> anyhow::Result<()> {
    writeln!(out, "wrote {}", i.service.display())?;
    writeln!(out, "wrote {}", i.timer.display())?;
    match &i.not_enabled_because {
        None => {
            writeln!(
                out,
                "enabled {TIMER}: `kith notify` runs every day at {} (and at boot after a \
                 missed run)",
                i.at
            )?;
        }
        Some(why) => {
            writeln!(out, "the timer is not enabled: {why}")?;
            writeln!(
                out,
                "where a systemd user manager runs, enable it with:\n  \
                 systemctl --user daemon-reload && systemctl --user enable --now {TIMER}"
            )?;
            writeln!(
                out,
                "or, without systemd, add this line to your crontab (`crontab -e`):\n  {}\n\
                 (where cron's jobs reach no desktop session, `kith notify` prints the \
                 notification instead of showing it)",
                i.crontab
            )?;
        }
    }
    if !notifications {
        writeln!(
            out,
            "notifications are off in the settings: nothing will be shown until \
             `kith settings set --notifications on`"
        )?;
    }
    Ok(())
}

fn uninstall(dir: &Path) -> anyhow::Result<Removed> {
    let service = dir.join(SERVICE);
    let timer = dir.join(TIMER);
    let wants = dir.join("timers.target.wants").join(TIMER);
    let linked = wants.symlink_metadata().is_ok();
    let installed = service.exists() || timer.exists() || linked;
    let not_disabled_because = if timer.exists() {
        systemctl(&["disable", "--now", TIMER]).err()
    } else {
        None
    };
    let disabled = timer.exists() && not_disabled_because.is_none();
    let mut removed = Vec::new();
    for path in [wants, timer, service] {
        if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            removed.push(path);
        }
    }
    if installed {
        // Forget the removed units; without a user manager there is nothing to tell.
        let _ = systemctl(&["daemon-reload"]);
    }
    Ok(Removed {
        removed,
        disabled,
        not_disabled_because,
    })
}

fn status(dir: &Path) -> anyhow::Result<Status> {
    let service = dir.join(SERVICE);
    let timer = dir.join(TIMER);
    let installed = timer.exists() && service.exists();
    let read = |path: &Path, key: &str| -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_owned())
    };
    let at = read(&timer, "OnCalendar=")
        .and_then(|v| v.strip_prefix("*-*-* ").map(str::to_owned))
        .and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M:%S").ok())
        .map(|t| t.format("%H:%M").to_string());
    let exec_start = read(&service, "ExecStart=");
    let (mut active, mut next_run) = (None, None);
    if installed {
        if let Ok(text) = systemctl(&[
            "show",
            TIMER,
            "--property=ActiveState",
            "--property=NextElapseUSecRealtime",
        ]) {
            for line in text.lines() {
                let value =
                    |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty() && v != "n/a");
                if let Some(v) = line.strip_prefix("ActiveState=") {
                    active = value(v);
                } else if let Some(v) = line.strip_prefix("NextElapseUSecRealtime=") {
                    next_run = value(v);
                }
            }
        }
    }
    Ok(Status {
        installed,
        service,
        timer,
        at,
        exec_start,
        active,
        next_run,
        notify_at: None,
    })
}

fn print_status(out: &mut impl Write, s: &Status) -> anyhow::Result<()> {
    if !s.installed {
        writeln!(
            out,
            "the timer is not installed ({} not found): `kith agent install` sets it up",
            s.timer.display()
        )?;
        return Ok(());
    }
    writeln!(out, "installed: {}", s.timer.display())?;
    match &s.at {
        Some(at) => writeln!(out, "time: every day at {at}")?,
        None => writeln!(
            out,
            "its time (OnCalendar) is not one `kith agent install` writes"
        )?,
    }
    if let Some(cmd) = &s.exec_start {
        writeln!(out, "runs: {cmd}")?;
    }
    match (&s.active, &s.next_run) {
        (None, None) => writeln!(out, "systemctl cannot tell whether it is active")?,
        (active, next) => {
            if let Some(active) = active {
                writeln!(out, "state: {active}")?;
            }
            if let Some(next) = next {
                writeln!(out, "next run: {next}")?;
            }
        }
    }
    if let (Some(at), Some(setting)) = (&s.at, &s.notify_at) {
        if at != setting {
            writeln!(
                out,
                "the settings' notification time is {setting}: `kith agent install` moves the \
                 timer to it"
            )?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Runs `systemctl --user ARGS` (or `$KITH_SYSTEMCTL`); its standard output, or why it
/// failed, in words.
fn systemctl(args: &[&str]) -> Result<String, String> {
    let program = std::env::var_os(SYSTEMCTL_ENV)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "systemctl".into());
    let shown = Path::new(&program).display().to_string();
    let out = Command::new(&program)
        .arg("--user")
        .args(args)
        .output()
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => format!("{shown} was not found (no systemd?)"),
            _ => format!("could not run {shown}: {err}"),
        })?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let said = String::from_utf8_lossy(&out.stderr);
    let said = said.lines().map(str::trim).find(|l| !l.is_empty());
    Err(format!(
        "`{shown} --user {}` failed ({}){}",
        args.join(" "),
        out.status,
        said.map(|s| format!(": {s}")).unwrap_or_default()
    ))
}

/// One argument of `ExecStart=`, quoted for systemd: in double quotes, with `\` and `"`
/// escaped, `%` (specifiers) doubled and `$` (variables) doubled. A line break cannot be
/// written into a unit file line, so a path with one is refused.
fn systemd_quote(arg: &Path) -> anyhow::Result<String> {
    let text = arg.to_str().with_context(|| {
        format!(
            "{} is not valid UTF-8: systemd cannot run it",
            arg.display()
        )
    })?;
    if text.chars().any(char::is_control) {
        anyhow::bail!(
            "{} contains a control character: it cannot be written into a systemd unit",
            arg.display()
        );
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '%' => out.push_str("%%"),
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(out)
}

/// `text` as one POSIX shell word: in single quotes, a quote written as `'\''`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_paths_for_systemd_and_for_the_shell() {
        assert_eq!(
            systemd_quote(Path::new("/home/a b/kith")).ok().as_deref(),
            Some("\"/home/a b/kith\"")
        );
        assert_eq!(
            systemd_quote(Path::new("/x/50%\"$HOME\\y")).ok().as_deref(),
            Some("\"/x/50%%\\\"$$HOME\\\\y\"")
        );
        assert!(systemd_quote(Path::new("/x\ny")).is_err());
        assert_eq!(shell_quote("/home/o'neil/kith"), "'/home/o'\\''neil/kith'");
    }
}
