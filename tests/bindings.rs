//! The TypeScript types in `ui/src/bindings.ts` are generated from the Rust types shared with
//! the UI. This test fails when the committed file differs from what the Rust types produce;
//! run `KITH_UPDATE_BINDINGS=1 cargo test --test bindings` to regenerate it.

use kith::engine::*;
use kith::error::{Error, FieldError};
use kith::io::interactions_csv::ImportReport;
use kith::io::{
    ExportFormat, ExportReport, ImportFormat, ImportPlan, PlanAction, PlanItem, Skipped, TableCount,
};
use kith::model::*;
use ts_rs::{Config, TS};

fn generate() -> String {
    // i64 and u64 (ids, sizes) are numbers in the UI: every value Kith sends fits in 2^53.
    let cfg = Config::default().with_large_int("number");
    let decls = [
        Circle::decl(&cfg),
        ChannelKind::decl(&cfg),
        Channel::decl(&cfg),
        ImportantDate::decl(&cfg),
        NameParts::decl(&cfg),
        TitleKind::decl(&cfg),
        Title::decl(&cfg),
        Address::decl(&cfg),
        ContactRef::decl(&cfg),
        Interest::decl(&cfg),
        Contact::decl(&cfg),
        ContactSummary::decl(&cfg),
        ContactInput::decl(&cfg),
        ContactSort::decl(&cfg),
        TagCount::decl(&cfg),
        ContactQuery::decl(&cfg),
        Page::<()>::decl(&cfg),
        InteractionKind::decl(&cfg),
        Initiator::decl(&cfg),
        Role::decl(&cfg),
        RoleGroup::decl(&cfg),
        RelationshipInput::decl(&cfg),
        Relationship::decl(&cfg),
        Acquaintance::decl(&cfg),
        PeopleAround::decl(&cfg),
        PromisedBy::decl(&cfg),
        HelpInput::decl(&cfg),
        Help::decl(&cfg),
        FollowUp::decl(&cfg),
        NewInteraction::decl(&cfg),
        Interaction::decl(&cfg),
        SourceKind::decl(&cfg),
        SourceStatus::decl(&cfg),
        SkipCount::decl(&cfg),
        SourceTotals::decl(&cfg),
        Source::decl(&cfg),
        CaptureCount::decl(&cfg),
        ScanReport::decl(&cfg),
        Unknown::decl(&cfg),
        OwnAddress::decl(&cfg),
        ExportQuestions::decl(&cfg),
        ExportAuthor::decl(&cfg),
        CapturedMessage::decl(&cfg),
        FoundSource::decl(&cfg),
        AskKind::decl(&cfg),
        AskStatus::decl(&cfg),
        NewAsk::decl(&cfg),
        Ask::decl(&cfg),
        AskQuery::decl(&cfg),
        SearchKind::decl(&cfg),
        SearchHit::decl(&cfg),
        TrashKind::decl(&cfg),
        TrashItem::decl(&cfg),
        DatabaseInfo::decl(&cfg),
        ImportFormat::decl(&cfg),
        ExportFormat::decl(&cfg),
        Skipped::decl(&cfg),
        PlanAction::decl(&cfg),
        PlanItem::decl(&cfg),
        TableCount::decl(&cfg),
        ImportPlan::decl(&cfg),
        kith::io::ImportDecision::decl(&cfg),
        ImportRecord::decl(&cfg),
        ImportUndo::decl(&cfg),
        kith::ops::Unmerged::decl(&cfg),
        kith::ops::LastMerge::decl(&cfg),
        ExportReport::decl(&cfg),
        BackupKind::decl(&cfg),
        BackupInfo::decl(&cfg),
        CircleGaps::decl(&cfg),
        Settings::decl(&cfg),
        kith::desktop::Desktop::decl(&cfg),
        Lane::decl(&cfg),
        FeedbackAction::decl(&cfg),
        Feedback::decl(&cfg),
        ReminderSource::decl(&cfg),
        ReminderStatus::decl(&cfg),
        Reminder::decl(&cfg),
        NewReminder::decl(&cfg),
        BriefInteraction::decl(&cfg),
        BriefFollowUp::decl(&cfg),
        BriefOffer::decl(&cfg),
        BriefNeed::decl(&cfg),
        BriefDate::decl(&cfg),
        Brief::decl(&cfg),
        Upcoming::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src/model.rs, src/io/mod.rs and src/error.rs by tests/bindings.rs.\n\
         // Do not edit: change the Rust types, then run\n\
         //   KITH_UPDATE_BINDINGS=1 cargo test --test bindings\n",
    );
    for decl in decls.into_iter().chain(later_decls(&cfg)) {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[test]
fn ui_bindings_are_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let want = generate();
    if std::env::var_os("KITH_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).expect("write bindings");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run `KITH_UPDATE_BINDINGS=1 cargo test --test bindings` and commit it",
        path.display()
    );
}

/// The engine's types (Today, health, help, review).
/// The engine's types, then sync's.
fn later_decls(cfg: &Config) -> Vec<String> {
    let mut decls = engine_decls(cfg);
    decls.extend(sync_decls(cfg));
    decls
}

/// Sync's setup, passes, status and conflict log (Settings → Sync).
fn sync_decls(cfg: &Config) -> Vec<String> {
    vec![
        SyncReport::decl(cfg),
        SyncSetupReport::decl(cfg),
        SyncDevice::decl(cfg),
        SyncStatus::decl(cfg),
        SyncConflict::decl(cfg),
    ]
}

fn engine_decls(cfg: &Config) -> Vec<String> {
    vec![
        CadenceSource::decl(cfg),
        Component::decl(cfg),
        Components::decl(cfg),
        ContactHealth::decl(cfg),
        health::TieFacts::decl(cfg),
        Suggestion::decl(cfg),
        HelpKind::decl(cfg),
        AskRef::decl(cfg),
        HelpOpportunity::decl(cfg),
        ReminderItem::decl(cfg),
        UpcomingDate::decl(cfg),
        RemindersView::decl(cfg),
        Today::decl(cfg),
        review::HelpEntry::decl(cfg),
        review::CircleShape::decl(cfg),
        review::TrendPoint::decl(cfg),
        review::FadingTie::decl(cfg),
        review::Lean::decl(cfg),
        review::OneSidedTie::decl(cfg),
        review::MapNode::decl(cfg),
        review::EdgeKind::decl(cfg),
        review::MapEdge::decl(cfg),
        review::NetworkMap::decl(cfg),
        review::Activity::decl(cfg),
        review::Review::decl(cfg),
        review::SeriesPoint::decl(cfg),
        MatchVerdict::decl(cfg),
        MergeField::decl(cfg),
        PastJob::decl(cfg),
        Identity::decl(cfg),
        DuplicateSide::decl(cfg),
        DuplicatePair::decl(cfg),
        ImportReport::decl(cfg),
        FieldError::decl(cfg),
        kith::error::SyncFileProblem::decl(cfg),
        Error::decl(cfg),
    ]
}
