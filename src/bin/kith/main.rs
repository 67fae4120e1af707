//! `kith`: the command-line interface over the same core as the desktop app.
//!
//! The verbs, flags and `--json` shapes are a contract scripts rely on: extend, never rename
//! (see `cli.rs` for all of them, and `kith --help`). Global flags (`--db`, `--json`) are
//! accepted before or after the subcommand. Text goes to stdout; with `--json` each verb
//! prints one JSON value (the core's types, camelCase). On failure it prints one line,
//! `kith: error: ...` (or a JSON object on stderr with `--json`, see `errors.rs`), writes
//! nothing, and exits with status 1; usage errors exit with status 2.
//!
//! The CLI holds no SQL and no business rules: each verb parses its arguments, resolves
//! contact names with `Store::resolve_contact`, and calls the `Store` methods of `kith::ops`.
//! The clock is read once, here, and `now` is passed down. A dry run (`import --dry-run`)
//! writes nothing at all: it works on `Store::open_dry_run`, and takes no daily backup.
//! `backup` and `agent` run before the database is opened (they must work without one).

mod agent;
mod ask;
mod backup;
mod brief;
mod capture;
mod cli;
mod contact;
mod duplicates;
mod engine;
mod errors;
mod import;
mod interaction;
mod interest;
mod io;
mod notify;
mod output;
mod parse;
mod relation;
mod remind;
mod review;
mod search;
mod settings;
mod sync;
mod trash;

use std::io::{StdoutLock, Write};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Parser;
use kith::model::ContactRef;
use kith::{Error, Store};
use serde::Serialize;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    kith::stderr_log::install();
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if errors::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            errors::report(&err, json);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let now = Utc::now();
    // Named by --db or $KITH_DB (not the default): a timer must name it too.
    let named =
        cli.db.is_some() || std::env::var_os(kith::store::DB_ENV).is_some_and(|p| !p.is_empty());
    let path = kith::store::resolve_path(cli.db)?;
    if let Command::Backup(cmd) = cli.command {
        // Before opening: listing and recovering must work on a database that cannot be opened.
        return backup::run(&path, now, cli.json, cmd);
    }
    if let Command::Agent(cmd) = cli.command {
        // Opens the database only when it needs the settings: uninstalling creates none.
        let pass_db = if named {
            Some(std::path::absolute(&path)?)
        } else {
            None
        };
        return agent::run(&path, pass_db.as_deref(), now, cli.json, cmd);
    }
    if cli.command.is_dry_run() {
        // Nothing at all is written: no file, no trash purge, no daily backup, no calendar.
        let mut ctx = Ctx::new(Store::open_dry_run(&path)?, now, cli.json);
        dispatch(&mut ctx, cli.command)?;
        ctx.out.flush()?;
        return Ok(());
    }
    let mut store = Store::open_with(&path, kith::store::Check::Daily, now)?;
    store.purge_expired_trash(now)?;
    store.infer_default_region(&kith::ops::system_locale())?;
    let changes_before = store.total_changes();
    // The daily backup, as the app takes it: a CLI-only user is covered too.
    if let Err(err) = kith::backup::backup_if_due(&path, now) {
        errors::warn(&format!("the daily backup failed: {err}"));
    }
    let mut ctx = Ctx::new(store, now, cli.json);
    dispatch(&mut ctx, cli.command)?;
    ctx.out.flush()?;
    // The calendar file the app keeps beside the database stays current after CLI edits too
    // (only once the app has created it).
    if ctx.store.calendar_path().is_some_and(|p| p.exists()) {
        ctx.store.refresh_calendar(Some(changes_before), ctx.now)?;
    }
    Ok(())
}

