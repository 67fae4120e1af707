//! `kith import`, `kith export` and `kith merge`.

use std::io::Write;

use anyhow::Context;
use kith::io::{ExportFormat, ImportFormat, ImportPlan, PlanAction};
use kith::model::{ContactInput, MergeField};
use kith::Error;

use crate::cli::{ExportArgs, ImportArgs, ImportCommand};
use crate::output::line;
use crate::Ctx;

pub fn import(ctx: &mut Ctx, args: ImportArgs) -> anyhow::Result<()> {
    match args.action {
        Some(ImportCommand::List) => return import_list(ctx),
        Some(ImportCommand::Undo { id }) => return import_undo(ctx, id),
        None => {}
    }
    let Some(file) = args.file else {
        anyhow::bail!("kith import needs a FILE (or `list`, `undo ID`)");
    };
    let format = args.format;
    if format == Some(ImportFormat::Interactions) {
        return crate::import::interactions(ctx, &file, args.dry_run);
    }
    let plan = if args.dry_run {
        ctx.store
            .plan_import_file_with(&file, format, &args.decisions, ctx.now)?
    } else {
        ctx.store
            .import_file_with(&file, format, &args.decisions, ctx.now, &mut |_, _| {})?
    };
    if ctx.json {
        return ctx.print_json(&plan);
    }
    print_plan(ctx, &plan, args.dry_run)
}

fn print_plan(ctx: &mut Ctx, plan: &ImportPlan, dry_run: bool) -> anyhow::Result<()> {
    let out = &mut ctx.out;
    let format = plan.format.to_string();
    if plan.format == ImportFormat::Json {
        let rows: u64 = plan.tables.iter().map(|t| t.rows).sum();
        writeln!(
            out,
            "{format}: {} {} contacts and {} interactions ({rows} rows in {} tables){}",
            if dry_run { "would restore" } else { "restored" },
            plan.created,
            plan.interactions,
            plan.tables.len(),
            if dry_run {
                " (dry run: nothing written)"
            } else {
                ""
            }
        )?;
        return Ok(());
    }
    let (would, verb) = if dry_run {
        ("would ", " (dry run: nothing written)")
    } else {
        ("", "")
    };
    writeln!(
        out,
        "{format}: {would}create {}, {would}merge {}, {} already known, {} left out{verb}",
        plan.created,
        plan.merged,
        plan.unchanged,
        plan.skipped.len()
    )?;
    if let Some(id) = plan.import_id {
        writeln!(
            out,
            "  recorded as import {id} (`kith import undo {id}` takes it back)"
        )?;
    }
    for item in &plan.items {
        if !dry_run && item.action == PlanAction::Create && !item.possible {
            continue;
        }
        let action = item.action.to_string();
        let mut s = format!("  {action:<6}  line {:<6} {}", item.line, line(&item.name));
        if item.action != PlanAction::Create || item.possible {
            s.push_str(&format!(": {}", line(&item.reason)));
        }
        if !item.changes.is_empty() {
            s.push_str(&format!("; adds {}", line(&item.changes.join(", "))));
        }
        writeln!(out, "{s}")?;
    }
    for skip in &plan.skipped {
        let mut s = format!("  left out  line {:<6}", skip.line);
        if let Some(name) = &skip.name {
            s.push_str(&format!(" {}", line(name)));
        }
        if let Some(field) = &skip.field {
            s.push_str(&format!(" [{}]", line(field)));
        }
        s.push_str(&format!(": {}", line(&skip.reason)));
        writeln!(out, "{s}")?;
    }
    for note in &plan.notes {
        writeln!(out, "  note: {}", line(note))?;
    }
    Ok(())
}

