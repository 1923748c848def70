//! The checklist as text an admin can follow on paper: numbered steps, where each screen is and
//! how to get there, then every field as `label: value  (action)`. Same steps as the wizard. A
//! migration's path the same way: its own screens in full, with each fact's source or
//! “unconfirmed”, and the checklist's steps in their place.

use std::fmt::Write;

use eca_session::{
    migration_screens, Checklist, Fact, Field, FieldValue, MigrationPage, MigrationPath,
    PageHeader, RoutePath, Screen, Section, Step,
};

pub fn checklist(list: &Checklist) -> String {
    let mut out = String::new();
    let org = list
        .org
        .as_ref()
        .map_or(String::new(), |org| format!(" in {}", org.host));
    line(
        &mut out,
        0,
        &format!(
            "{}: External Client App checklist{org} ({} steps)",
            list.profile_name,
            list.steps.len()
        ),
    );
    for (index, step) in list.steps.iter().enumerate() {
        out.push('\n');
        self::step(&mut out, index + 1, step);
    }
    out
}

/// A migration's path: the screens before the route, then each route's screens in order. With
/// `detailed`, the checklist's steps in full; without, by title (`checklist` prints them).
pub fn migration(path: &MigrationPath, detailed: bool) -> String {
    let mut out = String::new();
    let org = path
        .org
        .as_ref()
        .map_or(String::new(), |org| format!(" in {}", org.host));
    line(
        &mut out,
        0,
        &format!(
            "{}: moving the integration from its connected app to an External Client App{org}",
            path.profile_name
        ),
    );
    line(&mut out, 0, "");
    line(&mut out, 0, "First, whatever the route:");
    for (index, page) in path.first.iter().enumerate() {
        out.push('\n');
        self::page(&mut out, &format!("{}", index + 1), page);
    }
    for route in &path.routes {
        out.push('\n');
        self::route(&mut out, route, detailed);
    }
    out
}

fn route(out: &mut String, route: &RoutePath, detailed: bool) {
    line(
        out,
        0,
        &format!(
            "Route “{}” ({}): when {}.",
            route.label,
            route.route.as_str(),
            route.when
        ),
    );
    for reason in &route.reasons {
        line(out, 3, &fact_line(reason));
    }
    if !route.possible {
        line(out, 3, "Not possible for this integration.");
        return;
    }
    // The screens before the route are numbered first (`MigrationPath::first`); the route's
    // own screens follow them.
    let before_route = migration_screens(None);
    let chosen_at = route.screens.iter().rposition(
        |entry| matches!(entry.screen, Screen::Migration(screen) if before_route.contains(&screen)),
    );
    let after_choice = route.screens.iter().skip(chosen_at.map_or(0, |at| at + 1));
    for (index, entry) in after_choice.enumerate() {
        let number = format!("{}", before_route.len() + 1 + index);
        out.push('\n');
        match entry.screen {
            Screen::Migration(screen) => {
                if let Some(page) = route.pages.iter().find(|page| page.screen == screen) {
                    self::page(out, &number, page);
                }
            }
            Screen::Step(id) => match route.checklist.steps.iter().find(|s| s.id == id) {
                Some(step) if detailed => self::step(out, &number, step),
                _ => {
                    let how = if entry.review {
                        "each value on the migrated app"
                    } else {
                        "as in `checklist`"
                    };
                    line(out, 0, &format!("{number}. {} ({how})", entry.title));
                }
            },
            Screen::Wizard(_) => line(out, 0, &format!("{number}. {} (in the app)", entry.title)),
        }
    }
}

/// What a checklist step and a migration page both start with: the title, where the screen is
/// (a page that is not a Setup screen has no breadcrumb), what to do, and the warnings.
fn header(out: &mut String, number: impl std::fmt::Display, header: &PageHeader) {
    line(out, 0, &format!("{number}. {}", header.title));
    if !header.breadcrumb.is_empty() {
        line(out, 3, &header.breadcrumb.join(" › "));
        match &header.link {
            Some(link) => line(out, 3, &format!("Link: {link}")),
            None => line(out, 3, &format!("Quick Find: {}", header.quick_find)),
        }
    }
    for instruction in &header.instructions {
        line(out, 3, &format!("- {instruction}"));
    }
    for warning in &header.warnings {
        line(out, 3, &format!("Warning: {warning}"));
    }
}

fn page(out: &mut String, number: &str, page: &MigrationPage) {
    header(out, number, &page.header);
    for fact in &page.facts {
        line(out, 3, &fact_line(fact));
    }
}

/// A fact with where it comes from, or marked unconfirmed.
fn fact_line(fact: &Fact) -> String {
    match (&fact.source, fact.unconfirmed) {
        (_, true) => format!("Unconfirmed: {}", fact.text),
        (Some(source), false) => format!("Fact: {} ({}, {})", fact.text, source.title, source.url),
        (None, false) => format!("Note: {}", fact.text),
    }
}

fn step(out: &mut String, number: impl std::fmt::Display, step: &Step) {
    header(out, number, &step.header);
    for section in &step.sections {
        self::section(out, section);
    }
    for finish in &step.finish {
        line(out, 3, &format!("Then: {finish}"));
    }
}

fn section(out: &mut String, section: &Section) {
    out.push('\n');
    line(out, 3, &section.heading);
    for field in &section.fields {
        self::field(out, field);
    }
}

fn field(out: &mut String, field: &Field) {
    let action = &field.action;
    let items: Vec<&str> = match &field.value {
        FieldValue::Lines { lines } if lines.len() != 1 => {
            lines.iter().map(String::as_str).collect()
        }
        FieldValue::Scopes { selected } => selected.iter().map(|row| row.label.as_str()).collect(),
        _ => Vec::new(),
    };
    let value = match &field.value {
        FieldValue::Text { text } => text.clone(),
        FieldValue::Lines { lines } => match lines.as_slice() {
            [only] => only.clone(),
            [] => "(none)".into(),
            _ => String::new(),
        },
        FieldValue::Checkbox { checked: true } => "[x]".into(),
        FieldValue::Checkbox { checked: false } => "[ ]".into(),
        FieldValue::Choice { selected, .. } => selected.clone(),
        FieldValue::Scopes { selected } if selected.is_empty() => "(none)".into(),
        FieldValue::Scopes { .. } => String::new(),
    };
    if value.is_empty() {
        line(out, 5, &format!("{}:  ({action})", field.label));
    } else {
        line(out, 5, &format!("{}: {value}  ({action})", field.label));
    }
    for item in items {
        line(out, 7, &format!("- {item}"));
    }
    if let Some(note) = &field.note {
        line(out, 7, &format!("Note: {note}"));
    }
}

fn line(out: &mut String, indent: usize, text: &str) {
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{:indent$}{text}", "");
}
