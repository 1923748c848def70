//! The metadata export of every profile, parsed back and checked field by field. With
//! `ECA_METADATA_OUT` set, `every_profile_exports_into_ECA_METADATA_OUT` also writes each
//! profile's folder there for tests/metadata/check-export.mjs (Salesforce's own library).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use eca_core::checklist::{effective_eca, FieldValue, VERIFY_CALLBACK};
use eca_core::eca::{
    Flow, PermittedUsers, RefreshTokenPolicy, RefreshTokenValidity, RefreshTokenValidityUnit,
};
use eca_core::profile::Sourced;
use eca_core::{checklist, profiles, Profile};
use eca_report::metadata::{metadata_files, NAMESPACE, TYPES};
use eca_report::{export_metadata, MetadataError};
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
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = Reader::from_str(&text);
    let mut depth = 0;
    let mut names = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) => {
                depth += 1;
                if depth == 2 {
                    names.push(start.name().as_ref().to_owned());
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    names
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

fn metadata_value<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn every_profile_exports_its_settings_in_the_metadata_vocabulary() {
    for profile in profiles() {
        let inputs = inputs(profile);
        let eca = effective_eca(profile, &inputs);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("eca-source");
        let written = export_metadata(profile, &inputs, &root).unwrap();
        assert_eq!(written.len(), 8, "{}", profile.id);
        let name = &inputs.api_name;
        let label = &inputs.app_name;
        let source = root.join("force-app/main/default");

        let (kind, ns, app) =
            parse(&source.join(format!("externalClientApps/{name}.eca-meta.xml")));
        assert_eq!(
            (kind.as_str(), ns.as_str()),
            ("ExternalClientApplication", NAMESPACE)
        );
        assert_eq!(app["label"], *label);
        assert_eq!(app["contactEmail"], "admin@acme.example");
        assert_eq!(app["distributionState"], "Local", "{}", profile.id);
        assert!(app["description"].contains(&profile.name));

        let (kind, _, oauth) =
            parse(&source.join(format!("extlClntAppOauthSettings/{name}.ecaOauth-meta.xml")));
        assert_eq!(kind, "ExtlClntAppOauthSettings");
        let scopes: Vec<&str> = eca
            .scopes
            .value
            .iter()
            .flat_map(|s| s.metadata_names().iter().copied())
            .collect();
        assert_eq!(
            oauth["commaSeparatedOauthScopes"],
            scopes.join(","),
            "{}",
            profile.id
        );
        assert_eq!(oauth["externalClientApplication"], *name);
        assert_eq!(oauth["label"], *label);

        let (kind, _, policies) =
            parse(&source.join(format!("extlClntAppPolicies/{name}.ecaPlcy-meta.xml")));
        assert_eq!(kind, "ExtlClntAppConfigurablePolicies");
        assert_eq!(policies["isEnabled"], "true");
        assert_eq!(policies["isOauthPluginEnabled"], "true");
        assert_eq!(policies["externalClientApplication"], *name);
        assert_eq!(policies["label"], *label);

        let (kind, _, oauth_policies) = parse(&source.join(format!(
            "extlClntAppOauthPolicies/{name}.ecaOauthPlcy-meta.xml"
        )));
        assert_eq!(kind, "ExtlClntAppOauthConfigurablePolicies");
        assert_eq!(
            oauth_policies["permittedUsersPolicyType"],
            metadata_value(&eca.permitted_users.value)
        );
        assert_eq!(
            oauth_policies["ipRelaxationPolicyType"],
            metadata_value(&eca.ip_relaxation.value)
        );
        assert_eq!(
            oauth_policies["refreshTokenPolicyType"],
            eca.refresh_token_policy.value.metadata_value()
        );
        // Every profile asks for valid until revoked, which has no time to write.
        assert!(!oauth_policies.contains_key("refreshTokenValidityPeriod"));
        assert!(!oauth_policies.contains_key("refreshTokenValidityUnit"));
        assert_eq!(
            oauth_policies["isClientCredentialsFlowEnabled"],
            eca.client_credentials_policy.value.to_string()
        );
        let expected_user = (eca.client_credentials_policy.value && eca.run_as.is_some())
            .then(|| "integration@acme.example".to_owned());
        assert_eq!(
            oauth_policies.get("clientCredentialsFlowUser").cloned(),
            expected_user,
            "{}",
            profile.id
        );
        assert_eq!(oauth_policies["externalClientApplication"], *name);

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
        for file in walk(&root) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(!text.contains(SECRET), "{}", file.display());
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

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn global_oauth_settings_carry_each_profiles_callbacks_flows_and_security() {
    for profile in profiles() {
        let inputs = inputs(profile);
        let eca = effective_eca(profile, &inputs);
        let dir = tempfile::tempdir().unwrap();
        let name = &inputs.api_name;
        export_metadata(profile, &inputs, dir.path()).unwrap();
        let path = global_settings_path(dir.path(), name);
        let (kind, ns, global) = parse(&path);
        assert_eq!(
            (kind.as_str(), ns.as_str()),
            ("ExtlClntAppGlobalOauthSettings", NAMESPACE)
        );
        let id = &profile.id;

        let callbacks = checklist_callbacks(profile, &inputs);
        assert!(!callbacks.is_empty(), "{id}");
        assert_eq!(global["callbackUrl"], callbacks.join("\n"), "{id}");
        assert_eq!(
            global["callbackUrl"].contains(VERIFY_CALLBACK),
            callbacks.iter().any(|url| url == VERIFY_CALLBACK),
            "{id}: the loopback line only where the checklist asks for it"
        );
        let flow = |flow: Flow| eca.flows.value.contains(&flow).to_string();
        let expected = [
            ("externalClientApplication", name.clone()),
            (
                "isClientCredentialsFlowEnabled",
                flow(Flow::ClientCredentials),
            ),
            (
                "isCodeCredFlowEnabled",
                flow(Flow::AuthorizationCodeAndCredentials),
            ),
            (
                "isConsumerSecretOptional",
                (!eca.require_secret_web_server.value).to_string(),
            ),
            ("isDeviceFlowEnabled", flow(Flow::Device)),
            (
                "isNamedUserJwtEnabled",
                eca.jwt_access_tokens.value.to_string(),
            ),
            ("isPkceRequired", eca.require_pkce.value.to_string()),
            (
                "isRefreshTokenRotationEnabled",
                eca.refresh_token_rotation.value.to_string(),
            ),
            (
                "isSecretRequiredForRefreshToken",
                eca.require_secret_refresh.value.to_string(),
            ),
            ("isTokenExchangeEnabled", flow(Flow::TokenExchange)),
            ("label", inputs.app_name.clone()),
            ("shouldRotateConsumerKey", "false".into()),
            ("shouldRotateConsumerSecret", "false".into()),
        ];
        for (element, value) in &expected {
            assert_eq!(&global[*element], value, "{id}: {element}");
        }
        // The Metadata API takes the elements in the order its guide lists them.
        let mut order = vec!["callbackUrl".to_owned()];
        order.extend(expected.iter().map(|(element, _)| element.to_string()));
        assert_eq!(element_names(&path), order, "{id}");
        assert!(!global.contains_key("consumerKey"), "{id}");
        assert!(!global.contains_key("consumerSecret"), "{id}");
    }
}

#[test]
fn each_partners_security_choices_reach_the_global_settings() {
    let global = |id: &str| {
        let profile = eca_core::profile(id).unwrap();
        let inputs = inputs(profile);
        let dir = tempfile::tempdir().unwrap();
        export_metadata(profile, &inputs, dir.path()).unwrap();
        parse(&global_settings_path(dir.path(), &inputs.api_name)).2
    };
    let vonage = global("vonage-ai-studio");
    assert_eq!(vonage["isPkceRequired"], "false", "guide 000 unchecks PKCE");
    assert_eq!(vonage["isConsumerSecretOptional"], "false");
    assert_eq!(vonage["isSecretRequiredForRefreshToken"], "true");
    assert_eq!(vonage["isClientCredentialsFlowEnabled"], "false");
    assert!(
        vonage["callbackUrl"].ends_with(&format!("\n{VERIFY_CALLBACK}")),
        "the web server flow's test needs the loopback line after the partner's: {}",
        vonage["callbackUrl"]
    );

    let bright = global("bright-pattern");
    assert_eq!(bright["isClientCredentialsFlowEnabled"], "true");
    assert_eq!(bright["isPkceRequired"], "true");
    assert!(bright["callbackUrl"]
        .starts_with("https://example.brightpattern.com/admin/salesforcecallback.html"));

    let webex = global("webex");
    assert_eq!(webex["isPkceRequired"], "true");
    assert_eq!(webex["isConsumerSecretOptional"], "false");
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
        "Acme_Bright_Pattern_Users"
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
    assert!(readme.contains("The permission set Acme_Bright_Pattern_Users must exist in the org"));
    assert!(
        readme.contains("Only users with the permission set Acme_Bright_Pattern_Users can connect")
    );
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
#[allow(non_snake_case)]
fn every_profile_exports_into_ECA_METADATA_OUT() {
    let Some(out) = std::env::var_os("ECA_METADATA_OUT") else {
        return;
    };
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
