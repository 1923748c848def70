//! `eca-setup-cli checklist`: the values of each guide, the sentences for wrong input, the exit
//! codes scripts rely on, and text an admin can follow on paper.

mod common;

use common::{cli, Run};
use eca_core::checklist::{Field, FieldValue};
use eca_core::scopes::Scope;
use eca_core::Checklist;

const MANAGER_LINK: &str =
    "https://acme.my.salesforce.com/lightning/setup/ManageExternalClientApplication/home";

fn checklist_json(args: &[&str]) -> Checklist {
    let run = cli(args);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("--json prints a Checklist")
}

fn field<'a>(list: &'a Checklist, id: &str) -> &'a Field {
    list.steps
        .iter()
        .flat_map(|step| &step.sections)
        .flat_map(|section| &section.fields)
        .find(|field| field.id == id)
        .unwrap_or_else(|| panic!("no field {id}"))
}

fn checked(field: &Field) -> bool {
    match field.value {
        FieldValue::Checkbox { checked } => checked,
        ref other => panic!("{} is not a checkbox: {other:?}", field.id),
    }
}

fn selected(field: &Field) -> &str {
    match &field.value {
        FieldValue::Choice { selected, .. } => selected,
        other => panic!("{} is not a choice: {other:?}", field.id),
    }
}

fn text(field: &Field) -> &str {
    match &field.value {
        FieldValue::Text { text } => text,
        other => panic!("{} is not text: {other:?}", field.id),
    }
}

fn assert_invalid(run: &Run, expected: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    for sentence in expected {
        assert!(
            run.stderr.contains(sentence),
            "stderr should say “{sentence}”:\n{}",
            run.stderr
        );
    }
}

#[test]
fn vonage_checklist_is_guide_000_value_for_value() {
    let list = checklist_json(&[
        "checklist",
        "--profile",
        "vonage-ai-studio",
        "--domain",
        "acme.my.salesforce.com",
        "--json",
    ]);
    let ids: Vec<&str> = list.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "open-manager",
            "basic-information",
            "oauth-settings",
            "flow-enablement",
            "security",
            "policies",
            "consumer-key-secret"
        ]
    );
    assert_eq!(
        list.org.as_ref().map(|o| o.host.as_str()),
        Some("acme.my.salesforce.com")
    );

    assert_eq!(text(field(&list, "app_name")), "Vonage AI Integration");
    assert_eq!(text(field(&list, "api_name")), "Vonage_AI_Integration");
    assert_eq!(
        text(field(&list, "contact_email")),
        "<contact email>",
        "a left-out email shows its placeholder"
    );
    assert_eq!(selected(field(&list, "distribution_state")), "Local");

    assert!(checked(field(&list, "enable_oauth")));
    let callback = field(&list, "callback_urls");
    assert_eq!(
        callback.value,
        FieldValue::Lines {
            lines: vec!["https://api-eu.vonage.com/oauth/redirect".into()]
        }
    );
    assert_eq!(
        callback.copy.as_deref(),
        Some("https://api-eu.vonage.com/oauth/redirect")
    );

    let FieldValue::Scopes { selected: scopes } = &field(&list, "scopes").value else {
        panic!("scopes is a scope list");
    };
    let chosen: Vec<Scope> = scopes.iter().map(|row| row.scope).collect();
    assert_eq!(chosen, [Scope::Api, Scope::Full, Scope::RefreshToken]);
    let tokens: Vec<&str> = scopes
        .iter()
        .flat_map(|row| &row.tokens)
        .map(String::as_str)
        .collect();
    assert_eq!(tokens, ["api", "full", "refresh_token", "offline_access"]);

    for flow in [
        "flow.client_credentials",
        "flow.authorization_code_and_credentials",
        "flow.device",
        "flow.token_exchange",
        "flow.jwt_bearer",
    ] {
        assert!(
            !checked(field(&list, flow)),
            "guide 000 leaves every flow unchecked: {flow}"
        );
        assert_eq!(field(&list, flow).action, "Leave unchecked");
    }
    assert!(!checked(field(&list, "client_credentials_policy")));

    for secret in ["require_secret_web_server", "require_secret_refresh"] {
        assert!(checked(field(&list, secret)), "{secret}");
        assert_eq!(field(&list, secret).action, "Leave checked");
    }
    let pkce = field(&list, "require_pkce");
    assert!(!checked(pkce), "guide 000: PKCE must be disabled");
    assert_eq!(pkce.action, "Uncheck");
    assert!(
        pkce.note
            .as_deref()
            .is_some_and(|n| n.contains("PKCE must stay unchecked")),
        "{:?}",
        pkce.note
    );

    assert_eq!(
        selected(field(&list, "permitted_users")),
        "All users can self-authorize"
    );
    assert_eq!(
        selected(field(&list, "refresh_token_policy")),
        "Refresh token is valid until revoked"
    );
    let ip = field(&list, "ip_relaxation");
    assert_eq!(selected(ip), "Relax IP restrictions");
    assert_eq!(ip.action, "Select");

    for step in &list.steps {
        assert_eq!(
            step.header.link.as_deref(),
            Some(MANAGER_LINK),
            "{}",
            step.id
        );
    }
}

