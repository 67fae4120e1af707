//! Generates the app's permission manifest: one `allow-<command>` permission per command,
//! so the capability in `capabilities/main.json` grants exactly the commands the UI calls.

/// Every command the app registers; keep in step with `commands::handlers!`.
const COMMANDS: &[&str] = &[
    "database_info",
    "app_quit",
    "contact_add",
    "contact_get",
    "contact_list",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
