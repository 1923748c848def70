//! The report writes times as the app's screen does. The fixtures are `datePattern()` from
//! ui/src/dates.ts as Node's Intl built it in each locale, and each expected text is that
//! screen's own `when()` for the same instant (Node, TZ America/New_York or Europe/Paris).

mod common;

use std::path::Path;

use eca_core::profiles;
use eca_core::setup::Timestamp;
use eca_report::{write_report, DatePattern, Dates, Report, Zone};
use time::macros::{datetime, offset};
use time::UtcOffset;

use common::{setup, KEY};

fn pattern(locale: &str) -> DatePattern {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("date-pattern-{locale}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("the fixture")).expect("a pattern")
}

fn write(locale: &str, zone: UtcOffset, at: Timestamp) -> String {
    Dates::AsOnScreen {
        pattern: pattern(locale),
        zone: Zone::Fixed(zone),
    }
    .write(at)
}

#[test]
fn each_locale_reads_as_its_screen_does() {
    let november = Timestamp(datetime!(2026-11-22 21:05 UTC));
    let july = Timestamp(datetime!(2026-07-04 16:30 UTC));
    let new_year = Timestamp(datetime!(2026-01-01 04:59 UTC));
    let new_york = offset!(-5);
    let new_york_summer = offset!(-4);

    assert_eq!(
        write("en-US", new_york, november),
        "Nov 22, 2026, 4:05\u{202f}PM"
    );
    assert_eq!(
        write("en-US", new_york_summer, july),
        "Jul 4, 2026, 12:30\u{202f}PM"
    );
    assert_eq!(
        write("en-US", new_york, new_year),
        "Dec 31, 2025, 11:59\u{202f}PM"
    );
    assert_eq!(write("de-DE", new_york, november), "22.11.2026, 16:05");
    assert_eq!(write("de-DE", new_york_summer, july), "04.07.2026, 12:30");
    assert_eq!(write("de-DE", new_york, new_year), "31.12.2025, 23:59");
    assert_eq!(
        write("ar-EG", new_york, november),
        "٢٢\u{200f}/١١\u{200f}/٢٠٢٦، ٤:٠٥ م"
    );
    assert_eq!(
        write("ar-EG", new_york, new_year),
        "٣١\u{200f}/١٢\u{200f}/٢٠٢٥، ١١:٥٩ م"
    );
    let paris = offset!(+1);
    let december = Timestamp(datetime!(2026-12-06 22:55 UTC));
    assert_eq!(write("fr-FR", paris, december), "6 déc. 2026, 23:55");
    assert_eq!(Dates::Utc.write(december), "2026-12-06 22:55 UTC");
}

/// Every human date of the PDF is the screen's, accents included; none is left in UTC.
#[test]
fn the_pdf_writes_its_dates_as_the_screen_does() {
    let profile = &profiles()[0];
    let mut report = Report::new(
        &setup(profile),
        profile,
        None,
        Some(KEY),
        Timestamp(datetime!(2026-12-06 22:55 UTC)),
    );
    report.dates = Dates::AsOnScreen {
        pattern: pattern("fr-FR"),
        zone: Zone::Fixed(offset!(+1)),
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    write_report(&path, &report.to_pdf().unwrap(), false).unwrap();
    let text = common::pdftotext(&path);
    assert!(text.contains("6 déc. 2026, 23:55"), "{text}");
    assert!(!text.contains(" UTC"), "{text}");
}
