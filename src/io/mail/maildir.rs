//! A Maildir folder (mutt, notmuch, Evolution, offlineimap): one message per file in `cur/`
//! and `new/` (`tmp/` holds messages still being written and is never read). Only each file's
//! header block is read, up to [`super::mbox::HEADER_CAP`].

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::mbox::HEADER_CAP;

/// The message files of the Maildir at `dir`, in name order (`cur/` then `new/`).
pub fn message_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for sub in ["cur", "new"] {
        let path = dir.join(sub);
        if !path.is_dir() {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

/// True when `dir` looks like a Maildir (it has `cur/` or `new/`).
pub fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() || dir.join("new").is_dir()
}

/// The header block of the message in `path`: its lines up to the first blank one, at most
/// [`HEADER_CAP`] bytes (`true` when cut). The file is opened read-only.
pub fn read_headers(path: &Path) -> io::Result<(Vec<u8>, bool)> {
    let (headers, cut, _) = read(path, 0)?;
    Ok((headers, cut))
}

/// The header block of the message in `path` (as [`read_headers`]) and the first `cap` bytes
/// of its body.
pub fn read_message(path: &Path, cap: usize) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let (headers, _, body) = read(path, cap)?;
    Ok((headers, body))
}

/// The header block (read no further than [`HEADER_CAP`] bytes), whether it was cut, and the
/// first `body_cap` bytes after it.
fn read(path: &Path, body_cap: usize) -> io::Result<(Vec<u8>, bool, Vec<u8>)> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut headers = Vec::new();
    let mut block = (&mut reader).take(HEADER_CAP as u64 + 1);
    let mut line = Vec::new();
    loop {
        line.clear();
        if block.read_until(b'\n', &mut line)? == 0 || line == b"\n" || line == b"\r\n" {
            break;
        }
        headers.extend_from_slice(&line);
    }
    let cut = headers.len() > HEADER_CAP;
    headers.truncate(HEADER_CAP);
    let mut body = Vec::new();
    if body_cap > 0 {
        reader.take(body_cap as u64).read_to_end(&mut body)?;
    }
    Ok((headers, cut, body))
}
