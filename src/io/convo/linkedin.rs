//! LinkedIn's `messages.csv` (from "Get a copy of your data"), read row by row.
//!
//! The columns, named in a header row: `CONVERSATION ID, CONVERSATION TITLE, FROM, SENDER
//! PROFILE URL, TO, RECIPIENT PROFILE URLS, DATE, SUBJECT, CONTENT, FOLDER`, and in newer
//! exports `ATTACHMENTS`, `IS MESSAGE DRAFT`, `IS CONVERSATION DRAFT`. Names are matched
//! whatever their case and spacing, in any order; a UTF-8 byte-order mark is ignored.
//! `DATE` is `2023-05-04 13:22:10 UTC`. `CONTENT` is quoted and may span lines (each item's
//! `line` is the line its row starts on). Group conversations list several names in `TO`
//! and several URLs in `RECIPIENT PROFILE URLS`, both `,`-separated.
//!
//! What is left out, counted in the [`LinkedInReport`] and not reported as problems:
//! rows in the `SPAM` folder, drafts (`IS MESSAGE DRAFT` = yes), sponsored messages (a
//! sender whose URL is a company, showcase or school page rather than a member's, a
//! `SPONSORED` folder, or a conversation titled `Sponsored Conversation`, whose sender is
//! `LinkedIn Member` without URL), and LinkedIn's notices (no one in `FROM` nor in `TO`:
//! `Message request accepted`, `Ana left the conversation.`). InMail from a member is a
//! message like any other (its subject is its text when it has no content).
//!
//! Quirks met: names and text double-encoded (UTF-8 read as Windows-1252 and written again,
//! `RenÃ©`) are repaired; a deleted account's `LinkedIn Member` is no name. Older exports
//! have no `RECIPIENT PROFILE URLS` column: a recipient is known by name only there, and
//! names may hold commas (`Kemi Ade, MBA`), which also separate recipients; the file is
//! read twice, first for each sender's URL, so that a recipient who writes elsewhere in the
//! file is the same person (with their URL), their name whole.
//!
//! The person: [`LinkedInOptions`] gives their profile URLs or name. When it gives neither,
//! [`read_inferring`] first reads the file once to find them ([`infer_me`]: who takes
//! part in the most conversations, as sender or recipient — the owner is in all of them)
//! and returns who it took ([`LinkedInReport::me`]) for the caller to show or confirm; when
//! two people tie (a file with one conversation) it takes nobody, and [`read`] without a
//! person marks nothing as the person's, leaving everyone in `others`.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom};

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{ConvoEvent, ConvoItem, ConvoKind, ConvoProblem, Party};

/// Who the person is, as the caller knows it.
#[derive(Debug, Clone, Default)]
pub struct LinkedInOptions {
    /// The person's profile URLs (`https://www.linkedin.com/in/slug`, any form of it).
    pub my_profile_urls: Vec<String>,
    /// The person's name as LinkedIn shows it; used for rows without URLs.
    pub my_name: Option<String>,
}

impl LinkedInOptions {
    fn is_empty(&self) -> bool {
        self.my_profile_urls.iter().all(|u| url_key(u).is_none())
            && self.my_name.as_deref().is_none_or(|n| n.trim().is_empty())
    }
}

/// The person as the traffic shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub name: Option<String>,
    pub url: Option<String>,
    /// In how many of the file's conversations they take part...
    pub conversations: u64,
    /// ...of how many.
    pub of: u64,
}

/// What a read did besides its items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedInReport {
    /// The person inferred by [`read_inferring`] (`None` when given, or when nobody stood out).
    pub me: Option<Me>,
    /// Rows read (header excluded), including the ones left out.
    pub rows: u64,
    pub spam: u64,
    pub drafts: u64,
    pub sponsored: u64,
    /// Rows naming nobody, neither in `FROM` nor in `TO`: LinkedIn's notices (`Message
    /// request accepted`, `Ana left the conversation.`).
    pub notices: u64,
}

