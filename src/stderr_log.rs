//! Kith's log records as lines on standard error, `kith: warning: ...`: the one logger that
//! the `kith` CLI and the desktop app install when they start ([`install`]). The core only
//! emits records through the `log` crate; it never installs a logger itself.
//!
//! Only Kith's own records (targets `kith`, `kith_app`...) of level warning and above are
//! written, each on one line: control characters in a message are escaped.

use std::io::Write;

#[derive(Debug)]
struct StderrLog;

impl log::Log for StderrLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn && metadata.target().starts_with("kith")
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let word = match record.level() {
            log::Level::Error => "error",
            _ => "warning",
        };
        let _ = writeln!(
            std::io::stderr().lock(),
            "kith: {word}: {}",
            escape_controls(&record.args().to_string())
        );
    }

    fn flush(&self) {}
}

/// `text` with line breaks and other control characters escaped (`\n`), so that it stays on
/// one line (the CLI's error lines use it too).
pub fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Sends Kith's log records to standard error from now on (the first call does; later calls,
/// or a logger installed before, leave things as they are).
pub fn install() {
    static LOG: StderrLog = StderrLog;
    if log::set_logger(&LOG).is_ok() {
        log::set_max_level(log::LevelFilter::Warn);
    }
}
