//! Change capture: every write to a synced table, by any code path, is recorded as changes
//! in `sync_out` in the same transaction as the write, by `TEMP` triggers made from
//! [`spec::ENTITIES`](super::spec::ENTITIES) on each connection of a store that has sync set
//! up (none otherwise: a Kith that does not sync pays nothing).
//!
//! Why triggers: they see every write (the app's, the CLI's, an import's batch, a merge) with
//! no code path able to forget one, they commit and roll back with it, and they cost a few
//! inserts per changed column (measured in docs/PERFORMANCE.md). `TEMP` triggers fire even
//! while a bulk writer has the schema's triggers off (`store::without_triggers`).
//!
//! The triggers call three SQL functions registered here:
//! - `kith_sync_stamp(after)`: the next stamp of this device's hybrid logical clock, as text,
//!   later than `after`: the newest stamp in the database (the last change captured, or the
//!   clock kept at the last pass). Another process on the same database (the CLI while the app
//!   runs, the tray) has a clock of its own; as SQLite lets one write at a time, reading the
//!   newest stamp in the write keeps this device's stamps increasing and never given twice;
//! - `kith_sync_device()`: this device's id;
//! - `kith_sync_capture()`: false while remote changes are being written (they are not this
//!   device's changes and must not go out again as such).
//!
//! A local change is folded into the merge state (`sync_stamp`, `sync_added`,
//! `sync_removed`, `sync_deleted`) by [`fold`], at the start of every pass (before a remote
//! change is compared with it) and after "keep the other", not by the write itself: that
//! halves what capture adds to a write (docs/PERFORMANCE.md, "Sync"). Until then, a removal
//! finds the tags of this device's own unfolded additions in `sync_out`.
//!
//! Rows and elements this device had before sync was set up have no recorded stamp: they
//! count as written by this device at stamp zero (the *genesis*), which any later change
//! beats; they go out once, at setup, as changes stamped zero (`genesis_sql`). Before such a
//! row is deleted here (by this device, or by a change from another), the values of its
//! fields that no change has touched are kept in the merge state as this device's stamp-zero
//! values: the row may come back (edited on a device that had not seen it deleted), and it
//! must come back with them, as on the devices that received them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use super::hlc::{Clock, Hlc};
use super::spec::{Element, Entity, SetSpec, ENTITIES};
use crate::error::Result;

/// The stamp of what a device had before sync: zero.
pub const GENESIS: Hlc = Hlc::new(0, 0);

/// Where the clock's wall time comes from: the system clock in the app and the CLI; tests
/// pass their own.
pub type WallClock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A wall clock given to a store (`Store::set_sync_wall_clock`), if any.
#[derive(Clone, Default)]
pub struct SetWall(pub Option<WallClock>);

impl std::fmt::Debug for SetWall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "SetWall(given)"
        } else {
            "SetWall(system)"
        })
    }
}

