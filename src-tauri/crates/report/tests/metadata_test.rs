//! The metadata export of every profile, parsed back and checked field by field. With
//! `ECA_METADATA_OUT` set, `every_profile_exports_into_ECA_METADATA_OUT` also writes each
//! profile's folder there for tests/metadata/check-export.mjs (Salesforce's own library).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use eca_core::checklist::{effective_eca, FieldValue, VERIFY_CALLBACK};
use eca_core::eca::{
    PermittedUsers, RefreshTokenPolicy, RefreshTokenValidity, RefreshTokenValidityUnit,
};
use eca_core::profile::Sourced;
use eca_core::{checklist, profiles, Profile};
use eca_report::metadata::{metadata_files, NAMESPACE, TYPES};
use eca_report::{export_metadata, MetadataError};
use eca_test_support::{files, CONTACT_EMAIL};
use quick_xml::events::Event;
use quick_xml::Reader;
use quick_xml::XmlVersion;

use common::{inputs, SECRET};

/// The root element's name and xmlns, and each child element's text.
fn parse(path: &Path) -> (String, String, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = Reader::from_str(&text);
    reader.config_mut().trim_text(true);
    let (mut root, mut xmlns) = (String::new(), String::new());
    let mut fields = BTreeMap::new();
    let mut current = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) if root.is_empty() => {
                root = start.name().as_ref().to_owned();
                xmlns = start
                    .try_get_attribute("xmlns")
                    .unwrap()
                    .map(|a| {
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned()
                    })
                    .unwrap_or_default();
            }
            Event::Start(start) => {
                current = Some(start.name().as_ref().to_owned());
            }
            Event::Text(text) => {
                let name = current.take().expect("text only inside a field");
                fields.insert(name, text.xml10_content().into_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (root, xmlns, fields)
}

/// The child elements' names, in document order.
fn element_names(path: &Path) -> Vec<String> {
    elements(path).into_iter().map(|(name, _)| name).collect()
}

/// The child elements as (name, text), in document order.
fn elements(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = Reader::from_str(&text);
    let mut depth = 0;
    let mut found: Vec<(String, String)> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) => {
                depth += 1;
                if depth == 2 {
                    found.push((start.name().as_ref().to_owned(), String::new()));
                }
            }
            Event::Text(text) if depth == 2 => {
                let last = found.last_mut().expect("text inside an element");
                last.1.push_str(&text.xml10_content());
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// The Callback URL lines the checklist's OAuth step asks for, in order.
fn checklist_callbacks(profile: &Profile, inputs: &eca_core::inputs::SetupInputs) -> Vec<String> {
    let list = checklist(profile, inputs);
    let mut urls = Vec::new();
    for field in list
        .steps
        .iter()
        .filter(|step| step.id.as_str() == "oauth-settings")
        .flat_map(|step| &step.sections)
        .flat_map(|section| &section.fields)
    {
        match (field.id.as_str(), &field.value) {
            ("callback_urls", FieldValue::Lines { lines }) => urls.extend(lines.iter().cloned()),
            ("verify_callback", FieldValue::Text { text }) => urls.push(text.clone()),
            _ => {}
        }
    }
    urls
}

fn global_settings_path(root: &Path, name: &str) -> std::path::PathBuf {
    root.join(format!(
        "force-app/main/default/extlClntAppGlobalOauthSets/{name}.ecaGlblOauth-meta.xml"
    ))
}

/// One profile's export as its guide asks for it, in the Metadata API's words, written from the
/// guides and Salesforce's Metadata API reference (not from the export's code). With the sample
/// inputs: each input's example, `salesforce-admins@acme.com` as contact.
struct Export {
    profile: &'static str,
    name: &'static str,
    label: &'static str,
    description: &'static str,
    /// `commaSeparatedOauthScopes`: "Perform requests at any time (refresh_token,
    /// offline_access)" is two names, the identity URL scope five.
    scopes: &'static str,
    /// The partner's callback URLs, then the loopback line where the app verifies with the
    /// web server flow.
    callback_url: &'static str,
    client_credentials: &'static str,
    pkce_required: &'static str,
    permitted_users: &'static str,
    ip_relaxation: &'static str,
    run_as: Option<&'static str>,
    permission_set: Option<&'static str>,
    /// `isConsumerSecretOptional`: "Require secret for Web Server Flow" unchecked.
    secret_optional: &'static str,
    refresh_token_policy: &'static str,
}

const EXPORTS: [Export; 6] = [
    Export {
        profile: "vonage-ai-studio",
        name: "Vonage_AI_Integration",
        label: "Vonage AI Integration",
        description: "Vonage AI Studio integration, set up with ECA Setup Assistant.",
        scopes: "Api,Full,RefreshToken,OfflineAccess",
        callback_url: "https://api-eu.vonage.com/oauth/redirect\nhttp://localhost:1717/OauthRedirect",
        client_credentials: "false",
        // Guide 000 unchecks PKCE.
        pkce_required: "false",
        permitted_users: "AllSelfAuthorized",
        ip_relaxation: "Bypass",
        run_as: None,
        permission_set: None,
        secret_optional: "false",
        refresh_token_policy: "Infinite",
    },
    Export {
        profile: "service-board-sync",
        name: "Service_Board_Sync",
        label: "Service Board Sync",
        description: "Service Board Sync integration, set up with ECA Setup Assistant.",
        scopes: "Basic,Profile,Email,Address,Phone,Api",
        // Client credentials only: no loopback line.
        callback_url: "https://acme.serviceboardsync.com/oauth",
        client_credentials: "true",
        pkce_required: "false",
        permitted_users: "AllSelfAuthorized",
        ip_relaxation: "Bypass",
        run_as: Some("integration@acme.com"),
        permission_set: None,
        secret_optional: "false",
        refresh_token_policy: "Infinite",
    },
    Export {
        profile: "bright-pattern",
        name: "Bright_Pattern_Integration",
        label: "Bright Pattern Integration",
        description: "Bright Pattern Contact Center integration, set up with ECA Setup Assistant.",
        scopes: "Full,Api,RefreshToken,OfflineAccess",
        callback_url: "https://example.brightpattern.com/admin/salesforcecallback.html\nhttp://localhost:1717/OauthRedirect",
        client_credentials: "true",
        pkce_required: "true",
        permitted_users: "AdminApprovedPreAuthorized",
        ip_relaxation: "Enforce",
        run_as: Some("integration@acme.com"),
        permission_set: Some("Bright_Pattern_Integration"),
        secret_optional: "false",
        refresh_token_policy: "Infinite",
    },
    Export {
        profile: "webex",
        name: "Webex",
        label: "Webex",
        description: "Webex integration, set up with ECA Setup Assistant.",
        scopes: "Api,Web,RefreshToken,OfflineAccess",
        callback_url: "https://meetings-api.webex.com/wbxaddin/indexFor3rdAuth.html\nhttp://localhost:1717/OauthRedirect",
        client_credentials: "false",
        // Guide 004: all three Security boxes stay checked.
        pkce_required: "true",
        permitted_users: "AllSelfAuthorized",
        ip_relaxation: "Enforce",
        run_as: None,
        permission_set: None,
        secret_optional: "false",
        refresh_token_policy: "Infinite",
    },
    Export {
        profile: "custom",
        name: "My_Integration",
        label: "My Integration",
        description: "Custom integration integration, set up with ECA Setup Assistant.",
        scopes: "Api,RefreshToken,OfflineAccess",
        callback_url: "https://custom.example.com/oauth/callback\nhttp://localhost:1717/OauthRedirect",
        client_credentials: "false",
        pkce_required: "true",
        permitted_users: "AllSelfAuthorized",
        ip_relaxation: "Enforce",
        run_as: None,
        permission_set: None,
        secret_optional: "false",
        refresh_token_policy: "Infinite",
    },
    // ECA Setup Assistant's own app: a public client on its loopback (its only callback, so
    // no second line), PKCE and no secret, api only, pre-authorized admins, no refresh token.
    Export {
        profile: "eca-setup-assistant",
        name: "ECA_Setup_Assistant_readonly",
        label: "ECA Setup Assistant (read-only)",
        description: "ECA Setup Assistant integration, set up with ECA Setup Assistant.",
        scopes: "Api",
        callback_url: "http://localhost:1717/OauthRedirect",
        client_credentials: "false",
        pkce_required: "true",
        permitted_users: "AdminApprovedPreAuthorized",
        ip_relaxation: "Enforce",
        run_as: None,
        permission_set: Some("ECA_Setup_Assistant_Read_Only"),
        secret_optional: "true",
        refresh_token_policy: "Zero",
    },
];

/// `pairs` as owned (element, text) pairs.
fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect()
}

#[test]
fn each_profile_exports_what_its_guide_asks_for_element_by_element() {
    for expected in &EXPORTS {
        let profile = eca_core::profile(expected.profile).unwrap();
        let dir = tempfile::tempdir().unwrap();
        export_metadata(profile, &inputs(profile), dir.path()).unwrap();
        let source = dir.path().join("force-app/main/default");
        let (id, name, label) = (expected.profile, expected.name, expected.label);
        let file = |folder: &str, suffix: &str| {
            elements(&source.join(format!("{folder}/{name}.{suffix}-meta.xml")))
        };

        assert_eq!(
            file("externalClientApps", "eca"),
            owned(&[
                ("contactEmail", CONTACT_EMAIL),
                ("description", expected.description),
                ("distributionState", "Local"),
                ("label", label),
            ]),
            "{id}: the app"
        );
        assert_eq!(
            file("extlClntAppOauthSettings", "ecaOauth"),
            owned(&[
                ("commaSeparatedOauthScopes", expected.scopes),
                ("externalClientApplication", name),
                ("label", label),
            ]),
            "{id}: the OAuth settings"
        );
        assert_eq!(
            file("extlClntAppPolicies", "ecaPlcy"),
            owned(&[
                ("externalClientApplication", name),
                ("isEnabled", "true"),
                ("isOauthPluginEnabled", "true"),
                ("label", label),
            ]),
            "{id}: the policies"
        );
        // The Metadata API takes the elements in the order its guide lists them.
        assert_eq!(
            file("extlClntAppGlobalOauthSets", "ecaGlblOauth"),
            owned(&[
                ("callbackUrl", expected.callback_url),
                ("externalClientApplication", name),
                (
                    "isClientCredentialsFlowEnabled",
                    expected.client_credentials
                ),
                ("isCodeCredFlowEnabled", "false"),
                ("isConsumerSecretOptional", expected.secret_optional),
                ("isDeviceFlowEnabled", "false"),
                ("isNamedUserJwtEnabled", "false"),
                ("isPkceRequired", expected.pkce_required),
                ("isRefreshTokenRotationEnabled", "false"),
                ("isSecretRequiredForRefreshToken", "true"),
                ("isTokenExchangeEnabled", "false"),
                ("label", label),
                ("shouldRotateConsumerKey", "false"),
                ("shouldRotateConsumerSecret", "false"),
            ]),
            "{id}: the global OAuth settings (no key, no secret)"
        );
        let mut oauth_policies = Vec::new();
        if let Some(user) = expected.run_as {
            oauth_policies.push(("clientCredentialsFlowUser", user));
        }
        if let Some(set) = expected.permission_set {
            oauth_policies.push(("commaSeparatedPermissionSet", set));
        }
        oauth_policies.extend([
            ("externalClientApplication", name),
            ("ipRelaxationPolicyType", expected.ip_relaxation),
            (
                "isClientCredentialsFlowEnabled",
                expected.client_credentials,
            ),
            ("label", label),
            ("permittedUsersPolicyType", expected.permitted_users),
            // Valid until revoked or immediately expire: neither has a time to write.
            ("refreshTokenPolicyType", expected.refresh_token_policy),
        ]);
        assert_eq!(
            file("extlClntAppOauthPolicies", "ecaOauthPlcy"),
            owned(&oauth_policies),
            "{id}: the OAuth policies"
        );
    }
}

#[test]
fn every_profile_exports_a_deployable_folder_with_its_readme() {
    for profile in profiles() {
        let inputs = inputs(profile);
        let eca = effective_eca(profile, &inputs);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("eca-source");
        let written = export_metadata(profile, &inputs, &root).unwrap();
        assert_eq!(written.len(), 8, "{}", profile.id);
        let name = &inputs.api_name;
        let source = root.join("force-app/main/default");

        let (kind, ns, _) = parse(&source.join(format!("externalClientApps/{name}.eca-meta.xml")));
        assert_eq!(
            (kind.as_str(), ns.as_str()),
            ("ExternalClientApplication", NAMESPACE)
        );
        for (folder, suffix, root_element) in [
            (
                "extlClntAppOauthSettings",
                "ecaOauth",
                "ExtlClntAppOauthSettings",
            ),
            (
                "extlClntAppPolicies",
                "ecaPlcy",
                "ExtlClntAppConfigurablePolicies",
            ),
            (
                "extlClntAppOauthPolicies",
                "ecaOauthPlcy",
                "ExtlClntAppOauthConfigurablePolicies",
            ),
            (
                "extlClntAppGlobalOauthSets",
                "ecaGlblOauth",
                "ExtlClntAppGlobalOauthSettings",
            ),
        ] {
            let (kind, ns, _) = parse(&source.join(format!("{folder}/{name}.{suffix}-meta.xml")));
            assert_eq!(
                (kind.as_str(), ns.as_str()),
                (root_element, NAMESPACE),
                "{}: {folder}",
                profile.id
            );
        }

        let (kind, ns, package) = parse(&root.join("manifest/package.xml"));
        assert_eq!((kind.as_str(), ns.as_str()), ("Package", NAMESPACE));
        assert_eq!(package["version"], "62.0");
        let package_text = std::fs::read_to_string(root.join("manifest/package.xml")).unwrap();
        for kind in TYPES {
            assert!(
                package_text.contains(&format!("<name>{kind}</name>")),
                "{kind}"
            );
        }
        assert!(package_text.contains("<name>ExtlClntAppGlobalOauthSettings</name>"));

        let project: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("sfdx-project.json")).unwrap())
                .unwrap();
        assert_eq!(project["packageDirectories"][0]["path"], "force-app");

        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        assert!(readme.contains("ExtlClntAppGlobalOauthSettings"));
        assert!(
            readme
                .contains("Allow access to External Client App consumer secrets via Metadata API"),
            "{}: the README names the org setting, to be left off",
            profile.id
        );
        assert!(readme.contains("External Client App Settings"));
        assert!(
            readme.contains("View External Client Apps Consumer Secrets in")
                && readme.contains("API version 66.0 deprecates")
                && readme.contains("enableConsumerSecretApiAccess"),
            "{}: the README says what Salesforce documents since API 66.0",
            profile.id
        );
        assert!(
            !readme.contains("Turn on **Allow access"),
            "{}: the deprecated setting is no longer the first step",
            profile.id
        );
        assert!(readme.contains("sf project deploy start --source-dir force-app --target-org"));
        assert!(readme.contains("never commit that file"));
        for url in &eca.callback_urls.value {
            if !url.contains('{') {
                assert!(readme.contains(url.as_str()), "{}: {url}", profile.id);
            }
        }
        assert!(readme.contains("Require Proof Key for Code Exchange") || readme.contains("PKCE"));
        for (path, text) in files(&root) {
            assert!(!text.contains(SECRET), "{path}");
        }
    }
}

