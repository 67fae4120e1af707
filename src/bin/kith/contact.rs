//! `kith contact add|list|show|edit|rm|restore`.
//!
//! Output: `add`, `edit`, `rm` and `restore` print `<verb> contact ID: NAME (ROLE, COMPANY)
//! <EMAIL>` (or the `Contact` as JSON); `list` prints one line per contact (or a JSON array of
//! `ContactSummary`); `show` prints every detail (or `{"contact", "asks", "timeline"}`, the
//! timeline being the 10 latest interactions as a `Page<Interaction>`).
//!
//! `edit` loads the contact, applies only the flags given to `ContactInput::from_contact`, and
//! saves the whole input with `update_contact`, so a field not named is never changed.

use std::io::Write;

use anyhow::bail;
use kith::model::{
    Ask, AskQuery, Channel, ChannelKind, Contact, ContactInput, ContactQuery, ContactSort,
    ContactSummary, Identity, Interaction, Page,
};
use kith::Error;
use serde::Serialize;

use crate::cli::{AddArgs, ClearField, ContactCommand, ContactFields, EditArgs, ListArgs};
use crate::errors::{split_index, WithFlags};
use crate::{output, parse, Ctx};

/// How many interactions `contact show` lists.
const SHOW_INTERACTIONS: u32 = 10;

pub fn run(ctx: &mut Ctx, cmd: ContactCommand) -> anyhow::Result<()> {
    match cmd {
        ContactCommand::Add(args) => add(ctx, *args),
        ContactCommand::List(args) => list(ctx, args),
        ContactCommand::Show { contact } => show(ctx, &contact),
        ContactCommand::Edit(args) => edit(ctx, *args),
        ContactCommand::Rm { contact } => rm(ctx, &contact),
        ContactCommand::Restore { contact } => {
            let id = ctx.store.resolve_trashed_contact(&contact)?.id;
            let contact = ctx.store.restore_contact(id)?;
            print_contact(ctx, "restored", &contact)
        }
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> anyhow::Result<()> {
    let mut input = ContactInput {
        name: args.name,
        ..Default::default()
    };
    apply_fields(ctx, &mut input, args.fields)?;
    let contact = ctx
        .store
        .add_contact(input.clone(), ctx.now)
        .flags(&|f| contact_flag(&input, "name", f))?;
    print_contact(ctx, "added", &contact)
}

/// `<verb> contact ID: description`, or the contact as JSON.
fn print_contact(ctx: &mut Ctx, verb: &str, c: &Contact) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(c);
    }
    let description = output::describe(
        &c.name,
        c.role.as_deref(),
        c.company.as_deref(),
        output::first_email(&c.channels),
    );
    writeln!(
        ctx.out,
        "{verb} contact {}: {}",
        c.id,
        output::line(&description)
    )?;
    Ok(())
}

/// Sets on `input` every field given in `fields` (replacing what was there).
fn apply_fields(ctx: &mut Ctx, input: &mut ContactInput, f: ContactFields) -> anyhow::Result<()> {
    for (value, field) in [
        (f.company, &mut input.company),
        (f.role, &mut input.role),
        (f.location, &mut input.location),
        (f.met_how, &mut input.met_how),
    ] {
        if value.is_some() {
            *field = value;
        }
    }
    for (kind, values) in [
        (ChannelKind::Email, f.emails),
        (ChannelKind::Phone, f.phones),
        (ChannelKind::Link, f.links),
    ] {
        if !values.is_empty() {
            replace_channels(&mut input.channels, kind, values);
        }
    }
    if let Some(circle) = f.circle {
        input.circle = Some(circle);
    }
    if let Some(days) = f.cadence {
        input.cadence_days = Some(days);
    }
    if !f.interests.is_empty() {
        input.interests = f.interests;
    }
    if !f.tags.is_empty() {
        input.tags = f.tags;
    }
    if let Some(text) = f.met_on {
        input.met_on = if text.trim().is_empty() {
            None
        } else {
            Some(parse::date("--met-on", &text)?)
        };
    }
    if let Some(text) = f.introduced_by {
        input.introduced_by = if text.trim().is_empty() {
            None
        } else {
            Some(ctx.contact(&text)?.id)
        };
    }
    if let Some(text) = f.birthday {
        input.dates.retain(|d| !is_birthday(&d.label));
        if !text.trim().is_empty() {
            input.dates.push(parse::birthday("--birthday", &text)?);
        }
    }
    if let Some(notes) = f.notes {
        input.notes = notes;
    }
    if let Some(path) = f.notes_file {
        input.notes = parse::notes_file("--notes-file", &path)?;
    }
    Ok(())
}