/// The capture of one store: its clock, its device, and whether capture is on.
#[derive(Clone)]
pub struct Capture {
    pub device: String,
    pub clock: Arc<Mutex<Clock>>,
    wall: Arc<Mutex<WallClock>>,
    on: Arc<AtomicBool>,
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Capture")
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl Capture {
    pub fn new(device: String, last: Hlc, wall: WallClock) -> Self {
        Self {
            device,
            clock: Arc::new(Mutex::new(Clock::new(last))),
            wall: Arc::new(Mutex::new(wall)),
            on: Arc::new(AtomicBool::new(true)),
        }
    }

    /// The wall clock's time now.
    pub fn wall_now(&self) -> DateTime<Utc> {
        let wall = self.wall.lock().unwrap_or_else(|e| e.into_inner()).clone();
        wall()
    }

    /// Replaces the wall clock (tests: clocks apart or going backwards).
    pub fn set_wall(&self, wall: WallClock) {
        *self.wall.lock().unwrap_or_else(|e| e.into_inner()) = wall;
    }

    /// The next stamp of this device's clock, after `after` (a stamp this device gave, maybe
    /// in another process).
    pub fn stamp_after(&self, after: Option<Hlc>) -> Hlc {
        self.stamps_after(after, 1)
    }

    /// `n` stamps in a row after `after` (see [`Clock::now_range`]): the last of them. The
    /// others are the `n - 1` counts before it, in its millisecond.
    pub fn stamps_after(&self, after: Option<Hlc>, n: u32) -> Hlc {
        let wall = self.wall_now();
        let mut clock = self.clock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(after) = after.filter(|a| *a > clock.last()) {
            *clock = Clock::new(after);
        }
        clock.now_range(wall, n).1
    }

    /// The last stamp this device's clock gave or took in.
    pub fn last(&self) -> Hlc {
        self.clock.lock().unwrap_or_else(|e| e.into_inner()).last()
    }

    /// Takes in a stamp read from another device (see [`Clock::update`]).
    pub fn receive(&self, remote: Hlc) -> super::Received {
        let wall = self.wall_now();
        self.clock
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .update(remote, wall)
    }

    /// Runs `f` with capture off: what it writes is not recorded as this device's changes.
    pub fn paused<T>(&self, f: impl FnOnce() -> T) -> T {
        struct On<'a>(&'a AtomicBool);
        impl Drop for On<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        self.on.store(false, Ordering::SeqCst);
        let _on = On(&self.on);
        f()
    }
}

/// Registers the functions and creates the triggers on `conn`.
pub fn install(conn: &Connection, capture: &Capture) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8;
    let c = capture.clone();
    conn.create_scalar_function("kith_sync_stamp", 1, flags, move |ctx| {
        let after: Option<String> = ctx.get(0)?;
        Ok(c.stamp_after(after.and_then(|t| t.parse().ok()))
            .to_string())
    })?;
    let c = capture.clone();
    conn.create_scalar_function("kith_sync_stamps", 2, flags, move |ctx| {
        let after: Option<String> = ctx.get(0)?;
        let n: i64 = ctx.get(1)?;
        Ok(c.stamps_after(
            after.and_then(|t| t.parse().ok()),
            u32::try_from(n.max(1)).unwrap_or(u32::MAX),
        )
        .to_string())
    })?;
    conn.create_scalar_function(
        "kith_hlc_minus",
        2,
        flags | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let hlc: String = ctx.get(0)?;
            let i: i64 = ctx.get(1)?;
            let hlc: Hlc = hlc
                .parse()
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            Ok(hlc
                .minus(u32::try_from(i.max(0)).unwrap_or(u32::MAX))
                .to_string())
        },
    )?;
    let device = capture.device.clone();
    conn.create_scalar_function(
        "kith_sync_device",
        0,
        flags | FunctionFlags::SQLITE_DETERMINISTIC,
        move |_| Ok(device.clone()),
    )?;
    let on = capture.on.clone();
    conn.create_scalar_function("kith_sync_capture", 0, flags, move |_| {
        Ok(on.load(Ordering::SeqCst))
    })?;
    conn.create_scalar_function("kith_sync_gid", 0, flags, |_| {
        Ok(uuid::Uuid::now_v7().hyphenated().to_string())
    })?;
    conn.execute_batch(&triggers_sql())?;
    Ok(())
}

/// Drops the triggers (sync turned off). The functions stay until the connection closes.
pub fn uninstall(conn: &Connection) -> Result<()> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM temp.sqlite_schema WHERE type = 'trigger' AND name GLOB 'sync_*'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS temp.\"{name}\""))?;
    }
    Ok(())
}

/// `NEW.col` (or `alias.col`) as the JSON a change carries: a reference as the gid of the row
/// it points to.
pub(crate) fn value_expr(row: &str, entity: &Entity, column: &str) -> String {
    match entity.column(column).and_then(|c| c.refers) {
        Some(target) => {
            format!("json_quote((SELECT gid FROM main.{target} WHERE id = {row}.{column}))")
        }
        None => format!("json_quote({row}.{column})"),
    }
}