#[test]
fn lightning_address_is_refused_with_the_my_domain_to_use() {
    let run = cli(&[
        "checklist",
        "--profile",
        "vonage-ai-studio",
        "--domain",
        "acme.lightning.force.com",
    ]);
    assert_invalid(
        &run,
        &[
            "acme.lightning.force.com is the Lightning address of your org",
            "Use your My Domain instead: acme.my.salesforce.com.",
            "--domain",
        ],
    );
}

#[test]
fn unknown_profile_names_the_known_ones() {
    let run = cli(&[
        "checklist",
        "--profile",
        "salesforce-magic",
        "--domain",
        "acme.my.salesforce.com",
    ]);
    assert_invalid(
        &run,
        &[
            "There is no integration called “salesforce-magic”.",
            "vonage-ai-studio, service-board-sync",
        ],
    );
}

#[test]
fn service_board_sync_without_tenant_domain_says_what_to_pass() {
    let run = cli(&[
        "checklist",
        "--profile",
        "service-board-sync",
        "--domain",
        "acme.my.salesforce.com",
        "--input",
        "run_as=integration@acme.com",
    ]);
    assert_invalid(
        &run,
        &[
            "Enter your Service Board Sync tenant domain.",
            "For example acme.serviceboardsync.com.",
            "--input tenant_domain=",
        ],
    );
    assert!(
        !run.stderr.contains("run_as"),
        "run_as was given: {}",
        run.stderr
    );
}

#[test]
fn service_board_sync_with_its_inputs_fills_callback_and_run_as() {
    let list = checklist_json(&[
        "checklist",
        "--profile",
        "service-board-sync",
        "--domain",
        "https://acme.my.salesforce.com/",
        "--input",
        "tenant_domain=https://Acme.ServiceBoardSync.com/",
        "--input",
        "run_as=integration@acme.com",
        "--json",
    ]);
    assert_eq!(
        field(&list, "callback_urls").value,
        FieldValue::Lines {
            lines: vec!["https://acme.serviceboardsync.com/oauth".into()]
        }
    );
    assert_eq!(text(field(&list, "run_as")), "integration@acme.com");
    assert_eq!(
        list.steps.last().map(|s| s.id.as_str()),
        Some("integration-user")
    );
}

#[test]
fn unknown_input_key_names_the_valid_ones() {
    let run = cli(&[
        "checklist",
        "--profile",
        "service-board-sync",
        "--domain",
        "acme.my.salesforce.com",
        "--input",
        "tenant=acme.serviceboardsync.com",
        "--input",
        "tenant_domain=acme.serviceboardsync.com",
        "--input",
        "run_as=integration@acme.com",
    ]);
    assert_invalid(
        &run,
        &[
            "Service Board Sync has no input called “tenant”.",
            "tenant_domain",
            "run_as",
        ],
    );

    let run = cli(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
        "--input",
        "tenant_domain=x.example.com",
    ]);
    assert_invalid(
        &run,
        &[
            "Webex has no input called “tenant_domain”.",
            "takes no --input",
        ],
    );
}

