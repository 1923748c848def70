//! `eca-setup-cli checklist --migrate`: the path from an existing connected app to an External
//! Client App, as the wizard walks it: the two findings and the choice, then each route's
//! screens in order with the cleanup before the end; facts with their source, the unconfirmed
//! ones marked; `--route` for one route in full; `--json` for scripts.

mod common;

use common::cli;
use eca_core::migration::{MigrationPath, Route};

const VONAGE: [&str; 5] = [
    "checklist",
    "--profile",
    "vonage-ai-studio",
    "--domain",
    "acme.my.salesforce.com",
];

fn run(extra: &[&str]) -> String {
    let mut args = VONAGE.to_vec();
    args.push("--migrate");
    args.extend(extra);
    let run = cli(&args);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    run.stdout
}

/// The numbered titles of the output, in order.
fn titles(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| {
            line.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .collect()
}

#[test]
fn the_path_finds_the_old_app_then_walks_each_route_to_its_cleanup() {
    let text = run(&[]);
    let titles = titles(&text);
    assert_eq!(
        &titles[..4],
        [
            "1. Find the connected app",
            "2. Find username-password sign-ins",
            "3. Choose how to move",
            "4. Record the Consumer Key before migrating",
        ]
    );
    assert!(titles.contains(&"5. Migrate to External Client App"));
    assert!(titles.contains(&"6. Compare the Consumer Key after migrating"));
    assert!(titles.contains(&"11. Check: Security (each value on the migrated app)"));
    assert!(
        titles.contains(&"8. Security (as in `checklist`)"),
        "{titles:#?}"
    );
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.ends_with("Clean up the old connected app"))
            .count(),
        3,
        "every route ends with the cleanup"
    );
    for route in ["(in-place)", "(new-eca)", "(client-credentials)"] {
        assert!(text.contains(route), "{route}");
    }
    assert!(text
        .contains("Link: https://acme.my.salesforce.com/lightning/setup/ConnectedAppsUsage/home"));
    assert!(text
        .contains("Unconfirmed: Whether the migrated app keeps the connected app's Consumer Key"));
    assert!(text.contains("the exact label is unconfirmed"));
    assert!(text.contains("20 February 2027"));
    assert!(text.contains("Fact: External Client Apps do not support the username-password flow"));
    assert!(text.contains("deleting the new External Client App brings the connected app back"));
}

#[test]
fn one_route_is_printed_with_its_steps_in_full() {
    let text = run(&["--route", "in-place"]);
    assert!(!text.contains("(new-eca)"));
    assert!(
        text.contains("Check that it is unchecked"),
        "the review of Security"
    );
    assert!(text.contains("Then: If you changed anything, click Save."));
    assert!(
        !text.contains("Then: Click Create."),
        "nothing is created again"
    );

    let text = run(&["--route", "new-eca"]);
    assert!(text.contains("Then: Click Create."));
    assert!(!text.contains("Record the Consumer Key before migrating"));
}

#[test]
fn the_json_path_lists_each_routes_screens() {
    let path: MigrationPath = serde_json::from_str(&run(&["--json"])).expect("a MigrationPath");
    assert_eq!(path.profile_id, "vonage-ai-studio");
    assert_eq!(path.first.len(), 3);
    let routes: Vec<Route> = path.routes.iter().map(|r| r.route).collect();
    assert_eq!(routes, Route::ALL);
    let in_place: Vec<&str> = path.routes[0]
        .screens
        .iter()
        .map(|entry| entry.screen.as_str())
        .collect();
    assert_eq!(
        in_place[..7],
        [
            "inputs",
            "find-old-app",
            "find-password-sign-ins",
            "choose-route",
            "record-key",
            "migrate",
            "compare-key"
        ]
    );
    assert_eq!(in_place[in_place.len() - 2..], ["cleanup", "finished"]);
    let client_credentials = &path.routes[2];
    assert!(client_credentials.possible);
    assert!(
        client_credentials
            .checklist
            .steps
            .iter()
            .flat_map(|s| &s.sections)
            .flat_map(|s| &s.fields)
            .any(|f| f.id == "run_as"),
        "the client-credentials recipe adds a Run As user"
    );
}

#[test]
fn an_integration_without_client_credentials_says_so_for_that_route() {
    let run = cli(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
        "--migrate",
        "--route",
        "client-credentials",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Not possible for this integration."));
    assert!(run
        .stdout
        .contains("Webex's app does not offer the client credentials flow"));
}

#[test]
fn an_unknown_route_or_a_route_without_migrate_is_refused() {
    let mut args = VONAGE.to_vec();
    args.extend(["--migrate", "--route", "sideways"]);
    let run = cli(&args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no route called “sideways”"),
        "{}",
        run.stderr
    );

    let mut args = VONAGE.to_vec();
    args.extend(["--route", "in-place"]);
    let run = cli(&args);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--migrate"), "{}", run.stderr);
}