/// An element of `set` of the child row `row` as JSON text (an object's keys in order: the
/// same text as `apply::sql_json` makes of it).
pub(crate) fn element_expr(row: &str, set: &SetSpec) -> String {
    match set.element {
        Element::Text { column } => format!("json_quote({row}.{column})"),
        Element::Channel => format!(
            "json_object('kind', {row}.kind, 'label', {row}.label, 'types', {row}.types, \
             'value', {row}.value)"
        ),
        Element::Photo => format!("json_object('data', hex({row}.data), 'mime', {row}.mime)"),
        Element::Row { columns, refs, .. } => format!(
            "json_object({})",
            columns
                .iter()
                .map(|c| match refs.iter().find(|(r, _)| r == c) {
                    Some((_, target)) =>
                        format!("'{c}', (SELECT gid FROM main.{target} WHERE id = {row}.{c})"),
                    None => format!("'{c}', {row}.{c}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Element::Link { column, target } => {
            format!("json_quote((SELECT gid FROM main.{target} WHERE id = {row}.{column}))")
        }
    }
}

/// `json_object('col', <value>, …)` of every column of the row `row`, in the entity's order:
/// a new row's columns as one pending change ([`ROW`]), a reference as the gid of the row it
/// points to.
fn columns_object(entity: &Entity, row: &str) -> String {
    let pairs = entity
        .columns
        .iter()
        .map(|c| match c.refers {
            Some(target) => format!(
                "'{0}', (SELECT gid FROM main.{target} WHERE id = {row}.{0})",
                c.name
            ),
            None => format!("'{0}', {row}.{0}", c.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("json_object({pairs})")
}

/// The `op` of a pending change that is a whole new row: its `value` is the JSON object of
/// its columns, `hlc` the last of as many stamps as it has columns (one per column, the first
/// being `n - 1` counts before it). One row where a change per column would be written:
/// capture's share of a write is mostly rows written (docs/PERFORMANCE.md, "Sync"). It is
/// read back as a change per column ([`pending_sets`]), the same changes as before, so the
/// change files do not know of it.
pub const ROW: i64 = 4;

/// The pending single-value changes of `sync_out` whose `seq` meets `filter` (a condition on
/// `seq`), new rows read as a change per column ([`ROW`]): `(seq, tbl, row, col, hlc, base,
/// value, i)`, the columns of a new row in the entity's order (`i`, from 1; 0 otherwise).
pub(crate) fn pending_sets(filter: &str) -> String {
    format!(
        "SELECT seq, tbl, row, col, hlc, base, value, 0 AS i FROM main.sync_out
         WHERE {filter} AND op = 0
         UNION ALL
         SELECT seq, tbl, row, col, kith_hlc_minus(hlc, n - i), NULL, value, i FROM (
             SELECT o.seq, o.tbl, o.row, o.hlc, j.key AS col, json_quote(j.value) AS value,
                    row_number() OVER (PARTITION BY o.seq ORDER BY j.id) AS i,
                    count(*) OVER (PARTITION BY o.seq) AS n
             FROM main.sync_out o, json_each(o.value) j
             WHERE {filter} AND o.op = {ROW})"
    )
}

/// The columns of the child row an element of `set` is made of.
fn element_columns(set: &SetSpec) -> Vec<&'static str> {
    match set.element {
        Element::Text { column } | Element::Link { column, .. } => vec![column],
        Element::Channel => vec!["kind", "label", "types", "value"],
        Element::Photo => vec!["data", "mime"],
        Element::Row { columns, .. } => columns.to_vec(),
    }
}

/// `SELECT 'col' AS c, <value> AS v [WHERE changed] UNION ALL …` over every column.
fn columns_select(entity: &Entity, row: &str, changed_only: bool) -> String {
    entity
        .columns
        .iter()
        .map(|c| {
            let filter = if changed_only {
                format!(" WHERE OLD.{0} IS NOT NEW.{0}", c.name)
            } else {
                String::new()
            };
            format!(
                "SELECT '{}' AS c, {} AS v{filter}",
                c.name,
                value_expr(row, entity, c.name)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// The newest stamp this device gave, as the triggers read it (see the module doc).
const NEWEST: &str = "coalesce((SELECT hlc FROM main.sync_out ORDER BY seq DESC LIMIT 1), \
                      (SELECT clock FROM main.sync_config WHERE id = 1))";

/// How far `sync_out` is folded into the merge state ([`fold`]).
const FOLDED: &str = "(SELECT folded_seq FROM main.sync_config WHERE id = 1)";

/// The text of a tag: `<hlc>@<device>`, as `sync_*` tables and triggers write it.
pub const TAG_SQL: &str = "hlc || '@' || device";

/// The tags a removal of `element` (of set `name` of the row `p` of table `t`) carries, as a
/// JSON array: every add of it folded into the merge state, and this device's genesis tag (it
/// may have been here before sync). This device's adds still pending are added to it by
/// [`fold`], for all removals of a pass at once: looked up here, each removal read every
/// pending change (or every write paid an index of them).
fn observed_sql(t: &str, name: &str, element: &str) -> String {
    format!(
        "(SELECT json_group_array(tag) FROM (
            SELECT {TAG_SQL} AS tag FROM main.sync_added a
            WHERE a.tbl = '{t}' AND a.row = p.gid AND a.col = '{name}' AND a.value = {element}
            UNION SELECT '{GENESIS}@' || kith_sync_device()))"
    )
}

/// Every capture trigger, as one batch.
pub fn triggers_sql() -> String {
    let mut sql = String::new();
    for e in ENTITIES {
        let t = e.table;
        // A row written by a path that gave it no gid gets one first (a constant false
        // condition: no lookup when it has one).
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS sync_{t}_insert AFTER INSERT ON main.{t}
             WHEN kith_sync_capture() BEGIN
               UPDATE main.{t} SET gid = kith_sync_gid() WHERE NEW.gid IS NULL AND id = NEW.id;
               INSERT INTO main.sync_out (tbl, row, col, op, value, hlc)
               VALUES ('{t}', coalesce(NEW.gid, (SELECT gid FROM main.{t} WHERE id = NEW.id)),
                       '', {ROW}, {object}, kith_sync_stamps({NEWEST}, {n}));
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS sync_{t}_update AFTER UPDATE OF {synced} ON main.{t}
             WHEN ({any_changed}) AND NEW.gid IS NOT NULL AND kith_sync_capture() BEGIN
               INSERT INTO main.sync_out (tbl, row, col, op, value, hlc, base)
               SELECT '{t}', NEW.gid, c, 0, v, kith_sync_stamp(n.newest),
                      coalesce((SELECT {TAG_SQL} FROM main.sync_stamp s
                                WHERE s.tbl = '{t}' AND s.row = NEW.gid AND s.col = c
                                ORDER BY hlc DESC, device DESC LIMIT 1),
                               '{GENESIS}@' || kith_sync_device())
               FROM ({changed}), (SELECT {NEWEST} AS newest) n;
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS sync_{t}_delete AFTER DELETE ON main.{t}
             WHEN kith_sync_capture() AND OLD.gid IS NOT NULL BEGIN
               INSERT INTO main.sync_out (tbl, row, col, op, value, hlc)
               VALUES ('{t}', OLD.gid, '', 3, 'null', kith_sync_stamp({NEWEST}));
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS sync_{t}_keep_genesis BEFORE DELETE ON main.{t}
             WHEN OLD.gid IS NOT NULL BEGIN
               INSERT INTO main.sync_stamp (tbl, row, col, device, hlc, base, value)
               SELECT '{t}', OLD.gid, c, kith_sync_device(), '{GENESIS}', NULL, v
               FROM ({old_cols})
               WHERE NOT EXISTS (SELECT 1 FROM main.sync_stamp s
                                 WHERE s.tbl = '{t}' AND s.row = OLD.gid AND s.col = c);
             END;\n",
            object = columns_object(e, "NEW"),
            n = e.columns.len(),
            old_cols = columns_select(e, "OLD", false),
            changed = columns_select(e, "NEW", true),
            // An update that sets nothing that syncs (a contact's last interaction, its sort
            // key) has no trigger in its program (`UPDATE OF`), and one that sets a synced
            // column to the value it had runs no statement of it (`WHEN`).
            synced = e
                .columns
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", "),
            any_changed = e
                .columns
                .iter()
                .map(|c| format!("OLD.{0} IS NOT NEW.{0}", c.name))
                .collect::<Vec<_>>()
                .join(" OR "),
        ));
        for s in e.sets {
            let (child, parent, name) = (s.table, s.parent, s.name);
            let new_el = element_expr("NEW", s);
            let old_el = element_expr("OLD", s);
            let observed = observed_sql(t, name, &old_el);
            // A removal carries the tags of every add of the element known here, and this
            // device's genesis tag (the element may have been here before sync). An addition
            // of an element whose removal is still pending undoes it instead: an edit that
            // writes a contact's emails, tags or dates again (deleted, then inserted) changes
            // nothing for sync, so it never undoes another device's concurrent removal. A
            // removal cancelled that way may have been the last pending row: what is folded
            // then counts from 0 again (see `store::sync_out`).
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS sync_{child}_insert AFTER INSERT ON main.{child}
                 WHEN kith_sync_capture() BEGIN
                   DELETE FROM main.sync_out WHERE seq = (
                     SELECT o.seq FROM main.sync_out o
                     WHERE o.tbl = '{t}' AND o.col = '{name}' AND o.op = 2
                       AND o.row = (SELECT gid FROM main.{t} WHERE id = NEW.{parent})
                       AND o.seq > {FOLDED} AND o.value = {new_el}
                     ORDER BY o.seq DESC LIMIT 1);
                   INSERT INTO main.sync_out (tbl, row, col, op, value, hlc)
                   SELECT '{t}', p.gid, '{name}', 1, {new_el}, kith_sync_stamp({NEWEST})
                   FROM main.{t} p WHERE p.id = NEW.{parent} AND p.gid IS NOT NULL
                     AND changes() = 0;
                   UPDATE main.sync_config SET folded_seq = 0
                   WHERE changes() = 0 AND folded_seq <> 0
                     AND NOT EXISTS (SELECT 1 FROM main.sync_out);
                 END;
                 CREATE TEMP TRIGGER IF NOT EXISTS sync_{child}_delete AFTER DELETE ON main.{child}
                 WHEN kith_sync_capture() BEGIN
                   INSERT INTO main.sync_out (tbl, row, col, op, value, hlc, observed)
                   SELECT '{t}', p.gid, '{name}', 2, {old_el}, kith_sync_stamp({NEWEST}),
                          {observed}
                   FROM main.{t} p WHERE p.id = OLD.{parent} AND p.gid IS NOT NULL;
                 END;\n"
            ));
            // A child row changed in place (a channel edited, an interaction's participant
            // moved to another contact by a merge): its old element removed, the new added.
            let element_columns = element_columns(s).join(", ");
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS sync_{child}_update
                 AFTER UPDATE OF {parent}, {element_columns} ON main.{child}
                 WHEN kith_sync_capture()
                   AND (OLD.{parent} IS NOT NEW.{parent} OR {old_el} IS NOT {new_el}) BEGIN
                   INSERT INTO main.sync_out (tbl, row, col, op, value, hlc, observed)
                   SELECT '{t}', p.gid, '{name}', 2, {old_el}, kith_sync_stamp({NEWEST}),
                          {observed}
                   FROM main.{t} p WHERE p.id = OLD.{parent} AND p.gid IS NOT NULL;
                   INSERT INTO main.sync_out (tbl, row, col, op, value, hlc)
                   SELECT '{t}', p.gid, '{name}', 1, {new_el}, kith_sync_stamp({NEWEST})
                   FROM main.{t} p WHERE p.id = NEW.{parent} AND p.gid IS NOT NULL;
                 END;\n"
            ));
        }
    }
    sql
}

