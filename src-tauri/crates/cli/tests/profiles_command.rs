//! `eca-setup-cli profiles`: every integration, with the guides it follows and the inputs it needs.

mod common;

use common::cli;
use eca_test_support::profile_ids;
use serde_json::Value;

#[test]
fn profiles_json_lists_every_integration_with_its_inputs() {
    let run = cli(&["profiles", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    let ids: Vec<&str> = list.iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(
        ids,
        profile_ids(),
        "every profile, in the home screen's order"
    );
    let sbs = list
        .iter()
        .find(|p| p["id"] == "service-board-sync")
        .expect("Service Board Sync");
    assert_eq!(sbs["guides"][0]["id"], "002");
    let inputs: Vec<&str> = sbs["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(inputs, ["tenant_domain", "run_as"]);
}

#[test]
fn profiles_text_says_which_input_flags_each_needs() {
    let run = cli(&["profiles"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("service-board-sync  Service Board Sync\n"));
    assert!(run
        .stdout
        .contains("Needs --input bp_domain=example.brightpattern.com"));
    assert!(run
        .stdout
        .contains("Guide 000: How to create a Salesforce external client app"));
}
