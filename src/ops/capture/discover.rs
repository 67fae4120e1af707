//! The mail folders and calendars of Thunderbird and Evolution, found where those apps keep
//! them, to offer as sources. Only offered: nothing here opens a mailbox or a calendar, it
//! lists folders and reads file sizes (and Thunderbird's `profiles.ini`, which names the
//! profiles); the person picks what Kith may read (`kith source add PATH`).
//!
//! Where it looks, under the home folder it is given:
//! - **Thunderbird**: the profiles of `.thunderbird/` (also the snap's
//!   `snap/thunderbird/common/.thunderbird/`, the Flatpak's
//!   `.var/app/org.mozilla.Thunderbird/.thunderbird/` and Debian's old
//!   `.mozilla-thunderbird/`), as `profiles.ini` lists them, else every folder there; in each,
//!   the account folders of `Mail/` (local folders, POP) and `ImapMail/` (offline copies of
//!   IMAP). A mail folder is a file with a `.msf` index beside it or a file with no extension
//!   (`Inbox`, `Sent`, `Archives`), its subfolders in `NAME.sbd/`; a folder with `cur/` or
//!   `new/` is a Maildir (Thunderbird's maildir store). Indexes (`.msf`), filters and state
//!   (`.dat`, `.json`, `.html`) are no mail. Thunderbird's own calendars live in a SQLite
//!   database (`calendar-data/local.sqlite`), which is no `.ics`: not offered.
//! - **Evolution**: `.local/share/evolution/` (and the Flatpak's
//!   `.var/app/org.gnome.Evolution/data/evolution/`): the local mail folders in `mail/local/`
//!   (Maildir++: the folder itself is the Inbox, `.Sent`, `.Work.Projects`… its subfolders) and
//!   each calendar's `calendar/*/calendar.ics`.
//!
//! Empty files and folders with no message are left out, and the list stops at
//! [`MAX_FOUND`].

use std::path::{Path, PathBuf};

use crate::io::mail::maildir::is_maildir;
use crate::model::{FoundSource, SourceKind};

/// The most candidates listed.
pub const MAX_FOUND: usize = 200;

/// How deep `.sbd` subfolders are followed.
const MAX_DEPTH: usize = 8;

/// Files of an account folder that are never mail, by extension.
const NOT_MAIL: &[&str] = &[
    "msf", "dat", "json", "html", "sqlite", "js", "txt", "log", "bak", "tmp",
];

/// Where Thunderbird keeps its profiles, with what to say of the install (none for the
/// usual one).
const THUNDERBIRD_ROOTS: &[(&str, Option<&str>)] = &[
    (".thunderbird", None),
    (".mozilla-thunderbird", None),
    ("snap/thunderbird/common/.thunderbird", Some("snap")),
    (
        ".var/app/org.mozilla.Thunderbird/.thunderbird",
        Some("Flatpak"),
    ),
];

/// Where Evolution keeps its data.
const EVOLUTION_ROOTS: &[(&str, Option<&str>)] = &[
    (".local/share/evolution", None),
    (
        ".var/app/org.gnome.Evolution/data/evolution",
        Some("Flatpak"),
    ),
];

/// The Thunderbird and Evolution mail folders and calendars under `home` (see the module
/// docs), Thunderbird first, each app's in path order; at most [`MAX_FOUND`].
pub fn found_sources(home: &Path) -> Vec<FoundSource> {
    let mut found = Vec::new();
    for (root, install) in THUNDERBIRD_ROOTS {
        for (profile, name) in thunderbird_profiles(&home.join(root)) {
            let mut list = Vec::new();
            for store in ["Mail", "ImapMail"] {
                for account in sorted_dirs(&profile.join(store)) {
                    let account_name = file_name(&account);
                    let context = match install {
                        Some(i) => format!("profile {name}, {i}"),
                        None => format!("profile {name}"),
                    };
                    mail_folder_files(&account, &[account_name], &context, 0, &mut list);
                }
            }
            list.sort_by(|a, b| a.path.cmp(&b.path));
            found.extend(list);
        }
    }
    for (root, install) in EVOLUTION_ROOTS {
        let root = home.join(root);
        let app = match install {
            Some(i) => format!("Evolution ({i})"),
            None => "Evolution".to_owned(),
        };
        let mut list = Vec::new();
        evolution_mail(&root.join("mail/local"), &app, &mut list);
        for dir in sorted_dirs(&root.join("calendar")) {
            let file = dir.join("calendar.ics");
            let name = match file_name(&dir).as_str() {
                "system" => "Personal".to_owned(),
                other => other.to_owned(),
            };
            push_file(
                &file,
                SourceKind::Ics,
                format!("{app} · calendar {name}"),
                &mut list,
            );
        }
        list.sort_by(|a, b| a.path.cmp(&b.path));
        found.extend(list);
    }
    // A root that is a link to another (`.thunderbird` to the snap's) lists its folders once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|f| {
        let real = std::fs::canonicalize(&f.path).unwrap_or_else(|_| PathBuf::from(&f.path));
        seen.insert(real)
    });
    found.truncate(MAX_FOUND);
    found
}