/// Most bytes of text kept from one message.
const TEXT_MAX_BYTES: usize = 64 * 1024;

/// Reads `messages.csv`, handing each message, and each row that cannot be read, to `sink`.
/// The file is read twice: first for the senders' URLs ([`Directory`]).
pub fn read<R: Read + Seek>(
    mut reader: R,
    options: &LinkedInOptions,
    sink: &mut dyn FnMut(ConvoItem),
) -> LinkedInReport {
    let mut report = LinkedInReport::default();
    let senders = match Directory::read(&mut reader) {
        Ok(d) => d,
        Err(e) => {
            problem(sink, 0, format!("the file cannot be read again: {e}"));
            return report;
        }
    };
    let me = Person::new(options);
    for_each_row(reader, &mut report, sink, &mut |row, line, sink| {
        message(row, line, &me, &senders, sink);
    });
    report
}

/// Each sender's profile URL by their name, as the file's rows give them: older exports
/// have no `RECIPIENT PROFILE URLS`, so a recipient is a name there, and the same person a
/// URL when they write; and a name may hold commas (`Kemi Ade, MBA`), which `TO` also
/// separates recipients with. Names are compared without case and without the spaces
/// around their commas; a name two URLs write under is nobody's.
#[derive(Default)]
struct Directory(HashMap<String, Option<(String, String)>>);

/// The most `,`-separated pieces one name is made of.
const NAME_PIECES_MAX: usize = 4;

impl Directory {
    /// Reads the file from where `reader` is, and goes back there.
    fn read<R: Read + Seek>(reader: &mut R) -> std::io::Result<Self> {
        let start = reader.stream_position()?;
        let mut senders: HashMap<String, Option<(String, String)>> = HashMap::new();
        let mut report = LinkedInReport::default();
        for_each_row(&mut *reader, &mut report, &mut |_| {}, &mut |row, _, _| {
            let Party {
                name: Some(name),
                url: Some(url),
                ..
            } = row.sender()
            else {
                return;
            };
            let entry = senders
                .entry(name_key(&name))
                .or_insert_with(|| Some((name, url.clone())));
            if entry
                .as_ref()
                .is_some_and(|(_, known)| url_key(known) != url_key(&url))
            {
                *entry = None;
            }
        });
        reader.seek(SeekFrom::Start(start))?;
        Ok(Self(senders))
    }

    /// The people `TO` names (its `,`-separated pieces): the longest run of pieces that is a
    /// sender's name is that sender, with their URL; any other piece a name alone.
    fn recipients(&self, pieces: &[&str]) -> Vec<Party> {
        let mut people = Vec::with_capacity(pieces.len());
        let mut i = 0;
        while i < pieces.len() {
            let last = pieces.len().min(i + NAME_PIECES_MAX);
            let found = (i + 1..=last).rev().find_map(|j| {
                let known = self.0.get(&name_key(&pieces[i..j].join(",")))?;
                Some((j, known.as_ref()?))
            });
            match found {
                Some((j, (name, url))) => {
                    people.push(party(Some(name), Some(url)));
                    i = j;
                }
                None => {
                    people.push(party(Some(pieces[i]), None));
                    i += 1;
                }
            }
        }
        people
    }
}

