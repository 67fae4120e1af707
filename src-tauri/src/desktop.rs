//! Kith as a citizen of the desktop: the tray icon and its menu, the window made when it is
//! wanted and destroyed when it is closed, and what closing it does.
//!
//! Where the desktop shows a tray (a StatusNotifier host on the session bus, or an XEmbed
//! tray on the X display), closing the window keeps Kith running in the tray, unless the person
//! turned that off. Kith then waits in the tray as a program of its own, `kith-tray`, which does
//! not link WebKit (this app, even with no window, carries WebKitGTK: ≈120–190 MB, against
//! the tray's target of 60 MB; docs/PERFORMANCE.md): the app lets go of the one-Kith lock,
//! starts `kith-tray --db PATH --continued` (found beside this program, else on PATH) and
//! exits ([`hand_over_to_tray`]). The tray starts the app again when the person opens Kith from
//! its menu or a notification, and an app started by hand asks it to quit
//! (`kith::desktop::instance`). Should `kith-tray` be missing, the app stays in the tray itself
//! as before, its window destroyed and made anew when wanted. The first time, closing is held
//! back and the window says, in one line, that Kith keeps running and how to quit; the person
//! closes it or quits from there. Where there is no tray, closing the window quits: never a
//! process the person can neither see nor quit.
//!
//! The tray menu: Open Kith, Log an interaction…, Today (with how many suggestions it has),
//! Pause notifications for today, Quit Kith. Its Today line ("Today: 3 due": people suggested,
//! follow-ups due or overdue, dates that fall today: what the notification is about) and the
//! icon's tooltip are brought up to date as often as the notifier looks (every minute).
//!
//! Started with `--hidden` (as the login item starts it), Kith opens no window at all: the app
//! becomes `kith-tray` at once ([`hidden_start`]), before anything of Tauri or WebKit is made.
//! The login item stays the app's (`kith-app --hidden`), so Settings → Start at login is
//! unchanged.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use kith::desktop::instance::{self, Claim, Lock, Role};
use kith::desktop::{self, Desktop, DesktopPrefs, CONTINUED};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, Window, Wry};
use tauri_plugin_autostart::ManagerExt as _;

use crate::AppState;

/// The event that makes the UI open the Log dialog.
pub const OPEN_LOG: &str = "open-log";
/// The event that makes the UI say, once, that closing keeps Kith in the tray.
pub const TRAY_NOTICE: &str = "tray-notice";
pub use kith::desktop::{View, HIDDEN};

/// The desktop side's state (only in the real app, not the mock-runtime tests).
pub struct DesktopState {
    prefs_path: PathBuf,
    prefs: Mutex<DesktopPrefs>,
    has_tray: bool,
    tray: Mutex<Option<(TrayIcon<Wry>, MenuItem<Wry>)>>,
}

impl std::fmt::Debug for DesktopState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DesktopState")
            .field("prefs_path", &self.prefs_path)
            .field("prefs", &self.prefs)
            .field("has_tray", &self.has_tray)
            .finish_non_exhaustive()
    }
}

impl DesktopState {
    fn prefs(&self) -> DesktopPrefs {
        self.prefs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn change(&self, f: impl FnOnce(&mut DesktopPrefs)) -> kith::Result<()> {
        let mut prefs = self
            .prefs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut prefs);
        desktop::save(&self.prefs_path, &prefs)
    }

    /// Whether closing the window keeps Kith running now.
    pub fn closes_to_tray(&self) -> bool {
        self.prefs().closes_to_tray(self.has_tray)
    }
}

/// Sets the desktop side up: the preferences, the tray (where there is one), the window
/// (unless started `--hidden`), and the minute by minute refresh of the tray.
pub fn setup(app: &AppHandle<Wry>) -> tauri::Result<()> {
    let prefs_path = app.path().app_config_dir()?.join("desktop.json");
    let prefs = desktop::load(&prefs_path);
    let tray = if desktop::has_tray() {
        match build_tray(app) {
            Ok(tray) => Some(tray),
            Err(err) => {
                log::warn!("no tray icon, so closing the window quits Kith: {err}");
                None
            }
        }
    } else {
        None
    };
    app.manage(DesktopState {
        prefs_path,
        prefs: Mutex::new(prefs),
        has_tray: tray.is_some(),
        tray: Mutex::new(tray),
    });
    let args: Vec<String> = std::env::args().collect();
    let hidden = args.iter().any(|a| a == HIDDEN);
    if !hidden || !app.state::<DesktopState>().has_tray {
        show(app, View::from_args(&args));
    }
    refresh_tray(app);
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("kith-tray".into())
        .spawn(move || loop {
            std::thread::sleep(desktop::notifier::every());
            refresh_tray(&handle);
        });
    if let Err(err) = spawned {
        log::warn!("the tray's count will not be kept current: {err}");
    }
    Ok(())
}

