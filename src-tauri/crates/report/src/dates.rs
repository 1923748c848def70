//! How the report writes a time for people. From the app, as its screens write times: in the
//! computer's time zone, with the OS locale's medium date and short time. The screen's own
//! `Intl` formatter describes its pattern (`ui/src/dates.ts`), so the PDF says what the screen
//! says without a copy of the locale data here. From the command line, `2026-11-22 08:46 UTC`.

use chrono::{Offset, TimeZone};
use eca_core::setup::Timestamp;
use serde::Deserialize;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};
use ts_rs::TS;

/// How times are written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Dates {
    /// `2026-11-22 08:46 UTC`: the command line's, the same on every computer.
    #[default]
    Utc,
    /// As the app's screens write them.
    AsOnScreen { pattern: DatePattern, zone: Zone },
}

/// Where the wall clock is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The computer's time zone, with its daylight saving time at each date.
    Local,
    /// A fixed offset, for tests.
    Fixed(UtcOffset),
}

/// The screen's date and time pattern, as its `Intl.DateTimeFormat` formats: the parts in
/// order and the text of each value. Lists too short for a value fall back to its number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DatePattern {
    pub parts: Vec<DatePart>,
    /// The months as the pattern writes them ("Jan" or "01"), January first.
    pub months: Vec<String>,
    /// The days of the month as written ("1" or "01"), the 1st first.
    pub days: Vec<String>,
    /// The hours as written, midnight first: "12", "1", … for a 12-hour clock.
    pub hours: Vec<String>,
    /// Before and after noon ("AM", "PM").
    pub day_periods: Vec<String>,
    /// The locale's ten digits, zero first, for the year and the minutes.
    pub digits: String,
}

/// One part of the pattern.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", content = "text", rename_all = "camelCase")]
#[ts(export)]
pub enum DatePart {
    Literal(String),
    Year,
    Month,
    Day,
    Hour,
    Minute,
    DayPeriod,
}

impl Dates {
    /// The screen's pattern in the computer's time zone.
    pub fn as_on_screen(pattern: DatePattern) -> Dates {
        Dates::AsOnScreen {
            pattern,
            zone: Zone::Local,
        }
    }

    pub fn write(&self, at: Timestamp) -> String {
        match self {
            Dates::Utc => utc(at.0),
            Dates::AsOnScreen { pattern, zone } => pattern.write(at.0.to_offset(zone.at(at.0))),
        }
    }
}

impl Zone {
    /// The offset from UTC at `at`.
    fn at(self, at: OffsetDateTime) -> UtcOffset {
        match self {
            Zone::Fixed(offset) => offset,
            Zone::Local => {
                let seconds = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
                    .map(|utc| {
                        chrono::Local
                            .offset_from_utc_datetime(&utc.naive_utc())
                            .fix()
                            .local_minus_utc()
                    })
                    .unwrap_or(0);
                UtcOffset::from_whole_seconds(seconds).unwrap_or(UtcOffset::UTC)
            }
        }
    }
}

impl DatePattern {
    fn write(&self, at: OffsetDateTime) -> String {
        let pick = |list: &[String], index: usize, number: u8| {
            list.get(index)
                .cloned()
                .unwrap_or_else(|| number.to_string())
        };
        let mut out = String::new();
        for part in &self.parts {
            match part {
                DatePart::Literal(text) => out.push_str(text),
                DatePart::Year => out.push_str(&self.in_digits(&at.year().to_string())),
                DatePart::Month => {
                    let month = u8::from(at.month());
                    out.push_str(&pick(&self.months, usize::from(month - 1), month));
                }
                DatePart::Day => {
                    let day = at.day();
                    out.push_str(&pick(&self.days, usize::from(day - 1), day));
                }
                DatePart::Hour => {
                    let hour = at.hour();
                    out.push_str(&pick(&self.hours, usize::from(hour), hour));
                }
                DatePart::Minute => {
                    out.push_str(&self.in_digits(&format!("{:02}", at.minute())));
                }
                DatePart::DayPeriod => {
                    let pm = at.hour() >= 12;
                    let fallback = if pm { "PM" } else { "AM" };
                    let period = self.day_periods.get(usize::from(pm));
                    out.push_str(period.map_or(fallback, String::as_str));
                }
            }
        }
        out
    }

    /// `number` (ASCII digits) in the locale's digits.
    fn in_digits(&self, number: &str) -> String {
        let digits: Vec<char> = self.digits.chars().collect();
        number
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if digits.len() == 10 => digits[d as usize],
                _ => c,
            })
            .collect()
    }
}

fn utc(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default()
}
