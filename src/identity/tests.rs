//! Behaviours a person relies on when Kith decides who is who.

use proptest::prelude::*;

use super::*;

fn person(name: &str) -> Record {
    Record {
        name: name.to_owned(),
        ..Record::default()
    }
}

fn with_email(name: &str, email: &str) -> Record {
    Record {
        emails: vec![email.to_owned()],
        ..person(name)
    }
}

fn kinds(c: &Comparison) -> Vec<EvidenceKind> {
    c.evidence.iter().map(|e| e.kind).collect()
}

fn texts(c: &Comparison) -> Vec<&str> {
    c.evidence.iter().map(|e| e.text.as_str()).collect()
}

/// Compares both ways and checks the verdict and confidence agree.
fn both_ways(a: &Record, b: &Record) -> Comparison {
    let forward = compare(a, b);
    let backward = compare(b, a);
    assert_eq!(
        (forward.verdict, forward.confidence),
        (backward.verdict, backward.confidence)
    );
    forward
}

#[test]
fn a_family_sharing_an_address_is_not_merged() {
    let c = both_ways(
        &with_email("Ana Ruiz", "home@ruiz.es"),
        &with_email("Carlos Ruiz", "home@ruiz.es"),
    );
    assert_eq!(c.verdict, Verdict::Possible);
    assert!(texts(&c).contains(&"same email home@ruiz.es"), "{c:?}");
    assert!(
        texts(&c).contains(&"different names: Ana Ruiz / Carlos Ruiz"),
        "{c:?}"
    );
}

#[test]
fn bob_and_robert_with_one_email_are_the_same() {
    let c = both_ways(
        &with_email("Bob Smith", "bob@x.org"),
        &with_email("Robert Smith", "bob@x.org"),
    );
    assert_eq!((c.verdict, c.confidence), (Verdict::Same, 92));
    assert!(texts(&c).contains(&"Bob is a nickname of Robert"), "{c:?}");
}

#[test]
fn j_doe_and_john_doe_with_the_same_phone_are_the_same() {
    let a = Record {
        phones: vec!["+14186569254".into()],
        ..person("J. Doe")
    };
    let b = Record {
        phones: vec!["+14186569254".into()],
        ..person("John Doe")
    };
    let c = both_ways(&a, &b);
    assert_eq!(c.verdict, Verdict::Same);
    assert_eq!(
        kinds(&c),
        vec![EvidenceKind::SamePhone, EvidenceKind::CompatibleName]
    );
    assert!(texts(&c).contains(&"same phone +14186569254"));
}

#[test]
fn different_extensions_of_one_switchboard_are_not_an_identifier() {
    let a = Record {
        phones: vec!["+14186569254;ext=102".into()],
        ..person("Ana Ruiz")
    };
    let b = Record {
        phones: vec!["+14186569254;ext=103".into()],
        ..person("Ana Ruiz")
    };
    assert_eq!(both_ways(&a, &b).verdict, Verdict::Possible);
    let c = Record {
        phones: vec!["+14186569254;ext=102".into()],
        ..person("A. Ruiz")
    };
    assert_eq!(both_ways(&a, &c).verdict, Verdict::Same);
}

#[test]
fn a_number_that_did_not_parse_matches_when_it_ends_the_other() {
    let a = Record {
        phones: vec!["+49301234567".into()],
        ..person("Ana Ruiz")
    };
    let b = Record {
        phones: vec!["0301234567".into()],
        ..person("Ana Ruiz")
    };
    assert_eq!(both_ways(&a, &b).verdict, Verdict::Same);
    // A Swedish mobile written without its country code shares its last 8 digits with a
    // Berlin number, but it is another number: no "same phone".
    let c = Record {
        phones: vec!["0701234567".into()],
        ..person("Björn Åström")
    };
    let d = Record {
        phones: vec!["+49301234567".into()],
        ..person("Jürgen Müller")
    };
    assert!(!kinds(&both_ways(&c, &d)).contains(&EvidenceKind::SamePhone));
}

#[test]
fn same_name_different_company_no_identifier_is_possible() {
    let a = Record {
        company: Some("Acme GmbH".into()),
        ..person("Ana Ruiz")
    };
    let b = Record {
        company: Some("Globex".into()),
        ..person("Ana Ruiz")
    };
    let c = both_ways(&a, &b);
    assert_eq!((c.verdict, c.confidence), (Verdict::Possible, 25));
    assert!(texts(&c).contains(&"different companies: Acme GmbH / Globex"));
    assert_eq!(
        both_ways(&person("Ana Ruiz"), &person("Ana Ruiz")).confidence,
        40
    );
}

