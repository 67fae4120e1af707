//! The tray itself: GTK's main loop, the icon and menu (tray-icon, as Tauri makes them, so it
//! looks and reads the same), and the minute by minute refresh and notification.
//!
//! Everything runs on the main thread: the menu's events (muda calls its handler from GTK's
//! signal), the timer and the signal sources are all GTK main loop callbacks, so the state
//! lives in one thread-local ([`TRAY`]) and needs no lock. Only a notification's click arrives
//! on another thread, and it is handed to the main loop ([`glib::MainContext::invoke`]).

use std::cell::RefCell;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use chrono::{Local, Offset, Utc};
use gtk::glib::{self, ControlFlow};
use kith::desktop::instance::{self, Claim, Role};
use kith::desktop::notifier::{self, Notifier};
use kith::desktop::{self, View};
use kith::engine::Now;
use kith::store::Check;
use kith::Store;
use tray_icon::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tray_icon::{Icon, TrayIcon, TrayIconBuilder};

/// The icon: the one the app's tray shows (Tauri's default window icon, the first PNG of the
/// bundle's icons).
const ICON_PNG: &[u8] = include_bytes!("../../src-tauri/icons/16x16.png");

/// The tray while it runs.
struct Tray {
    db: PathBuf,
    /// The database, or None when it could not be opened (said once, on stderr).
    store: Option<Store>,
    notifier: Notifier,
    today: MenuItem,
    icon: TrayIcon,
}

thread_local! {
    static TRAY: RefCell<Option<Tray>> = const { RefCell::new(None) };
}

/// The environment variable that turns GTK's OpenGL off, and its value before [`run`] set it.
const GDK_GL: &str = "GDK_GL";
static GDK_GL_BEFORE: OnceLock<Option<OsString>> = OnceLock::new();

/// Runs the tray until it quits; returns the exit status.
pub fn run() -> i32 {
    // GTK 3 on X11 sets OpenGL up as it starts, to choose its visuals, unless told not to: on a
    // machine without a GPU that loads Mesa's software renderer and LLVM, ≈33 MB of the tray's
    // ≈75 MB (docs/PERFORMANCE.md). The tray never draws with OpenGL (a menu and a 16-pixel
    // icon). Set first, while this is the only thread; the app it starts gets the person's own
    // value back ([`start_app`]).
    GDK_GL_BEFORE.get_or_init(|| std::env::var_os(GDK_GL));
    std::env::set_var(GDK_GL, "disable");
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        log::error!("no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set): the tray needs a desktop session");
        return 1;
    }
    if !desktop::has_tray() {
        log::error!(
            "this desktop shows no tray icons: kith-tray would run unseen; start kith-app instead"
        );
        return 1;
    }
    let db = match kith::store::resolve_path(desktop::db_arg(args.iter().cloned())) {
        Ok(db) => db,
        Err(err) => {
            log::error!("{err}");
            return 1;
        }
    };
    let continued = args.iter().any(|a| a == desktop::CONTINUED);
    // Held until the process ends.
    let _lock = match instance::claim(&db, Role::Tray, desktop::session_bus()) {
        Claim::First(lock) => lock,
        // A Kith runs already, with its own icon: nothing to do.
        Claim::Running(_) | Claim::HandOver => return 0,
        Claim::Refused(why) => {
            log::error!("{why}");
            return 2;
        }
    };
    if let Err(err) = gtk::init() {
        log::error!("could not start GTK: {err}");
        return 1;
    }
    let tray = match build(db, continued) {
        Ok(tray) => tray,
        Err(err) => {
            log::error!("could not show the tray icon: {err}");
            return 1;
        }
    };
    TRAY.with_borrow_mut(|t| *t = Some(tray));
    MenuEvent::set_event_handler(Some(|event: MenuEvent| chosen(event.id().as_ref())));
    tick();
    glib::timeout_add_local(notifier::every(), || {
        tick();
        ControlFlow::Continue
    });
    for signal in [
        rustix::process::Signal::TERM,
        rustix::process::Signal::INT,
        rustix::process::Signal::HUP,
    ] {
        glib::unix_signal_add_local(signal.as_raw(), || {
            gtk::main_quit();
            ControlFlow::Break
        });
    }
    gtk::main();
    // The icon goes (and its image file with it) before the lock does.
    TRAY.with_borrow_mut(Option::take);
    0
}

