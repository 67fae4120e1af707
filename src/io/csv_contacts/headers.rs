//! The columns of Outlook's and Thunderbird's CSV exports, in every language Kith reads, as
//! data: one table from a column name to the field it fills, shared by both formats.
//!
//! Names are compared by their [`key`]: lowercase, accents folded, everything but letters
//! and digits removed ("E-Mail 2: Adresse" → `email2adresse`, "Tél. personnel" →
//! `telpersonnel`), so "Home ZipCode" and "Home Zipcode", "Home Address 2" and
//! "Home Address2", "Telefon privat" and "Telefon (privat)" are one entry. An entry says
//! which format it belongs to: the same word can mean two things ("Geburtstag" is the
//! birthday in German Outlook and the day of the month of it in German Thunderbird).
//!
//! French Thunderbird repeats "Ville", "Pays/État" and "Code postal" for the home and the
//! work address: those entries have no slot of their own and take the slot of the address
//! column before them ([`columns`]).
//!
//! Sources: the column lists Outlook 2010–365 and Thunderbird 60–128 write in English,
//! German and French, as seen in exports and in other projects' readers of them. Entries
//! marked "unsure" in a comment are spellings seen in only one place (older versions).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::super::ImportFormat;

/// Which of a contact's addresses a column belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Work,
    Home,
    Other,
}

/// A part of a postal address. Street lines (Outlook's "Street", "Street 2", "Street 3",
/// Thunderbird's "Address", "Address 2") are all `Street`, in column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Street,
    PoBox,
    Locality,
    Region,
    Postcode,
    Country,
}

/// What a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Prefix,
    Given,
    Additional,
    Family,
    Suffix,
    /// The name as shown (Thunderbird's "Display Name").
    DisplayName,
    Nickname,
    Company,
    Department,
    JobTitle,
    /// Outlook's "Profession": a title of kind role.
    Profession,
    /// Outlook's free-text "Location".
    Location,
    /// Outlook's "Referred By": how we met.
    ReferredBy,
    Email,
    /// Outlook's "E-mail Display Name": "Ana Ruiz (ana@example.com)", derived from the
    /// name and the address; reported only when it says something else.
    EmailDisplay,
    Phone {
        label: &'static str,
        types: &'static [&'static str],
    },
    Link(Option<&'static str>),
    /// An address part; `None`: the slot of the address column before it.
    Address(Option<Slot>, Part),
    /// A whole date (Outlook: "3/14/1988", "14.03.1988"; "0/0/00" for none).
    Birthday,
    Anniversary,
    /// Thunderbird's birthday in three columns.
    BirthYear,
    BirthMonth,
    BirthDay,
    Notes,
    /// Outlook's categories, separated by ";": tags.
    Categories,
    /// Derived from other columns or technical ("Initials", "E-mail Type" = SMTP): not kept,
    /// not reported.
    Derived,
    /// A setting Outlook writes for every contact ("Gender" = Unspecified, "Priority" =
    /// Normal, "Private" = False): reported only when it is not the default.
    Setting,
    /// A column Kith has no field for ("Spouse", "Custom 1"): reported when not empty.
    Unsupported,
}

const O: u8 = 1;
const T: u8 = 2;
const B: u8 = O | T;

use Field::*;
use Part::*;
use Slot::*;

const WORK: Option<Slot> = Some(Work);
const HOME: Option<Slot> = Some(Home);
const OTHER: Option<Slot> = Some(Other);

