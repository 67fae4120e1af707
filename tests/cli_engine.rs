//! Integration tests of the engine's CLI verbs, run as a process on temporary databases
//! (`TZ=UTC`): `kith today` (text and JSON, `--as-of` ignoring later interactions,
//! `--limit`, done/snooze/dismiss), `kith health` (everyone, one contact), `kith
//! help-opportunities` (by the thing needed, not a shared city), `kith remind add|list|done|snooze`, `kith import --format
//! interactions` (all or nothing, the bad line named, `--dry-run`), and `kith review` (the
//! same figures as the store's, `--as-of`, `--map`, a snooze shown) with `kith health
//! --over-time`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::Value;

use common::cli::Kith;

fn names(suggestions: &Value) -> Vec<&str> {
    suggestions["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

/// Ana (close) spoken to on 2026-01-01 and 2026-03-04; Ben (inner) on 2026-02-20.
fn network() -> Kith {
    let k = Kith::new();
    k.ok(&["contact", "add", "Ana Ruiz", "--circle", "close"]);
    k.ok(&["contact", "add", "Ben", "--circle", "inner"]);
    k.ok(&[
        "log",
        "--with",
        "Ana",
        "--kind",
        "meeting",
        "--at",
        "2026-01-01",
        "lunch",
    ]);
    k.ok(&[
        "log",
        "--with",
        "Ana",
        "--kind",
        "call",
        "--at",
        "2026-03-04T10:00:00Z",
        "call",
    ]);
    k.ok(&[
        "log",
        "--with",
        "Ben",
        "--kind",
        "call",
        "--at",
        "2026-02-20",
        "hello",
    ]);
    k
}

#[test]
fn today_as_of_uses_only_earlier_interactions() {
    let k = network();
    // As of the end of 2026-03-03, Ana's last contact was 2026-01-01: 61 days.
    let t = k.json(&["today", "--as-of", "2026-03-03"]);
    assert_eq!(t["asOf"], "2026-03-03T23:59:59.999Z");
    assert_eq!(t["today"], "2026-03-03");
    assert_eq!(t["budget"], 5);
    assert_eq!(names(&t), ["Ben", "Ana Ruiz"]);
    let ana = &t["suggestions"][1];
    assert_eq!(ana["lane"], "reachOut");
    assert_eq!(ana["daysSinceLast"], 61);
    assert_eq!(ana["cadenceDays"], 30.0);
    assert_eq!(
        ana["reasons"][0],
        "last spoke 61 days ago; your circle's target is every 30 days"
    );
    for key in ["contactId", "circle", "priority", "warmth", "health"] {
        assert!(ana.get(key).is_some(), "{key}");
    }
    // As of the day after the call, Ana is not due.
    let t = k.json(&["today", "--as-of", "2026-03-05"]);
    assert_eq!(names(&t), ["Ben"]);
    // On the day of the call she is never suggested, even with a timestamp.
    let t = k.json(&["today", "--as-of", "2026-03-04T23:00:00Z"]);
    assert_eq!(names(&t), ["Ben"]);
    assert_eq!(
        k.json(&["today", "--as-of", "2026-03-03", "--limit", "1"])["suggestions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let text = k.ok(&["today", "--as-of", "2026-03-03"]);
    assert!(
        text.starts_with("2026-03-03: reach out to\n  1. Ben [inner]  priority "),
        "{text}"
    );
    assert!(
        text.contains("       - last spoke 61 days ago; your circle's target is every 30 days\n"),
        "{text}"
    );

    let err = k.fails(&["today", "--as-of", "last week"]);
    assert!(
        err.starts_with("kith: error: --as-of: \"last week\" is not a date"),
        "{err}"
    );
}

#[test]
fn health_of_everyone_and_of_one() {
    let k = network();
    let all = k.json(&["health", "--as-of", "2026-03-03"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    let ana = &all[0];
    assert_eq!(ana["name"], "Ana Ruiz");
    assert_eq!(ana["daysSinceLast"], 61);
    assert_eq!(ana["cadenceSource"], "circle");
    for key in [
        "recency",
        "intensity",
        "consistency",
        "reciprocity",
        "depth",
    ] {
        let v = ana["components"][key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v), "{key} = {v}");
    }
    for key in [
        "contactId",
        "circle",
        "health",
        "warmth",
        "cadenceDays",
        "weakest",
        "explanation",
    ] {
        assert!(ana.get(key).is_some(), "{key}");
    }
    let one = k.json(&["health", "Ana", "--as-of", "2026-03-05"]);
    assert_eq!(one["daysSinceLast"], 1);
    assert!(one["health"].as_u64().unwrap() > ana["health"].as_u64().unwrap());
    let text = k.ok(&["health", "Ana", "--as-of", "2026-03-05"]);
    assert!(text.starts_with("Ana Ruiz: health "), "{text}");
    assert!(text.contains("  weakest: "), "{text}");
    // What counts toward the score, on its scale; the rest as facts about the tie.
    assert!(
        text.contains("  in the score: recency ") && text.contains("  about the tie: "),
        "{text}"
    );
    assert!(
        !text.contains("consistency") && !text.contains("warmth 0."),
        "{text}"
    );
    // Periods of the cadence, said with their length; a gap in days not said twice.
    assert!(
        text.contains(" periods of ") && !text.contains("yesterday (1 day)"),
        "{text}"
    );
}

#[test]
fn feedback_verbs_snooze_dismiss_done() {
    let k = network();
    let fb = k.json(&["today", "snooze", "Ben", "--until", "2099-12-31"]);
    assert_eq!(fb["action"], "snoozed");
    assert_eq!(fb["lane"], "reachOut");
    assert_eq!(fb["until"], "2099-12-31");
    // Snoozed from now on; as of a day after the snooze ends, he is back.
    assert!(!names(&k.json(&["today"])).contains(&"Ben"));
    assert!(names(&k.json(&["today", "--as-of", "2100-01-01"])).contains(&"Ben"));
    let text = k.ok(&["today", "dismiss", "Ana"]);
    assert_eq!(text, "dismissed Ana Ruiz: shown lower for 30 days\n");
    let text = k.ok(&["today", "done", "Ana"]);
    assert!(text.starts_with("marked Ana Ruiz done"), "{text}");
    assert!(!names(&k.json(&["today"])).contains(&"Ana Ruiz"));
    let err = k.fails(&["today", "snooze", "Ben", "--until", "2020-01-01"]);
    assert!(
        err.starts_with("kith: error: --until: 2020-01-01 is not after today"),
        "{err}"
    );
    let err = k.fails(&["today", "done", "Nobody"]);
    assert!(err.contains("no contact matches \"Nobody\""), "{err}");
}

#[test]
fn help_opportunities_name_the_shared_terms() {
    let k = network();
    k.ok(&["ask", "add", "Ana", "--need", "a designer for her app"]);
    k.ok(&["ask", "add", "me", "--offer", "design"]);
    let ops = k.json(&["help-opportunities"]);
    assert_eq!(ops[0]["kind"], "canHelp");
    assert_eq!(ops[0]["terms"], serde_json::json!(["designer"]));
    let text = k.ok(&["help-opportunities"]);
    assert!(
        text.contains("Ana Ruiz needs “a designer for her app”: you listed “design” as an offer"),
        "{text}"
    );
}

/// Issue 19: a need meets an offer by the thing needed, not by a city both name.
#[test]
fn help_opportunities_match_the_thing_not_the_city() {
    let k = network();
    for name in ["Trudi", "Maggie", "Pilar"] {
        k.ok(&["contact", "add", name]);
    }
    k.ok(&[
        "ask",
        "add",
        "me",
        "--offer",
        "Intros to seed investors in Berlin",
    ]);
    k.ok(&[
        "ask",
        "add",
        "me",
        "--offer",
        "Brand identity and logo design",
    ]);
    k.ok(&[
        "ask",
        "add",
        "Trudi",
        "--need",
        "senior data engineer to hire in Berlin",
    ]);
    k.ok(&[
        "ask",
        "add",
        "Maggie",
        "--need",
        "Warm intro to a seed investor",
    ]);
    k.ok(&[
        "ask",
        "add",
        "Pilar",
        "--need",
        "Busco un diseñador para nuestra marca",
    ]);
    let ops = k.json(&["help-opportunities"]);
    let found: Vec<(&str, &str)> = ops
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["need"]["contact"]["name"].as_str().unwrap(),
                o["offer"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found.len(),
        2,
        "Trudi's engineer shares only Berlin with the investors: {found:?}"
    );
    assert!(found.contains(&("Maggie", "Intros to seed investors in Berlin")));
    assert!(found.contains(&("Pilar", "Brand identity and logo design")));
    let text = k.ok(&["help-opportunities"]);
    assert!(
        text.contains(
            "Maggie needs “Warm intro to a seed investor”: you listed “Intros to seed investors \
             in Berlin” as an offer (shared: seed investor, intro)"
        ),
        "{text}"
    );
}

#[test]
fn remind_add_list_done_snooze() {
    let k = network();
    let r = k.json(&[
        "remind",
        "add",
        "Ana",
        "--on",
        "2026-03-01",
        "send the article",
    ]);
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["source"], "manual");
    assert_eq!(r["status"], "open");
    let overdue = k.json(&["remind", "list"]);
    assert_eq!(overdue["overdue"][0]["id"], id);
    let text = k.ok(&["remind", "list"]);
    assert!(
        text.contains("overdue    2026-03-01  Ana Ruiz: send the article"),
        "{text}"
    );
    let r = k.json(&["remind", "snooze", &id.to_string(), "--until", "2099-01-01"]);
    assert_eq!(r["status"], "snoozed");
    assert_eq!(
        k.json(&["remind", "list"])["overdue"],
        serde_json::json!([])
    );
    let r = k.json(&["remind", "done", &id.to_string()]);
    assert_eq!(r["status"], "done");
    let err = k.fails(&["remind", "add", "Ana", "--on", "soon", "x"]);
    assert!(
        err.starts_with("kith: error: --on: \"soon\" is not a date"),
        "{err}"
    );
    let err = k.fails(&["remind", "done", "999"]);
    assert!(err.contains("no reminder with id 999"), "{err}");
}

#[test]
fn import_is_all_or_nothing_and_names_the_bad_line() {
    let k = Kith::new();
    k.ok(&["contact", "add", "Ana Ruiz"]);
    let mut csv = String::from("when,participants,kind,initiated_by,summary,notes\n");
    for day in 1..=9 {
        let when = if day == 6 {
            "someday".to_owned()
        } else {
            format!("2026-01-{day:02}")
        };
        csv.push_str(&format!("{when},ana ruiz;Zoe,call,them,call {day},\n"));
    }
    let bad = k.file("bad.csv", &csv);
    let err = k.fails(&["import", &bad, "--format", "interactions"]);
    assert!(
        err.starts_with("kith: error: line 7, when: \"someday\" is not a date"),
        "{err}"
    );
    let people = k.json(&["contact", "list"]);
    assert_eq!(
        people.as_array().unwrap().len(),
        1,
        "nothing written: {people}"
    );

    let good = k.file("good.csv", &csv.replace("someday", "2026-01-06"));
    let dry = k.json(&["import", &good, "--format", "interactions", "--dry-run"]);
    assert_eq!(dry["dryRun"], true);
    assert_eq!(dry["interactionsCreated"], 9);
    assert_eq!(k.json(&["contact", "list"]).as_array().unwrap().len(), 1);
    let text = k.ok(&["import", &good, "--format", "interactions"]);
    assert_eq!(
        text,
        "imported 9 interactions (1 new contacts, 1 existing)\n"
    );
    assert_eq!(k.json(&["timeline", "Zoe"])["total"], 9);
    let h = k.json(&["health", "Zoe", "--as-of", "2026-01-31"]);
    assert_eq!(h["daysSinceLast"], 22);
    assert_eq!(h["cadenceSource"], "learned");
    assert_eq!(
        h["cadenceDays"], 7.0,
        "no circle: every day, clipped to the one-week floor"
    );
    // On 2 January only two days are known: too few to learn, so the 90-day default.
    let early = k.json(&["health", "Zoe", "--as-of", "2026-01-02"]);
    assert_eq!(early["cadenceSource"], "default");
    assert_eq!(early["cadenceDays"], 90.0);
    let text = k.ok(&["health", "Zoe", "--as-of", "2026-01-02"]);
    assert!(text.contains("cadence every 90 days (default)"), "{text}");
}

#[test]
fn settings_show_and_set_with_errors_naming_the_flags() {
    let k = Kith::new();
    let s = k.json(&["settings"]);
    assert_eq!(s["dailyBudget"], 5);
    assert_eq!(s["notifications"], true);
    assert_eq!(s["notifyAt"], "09:00");
    assert_eq!(s["circleGaps"]["close"], 30);
    let text = k.ok(&["settings", "show"]);
    assert!(text.contains("daily budget:   5"), "{text}");
    assert!(
        text.contains("circle gaps:    inner 7, close 30, network 90, wider 365 (days)"),
        "{text}"
    );

    // Only the flags given change.
    let s = k.json(&[
        "settings",
        "set",
        "--daily-budget",
        "3",
        "--notifications",
        "off",
        "--notify-at",
        "07:30",
        "--gap-close",
        "21",
    ]);
    assert_eq!(s["dailyBudget"], 3);
    assert_eq!(s["notifications"], false);
    assert_eq!(s["notifyAt"], "07:30");
    assert_eq!(s["circleGaps"]["close"], 21);
    assert_eq!(s["circleGaps"]["inner"], 7);
    assert_eq!(k.json(&["settings"]), s);

    let err = k.fails(&[
        "settings",
        "set",
        "--daily-budget",
        "99",
        "--gap-wider",
        "0",
    ]);
    assert!(err.contains("--daily-budget: 99 is too many"), "{err}");
    assert!(err.contains("--gap-wider: 0 days"), "{err}");
    let err = k.fails(&["settings", "set", "--notify-at", "9am"]);
    assert!(
        err.contains("--notify-at: \"9am\" is not a time of day"),
        "{err}"
    );
    // A closer circle is not kept further apart than a wider one.
    let err = k.fails(&["settings", "set", "--gap-close", "5"]);
    assert!(
        err.contains(
            "--gap-close: every 5 days is more often than the inner circle's every 7: the \
             close circle's gap is 7 days or more"
        ),
        "{err}"
    );
    assert_eq!(k.json(&["settings"]), s, "a refused change writes nothing");
}

#[test]
fn contact_list_sorts_by_health_and_shows_it() {
    let k = network();
    let rows = k.json(&["contact", "list", "--sort", "health"]);
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    let scores: Vec<u64> = rows.iter().map(|r| r["health"].as_u64().unwrap()).collect();
    let mut sorted = scores.clone();
    sorted.sort_unstable();
    assert_eq!(scores, sorted);
    let text = k.ok(&["contact", "list", "--sort", "health"]);
    assert!(text.lines().all(|l| l.contains(" health ")), "{text}");
    // Other sorts keep their shape: no health computed.
    let by_name = k.json(&["contact", "list"]);
    assert!(by_name[0]["health"].is_null());
}

#[test]
fn the_cli_prints_the_same_figures_and_honours_as_of() {
    let kith = Kith::new();
    let k = |args: &[&str]| kith.ok(args);
    k(&["contact", "add", "Ana", "--circle", "close"]);
    k(&["contact", "add", "Ben", "--circle", "inner"]);
    for day in ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"] {
        k(&[
            "log",
            "--with",
            "Ana",
            "--at",
            day,
            "--initiated-by",
            "me",
            "call",
        ]);
    }
    k(&["log", "--with", "Ben", "--at", "2026-03-01", "hello"]);
    let v: Value =
        serde_json::from_str(&k(&["review", "--as-of", "2026-03-01", "--json"])).unwrap();
    let circles = v["circles"].as_array().unwrap();
    assert_eq!(circles[0]["circle"], "inner");
    assert_eq!(circles[0]["people"], 1);
    assert_eq!(circles[1]["people"], 1);
    assert_eq!(v["trend"].as_array().unwrap().len(), 53);
    assert_eq!(v["oneSided"][0]["contact"]["name"], "Ana");
    assert_eq!(v["oneSided"][0]["lean"], "iStart");
    // As of the day before Ben's hello (which was logged for the end of 2026-03-01), Ben
    // has never been contacted.
    let before: Value =
        serde_json::from_str(&k(&["review", "--as-of", "2026-02-28", "--json"])).unwrap();
    assert_eq!(before["circles"][0]["never"], 1);
    assert_eq!(before["activity"]["total"], 4);
    let text = k(&["review", "--as-of", "2026-03-01"]);
    assert!(text.contains("one-sided"), "{text}");
    assert!(
        text.contains("you started 4 of the last 4 conversations"),
        "{text}"
    );
    let map: Value =
        serde_json::from_str(&k(&["review", "--as-of", "2026-03-01", "--map", "--json"])).unwrap();
    assert_eq!(map["nodes"].as_array().unwrap().len(), 2);
    // A person's health over time, as the person page charts it: it ends on their health.
    let series: Value = serde_json::from_str(&k(&[
        "health",
        "Ana",
        "--over-time",
        "--as-of",
        "2026-03-01",
        "--json",
    ]))
    .unwrap();
    let health: Value =
        serde_json::from_str(&k(&["health", "Ana", "--as-of", "2026-03-01", "--json"])).unwrap();
    let points = series.as_array().unwrap();
    assert_eq!(points.len(), 53);
    assert_eq!(points.last().unwrap()["health"], health["health"]);
    // Reaching out to Ana put off (from Today, or the weekly review): the review says so.
    let until = (chrono::Local::now().date_naive() + chrono::Duration::days(14)).to_string();
    k(&["today", "snooze", "Ana", "--until", &until]);
    let v: Value = serde_json::from_str(&k(&["review", "--json"])).unwrap();
    assert_eq!(v["oneSided"][0]["contact"]["name"], "Ana");
    assert_eq!(v["oneSided"][0]["snoozedUntil"], until.as_str());
    let text = k(&["review"]);
    assert!(text.contains(&format!("snoozed until {until}")), "{text}");
}

#[test]
fn a_daily_budget_of_0_says_suggestions_are_off_not_that_nobody_is_due() {
    let k = network();
    assert!(!k.json(&["today"])["suggestions"]
        .as_array()
        .unwrap()
        .is_empty());
    k.ok(&["settings", "set", "--daily-budget", "0"]);
    let text = k.ok(&["today"]);
    assert!(
        text.contains("suggestions are turned off (daily budget 0)")
            && !text.contains("nobody to reach out to"),
        "{text}"
    );
}