pub fn export(ctx: &mut Ctx, args: ExportArgs) -> anyhow::Result<()> {
    let format = args.format;
    let ids = if args.contacts.is_empty() {
        None
    } else {
        if format != ExportFormat::Vcard {
            return Err(Error::invalid(
                "contact",
                "--contact selects contacts for a vCard export only",
            )
            .into());
        }
        let mut ids = Vec::new();
        for c in &args.contacts {
            ids.push(ctx.contact(c)?.id);
        }
        Some(ids)
    };
    match &args.output {
        Some(path) => {
            let report = ctx
                .store
                .export_to_file(format, ids.as_deref(), path, ctx.now)?;
            ctx.print(&report, |out| {
                writeln!(
                    out,
                    "wrote {} ({} {}, {} bytes)",
                    report.path,
                    report.count,
                    match format {
                        ExportFormat::Vcard => "contacts",
                        ExportFormat::Ics => "events",
                        ExportFormat::Json => "rows",
                    },
                    report.bytes
                )
            })?;
        }
        None => {
            let (bytes, _) = ctx.store.export(format, ids.as_deref(), ctx.now)?;
            ctx.out.write_all(&bytes).context("writing the export")?;
        }
    }
    Ok(())
}

pub fn merge(
    ctx: &mut Ctx,
    keep: &str,
    other: &str,
    take: &[MergeField],
    dry_run: bool,
) -> anyhow::Result<()> {
    let keep = ctx.contact(keep)?;
    let other = ctx.contact(other)?;
    if dry_run {
        let before = ContactInput::from_contact(&ctx.store.get_contact(keep.id)?);
        let merged = ctx.store.preview_merge(keep.id, other.id, take, ctx.now)?;
        if ctx.json {
            return ctx.print_json(&merged);
        }
        let after = ContactInput::from_contact(&merged);
        let mut gains = before.clone().merge_from(&ContactInput::from_contact(
            &ctx.store.get_contact(other.id)?,
        ));
        for &field in take {
            if let (Some(was), Some(now)) = (before.field_text(field), after.field_text(field)) {
                if was != now {
                    gains.push(format!("{field} {now} instead of {was}"));
                }
            }
        }
        if gains.is_empty() {
            gains.push("nothing new".into());
        }
        writeln!(
            ctx.out,
            "would merge {} (id {}) into {} (id {}); {} would gain: {}\nnothing written (--dry-run)",
            line(&other.name),
            other.id,
            line(&before.name),
            keep.id,
            line(&before.name),
            gains.join(", ")
        )?;
        return Ok(());
    }
    let merged = ctx.store.merge_contacts(keep.id, other.id, take, ctx.now)?;
    ctx.print(&merged, |out| {
        writeln!(
            out,
            "merged {} (id {}) into {} (id {})",
            line(&other.name),
            other.id,
            line(&merged.name),
            merged.id
        )
    })
}

pub fn unmerge(ctx: &mut Ctx, contact: &str) -> anyhow::Result<()> {
    let contact = ctx.contact(contact)?;
    let unmerged = ctx.store.unmerge_contact(contact.id, ctx.now)?;
    ctx.print(&unmerged, |out| {
        writeln!(
            out,
            "unmerged {} (id {}) from {} (id {})",
            line(&unmerged.restored.name),
            unmerged.restored.id,
            line(&unmerged.kept.name),
            unmerged.kept.id
        )
    })
}

fn import_list(ctx: &mut Ctx) -> anyhow::Result<()> {
    let imports = ctx.store.list_imports()?;
    ctx.print_list(&imports, "no imports yet", |out, i| {
        writeln!(
            out,
            "{:>4}  {}  {:<11} created {}, merged {}  {}{}",
            i.id,
            i.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            i.format,
            i.created,
            i.merged,
            line(&i.path),
            match i.undone_at {
                Some(at) => format!(
                    "  (undone {})",
                    at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M")
                ),
                None => String::new(),
            }
        )
    })
}

fn import_undo(ctx: &mut Ctx, id: i64) -> anyhow::Result<()> {
    let undo = ctx.store.undo_import(id, ctx.now)?;
    if ctx.json {
        return ctx.print_json(&undo);
    }
    let names = |list: &[kith::model::ContactRef]| {
        list.iter()
            .map(|c| line(&c.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        ctx.out,
        "import {id} undone: {} moved to the trash, {} restored",
        undo.trashed.len(),
        undo.restored.len()
    )?;
    if !undo.trashed.is_empty() {
        writeln!(ctx.out, "  to the trash: {}", names(&undo.trashed))?;
    }
    if !undo.restored.is_empty() {
        writeln!(ctx.out, "  restored: {}", names(&undo.restored))?;
    }
    for why in &undo.kept {
        writeln!(ctx.out, "  not undone: {}", line(why))?;
    }
    Ok(())
}