fn build(db: PathBuf, continued: bool) -> Result<Tray, String> {
    let today = MenuItem::with_id("today", "Today", true, None);
    let menu = Menu::new();
    menu.append_items(&[
        &MenuItem::with_id("open", "Open Kith", true, None),
        &MenuItem::with_id("log", "Log an interaction…", true, None),
        &today,
        &PredefinedMenuItem::separator(),
        &MenuItem::with_id("pause", "Pause notifications for today", true, None),
        &PredefinedMenuItem::separator(),
        &MenuItem::with_id("quit", "Quit Kith", true, None),
    ])
    .map_err(|e| e.to_string())?;
    let icon = TrayIconBuilder::new()
        // The id names the icon's window ("tray-icon tray app main", as the app's).
        .with_id("main")
        .with_tooltip("Kith")
        .with_menu(Box::new(menu))
        .with_menu_on_left_click(true)
        .with_icon(icon()?)
        .build()
        .map_err(|e| e.to_string())?;
    let store = match Store::open_with(&db, Check::Daily, Utc::now()) {
        Ok(store) => Some(store),
        Err(err) => {
            log::error!("{err}");
            None
        }
    };
    Ok(Tray {
        db,
        store,
        notifier: Notifier::new(continued),
        today,
        icon,
    })
}

/// The icon's pixels.
fn icon() -> Result<Icon, String> {
    let bad = |e: &dyn std::fmt::Display| format!("the tray icon cannot be read: {e}");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(ICON_PNG));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad(&"too large"))?;
    let mut pixels = vec![0; size];
    let frame = reader.next_frame(&mut pixels).map_err(|e| bad(&e))?;
    pixels.truncate(frame.buffer_size());
    if frame.color_type != png::ColorType::Rgba {
        return Err(bad(&format!("{:?}, not RGBA", frame.color_type)));
    }
    Icon::from_rgba(pixels, frame.width, frame.height).map_err(|e| bad(&e))
}

/// Now, in this machine's time zone.
fn now() -> Now {
    let at = Utc::now();
    Now {
        at,
        offset: at.with_timezone(&Local).offset().fix(),
    }
}

/// Every minute (and at start): the Today line and tooltip, then the notification if one is
/// due.
fn tick() {
    let due = TRAY.with_borrow_mut(|tray| {
        let tray = tray.as_mut()?;
        refresh(tray);
        let Some(store) = tray.store.as_mut() else {
            tray.notifier.skip();
            return None;
        };
        tray.notifier
            .check(|moment| store.notification(&now(), moment))
    });
    if let Some(n) = due {
        notifier::deliver(&n, || {
            glib::MainContext::default().invoke(|| open(View::Today));
        });
    }
}

fn refresh(tray: &mut Tray) {
    let due = tray
        .store
        .as_ref()
        .and_then(|s| s.due_today_count(&now()).ok());
    let (line, tip) = desktop::tray_labels(due);
    tray.today.set_text(line);
    let _ = tray.icon.set_tooltip(Some(tip));
}

/// A menu item was picked.
fn chosen(id: &str) {
    match id {
        "open" => open(View::Window),
        "log" => open(View::Log),
        "today" => open(View::Today),
        "pause" => TRAY.with_borrow_mut(|tray| {
            let Some(tray) = tray.as_mut() else { return };
            if let Some(store) = tray.store.as_mut() {
                if let Err(err) = store.pause_notifications_today(&now()) {
                    log::warn!("could not pause today's notifications: {err}");
                }
            }
            refresh(tray);
        }),
        "quit" => gtk::main_quit(),
        _ => {}
    }
}

/// Starts the app at `view` on the tray's database, and quits: the app takes over (it asks
/// this tray to quit if it is still there when it starts).
fn open(view: View) {
    let Some(db) = TRAY.with_borrow(|t| t.as_ref().map(|t| t.db.clone())) else {
        return;
    };
    match start_app(&db, view) {
        Ok(()) => gtk::main_quit(),
        Err(err) => log::error!("could not open Kith's window: {err}"),
    }
}

fn start_app(db: &Path, view: View) -> Result<(), String> {
    let app = desktop::program("kith-app")
        .ok_or("kith-app is neither beside kith-tray nor on PATH (is Kith installed?)")?;
    let mut command = Command::new(&app);
    match GDK_GL_BEFORE.get().cloned().flatten() {
        Some(before) => command.env(GDK_GL, before),
        None => command.env_remove(GDK_GL),
    };
    command
        .arg("--db")
        .arg(db)
        .args(view.args())
        .arg(desktop::CONTINUED)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("{}: {e}", app.display()))
}
