//! The desktop app's preferences that belong to one computer, not to the database: whether
//! closing the window keeps Kith running in the tray, and whether the person has been told so.
//! They live in a small JSON file in the app's config folder (the window's size and place sit
//! beside it, written by Tauri's window-state plugin), so a database copied or synced to
//! another computer does not carry one desktop's habits to another.
//!
//! A missing or unreadable file is the defaults; a write goes to a temporary file first and
//! replaces the old one whole, so a crash never leaves half a file.
//!
//! Beside them, what both of Kith's desktop programs share: the desktop app (`kith-app`, the
//! window) and the tray (`kith-tray`, the icon and the notifications while no window is
//! open): the one-Kith lock ([`instance`]), the daily notification ([`notifier`]), whether the
//! desktop shows a tray ([`has_tray`]), the tray's words ([`tray_labels`]), the arguments one
//! passes the other ([`View`], [`HIDDEN`], [`CONTINUED`], [`db_arg`]) and where one finds the
//! other ([`program`]).

pub mod instance;
pub mod notifier;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
#[cfg(target_os = "linux")]
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// What is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DesktopPrefs {
    /// Closing the window keeps Kith in the tray; `None`: the person never chose, so it does
    /// where the desktop shows a tray.
    pub close_to_tray: Option<bool>,
    /// The person has seen, once, that closing the window keeps Kith running.
    pub tray_notice_seen: bool,
}

impl DesktopPrefs {
    /// Whether closing the window keeps Kith running, on a desktop that has a tray (`has_tray`)
    /// or not: never without one, whatever was chosen, since a process with no window and no
    /// tray icon is one the person can neither see nor quit.
    pub fn closes_to_tray(&self, has_tray: bool) -> bool {
        has_tray && self.close_to_tray.unwrap_or(true)
    }
}

/// What Settings shows of the desktop, and what it may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Desktop {
    /// Closing the window keeps Kith running in the tray (as it will act now).
    pub close_to_tray: bool,
    /// The desktop shows Kith's tray icon (without one, closing the window quits).
    pub has_tray: bool,
    /// Kith starts, hidden in the tray, when the person logs in.
    pub start_at_login: bool,
}

/// Reads the preferences at `path`: the defaults when there is no file or it cannot be read
/// (the reason is logged; nothing else depends on it).
pub fn load(path: &Path) -> DesktopPrefs {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            log::warn!(
                "{} is not readable ({e}); the desktop preferences are the defaults",
                path.display()
            );
            DesktopPrefs::default()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => DesktopPrefs::default(),
        Err(e) => {
            log::warn!(
                "could not read {} ({e}); the desktop preferences are the defaults",
                path.display()
            );
            DesktopPrefs::default()
        }
    }
}

/// Writes `prefs` to `path` (its folder made if needed), replacing the file whole.
pub fn save(path: &Path, prefs: &DesktopPrefs) -> Result<()> {
    let io = |e: std::io::Error| Error::io(path, &e);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let json = serde_json::to_vec_pretty(prefs).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The argument that starts Kith without a window (the login item passes it): `kith-app`
/// hands over to `kith-tray` at once where the desktop shows a tray.
pub const HIDDEN: &str = "--hidden";

/// The argument one program passes the other when it continues a Kith that was already
/// running (the window closed to the tray, or opened from it): the start-up notification had
/// its chance (see [`notifier`]).
pub const CONTINUED: &str = "--continued";

/// What a request to show Kith opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The window as it was (Today when it is made anew).
    Window,
    Today,
    Log,
}

impl View {
    /// The view named by `--show NAME` among a start's arguments (a second start forwards its
    /// arguments to the running Kith).
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Self {
        let mut args = args.iter().map(AsRef::as_ref);
        while let Some(arg) = args.next() {
            let name = match arg.strip_prefix("--show=") {
                Some(name) => Some(name),
                None if arg == "--show" => args.next(),
                None => None,
            };
            match name {
                Some("today") => return View::Today,
                Some("log") => return View::Log,
                _ => {}
            }
        }
        View::Window
    }

    /// The arguments that ask for this view ([`View::from_args`] reads them back).
    pub fn args(self) -> &'static [&'static str] {
        match self {
            View::Window => &[],
            View::Today => &["--show", "today"],
            View::Log => &["--show", "log"],
        }
    }
}

/// The value of `--db PATH` or `--db=PATH` among a program's arguments. Other arguments are
/// ignored: WebDriver and desktop launchers may add their own.
pub fn db_arg(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(Into::into);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Some(path.into());
        }
    }
    None
}

/// Where Kith's program `name` (`kith-app`, `kith-tray`) is: beside the program running now
/// (as installed, /usr/bin, or as built, target/…), else wherever `PATH` finds it (the bare
/// name). None when neither has it.
pub fn program(name: &str) -> Option<PathBuf> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
        .filter(|p| p.is_file());
    beside.or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// The tray's Today line and the icon's tooltip for what is due today (`due`: how many, as
