//! FIDELITY.md must cover every answer the practice org can send, and must count its own rows
//! right. The answers are taken from the code: `OAuthError::ALL`, the `QueryError` variants, and
//! the string literals the practice org's sources send as REST `errorCode`s, revoke errors,
//! identity bodies and `MissingParameter` descriptions. Nothing here copies the table.

use std::fs;
use std::path::Path;

use eca_practice::soql::QueryError;
use eca_practice::OAuthError;

const TABLE: &str = include_str!("../FIDELITY.md");

/// One row of the table: `| id | behaviour | answer | code | status | source |`.
struct Row<'a> {
    id: &'a str,
    line: &'a str,
    status: &'a str,
    source: &'a str,
}

/// The rows whose first cell is an id such as `O1` or `L12`.
fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // A row splits into an empty first piece, six cells and an empty last piece.
            let id = *cells.get(1)?;
            let is_id = id.len() > 1
                && id.starts_with(|c: char| c.is_ascii_uppercase())
                && id[1..].chars().all(|c| c.is_ascii_digit());
            is_id.then(|| Row {
                id,
                line,
                status: cells.get(5).copied().unwrap_or(""),
                source: cells.get(6).copied().unwrap_or(""),
            })
        })
        .collect()
}

/// The needles no row contains.
fn missing_from_table(needles: impl IntoIterator<Item = String>) -> Vec<String> {
    let rows = rows();
    let mut missing: Vec<String> = needles
        .into_iter()
        .filter(|needle| !rows.iter().any(|row| row.line.contains(needle.as_str())))
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

fn pair(error: &str, description: &str) -> String {
    format!("`{error}` / `{description}`")
}

/// The practice org's source files, as (name, text).
fn sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("the practice crate's src directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let text = fs::read_to_string(&path).expect("a readable source file");
            (path.display().to_string(), text)
        })
        .collect();
    files.sort();
    assert!(
        files.len() > 5,
        "found too few sources in {}",
        dir.display()
    );
    files
}

/// The string literal at the start of `text` (after whitespace), and the text after it.
fn literal(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    Some((&rest[..end], &rest[end + 1..]))
}

