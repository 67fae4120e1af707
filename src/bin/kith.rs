//! `kith`: the command-line interface over the same core as the desktop app.
//!
//! The verbs, flags and `--json` shapes are a contract scripts rely on: extend, never rename.
//! Global flags (`--db`, `--json`) are accepted before or after the subcommand. On failure it
//! prints one line, `kith: error: ...` (or a JSON object on stderr with `--json`), and exits
//! with status 1; usage errors exit with status 2.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use kith::model::{Contact, ContactQuery, NewContact};
use kith::{Error, Store};

#[derive(Debug, Parser)]
#[command(
    name = "kith",
    version,
    about = "Kith: a private CRM for the people you know"
)]
struct Cli {
    /// Database file (default: $KITH_DB, else ~/.local/share/kith/kith.db).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add, list and show contacts.
    #[command(subcommand)]
    Contact(ContactCommand),
}

#[derive(Debug, Subcommand)]
enum ContactCommand {
    /// Add a contact.
    Add(AddArgs),
    /// List contacts, sorted by name.
    List {
        /// Show at most N contacts (default: all).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        limit: Option<u32>,
        /// Skip the first N contacts.
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: u32,
    },
    /// Show one contact.
    Show {
        /// The contact's id.
        id: i64,
    },
}

#[derive(Debug, Args)]
struct AddArgs {
    /// Full name, as you would write it.
    name: String,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    role: Option<String>,
    #[arg(long)]
    email: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err, json);
            ExitCode::FAILURE
        }
    }
}

fn report(err: &anyhow::Error, json: bool) {
    let mut stderr = std::io::stderr().lock();
    let _ = if json {
        // Failures outside the core (writing to a closed pipe, ...) get a type too, so scripts
        // can always read `.error.type`.
        let error = match err.downcast_ref::<Error>() {
            Some(core) => serde_json::to_value(core).unwrap_or_default(),
            None => {
                serde_json::json!({ "type": "other", "data": { "message": format!("{err:#}") } })
            }
        };
        let value = serde_json::json!({ "error": error, "message": format!("{err:#}") });
        writeln!(stderr, "{value}")
    } else {
        writeln!(stderr, "kith: error: {err:#}")
    };
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let path = kith::store::resolve_path(cli.db)?;
    let mut store = Store::open(&path)?;
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::Contact(ContactCommand::Add(args)) => {
            let input = NewContact {
                name: args.name,
                company: args.company,
                role: args.role,
                email: args.email,
            };
            let contact = store.add_contact(input, chrono::Utc::now())?;
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&contact)?)?;
            } else {
                writeln!(out, "added contact {}: {}", contact.id, describe(&contact))?;
            }
        }
        Command::Contact(ContactCommand::List { limit, offset }) => {
            let contacts = list(&store, limit, offset)?;
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&contacts)?)?;
            } else {
                for c in &contacts {
                    writeln!(out, "{:>6}  {}", c.id, describe(c))?;
                }
            }
        }
        Command::Contact(ContactCommand::Show { id }) => {
            let c = store.get_contact(id)?;
            if cli.json {
                writeln!(out, "{}", serde_json::to_string(&c)?)?;
            } else {
                writeln!(out, "{}", c.name)?;
                for (label, value) in [
                    ("company", &c.company),
                    ("role", &c.role),
                    ("email", &c.email),
                ] {
                    if let Some(v) = value {
                        writeln!(out, "  {label}: {v}")?;
                    }
                }
                writeln!(
                    out,
                    "  id: {}  added: {}",
                    c.id,
                    c.created_at.format("%Y-%m-%d")
                )?;
            }
        }
    }
    Ok(())
}

/// Every contact from `offset` on, at most `limit`, fetched page by page.
fn list(store: &Store, limit: Option<u32>, offset: u32) -> kith::Result<Vec<Contact>> {
    let mut contacts = Vec::new();
    let mut next = offset;
    loop {
        let want = limit.map_or(ContactQuery::MAX_LIMIT, |l| {
            (l - contacts.len() as u32).min(ContactQuery::MAX_LIMIT)
        });
        if want == 0 {
            break;
        }
        let page = store.list_contacts(ContactQuery {
            limit: want,
            offset: next,
        })?;
        let got = page.items.len() as u32;
        contacts.extend(page.items);
        next += got;
        if got < want {
            break;
        }
    }
    Ok(contacts)
}

fn describe(c: &Contact) -> String {
    let mut s = c.name.clone();
    match (&c.role, &c.company) {
        (Some(r), Some(co)) => s.push_str(&format!(" ({r}, {co})")),
        (Some(x), None) | (None, Some(x)) => s.push_str(&format!(" ({x})")),
        (None, None) => {}
    }
    if let Some(e) = &c.email {
        s.push_str(&format!(" <{e}>"));
    }
    s
}
