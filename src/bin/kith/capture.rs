//! `kith source`, `kith unknown` and `kith me address`: the files Kith reads interactions
//! from (calendars, mailboxes, phone and chat exports), the queue of people you write to,
//! call or meet who are not in Kith, your own addresses.
//!
//! Addresses are printed as people read them (`kith::ops::readable_address`: a number as the
//! number, a chat name as "Ana Ruiz (WhatsApp)") and taken back in that form or any other
//! (`kith::ops::parse_address`); `--json` keeps capture's own form (`tel:+44…`,
//! `whatsapp:Ana Ruiz`).
//!
//! Output: `source add|scan` print what the read brought (`ScanReport` with `--json`);
//! `source list` one line per source (`Source[]`); `source found` one line per mail folder or
//! calendar of Thunderbird or Evolution found in their usual places (`FoundSource[]`); `unknown` one line per address, most
//! recent first (`Unknown[]`); `unknown add|link` the contact (`Contact`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use kith::engine::health::plural;
use kith::model::{ScanReport, Source, SourceKind, Unknown};
use kith::ops::{readable_address, AddSource};

use crate::cli::model_enum;
use crate::errors::WithFlags;
use crate::output::{line, local_date};
use crate::Ctx;

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Read a calendar (.ics), a mailbox (mbox file, Maildir folder) or a phone or chat export
    /// (SMS Backup & Restore, WhatsApp, Telegram, LinkedIn messages, signal-export) and keep reading it as it
    /// grows or is replaced by a newer export. Shows what it found; with --dry-run nothing is
    /// kept.
    Add {
        /// The file or folder.
        path: PathBuf,
        /// What it is (by default: a folder with cur/ or new/ is a Maildir, one of
        /// signal-export's a Signal export; calls-*.xml and sms-*.xml a phone backup; a
        /// WhatsApp chat .txt or .zip; a Telegram result.json; LinkedIn's messages.csv; a .ics
        /// or other .zip file a calendar; any other file an mbox).
        #[arg(long, value_parser = model_enum::<SourceKind>(&[]))]
        kind: Option<SourceKind>,
        /// Show what it would bring, and keep nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also keep what its messages say (by default only who, when and the subject; of
        /// phone and chat messages the first 500 characters).
        #[arg(long)]
        keep_text: bool,
        /// In a chat export: your name (or number, Telegram id, LinkedIn profile URL) as the
        /// file writes it.
        #[arg(long, value_name = "NAME")]
        me: Option<String>,
        /// In a WhatsApp export whose dates read both ways: day first (dmy) or month first
        /// (mdy).
        #[arg(long, value_parser = ["dmy", "mdy"])]
        date_order: Option<String>,
    },
    /// The sources: what each is, when it was last read, what it brought and skipped.
    List,
    /// Read a source again (every source without ID): only what is new since the last read.
    Scan {
        /// The source's id (`kith source list`).
        id: Option<i64>,
    },
    /// Keep what a source's messages say from its next read on (`on`), or stop and erase what
    /// was kept (`off`).
    Text {
        id: i64,
        #[arg(value_parser = ["on", "off"])]
        keep: String,
    },
    /// The Thunderbird and Evolution mail folders and calendars in their usual places, to
    /// add with `kith source add PATH`. Only lists them (names and sizes): nothing is read.
    Found,
    /// Stop reading a source. What it brought stays, unless --forget.
    Rm {
        id: i64,
        /// Also move the interactions it made to the trash.
        #[arg(long)]
        forget: bool,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct UnknownArgs {
    #[command(subcommand)]
    pub action: Option<UnknownCommand>,
    /// Also list addresses that only wrote to you, or that only you wrote to.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum UnknownCommand {
    /// Add the person behind ADDRESS (an email, a number, a name as listed: "Ana (WhatsApp)")
    /// as a new contact; their past emails, messages, calls and meetings attach.
    Add {
        address: String,
        /// Their name (by default, the name their mail or messages give).
        #[arg(long)]
        name: Option<String>,
    },
    /// Add ADDRESS to CONTACT (a chat name is remembered as theirs); their past emails,
    /// messages, calls and meetings attach.
    Link { address: String, contact: String },
    /// Never offer ADDRESS again.
    Ignore { address: String },
}

#[derive(Debug, Subcommand)]
pub enum MeCommand {
    /// Your own email addresses: they tell which messages you wrote.
    #[command(subcommand)]
    Address(MeAddressCommand),
}

#[derive(Debug, Subcommand)]
pub enum MeAddressCommand {
    /// Add one of your addresses.
    Add { email: String },
    /// List your addresses.
    List,
}

fn source_line(s: &Source) -> String {
    let read = s.read_at.map_or_else(
        || "never read".to_owned(),
        |t| format!("read {}", local_date(t)),
    );
    let status = match &s.message {
        Some(m) => format!("  {}: {}", s.status, line(m)),
        None => String::new(),
    };
    let text = if s.keep_text {
        ", keeps what messages say"
    } else {
        ""
    };
    let me =
        s.me.as_deref()
            .map(|m| format!(", you are {}", line(m)))
            .unwrap_or_default();
    format!(
        "{:>3}  {:<7} {}  {read}, {} read, {} new, {}{text}{me}{status}",
        s.id,
        s.kind.as_ref(),
        line(&s.path),
        plural(s.totals.read, "item", "items"),
        s.totals.new_items,
        plural(s.totals.interactions, "interaction", "interactions")
    )
}

fn print_report(ctx: &mut Ctx, r: &ScanReport) -> anyhow::Result<()> {
    ctx.print(r, |out| {
        let verb = if r.committed {
            "read"
        } else {
            "would read (nothing kept)"
        };
        writeln!(out, "source {}: {}", r.source.id, line(&r.source.path))?;
        let t = &r.totals;
        writeln!(
            out,
            "{verb} {}: {} new, {} known already, {} {}",
            plural(t.read, "item", "items"),
            t.new_items,
            r.known,
            plural(t.interactions, "interaction", "interactions"),
            if r.committed { "made" } else { "to make" }
        )?;
        for c in &r.contacts {
            let mut counts = Vec::new();
            for (n, one, many) in [
                (c.emails, "email", "emails"),
                (c.meetings, "meeting", "meetings"),
                (c.messages, "message", "messages"),
                (c.calls, "call", "calls"),
            ] {
                if n > 0 {
                    counts.push(plural(n, one, many));
                }
            }
            writeln!(
                out,
                "  {} (id {}): {}",
                line(&c.contact.name),
                c.contact.id,
                counts.join(", ")
            )?;
        }
        for s in &t.skipped {
            writeln!(out, "  skipped {}: {}", s.count, line(&s.reason))?;
        }
        for p in &r.problems {
            writeln!(out, "  problem: {}", line(p))?;
        }
        for u in &r.unknowns {
            writeln!(out, "  not in Kith: {}", unknown_line(u))?;
        }
        Ok(())
    })
}

pub fn source(ctx: &mut Ctx, cmd: SourceCommand) -> anyhow::Result<()> {
    match cmd {
        SourceCommand::Add {
            path,
            kind,
            dry_run,
            keep_text,
            me,
            date_order,
        } => {
            let options = AddSource {
                kind,
                dry_run,
                keep_text,
                me,
                day_first: date_order.map(|o| o == "dmy"),
            };
            let report = ctx
                .store
                .add_source_with(&path, options, ctx.now, &mut |_| true);
            if report.is_err() && ctx.store.me_addresses()?.is_empty() {
                hint_own_addresses(ctx, &path, kind);
            }
            let report = report.flags(&|field| {
                Some(
                    match field {
                        "me" => "--me NAME",
                        "date_order" | "day_first" => "--date-order dmy|mdy",
                        "kind" => "--kind",
                        _ => return None,
                    }
                    .to_owned(),
                )
            })?;
            print_report(ctx, &report)
        }
        SourceCommand::List => {
            let list = ctx.store.list_sources()?;
            ctx.print_list(
                &list,
                "no sources: add one with `kith source add PATH`",
                |out, s| writeln!(out, "{}", source_line(s)),
            )
        }
        SourceCommand::Found => found(ctx),
        SourceCommand::Scan { id: Some(id) } => {
            let report = ctx.store.scan_source(id, ctx.now, &mut |_| true)?;
            print_report(ctx, &report)
        }
        SourceCommand::Scan { id: None } => {
            let reports = ctx.store.scan_sources(None, ctx.now, &mut |_| true)?;
            if ctx.json {
                return ctx.print(&reports, |_| Ok(()));
            }
            for r in &reports {
                print_report(ctx, r)?;
            }
            if reports.is_empty() {
                ctx.print(&(), |out| writeln!(out, "no sources to read"))?;
            }
            Ok(())
        }
        SourceCommand::Text { id, keep } => {
            let s = ctx.store.set_source_keep_text(id, keep == "on")?;
            let text = if s.keep_text {
                format!("source {id}: what its messages say is kept from its next read on")
            } else {
                format!("source {id}: what its messages say is not kept (what was kept is erased)")
            };
            ctx.print(&s, |out| writeln!(out, "{text}"))
        }
        SourceCommand::Rm { id, forget } => {
            let s = ctx.store.remove_source(id, forget, ctx.now)?;
            let text = if forget {
                format!("source {id} removed; what it brought is in the trash")
            } else {
                format!("source {id} removed; what it brought stays")
            };
            ctx.print(&s, |out| writeln!(out, "{text}"))
        }
    }
}

/// For a first source refused because Kith does not know the person's addresses: the ones on
/// most of its messages or events, on stderr (the error itself follows).
fn hint_own_addresses(ctx: &Ctx, path: &std::path::Path, kind: Option<SourceKind>) {
    let Ok((kind, found)) = ctx.store.likely_own_addresses(path, kind, ctx.now) else {
        return;
    };
    let what = match kind {
        SourceKind::Ics => ("event", "events"),
        _ => ("message from people", "messages from people"),
    };
    let mut err = std::io::stderr().lock();
    for a in found {
        let _ = writeln!(
            err,
            "yours? {} is on {} of {}: `kith me address add {}`",
            a.email,
            a.on,
            plural(a.of, what.0, what.1),
            a.email
        );
    }
}

/// An address of the queue: who, how often each way, how recently (and since when).
fn unknown_line(u: &Unknown) -> String {
    let address = readable_address(&u.email);
    let name = u
        .name
        .as_deref()
        .filter(|n| !address.starts_with(*n))
        .map(line)
        .unwrap_or_default();
    // An email address wrote emails; a number or chat name, texts or chat messages.
    let (one, many) = if u.email.contains(':') {
        ("message", "messages")
    } else {
        ("email", "emails")
    };
    let mut parts = Vec::new();
    if u.sent > 0 {
        parts.push(format!("{} from you", plural(u.sent, one, many)));
    }
    if u.received > 0 {
        parts.push(format!("{} to you", plural(u.received, one, many)));
    }
    if u.calls > 0 {
        parts.push(plural(u.calls, "call", "calls"));
    }
    if u.met > 0 {
        parts.push(plural(u.met, "meeting", "meetings"));
    }
    let (first, last) = (local_date(u.first_at), local_date(u.last_at));
    let when = if first == last {
        format!("last {last}")
    } else {
        format!("first {first}, last {last}")
    };
    format!("{}  {name}  {}; {when}", line(&address), parts.join(", "))
}

/// `kith source found`: the candidates under the home folder (`HOME`), each marked when it is
/// a source already.
fn found(ctx: &mut Ctx) -> anyhow::Result<()> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::home_dir)
        .ok_or_else(|| anyhow::anyhow!("HOME is not set: Kith cannot tell where to look"))?;
    let list = kith::ops::found_sources(&home);
    let sources = ctx.store.list_sources()?;
    ctx.print_list(
        &list,
        "no Thunderbird or Evolution mail folders or calendars found in their usual places",
        |out, f| {
            let added = sources
                .iter()
                .find(|s| {
                    std::fs::canonicalize(&f.path).is_ok_and(|p| p.display().to_string() == s.path)
                })
                .map(|s| format!("  (source {} already)", s.id))
                .unwrap_or_default();
            writeln!(
                out,
                "{:<7} {:>9}  {}\n        {}{added}",
                f.kind.as_ref(),
                size(f.bytes),
                line(&f.label),
                line(&f.path)
            )
        },
    )
}

