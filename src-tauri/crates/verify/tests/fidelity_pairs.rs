//! Every Salesforce answer the diagnosis reads as a known cause must have its row, with its
//! source, in the practice org's FIDELITY.md, as every answer the practice org sends must
//! (practice/tests/fidelity_table.rs). The pairs come from the code
//! (`diagnosis::RECOGNISED_PAIRS`); nothing here copies the table.

use std::path::Path;

use eca_verify::diagnosis::RECOGNISED_PAIRS;

/// FIDELITY.md, read where the practice crate keeps it.
fn table() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../practice/FIDELITY.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("FIDELITY.md at {}: {err}", path.display()))
}

/// The table's rows: lines whose first cell is an id such as `O12` or `D4`.
fn rows(table: &str) -> Vec<&str> {
    table
        .lines()
        .filter(|line| {
            let id = line.split('|').nth(1).map(str::trim).unwrap_or("");
            id.len() > 1
                && id.starts_with(|c: char| c.is_ascii_uppercase())
                && id[1..].chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

/// The pairs of `pairs` that no row names as "`error` / `description`".
fn unlisted<'a>(rows: &[&str], pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    pairs
        .iter()
        .filter(|(error, description)| {
            let cell = format!("`{error}` / `{description}`");
            !rows.iter().any(|row| row.contains(&cell))
        })
        .copied()
        .collect()
}

#[test]
fn every_pair_the_diagnosis_recognises_has_a_fidelity_row() {
    let table = table();
    let rows = rows(&table);
    assert!(rows.len() > 40, "only {} rows were read", rows.len());
    let missing = unlisted(&rows, RECOGNISED_PAIRS);
    assert!(
        missing.is_empty(),
        "FIDELITY.md has no row for these pairs the diagnosis recognises (add one, sourced or assumed, with the pair as `error` / `description`):\n{missing:#?}"
    );
}

#[test]
fn a_pair_without_a_row_is_caught() {
    let rows = ["| O1 | key | `invalid_client_id` / `client identifier invalid` | code | sourced | https://x |"];
    let pairs = [
        ("invalid_client_id", "client identifier invalid"),
        ("invalid_client", "app must be installed into org"),
    ];
    assert_eq!(
        unlisted(&rows, &pairs),
        [("invalid_client", "app must be installed into org")]
    );
}
