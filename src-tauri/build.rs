//! Generates the app's permission manifest: one `allow-<command>` permission per command,
//! so the capability in `capabilities/main.json` grants exactly the commands the UI calls.

/// Every command the app registers: keep in step with `builder` in `src/lib.rs` and with
/// `capabilities/main.json` (`tests/ipc.rs` checks that the three lists agree).
const COMMANDS: &[&str] = &[
    "database_info",
    "database_check",
    "app_quit",
    "contact_add",
    "contact_update",
    "contact_get",
    "contact_list",
    "contact_set_archived",
    "contact_delete",
    "contact_restore",
    "contact_suggest",
    "duplicates_list",
    "duplicates_dismiss",
    "contact_merge",
    "contact_merge_preview",
    "contact_unmerge",
    "tag_list",
    "me_get",
    "interest_list",
    "interest_add",
    "interest_rename",
    "interest_merge",
    "ask_add",
    "ask_list",
    "ask_set_status",
    "interaction_log",
    "interaction_delete",
    "interaction_restore",
    "timeline",
    "search",
    "trash_list",
    "trash_empty",
    "import_preview",
    "import_commit",
    "export_write",
    "calendar_path",
    "backup_create",
    "backup_list",
    "backup_restore",
    "backup_restore_newest",
    "today",
    "health_get",
    "health_list",
    "help_opportunities",
    "suggestion_feedback",
    "reminder_add",
    "reminder_list",
    "reminder_done",
    "reminder_snooze",
    "settings_get",
    "settings_set",
    "review_circles",
    "review_trend",
    "review_fading",
    "review_one_sided",
    "review_activity",
    "review_map",
    "health_series",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