fn build_tray(app: &AppHandle<Wry>) -> tauri::Result<(TrayIcon<Wry>, MenuItem<Wry>)> {
    let today = MenuItem::with_id(app, "today", "Today", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, "open", "Open Kith", true, None::<&str>)?,
            &MenuItem::with_id(app, "log", "Log an interaction…", true, None::<&str>)?,
            &today,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(
                app,
                "pause",
                "Pause notifications for today",
                true,
                None::<&str>,
            )?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "quit", "Quit Kith", true, None::<&str>)?,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("Kith")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show(app, View::Window),
            "log" => show(app, View::Log),
            "today" => show(app, View::Today),
            "pause" => pause_today(app),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    Ok((tray.build(app)?, today))
}

/// No notification for the rest of the day.
fn pause_today(app: &AppHandle<Wry>) {
    let now = crate::commands::now();
    let paused = app
        .state::<AppState>()
        .with_store(|s| s.pause_notifications_today(&now).map(drop));
    if let Err(err) = paused {
        log::warn!("could not pause today's notifications: {err}");
    }
    refresh_tray(app);
}

/// Brings the tray's Today line and tooltip in step with the open database.
pub fn refresh_tray(app: &AppHandle<Wry>) {
    let Some(state) = app.try_state::<DesktopState>() else {
        return;
    };
    let tray = state
        .tray
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some((icon, today)) = tray.as_ref() else {
        return;
    };
    let now = crate::commands::now();
    let due = app
        .state::<AppState>()
        .with_store(|s| s.due_today_count(&now))
        .ok();
    let (line, tip) = desktop::tray_labels(due);
    let _ = today.set_text(line);
    let _ = icon.set_tooltip(Some(tip));
}

/// Shows Kith's window (made anew if it was closed to the tray) at `view`.
pub fn show<R: Runtime>(app: &AppHandle<R>, view: View) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        let event = match view {
            View::Window => None,
            View::Today => Some(crate::notify::OPEN_TODAY),
            View::Log => Some(OPEN_LOG),
        };
        if let Some(event) = event {
            if let Err(err) = window.emit(event, ()) {
                log::warn!("could not open {event}: {err}");
            }
        }
        return;
    }
    let Some(mut config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
    else {
        log::error!("the app's configuration has no main window");
        return;
    };
    config.create = true;
    if view == View::Log {
        config.url = WebviewUrl::App("index.html?open=log".into());
    }
    let made = WebviewWindowBuilder::from_config(app, &config).and_then(|b| b.build());
    match made {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(err) => log::error!("could not open Kith's window: {err}"),
    }
}

/// The main window was asked to close (its close button, the window manager): the first time
/// it would keep Kith in the tray, it stays open and the UI says so; otherwise it closes (and
/// Kith quits if it has no tray to stay in: see [`keep_running`]).
pub fn close_requested<R: Runtime>(window: &Window<R>, api: &tauri::CloseRequestApi) {
    if window.label() != "main" {
        return;
    }
    let Some(state) = window.try_state::<DesktopState>() else {
        return;
    };
    if state.closes_to_tray() && !state.prefs().tray_notice_seen {
        api.prevent_close();
        if let Err(err) = window.emit(TRAY_NOTICE, ()) {
            log::warn!("could not tell that Kith stays in the tray: {err}");
        }
    }
}

/// Whether Kith keeps running once its last window is closed: where it closes to the tray
/// (as `kith-tray`, see [`hand_over_to_tray`], or as this app).
pub fn keep_running<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<DesktopState>()
        .is_some_and(|s| s.closes_to_tray())
}

/// The one-Kith lock this app holds, and the database it holds it for: managed by
/// [`crate::run`], so that closing the window to the tray can hand both over to `kith-tray`.
#[derive(Debug)]
pub struct Instance {
    db: PathBuf,
    lock: Mutex<Option<Lock>>,
}

