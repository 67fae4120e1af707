//! Kith as a citizen of the desktop: the tray icon and its menu, the window made when it is
//! wanted and destroyed when it is closed, and what closing it does.
//!
//! Where the desktop shows a tray (a StatusNotifier host on the session bus, or an XEmbed
//! tray on the X display), closing the window keeps Kith running in the tray, unless the person
//! turned that off: the window and its web view are destroyed (a Kith waiting in the tray
//! costs little memory) and made again from the app's window configuration when the person
//! opens it, from the tray, a notification or by starting Kith again. The first time, closing
//! is held back and the window says, in one line, that Kith keeps running and how to quit;
//! the person closes it or quits from there. Where there is no tray, closing the window quits:
//! never a process the person can neither see nor quit.
//!
//! The tray menu: Open Kith, Log an interaction…, Today (with how many suggestions it has),
//! Pause notifications for today, Quit Kith. Its Today line ("Today: 3 due": people suggested,
//! follow-ups due or overdue, dates that fall today: what the notification is about) and the
//! icon's tooltip are brought up to date as often as the notifier looks (every minute).
//!
//! Started with `--hidden` (as the login item starts it), Kith opens no window at all.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use kith::desktop::{self, Desktop, DesktopPrefs};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, Window, Wry};
use tauri_plugin_autostart::ManagerExt as _;

use crate::AppState;

/// The event that makes the UI open the Log dialog.
pub const OPEN_LOG: &str = "open-log";
/// The event that makes the UI say, once, that closing keeps Kith in the tray.
pub const TRAY_NOTICE: &str = "tray-notice";
/// The argument that starts Kith without a window (the login item passes it).
pub const HIDDEN: &str = "--hidden";

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
}

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

/// Whether this desktop shows tray icons: a StatusNotifier host (KDE, Xfce, Cinnamon, MATE,
/// GNOME with the AppIndicator extension) or an XEmbed tray (older panels, trayer).
/// `KITH_TRAY=0|1` overrides it.
fn has_tray() -> bool {
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
    let owned: Result<(bool,), _> = proxy.method_call(
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

/// Sets the desktop side up: the preferences, the tray (where there is one), the window
/// (unless started `--hidden`), and the minute by minute refresh of the tray.
pub fn setup(app: &AppHandle<Wry>) -> tauri::Result<()> {
    let prefs_path = app.path().app_config_dir()?.join("desktop.json");
    let prefs = desktop::load(&prefs_path);
    let tray = if has_tray() {
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
    let hidden = std::env::args().any(|a| a == HIDDEN);
    if !hidden || !app.state::<DesktopState>().has_tray {
        show(app, View::Window);
    }
    refresh_tray(app);
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("kith-tray".into())
        .spawn(move || loop {
            std::thread::sleep(crate::notify::every());
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
    let (line, tip) = match app
        .state::<AppState>()
        .with_store(|s| s.due_today_count(&now))
    {
        Ok(0) => (
            "Today: nothing due".to_owned(),
            "Kith: nothing due today".to_owned(),
        ),
        Ok(n) => (format!("Today: {n} due"), format!("Kith: {n} due today")),
        Err(_) => ("Today".to_owned(), "Kith".to_owned()),
    };
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

/// Whether Kith keeps running once its last window is closed: where it closes to the tray.
pub fn keep_running<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<DesktopState>()
        .is_some_and(|s| s.closes_to_tray())
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

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn a_second_start_says_which_view_to_open() {
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
    }
}