#[test]
fn same_name_and_same_company_after_legal_forms_is_the_same() {
    let a = Record {
        company: Some("Acme GmbH".into()),
        ..person("Ana Ruiz")
    };
    let b = Record {
        company: Some("ACME Inc.".into()),
        ..person("ana ruiz")
    };
    let c = both_ways(&a, &b);
    assert_eq!((c.verdict, c.confidence), (Verdict::Same, 90));
    assert!(
        texts(&c).contains(&"same company Acme (Acme GmbH / ACME Inc.)"),
        "{c:?}"
    );
}

#[test]
fn same_name_and_a_work_domain_is_the_same_but_not_a_free_mail_domain() {
    let a = with_email("Ana Ruiz", "ana@acme.com");
    let b = with_email("Ana Ruiz", "a.ruiz@acme.com");
    let c = both_ways(&a, &b);
    assert_eq!(c.verdict, Verdict::Same);
    assert!(texts(&c).contains(&"same email domain acme.com"));
    let a = with_email("Ana Ruiz", "ana@gmail.com");
    let b = with_email("Ana Ruiz", "anaruiz@gmail.com");
    assert_eq!(both_ways(&a, &b).verdict, Verdict::Possible);
    assert!(is_free_mail("yahoo.co.uk") && is_free_mail("GMX.de") && !is_free_mail("acme.com"));
}

#[test]
fn a_job_change_is_the_same_person() {
    let a = Record {
        company: Some("Acme".into()),
        urls: vec!["linkedin.com/in/ana-ruiz".into()],
        ..person("Ana Ruiz")
    };
    let b = Record {
        company: Some("Globex".into()),
        urls: vec!["linkedin.com/in/ana-ruiz".into()],
        ..person("Ana Ruiz")
    };
    let c = both_ways(&a, &b);
    assert_eq!((c.verdict, c.confidence), (Verdict::Same, 94));
    assert!(texts(&c).contains(&"different companies: Acme / Globex"));
    let a = Record {
        company: Some("Acme".into()),
        ..with_email("Ana Ruiz", "ana@ruiz.es")
    };
    let b = Record {
        company: Some("Globex".into()),
        ..with_email("Ana Ruiz", "ana@ruiz.es")
    };
    assert_eq!(both_ways(&a, &b).verdict, Verdict::Same);
}

#[test]
fn an_email_without_a_name_matches_the_named_record() {
    let c = both_ways(
        &with_email("ana@acme.com", "ana@acme.com"),
        &with_email("Ana Ruiz", "ana@acme.com"),
    );
    assert_eq!((c.verdict, c.confidence), (Verdict::Same, 85));
    assert!(
        texts(&c).contains(&"only one has a name (Ana Ruiz)"),
        "{c:?}"
    );
}

#[test]
fn a_shared_company_website_is_not_an_identifier() {
    let a = Record {
        urls: vec!["acme.com".into()],
        ..person("Ana Ruiz")
    };
    let b = Record {
        urls: vec!["acme.com".into()],
        ..person("Bo Chen")
    };
    assert_eq!(both_ways(&a, &b).verdict, Verdict::Different);
    let c = Record {
        urls: vec!["acme.com".into()],
        ..person("ana@acme.com")
    };
    assert_eq!(both_ways(&a, &c).verdict, Verdict::Different);
}

#[test]
fn more_identifiers_raise_confidence() {
    let a = Record {
        phones: vec!["+14186569254".into()],
        ..with_email("Ana Ruiz", "ana@acme.com")
    };
    let b = Record {
        phones: vec!["+1 418 656 9254".into()],
        ..with_email("Ana Ruiz", "ana@acme.com")
    };
    assert_eq!(both_ways(&a, &b).confidence, 98);
}

#[test]
fn normalised_records_match_across_spellings() {
    let a = Record {
        emails: vec!["MAILTO:Ana@Acme.com".into(), "not an email".into()],
        phones: vec!["030 1234567".into(), "12".into()],
        urls: vec!["https://de.linkedin.com/in/Ana-Ruiz/".into()],
        ..person("Ana Müller")
    }
    .normalised(Some("DE"));
    assert_eq!(a.emails, vec!["ana@acme.com"]);
    assert_eq!(a.phones, vec!["+49301234567"]);
    assert_eq!(a.urls, vec!["linkedin.com/in/ana-ruiz"]);
    let b = Record {
        phones: vec!["+49 30 1234567".into()],
        ..person("Anna Mueller")
    }
    .normalised(None);
    assert_eq!(b.phones, vec!["+49301234567"]);
    let odd = Record {
        phones: vec!["+1 555 0100 ext 7".into()],
        ..person("x")
    }
    .normalised(None);
    assert_eq!(odd.phones, vec!["155501007"]);
}

