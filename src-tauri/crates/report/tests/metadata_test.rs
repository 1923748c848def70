//! The metadata export of every profile, parsed back and checked field by field.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use eca_core::checklist::effective_eca;
use eca_core::profiles;
use eca_report::metadata::NAMESPACE;
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
        assert_eq!(written.len(), 7, "{}", profile.id);
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
            metadata_value(&eca.refresh_token_policy.value)
        );
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
        for kind in [
            "ExternalClientApplication",
            "ExtlClntAppOauthSettings",
            "ExtlClntAppConfigurablePolicies",
            "ExtlClntAppOauthConfigurablePolicies",
        ] {
            assert!(
                package_text.contains(&format!("<name>{kind}</name>")),
                "{kind}"
            );
        }
        assert!(!package_text.contains("ExtlClntAppGlobalOauthSettings"));

        let project: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("sfdx-project.json")).unwrap())
                .unwrap();
        assert_eq!(project["packageDirectories"][0]["path"], "force-app");

        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        assert!(readme.contains("ExtlClntAppGlobalOauthSettings"));
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