/// The profile folders of the Thunderbird root `root`, each with its name: those its
/// `profiles.ini` lists that exist, else every folder in it.
fn thunderbird_profiles(root: &Path) -> Vec<(PathBuf, String)> {
    if !root.is_dir() {
        return Vec::new();
    }
    let mut profiles = Vec::new();
    if let Ok(ini) = std::fs::read_to_string(root.join("profiles.ini")) {
        for (path, relative) in profiles_ini(&ini) {
            let dir = if relative {
                root.join(&path)
            } else {
                PathBuf::from(&path)
            };
            if dir.is_dir() && !profiles.iter().any(|(p, _)| *p == dir) {
                let name = file_name(&dir);
                profiles.push((dir, name));
            }
        }
    }
    if profiles.is_empty() {
        profiles = sorted_dirs(root)
            .into_iter()
            .map(|d| {
                let name = file_name(&d);
                (d, name)
            })
            .collect();
    }
    profiles
}

/// The `Path` of each `[Profile…]` section of a `profiles.ini`, with whether it is relative
/// to the file's folder (`IsRelative=1`, the default).
fn profiles_ini(ini: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut in_profile = false;
    let mut path: Option<String> = None;
    let mut relative = true;
    let mut flush = |path: &mut Option<String>, relative: &mut bool| {
        if let Some(p) = path.take() {
            out.push((p, *relative));
        }
        *relative = true;
    };
    for line in ini.lines().map(str::trim) {
        if line.starts_with('[') {
            if in_profile {
                flush(&mut path, &mut relative);
            }
            in_profile = line.starts_with("[Profile");
            continue;
        }
        if !in_profile {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            match key.trim() {
                "Path" => path = Some(value.trim().to_owned()),
                "IsRelative" => relative = value.trim() != "0",
                _ => {}
            }
        }
    }
    if in_profile {
        flush(&mut path, &mut relative);
    }
    out
}

/// The mail folders in the Thunderbird folder `dir` (an account folder, or a `NAME.sbd`
/// subfolder), `names` the account and folders above them, `context` what the label ends with.
fn mail_folder_files(
    dir: &Path,
    names: &[String],
    context: &str,
    depth: usize,
    out: &mut Vec<FoundSource>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(PathBuf, String)> = entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (e.path(), name)
        })
        .filter(|(_, name)| !name.starts_with('.'))
        .collect();
    entries.sort();
    let label = |folder: &str| {
        let (account, above) = names
            .split_first()
            .map_or(("", &[][..]), |(a, rest)| (a.as_str(), rest));
        let mut folders: Vec<&str> = above.iter().map(String::as_str).collect();
        folders.push(folder);
        format!(
            "Thunderbird · {account} · {} ({context})",
            folders.join("/")
        )
    };
    for (path, name) in &entries {
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        if meta.is_dir() {
            if let Some(folder) = name.strip_suffix(".sbd") {
                if depth < MAX_DEPTH {
                    let mut below = names.to_vec();
                    below.push(folder.to_owned());
                    mail_folder_files(path, &below, context, depth + 1, out);
                }
            } else if is_maildir(path) {
                push_maildir(path, "Thunderbird", label(name), out);
            }
            continue;
        }
        let has_index = dir.join(format!("{name}.msf")).is_file();
        let extension = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        let mail = has_index || extension.as_deref().is_none_or(|e| !NOT_MAIL.contains(&e));
        if mail && meta.is_file() && meta.len() > 0 {
            out.push(FoundSource {
                path: path.display().to_string(),
                kind: SourceKind::Mbox,
                app: "Thunderbird".into(),
                label: label(name),
                bytes: meta.len(),
            });
        }
    }
}

/// Evolution's local mail folders in `dir` (Maildir++): the folder itself (the Inbox) and
/// each `.Name` or `.Parent.Child` subfolder that is a Maildir.
fn evolution_mail(dir: &Path, app: &str, out: &mut Vec<FoundSource>) {
    if is_maildir(dir) {
        push_maildir(dir, "Evolution", format!("{app} · Inbox"), out);
    }
    for sub in sorted_dirs(dir) {
        let name = file_name(&sub);
        let Some(folder) = name.strip_prefix('.') else {
            continue;
        };
        if folder.is_empty() || folder.starts_with('.') || !is_maildir(&sub) {
            continue;
        }
        let label = format!("{app} · {}", folder.replace('.', "/"));
        push_maildir(&sub, "Evolution", label, out);
    }
}

