//! Kith's desktop shell: opens the store, registers the commands, starts the window.
//!
//! Nothing here knows SQL or business rules: every command unpacks its arguments, calls one
//! core function and returns the core's error, which reaches the UI as `{ type, data }`.
//! [`builder`] is shared by [`run`] and the mock-runtime tests so they exercise the same app.

mod commands;
pub mod desktop;
pub mod notify;
pub mod rescan;
pub mod state;
pub mod sync;

use kith::desktop::instance::{self, Claim, Role};
use tauri::{Builder, Runtime};

pub use state::AppState;

/// Registers the state and every command on `builder`.
// Long only by its list of commands, one a line (the tests read it from here).
#[allow(clippy::too_many_lines)]
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                desktop::close_requested(window, api);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::database_info,
            commands::app::database_check,
            commands::app::app_quit,
            commands::contacts::contact_add,
            commands::contacts::contact_update,
            commands::contacts::contact_get,
            commands::contacts::contact_list,
            commands::contacts::contact_set_archived,
            commands::contacts::contact_delete,
            commands::contacts::contact_restore,
            commands::contacts::contact_suggest,
            commands::duplicates::duplicates_list,
            commands::duplicates::duplicates_dismiss,
            commands::duplicates::contact_merge,
            commands::duplicates::contact_merge_preview,
            commands::duplicates::contact_unmerge,
            commands::duplicates::contact_last_merge,
            commands::contacts::tag_list,
            commands::contacts::me_get,
            commands::interests::interest_list,
            commands::interests::interest_add,
            commands::interests::interest_rename,
            commands::interests::interest_merge,
            commands::relationships::people_around,
            commands::relationships::relationship_add,
            commands::relationships::relationship_remove,
            commands::asks::ask_add,
            commands::asks::ask_list,
            commands::asks::ask_set_status,
            commands::interactions::interaction_log,
            commands::interactions::interaction_delete,
            commands::interactions::interaction_restore,
            commands::interactions::timeline,
            commands::search::search,
            commands::search::trash_list,
            commands::search::trash_empty,
            commands::io::import_preview,
            commands::io::import_commit,
            commands::io::import_list,
            commands::io::import_undo,
            commands::io::export_write,
            commands::io::calendar_path,
            commands::backup::backup_create,
            commands::backup::backup_list,
            commands::backup::backup_restore,
            commands::backup::backup_restore_newest,
            commands::engine::today,
            commands::engine::health_get,
            commands::engine::health_list,
            commands::engine::help_opportunities,
            commands::engine::suggestion_feedback,
            commands::engine::reminder_add,
            commands::engine::reminder_list,
            commands::engine::reminder_done,
            commands::engine::reminder_snooze,
            commands::engine::settings_get,
            commands::engine::settings_set,
            commands::review::review_circles,
            commands::review::review_trend,
            commands::review::review_fading,
            commands::review::review_one_sided,
            commands::review::review_activity,
            commands::review::review_map,
            commands::review::health_series,
            commands::capture::source_list,
            commands::capture::source_add,
            commands::capture::source_scan,
            commands::capture::source_cancel,
            commands::capture::source_remove,
            commands::capture::source_own_addresses,
            commands::capture::source_questions,
            commands::capture::unknown_list,
            commands::capture::unknown_add,
            commands::capture::unknown_link,
            commands::capture::unknown_ignore,
            commands::capture::me_address_list,
            commands::capture::me_address_add,
            commands::engine::upcoming,
            commands::engine::brief_get,
            commands::capture::source_set_keep_text,
            commands::capture::interaction_messages,
            commands::capture::source_found,
            commands::app::desktop_get,
            commands::app::desktop_set,
            commands::app::window_close,
            commands::sync::sync_setup,
            commands::sync::sync_now,
            commands::sync::sync_status,
            commands::sync::sync_conflicts,
            commands::sync::sync_keep_other,
            commands::sync::sync_pause,
            commands::sync::sync_device_name,
        ])
}

/// Starts the desktop app on the database given by `--db PATH`, else `$KITH_DB`, else the
/// default file in the OS data directory (the same rule as the CLI), and the daily
/// notification beside it ([`notify`]).
///
/// A database that cannot be opened does not stop the window from opening: the UI asks for
/// [`commands::app::database_info`], gets the error, and explains it to the user in words.
/// On a machine with no GPU render node, turns WebKitGTK's accelerated compositing off.
/// Without a GPU it composites in software: every redraw of the network map cost ~340-480 ms
/// (the same with 100 people as with 2,000), and 14-19 ms with it off (docs/PERFORMANCE.md).
/// It is the usual WebKitGTK workaround; where a GPU exists WebKit's default is kept. Setting
/// `WEBKIT_DISABLE_COMPOSITING_MODE` (to anything) or `KITH_GPU_COMPOSITING=1` leaves the
/// choice with the user. Called first in [`run`], before any thread exists.
#[cfg(target_os = "linux")]
fn software_compositing() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_some() || std::env::var_os("KITH_GPU_COMPOSITING").is_some() {
        return;
    }
    let has_gpu = std::fs::read_dir("/dev/dri").is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    if !has_gpu {
        std::env::set_var(VAR, "1");
    }
}

pub fn run() {
    kith::stderr_log::install();
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        log::error!("no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set); start Kith from a desktop session, or use the `kith` CLI");
        std::process::exit(1);
    }
    let db = kith::store::resolve_path(kith::desktop::db_arg(std::env::args_os().skip(1)));
    // The login item's start: Kith waits in the tray as kith-tray, without WebKit.
    if let Ok(path) = &db {
        desktop::hidden_start(path);
    }
    #[cfg(target_os = "linux")]
    software_compositing();
    // Held until the process ends (the lock goes with it), or handed to kith-tray.
    let instance = match &db {
        Ok(path) => match instance::claim(path, Role::App, kith::desktop::session_bus()) {
            Claim::Refused(why) => {
                log::error!("{why}");
                std::process::exit(2);
            }
            Claim::First(lock) => Some(desktop::Instance::new(path.clone(), lock)),
            // On the same database as a running app: the single-instance plugin below hands
            // this start's arguments to it, and exits.
            Claim::HandOver | Claim::Running(_) => None,
        },
        Err(_) => None,
    };
    let state = AppState::open(db.ok());
    let context = tauri::generate_context!();
    let mut app = Builder::default();
    if let Some(instance) = instance {
        app = app.manage(instance);
    }
    let app = app
        // First: a second start on the same database hands over to this one and exits.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            desktop::show(app, desktop::View::from_args(&argv));
        }))
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![desktop::HIDDEN]),
        ));
    let app = builder(app, state).setup(|app| {
        desktop::setup(app.handle())?;
        notify::start(app.handle().clone());
        rescan::start(app.handle().clone());
        sync::start(app.handle().clone());
        Ok(())
    });
    let app = match app.build(context) {
        Ok(app) => app,
        Err(err) => {
            log::error!("the desktop app failed: {err}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        // The last window closed: Kith stays in the tray if it closes there, as kith-tray
        // (this app exits), or as this app where kith-tray cannot take over.
        if let tauri::RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            if desktop::keep_running(app) && !desktop::hand_over_to_tray(app) {
                api.prevent_exit();
            }
        }
    });
}
