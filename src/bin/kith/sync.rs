//! `kith sync setup|now|status|conflicts|pause|resume|leave`.
//!
//! `setup FOLDER [--device NAME] [--key KEY]` prints this device's name and id, the recovery
//! key of a new folder (once: the person keeps it), then what the first pass did; `now`
//! prints what a pass did (`sent N, received N changes; N rows written…`); `status` prints
//! the folder, each device with what is applied from it, and the counts of changes waiting
//! and conflicts; `conflicts` prints one conflict a line (`ID  SUMMARY`); `conflicts keep ID
//! other` puts the replaced value back and prints the conflict it undid. With `--json`:
//! `SyncSetupReport`, `SyncReport`, `SyncStatus`, an array of `SyncConflict`, and the
//! `SyncConflict` undone.

use std::io::Write;

use kith::model::SyncReport;

use crate::cli::{ConflictAction, SyncCommand};
use crate::Ctx;

pub fn run(ctx: &mut Ctx, cmd: SyncCommand) -> anyhow::Result<()> {
    match cmd {
        SyncCommand::Setup {
            folder,
            device,
            key,
        } => setup(ctx, &folder, device, key.as_deref())?,
        SyncCommand::Now => {
            let report = ctx.store.sync_now(ctx.now)?;
            if ctx.json {
                return ctx.print_json(&report);
            }
            print_report(&mut ctx.out, &report)?;
        }
        SyncCommand::Status => status(ctx)?,
        SyncCommand::Conflicts { action: None } => {
            let conflicts = ctx.store.sync_conflicts()?;
            if ctx.json {
                return ctx.print_json(&conflicts);
            }
            if conflicts.is_empty() {
                writeln!(ctx.out, "no conflicts")?;
            }
            for c in &conflicts {
                writeln!(ctx.out, "{}  {}", c.id, c.summary)?;
            }
        }
        SyncCommand::Conflicts {
            action: Some(ConflictAction::Keep { id, .. }),
        } => {
            let undone = ctx.store.sync_keep_other(&id)?;
            if ctx.json {
                return ctx.print_json(&undone);
            }
            writeln!(
                ctx.out,
                "{}'s {} is {} again (it goes to your other devices on the next pass)",
                undone.record, undone.field, undone.replaced
            )?;
        }
        SyncCommand::Pause => {
            ctx.store.sync_pause(true)?;
            writeln!(ctx.out, "sync paused on this device")?;
        }
        SyncCommand::Resume => {
            ctx.store.sync_pause(false)?;
            writeln!(ctx.out, "sync resumed on this device")?;
        }
        SyncCommand::Leave => {
            ctx.store.sync_leave()?;
            writeln!(
                ctx.out,
                "sync is off on this device; its data is all here, and the folder was not touched"
            )?;
        }
    }
    Ok(())
}

/// `sync setup FOLDER [--device NAME] [--key KEY]`.
fn setup(
    ctx: &mut Ctx,
    folder: &std::path::Path,
    device: Option<String>,
    key: Option<&str>,
) -> anyhow::Result<()> {
    let name = device.unwrap_or_else(default_device_name);
    let report = ctx.store.sync_setup(folder, &name, key, ctx.now)?;
    if ctx.json {
        return ctx.print_json(&report);
    }
    let out = &mut ctx.out;
    if report.joined {
        writeln!(
            out,
            "joined {} as \"{}\" ({})",
            report.folder, report.name, report.device
        )?;
    } else {
        writeln!(
            out,
            "set up {} for sync as \"{}\" ({})",
            report.folder, report.name, report.device
        )?;
    }
    if let Some(key) = &report.recovery_key {
        writeln!(out, "recovery key: {key}")?;
        writeln!(
            out,
            "Keep it somewhere safe: every other device needs it to join, and it is \
                     shown only now."
        )?;
    }
    print_report(out, &report.first_pass)?;
    Ok(())
}

/// `sync status`.
fn status(ctx: &mut Ctx) -> anyhow::Result<()> {
    let status = ctx.store.sync_status()?;
    if ctx.json {
        return ctx.print_json(&status);
    }
    let out = &mut ctx.out;
    if !status.set_up {
        writeln!(out, "sync is not set up: run `kith sync setup FOLDER`")?;
        return Ok(());
    }
    writeln!(
        out,
        "folder: {}{}",
        status.folder.unwrap_or_default(),
        if status.paused { " (paused)" } else { "" }
    )?;
    for d in &status.devices {
        let name = d
            .name
            .clone()
            .unwrap_or_else(|| "(name not known yet)".into());
        if d.this_device {
            writeln!(
                out,
                "  {name} (this device, {}): {} changes written out",
                d.device, d.applied
            )?;
        } else {
            writeln!(
                out,
                "  {name} ({}): {} changes applied here",
                d.device, d.applied
            )?;
        }
    }
    writeln!(
        out,
        "{} changes of this device waiting to be written out; {} conflicts; {} records \
                 waiting for others; {} changes kept for a newer version",
        status.pending, status.conflicts, status.waiting, status.held
    )?;
    if let Some(error) = status.last_error {
        writeln!(out, "the last pass failed: {error}")?;
    }
    Ok(())
}

fn print_report(out: &mut impl Write, r: &SyncReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "sent {} changes, received {}; {} records written, {} deleted, {} waiting for others",
        r.sent, r.received, r.rows_written, r.rows_deleted, r.rows_waiting
    )?;
    if r.held > 0 {
        writeln!(
            out,
            "{} changes from a newer version of Kith are kept until this one is upgraded",
            r.held
        )?;
    }
    if r.retry_later > 0 {
        writeln!(
            out,
            "{} files are not complete yet; they are read on a later pass",
            r.retry_later
        )?;
    }
    for s in &r.skipped {
        writeln!(out, "skipped {s}")?;
    }
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

/// This computer's name, or "this computer".
fn default_device_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this computer".into())
}