#[test]
fn candidates_finds_pairs_ranked_and_skips_strangers() {
    let records = vec![
        with_email("Robert Smith", "bob@x.org"),
        person("Bo Chen"),
        with_email("Bob Smith", "bob@x.org"),
        Record {
            company: Some("Acme".into()),
            ..person("Ana Ruiz")
        },
        Record {
            company: Some("Acme GmbH".into()),
            ..person("Ana Ruiz")
        },
        with_email("Carlos Ruiz", "home@ruiz.es"),
        with_email("Ana Ruiz", "home@ruiz.es"),
        person("Dana Scully"),
    ];
    let found: Vec<(usize, usize, Verdict)> = candidates(&records)
        .into_iter()
        .map(|c| (c.a, c.b, c.comparison.verdict))
        .collect();
    assert_eq!(
        found,
        vec![
            (0, 2, Verdict::Same),
            (3, 4, Verdict::Same),
            (5, 6, Verdict::Possible),
            (3, 6, Verdict::Possible),
            (4, 6, Verdict::Possible)
        ]
    );
}

#[test]
fn candidates_agree_with_all_pairs_on_small_sets() {
    let records: Vec<Record> = synthetic(300, 7);
    let mut all_pairs = Vec::new();
    for a in 0..records.len() {
        for b in a + 1..records.len() {
            if compare(&records[a], &records[b]).verdict == Verdict::Same {
                all_pairs.push((a, b));
            }
        }
    }
    let mut blocked: Vec<(usize, usize)> = candidates(&records)
        .into_iter()
        .filter(|c| c.comparison.verdict == Verdict::Same)
        .map(|c| (c.a, c.b))
        .collect();
    blocked.sort_unstable();
    assert!(!all_pairs.is_empty());
    assert_eq!(blocked, all_pairs);
}

#[test]
fn an_oversized_block_is_compared_by_window_not_all_pairs() {
    let mut records: Vec<Record> = (0..200)
        .map(|i| with_email(&format!("Person{i} Family{i}"), "info@acme.com"))
        .collect();
    records.push(with_email("Ana Ruiz", "info@acme.com"));
    records.push(with_email("Ana Ruiz", "info@acme.com"));
    let found = candidates(&records);
    assert!(found.len() <= 202 * WINDOW, "{}", found.len());
    assert_eq!(
        (found[0].a, found[0].b, found[0].comparison.verdict),
        (200, 201, Verdict::Same)
    );
}

#[test]
fn candidates_where_limited_and_filtered_is_a_prefix_of_candidates() {
    let records: Vec<Record> = synthetic(400, 11);
    let all = candidates(&records);
    assert!(all.len() > 20, "{}", all.len());
    assert_eq!(candidates_where(&records, None, |_, _| true), all);
    assert_eq!(candidates_where(&records, Some(17), |_, _| true), all[..17]);
    assert_eq!(
        candidates_where(&records, Some(usize::MAX), |_, _| true),
        all
    );
    let odd = |a: usize, b: usize| (a + b) % 2 == 1;
    let kept: Vec<Candidate> = all.iter().filter(|c| odd(c.a, c.b)).cloned().collect();
    assert_eq!(candidates_where(&records, Some(5), odd), kept[..5]);
    assert_eq!(candidates_where(&records, None, odd), kept);
    assert!(candidates_where(&records, Some(0), |_, _| true).is_empty());
}

/// Deterministic synthetic records: people from small name lists, some recorded twice with
/// a nickname, an initial or an accent dropped, sharing an email or a phone.
fn synthetic(n: usize, seed: u64) -> Vec<Record> {
    const GIVEN: &[&str] = &[
        "Robert",
        "Ana",
        "John",
        "Elizabeth",
        "Carlos",
        "Margaret",
        "William",
        "Søren",
        "José",
        "Mei",
        "Katherine",
        "Ignacio",
    ];
    const FAMILY: &[&str] = &[
        "Smith", "Ruiz", "Müller", "Chen", "O'Brien", "García", "van Dijk", "Nowak", "Kowalski",
        "Dubois", "Rossi", "Novák", "Jones", "Tanaka",
    ];
    const COMPANY: &[&str] = &[
        "Acme GmbH",
        "Globex Inc.",
        "Initech LLC",
        "Umbrella S.A.",
        "Hooli",
    ];
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound as u64).unwrap_or(0)
    };
    let mut records = Vec::with_capacity(n);
    while records.len() < n {
        let i = records.len();
        let (given, family) = (GIVEN[next(GIVEN.len())], FAMILY[next(FAMILY.len())]);
        let email = format!(
            "{}.{}{}@{}",
            name_key(given),
            name_key(family),
            i,
            ["acme.com", "gmail.com", "example.org"][next(3)]
        );
        let record = Record {
            name: format!("{given} {family}"),
            company: (next(3) > 0).then(|| COMPANY[next(COMPANY.len())].to_owned()),
            emails: vec![email],
            phones: vec![format!("+4930{:08}", next(100_000_000))],
            ..Record::default()
        };
        if next(10) == 0 && records.len() + 1 < n {
            let mut twin = record.clone();
            twin.name = match next(3) {
                0 => format!("{}. {family}", &given[..1]),
                1 => {
                    let nickname = match given {
                        "Robert" => "Bob",
                        "William" => "Bill",
                        "Elizabeth" => "Liz",
                        "Margaret" => "Peggy",
                        "Katherine" => "Kate",
                        "Ignacio" => "Nacho",
                        "John" => "Jack",
                        other => other,
                    };
                    format!("{nickname} {family}")
                }
                _ => name_key(&record.name),
            };
            if next(2) == 0 {
                twin.emails.clear();
            } else {
                twin.phones.clear();
            }
            records.push(record);
            records.push(twin);
        } else {
            records.push(record);
        }
    }
    records
}