/// `Store::due_today_count` counts them, or None when the database could not say).
pub fn tray_labels(due: Option<u32>) -> (String, String) {
    match due {
        Some(0) => (
            "Today: nothing due".to_owned(),
            "Kith: nothing due today".to_owned(),
        ),
        Some(n) => (format!("Today: {n} due"), format!("Kith: {n} due today")),
        None => ("Today".to_owned(), "Kith".to_owned()),
    }
}

/// Whether this desktop shows tray icons: a StatusNotifier host (KDE, Xfce, Cinnamon, MATE,
/// GNOME with the AppIndicator extension) or an XEmbed tray (older panels, trayer).
/// `KITH_TRAY=0|1` overrides it.
pub fn has_tray() -> bool {
    match std::env::var("KITH_TRAY").as_deref() {
        Ok("0") => return false,
        Ok("1") => return true,
        _ => {}
    }
    #[cfg(target_os = "linux")]
    {
        status_notifier_host() || xembed_tray()
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(target_os = "linux")]
fn status_notifier_host() -> bool {
    let Ok(bus) = dbus::blocking::Connection::new_session() else {
        return false;
    };
    let proxy = bus.with_proxy(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        Duration::from_millis(500),
    );
    let owned: std::result::Result<(bool,), _> = proxy.method_call(
        "org.freedesktop.DBus",
        "NameHasOwner",
        ("org.kde.StatusNotifierWatcher",),
    );
    matches!(owned, Ok((true,)))
}

#[cfg(target_os = "linux")]
fn xembed_tray() -> bool {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::ConnectionExt as _;
    let Ok((conn, screen)) = x11rb::connect(None) else {
        return false;
    };
    let name = format!("_NET_SYSTEM_TRAY_S{screen}");
    let owner = conn
        .intern_atom(false, name.as_bytes())
        .ok()
        .and_then(|c| c.reply().ok())
        .and_then(|atom| conn.get_selection_owner(atom.atom).ok())
        .and_then(|c| c.reply().ok());
    drop(conn.flush());
    owner.is_some_and(|o| o.owner != x11rb::NONE)
}

/// Whether a session bus can be reached (where a second start of the app finds the first).
pub fn session_bus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || dirs::runtime_dir().is_some_and(|d| d.join("bus").exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_or_a_broken_one_is_the_defaults_and_a_saved_one_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith/desktop.json");
        assert_eq!(load(&path), DesktopPrefs::default());
        let prefs = DesktopPrefs {
            close_to_tray: Some(false),
            tray_notice_seen: true,
        };
        save(&path, &prefs).unwrap();
        assert_eq!(load(&path), prefs);
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(load(&path), DesktopPrefs::default());
    }

    #[test]
    fn without_a_tray_closing_the_window_always_quits() {
        let chose_tray = DesktopPrefs {
            close_to_tray: Some(true),
            ..DesktopPrefs::default()
        };
        assert!(!chose_tray.closes_to_tray(false));
        assert!(chose_tray.closes_to_tray(true));
        assert!(DesktopPrefs::default().closes_to_tray(true));
        let chose_quit = DesktopPrefs {
            close_to_tray: Some(false),
            ..DesktopPrefs::default()
        };
        assert!(!chose_quit.closes_to_tray(true));
    }
    #[test]
    fn a_start_says_which_view_to_open_and_a_view_gives_its_arguments() {
        assert_eq!(View::from_args(&["kith-app"]), View::Window);
        assert_eq!(
            View::from_args(&["kith-app", "--show", "today"]),
            View::Today
        );
        assert_eq!(View::from_args(&["kith-app", "--show=log"]), View::Log);
        assert_eq!(View::from_args(&["kith-app", "--show"]), View::Window);
        assert_eq!(
            View::from_args(&["kith-app", "--db", "/x.db", "--show", "nothing"]),
            View::Window
        );
        for view in [View::Window, View::Today, View::Log] {
            assert_eq!(View::from_args(view.args()), view);
        }
    }

    #[test]
    fn db_arg_takes_either_form_and_ignores_other_arguments() {
        let args = |a: &[&str]| a.iter().map(Into::into).collect::<Vec<OsString>>();
        assert_eq!(
            db_arg(args(&["--automation", "--db", "/t/k.db"])),
            Some(PathBuf::from("/t/k.db"))
        );
        assert_eq!(
            db_arg(args(&["--db=/t/k.db"])),
            Some(PathBuf::from("/t/k.db"))
        );
        assert_eq!(db_arg(args(&["--automation"])), None);
        assert_eq!(db_arg(args(&["--db"])), None);
    }

    #[test]
    fn the_tray_says_how_much_is_due() {
        assert_eq!(
            tray_labels(Some(0)),
            (
                "Today: nothing due".into(),
                "Kith: nothing due today".into()
            )
        );
        assert_eq!(
            tray_labels(Some(3)),
            ("Today: 3 due".into(), "Kith: 3 due today".into())
        );
        assert_eq!(tray_labels(None), ("Today".into(), "Kith".into()));
    }
}