fn is_birthday(label: &str) -> bool {
    label.trim().eq_ignore_ascii_case("birthday")
}

/// Replaces the channels of `kind` with `values`, where the first of them was.
fn replace_channels(channels: &mut Vec<Channel>, kind: ChannelKind, values: Vec<String>) {
    let at = channels
        .iter()
        .position(|c| c.kind == kind)
        .unwrap_or(channels.len());
    channels.retain(|c| c.kind != kind);
    let new = values.into_iter().map(|value| Channel {
        kind,
        label: None,
        value,
        types: Vec::new(),
    });
    channels.splice(at..at, new);
}

/// The flag behind a field of a contact input (`channels[1]` is `--phone` when the second
/// channel is a phone number).
fn contact_flag(input: &ContactInput, name_flag: &str, field: &str) -> Option<String> {
    let flag = match split_index(field) {
        ("name", None, _) => name_flag,
        ("channels", Some(i), "") => match input.channels.get(i)?.kind {
            ChannelKind::Email => "--email",
            ChannelKind::Phone => "--phone",
            ChannelKind::Link => "--link",
        },
        ("dates", Some(i), "") if is_birthday(&input.dates.get(i)?.label) => "--birthday",
        ("notes", None, _) => "--notes",
        _ => return None,
    };
    Some(flag.to_owned())
}

fn list(ctx: &mut Ctx, args: ListArgs) -> anyhow::Result<()> {
    let mut query = ContactQuery {
        search: args.search,
        circle: args.circle,
        tag: args.tag,
        interest: args.interest,
        sort: args.sort,
        include_archived: args.archived,
        ..ContactQuery::default()
    };
    let contacts = fetch_all(ctx, &mut query, args.limit, args.offset)?;
    if ctx.json {
        return ctx.print_json(&contacts);
    }
    for c in &contacts {
        writeln!(ctx.out, "{}", output::summary_line(c))?;
    }
    Ok(())
}

/// Every contact matching `query` from `offset` on, at most `limit`, fetched page by page.
fn fetch_all(
    ctx: &mut Ctx,
    query: &mut ContactQuery,
    limit: Option<u32>,
    offset: u32,
) -> anyhow::Result<Vec<ContactSummary>> {
    let mut contacts = Vec::new();
    query.offset = offset;
    loop {
        let fetched = u32::try_from(contacts.len()).unwrap_or(u32::MAX);
        let want = limit.map_or(ContactQuery::MAX_LIMIT, |l| {
            l.saturating_sub(fetched).min(ContactQuery::MAX_LIMIT)
        });
        if want == 0 {
            break;
        }
        query.limit = want;
        let page = if query.sort == ContactSort::Health {
            let now = ctx.engine_now(None)?;
            ctx.store.list_contacts_at(query, &now).flags(&|_| None)?
        } else {
            ctx.store.list_contacts(query).flags(&|_| None)?
        };
        let got = u32::try_from(page.items.len()).unwrap_or(u32::MAX);
        contacts.extend(page.items);
        query.offset = query.offset.saturating_add(got);
        if got < want {
            break;
        }
    }
    Ok(contacts)
}

