//! The configured ECA as a Salesforce DX source folder, for teams that deploy from source: the
//! four types that deploy from source control, in the metadata vocabulary, with a README for
//! what must be set by hand. ExtlClntAppGlobalOauthSettings (callback URLs, consumer key and
//! secret, flow and security toggles) is deliberately left out: it holds secrets and does not
//! deploy from source control.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use eca_core::checklist::{effective_eca, Field, FieldValue};
use eca_core::inputs::{check_api_name, FieldIssue, SetupInputs};
use eca_core::store::{write_atomically, StoreError};
use eca_core::{checklist, ErrorCode, Profile, UiError};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;

pub const NAMESPACE: &str = "http://soap.sforce.com/2006/04/metadata";
/// The first API version with every External Client App type.
pub const API_VERSION: &str = "62.0";
const SOURCE_DIR: &str = "force-app/main/default";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    #[error("the API Name cannot name metadata files")]
    InvalidApiName(Vec<FieldIssue>),
    #[error("{} is not empty", .0.display())]
    NotEmpty(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the XML could not be written: {0}")]
    Xml(#[from] io::Error),
}

impl From<MetadataError> for UiError {
    fn from(err: MetadataError) -> UiError {
        match err {
            MetadataError::InvalidApiName(issues) => UiError::invalid_input(issues),
            MetadataError::NotEmpty(dir) => UiError::new(
                ErrorCode::InvalidInput,
                format!("{} already has files in it; nothing was written.", dir.display()),
                "Choose a new or empty folder for the metadata.",
            ),
            MetadataError::Store(err) => match err {
                StoreError::Io { path, source, .. } => UiError::new(
                    ErrorCode::StorageFailed,
                    format!("{} could not be written ({source}).", path.display()),
                    "Check that the disk is not full and that you can write to that folder, then try again.",
                ),
                other => other.into(),
            },
            MetadataError::Xml(err) => UiError::new(
                ErrorCode::Unexpected,
                format!("The metadata XML could not be written ({err})."),
                "This is a bug in the app; please report it.",
            ),
        }
    }
}

/// Writes the source folder into `dir` (created if missing; refused if it has files) and
/// returns the files written, relative to `dir`.
pub fn export_metadata(
    profile: &Profile,
    inputs: &SetupInputs,
    dir: &Path,
) -> Result<Vec<PathBuf>, MetadataError> {
    let api_name = inputs.api_name.trim();
    let issues = check_api_name(api_name);
    if !issues.is_empty() {
        return Err(MetadataError::InvalidApiName(issues));
    }
    if dir
        .read_dir()
        .is_ok_and(|mut entries| entries.next().is_some())
    {
        return Err(MetadataError::NotEmpty(dir.to_owned()));
    }
    let files = metadata_files(profile, inputs)?;
    for (relative, bytes) in &files {
        write_atomically(&dir.join(relative), bytes)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Every file of the export and its contents, without touching the disk.
pub fn metadata_files(
    profile: &Profile,
    inputs: &SetupInputs,
) -> Result<Vec<(PathBuf, Vec<u8>)>, MetadataError> {
    let eca = effective_eca(profile, inputs);
    let name = inputs.api_name.trim();
    let label = if inputs.app_name.trim().is_empty() {
        name
    } else {
        inputs.app_name.trim()
    };
    let list = checklist(profile, inputs);
    let field = |id: &str| -> Option<&Field> {
        list.steps
            .iter()
            .flat_map(|step| &step.sections)
            .flat_map(|section| &section.fields)
            .find(|field| field.id == id)
    };
    let run_as = field("run_as").and_then(|f| match &f.value {
        // A missing input shows as `<label>` in the checklist; that is not a username.
        FieldValue::Text { text } if !text.starts_with('<') => Some(text.clone()),
        _ => None,
    });
    let scopes: Vec<&str> = eca
        .scopes
        .value
        .iter()
        .flat_map(|scope| scope.metadata_names().iter().copied())
        .collect();

    let app = xml(
        "ExternalClientApplication",
        &[
            ("contactEmail", inputs.contact_email.trim().to_owned()),
            (
                "description",
                format!(
                    "{} integration, set up with ECA Setup Assistant.",
                    profile.name
                ),
            ),
            ("distributionState", value(&eca.distribution_state.value)),
            ("label", label.to_owned()),
        ],
    )?;
    let oauth = xml(
        "ExtlClntAppOauthSettings",
        &[
            ("commaSeparatedOauthScopes", scopes.join(",")),
            ("externalClientApplication", name.to_owned()),
            ("label", label.to_owned()),
        ],
    )?;
    let policies = xml(
        "ExtlClntAppConfigurablePolicies",
        &[
            ("externalClientApplication", name.to_owned()),
            ("isEnabled", "true".to_owned()),
            ("isOauthPluginEnabled", "true".to_owned()),
            ("label", label.to_owned()),
        ],
    )?;
    let mut oauth_policy_fields = Vec::new();
    if let (true, Some(user)) = (eca.client_credentials_policy.value, &run_as) {
        oauth_policy_fields.push(("clientCredentialsFlowUser", user.clone()));
    }
    oauth_policy_fields.extend([
        ("externalClientApplication", name.to_owned()),
        ("ipRelaxationPolicyType", value(&eca.ip_relaxation.value)),
        (
            "isClientCredentialsFlowEnabled",
            eca.client_credentials_policy.value.to_string(),
        ),
        ("label", label.to_owned()),
        (
            "permittedUsersPolicyType",
            value(&eca.permitted_users.value),
        ),
        (
            "refreshTokenPolicyType",
            value(&eca.refresh_token_policy.value),
        ),
    ]);
    let oauth_policies = xml("ExtlClntAppOauthConfigurablePolicies", &oauth_policy_fields)?;

    let source = Path::new(SOURCE_DIR);
    Ok(vec![
        (PathBuf::from("sfdx-project.json"), sfdx_project(name)),
        (PathBuf::from("manifest/package.xml"), package_xml(name)?),
        (
            source.join(format!("externalClientApps/{name}.eca-meta.xml")),
            app,
        ),
        (
            source.join(format!("extlClntAppOauthSettings/{name}.ecaOauth-meta.xml")),
            oauth,
        ),
        (
            source.join(format!("extlClntAppPolicies/{name}.ecaPlcy-meta.xml")),
            policies,
        ),
        (
            source.join(format!(
                "extlClntAppOauthPolicies/{name}.ecaOauthPlcy-meta.xml"
            )),
            oauth_policies,
        ),
        (
            PathBuf::from("README.md"),
            readme(profile, label, name, &list).into_bytes(),
        ),
    ])
}

/// A metadata value: the enums' serialized names are Salesforce's metadata values.
fn value<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn writer() -> Result<Writer<Vec<u8>>, io::Error> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 4);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// `<root xmlns=…>` with one text element per field, in the given order.
fn xml(root: &str, fields: &[(&str, String)]) -> Result<Vec<u8>, io::Error> {
    let mut writer = writer()?;
    writer
        .create_element(root)
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for (name, text) in fields {
                w.create_element(*name)
                    .write_text_content(BytesText::new(text))?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn package_xml(name: &str) -> Result<Vec<u8>, io::Error> {
    let mut writer = writer()?;
    writer
        .create_element("Package")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for kind in [
                "ExternalClientApplication",
                "ExtlClntAppOauthSettings",
                "ExtlClntAppConfigurablePolicies",
                "ExtlClntAppOauthConfigurablePolicies",
            ] {
                w.create_element("types").write_inner_content(|w| {
                    w.create_element("members")
                        .write_text_content(BytesText::new(name))?;
                    w.create_element("name")
                        .write_text_content(BytesText::new(kind))?;
                    Ok(())
                })?;
            }
            w.create_element("version")
                .write_text_content(BytesText::new(API_VERSION))?;
            Ok(())
        })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn sfdx_project(name: &str) -> Vec<u8> {
    let project = serde_json::json!({
        "packageDirectories": [{ "path": "force-app", "default": true }],
        "name": name,
        "namespace": "",
        "sourceApiVersion": API_VERSION,
    });
    let mut text = serde_json::to_string_pretty(&project).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

fn readme(profile: &Profile, label: &str, name: &str, list: &eca_core::Checklist) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {label} ({name}): External Client App source\n\n\
         Written by ECA Setup Assistant for the {} integration. Deploy it with\n\
         `sf project deploy start --manifest manifest/package.xml` to an org where External\n\
         Client Apps are enabled.\n",
        profile.name
    );
    let _ = writeln!(
        out,
        "## What is not in this folder, and why\n\n\
         ExtlClntAppGlobalOauthSettings (`extlClntAppGlobalOauthSets/{name}.ecaGlblOauth-meta.xml`)\n\
         is left out on purpose. It holds the callback URLs, the consumer key and secret, and the\n\
         flow and security toggles; Salesforce does not deploy it from source control because of\n\
         the secrets, and keeping a secret in a repository is what this app exists to avoid.\n\n\
         The org may create ExtlClntAppOauthConfigurablePolicies itself on the first deploy; if the\n\
         deploy reports a conflict, retrieve it, apply the values here, and deploy again.\n"
    );
    let _ = writeln!(
        out,
        "## Set these by hand after deploying\n\n\
         In Setup, open External Client App Manager, then {label}, then Settings, and set:\n"
    );
    for step_id in ["oauth-settings", "flow-enablement", "security"] {
        let Some(step) = list.steps.iter().find(|step| step.id == step_id) else {
            continue;
        };
        let _ = writeln!(out, "### {}\n", step.title);
        for field in step.sections.iter().flat_map(|s| &s.fields) {
            if field.id == "scopes" {
                continue; // deployed with ExtlClntAppOauthSettings
            }
            let lines = field_lines(&field.value);
            match lines.as_slice() {
                [one] => {
                    let _ = writeln!(out, "- {}: {one}", field.label);
                }
                many => {
                    let _ = writeln!(out, "- {}:", field.label);
                    for line in many {
                        let _ = writeln!(out, "  - {line}");
                    }
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Then copy the new Consumer Key and Secret into the partner's form; never into this folder."
    );
    out
}

fn field_lines(value: &FieldValue) -> Vec<String> {
    match value {
        FieldValue::Text { text } => vec![text.clone()],
        FieldValue::Lines { lines } if lines.is_empty() => vec!["(none)".into()],
        FieldValue::Lines { lines } => lines.clone(),
        FieldValue::Checkbox { checked } => {
            vec![if *checked { "checked" } else { "unchecked" }.into()]
        }
        FieldValue::Choice { selected, .. } => vec![selected.clone()],
        FieldValue::Scopes { selected } => selected.iter().map(|r| r.label.clone()).collect(),
    }
}