/// The changes that bring another device to what this one had before sync was set up: every
/// row of every entity (those in the trash too), column by column, and every element of its sets, stamped
/// [`GENESIS`] (`INSERT … SELECT` statements into `sync_out`, in [`ENTITIES`] order).
pub fn genesis_sql() -> Vec<String> {
    let mut out = Vec::new();
    for e in ENTITIES {
        let t = e.table;
        for c in e.columns {
            out.push(format!(
                "INSERT INTO main.sync_out (tbl, row, col, op, value, hlc)
                 SELECT '{t}', r.gid, '{name}', 0, {value}, '{GENESIS}'
                 FROM main.{t} r WHERE r.gid IS NOT NULL ORDER BY r.id",
                name = c.name,
                value = value_expr("r", e, c.name),
            ));
        }
        for s in e.sets {
            out.push(format!(
                "INSERT INTO main.sync_out (tbl, row, col, op, value, hlc)
                 SELECT '{t}', p.gid, '{name}', 1, {el}, '{GENESIS}'
                 FROM main.{child} x JOIN main.{t} p ON p.id = x.{parent}
                 WHERE p.gid IS NOT NULL AND {el} IS NOT NULL ORDER BY p.id",
                name = s.name,
                child = s.table,
                parent = s.parent,
                el = element_expr("x", s),
            ));
        }
    }
    out
}

