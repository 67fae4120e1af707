//! `kith import FILE --format FORMAT [--dry-run]`: bring a file in, all or nothing.
//!
//! `--format interactions` (a CSV of interactions, see `kith::io::interactions_csv`) prints
//! `imported N interactions (M new contacts, K existing)` — `would import` with
//! `--dry-run` — or the `ImportReport` as JSON. A bad file writes nothing; the error names
//! each bad line and column (`line 7, when: ...`). Times without an offset are this
//! machine's local time.

use std::io::Write;

use kith::Error;

use crate::cli::{ImportArgs, ImportFormat};
use crate::{parse, Ctx};

pub fn run(ctx: &mut Ctx, args: ImportArgs) -> anyhow::Result<()> {
    let data = std::fs::read(&args.file).map_err(|e| Error::Io {
        path: args.file.display().to_string(),
        message: e.to_string(),
    })?;
    match args.format {
        ImportFormat::Interactions => {
            let offset = parse::local_offset(ctx.now);
            let report = ctx
                .store
                .import_interactions_csv(&data, offset, args.dry_run, ctx.now)?;
            if ctx.json {
                return ctx.print_json(&report);
            }
            let verb = if report.dry_run {
                "would import"
            } else {
                "imported"
            };
            writeln!(
                ctx.out,
                "{verb} {} interactions ({} new contacts, {} existing)",
                report.interactions_created, report.contacts_created, report.contacts_matched
            )?;
            if !report.ignored_columns.is_empty() {
                writeln!(
                    ctx.out,
                    "ignored columns: {}",
                    report.ignored_columns.join(", ")
                )?;
            }
        }
    }
    Ok(())
}