#[test]
fn export_refuses_a_folder_with_files_and_a_bad_api_name() {
    let profile = eca_core::profile("webex").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let err = export_metadata(profile, &inputs(profile), dir.path()).unwrap_err();
    assert!(matches!(err, MetadataError::NotEmpty(_)), "{err:?}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );

    let mut bad = inputs(profile);
    bad.api_name = "1 bad name".into();
    let err = export_metadata(profile, &bad, &dir.path().join("new")).unwrap_err();
    assert!(matches!(err, MetadataError::InvalidApiName(_)), "{err:?}");
    let ui = eca_core::UiError::from(err);
    assert_eq!(ui.code, eca_core::ErrorCode::InvalidInput);
    assert!(!ui.fields.is_empty());
}

#[test]
fn the_global_callback_urls_are_the_lines_the_checklist_asks_for() {
    for profile in profiles() {
        let inputs = inputs(profile);
        let dir = tempfile::tempdir().unwrap();
        export_metadata(profile, &inputs, dir.path()).unwrap();
        let path = global_settings_path(dir.path(), &inputs.api_name);
        let (_, _, global) = parse(&path);
        let id = &profile.id;
        let callbacks = checklist_callbacks(profile, &inputs);
        assert!(!callbacks.is_empty(), "{id}");
        assert_eq!(global["callbackUrl"], callbacks.join("\n"), "{id}");
        assert_eq!(
            global["callbackUrl"].contains(VERIFY_CALLBACK),
            callbacks.iter().any(|url| url == VERIFY_CALLBACK),
            "{id}: the loopback line only where the checklist asks for it"
        );
        assert_eq!(
            element_names(&path).first().map(String::as_str),
            Some("callbackUrl"),
            "{id}"
        );
        assert!(!global.contains_key("consumerKey"), "{id}");
        assert!(!global.contains_key("consumerSecret"), "{id}");
    }
}

#[test]
fn no_exported_file_holds_a_consumer_key_or_secret() {
    for profile in profiles() {
        let files = metadata_files(profile, &inputs(profile)).unwrap();
        assert!(
            files
                .iter()
                .any(|(path, _)| path.to_string_lossy().contains(".ecaGlblOauth-")),
            "{}",
            profile.id
        );
        for (path, bytes) in files {
            let text = String::from_utf8(bytes).unwrap();
            for element in ["<consumerKey", "<consumerSecret"] {
                assert!(
                    !text.contains(element),
                    "{}: {} has {element}",
                    profile.id,
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_preauthorized_app_names_the_admins_permission_set() {
    let profile = eca_core::profile("bright-pattern").unwrap();
    assert_eq!(
        profile.eca.permitted_users.value,
        PermittedUsers::AdminApprovedPreAuthorized
    );
    let inputs = inputs(profile);
    let dir = tempfile::tempdir().unwrap();
    export_metadata(profile, &inputs, dir.path()).unwrap();
    let policies_path = dir.path().join(format!(
        "force-app/main/default/extlClntAppOauthPolicies/{}.ecaOauthPlcy-meta.xml",
        inputs.api_name
    ));
    let (_, _, policies) = parse(&policies_path);
    assert_eq!(
        policies["commaSeparatedPermissionSet"],
        "Bright_Pattern_Integration"
    );
    assert_eq!(
        policies["permittedUsersPolicyType"],
        "AdminApprovedPreAuthorized"
    );
    let names = element_names(&policies_path);
    let at = |name: &str| names.iter().position(|n| n == name).unwrap();
    assert!(at("clientCredentialsFlowUser") < at("commaSeparatedPermissionSet"));
    assert!(at("commaSeparatedPermissionSet") < at("externalClientApplication"));
    let readme = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(readme.contains("The permission set Bright_Pattern_Integration must exist in the org"));
    assert!(readme
        .contains("Only users with the permission set Bright_Pattern_Integration can connect"));
}

#[test]
fn without_a_permission_set_the_export_leaves_it_to_setup_and_says_so() {
    let profile = eca_core::profile("bright-pattern").unwrap();
    let mut inputs = inputs(profile);
    inputs
        .values
        .insert("preauthorized_permission_set".into(), "  ".into());
    let dir = tempfile::tempdir().unwrap();
    export_metadata(profile, &inputs, dir.path()).unwrap();
    let (_, _, policies) = parse(&dir.path().join(format!(
        "force-app/main/default/extlClntAppOauthPolicies/{}.ecaOauthPlcy-meta.xml",
        inputs.api_name
    )));
    assert!(!policies.contains_key("commaSeparatedPermissionSet"));
    assert_eq!(
        policies["permittedUsersPolicyType"],
        "AdminApprovedPreAuthorized"
    );
    let readme = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(
        readme.contains("no permission set\n  was named, so the app refuses every user"),
        "{readme}"
    );
    assert!(readme.contains("Select Permission Sets"));
}

#[test]
fn a_self_authorized_app_names_no_permission_set() {
    let profile = eca_core::profile("webex").unwrap();
    let files = metadata_files(profile, &inputs(profile)).unwrap();
    for (path, bytes) in files {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains("commaSeparatedPermissionSet"),
            "{}",
            path.display()
        );
        assert!(!text.contains("refuses every user"), "{}", path.display());
    }
}

/// The Custom profile with a specific-time refresh token policy: the Metadata API guide's
/// `refreshTokenValidityPeriod` and `refreshTokenValidityUnit` follow `refreshTokenPolicyType`.
fn custom_with_idle_policy() -> (&'static Profile, eca_core::inputs::SetupInputs) {
    let profile = eca_core::profile("custom").unwrap();
    let mut inputs = inputs(profile);
    let eca = inputs.eca.as_mut().expect("the Custom profile is editable");
    eca.refresh_token_policy = Sourced::by_admin(RefreshTokenPolicy::SpecificInactivity(
        RefreshTokenValidity {
            period: 90,
            unit: RefreshTokenValidityUnit::Days,
        },
    ));
    (profile, inputs)
}

#[test]
fn a_specific_time_refresh_policy_writes_its_period_and_unit() {
    let (profile, inputs) = custom_with_idle_policy();
    let dir = tempfile::tempdir().unwrap();
    export_metadata(profile, &inputs, dir.path()).unwrap();
    let path = dir.path().join(format!(
        "force-app/main/default/extlClntAppOauthPolicies/{}.ecaOauthPlcy-meta.xml",
        inputs.api_name
    ));
    let (_, _, policies) = parse(&path);
    assert_eq!(policies["refreshTokenPolicyType"], "SpecificInactivity");
    assert_eq!(policies["refreshTokenValidityPeriod"], "90");
    assert_eq!(policies["refreshTokenValidityUnit"], "Days");
    let names = element_names(&path);
    let at = |name: &str| names.iter().position(|n| n == name).unwrap();
    assert_eq!(
        at("refreshTokenValidityPeriod"),
        at("refreshTokenPolicyType") + 1
    );
    assert_eq!(
        at("refreshTokenValidityUnit"),
        at("refreshTokenPolicyType") + 2
    );
    let readme = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(
        readme
            .contains("- Refresh Token Policy: Expire refresh token if not used for specific time")
            && readme.contains("- Specific time: 90 Days"),
        "{readme}"
    );
}

/// Feeds scripts/test.sh's check with Salesforce's own library: one folder per profile, and
/// one for a specific-time refresh token policy.
#[test]
#[ignore = "run by scripts/test.sh with ECA_METADATA_OUT set, before its check with Salesforce's library"]
#[allow(non_snake_case)]
fn every_profile_exports_into_ECA_METADATA_OUT() {
    let out = std::env::var_os("ECA_METADATA_OUT").expect("ECA_METADATA_OUT names the folder");
    let out = std::path::PathBuf::from(out);
    for profile in profiles() {
        let dir = out.join(&profile.id);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        export_metadata(profile, &inputs(profile), &dir).unwrap();
    }
    let dir = out.join("custom-specific-inactivity");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let (profile, inputs) = custom_with_idle_policy();
    export_metadata(profile, &inputs, &dir).unwrap();
}
