//! `--option`: the command line offers a profile's options as the app does. `profiles` lists
//! them with the inputs only they need, and `checklist --option` prints the adapted checklist.

mod common;

use common::cli;
use serde_json::Value;

#[test]
fn profiles_lists_vonages_option_and_the_input_only_it_needs() {
    let run = cli(&["profiles"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "    With --option sandbox_client_credentials, needs --input run_as=integration@acme.com.qa"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "    Option --option sandbox_client_credentials: Give Vonage the client credentials webhook for this sandbox\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("    Needs --input run_as=integration@acme.com  (Integration user's"));

    let run = cli(&["profiles", "--json"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    assert_eq!(list[0]["options"][0]["id"], "sandbox_client_credentials");
    assert_eq!(list[0]["options"][0]["inputs"][0], "run_as");
    assert_eq!(list[1]["options"].as_array().map(Vec::len), Some(0));
}

#[test]
fn checklist_with_the_option_asks_for_client_credentials_and_its_run_as_user() {
    let base = [
        "checklist",
        "--profile",
        "vonage-ai-studio",
        "--domain",
        "acme--qa.sandbox.my.salesforce.com",
        "--json",
    ];
    let run = cli(&base);
    assert_eq!(
        run.code, 0,
        "without the option no Run As is needed: {}",
        run.stderr
    );
    assert!(!run.stdout.contains("\"run_as\""));

    let mut args = base.to_vec();
    args.extend(["--option", "sandbox_client_credentials"]);
    let run = cli(&args);
    assert_eq!(run.code, 2, "the option needs its Run As user");
    assert!(
        run.stderr
            .contains("Set it with --input run_as=integration@acme.com.qa."),
        "{}",
        run.stderr
    );

    args.extend(["--input", "run_as=integration@acme.com.qa"]);
    let run = cli(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let fields: Vec<&Value> = list["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .flat_map(|step| step["sections"].as_array().expect("sections"))
        .flat_map(|section| section["fields"].as_array().expect("fields"))
        .collect();
    let field = |id: &str| {
        fields
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no field {id}"))
    };
    assert_eq!(field("flow.client_credentials")["value"]["checked"], true);
    assert_eq!(field("client_credentials_policy")["value"]["checked"], true);
    assert_eq!(field("run_as")["value"]["text"], "integration@acme.com.qa");
}