/// A size for people: "812 KB", "1.4 GB".
fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if b < 1e6 {
        format!("{:.0} KB", (b / 1e3).max(1.0))
    } else if b < 1e9 {
        format!("{:.0} MB", b / 1e6)
    } else {
        format!("{:.1} GB", b / 1e9)
    }
}

pub fn unknown(ctx: &mut Ctx, args: UnknownArgs) -> anyhow::Result<()> {
    match args.action {
        None => {
            let list = ctx.store.unknowns(args.all)?;
            let none = if args.all {
                "everyone on your mail, messages, calls and meetings is in Kith"
            } else {
                "no one you both wrote to and heard from, called, or met, is missing from Kith \
                 (--all lists one-way addresses too)"
            };
            ctx.print_list(&list, none, |out, u| writeln!(out, "{}", unknown_line(u)))
        }
        Some(UnknownCommand::Add { address, name }) => {
            let c = ctx.store.add_unknown(&address, name.as_deref(), ctx.now)?;
            let text = format!("added {} (id {})", line(&c.name), c.id);
            ctx.print(&c, |out| writeln!(out, "{text}"))
        }
        Some(UnknownCommand::Link { address, contact }) => {
            let who = ctx.contact(&contact)?;
            let c = ctx.store.link_unknown(&address, who.id, ctx.now)?;
            let text = format!(
                "{} is {}'s now (id {})",
                line(&address),
                line(&c.name),
                c.id
            );
            ctx.print(&c, |out| writeln!(out, "{text}"))
        }
        Some(UnknownCommand::Ignore { address }) => {
            ctx.store.ignore_unknown(&address, ctx.now)?;
            let text = format!("{address} will not be offered again");
            ctx.print(&address, |out| writeln!(out, "{text}"))
        }
    }
}

pub fn me(ctx: &mut Ctx, cmd: MeCommand) -> anyhow::Result<()> {
    match cmd {
        MeCommand::Address(MeAddressCommand::Add { email }) => {
            ctx.store.add_me_address(&email, ctx.now)?;
            let list = ctx.store.me_addresses()?;
            ctx.print_list(&list, "", |out, a| writeln!(out, "{a}"))
        }
        MeCommand::Address(MeAddressCommand::List) => {
            let list = ctx.store.me_addresses()?;
            ctx.print_list(
                &list,
                "no addresses of yours yet: add them with `kith me address add EMAIL`",
                |out, a| writeln!(out, "{a}"),
            )
        }
    }
}