const fn phone(label: &'static str, types: &'static [&'static str]) -> Field {
    Phone { label, types }
}

const WORK_PHONE: Field = phone("work", &["work", "voice"]);
const HOME_PHONE: Field = phone("home", &["home", "voice"]);
const MOBILE: Field = phone("mobile", &["cell"]);
const PAGER: Field = phone("pager", &["pager"]);
const FAX: Field = phone("fax", &["fax"]);
const WORK_FAX: Field = phone("work fax", &["work", "fax"]);
const HOME_FAX: Field = phone("home fax", &["home", "fax"]);

/// Column name (as the program writes it), formats, field.
#[rustfmt::skip]
const TABLE: &[(&str, u8, Field)] = &[
    // Names --------------------------------------------------------------------------
    ("Title", O, Prefix), ("Anrede", O, Prefix),
    ("First Name", B, Given), ("Vorname", B, Given), ("Prénom", T, Given),
    ("Middle Name", O, Additional), ("Weitere Vornamen", O, Additional),
    ("Last Name", B, Family), ("Nachname", B, Family), ("Nom de famille", T, Family),
    ("Suffix", O, Suffix),
    ("Display Name", T, DisplayName), ("Anzeigename", T, DisplayName),
    ("Nom à afficher", T, DisplayName), ("Full Name", O, DisplayName),
    ("Nickname", B, Nickname), ("Spitzname", T, Nickname), ("Surnom", T, Nickname),
    ("Initials", O, Derived), ("Initialen", O, Derived),
    ("Given Name Yomi", O, Unsupported), ("Family Name Yomi", O, Unsupported),
    ("Company Yomi", O, Unsupported), ("Firma Yomi", O, Unsupported),
    // Work ---------------------------------------------------------------------------
    ("Company", O, Company), ("Firma", O, Company),
    ("Organization", T, Company), ("Organisation", T, Company), ("Société", T, Company),
    ("Department", B, Department), ("Abteilung", B, Department), ("Service", T, Department),
    ("Job Title", B, JobTitle), ("Position", O, JobTitle), ("Arbeitstitel", T, JobTitle),
    ("Profession", T, JobTitle),
    ("Profession", O, Profession), ("Beruf", O, Profession),
    ("Office Location", O, Unsupported), ("Büro", O, Unsupported),
    ("Manager's Name", O, Unsupported), ("Name des/r Vorgesetzten", O, Unsupported),
    ("Assistant's Name", O, Unsupported), ("Name Assistent", O, Unsupported),
    ("Assistent(in)", O, Unsupported),
    // Outlook's addresses --------------------------------------------------------------
    ("Business Street", O, Address(WORK, Street)), ("Business Street 2", O, Address(WORK, Street)),
    ("Business Street 3", O, Address(WORK, Street)),
    ("Business Address PO Box", O, Address(WORK, PoBox)),
    ("Business City", O, Address(WORK, Locality)), ("Business State", O, Address(WORK, Region)),
    ("Business Postal Code", O, Address(WORK, Postcode)),
    ("Business Country/Region", O, Address(WORK, Country)),
    ("Business Country", O, Address(WORK, Country)),
    ("Home Street", O, Address(HOME, Street)), ("Home Street 2", O, Address(HOME, Street)),
    ("Home Street 3", O, Address(HOME, Street)),
    ("Home Address PO Box", O, Address(HOME, PoBox)),
    ("Home City", B, Address(HOME, Locality)), ("Home State", B, Address(HOME, Region)),
    ("Home Postal Code", O, Address(HOME, Postcode)),
    ("Home Country/Region", O, Address(HOME, Country)), ("Home Country", B, Address(HOME, Country)),
    ("Other Street", O, Address(OTHER, Street)), ("Other Street 2", O, Address(OTHER, Street)),
    ("Other Street 3", O, Address(OTHER, Street)),
    ("Other Address PO Box", O, Address(OTHER, PoBox)),
    ("Other City", O, Address(OTHER, Locality)), ("Other State", O, Address(OTHER, Region)),
    ("Other Postal Code", O, Address(OTHER, Postcode)),
    ("Other Country/Region", O, Address(OTHER, Country)),
    ("Other Country", O, Address(OTHER, Country)),
    ("Straße geschäftlich", O, Address(WORK, Street)),
    ("Straße geschäftlich 2", O, Address(WORK, Street)),
    ("Straße geschäftlich 3", O, Address(WORK, Street)),
    ("Postfach geschäftlich", O, Address(WORK, PoBox)),
    ("Ort geschäftlich", O, Address(WORK, Locality)),
    ("Region geschäftlich", O, Address(WORK, Region)),
    ("Postleitzahl geschäftlich", O, Address(WORK, Postcode)),
    ("Land/Region geschäftlich", O, Address(WORK, Country)),
    ("Straße privat", O, Address(HOME, Street)), ("Straße privat 2", O, Address(HOME, Street)),
    ("Straße privat 3", O, Address(HOME, Street)),
    ("Postfach privat", O, Address(HOME, PoBox)),
    ("Ort privat", O, Address(HOME, Locality)),
    ("Bundesland/Kanton privat", O, Address(HOME, Region)),
    ("Postleitzahl privat", O, Address(HOME, Postcode)),
    ("Land/Region privat", O, Address(HOME, Country)),
    ("Weitere Straße", O, Address(OTHER, Street)), ("Weitere Straße 2", O, Address(OTHER, Street)),
    ("Weitere Straße 3", O, Address(OTHER, Street)),
    ("Weiteres Postfach", O, Address(OTHER, PoBox)),
    ("Weiterer Ort", O, Address(OTHER, Locality)),
    ("Weiteres/r Bundesland/Kanton", O, Address(OTHER, Region)),
    ("Weitere Postleitzahl", O, Address(OTHER, Postcode)),
    ("Weiteres/e Land/Region", O, Address(OTHER, Country)),
    // Thunderbird's addresses --------------------------------------------------------------
    ("Home Address", T, Address(HOME, Street)), ("Home Address 2", T, Address(HOME, Street)),
    ("Home ZipCode", T, Address(HOME, Postcode)),
    ("Work Address", T, Address(WORK, Street)), ("Work Address 2", T, Address(WORK, Street)),
    ("Work City", T, Address(WORK, Locality)), ("Work State", T, Address(WORK, Region)),
    ("Work ZipCode", T, Address(WORK, Postcode)), ("Work Zip", T, Address(WORK, Postcode)),
    ("Work Country", T, Address(WORK, Country)),
    ("Privat: Adresse", T, Address(HOME, Street)), ("Privat: Adresse 2", T, Address(HOME, Street)),
    ("Privat: Ort", T, Address(HOME, Locality)), ("Privat: Bundesland", T, Address(HOME, Region)),
    ("Privat: PLZ", T, Address(HOME, Postcode)), ("Privat: Land", T, Address(HOME, Country)),
    ("Dienstlich: Adresse", T, Address(WORK, Street)),
    ("Dienstlich: Adresse 2", T, Address(WORK, Street)),
    ("Dienstlich: Ort", T, Address(WORK, Locality)),
    ("Dienstlich: Bundesland", T, Address(WORK, Region)),
    ("Dienstlich: PLZ", T, Address(WORK, Postcode)), ("Dienstlich: Land", T, Address(WORK, Country)),
    ("Adresse privée", T, Address(HOME, Street)), ("Adresse privée 2", T, Address(HOME, Street)),
    ("Adresse professionnelle", T, Address(WORK, Street)),
    ("Adresse professionnelle 2", T, Address(WORK, Street)),
    ("Pays/Région (domicile)", T, Address(HOME, Country)),
    ("Pays/Région (bureau)", T, Address(WORK, Country)),
    // French Thunderbird writes these once per address: the slot comes from the column
    // before. "Pays/État" is the state (a translation of "State"); "Pays" and, in older
    // versions, "Région" stand where the country is (unsure: seen in one export only).
    ("Ville", T, Address(None, Locality)), ("Pays/État", T, Address(None, Region)),
    ("Code postal", T, Address(None, Postcode)), ("Pays", T, Address(None, Country)),
    ("Région", T, Address(None, Country)),
    // Email ------------------------------------------------------------------------------
    ("E-mail Address", O, Email), ("E-mail 2 Address", O, Email), ("E-mail 3 Address", O, Email),
    ("E-Mail-Adresse", O, Email), ("E-Mail 2: Adresse", O, Email), ("E-Mail 3: Adresse", O, Email),
    ("E-mail Type", O, Derived), ("E-mail 2 Type", O, Derived), ("E-mail 3 Type", O, Derived),
    ("E-Mail-Typ", O, Derived), ("E-Mail 2: Typ", O, Derived), ("E-Mail 3: Typ", O, Derived),
    ("E-mail Display Name", O, EmailDisplay), ("E-mail 2 Display Name", O, EmailDisplay),
    ("E-mail 3 Display Name", O, EmailDisplay),
    ("E-Mail: Angezeigter Name", O, EmailDisplay), ("E-Mail 2: Angezeigter Name", O, EmailDisplay),
    ("E-Mail 3: Angezeigter Name", O, EmailDisplay),
    ("Primary Email", T, Email), ("Secondary Email", T, Email),
    ("Primäre E-Mail-Adresse", T, Email), ("Sekundäre E-Mail-Adresse", T, Email),
    ("Adresse électronique principale", T, Email), ("Adresse électronique secondaire", T, Email),
    ("Première adresse électronique", T, Email), ("Deuxième adresse électronique", T, Email),
    ("Screen Name", T, Unsupported), ("Messenger-Name", T, Unsupported),
    ("Nom de l’écran", T, Unsupported), ("Nom à l'écran", T, Unsupported),
    // Phones -------------------------------------------------------------------------------
    ("Business Phone", O, WORK_PHONE), ("Business Phone 2", O, WORK_PHONE),
    ("Telefon geschäftlich", O, WORK_PHONE), ("Telefon geschäftlich 2", O, WORK_PHONE),
    ("Home Phone", B, HOME_PHONE), ("Home Phone 2", O, HOME_PHONE),
    ("Telefon privat", O, HOME_PHONE), ("Telefon privat 2", O, HOME_PHONE),
    ("Mobile Phone", O, MOBILE), ("Mobiltelefon", O, MOBILE), ("Mobiltelefon 2", O, MOBILE),
    ("Other Phone", O, phone("other", &["voice"])), ("Weiteres Telefon", O, phone("other", &["voice"])),
    ("Business Fax", O, WORK_FAX), ("Fax geschäftlich", O, WORK_FAX),
    ("Home Fax", O, HOME_FAX), ("Fax privat", O, HOME_FAX),
    ("Other Fax", O, FAX), ("Weiteres Fax", O, FAX),
    ("Pager", B, PAGER),
    ("Assistant's Phone", O, phone("assistant", &[])), ("Telefon Assistent", O, phone("assistant", &[])),
    ("Callback", O, phone("callback", &[])), ("Rückmeldung", O, phone("callback", &[])),
    ("Car Phone", O, phone("car", &[])), ("Autotelefon", O, phone("car", &[])),
    ("Company Main Phone", O, phone("main", &["work"])), ("Telefon Firma", O, phone("main", &["work"])),
    ("Primary Phone", O, phone("primary", &["pref"])), ("Haupttelefon", O, phone("primary", &["pref"])),
    ("ISDN", O, phone("isdn", &["isdn"])),
    ("Radio Phone", O, phone("radio", &[])), ("Funkruf", O, phone("radio", &[])),
    ("TTY/TDD Phone", O, phone("tty", &["textphone"])),
    ("Telefon für Hörbehinderte", O, phone("tty", &["textphone"])),
    ("Telex", O, phone("telex", &[])),
    ("Work Phone", T, WORK_PHONE), ("Tel. dienstlich", T, WORK_PHONE),
    ("Tél. professionnel", T, WORK_PHONE),
    ("Tel. privat", T, HOME_PHONE), ("Tél. personnel", T, HOME_PHONE),
    ("Fax Number", T, FAX), ("Fax-Nummer", T, FAX), ("Fax", T, FAX),
    ("Pager Number", T, PAGER), ("Pager-Nummer", T, PAGER),
    ("Mobile Number", T, MOBILE), ("Mobil-Tel.-Nr.", T, MOBILE), ("Portable", T, MOBILE),
    // Web pages ------------------------------------------------------------------------------
    ("Web Page", O, Link(None)), ("Webseite", O, Link(None)),
    // Thunderbird's "Web Page 1" is the work page, "Web Page 2" the home page.
    ("Web Page 1", T, Link(Some("work"))), ("Web Page 2", T, Link(Some("home"))),
    ("Webseite 1", T, Link(Some("work"))), ("Webseite 2", T, Link(Some("home"))),
    ("Site web 1", T, Link(Some("work"))), ("Site web 2", T, Link(Some("home"))),
    ("Page Web 1", T, Link(Some("work"))), ("Page Web 2", T, Link(Some("home"))),
    // Dates ----------------------------------------------------------------------------------
    ("Birthday", O, Birthday), ("Geburtstag", O, Birthday),
    ("Anniversary", O, Anniversary), ("Jahrestag", O, Anniversary),
    ("Birth Year", T, BirthYear), ("Geburtsjahr", T, BirthYear),
    ("Année de naissance", T, BirthYear),
    ("Birth Month", T, BirthMonth), ("Geburtsmonat", T, BirthMonth), ("Mois", T, BirthMonth),
    ("Birth Day", T, BirthDay), ("Geburtstag", T, BirthDay), ("Jour", T, BirthDay),
    // Notes, tags, how we met -------------------------------------------------------------------
    ("Notes", B, Notes), ("Notizen", B, Notes),
    ("Categories", O, Categories), ("Kategorien", O, Categories),
    ("Location", O, Location), ("Ort", O, Location),
    ("Referred By", O, ReferredBy), ("Empfohlen von", O, ReferredBy),
    // Outlook's settings, written for every contact -----------------------------------------------
    ("Gender", O, Setting), ("Geschlecht", O, Setting),
    ("Priority", O, Setting), ("Priorität", O, Setting),
    ("Private", O, Setting), ("Privat", O, Setting),
    ("Sensitivity", O, Setting), ("Vertraulichkeit", O, Setting),
    // Known, but Kith has no field for them ---------------------------------------------------------
    ("Spouse", O, Unsupported), ("Partner", O, Unsupported),
    ("Children", O, Unsupported), ("Kinder", O, Unsupported),
    ("Hobby", O, Unsupported), ("Language", O, Unsupported), ("Sprache", O, Unsupported),
    ("Keywords", O, Unsupported), ("Stichwörter", O, Unsupported),
    ("Account", O, Unsupported), ("Konto", O, Unsupported),
    ("Billing Information", O, Unsupported), ("Abrechnungsinformation", O, Unsupported),
    ("Mileage", O, Unsupported), ("Reisekilometer", O, Unsupported),
    ("Government ID Number", O, Unsupported), ("Regierungsnr.", O, Unsupported),
    ("Organizational ID Number", O, Unsupported), ("Organisationsnr.", O, Unsupported),
    ("Directory Server", O, Unsupported), ("Verzeichnisserver", O, Unsupported),
    ("Internet Free Busy", O, Unsupported), ("Internet Frei/Gebucht", O, Unsupported),
    ("User 1", O, Unsupported), ("User 2", O, Unsupported),
    ("User 3", O, Unsupported), ("User 4", O, Unsupported),
    ("Benutzer 1", O, Unsupported), ("Benutzer 2", O, Unsupported),
    ("Benutzer 3", O, Unsupported), ("Benutzer 4", O, Unsupported),
    ("Custom 1", T, Unsupported), ("Custom 2", T, Unsupported),
    ("Custom 3", T, Unsupported), ("Custom 4", T, Unsupported),
    ("Benutzerdef. 1", T, Unsupported), ("Benutzerdef. 2", T, Unsupported),
    ("Benutzerdef. 3", T, Unsupported), ("Benutzerdef. 4", T, Unsupported),
    ("Divers 1", T, Unsupported), ("Divers 2", T, Unsupported),
    ("Divers 3", T, Unsupported), ("Divers 4", T, Unsupported),
];

/// The values Outlook writes for a [`Field::Setting`] it was never asked about, by key.
const SETTING_DEFAULTS: &[&str] = &[
    "unspecified",
    "normal",
    "false",
    "no",
    "nichtangegeben",
    "unbestimmt",
    "aus",
    "falsch",
    "nein",
    "nonspecifie",
    "normale",
    "faux",
    "non",
];

/// True when `value` of a [`Field::Setting`] column is what Outlook writes by default.
pub(super) fn is_default_setting(value: &str) -> bool {
    let k = key(value);
    k.is_empty() || SETTING_DEFAULTS.contains(&k.as_str())
}

/// A column name reduced to what identifies it: lowercase letters and digits, accents
/// folded, `ß` as `ss`.
pub(super) fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars().flat_map(char::to_lowercase) {
        match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The table by key: the field in Outlook, and in Thunderbird.
fn index() -> &'static HashMap<String, [Option<Field>; 2]> {
    static INDEX: OnceLock<HashMap<String, [Option<Field>; 2]>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<String, [Option<Field>; 2]> = HashMap::new();
        for (name, formats, field) in TABLE {
            let entry = map.entry(key(name)).or_default();
            for (i, bit) in [O, T].into_iter().enumerate() {
                if formats & bit != 0 {
                    entry[i].get_or_insert(*field);
                }
            }
        }
        map
    })
}

