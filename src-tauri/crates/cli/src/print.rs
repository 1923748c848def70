//! The checklist as text an admin can follow on paper: numbered steps, where each screen is and
//! how to get there, then every field as `label: value  (action)`. Same steps as the wizard.

use std::fmt::Write;

use eca_core::checklist::{Field, FieldValue, Section};
use eca_core::{Checklist, Step};

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

fn step(out: &mut String, number: usize, step: &Step) {
    line(out, 0, &format!("{number}. {}", step.title));
    line(out, 3, &step.breadcrumb.join(" › "));
    match &step.link {
        Some(link) => line(out, 3, &format!("Link: {link}")),
        None => line(out, 3, &format!("Quick Find: {}", step.quick_find)),
    }
    for instruction in &step.instructions {
        line(out, 3, &format!("- {instruction}"));
    }
    for warning in &step.warnings {
        line(out, 3, &format!("Warning: {warning}"));
    }
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