/// What `kith contact show --json` prints.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    contact: &'a Contact,
    identities: &'a [Identity],
    asks: &'a [Ask],
    timeline: &'a Page<Interaction>,
    /// What the user recorded of this contact and others, from this contact's side.
    relationships: &'a [kith::model::Relationship],
    /// Everyone they took part in interactions with, with how many (`shared`) and the last.
    knows: &'a [kith::model::Acquaintance],
}

fn show(ctx: &mut Ctx, text: &str) -> anyhow::Result<()> {
    // An id shows the contact even in the trash; a name finds live contacts only.
    let id = match text.trim().parse::<i64>() {
        Ok(id) => id,
        Err(_) => ctx.contact(text)?.id,
    };
    let c = ctx.store.get_contact(id)?;
    let asks = ctx.store.list_asks(&AskQuery {
        contact_id: Some(id),
        open_only: false,
    })?;
    let timeline = ctx.store.timeline(id, SHOW_INTERACTIONS, 0)?;
    let identities = ctx.store.list_identities(id)?;
    if ctx.json {
        let (relationships, knows) = ctx.store.ties(id)?;
        return ctx.print_json(&Shown {
            contact: &c,
            identities: &identities,
            asks: &asks,
            timeline: &timeline,
            relationships: &relationships,
            knows: &knows,
        });
    }
    let mut lines = contact_lines(&c);
    if !identities.is_empty() {
        let ids: Vec<String> = identities
            .iter()
            .map(|i| {
                let shared = if i.shared { " (shared)" } else { "" };
                format!("{} {}{shared}", i.kind, i.value)
            })
            .collect();
        lines.push(format!("  matched by: {}", ids.join(", ")));
    }
    lines.extend(related_lines(&asks, &timeline));
    for l in lines {
        writeln!(ctx.out, "{l}")?;
    }
    Ok(())
}

/// `contact show`'s lines about the contact itself: the name, one line per field set, the id
/// and the notes.
fn contact_lines(c: &Contact) -> Vec<String> {
    let mut lines = vec![output::line(&c.name)];
    let mut field = |label: &str, value: String| lines.push(format!("  {label}: {value}"));
    for (label, value) in [
        ("company", &c.company),
        ("role", &c.role),
        ("location", &c.location),
    ] {
        if let Some(v) = value {
            field(label, output::line(v));
        }
    }
    for ch in &c.channels {
        let label = ch.kind.to_string();
        match &ch.label {
            Some(l) => field(&label, format!("{} ({l})", ch.value)),
            None => field(&label, ch.value.clone()),
        }
    }
    if let Some(circle) = c.circle {
        field("circle", circle.to_string());
    }
    if let Some(days) = c.cadence_days {
        field("cadence", format!("every {days} days"));
    }
    if !c.tags.is_empty() {
        field("tags", c.tags.join(", "));
    }
    if !c.interests.is_empty() {
        field("interests", c.interests.join(", "));
    }
    for d in &c.dates {
        field(&d.label, output::date(d));
    }
    if let Some(how) = &c.met_how {
        field("met how", output::line(how));
    }
    if let Some(on) = c.met_on {
        field("met on", on.to_string());
    }
    if let Some(on) = c.connected_on {
        field("connected on", on.to_string());
    }
    for job in &c.past_jobs {
        let what = match &job.role {
            Some(role) => format!("{} at {}", output::line(role), output::line(&job.company)),
            None => output::line(&job.company),
        };
        match job.until {
            Some(until) => field("before", format!("{what} (until {until})")),
            None => field("before", what),
        }
    }
    if let Some(by) = &c.introduced_by {
        field("introduced by", format!("{} (id {})", by.name, by.id));
    }
    if let Some(at) = c.last_interaction_at {
        field("last contact", output::local_date(at));
    }
    if c.archived {
        field("archived", "yes".into());
    }
    if let Some(at) = c.deleted_at {
        field(
            "in the trash since",
            format!("{} (kith contact restore {})", output::local_date(at), c.id),
        );
    }
    lines.push(format!(
        "  id: {}  added: {}",
        c.id,
        output::local_date(c.created_at)
    ));
    if !c.notes.is_empty() {
        lines.push("  notes:".into());
        lines.extend(c.notes.lines().map(|l| format!("    {l}")));
    }
    lines
}