/// The field of the column named `name` in `format`, if the table knows it.
pub(super) fn lookup(name: &str, format: ImportFormat) -> Option<Field> {
    let i = match format {
        ImportFormat::Outlook => 0,
        ImportFormat::Thunderbird => 1,
        _ => return None,
    };
    index().get(&key(name)).and_then(|fields| fields[i])
}

/// One column of a file: its name as written and what it fills (`None`: unknown).
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub name: String,
    pub field: Option<Field>,
}

/// The columns of a header row read as `format`, with every address part given its slot.
pub(super) fn columns(names: &[String], format: ImportFormat) -> Vec<Column> {
    let mut slot = None;
    names
        .iter()
        .map(|name| {
            let field = lookup(name, format).map(|f| match f {
                Address(Some(s), part) => {
                    slot = Some(s);
                    Address(Some(s), part)
                }
                Address(None, part) => Address(Some(slot.unwrap_or(Other)), part),
                f => f,
            });
            Column {
                name: name.trim().to_owned(),
                field,
            }
        })
        .collect()
}

/// Outlook or Thunderbird, from a header row's column names: the format with more columns
/// only it has, when it has at least two.
pub(super) fn detect(names: &[String]) -> Option<ImportFormat> {
    let only = |format: ImportFormat, other: ImportFormat| {
        names
            .iter()
            .filter(|n| lookup(n, format).is_some() && lookup(n, other).is_none())
            .count()
    };
    let outlook = only(ImportFormat::Outlook, ImportFormat::Thunderbird);
    let thunderbird = only(ImportFormat::Thunderbird, ImportFormat::Outlook);
    if outlook >= 2 && outlook > thunderbird {
        Some(ImportFormat::Outlook)
    } else if thunderbird >= 2 && thunderbird > outlook {
        Some(ImportFormat::Thunderbird)
    } else {
        None
    }
}