/// Each removal captured after `folded` also removes this device's adds of its element made
/// before it and not folded then (see `observed_sql`): added to its `observed` here, for all
/// of them at once, through a temporary index of those adds.
fn observe_pending_adds(conn: &Connection, device: &str, folded: i64) -> Result<()> {
    let removals: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_out WHERE seq > ?1 AND op = 2)",
        [folded],
        |r| r.get(0),
    )?;
    if removals {
        conn.execute_batch(
            "DROP TABLE IF EXISTS temp.sync_pending_adds;
             CREATE TEMP TABLE sync_pending_adds (
                 seq INTEGER, tbl TEXT, row TEXT, col TEXT, value TEXT, hlc TEXT);
             CREATE INDEX temp.sync_pending_adds_by_element
                 ON sync_pending_adds (tbl, row, col, value, seq);",
        )?;
        conn.execute(
            "INSERT INTO temp.sync_pending_adds
             SELECT seq, tbl, row, col, value, hlc FROM main.sync_out WHERE seq > ?1 AND op = 1",
            [folded],
        )?;
        conn.execute(
            "UPDATE main.sync_out SET observed = (
                 SELECT json_group_array(tag) FROM (
                     SELECT j.value AS tag
                     FROM json_each(coalesce(main.sync_out.observed, '[]')) j
                     UNION
                     SELECT a.hlc || '@' || ?2 FROM temp.sync_pending_adds a
                     WHERE a.tbl = main.sync_out.tbl AND a.row = main.sync_out.row
                       AND a.col = main.sync_out.col AND a.value = main.sync_out.value
                       AND a.seq < main.sync_out.seq))
             WHERE seq > ?1 AND op = 2",
            rusqlite::params![folded, device],
        )?;
        conn.execute_batch("DROP TABLE temp.sync_pending_adds")?;
    }
    Ok(())
}

