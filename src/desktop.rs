//! The desktop app's preferences that belong to one computer, not to the database: whether
//! closing the window keeps Kith running in the tray, and whether the person has been told so.
//! They live in a small JSON file in the app's config folder (the window's size and place sit
//! beside it, written by Tauri's window-state plugin), so a database copied or synced to
//! another computer does not carry one desktop's habits to another.
//!
//! A missing or unreadable file is the defaults; a write goes to a temporary file first and
//! replaces the old one whole, so a crash never leaves half a file.

use std::path::Path;

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
}