#[test]
fn input_without_equals_sign_is_a_usage_error() {
    let run = cli(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
        "--input",
        "tenant_domain",
    ]);
    assert_invalid(&run, &["expected KEY=VALUE"]);
}

#[test]
fn missing_email_is_fine_on_paper_but_a_malformed_one_is_not() {
    let run = cli(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("Contact Email: <contact email>  (Type or paste)"));

    let run = cli(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
        "--email",
        "admins-at-acme",
    ]);
    assert_invalid(
        &run,
        &["“admins-at-acme” is not an email address.", "--email"],
    );

    let list = checklist_json(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
        "--email",
        "salesforce-admins@acme.com",
        "--json",
    ]);
    assert_eq!(
        text(field(&list, "contact_email")),
        "salesforce-admins@acme.com"
    );
}

#[test]
fn app_name_flag_derives_the_api_name_unless_one_is_given() {
    let base = [
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "acme.my.salesforce.com",
        "--json",
    ];
    let list = checklist_json(&[&base[..], &["--app-name", "Webex for Acme (Prod)"]].concat());
    assert_eq!(text(field(&list, "app_name")), "Webex for Acme (Prod)");
    assert_eq!(text(field(&list, "api_name")), "Webex_for_Acme_Prod");

    let list = checklist_json(
        &[
            &base[..],
            &["--app-name", "Webex for Acme", "--api-name", "Acme_Webex"],
        ]
        .concat(),
    );
    assert_eq!(text(field(&list, "api_name")), "Acme_Webex");

    let run = cli(&[&base[..], &["--api-name", "Acme__Webex_"]].concat());
    assert_invalid(
        &run,
        &[
            "The API Name cannot end with an underscore.",
            "The API Name cannot contain two underscores in a row.",
            "--api-name",
        ],
    );
}

#[test]
fn text_output_lists_every_step_in_order_with_its_fields() {
    let args = [
        "checklist",
        "--profile",
        "vonage-ai-studio",
        "--domain",
        "acme.my.salesforce.com",
    ];
    let list = checklist_json(&[&args[..], &["--json"]].concat());
    let run = cli(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;

    let mut from = 0;
    for (index, step) in list.steps.iter().enumerate() {
        let heading = format!("\n{}. {}\n", index + 1, step.header.title);
        let at = out[from..]
            .find(&heading)
            .unwrap_or_else(|| panic!("step “{heading}” missing or out of order in:\n{out}"));
        from += at + heading.len();
    }
    for line in [
        "   Setup › Apps › External Client Apps › External Client App Manager\n",
        &format!("   Link: {MANAGER_LINK}\n"),
        "     Callback URL: https://api-eu.vonage.com/oauth/redirect  (Type or paste, one URL per line)\n",
        "       - Perform requests at any time (refresh_token, offline_access)\n",
        "     Require secret for Web Server Flow: [x]  (Leave checked)\n",
        "     Require Proof Key for Code Exchange (PKCE) extension for Supported Authorization Flows: [ ]  (Uncheck)\n",
        "       Note: PKCE must stay unchecked",
        "     Permitted Users: All users can self-authorize  (Select)\n",
        "     IP Relaxation: Relax IP restrictions  (Select)\n",
        "   Then: Click Create.",
        "   Then: Click Save.\n",
        "   Warning: The Consumer Secret works like a password",
    ] {
        assert!(out.contains(line), "missing “{line}” in:\n{out}");
    }
}

#[test]
fn generic_login_host_gets_quick_find_instead_of_links() {
    let run = cli(&[
        "checklist",
        "--profile",
        "webex",
        "--domain",
        "login.salesforce.com",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Link:"), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("   Quick Find: External Client App Manager\n"));
    assert!(run
        .stdout
        .contains("Warning: login.salesforce.com works for signing in"));
}
