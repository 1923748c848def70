//! The checklist of every integration says, field by field, what its partner's guide says (and
//! Salesforce's default where the guide is silent). The tables below were written from the
//! guides in `profiles/guides/`, not from the code; the snapshots pin the rest of the output.

use std::collections::BTreeMap;

use eca_core::checklist::{Checklist, FieldValue};
use eca_core::eca::{Flow, IpRelaxation, PermittedUsers};
use eca_core::inputs::validate;
use eca_core::profile::Sourced;
use eca_core::scopes::Scope;
use eca_core::{checklist, profiles};
use eca_test_support::{profile, sample_inputs};

const MANAGER_LINK: &str =
    "https://acme.my.salesforce.com/lightning/setup/ManageExternalClientApplication/home";
const USERS_LINK: &str = "https://acme.my.salesforce.com/lightning/setup/ManageUsers/home";

fn acme_checklist(id: &str) -> Checklist {
    let profile = profile(id);
    let inputs = sample_inputs(profile);
    assert_eq!(
        validate(profile, &inputs),
        [],
        "{id}: Acme's inputs are valid"
    );
    checklist(profile, &inputs)
}

/// A field's value as one string: text as is, lines joined by newlines, a checkbox as `[x]` or
/// `[ ]`, a choice as its label, scopes as their tokens separated by spaces.
fn rendered(value: &FieldValue) -> String {
    match value {
        FieldValue::Text { text } => text.clone(),
        FieldValue::Lines { lines } => lines.join("\n"),
        FieldValue::Checkbox { checked: true } => "[x]".into(),
        FieldValue::Checkbox { checked: false } => "[ ]".into(),
        FieldValue::Choice { selected, .. } => selected.clone(),
        FieldValue::Scopes { selected } => selected
            .iter()
            .flat_map(|row| &row.tokens)
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Every field of the checklist: field id → (rendered value, action).
fn flatten(list: &Checklist) -> BTreeMap<String, (String, String)> {
    let mut fields = BTreeMap::new();
    for step in &list.steps {
        for field in step.sections.iter().flat_map(|s| &s.fields) {
            let entry = (rendered(&field.value), field.action.clone());
            let before = fields.insert(field.id.clone(), entry);
            assert!(before.is_none(), "field id {} appears twice", field.id);
        }
    }
    fields
}

/// The checklist has exactly these fields, with these values and actions.
fn assert_fields(list: &Checklist, expected: &[(&str, &str, &str)]) {
    let actual = flatten(list);
    for (id, value, action) in expected {
        let (got_value, got_action) = actual
            .get(*id)
            .unwrap_or_else(|| panic!("{}: no field {id}", list.profile_id));
        assert_eq!(got_value, value, "{}: value of {id}", list.profile_id);
        assert_eq!(got_action, action, "{}: action of {id}", list.profile_id);
    }
    let expected_ids: Vec<&str> = expected.iter().map(|(id, ..)| *id).collect();
    let extra: Vec<&String> = actual
        .keys()
        .filter(|id| !expected_ids.contains(&id.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "{}: fields not in the table: {extra:?}",
        list.profile_id
    );
    assert_eq!(
        actual.len(),
        expected.len(),
        "{}: a field id is listed twice",
        list.profile_id
    );
}

fn step_ids(list: &Checklist) -> Vec<&str> {
    list.steps.iter().map(|s| s.id.as_str()).collect()
}

fn step<'a>(list: &'a Checklist, id: &str) -> &'a eca_core::Step {
    list.steps
        .iter()
        .find(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("{}: no step {id}", list.profile_id))
}

fn note_of(list: &Checklist, field_id: &str) -> Option<String> {
    list.steps
        .iter()
        .flat_map(|s| &s.sections)
        .flat_map(|s| &s.fields)
        .find(|f| f.id == field_id)
        .and_then(|f| f.note.clone())
}

const SCREENS: [&str; 6] = [
    "open-manager",
    "basic-information",
    "oauth-settings",
    "flow-enablement",
    "security",
    "policies",
];

const MOVE_SCOPES: &str = "Move each of these from Available OAuth Scopes to Selected OAuth Scopes";
const CALLBACK_ACTION: &str = "Type or paste, one URL per line";
const API_NAME_ACTION: &str = "Check: Salesforce fills it from the name";
const NO_FLOWS: [(&str, &str, &str); 5] = [
    ("flow.client_credentials", "[ ]", "Leave unchecked"),
    (
        "flow.authorization_code_and_credentials",
        "[ ]",
        "Leave unchecked",
    ),
    ("flow.device", "[ ]", "Leave unchecked"),
    ("flow.token_exchange", "[ ]", "Leave unchecked"),
    ("flow.jwt_bearer", "[ ]", "Leave unchecked"),
];

fn with_no_flows(
    fields: &[(&'static str, &'static str, &'static str)],
) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut all = fields.to_vec();
    all.extend(NO_FLOWS);
    all
}

#[test]
fn vonage_follows_guide_000() {
    let list = acme_checklist("vonage-ai-studio");
    assert_eq!(
        step_ids(&list),
        [&SCREENS[..], &["consumer-key-secret"]].concat()
    );
    assert_fields(
        &list,
        &with_no_flows(&[
            ("app_name", "Vonage AI Integration", "Type or paste"),
            ("api_name", "Vonage_AI_Integration", API_NAME_ACTION),
            (
                "contact_email",
                "salesforce-admins@acme.com",
                "Type or paste",
            ),
            ("distribution_state", "Local", "Select"),
            ("enable_oauth", "[x]", "Check"),
            (
                "callback_urls",
                "https://api-eu.vonage.com/oauth/redirect",
                CALLBACK_ACTION,
            ),
            (
                "verify_callback",
                "http://localhost:1717/OauthRedirect",
                "Add as a second line",
            ),
            (
                "scopes",
                "api full refresh_token offline_access",
                MOVE_SCOPES,
            ),
            ("require_secret_web_server", "[x]", "Leave checked"),
            ("require_secret_refresh", "[x]", "Leave checked"),
            ("require_pkce", "[ ]", "Uncheck"),
            ("refresh_token_rotation", "[ ]", "Leave unchecked"),
            ("jwt_access_tokens", "[ ]", "Leave unchecked"),
            ("permitted_users", "All users can self-authorize", "Select"),
            ("client_credentials_policy", "[ ]", "Leave unchecked"),
            (
                "refresh_token_policy",
                "Refresh token is valid until revoked",
                "Select",
            ),
            ("ip_relaxation", "Relax IP restrictions", "Select"),
        ]),
    );
    let pkce = note_of(&list, "require_pkce").expect("PKCE carries a note");
    assert!(pkce.contains("PKCE must stay unchecked"), "{pkce}");
    let key = step(&list, "consumer-key-secret");
    assert!(
        key.header
            .instructions
            .iter()
            .any(|i| i.contains("a verification code sent to your registered email address")),
        "guide 000 verifies by email: {:?}",
        key.header.instructions
    );
    // Guide 000 reaches the New button through App Manager; the first step says both work.
    assert!(step(&list, "open-manager")
        .header
        .warnings
        .iter()
        .any(|w| w.contains("App Manager")));
}

#[test]
fn service_board_sync_follows_guide_002() {
    let list = acme_checklist("service-board-sync");
    assert_eq!(
        step_ids(&list),
        [&SCREENS[..], &["consumer-key-secret", "integration-user"]].concat()
    );
    assert_fields(
        &list,
        &[
            ("app_name", "Service Board Sync", "Type or paste"),
            ("api_name", "Service_Board_Sync", API_NAME_ACTION),
            (
                "contact_email",
                "salesforce-admins@acme.com",
                "Type or paste",
            ),
            ("distribution_state", "Local", "Select"),
            ("enable_oauth", "[x]", "Check"),
            (
                "callback_urls",
                "https://acme.serviceboardsync.com/oauth",
                CALLBACK_ACTION,
            ),
            ("scopes", "id profile email address phone api", MOVE_SCOPES),
            ("flow.client_credentials", "[x]", "Check"),
            (
                "flow.authorization_code_and_credentials",
                "[ ]",
                "Leave unchecked",
            ),
            ("flow.device", "[ ]", "Leave unchecked"),
            ("flow.token_exchange", "[ ]", "Leave unchecked"),
            ("flow.jwt_bearer", "[ ]", "Leave unchecked"),
            ("require_secret_web_server", "[x]", "Leave checked"),
            ("require_secret_refresh", "[x]", "Leave checked"),
            ("require_pkce", "[ ]", "Uncheck"),
            ("refresh_token_rotation", "[ ]", "Leave unchecked"),
            ("jwt_access_tokens", "[ ]", "Leave unchecked"),
            ("permitted_users", "All users can self-authorize", "Select"),
            ("client_credentials_policy", "[x]", "Check"),
            ("run_as", "integration@acme.com", "Type or pick the user"),
            (
                "refresh_token_policy",
                "Refresh token is valid until revoked",
                "Select",
            ),
            ("ip_relaxation", "Relax IP restrictions", "Select"),
        ],
    );
    // Guide 002 reaches the screen through the External Client App Manager itself.
    assert!(!step(&list, "open-manager")
        .header
        .warnings
        .iter()
        .any(|w| w.contains("App Manager")));
    let user = step(&list, "integration-user");
    assert_eq!(user.header.link.as_deref(), Some(USERS_LINK));
    assert_eq!(
        user.header.instructions[0],
        "Open the user integration@acme.com and click Edit."
    );
    assert!(
        user.header.instructions[1].contains("Appendix C"),
        "{:?}",
        user.header.instructions
    );
    assert!(
        user.header
            .warnings
            .iter()
            .any(|w| w.contains("API Only User")),
        "{:?}",
        user.header.warnings
    );
    assert!(
        !step(&list, "policies")
            .header
            .warnings
            .iter()
            .any(|w| w.contains("Client Credentials Flow is enabled on the app but not here")),
        "both client-credentials boxes are on"
    );
}

#[test]
fn bright_pattern_follows_guide_003() {
    let list = acme_checklist("bright-pattern");
    assert_eq!(
        step_ids(&list),
        [
            &SCREENS[..],
            &[
                "wait-for-propagation",
                "consumer-key-secret",
                "integration-user"
            ]
        ]
        .concat()
    );
    assert_fields(
        &list,
        &[
            ("app_name", "Bright Pattern Integration", "Type or paste"),
            ("api_name", "Bright_Pattern_Integration", API_NAME_ACTION),
            (
                "contact_email",
                "salesforce-admins@acme.com",
                "Type or paste",
            ),
            ("distribution_state", "Local", "Select"),
            ("enable_oauth", "[x]", "Check"),
            (
                "callback_urls",
                "https://example.brightpattern.com/admin/salesforcecallback.html",
                CALLBACK_ACTION,
            ),
            (
                "scopes",
                "full api refresh_token offline_access",
                MOVE_SCOPES,
            ),
            // Bright Pattern signs in with the web server flow, which the app tests on loopback.
            (
                "verify_callback",
                "http://localhost:1717/OauthRedirect",
                "Add as a second line",
            ),
            ("flow.client_credentials", "[x]", "Check"),
            (
                "flow.authorization_code_and_credentials",
                "[ ]",
                "Leave unchecked",
            ),
            ("flow.device", "[ ]", "Leave unchecked"),
            ("flow.token_exchange", "[ ]", "Leave unchecked"),
            ("flow.jwt_bearer", "[ ]", "Leave unchecked"),
            // The guide says nothing about Security: Salesforce's defaults stay.
            ("require_secret_web_server", "[x]", "Leave checked"),
            ("require_secret_refresh", "[x]", "Leave checked"),
            ("require_pkce", "[x]", "Leave checked"),
            ("refresh_token_rotation", "[ ]", "Leave unchecked"),
            ("jwt_access_tokens", "[ ]", "Leave unchecked"),
            (
                "permitted_users",
                "Admin approved users are pre-authorized",
                "Select",
            ),
            // The permission set the admin named (the input's example).
            (
                "preauthorized_access",
                "the permission set Bright_Pattern_Integration",
                "Add",
            ),
            ("client_credentials_policy", "[x]", "Check"),
            ("run_as", "integration@acme.com", "Type or pick the user"),
            (
                "refresh_token_policy",
                "Refresh token is valid until revoked",
                "Select",
            ),
            ("ip_relaxation", "Enforce IP restrictions", "Select"),
        ],
    );
    let wait = step(&list, "wait-for-propagation");
    assert!(
        wait.header.instructions[0].starts_with("Wait 10 minutes after saving"),
        "{:?}",
        wait.header.instructions
    );
    let key = step(&list, "consumer-key-secret");
    assert!(
        key.header
            .instructions
            .iter()
            .any(|i| i.contains("the multi-factor authentication (MFA) challenge")),
        "{:?}",
        key.header.instructions
    );
    let user = step(&list, "integration-user");
    assert_eq!(
        user.header.instructions[0],
        "Open the user integration@acme.com and click Edit."
    );
    assert!(
        user.header.instructions[1].contains("a User License and a Profile"),
        "{:?}",
        user.header.instructions
    );
}

#[test]
fn webex_follows_guide_004() {
    let list = acme_checklist("webex");
    assert_eq!(
        step_ids(&list),
        [&SCREENS[..], &["consumer-key-secret"]].concat()
    );
    assert_fields(
        &list,
        &with_no_flows(&[
            ("app_name", "Webex", "Type or paste"),
            ("api_name", "Webex", API_NAME_ACTION),
            (
                "contact_email",
                "salesforce-admins@acme.com",
                "Type or paste",
            ),
            ("distribution_state", "Local", "Select"),
            ("enable_oauth", "[x]", "Check"),
            (
                "callback_urls",
                "https://meetings-api.webex.com/wbxaddin/indexFor3rdAuth.html",
                CALLBACK_ACTION,
            ),
            (
                "verify_callback",
                "http://localhost:1717/OauthRedirect",
                "Add as a second line",
            ),
            (
                "scopes",
                "api web refresh_token offline_access",
                MOVE_SCOPES,
            ),
            // "keep the three default options checked", PKCE included.
            ("require_secret_web_server", "[x]", "Leave checked"),
            ("require_secret_refresh", "[x]", "Leave checked"),
            ("require_pkce", "[x]", "Leave checked"),
            ("refresh_token_rotation", "[ ]", "Leave unchecked"),
            ("jwt_access_tokens", "[ ]", "Leave unchecked"),
            ("permitted_users", "All users can self-authorize", "Select"),
            ("client_credentials_policy", "[ ]", "Leave unchecked"),
            (
                "refresh_token_policy",
                "Refresh token is valid until revoked",
                "Select",
            ),
            ("ip_relaxation", "Enforce IP restrictions", "Select"),
        ]),
    );
    let key = step(&list, "consumer-key-secret");
    assert!(
        key.header
            .instructions
            .iter()
            .any(|i| i.contains("a verification code sent to your registered email")),
        "{:?}",
        key.header.instructions
    );
}

#[test]
fn custom_starts_from_salesforce_defaults() {
    let list = acme_checklist("custom");
    assert_eq!(
        step_ids(&list),
        [&SCREENS[..], &["consumer-key-secret"]].concat()
    );
    assert_fields(
        &list,
        &with_no_flows(&[
            ("app_name", "My Integration", "Type or paste"),
            ("api_name", "My_Integration", API_NAME_ACTION),
            (
                "contact_email",
                "salesforce-admins@acme.com",
                "Type or paste",
            ),
            ("distribution_state", "Local", "Select"),
            ("enable_oauth", "[x]", "Check"),
            ("callback_urls", "", CALLBACK_ACTION),
            (
                "verify_callback",
                "http://localhost:1717/OauthRedirect",
                "Add as a second line",
            ),
            ("scopes", "api refresh_token offline_access", MOVE_SCOPES),
            ("require_secret_web_server", "[x]", "Leave checked"),
            ("require_secret_refresh", "[x]", "Leave checked"),
            ("require_pkce", "[x]", "Leave checked"),
            ("refresh_token_rotation", "[ ]", "Leave unchecked"),
            ("jwt_access_tokens", "[ ]", "Leave unchecked"),
            ("permitted_users", "All users can self-authorize", "Select"),
            ("client_credentials_policy", "[ ]", "Leave unchecked"),
            (
                "refresh_token_policy",
                "Refresh token is valid until revoked",
                "Select",
            ),
            ("ip_relaxation", "Enforce IP restrictions", "Select"),
        ]),
    );
    assert!(
        step(&list, "open-manager").header.warnings.is_empty(),
        "no guide, no App Manager remark"
    );
}

/// ECA Setup Assistant's own app (issue 23): no guide, every value this app's recommendation or
/// Salesforce's default. A public client on the loopback: PKCE required, no secret, `api` only,
/// pre-authorized admins, and a last step with the signed-in admin's permissions.
#[test]
fn the_assistants_own_app_reads_with_pkce_and_no_secret() {
    let list = acme_checklist("eca-setup-assistant");
    assert_eq!(
        step_ids(&list),
        [&SCREENS[..], &["consumer-key-secret", "admin-permissions"]].concat()
    );
    const GRANTED: &str = "Make sure it is granted";
    assert_fields(
        &list,
        &with_no_flows(&[
            ("app_name", "ECA Setup Assistant (read-only)", "Type or paste"),
            ("api_name", "ECA_Setup_Assistant_readonly", API_NAME_ACTION),
            (
                "contact_email",
                "salesforce-admins@acme.com",
                "Type or paste",
            ),
            ("distribution_state", "Local", "Select"),
            ("enable_oauth", "[x]", "Check"),
            // Its own callback is the loopback: no second line for the verification.
            (
                "callback_urls",
                "http://localhost:1717/OauthRedirect",
                CALLBACK_ACTION,
            ),
            ("scopes", "api", MOVE_SCOPES),
            ("require_secret_web_server", "[ ]", "Uncheck"),
            ("require_secret_refresh", "[x]", "Leave checked"),
            ("require_pkce", "[x]", "Leave checked"),
            ("refresh_token_rotation", "[ ]", "Leave unchecked"),
            ("jwt_access_tokens", "[ ]", "Leave unchecked"),
            (
                "permitted_users",
                "Admin approved users are pre-authorized",
                "Select",
            ),
            (
                "preauthorized_access",
                "the permission set ECA_Setup_Assistant_Read_Only",
                "Add",
            ),
            ("client_credentials_policy", "[ ]", "Leave unchecked"),
            (
                "refresh_token_policy",
                "Immediately expire refresh token",
                "Select",
            ),
            ("ip_relaxation", "Enforce IP restrictions", "Select"),
            ("admin_permission.api_enabled", "[x]", GRANTED),
            (
                "admin_permission.view_setup_and_configuration",
                "[x]",
                GRANTED,
            ),
            ("admin_permission.customize_application", "[x]", GRANTED),
            (
                "admin_permission.manage_users_or_monitor_login_history",
                "[x]",
                GRANTED,
            ),
            (
                "admin_permission.modify_metadata_through_metadata_api_functions_or_modify_all_data",
                "[x]",
                GRANTED,
            ),
        ]),
    );
    let secret = note_of(&list, "require_secret_web_server").expect("why no secret");
    assert!(
        secret.contains("For Public Clients") && secret.contains("PKCE"),
        "the note cites Salesforce on public clients: {secret}"
    );
    let metadata = note_of(
        &list,
        "admin_permission.modify_metadata_through_metadata_api_functions_or_modify_all_data",
    )
    .expect("why a read needs it");
    assert!(metadata.contains("readMetadata()"), "{metadata}");
    let key = step(&list, "consumer-key-secret");
    assert!(
        key.header
            .instructions
            .iter()
            .any(|i| i.contains("own sign-in sends no secret")),
        "{:?}",
        key.header.instructions
    );
    let admin = step(&list, "admin-permissions");
    assert_eq!(admin.header.link.as_deref(), Some(USERS_LINK));
    assert!(
        admin.header.instructions[1].contains("ECA_Setup_Assistant_Read_Only"),
        "the pre-authorizing permission set is assigned: {:?}",
        admin.header.instructions
    );
    // No refresh token, so nothing to say about rotation or the idle limit.
    assert!(step(&list, "security").header.warnings.is_empty());
    assert!(step(&list, "policies").header.warnings.is_empty());
}

#[test]
fn custom_uses_the_admins_own_settings() {
    let custom = profile("custom");
    let mut inputs = sample_inputs(custom);
    let mut eca = custom.eca.clone();
    eca.callback_urls = Sourced::by_admin(vec![
        "https://partner.example.com/callback".into(),
        "https://partner.example.com/callback2".into(),
    ]);
    eca.scopes = Sourced::by_admin(vec![Scope::Api, Scope::Openid]);
    eca.flows = Sourced::by_admin(vec![Flow::ClientCredentials]);
    eca.require_pkce = Sourced::by_admin(false);
    eca.permitted_users = Sourced::by_admin(PermittedUsers::AdminApprovedPreAuthorized);
    eca.client_credentials_policy = Sourced::by_admin(true);
    eca.run_as = Some(Sourced::by_admin("svc@acme.com".into()));
    eca.ip_relaxation = Sourced::by_admin(IpRelaxation::Bypass2factor);
    inputs.eca = Some(eca.clone());
    let fields = flatten(&checklist(custom, &inputs));
    let value = |id: &str| fields[id].0.as_str();
    assert_eq!(
        value("callback_urls"),
        "https://partner.example.com/callback\nhttps://partner.example.com/callback2"
    );
    assert_eq!(value("scopes"), "api openid");
    assert_eq!(value("flow.client_credentials"), "[x]");
    assert_eq!(value("require_pkce"), "[ ]");
    assert_eq!(
        value("permitted_users"),
        "Admin approved users are pre-authorized"
    );
    assert_eq!(
        value("preauthorized_access"),
        "the integration user's profile or permission set"
    );
    assert_eq!(value("run_as"), "svc@acme.com");
    assert_eq!(
        value("ip_relaxation"),
        "Relax IP restrictions for activated devices"
    );
    assert_eq!(fields["ip_relaxation"].1, "Select");

    // A profile with a guide ignores settings passed this way: the guide's values stand.
    let vonage = profile("vonage-ai-studio");
    let mut inputs = sample_inputs(vonage);
    inputs.eca = Some(eca);
    let fields = flatten(&checklist(vonage, &inputs));
    assert_eq!(
        fields["callback_urls"].0,
        "https://api-eu.vonage.com/oauth/redirect"
    );
    assert_eq!(fields["ip_relaxation"].0, "Relax IP restrictions");
}

#[test]
fn every_guide_value_names_its_guide_on_the_field() {
    let list = acme_checklist("vonage-ai-studio");
    for step in &list.steps {
        for field in step.sections.iter().flat_map(|s| &s.fields) {
            if field.from.is_guide() {
                assert_eq!(field.from.0, "000", "{}", field.id);
            }
        }
    }
    let list = acme_checklist("service-board-sync");
    let run_as = list
        .steps
        .iter()
        .flat_map(|s| &s.sections)
        .flat_map(|s| &s.fields)
        .find(|f| f.id == "run_as")
        .expect("run_as");
    assert_eq!(run_as.from.0, "002");
    assert!(run_as
        .quote
        .as_deref()
        .is_some_and(|q| q.contains("Set Run As (Username)")));
}

#[test]
fn every_step_of_a_my_domain_org_links_into_setup() {
    for profile in profiles() {
        let list = checklist(profile, &sample_inputs(profile));
        for step in &list.steps {
            let expected = if ["integration-user", "admin-permissions"].contains(&step.id.as_str())
            {
                USERS_LINK
            } else {
                MANAGER_LINK
            };
            assert_eq!(
                step.header.link.as_deref(),
                Some(expected),
                "{}: {}",
                profile.id,
                step.id
            );
            assert!(
                !step.header.quick_find.is_empty(),
                "{}: {}",
                profile.id,
                step.id
            );
        }
    }
}

#[test]
fn generic_login_host_gives_quick_find_and_a_my_domain_warning_on_the_first_step() {
    for profile in profiles() {
        let mut inputs = sample_inputs(profile);
        inputs.domain = "login.salesforce.com".into();
        let list = checklist(profile, &inputs);
        for (index, step) in list.steps.iter().enumerate() {
            assert_eq!(
                step.header.link, None,
                "{}: {} has no link without My Domain",
                profile.id, step.id
            );
            assert!(
                !step.header.quick_find.is_empty(),
                "{}: {}",
                profile.id,
                step.id
            );
            let warned = step
                .header
                .warnings
                .iter()
                .any(|w| w.starts_with("login.salesforce.com works for signing in"));
            assert_eq!(
                warned,
                index == 0,
                "{}: {} warning only on the first step",
                profile.id,
                step.id
            );
        }
    }
}

#[test]
fn missing_inputs_show_their_label_as_a_placeholder() {
    let sbs = profile("service-board-sync");
    let mut inputs = sample_inputs(sbs);
    inputs.values.clear();
    let list = checklist(sbs, &inputs);
    let fields = flatten(&list);
    assert_eq!(
        fields["callback_urls"].0,
        "https://<Service Board Sync tenant domain>/oauth"
    );
    assert_eq!(
        fields["run_as"].0,
        "<Integration user's Salesforce username>"
    );
    assert_eq!(
        step(&list, "integration-user").header.instructions[0],
        "Open the user <Integration user's Salesforce username> and click Edit."
    );
    let missing: Vec<String> = validate(sbs, &inputs)
        .into_iter()
        .map(|i| i.field)
        .collect();
    assert_eq!(missing, ["tenant_domain", "run_as"]);

    let mut inputs = sample_inputs(sbs);
    inputs.contact_email.clear();
    assert_eq!(
        flatten(&checklist(sbs, &inputs))["contact_email"].0,
        "<contact email>"
    );
}

#[test]
fn partner_domains_are_cleaned_before_they_reach_the_callback() {
    let bp = profile("bright-pattern");
    let mut inputs = sample_inputs(bp);
    inputs.values.insert(
        "bp_domain".into(),
        "  https://Acme.BrightPattern.com/admin/ ".into(),
    );
    assert_eq!(
        flatten(&checklist(bp, &inputs))["callback_urls"].0,
        "https://acme.brightpattern.com/admin/salesforcecallback.html"
    );
}

#[test]
fn checklists_match_their_snapshots() {
    for profile in profiles() {
        let list = checklist(profile, &sample_inputs(profile));
        insta::assert_json_snapshot!(profile.id.as_str(), list);
    }
}