/// A name for comparing: lowercased, without the spaces around its commas.
fn name_key(name: &str) -> String {
    name.split(',')
        .map(|p| p.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join(",")
}

/// Like [`read`], finding the person first (a first read of the file) when `options`
/// does not say who they are.
pub fn read_inferring<R: Read + Seek>(
    mut reader: R,
    options: &LinkedInOptions,
    sink: &mut dyn FnMut(ConvoItem),
) -> std::io::Result<LinkedInReport> {
    if !options.is_empty() {
        return Ok(read(reader, options, sink));
    }
    let me = infer_me(&mut reader);
    reader.seek(SeekFrom::Start(0))?;
    let inferred = LinkedInOptions {
        my_profile_urls: me.iter().filter_map(|m| m.url.clone()).collect(),
        my_name: me.as_ref().and_then(|m| m.name.clone()),
    };
    let mut report = read(reader, &inferred, sink);
    report.me = me;
    Ok(report)
}

/// Everyone in the file's conversations (sender or recipient, by profile URL, else by name)
/// with the number of conversations they are in, most first (then by name); and the number
/// of conversations.
pub fn participants<R: Read + Seek>(mut reader: R) -> (Vec<(Party, u64)>, u64) {
    let mut seen: HashMap<String, (Party, HashSet<String>)> = HashMap::new();
    let mut all: HashSet<String> = HashSet::new();
    let mut report = LinkedInReport::default();
    let Ok(senders) = Directory::read(&mut reader) else {
        return (Vec::new(), 0);
    };
    for_each_row(reader, &mut report, &mut |_| {}, &mut |row, _, _| {
        if row.conversation.is_empty() {
            return;
        }
        all.insert(row.conversation.clone());
        for p in std::iter::once(row.sender()).chain(row.recipients(&senders)) {
            let Some(key) = party_key(&p) else { continue };
            let entry = seen.entry(key).or_insert_with(|| (p, HashSet::new()));
            entry.1.insert(row.conversation.clone());
        }
    });
    let mut list: Vec<(Party, u64)> = seen
        .into_values()
        .map(|(p, c)| (p, c.len() as u64))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    (list, all.len() as u64)
}

/// Who takes part in the most conversations of the file (sender or recipient); `None` when
/// two or more tie, or there are no conversations.
pub fn infer_me<R: Read + Seek>(reader: R) -> Option<Me> {
    let (best, of) = participants(reader);
    match best.as_slice() {
        [(p, n), rest @ ..] if rest.first().is_none_or(|(_, m)| m < n) => Some(Me {
            name: p.name.clone(),
            url: p.url.clone(),
            conversations: *n,
            of,
        }),
        _ => None,
    }
}

/// One row, its fields decoded.
struct Row {
    conversation: String,
    from: String,
    sender_url: String,
    to: String,
    recipient_urls: String,
    date: String,
    subject: String,
    content: String,
}

impl Row {
    fn sender(&self) -> Party {
        party(Some(&self.from), Some(&self.sender_url))
    }

    /// The recipients: names and URLs paired when they are as many; one person when there
    /// is one URL (a name with a comma); else the URLs alone, or, without URLs, the names
    /// (with the URLs they write under, [`Directory`]).
    fn recipients(&self, senders: &Directory) -> Vec<Party> {
        let urls: Vec<&str> = split(&self.recipient_urls);
        let names: Vec<&str> = split(&self.to);
        if urls.len() == names.len() {
            names
                .iter()
                .zip(&urls)
                .map(|(n, u)| party(Some(n), Some(u)))
                .collect()
        } else if urls.len() == 1 {
            vec![party(Some(&self.to), Some(urls[0]))]
        } else if urls.is_empty() {
            senders.recipients(&names)
        } else {
            urls.iter().map(|u| party(None, Some(u))).collect()
        }
    }
}

fn split(s: &str) -> Vec<&str> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn party(name: Option<&str>, url: Option<&str>) -> Party {
    let name = name
        .map(|n| n.trim())
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("LinkedIn Member"));
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    Party {
        name: name.map(str::to_owned),
        url: url.map(str::to_owned),
        ..Party::default()
    }
}

/// The column indexes of the fields read.
#[derive(Default)]
struct Columns {
    conversation: Option<usize>,
    title: Option<usize>,
    from: Option<usize>,
    sender_url: Option<usize>,
    to: Option<usize>,
    recipient_urls: Option<usize>,
    date: Option<usize>,
    subject: Option<usize>,
    content: Option<usize>,
    folder: Option<usize>,
    draft: Option<usize>,
}