/// Offers the Maildir `dir` when it holds a message.
fn push_maildir(dir: &Path, app: &str, label: String, out: &mut Vec<FoundSource>) {
    let mut bytes = 0;
    for sub in ["cur", "new"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.filter_map(|e| e.ok()) {
            if let Ok(meta) = e.metadata() {
                if meta.is_file() {
                    bytes += meta.len();
                }
            }
        }
    }
    if bytes > 0 {
        out.push(FoundSource {
            path: dir.display().to_string(),
            kind: SourceKind::Maildir,
            app: app.into(),
            label,
            bytes,
        });
    }
}

/// Offers the file at `path` when it is there and not empty.
fn push_file(path: &Path, kind: SourceKind, label: String, out: &mut Vec<FoundSource>) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_file() && meta.len() > 0 {
        out.push(FoundSource {
            path: path.display().to_string(),
            kind,
            app: "Evolution".into(),
            label,
            bytes: meta.len(),
        });
    }
}

/// The folders in `dir`, in name order (none when it cannot be listed).
fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// [`found_sources`] under the user's home folder (`$HOME`, else the system's idea of it);
/// none when there is no home folder.
pub fn found_sources_at_home() -> Vec<FoundSource> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::home_dir);
    home.map(|h| found_sources(&h)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const MESSAGE: &str = "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: hi\n\nhello\n";

    /// A home with a Thunderbird profile and Evolution's folders, with what is no mail beside.
    fn home() -> tempfile::TempDir {
        let home = tempfile::tempdir().unwrap();
        let tb = home.path().join(".thunderbird");
        write(
            &tb.join("profiles.ini"),
            "[Install4F96D1932A9F858E]\nDefault=abc.default-release\nLocked=1\n\n\
             [Profile1]\nName=default\nIsRelative=1\nPath=xyz.default\nDefault=1\n\n\
             [Profile0]\nName=default-release\nIsRelative=1\nPath=abc.default-release\n\n\
             [General]\nStartWithLastProfile=1\nVersion=2\n",
        );
        // A folder profiles.ini does not list is not a profile.
        write(&tb.join("old.unlisted/Mail/Local Folders/Inbox"), MESSAGE);
        let profile = tb.join("abc.default-release");
        let local = profile.join("Mail/Local Folders");
        write(&local.join("Inbox"), MESSAGE);
        write(&local.join("Inbox.msf"), "// index");
        write(&local.join("Trash"), "");
        write(&local.join("Trash.msf"), "// index");
        write(&local.join("msgFilterRules.dat"), "version=\"9\"");
        write(&local.join("Archives"), "");
        write(&local.join("Archives.msf"), "// index");
        write(&local.join("Archives.sbd/2023"), MESSAGE);
        write(&local.join("Archives.sbd/2023.msf"), "// index");
        let imap = profile.join("ImapMail/imap.example.com");
        write(&imap.join("INBOX"), MESSAGE);
        write(&imap.join("INBOX.msf"), "// index");
        write(&imap.join("Sent"), MESSAGE);
        write(&imap.join("folderTree.json"), "{}");
        write(&imap.join("filterlog.html"), "<p>");
        write(
            &profile.join("calendar-data/local.sqlite"),
            "SQLite format 3",
        );
        write(&profile.join("prefs.js"), "user_pref();");
        let evo = home.path().join(".local/share/evolution");
        let mail = evo.join("mail/local");
        write(&mail.join("cur/1700000000.1.host:2,S"), MESSAGE);
        std::fs::create_dir_all(mail.join("new")).unwrap();
        std::fs::create_dir_all(mail.join("tmp")).unwrap();
        write(&mail.join(".Sent/cur/1700000001.2.host:2,S"), MESSAGE);
        std::fs::create_dir_all(mail.join(".Drafts/cur")).unwrap();
        write(&mail.join(".Work.Projects/new/1700000002.3.host"), MESSAGE);
        write(&mail.join("folders.db"), "SQLite format 3");
        write(
            &evo.join("calendar/system/calendar.ics"),
            "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
        );
        write(&evo.join("calendar/1f2e3d/calendar.ics"), "");
        home
    }

    #[test]
    fn offers_thunderbird_and_evolution_folders_and_nothing_else() {
        let home = home();
        let found = found_sources(home.path());
        let rel = |f: &FoundSource| {
            Path::new(&f.path)
                .strip_prefix(home.path())
                .unwrap()
                .display()
                .to_string()
        };
        let got: Vec<(String, SourceKind, &str, &str)> = found
            .iter()
            .map(|f| (rel(f), f.kind, f.app.as_str(), f.label.as_str()))
            .collect();
        let p = ".thunderbird/abc.default-release";
        let want = vec![
            (
                format!("{p}/ImapMail/imap.example.com/INBOX"),
                SourceKind::Mbox,
                "Thunderbird",
                "Thunderbird · imap.example.com · INBOX (profile abc.default-release)",
            ),
            (
                format!("{p}/ImapMail/imap.example.com/Sent"),
                SourceKind::Mbox,
                "Thunderbird",
                "Thunderbird · imap.example.com · Sent (profile abc.default-release)",
            ),
            (
                format!("{p}/Mail/Local Folders/Archives.sbd/2023"),
                SourceKind::Mbox,
                "Thunderbird",
                "Thunderbird · Local Folders · Archives/2023 (profile abc.default-release)",
            ),
            (
                format!("{p}/Mail/Local Folders/Inbox"),
                SourceKind::Mbox,
                "Thunderbird",
                "Thunderbird · Local Folders · Inbox (profile abc.default-release)",
            ),
            (
                ".local/share/evolution/calendar/system/calendar.ics".into(),
                SourceKind::Ics,
                "Evolution",
                "Evolution · calendar Personal",
            ),
            (
                ".local/share/evolution/mail/local".into(),
                SourceKind::Maildir,
                "Evolution",
                "Evolution · Inbox",
            ),
            (
                ".local/share/evolution/mail/local/.Sent".into(),
                SourceKind::Maildir,
                "Evolution",
                "Evolution · Sent",
            ),
            (
                ".local/share/evolution/mail/local/.Work.Projects".into(),
                SourceKind::Maildir,
                "Evolution",
                "Evolution · Work/Projects",
            ),
        ];
        assert_eq!(got, want);
        assert!(
            found
                .iter()
                .all(|f| f.bytes == MESSAGE.len() as u64
                    || f.kind == SourceKind::Ics && f.bytes == 30)
        );
    }

    #[test]
    fn without_profiles_ini_every_profile_folder_is_looked_at_and_installs_are_named() {
        let home = tempfile::tempdir().unwrap();
        let snap = home.path().join("snap/thunderbird/common/.thunderbird");
        write(
            &snap.join("q1w2.default/Mail/pop.example.com/Inbox"),
            MESSAGE,
        );
        write(
            &snap.join("q1w2.default/Mail/pop.example.com/Inbox.msf"),
            "",
        );
        let flatpak = home
            .path()
            .join(".var/app/org.mozilla.Thunderbird/.thunderbird");
        write(
            &flatpak.join("e5r6.default-esr/Mail/Local Folders/Sent"),
            MESSAGE,
        );
        // Thunderbird's maildir store: a folder with cur/.
        write(
            &flatpak.join("e5r6.default-esr/Mail/Local Folders/Inbox/cur/1.eml"),
            MESSAGE,
        );
        let evo = home
            .path()
            .join(".var/app/org.gnome.Evolution/data/evolution");
        write(
            &evo.join("calendar/system/calendar.ics"),
            "BEGIN:VCALENDAR\n",
        );
        let labels: Vec<(SourceKind, String)> = found_sources(home.path())
            .into_iter()
            .map(|f| (f.kind, f.label))
            .collect();
        assert_eq!(
            labels,
            vec![
                (
                    SourceKind::Mbox,
                    "Thunderbird · pop.example.com · Inbox (profile q1w2.default, snap)".into()
                ),
                (
                    SourceKind::Maildir,
                    "Thunderbird · Local Folders · Inbox (profile e5r6.default-esr, Flatpak)"
                        .into()
                ),
                (
                    SourceKind::Mbox,
                    "Thunderbird · Local Folders · Sent (profile e5r6.default-esr, Flatpak)".into()
                ),
                (
                    SourceKind::Ics,
                    "Evolution (Flatpak) · calendar Personal".into()
                ),
            ]
        );
    }

    #[test]
    fn a_home_without_them_offers_nothing_and_the_list_is_capped() {
        let home = tempfile::tempdir().unwrap();
        assert!(found_sources(home.path()).is_empty());
        let folders = home
            .path()
            .join(".thunderbird/p.default/Mail/Local Folders");
        for i in 0..MAX_FOUND + 20 {
            write(&folders.join(format!("Folder{i:03}")), MESSAGE);
        }
        let found = found_sources(home.path());
        assert_eq!(found.len(), MAX_FOUND);
        assert!(found[0].label.contains("Folder000"));
    }
}