/// Every string literal that directly follows `marker` in the sources.
fn literals_after(marker: &str) -> Vec<String> {
    sources()
        .iter()
        .flat_map(|(_, text)| {
            text.match_indices(marker)
                .filter_map(|(at, _)| literal(&text[at + marker.len()..]))
                .map(|(lit, _)| lit.to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_oauth_error_pair_has_a_row() {
    let missing = missing_from_table(
        OAuthError::ALL
            .iter()
            .map(|err| pair(err.error(), err.description())),
    );
    assert!(
        missing.is_empty(),
        "FIDELITY.md has no row for these OAuthError pairs (add one, sourced or assumed):\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_missing_parameter_description_in_the_code_is_in_all() {
    let used = literals_after("MissingParameter(");
    assert!(
        !used.is_empty(),
        "no MissingParameter call site was found; has the variant changed?"
    );
    let listed: Vec<&str> = OAuthError::ALL
        .iter()
        .filter(|err| matches!(err, OAuthError::MissingParameter(_)))
        .map(|err| err.description())
        .collect();
    let unlisted: Vec<&String> = used
        .iter()
        .filter(|d| !listed.contains(&d.as_str()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "OAuthError::ALL lacks MissingParameter({unlisted:?}), which the practice org sends"
    );
}

/// `errorCode`s: the `code: "..."` fields of `RestError` and every `QueryError` variant.
fn rest_error_codes() -> Vec<String> {
    let mut codes = literals_after("code: ");
    // A new QueryError variant stops this match compiling until it is added here.
    let samples = [
        QueryError::Malformed(String::new()),
        QueryError::InvalidType(String::new()),
        QueryError::InvalidField {
            field: String::new(),
            object: String::new(),
        },
        QueryError::NotFilterable(String::new()),
    ];
    for sample in &samples {
        match sample {
            QueryError::Malformed(_)
            | QueryError::InvalidType(_)
            | QueryError::InvalidField { .. }
            | QueryError::NotFilterable(_) => codes.push(sample.error_code().to_owned()),
        }
    }
    codes
}

#[test]
fn every_rest_error_code_has_a_row() {
    let codes = rest_error_codes();
    assert!(
        codes.iter().any(|c| c == "INVALID_SESSION_ID"),
        "the REST error codes were not found in rest.rs: {codes:?}"
    );
    let missing = missing_from_table(codes.iter().map(|code| format!("`{code}`")));
    assert!(
        missing.is_empty(),
        "FIDELITY.md has no row for these REST errorCodes:\n{}",
        missing.join("\n")
    );
}

/// `revoke_error("error", "description")` calls.
fn revoke_pairs() -> Vec<String> {
    let marker = "revoke_error(";
    sources()
        .iter()
        .flat_map(|(_, text)| {
            text.match_indices(marker)
                .filter_map(|(at, _)| {
                    let (error, rest) = literal(&text[at + marker.len()..])?;
                    let (description, _) = literal(rest.trim_start().strip_prefix(',')?)?;
                    Some(pair(error, description))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Plain-text bodies sent with a status, as `(StatusCode::FORBIDDEN, "Bad_OAuth_Token")`.
fn status_bodies() -> Vec<String> {
    let marker = "StatusCode::";
    sources()
        .iter()
        .flat_map(|(_, text)| {
            text.match_indices(marker)
                .filter_map(|(at, _)| {
                    let after = &text[at + marker.len()..];
                    let name_len = after
                        .find(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                        .unwrap_or(after.len());
                    let rest = after[name_len..].trim_start().strip_prefix(',')?;
                    literal(rest).map(|(body, _)| format!("`{body}`"))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_revoke_and_identity_answer_has_a_row() {
    let revoke = revoke_pairs();
    let bodies = status_bodies();
    assert!(revoke.len() >= 2, "revoke answers not found: {revoke:?}");
    assert!(!bodies.is_empty(), "identity answers not found");
    let missing = missing_from_table(revoke.into_iter().chain(bodies));
    assert!(
        missing.is_empty(),
        "FIDELITY.md has no row for these answers:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_row_is_sourced_or_assumed() {
    let rows = rows();
    assert!(rows.len() > 40, "only {} rows were read", rows.len());
    let bad: Vec<&str> = rows
        .iter()
        .filter(|row| row.status != "sourced" && row.status != "assumed")
        .map(|row| row.id)
        .collect();
    assert!(
        bad.is_empty(),
        "rows with a status other than sourced/assumed: {bad:?}"
    );
    let mut ids: Vec<&str> = rows.iter().map(|row| row.id).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "two rows share an id");
}

#[test]
fn sourced_rows_cite_an_address_and_assumed_rows_say_what_was_searched() {
    let rows = rows();
    let unsourced: Vec<&str> = rows
        .iter()
        .filter(|row| row.status == "sourced")
        .filter(|row| !row.source.contains("https://") && !row.source.contains("guides/"))
        .map(|row| row.id)
        .collect();
    assert!(
        unsourced.is_empty(),
        "sourced rows without a URL or guide: {unsourced:?}"
    );
    let unsearched: Vec<&str> = rows
        .iter()
        .filter(|row| row.status == "assumed")
        .filter(|row| !row.source.contains("searched") && !row.source.starts_with("as "))
        .map(|row| row.id)
        .collect();
    assert!(
        unsearched.is_empty(),
        "assumed rows that do not say what was searched: {unsearched:?}"
    );
}

#[test]
fn summary_line_states_the_table_totals() {
    let rows = rows();
    let sourced = rows.iter().filter(|row| row.status == "sourced").count();
    let assumed = rows.iter().filter(|row| row.status == "assumed").count();
    let expected = format!("{} rows: {sourced} sourced, {assumed} assumed.", rows.len());
    let summary = TABLE
        .lines()
        .find(|line| line.contains(" rows: ") && line.contains(" sourced, "))
        .expect("FIDELITY.md has a line like `88 rows: 63 sourced, 25 assumed.`");
    assert_eq!(summary.trim(), expected, "the summary line is stale");
}