/// How many of `names` the table knows in `format` (to accept a header row when the user
/// named the format).
pub(super) fn known(names: &[String], format: ImportFormat) -> usize {
    names.iter().filter(|n| lookup(n, format).is_some()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_means_one_field_per_format() {
        for (i, (a, fa, field_a)) in TABLE.iter().enumerate() {
            for (b, fb, field_b) in &TABLE[i + 1..] {
                if fa & fb != 0 && key(a) == key(b) {
                    assert_eq!(field_a, field_b, "\"{a}\" and \"{b}\" collide");
                }
            }
        }
    }

    #[test]
    fn keys_fold_case_accents_and_punctuation() {
        assert_eq!(key("E-Mail 2: Adresse"), "email2adresse");
        assert_eq!(key("Tél. personnel"), "telpersonnel");
        assert_eq!(key("Straße privat"), "strasseprivat");
        assert_eq!(key("Home ZipCode"), key("Home Zipcode"));
        assert_eq!(key("Telefon (privat)"), key("Telefon privat"));
    }

    #[test]
    fn the_same_word_reads_by_format() {
        assert_eq!(lookup("Geburtstag", ImportFormat::Outlook), Some(Birthday));
        assert_eq!(
            lookup("Geburtstag", ImportFormat::Thunderbird),
            Some(BirthDay)
        );
        assert_eq!(
            lookup("Home Address2", ImportFormat::Thunderbird),
            Some(Address(HOME, Street))
        );
    }

    #[test]
    fn french_address_columns_take_the_slot_before_them() {
        let names: Vec<String> = [
            "Adresse privée",
            "Ville",
            "Adresse professionnelle",
            "Ville",
        ]
        .map(String::from)
        .to_vec();
        let cols = columns(&names, ImportFormat::Thunderbird);
        assert_eq!(cols[1].field, Some(Address(HOME, Locality)));
        assert_eq!(cols[3].field, Some(Address(WORK, Locality)));
    }
}