/// Runs the verb of `command` (any but `backup`, which runs before the store is opened).
fn dispatch(ctx: &mut Ctx, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Contact(cmd) => contact::run(ctx, cmd)?,
        Command::Log(args) => interaction::log(ctx, args)?,
        Command::Timeline(args) => interaction::timeline(ctx, args)?,
        Command::Interaction(cmd) => interaction::run(ctx, cmd)?,
        Command::Interest(cmd) => interest::run(ctx, cmd)?,
        Command::Ask(cmd) => ask::run(ctx, cmd)?,
        Command::Relation(cmd) => relation::run(ctx, cmd)?,
        Command::Relate(args) => relation::relate(ctx, args)?,
        Command::Unrelate { a, b, role } => relation::unrelate(ctx, &a, &b, role)?,
        Command::Search(args) => search::run(ctx, args)?,
        Command::Trash(cmd) => trash::run(ctx, cmd)?,
        Command::Import(args) => io::import(ctx, args)?,
        Command::Export(args) => io::export(ctx, args)?,
        Command::Merge {
            keep,
            other,
            dry_run,
            take,
        } => io::merge(ctx, &keep, &other, &take, dry_run)?,
        Command::Unmerge { contact } => io::unmerge(ctx, &contact)?,
        Command::Duplicates { limit } => duplicates::list(ctx, limit)?,
        Command::NotDuplicate { a, b } => duplicates::not_duplicate(ctx, &a, &b)?,
        Command::Backup(_) | Command::Agent(_) => {
            unreachable!("handled before the store is opened")
        }
        Command::Sync(cmd) => sync::run(ctx, cmd)?,
        Command::Notify(args) => notify::run(ctx, args)?,
        Command::Today(args) => engine::today(ctx, args)?,
        Command::Health(args) => engine::health(ctx, args)?,
        Command::HelpOpportunities(args) => engine::help(ctx, args)?,
        Command::Introductions(args) => engine::introductions(ctx, args)?,
        Command::Upcoming(args) => brief::upcoming(ctx, args)?,
        Command::Brief(args) => brief::brief(ctx, args)?,
        Command::Remind(cmd) => remind::run(ctx, cmd)?,
        Command::Review(args) => review::run(ctx, args)?,
        Command::Settings { action } => settings::run(ctx, action)?,
        Command::Source(cmd) => capture::source(ctx, cmd)?,
        Command::Unknown(args) => capture::unknown(ctx, args)?,
        Command::Me(cmd) => capture::me(ctx, cmd)?,
        Command::Seed(args) | Command::Dev(cli::DevCommand::Seed(args)) => {
            let opts = kith::ops::SeedOptions {
                contacts: args.contacts,
                interactions: args.interactions,
                seed: args.seed,
            };
            let report = ctx.store.seed(opts, ctx.now)?;
            ctx.print(&report, |out| {
                writeln!(
                    out,
                    "added {} contacts and {} interactions",
                    report.contacts, report.interactions
                )
            })?;
        }
    }
    Ok(())
}

/// What every verb works with: the open store, the time of this run, the output mode.
#[derive(Debug)]
pub struct Ctx {
    pub store: Store,
    pub now: DateTime<Utc>,
    pub json: bool,
    pub out: StdoutLock<'static>,
}

impl Ctx {
    fn new(store: Store, now: DateTime<Utc>, json: bool) -> Self {
        Self {
            store,
            now,
            json,
            out: std::io::stdout().lock(),
        }
    }

    /// "Now" for the engine: `--as-of` if given (see `parse::as_of`), else the time of this
    /// run, with this machine's UTC offset at that moment.
    pub fn engine_now(&self, as_of: Option<&str>) -> anyhow::Result<kith::engine::Now> {
        let at = match as_of {
            Some(text) => parse::as_of("--as-of", text)?,
            None => self.now,
        };
        Ok(kith::engine::Now {
            at,
            offset: parse::local_offset(at),
        })
    }

    /// Prints `value` as one line of JSON.
    pub fn print_json<T: Serialize>(&mut self, value: &T) -> anyhow::Result<()> {
        writeln!(self.out, "{}", serde_json::to_string(value)?)?;
        Ok(())
    }

    /// With `--json`, prints `value` as one line of JSON; else what `text` writes.
    pub fn print<T: Serialize>(
        &mut self,
        value: &T,
        text: impl FnOnce(&mut StdoutLock<'static>) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        if self.json {
            return self.print_json(value);
        }
        text(&mut self.out)?;
        Ok(())
    }

    /// With `--json`, prints `items` as one line of JSON; else `none` when there are none,
    /// and each item as `line` writes it.
    pub fn print_list<T: Serialize>(
        &mut self,
        items: &[T],
        none: &str,
        line: impl Fn(&mut StdoutLock<'static>, &T) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        self.print(&items, |out| {
            if items.is_empty() {
                writeln!(out, "{none}")?;
            }
            items.iter().try_for_each(|item| line(out, item))
        })
    }

    /// The contact a CONTACT argument names: `me` (created on first use), an id, or an
    /// unambiguous name. An id that names no live contact is "no contact with id N".
    pub fn contact(&mut self, text: &str) -> anyhow::Result<ContactRef> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            // A blank name would start every name: it names no one.
            return Err(Error::NoMatch {
                entity: "contact".into(),
                query: String::new(),
            }
            .into());
        }
        if trimmed.eq_ignore_ascii_case("me") {
            let me = self.store.me(self.now)?;
            return Ok(ContactRef {
                id: me.id,
                name: me.name,
            });
        }
        match (self.store.resolve_contact(trimmed), trimmed.parse::<i64>()) {
            (Err(Error::NoMatch { .. }), Ok(id)) => Err(Error::NotFound {
                entity: "contact".into(),
                id,
            }
            .into()),
            (found, _) => Ok(found?),
        }
    }
}