/// Folds this device's changes captured since the last fold into the merge state (see the
/// module doc). `device` is this device's id. Idempotent.
pub fn fold(conn: &Connection, device: &str) -> Result<()> {
    let folded: i64 =
        conn.query_row("SELECT folded_seq FROM sync_config WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    let Some(last): Option<i64> =
        conn.query_row("SELECT max(seq) FROM sync_out", [], |r| r.get(0))?
    else {
        return Ok(());
    };
    if last <= folded {
        return Ok(());
    }
    let sets = pending_sets("seq > ?1");
    conn.execute(
        &format!(
            "INSERT INTO sync_stamp (tbl, row, col, device, hlc, base, value)
             SELECT tbl, row, col, ?2, hlc, base, value FROM ({sets})
             WHERE hlc <> '{GENESIS}' ORDER BY seq, i
             ON CONFLICT (tbl, row, col, device) DO UPDATE
               SET hlc = excluded.hlc, base = excluded.base, value = excluded.value
               WHERE excluded.hlc > sync_stamp.hlc"
        ),
        rusqlite::params![folded, device],
    )?;
    // Where this device's value meets another device's: what the conflict log reads, marked
    // here as `apply::record` marks it for a remote change, so that every device lists the
    // same conflicts whichever of the two values it had first.
    // (Values from before sync are never a conflict's loser: left out, as above.)
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO sync_contested (tbl, row, col)
             SELECT DISTINCT o.tbl, o.row, o.col FROM ({sets}) o
             WHERE o.hlc <> '{GENESIS}' AND EXISTS (
                 SELECT 1 FROM sync_stamp s
                 WHERE s.tbl = o.tbl AND s.row = o.row AND s.col = o.col AND s.device <> ?2)"
        ),
        rusqlite::params![folded, device],
    )?;
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO sync_contested (tbl, row, col)
             SELECT DISTINCT o.tbl, o.row, 'deleted_at' FROM ({sets}) o
             WHERE o.hlc <> '{GENESIS}' AND EXISTS (
                 SELECT 1 FROM sync_stamp s
                 WHERE s.tbl = o.tbl AND s.row = o.row AND s.col = 'deleted_at'
                   AND s.value <> 'null')"
        ),
        [folded],
    )?;
    // A local write that loses to a change already here: a stamp is after every stamp this
    // device has seen, except when its clock was clamped (another device's clock is more than
    // a day ahead, see `sync::hlc`). Every other device makes the row what the merge says;
    // so does this one, at the next materialization (every pass writes again the rows in
    // `sync_waiting`).
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO sync_waiting (tbl, row)
             SELECT DISTINCT o.tbl, o.row FROM ({sets}) o
             WHERE o.hlc <> '{GENESIS}' AND EXISTS (
                 SELECT 1 FROM sync_stamp s
                 WHERE s.tbl = o.tbl AND s.row = o.row AND s.col = o.col
                   AND (s.hlc, s.device) > (o.hlc, ?2))
             UNION
             SELECT d.tbl, d.row FROM sync_out d
             WHERE d.seq > ?1 AND d.op = 3 AND EXISTS (
                 SELECT 1 FROM sync_stamp s
                 WHERE s.tbl = d.tbl AND s.row = d.row AND s.device <> ?2 AND s.hlc > d.hlc)"
        ),
        rusqlite::params![folded, device],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO sync_added (tbl, row, col, value, hlc, device)
         SELECT tbl, row, col, value, hlc, ?2 FROM sync_out WHERE seq > ?1 AND op = 1",
        rusqlite::params![folded, device],
    )?;
    observe_pending_adds(conn, device, folded)?;
    conn.execute(
        "INSERT OR IGNORE INTO sync_removed (tbl, row, col, value, hlc, device)
         SELECT o.tbl, o.row, o.col, o.value, substr(j.value, 1, 25), substr(j.value, 27)
         FROM sync_out o, json_each(coalesce(o.observed, '[]')) j
         WHERE o.seq > ?1 AND o.op = 2",
        [folded],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO sync_deleted (tbl, row, hlc, device)
         SELECT tbl, row, hlc, ?2 FROM sync_out WHERE seq > ?1 AND op = 3",
        rusqlite::params![folded, device],
    )?;
    conn.execute(
        "UPDATE sync_config SET folded_seq = ?1 WHERE id = 1",
        [last],
    )?;
    Ok(())
}