impl Columns {
    fn from_header(header: &csv::ByteRecord) -> Self {
        let mut c = Columns::default();
        for (i, name) in header.iter().enumerate() {
            let key: String = String::from_utf8_lossy(name)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect();
            let slot = match key.as_str() {
                "CONVERSATIONID" => &mut c.conversation,
                "CONVERSATIONTITLE" => &mut c.title,
                "FROM" => &mut c.from,
                "SENDERPROFILEURL" => &mut c.sender_url,
                "TO" => &mut c.to,
                "RECIPIENTPROFILEURLS" | "RECIPIENTPROFILEURL" => &mut c.recipient_urls,
                "DATE" => &mut c.date,
                "SUBJECT" => &mut c.subject,
                "CONTENT" => &mut c.content,
                "FOLDER" => &mut c.folder,
                "ISMESSAGEDRAFT" => &mut c.draft,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// What [`for_each_row`] calls with a row, its line and the sink.
type RowFn<'a> = dyn FnMut(Row, u64, &mut dyn FnMut(ConvoItem)) + 'a;

/// Calls `each` with every row that is a message (spam, drafts and sponsored rows counted
/// in `report` and left out), reporting unreadable files to `sink`.
fn for_each_row<R: Read>(
    reader: R,
    report: &mut LinkedInReport,
    sink: &mut dyn FnMut(ConvoItem),
    each: &mut RowFn,
) {
    // Rows end at `\n` only: with CRLF the default puts a row's start on the line before
    // (the `\n` of `\r\n` is read with the next row); the `\r` left is trimmed away.
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut columns: Option<Columns> = None;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problem(
                    sink,
                    line,
                    format!("the rest of the file cannot be read: {e}"),
                );
                break;
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let Some(c) = &columns else {
            let c = Columns::from_header(&record);
            if c.conversation.is_none() || c.from.is_none() || c.date.is_none() {
                let m = "not LinkedIn's messages.csv: its first row does not name the \
                         CONVERSATION ID, FROM and DATE columns";
                problem(sink, line, m);
                return;
            }
            columns = Some(c);
            continue;
        };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        report.rows += 1;
        let field = |i: Option<usize>| -> String {
            i.and_then(|i| record.get(i))
                .map(|f| repair(String::from_utf8_lossy(f).trim()))
                .unwrap_or_default()
        };
        let folder = field(c.folder).to_ascii_uppercase();
        if folder == "SPAM" {
            report.spam += 1;
            continue;
        }
        let draft = field(c.draft).to_ascii_lowercase();
        if matches!(draft.as_str(), "yes" | "true" | "1") {
            report.drafts += 1;
            continue;
        }
        let row = Row {
            conversation: field(c.conversation),
            from: field(c.from),
            sender_url: field(c.sender_url),
            to: field(c.to),
            recipient_urls: field(c.recipient_urls),
            date: field(c.date),
            subject: field(c.subject),
            content: field(c.content),
        };
        if [&row.from, &row.sender_url, &row.to, &row.recipient_urls]
            .iter()
            .all(|f| f.is_empty())
        {
            report.notices += 1;
            continue;
        }
        if folder.contains("SPONSORED")
            || is_page(&row.sender_url)
            || field(c.title).eq_ignore_ascii_case("Sponsored Conversation")
        {
            report.sponsored += 1;
            continue;
        }
        each(row, line, sink);
    }
}

/// Whether a sender URL is a company's, a showcase's or a school's page (sponsored).
fn is_page(url: &str) -> bool {
    let url = url.to_ascii_lowercase();
    ["/company/", "/showcase/", "/school/"]
        .iter()
        .any(|p| url.contains(p))
}

fn problem(sink: &mut dyn FnMut(ConvoItem), line: u64, message: impl Into<String>) {
    sink(ConvoItem::Problem(ConvoProblem {
        line,
        message: message.into(),
    }));
}

/// The person, as the options say, for telling their rows and parties apart.
struct Person {
    urls: Vec<String>,
    name: Option<String>,
}

impl Person {
    fn new(options: &LinkedInOptions) -> Self {
        Self {
            urls: options
                .my_profile_urls
                .iter()
                .filter_map(|u| url_key(u))
                .collect(),
            name: options
                .my_name
                .as_deref()
                .map(|n| n.trim().to_lowercase())
                .filter(|n| !n.is_empty()),
        }
    }

    /// A URL decides when both sides have one; the name otherwise.
    fn is(&self, p: &Party) -> bool {
        if let (Some(url), false) = (p.url.as_deref().and_then(url_key), self.urls.is_empty()) {
            return self.urls.contains(&url);
        }
        match (&self.name, &p.name) {
            (Some(mine), Some(name)) => name.trim().to_lowercase() == *mine,
            _ => false,
        }
    }
}

fn message(row: Row, line: u64, me: &Person, senders: &Directory, sink: &mut dyn FnMut(ConvoItem)) {
    if row.conversation.is_empty() {
        return problem(sink, line, "message left out: it has no CONVERSATION ID");
    }
    let at = match parse_date(&row.date) {
        Some(at) => at,
        None if row.date.is_empty() => {
            return problem(sink, line, "message left out: it has no DATE");
        }
        None => {
            let m = format!("message left out: its DATE {:?} is not a date", row.date);
            return problem(sink, line, m);
        }
    };
    let sender = row.sender();
    let from_me = me.is(&sender);
    let mut others: Vec<Party> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let candidates = (!from_me).then(|| sender.clone()).into_iter();
    for p in candidates.chain(row.recipients(senders)) {
        let Some(key) = party_key(&p) else { continue };
        if me.is(&p) || keys.contains(&key) {
            continue;
        }
        keys.push(key);
        others.push(p);
    }
    if others.is_empty() {
        let m = "message left out: it names nobody but the person (a deleted account shows as \
                 \"LinkedIn Member\", with no profile URL)";
        return problem(sink, line, m);
    }
    let mut text = if row.content.is_empty() {
        row.subject
    } else {
        row.content
    };
    if text.len() > TEXT_MAX_BYTES {
        let mut end = TEXT_MAX_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    sink(ConvoItem::Event(ConvoEvent {
        chat: row.conversation,
        at,
        from_me,
        author: (!from_me).then_some(sender),
        others,
        kind: ConvoKind::Message,
        text: (!text.is_empty()).then_some(text),
        line,
    }));
}

/// A party's identity for comparing: its profile URL, else its name.
fn party_key(p: &Party) -> Option<String> {
    p.url.as_deref().and_then(url_key).or_else(|| {
        p.name
            .as_ref()
            .map(|n| format!("name:{}", n.to_lowercase()))
    })
}

/// A profile URL without scheme, `www.`, query or trailing slash, lowercased:
/// `https://www.linkedin.com/in/Ana-Ruiz/` and `linkedin.com/in/ana-ruiz` are one.
fn url_key(url: &str) -> Option<String> {
    let u = url.trim().to_lowercase();
    let u = u
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let u = u.split(['?', '#']).next().unwrap_or_default();
    let u = u.trim_end_matches('/');
    // Country subdomains (`de.linkedin.com`) and `www.` are the same site.
    let u = match u.find("linkedin.com/") {
        Some(at) => &u[at..],
        None => u,
    };
    (!u.is_empty()).then(|| u.to_owned())
}

/// `2023-05-04 13:22:10 UTC`, or the same without `UTC`, with a `T`, or RFC 3339.
fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    let bare = raw
        .strip_suffix("UTC")
        .or_else(|| raw.strip_suffix('Z'))
        .unwrap_or(raw)
        .trim();
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(bare, f).ok())
    .map(|n| n.and_utc())
}

/// Text double-encoded (UTF-8 bytes read as Windows-1252, written again as UTF-8:
/// `RenÃ©`, `donâ€™t`) made right; anything else as it is.
fn repair(s: &str) -> String {
    if !s.contains(['Ã', 'Â', 'â', 'ð']) {
        return s.to_owned();
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
    if unmappable {
        return s.to_owned();
    }
    match std::str::from_utf8(&bytes) {
        Ok(fixed) if fixed.len() < s.len() => fixed.to_owned(),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests;
