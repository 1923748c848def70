//! The `profiles` and `setups` lists, as text for a person or JSON for a script.

use std::fmt::Write;

use eca_session::{clean_host, profile, Guide, Profile, Setup, SetupSummary};
use serde::Serialize;

use crate::failure::Failure;
use crate::json;

/// A profile as `profiles --json` shows it: who it is for, what `--input` it needs and which
/// `--option` it offers.
#[derive(Serialize)]
struct ProfileRow<'a> {
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    guides: &'a [Guide],
    inputs: Vec<InputRow<'a>>,
    options: Vec<OptionRow<'a>>,
}

#[derive(Serialize)]
struct OptionRow<'a> {
    id: &'a str,
    label: &'a str,
    summary: &'a str,
    /// The inputs it needs, which are needed only with it.
    inputs: &'a [String],
}

#[derive(Serialize)]
struct InputRow<'a> {
    id: &'a str,
    label: &'a str,
    example: &'a str,
}

pub fn profiles(profiles: &[Profile], as_json: bool) -> Result<String, Failure> {
    if as_json {
        let rows: Vec<ProfileRow> = profiles
            .iter()
            .map(|p| ProfileRow {
                id: &p.id,
                name: &p.name,
                summary: &p.summary,
                guides: &p.guides,
                inputs: p
                    .inputs
                    .iter()
                    .map(|i| InputRow {
                        id: &i.id,
                        label: &i.label,
                        example: &i.example,
                    })
                    .collect(),
                options: p
                    .options
                    .iter()
                    .map(|o| OptionRow {
                        id: &o.id,
                        label: &o.label,
                        summary: &o.summary,
                        inputs: &o.inputs,
                    })
                    .collect(),
            })
            .collect();
        return json(&rows);
    }
    let mut out = String::new();
    for (index, p) in profiles.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}  {}", p.id, p.name);
        let _ = writeln!(out, "    {}", p.summary);
        for guide in &p.guides {
            let _ = writeln!(out, "    Guide {}: {}", guide.id, guide.title);
        }
        for input in &p.inputs {
            let askers: Vec<String> = p
                .options
                .iter()
                .filter(|option| option.inputs.contains(&input.id))
                .map(|option| format!("--option {}", option.id))
                .collect();
            let when = if askers.is_empty() {
                "Needs".to_owned()
            } else {
                format!("With {}, needs", askers.join(" or "))
            };
            let _ = writeln!(
                out,
                "    {when} --input {}={}  ({})",
                input.id, input.example, input.label
            );
        }
        for option in &p.options {
            let _ = writeln!(out, "    Option --option {}: {}", option.id, option.label);
        }
    }
    Ok(out)
}

/// One saved setup as the app's home screen lists it. A setup of an integration this version
/// does not know (saved by a newer app) is still listed, without its steps.
fn summary(setup: &Setup) -> SetupSummary {
    match profile(&setup.profile_id) {
        Some(profile) => SetupSummary::of(setup, profile),
        None => SetupSummary {
            id: setup.id.clone(),
            profile_id: setup.profile_id.clone(),
            profile_name: format!(
                "{} (an integration this version does not know)",
                setup.profile_id
            ),
            org: clean_host(&setup.inputs.domain),
            org_label: eca_session::org_label(setup),
            practice: setup.practice,
            migration: setup.migration.is_some(),
            progress: None,
            current: setup.current_step.to_string(),
            updated_at: setup.updated_at,
        },
    }
}

pub fn setups(setups: &[Setup], as_json: bool) -> Result<String, Failure> {
    let summaries: Vec<SetupSummary> = setups.iter().map(summary).collect();
    if as_json {
        return json(&summaries);
    }
    if summaries.is_empty() {
        return Ok("No saved setups.\n".into());
    }
    let mut out = String::new();
    for (index, s) in summaries.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let org = if s.org.is_empty() {
            "no org yet"
        } else {
            &s.org
        };
        let practice = if s.practice { " (practice org)" } else { "" };
        let updated = serde_json::to_value(s.updated_at)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let _ = writeln!(out, "{}", s.id);
        let _ = writeln!(out, "    {} · {org}{practice}", s.profile_name);
        let progress = s
            .progress
            .as_ref()
            .map_or("progress unknown", |p| p.summary.as_str());
        let _ = writeln!(out, "    At: {} · {progress}", s.current);
        let _ = writeln!(out, "    Updated: {updated}");
    }
    Ok(out)
}