/// `contact show`'s lines about what hangs off the contact: its needs and offers, then its
/// latest interactions.
fn related_lines(asks: &[Ask], timeline: &Page<Interaction>) -> Vec<String> {
    let mut lines = Vec::new();
    if !asks.is_empty() {
        lines.push("  needs and offers:".into());
        lines.extend(asks.iter().map(|a| format!("  {}", output::ask_line(a))));
    }
    if timeline.total > 0 {
        lines.push(format!(
            "  interactions ({} of {}, newest first):",
            timeline.items.len(),
            timeline.total
        ));
        lines.extend(
            timeline
                .items
                .iter()
                .map(|i| format!("  {}", output::interaction_line(i))),
        );
    }
    lines
}

fn edit(ctx: &mut Ctx, args: EditArgs) -> anyhow::Result<()> {
    let target = ctx.contact(&args.contact)?;
    let current = ctx.store.get_contact(target.id)?;
    let changes_fields = args.name.is_some()
        || !fields_empty(&args.fields)
        || !args.clear.is_empty()
        || [
            &args.add_email,
            &args.remove_email,
            &args.add_phone,
            &args.remove_phone,
            &args.add_link,
            &args.remove_link,
            &args.add_tag,
            &args.remove_tag,
            &args.add_interest,
            &args.remove_interest,
        ]
        .iter()
        .any(|v| !v.is_empty());
    if !changes_fields && !args.archive && !args.unarchive {
        bail!("nothing to change: give at least one flag (see `kith contact edit --help`)");
    }
    let mut contact = current;
    if changes_fields {
        let mut input = ContactInput::from_contact(&contact);
        if let Some(name) = args.name {
            input.name = name;
        }
        apply_fields(ctx, &mut input, args.fields)?;
        edit_channels(
            &mut input,
            &contact.name,
            [
                (
                    ChannelKind::Email,
                    args.add_email,
                    args.remove_email,
                    "--remove-email",
                ),
                (
                    ChannelKind::Phone,
                    args.add_phone,
                    args.remove_phone,
                    "--remove-phone",
                ),
                (
                    ChannelKind::Link,
                    args.add_link,
                    args.remove_link,
                    "--remove-link",
                ),
            ],
        )?;
        edit_lists(
            &contact.name,
            [
                (
                    &mut input.tags,
                    args.add_tag,
                    args.remove_tag,
                    "--remove-tag",
                ),
                (
                    &mut input.interests,
                    args.add_interest,
                    args.remove_interest,
                    "--remove-interest",
                ),
            ],
        )?;
        for field in args.clear {
            clear(&mut input, field);
        }
        contact = ctx
            .store
            .update_contact(contact.id, input.clone(), ctx.now)
            .flags(&|f| contact_flag(&input, "--name", f))?;
    }
    if args.archive || args.unarchive {
        contact = ctx.store.set_archived(contact.id, args.archive, ctx.now)?;
    }
    print_contact(ctx, "updated", &contact)
}