impl Instance {
    pub fn new(db: PathBuf, lock: Lock) -> Self {
        Instance {
            db,
            lock: Mutex::new(Some(lock)),
        }
    }
}

/// Started with `--hidden` where the desktop shows a tray: becomes `kith-tray` on database `db`
/// (the process is replaced; nothing of Tauri or WebKit was started). Returns only when that
/// is not possible (no such program, or it could not be run), and says why: the app then waits
/// in the tray itself, as it did before there was a `kith-tray`.
#[cfg(unix)]
pub fn hidden_start(db: &Path) {
    use std::os::unix::process::CommandExt as _;
    if !std::env::args().any(|a| a == HIDDEN) || !desktop::has_tray() {
        return;
    }
    let Some(tray) = desktop::program("kith-tray") else {
        log::warn!("kith-tray is neither beside kith-app nor on PATH: the app waits in the tray");
        return;
    };
    let err = Command::new(&tray).arg("--db").arg(db).exec();
    log::warn!(
        "could not start {} ({err}): the app waits in the tray",
        tray.display()
    );
}

#[cfg(not(unix))]
pub fn hidden_start(_db: &Path) {}

/// The window closed to the tray: lets go of the one-Kith lock and starts `kith-tray` on the
/// same database, so that this app can exit (the caller lets it). False when that could not be
/// done (no lock to hand over, no `kith-tray`, or it would not start): the lock is taken back
/// and the app stays in the tray itself.
pub fn hand_over_to_tray<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(instance) = app.try_state::<Instance>() else {
        return false;
    };
    let Some(tray) = desktop::program("kith-tray") else {
        log::warn!("kith-tray is neither beside kith-app nor on PATH: the app stays in the tray");
        return false;
    };
    let mut held = instance
        .lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Let go first: the tray finds the lock free (a tray that finds it held steps aside).
    drop(held.take());
    let started = Command::new(&tray)
        .arg("--db")
        .arg(&instance.db)
        .arg(CONTINUED)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn();
    match started {
        Ok(_) => true,
        Err(err) => {
            log::warn!(
                "could not start {} ({err}): the app stays in the tray",
                tray.display()
            );
            if let Claim::First(lock) =
                instance::claim(&instance.db, Role::App, desktop::session_bus())
            {
                *held = Some(lock);
            }
            false
        }
    }
}

/// After the one-line notice: the person closed the window to the tray (`quit` false) or
/// quit. Either way the notice is not shown again.
pub fn close_after_notice<R: Runtime>(app: &AppHandle<R>, quit: bool) -> kith::Result<()> {
    if let Some(state) = app.try_state::<DesktopState>() {
        state.change(|p| p.tray_notice_seen = true)?;
    }
    if quit {
        app.exit(0);
    } else if let Some(window) = app.get_webview_window("main") {
        let _ = window.destroy();
    }
    Ok(())
}

/// What Settings shows of the desktop.
pub fn get<R: Runtime>(app: &AppHandle<R>) -> kith::Result<Desktop> {
    let (close_to_tray, has_tray) = match app.try_state::<DesktopState>() {
        Some(s) => (s.closes_to_tray(), s.has_tray),
        None => (false, false),
    };
    let start_at_login = app
        .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
        .is_some_and(|_| app.autolaunch().is_enabled().unwrap_or(false));
    Ok(Desktop {
        close_to_tray,
        has_tray,
        start_at_login,
    })
}

/// Changes what closing the window does and whether Kith starts at login.
pub fn set<R: Runtime>(
    app: &AppHandle<R>,
    close_to_tray: Option<bool>,
    start_at_login: Option<bool>,
) -> kith::Result<Desktop> {
    if let (Some(choice), Some(state)) = (close_to_tray, app.try_state::<DesktopState>()) {
        state.change(|p| p.close_to_tray = Some(choice))?;
    }
    if let Some(on) = start_at_login {
        if app
            .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
            .is_none()
        {
            return Err(kith::Error::invalid(
                "startAtLogin",
                "starting at login is not available in this build",
            ));
        }
        let done = if on {
            app.autolaunch().enable()
        } else {
            app.autolaunch().disable()
        };
        done.map_err(|e| kith::Error::invalid("startAtLogin", e.to_string()))?;
    }
    get(app)
}