#[test]
#[ignore = "timing: run with --release -- --ignored --nocapture"]
#[allow(clippy::print_stdout)]
fn candidates_over_100k_records_timing() {
    let records = synthetic(100_000, 42);
    let start = std::time::Instant::now();
    let found = candidates(&records);
    let elapsed = start.elapsed();
    let same = found
        .iter()
        .filter(|c| c.comparison.verdict == Verdict::Same)
        .count();
    println!(
        "candidates over {} records: {elapsed:?}, {} pairs ({same} Same)",
        records.len(),
        found.len()
    );
    assert!(same > 1000);
}

fn arbitrary_record() -> impl Strategy<Value = Record> {
    let text = prop_oneof![
        "\\PC{0,30}",
        "(Dr\\. )?(Ana|Bob|Robert|J\\.|John|Müller|Mueller|Doe|Ruiz|de la|Jean-Luc)( (Ana|Bob|Robert|J\\.|John|Müller|Mueller|Doe|Ruiz|Jr\\.|, ))*",
    ];
    let short = prop_oneof![
        "\\PC{0,12}",
        "(ana|bob)@(acme\\.com|gmail\\.com)",
        "\\+1418656925[0-9]"
    ];
    (
        text.clone(),
        proptest::option::of(text.clone()),
        proptest::option::of(text.clone()),
        proptest::option::of(text),
        proptest::option::of("(Acme|Globex)( GmbH| Inc\\.)?|\\PC{0,10}"),
        proptest::collection::vec(short.clone(), 0..3),
        proptest::collection::vec(short.clone(), 0..3),
        proptest::collection::vec(short, 0..3),
    )
        .prop_map(
            |(name, given, family, nickname, company, emails, phones, urls)| Record {
                name,
                given,
                family,
                nickname,
                company,
                emails,
                phones,
                urls,
            },
        )
}

proptest! {
    #[test]
    fn compare_is_symmetric_and_never_panics(a in arbitrary_record(), b in arbitrary_record()) {
        let forward = compare(&a, &b);
        let backward = compare(&b, &a);
        prop_assert_eq!((forward.verdict, forward.confidence), (backward.verdict, backward.confidence));
        prop_assert!(forward.confidence <= 100);
        let n = (a.clone().normalised(Some("US")), b.clone().normalised(None));
        let forward = compare(&n.0, &n.1);
        let backward = compare(&n.1, &n.0);
        prop_assert_eq!((forward.verdict, forward.confidence), (backward.verdict, backward.confidence));
    }

    #[test]
    fn a_record_is_the_same_as_itself_when_it_has_an_identifier(a in arbitrary_record()) {
        let a = a.normalised(Some("DE"));
        let c = compare(&a, &a);
        if !a.emails.is_empty() || a.urls.iter().any(|u| u.contains('/')) {
            prop_assert_eq!(c.verdict, Verdict::Same);
        }
    }

    #[test]
    fn normalisers_never_panic(s in "\\PC{0,60}", region in "[A-Za-z]{0,3}") {
        let _ = normalize::email(&s);
        let _ = normalize::phone(&s, Some(&region));
        let _ = normalize::phone(&s, None);
        let _ = normalize::phone_digits(&s);
        let _ = normalize::profile_url(&s);
        let _ = normalize::region_from_locale(&s);
        let _ = name_key(&s);
        let _ = company_key(&s);
        let _ = PersonName::parse(&s, Some(&s), None, Some(&s));
    }

    #[test]
    fn normalised_values_are_fixed_points(s in "\\PC{0,40}") {
        if let Some(e) = normalize::email(&s) {
            prop_assert_eq!(normalize::email(&e), Some(e.clone()));
        }
        if let Some(u) = normalize::profile_url(&s) {
            prop_assert_eq!(normalize::profile_url(&u), Some(u.clone()));
        }
        prop_assert_eq!(name_key(&name_key(&s)), name_key(&s));
    }
}