/// One kind of channel's edits: the kind, the values to add, the values to remove, and the remove
/// flag named when a value is not there.
type ChannelEdit = (ChannelKind, Vec<String>, Vec<String>, &'static str);

/// One list's edits (tags or interests), as in `ChannelEdit`.
type ListEdit<'a> = (&'a mut Vec<String>, Vec<String>, Vec<String>, &'static str);

/// `--add-email`/`--remove-email` and the same for phones and links.
fn edit_channels(
    input: &mut ContactInput,
    name: &str,
    edits: [ChannelEdit; 3],
) -> Result<(), Error> {
    for (kind, add, remove, flag) in edits {
        for value in add {
            // After the last channel of its kind, so the main (first) one stays first.
            let at = input
                .channels
                .iter()
                .rposition(|c| c.kind == kind)
                .map_or(input.channels.len(), |i| i + 1);
            input.channels.insert(
                at,
                Channel {
                    kind,
                    label: None,
                    value,
                    types: Vec::new(),
                },
            );
        }
        for value in remove {
            let before = input.channels.len();
            input
                .channels
                .retain(|c| !(c.kind == kind && same(&c.value, &value)));
            if input.channels.len() == before {
                return Err(missing(flag, name, &value));
            }
        }
    }
    Ok(())
}

/// `--add-tag`/`--remove-tag` and the same for interests, as in `edit_channels`.
fn edit_lists(name: &str, edits: [ListEdit<'_>; 2]) -> Result<(), Error> {
    for (list, add, remove, flag) in edits {
        list.extend(add);
        for value in remove {
            let before = list.len();
            list.retain(|v| !same(v, &value));
            if list.len() == before {
                return Err(missing(flag, name, &value));
            }
        }
    }
    Ok(())
}

fn fields_empty(f: &ContactFields) -> bool {
    let ContactFields {
        company,
        role,
        emails,
        phones,
        links,
        location,
        circle,
        cadence,
        interests,
        tags,
        met_how,
        met_on,
        introduced_by,
        birthday,
        notes,
        notes_file,
    } = f;
    [
        company,
        role,
        location,
        met_how,
        met_on,
        introduced_by,
        birthday,
        notes,
    ]
    .iter()
    .all(|v| v.is_none())
        && [emails, phones, links, interests, tags]
            .iter()
            .all(|v| v.is_empty())
        && circle.is_none()
        && cadence.is_none()
        && notes_file.is_none()
}

/// Two spellings of one email, tag or interest: the same ignoring case and outer spaces.
fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn missing(flag: &str, name: &str, value: &str) -> Error {
    let what = match flag {
        "--remove-email" => "email address",
        "--remove-phone" => "phone number",
        "--remove-link" => "link",
        "--remove-tag" => "tag",
        _ => "interest",
    };
    Error::invalid(flag, format!("{name} has no {what} \"{value}\""))
}

fn clear(input: &mut ContactInput, field: ClearField) {
    match field {
        ClearField::Company => input.company = None,
        ClearField::Role => input.role = None,
        ClearField::Location => input.location = None,
        ClearField::Circle => input.circle = None,
        ClearField::Cadence => input.cadence_days = None,
        ClearField::MetHow => input.met_how = None,
        ClearField::MetOn => input.met_on = None,
        ClearField::IntroducedBy => input.introduced_by = None,
        ClearField::Birthday => input.dates.retain(|d| !is_birthday(&d.label)),
        ClearField::Notes => input.notes.clear(),
        ClearField::Tags => input.tags.clear(),
        ClearField::Interests => input.interests.clear(),
        ClearField::Emails => input.channels.retain(|c| c.kind != ChannelKind::Email),
        ClearField::Phones => input.channels.retain(|c| c.kind != ChannelKind::Phone),
        ClearField::Links => input.channels.retain(|c| c.kind != ChannelKind::Link),
    }
}

fn rm(ctx: &mut Ctx, text: &str) -> anyhow::Result<()> {
    let target = ctx.contact(text)?;
    ctx.store.delete_contact(target.id, ctx.now)?;
    let contact = ctx.store.get_contact(target.id)?;
    ctx.print(&contact, |out| {
        writeln!(
            out,
            "moved contact {}: {} to the trash (restore with `kith contact restore {}`)",
            contact.id,
            output::line(&contact.name),
            contact.id
        )
    })
}
